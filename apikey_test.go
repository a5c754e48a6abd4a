package thingsboard

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const fxAPIKeyInfoJSON = `{
  "id": {"entityType": "API_KEY", "id": "` + fxKeyID + `"},
  "createdTime": 1746028547220,
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "userId": {"entityType": "USER", "id": "` + fxUserID + `"},
  "expirationTime": 0,
  "description": "CI key",
  "enabled": true,
  "expired": false
}`

func fxAPIKeyInfo() APIKeyInfo {
	return APIKeyInfo{ID: eid(EntityTypeAPIKey, fxKeyID), CreatedTime: 1746028547220, TenantID: eid(EntityTypeTenant, fxTenantID),
		UserID: eid(EntityTypeUser, fxUserID), Description: "CI key", Enabled: true}
}

var fxAPIKeyJSON = strings.TrimSuffix(fxAPIKeyInfoJSON, "}") + `, "value": "tb_c2VjcmV0LWtleS12YWx1ZQ"}`

func TestAPIKeyService(t *testing.T) {
	exp := time.UnixMilli(1893456000000)
	runSvcCalls(t, []svcCall{
		{name: "Save create", method: "POST", path: "/api/apiKey",
			body: `{"userId": {"entityType": "USER", "id": "` + fxUserID + `"}, "expirationTime": 0, "description": "CI key", "enabled": false}`,
			resp: fxAPIKeyJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.Save(ctx, &APIKeyInfo{UserID: eid(EntityTypeUser, fxUserID), Description: "CI key"})
			},
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &APIKey{APIKeyInfo: fxAPIKeyInfo(), Value: "tb_c2VjcmV0LWtleS12YWx1ZQ"})
			}},
		{name: "Save update", method: "POST", path: "/api/apiKey", body: strings.Replace(fxAPIKeyInfoJSON, `,
  "expired": false`, "", 1), resp: fxAPIKeyInfoJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				k := fxAPIKeyInfo()
				return c.APIKeys.Save(ctx, &k)
			},
			check: func(t *testing.T, got any) { wantEqual(t, got, &APIKey{APIKeyInfo: fxAPIKeyInfo()}) }},
		{name: "Create", method: "POST", path: "/api/apiKey",
			body: `{"userId": {"entityType": "USER", "id": "` + fxUserID + `"}, "expirationTime": 1893456000000, "description": "CI key", "enabled": true}`,
			resp: fxAPIKeyJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.Create(ctx, fxUserID, "CI key", exp)
			},
			check: func(t *testing.T, got any) {
				if k := got.(*APIKey); k.Value != "tb_c2VjcmV0LWtleS12YWx1ZQ" || !k.Enabled {
					t.Errorf("key = %+v", k.APIKeyInfo)
				}
			}},
		{name: "Create never expiring", method: "POST", path: "/api/apiKey",
			body: `{"userId": {"entityType": "USER", "id": "` + fxUserID + `"}, "expirationTime": 0, "description": "d", "enabled": true}`,
			resp: fxAPIKeyJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.Create(ctx, fxUserID, "d", time.Time{})
			}},
		{name: "List", method: "GET", path: "/api/apiKeys/" + fxUserID, query: fxPageQuery,
			resp: `{"data": [` + fxAPIKeyInfoJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.APIKeys.List(ctx, fxUserID, fxPageLink) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &Page[APIKeyInfo]{Data: []APIKeyInfo{fxAPIKeyInfo()}, TotalPages: 1, TotalElements: 1})
			}},
		{name: "UpdateDescription", method: "PUT", path: "/api/apiKey/" + fxKeyID + "/description", raw: "renamed key",
			header: map[string]string{"Content-Type": "application/json"},
			resp:   strings.Replace(fxAPIKeyInfoJSON, "CI key", "renamed key", 1),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.UpdateDescription(ctx, fxKeyID, "renamed key")
			},
			check: func(t *testing.T, got any) {
				want := fxAPIKeyInfo()
				want.Description = "renamed key"
				wantEqual(t, got, &want)
			}},
		{name: "SetEnabled false", method: "PUT", path: "/api/apiKey/" + fxKeyID + "/enabled/false",
			resp: strings.Replace(fxAPIKeyInfoJSON, `"enabled": true`, `"enabled": false`, 1),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.SetEnabled(ctx, fxKeyID, false)
			},
			check: func(t *testing.T, got any) {
				want := fxAPIKeyInfo()
				want.Enabled = false
				wantEqual(t, got, &want)
			}},
		{name: "SetEnabled true", method: "PUT", path: "/api/apiKey/" + fxKeyID + "/enabled/true", resp: fxAPIKeyInfoJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.APIKeys.SetEnabled(ctx, fxKeyID, true)
			},
			check: func(t *testing.T, got any) { want := fxAPIKeyInfo(); wantEqual(t, got, &want) }},
		{name: "Delete", method: "DELETE", path: "/api/apiKey/" + fxKeyID,
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.APIKeys.Delete(ctx, fxKeyID) }},
		{name: "Delete missing", method: "DELETE", path: "/api/apiKey/" + fxKeyID, status: 404,
			resp: `{"status": 404, "message": "Api key with id [` + fxKeyID + `] is not found", "errorCode": 32, "timestamp": 1}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return nil, c.APIKeys.Delete(ctx, fxKeyID) }},
	})
}

func TestAPIKeyStringHidesTheValue(t *testing.T) {
	k := APIKey{APIKeyInfo: fxAPIKeyInfo(), Value: "tb_secret"}
	for _, s := range []string{k.String(), fmt.Sprint(k), fmt.Sprintf("%v", &k), fmt.Sprintf("%+v", k)} {
		if strings.Contains(s, "tb_secret") || !strings.Contains(s, fxKeyID) {
			t.Errorf("String = %q", s)
		}
	}
}

func TestAPIKeyListAll(t *testing.T) {
	c, mux := setup(t)
	pages := 0
	mux.HandleFunc("/api/apiKeys/"+fxUserID, func(w http.ResponseWriter, r *http.Request) {
		pages++
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+fxAPIKeyInfoJSON+`, `+fxAPIKeyInfoJSON+`], "totalPages": 2, "totalElements": 3, "hasNext": true}`)
		} else {
			writeJSON(w, 200, `{"data": [`+fxAPIKeyInfoJSON+`], "totalPages": 2, "totalElements": 3, "hasNext": false}`)
		}
	})
	if n := countAll(t, c.APIKeys.ListAll(t.Context(), fxUserID, NewPageLink(2))); n != 3 || pages != 2 {
		t.Errorf("ListAll: %d items in %d pages", n, pages)
	}
}

func TestAPIKeyServiceRejectsEmptyArguments(t *testing.T) {
	c := offlineClient(t)
	ctx := t.Context()
	calls := map[string]func() error{
		"Save":              func() error { _, err := c.APIKeys.Save(ctx, nil); return err },
		"Create":            func() error { _, err := c.APIKeys.Create(ctx, "", "d", time.Time{}); return err },
		"List":              func() error { _, err := c.APIKeys.List(ctx, "", fxPageLink); return err },
		"UpdateDescription": func() error { _, err := c.APIKeys.UpdateDescription(ctx, "", "d"); return err },
		"SetEnabled":        func() error { _, err := c.APIKeys.SetEnabled(ctx, "", true); return err },
		"Delete":            func() error { return c.APIKeys.Delete(ctx, "") },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
