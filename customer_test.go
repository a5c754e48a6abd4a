package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

const fxCustomerJSON = `{
  "id": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"},
  "createdTime": 1700000000000,
  "additionalInfo": {"description": "Regional customer"},
  "country": "US", "state": "NY", "city": "New York", "address": "42 Broadway", "address2": null,
  "zip": "10004", "phone": "+1(415)777-7777", "email": "a@company.com",
  "title": "Customer A",
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "externalId": null,
  "version": 2,
  "name": "Customer A"
}`

func fxCustomer() Customer {
	return Customer{
		ID: eid(EntityTypeCustomer, fxCustomerID), CreatedTime: 1700000000000,
		AdditionalInfo: json.RawMessage(`{"description": "Regional customer"}`),
		Country:        "US", State: "NY", City: "New York", Address: "42 Broadway", Zip: "10004", Phone: "+1(415)777-7777",
		Email: "a@company.com", Title: "Customer A", TenantID: eid(EntityTypeTenant, fxTenantID), Version: 2, Name: "Customer A",
	}
}

func checkCustomer(t *testing.T, got any) {
	t.Helper()
	c, ok := got.(*Customer)
	if !ok {
		t.Fatalf("got %T", got)
	}
	wantEqual(t, *c, fxCustomer())
}

func customerPage(n int, hasNext bool) string {
	return `{"data": [` + fxCustomerJSON + strings.Repeat(`,`+fxCustomerJSON, n-1) + `], "totalPages": 2, "totalElements": 3, "hasNext": ` +
		map[bool]string{true: "true", false: "false"}[hasNext] + `}`
}

func checkCustomerPage(t *testing.T, got any) {
	t.Helper()
	p := got.(*Page[Customer])
	if len(p.Data) != 2 || p.TotalPages != 2 || p.TotalElements != 3 || !p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	checkCustomer(t, &p.Data[0])
}

const fxCustomerInfoJSON = `{"id": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "createdTime": 1700000000000,
  "additionalInfo": null, "country": null, "state": null, "city": null, "address": null, "address2": null, "zip": null,
  "phone": null, "email": null, "title": "Sub customer", "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "parentCustomerId": {"entityType": "CUSTOMER", "id": "` + fxGroupID + `"}, "version": 1, "customMenuId": null,
  "ownerName": "Customer A", "groups": [{"id": {"entityType": "ENTITY_GROUP", "id": "` + fxGroupID + `"}, "name": "All"}],
  "customerId": {"entityType": "CUSTOMER", "id": "` + fxGroupID + `"}, "name": "Sub customer",
  "ownerId": {"entityType": "CUSTOMER", "id": "` + fxGroupID + `"}}`

func fxCustomerInfo() CustomerInfo {
	return CustomerInfo{
		Customer: Customer{ID: eid(EntityTypeCustomer, fxCustomerID), CreatedTime: 1700000000000, AdditionalInfo: json.RawMessage("null"),
			Title: "Sub customer", TenantID: eid(EntityTypeTenant, fxTenantID), ParentCustomerID: eid(EntityTypeCustomer, fxGroupID),
			Version: 1, CustomerID: eid(EntityTypeCustomer, fxGroupID), Name: "Sub customer", OwnerID: eid(EntityTypeCustomer, fxGroupID)},
		OwnerName: "Customer A",
		Groups:    []EntityInfo{{ID: eid(EntityTypeEntityGroup, fxGroupID), Name: "All"}},
	}
}

func checkCustomerInfoPage(t *testing.T, got any) {
	t.Helper()
	wantEqual(t, got, &Page[CustomerInfo]{Data: []CustomerInfo{fxCustomerInfo()}, TotalPages: 1, TotalElements: 1})
}

