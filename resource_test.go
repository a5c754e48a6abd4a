package thingsboard

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

const fxResourceInfoJSON = `{
  "id": {"entityType": "TB_RESOURCE", "id": "` + fxResource + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "title": "Gateway helpers",
  "resourceType": "JS_MODULE",
  "resourceSubType": "MODULE",
  "resourceKey": "gateway_helpers.js",
  "publicResourceKey": null,
  "etag": "4e1243bd22c66e76c2ba9eddc1f91394e57f9f83",
  "fileName": "gateway_helpers.js",
  "descriptor": null,
  "link": "/api/resource/js_module/tenant/gateway_helpers.js",
  "name": "Gateway helpers",
  "public": false,
  "publicLink": null
}`

func fxResourceInfoValue() TBResourceInfo {
	return TBResourceInfo{ID: NewEntityID(EntityTypeTBResource, fxResource), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		Title: "Gateway helpers", ResourceType: ResourceTypeJSModule, ResourceSubType: ResourceSubTypeModule,
		ResourceKey: "gateway_helpers.js", Etag: "4e1243bd22c66e76c2ba9eddc1f91394e57f9f83", FileName: "gateway_helpers.js",
		Descriptor: json.RawMessage(`null`), Link: "/api/resource/js_module/tenant/gateway_helpers.js", Name: "Gateway helpers"}
}

// fxResourceJSON is fxResourceInfoJSON with its data, "export const x = 1;\n" in base64.
var fxResourceJSON = strings.TrimSuffix(strings.TrimSpace(fxResourceInfoJSON), "}") + `, "data": "ZXhwb3J0IGNvbnN0IHggPSAxOwo=", "preview": null}`

func fxResourceValue() TBResource {
	return TBResource{TBResourceInfo: fxResourceInfoValue(), Data: []byte("export const x = 1;\n")}
}

func resourceCases() []rulesCase {
	ri, r := fxResourceInfoValue(), fxResourceValue()
	return []rulesCase{
		{name: "Get", method: "GET", path: "/api/resource/" + fxResource, answer: fxResourceJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Resources.Get(ctx, fxResource) },
			want: &r},
		{name: "GetInfo", method: "GET", path: "/api/resource/info/" + fxResource, answer: fxResourceInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Resources.GetInfo(ctx, fxResource) },
			want: &ri},
		{name: "Download", method: "GET", path: "/api/resource/" + fxResource + "/download",
			answer: "\x00\x01binary\xff", ctype: "application/octet-stream",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Resources.Download(ctx, fxResource) },
			want: []byte("\x00\x01binary\xff")},
		{name: "Save", method: "POST", path: "/api/resource",
			body: `{"title":"Gateway helpers","resourceType":"JS_MODULE","resourceSubType":"MODULE","fileName":"gateway_helpers.js",
				"public":false,"data":"ZXhwb3J0IGNvbnN0IHggPSAxOwo="}`,
			answer: fxResourceInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Resources.Save(ctx, &TBResource{TBResourceInfo: TBResourceInfo{Title: "Gateway helpers",
					ResourceType: ResourceTypeJSModule, ResourceSubType: ResourceSubTypeModule, FileName: "gateway_helpers.js"},
					Data: []byte("export const x = 1;\n")})
			},
			want: &ri},
		{name: "Delete", method: "DELETE", path: "/api/resource/" + fxResource, answer: `{"success":true,"references":null}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Resources.Delete(ctx, fxResource, nil)
			}},
		{name: "Delete/force", method: "DELETE", path: "/api/resource/" + fxResource, query: map[string]string{"force": "true"},
			answer: `{"success":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Resources.Delete(ctx, fxResource, &ResourceDeleteOptions{Force: true})
			}},
		{name: "List", method: "GET", path: "/api/resource",
			query:  map[string]string{"pageSize": "10", "page": "0", "resourceType": "JS_MODULE", "resourceSubType": "MODULE"},
			answer: rulesPage(false, fxResourceInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Resources.List(ctx, NewPageLink(10), &ResourceListOptions{ResourceType: ResourceTypeJSModule, ResourceSubType: ResourceSubTypeModule})
			},
			want: &Page[TBResourceInfo]{Data: []TBResourceInfo{ri}, TotalPages: 1, TotalElements: 1}},
		{name: "ListAll", method: "GET", path: "/api/resource", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxResourceInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Resources.ListAll(ctx, NewPageLink(10), nil))
			},
			want: []TBResourceInfo{ri}},
	}
}

func TestResourceService(t *testing.T) { rulesRun(t, resourceCases()) }

// A resource still in use is refused with 400 and the references, not an error body.
func TestResourceDeleteRefused(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/resource/"+fxResource, func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{})
		writeJSON(w, 400, `{"success":false,"references":{"DASHBOARD":[{"id":{"entityType":"DASHBOARD","id":"`+fxRulesDevice+`"},"name":"Home"}]}}`)
	})
	err := c.Resources.Delete(t.Context(), fxResource, &ResourceDeleteOptions{})
	apiErr, ok := err.(*APIError)
	if !ok || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v, want an *APIError with status 400", err)
	}
}

func TestResourceArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":        func(ctx context.Context, c *Client) error { _, err := c.Resources.Get(ctx, ""); return err },
		"GetInfo":    func(ctx context.Context, c *Client) error { _, err := c.Resources.GetInfo(ctx, ""); return err },
		"Download":   func(ctx context.Context, c *Client) error { _, err := c.Resources.Download(ctx, ""); return err },
		"Save nil":   func(ctx context.Context, c *Client) error { _, err := c.Resources.Save(ctx, nil); return err },
		"Save title": func(ctx context.Context, c *Client) error { _, err := c.Resources.Save(ctx, &TBResource{}); return err },
		"Save type": func(ctx context.Context, c *Client) error {
			_, err := c.Resources.Save(ctx, &TBResource{TBResourceInfo: TBResourceInfo{Title: "t"}})
			return err
		},
		"Delete": func(ctx context.Context, c *Client) error { return c.Resources.Delete(ctx, "", nil) },
	}, map[string]string{"Get": "resourceID", "Save title": "title", "Save type": "resource type"})
}

// rulesUpload is a parsed multipart request: its file part (field name, file name,
// content type, data) and its text fields.
type rulesUpload struct {
	field, fileName, contentType string
	data                         []byte
	fields                       map[string]string
}

// rulesParseUpload parses the multipart body of r.
func rulesParseUpload(t *testing.T, r *http.Request) rulesUpload {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		t.Fatalf("Content-Type = %q", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	u := rulesUpload{fields: map[string]string{}}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() != "" {
			if u.field != "" {
				t.Errorf("two file parts")
			}
			u.field, u.fileName, u.contentType, u.data = p.FormName(), p.FileName(), p.Header.Get("Content-Type"), b
			continue
		}
		u.fields[p.FormName()] = string(b)
	}
	return u
}
