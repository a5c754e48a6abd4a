package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const fxTenantJSON = `{
  "id": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "createdTime": 1700000000000,
  "additionalInfo": {"description": "Main tenant"},
  "country": "US", "state": null, "city": null, "address": null, "address2": null, "zip": null, "phone": null,
  "email": "tenant@company.com",
  "title": "Tenant",
  "region": "Global",
  "tenantProfileId": {"entityType": "TENANT_PROFILE", "id": "` + fxGroupID + `"},
  "version": 1,
  "name": "Tenant"
}`

func fxTenant() Tenant {
	return Tenant{
		ID: eid(EntityTypeTenant, fxTenantID), CreatedTime: 1700000000000, AdditionalInfo: json.RawMessage(`{"description": "Main tenant"}`),
		Country: "US", Email: "tenant@company.com", Title: "Tenant", Region: "Global",
		TenantProfileID: eid(EntityTypeTenantProfile, fxGroupID), Version: 1, Name: "Tenant",
	}
}

func checkTenant(t *testing.T, got any) {
	t.Helper()
	wantEqual(t, *got.(*Tenant), fxTenant())
}

func tenantPage(n int, hasNext bool, item string) string {
	return `{"data": [` + item + strings.Repeat(`,`+item, n-1) + `], "totalPages": 2, "totalElements": 3, "hasNext": ` +
		map[bool]string{true: "true", false: "false"}[hasNext] + `}`
}

var fxTenantInfoJSON = strings.TrimSuffix(fxTenantJSON, "}") + `, "tenantProfileName": "Default"}`

func TestTenantService(t *testing.T) {
	runSvcCalls(t, []svcCall{
		{name: "Get", method: "GET", path: "/api/tenant/" + fxTenantID, resp: fxTenantJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Tenants.Get(ctx, fxTenantID) },
			check: checkTenant},
		{name: "GetInfo", method: "GET", path: "/api/tenant/info/" + fxTenantID, resp: fxTenantInfoJSON,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Tenants.GetInfo(ctx, fxTenantID) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &TenantInfo{Tenant: fxTenant(), TenantProfileName: "Default"})
			}},
		{name: "Save create", method: "POST", path: "/api/tenant", body: `{"title": "Tenant", "region": "Global"}`, resp: fxTenantJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Tenants.Save(ctx, &Tenant{Title: "Tenant", Region: "Global"})
			},
			check: checkTenant},
		{name: "Save as tenant admin", method: "POST", path: "/api/tenant", body: `{"title": "X"}`, status: 403,
			resp: `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Tenants.Save(ctx, &Tenant{Title: "X"}) }},
		{name: "Delete", method: "DELETE", path: "/api/tenant/" + fxTenantID,
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.Tenants.Delete(ctx, fxTenantID) }},
		{name: "List", method: "GET", path: "/api/tenants", query: fxPageQuery, resp: tenantPage(2, true, fxTenantJSON),
			do: func(ctx context.Context, c *Client) (any, error) { return c.Tenants.List(ctx, fxPageLink) },
			check: func(t *testing.T, got any) {
				p := got.(*Page[Tenant])
				if len(p.Data) != 2 || !p.HasNext || p.TotalElements != 3 {
					t.Fatalf("page = %+v", p)
				}
				checkTenant(t, &p.Data[1])
			}},
		{name: "ListInfos", method: "GET", path: "/api/tenantInfos", query: fxPageQuery, resp: tenantPage(1, false, fxTenantInfoJSON),
			do: func(ctx context.Context, c *Client) (any, error) { return c.Tenants.ListInfos(ctx, fxPageLink) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &Page[TenantInfo]{Data: []TenantInfo{{Tenant: fxTenant(), TenantProfileName: "Default"}}, TotalPages: 2, TotalElements: 3})
			}},
		{name: "ListByIDs", method: "GET", path: "/api/tenants/list", query: map[string]string{"tenantIds": fxTenantID + "," + fxCustomerID},
			resp: `[` + fxTenantJSON + `]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Tenants.ListByIDs(ctx, []string{fxTenantID, fxCustomerID})
			},
			check: func(t *testing.T, got any) { wantEqual(t, got, []Tenant{fxTenant()}) }},
	})
}

func TestTenantIterators(t *testing.T) {
	c, mux := setup(t)
	pages := 0
	page := func(item string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			pages++
			if r.URL.Query().Get("page") == "0" {
				writeJSON(w, 200, tenantPage(2, true, item))
			} else {
				writeJSON(w, 200, tenantPage(1, false, item))
			}
		}
	}
	mux.HandleFunc("/api/tenants", page(fxTenantJSON))
	mux.HandleFunc("/api/tenantInfos", page(fxTenantInfoJSON))
	if n := countAll(t, c.Tenants.ListAll(t.Context(), NewPageLink(2))); n != 3 || pages != 2 {
		t.Errorf("ListAll: %d items in %d pages", n, pages)
	}
	pages = 0
	if n := countAll(t, c.Tenants.ListInfosAll(t.Context(), NewPageLink(2))); n != 3 || pages != 2 {
		t.Errorf("ListInfosAll: %d items in %d pages", n, pages)
	}
}

func TestTenantServiceRejectsEmptyArguments(t *testing.T) {
	c := offlineClient(t)
	ctx := t.Context()
	calls := map[string]func() error{
		"Get":       func() error { _, err := c.Tenants.Get(ctx, ""); return err },
		"GetInfo":   func() error { _, err := c.Tenants.GetInfo(ctx, ""); return err },
		"Save":      func() error { _, err := c.Tenants.Save(ctx, nil); return err },
		"Delete":    func() error { return c.Tenants.Delete(ctx, "") },
		"ListByIDs": func() error { _, err := c.Tenants.ListByIDs(ctx, nil); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