const fxCustomerInfoPage = `{"data": [` + fxCustomerInfoJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`

func TestCustomerService(t *testing.T) {
	newJSON := `{"title": "Customer B", "email": "b@company.com", "additionalInfo": {"description": "new"}}`
	newCustomer := func() *Customer {
		return &Customer{Title: "Customer B", Email: "b@company.com", AdditionalInfo: json.RawMessage(`{"description":"new"}`)}
	}
	withInclude := map[string]string{"pageSize": "2", "page": "0", "textSearch": "cust", "sortProperty": "email", "sortOrder": "DESC", "includeCustomers": "true"}
	runSvcCalls(t, []svcCall{
		{name: "Get", method: "GET", path: "/api/customer/" + fxCustomerID, resp: fxCustomerJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Customers.Get(ctx, fxCustomerID) },
			check: checkCustomer},
		{name: "Get other customer's", method: "GET", path: "/api/customer/" + fxCustomerID, status: 403,
			resp: `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Customers.Get(ctx, fxCustomerID) }},
		{name: "GetInfo", method: "GET", path: "/api/customer/info/" + fxCustomerID, resp: fxCustomerInfoJSON,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Customers.GetInfo(ctx, fxCustomerID) },
			check: func(t *testing.T, got any) {
				want := fxCustomerInfo()
				wantEqual(t, got, &want)
			}},
		{name: "GetShortInfo", method: "GET", path: "/api/customer/" + fxCustomerID + "/shortInfo",
			resp: `{"title": "Public", "isPublic": true}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Customers.GetShortInfo(ctx, fxCustomerID) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &ShortCustomerInfo{CustomerID: eid(EntityTypeCustomer, fxCustomerID), Title: "Public", Public: true})
			}},
		{name: "GetTitle", method: "GET", path: "/api/customer/" + fxCustomerID + "/title", ctype: "application/text",
			resp:  "Customer A",
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Customers.GetTitle(ctx, fxCustomerID) },
			check: func(t *testing.T, got any) { wantEqual(t, got, "Customer A") }},
		{name: "GetByTitle", method: "GET", path: "/api/tenant/customers", query: map[string]string{"customerTitle": "Customer A"},
			resp:  fxCustomerJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Customers.GetByTitle(ctx, "Customer A") },
			check: checkCustomer},
		{name: "GetByTitle missing", method: "GET", path: "/api/tenant/customers", query: map[string]string{"customerTitle": "Nobody"},
			status: 404, resp: `{"status": 404, "message": "Customer with title [Nobody] is not found", "errorCode": 32, "timestamp": 1}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Customers.GetByTitle(ctx, "Nobody") }},
		{name: "Save create", method: "POST", path: "/api/customer", body: newJSON, resp: fxCustomerJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Customers.Save(ctx, newCustomer(), nil) },
			check: checkCustomer},
		{name: "Save update", method: "POST", path: "/api/customer",
			body: strings.NewReplacer(`"address2": null,`, "", `"externalId": null,`, "").Replace(fxCustomerJSON), resp: fxCustomerJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				cu := fxCustomer()
				return c.Customers.Save(ctx, &cu, nil)
			},
			check: checkCustomer},
		{name: "Save with options", method: "POST", path: "/api/customer",
			query: map[string]string{"nameConflictPolicy": "UNIQUIFY", "uniquifySeparator": "-", "uniquifyStrategy": "INCREMENTAL",
				"entityGroupId": fxGroupID, "entityGroupIds": fxGroupID},
			body: newJSON, resp: fxCustomerJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.Save(ctx, newCustomer(), &EntitySaveOptions{NameConflictPolicy: NameConflictUniquify,
					UniquifySeparator: "-", UniquifyStrategy: UniquifyIncremental, EntityGroupID: fxGroupID, EntityGroupIDs: []string{fxGroupID}})
			},
			check: checkCustomer},
		{name: "Save duplicate title", method: "POST", path: "/api/customer", body: newJSON, status: 400,
			resp: `{"status": 400, "message": "Customer with such title already exists!", "errorCode": 31, "timestamp": 1}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Customers.Save(ctx, newCustomer(), nil) }},
		{name: "Delete", method: "DELETE", path: "/api/customer/" + fxCustomerID,
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.Customers.Delete(ctx, fxCustomerID) }},
		{name: "List", method: "GET", path: "/api/customers", query: fxPageQuery, resp: customerPage(2, true),
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Customers.List(ctx, fxPageLink) },
			check: checkCustomerPage},
		{name: "ListByIDs", method: "GET", path: "/api/customers/list", query: map[string]string{"customerIds": fxCustomerID},
			resp: `[` + fxCustomerJSON + `]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListByIDs(ctx, []string{fxCustomerID})
			},
			check: func(t *testing.T, got any) {
				cs := got.([]Customer)
				if len(cs) != 1 {
					t.Fatalf("customers = %+v", cs)
				}
				checkCustomer(t, &cs[0])
			}},
		{name: "ListUserCustomers", method: "GET", path: "/api/user/customers", query: fxPageQuery, resp: customerPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListUserCustomers(ctx, fxPageLink)
			},
			check: checkCustomerPage},
		{name: "ListByEntityGroup", method: "GET", path: "/api/entityGroup/" + fxGroupID + "/customers", query: fxPageQuery,
			resp: customerPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListByEntityGroup(ctx, fxGroupID, fxPageLink)
			},
			check: checkCustomerPage},
		{name: "ListAllInfos", method: "GET", path: "/api/customerInfos/all", query: withInclude, resp: fxCustomerInfoPage,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListAllInfos(ctx, fxPageLink, &CustomerInfoListOptions{IncludeCustomers: true})
			},
			check: checkCustomerInfoPage},
		{name: "ListInfosByCustomer", method: "GET", path: "/api/customer/" + fxCustomerID + "/customerInfos", query: fxPageQuery,
			resp: fxCustomerInfoPage,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListInfosByCustomer(ctx, fxCustomerID, fxPageLink, nil)
			},
			check: checkCustomerInfoPage},
		{name: "FindPublic", method: "GET", path: "/api/tenant/customers", query: map[string]string{"customerTitle": "Public"},
			resp: `{"id": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "createdTime": 1, "title": "Public",
			        "additionalInfo": {"isPublic": true}, "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"}, "name": "Public"}`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Customers.FindPublic(ctx) },
			check: func(t *testing.T, got any) {
				cu := got.(*Customer)
				if !cu.IsPublic() || cu.ID.ID != fxCustomerID {
					t.Errorf("customer = %+v", cu)
				}
			}},
	})
}

func TestCustomerFindPublicRejectsAnOrdinaryCustomerTitledPublic(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/tenant/customers", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id": {"entityType": "CUSTOMER", "id": "`+fxCustomerID+`"}, "title": "Public", "additionalInfo": null}`)
	})
	_, err := c.Customers.FindPublic(t.Context())
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestCustomerIsPublic(t *testing.T) {
	for info, want := range map[string]bool{"": false, "null": false, `{"isPublic": true}`: true, `{"isPublic": false}`: false, `"x"`: false} {
		c := Customer{AdditionalInfo: json.RawMessage(info)}
		if info == "" {
			c.AdditionalInfo = nil
		}
		if got := c.IsPublic(); got != want {
			t.Errorf("IsPublic(%s) = %v", info, got)
		}
	}
}

func TestShortCustomerInfoDecodesBothFlagNames(t *testing.T) {
	var a, b ShortCustomerInfo
	if err := json.Unmarshal([]byte(`{"customerId": {"entityType": "CUSTOMER", "id": "x"}, "title": "P", "public": true}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"title": "P", "isPublic": true}`), &b); err != nil {
		t.Fatal(err)
	}
	if !a.Public || !b.Public || a.CustomerID.ID != "x" {
		t.Fatalf("a = %+v, b = %+v", a, b)
	}
	out, _ := json.Marshal(a)
	if string(out) != `{"customerId":{"entityType":"CUSTOMER","id":"x"},"title":"P","public":true}` {
		t.Fatalf("json = %s", out)
	}
	if err := json.Unmarshal([]byte(`[1]`), &a); err == nil {
		t.Fatal("an array decoded as a ShortCustomerInfo")
	}
}

func TestCustomerIterators(t *testing.T) {
	c, mux := setup(t)
	pages := 0
	handler := func(w http.ResponseWriter, r *http.Request) {
		pages++
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, customerPage(2, true))
		} else {
			writeJSON(w, 200, customerPage(1, false))
		}
	}
	mux.HandleFunc("/api/customers", handler)
	mux.HandleFunc("/api/user/customers", handler)
	pl := NewPageLink(2)
	if n := countAll(t, c.Customers.ListAll(t.Context(), pl)); n != 3 || pages != 2 {
		t.Errorf("ListAll: %d items in %d pages", n, pages)
	}
	pages = 0
	if n := countAll(t, c.Customers.ListUserCustomersAll(t.Context(), pl)); n != 3 || pages != 2 {
		t.Errorf("ListUserCustomersAll: %d items in %d pages", n, pages)
	}
}

func TestCustomerServiceRejectsEmptyArguments(t *testing.T) {
	c := offlineClient(t)
	ctx := t.Context()
	calls := map[string]func() error{
		"Get":                 func() error { _, err := c.Customers.Get(ctx, ""); return err },
		"GetInfo":             func() error { _, err := c.Customers.GetInfo(ctx, ""); return err },
		"GetShortInfo":        func() error { _, err := c.Customers.GetShortInfo(ctx, ""); return err },
		"GetTitle":            func() error { _, err := c.Customers.GetTitle(ctx, ""); return err },
		"GetByTitle":          func() error { _, err := c.Customers.GetByTitle(ctx, ""); return err },
		"Save":                func() error { _, err := c.Customers.Save(ctx, nil, nil); return err },
		"Delete":              func() error { return c.Customers.Delete(ctx, "") },
		"ListByIDs":           func() error { _, err := c.Customers.ListByIDs(ctx, []string{}); return err },
		"ListByEntityGroup":   func() error { _, err := c.Customers.ListByEntityGroup(ctx, "", fxPageLink); return err },
		"ListInfosByCustomer": func() error { _, err := c.Customers.ListInfosByCustomer(ctx, "", fxPageLink, nil); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
