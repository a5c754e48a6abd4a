package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// pefCase is one call of a method of the Professional Edition feature services (blob
// entities, converters, integrations, scheduler events, white labeling, custom
// translations, custom menus, reports): the request it must send, the server's
// answer and the value it must return.
type pefCase struct {
	name   string
	method string
	path   string            // escaped request path
	query  map[string]string // nil: no query
	body   string            // expected JSON body; "" for none
	text   string            // expected non-JSON body (used when body is "")
	ctype  string            // answer Content-Type; "" means application/json
	status int               // answer status; 0 means 200
	answer string
	noAuth bool // the request must carry no credentials
	call   func(ctx context.Context, c *Client) (any, error)
	want   any
}

// runPEFCases runs each case against its own httptest server.
func runPEFCases(t *testing.T, cases []pefCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				calls++
				testMethod(t, r, tc.method)
				if p := r.URL.EscapedPath(); p != tc.path {
					t.Errorf("path = %s, want %s", p, tc.path)
				}
				testQuery(t, r, tc.query)
				pefCheckAuth(t, r, tc.noAuth)
				switch {
				case tc.body != "":
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("Content-Type = %q, want application/json", ct)
					}
					testJSONBody(t, r, tc.body)
				default:
					b, _ := io.ReadAll(r.Body)
					if string(b) != tc.text {
						t.Errorf("request body = %q, want %q", b, tc.text)
					}
				}
				status := tc.status
				if status == 0 {
					status = http.StatusOK
				}
				ct := tc.ctype
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				w.WriteHeader(status)
				io.WriteString(w, tc.answer)
			})
			got, err := tc.call(t.Context(), c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if calls != 1 {
				t.Errorf("%d requests, want 1", calls)
			}
			if !reflect.DeepEqual(got, tc.want) {
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(tc.want)
				t.Errorf("got  %T %s\nwant %T %s", got, gj, tc.want, wj)
			}
		})
	}
}

// pefCheckAuth checks that r carries the test token, or no credentials when noAuth.
func pefCheckAuth(t *testing.T, r *http.Request, noAuth bool) {
	t.Helper()
	got := r.Header.Get("X-Authorization")
	switch {
	case noAuth && got != "":
		t.Errorf("X-Authorization = %q on a call that needs no login", got)
	case !noAuth && got != "Bearer "+testToken:
		t.Errorf("X-Authorization = %q, want the bearer token", got)
	}
}

// pefNoRequest returns a client whose server fails the test on any request.
func pefNoRequest(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithToken(testToken, ""))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pefWantErr fails the test unless err is non-nil and mentions want.
func pefWantErr(t *testing.T, name string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error = %v, want one mentioning %q", name, err, want)
	}
}

// pefBool returns a pointer to b.
func pefBool(b bool) *bool { return &b }

// Ids and fixtures of the PE feature tests.
const (
	pefTenant      = "5a797660-4612-11e7-a919-92ebcb67fe33"
	pefCustomer    = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b01"
	pefBlob        = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b02"
	pefBlob2       = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b03"
	pefConverter   = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b04"
	pefConverter2  = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b05"
	pefIntegration = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b06"
	pefEvent       = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b07"
	pefEvent2      = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b08"
	pefEdge        = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b09"
	pefDevice      = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b0a"
	pefMenu        = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b0b"
	pefUser        = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b0c"
	pefDashboard   = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b0d"
	pefDomain      = "9a9f1f30-2c2b-11ef-8a4e-7d9c1c3e5b0e"
)

const pefBlobInfoJSON = `{
  "id": {"entityType": "BLOB_ENTITY", "id": "` + pefBlob + `"},
  "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "` + pefCustomer + `"},
  "ownerId": {"entityType": "CUSTOMER", "id": "` + pefCustomer + `"},
  "name": "Energy-2024-05-06_12:53:20.pdf",
  "type": "report",
  "contentType": "application/pdf",
  "additionalInfo": {"description": "weekly"}`

func pefBlobInfo() BlobEntityInfo {
	return BlobEntityInfo{
		ID:             NewEntityID(EntityTypeBlobEntity, pefBlob),
		CreatedTime:    1715000000000,
		TenantID:       NewEntityID(EntityTypeTenant, pefTenant),
		CustomerID:     NewEntityID(EntityTypeCustomer, pefCustomer),
		OwnerID:        NewEntityID(EntityTypeCustomer, pefCustomer),
		Name:           "Energy-2024-05-06_12:53:20.pdf",
		Type:           "report",
		ContentType:    BlobContentTypePDF,
		AdditionalInfo: []byte(`{"description": "weekly"}`),
	}
}

const pefBlobWithCustomerJSON = pefBlobInfoJSON + `, "customerTitle": "Customer A", "customerIsPublic": false}`

func pefBlobWithCustomer() BlobEntityWithCustomerInfo {
	return BlobEntityWithCustomerInfo{BlobEntityInfo: pefBlobInfo(), CustomerTitle: "Customer A"}
}

func TestBlobEntityService(t *testing.T) {
	runPEFCases(t, []pefCase{
		{name: "GetInfo", method: "GET", path: "/api/blobEntity/info/" + pefBlob, answer: pefBlobWithCustomerJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.BlobEntities.GetInfo(ctx, pefBlob) },
			want: &BlobEntityWithCustomerInfo{BlobEntityInfo: pefBlobInfo(), CustomerTitle: "Customer A"}},
		{name: "Download", method: "GET", path: "/api/blobEntity/" + pefBlob + "/download",
			ctype: "application/pdf", answer: "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
			call: func(ctx context.Context, c *Client) (any, error) { return c.BlobEntities.Download(ctx, pefBlob) },
			want: []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")},
		{name: "Delete", method: "DELETE", path: "/api/blobEntity/" + pefBlob,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.BlobEntities.Delete(ctx, pefBlob) }},
		{name: "List", method: "GET", path: "/api/blobEntities",
			query: map[string]string{"pageSize": "20", "page": "1", "textSearch": "Energy", "sortProperty": "createdTime",
				"sortOrder": "DESC", "startTime": "1714000000000", "endTime": "1716000000000", "type": "report"},
			answer: `{"data": [` + pefBlobWithCustomerJSON + `], "totalPages": 2, "totalElements": 21, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				pl := NewTimePageLink(20, 1714000000000, 1716000000000)
				pl.Page, pl.TextSearch, pl.SortProperty, pl.SortOrder = 1, "Energy", "createdTime", DESC
				return c.BlobEntities.List(ctx, pl, &BlobEntityListOptions{Type: "report"})
			},
			want: &Page[BlobEntityWithCustomerInfo]{Data: []BlobEntityWithCustomerInfo{pefBlobWithCustomer()}, TotalPages: 2, TotalElements: 21}},
		{name: "List without options", method: "GET", path: "/api/blobEntities",
			query:  map[string]string{"pageSize": "10", "page": "0"},
			answer: `{"data": [], "totalPages": 0, "totalElements": 0, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.BlobEntities.List(ctx, TimePageLink{}, nil)
			},
			want: &Page[BlobEntityWithCustomerInfo]{Data: []BlobEntityWithCustomerInfo{}}},
		{name: "ListByIDs", method: "GET", path: "/api/blobEntities/list",
			query:  map[string]string{"blobEntityIds": pefBlob + "," + pefBlob2},
			answer: `[` + pefBlobInfoJSON + `}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.BlobEntities.ListByIDs(ctx, []string{pefBlob, pefBlob2})
			},
			want: []BlobEntityInfo{pefBlobInfo()}},
	})
}

func TestBlobEntityListAllPages(t *testing.T) {
	c, mux := setup(t)
	var pages []string
	mux.HandleFunc("/api/blobEntities", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		pages = append(pages, q.Get("page"))
		if q.Get("type") != "report" || q.Get("pageSize") != "1" || q.Get("startTime") != "5" {
			t.Errorf("query = %v", q)
		}
		if q.Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+pefBlobWithCustomerJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
			return
		}
		writeJSON(w, 200, `{"data": [`+strings.Replace(pefBlobWithCustomerJSON, pefBlob, pefBlob2, 1)+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
	})
	pl := NewTimePageLink(1, 5, 0)
	got, err := drain(c.BlobEntities.ListAll(t.Context(), pl, &BlobEntityListOptions{Type: "report"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID.ID != pefBlob || got[1].ID.ID != pefBlob2 {
		t.Errorf("got %+v", got)
	}
	if strings.Join(pages, ",") != "0,1" {
		t.Errorf("pages requested = %v", pages)
	}
	if pl.Page != 0 {
		t.Errorf("the caller's link changed: %+v", pl)
	}
}

func TestBlobEntityListByIDsFallsBackToTheOlderPath(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/blobEntities/list", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Not Found", "errorCode": 32, "timestamp": 1}`)
	})
	mux.HandleFunc("/api/blobEntities", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, map[string]string{"blobEntityIds": pefBlob})
		writeJSON(w, 200, `[`+pefBlobInfoJSON+`}]`)
	})
	got, err := c.BlobEntities.ListByIDs(t.Context(), []string{pefBlob})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []BlobEntityInfo{pefBlobInfo()}) {
		t.Errorf("got %+v", got)
	}
}

func TestFetchByNewOrLegacyPath(t *testing.T) {
	notFound := `{"status": 404, "message": "Edge with id [x] is not found", "errorCode": 32, "timestamp": 1}`
	tests := []struct {
		name                 string
		status, legacyStatus int
		wantLegacy           bool
		wantStatus           int // 0: success
	}{
		{name: "new path works", status: 200, wantStatus: 0},
		{name: "permission error is final", status: 403, wantStatus: 403},
		{name: "unknown route falls back", status: 404, legacyStatus: 200, wantLegacy: true, wantStatus: 0},
		{name: "method not allowed falls back", status: 405, legacyStatus: 200, wantLegacy: true, wantStatus: 0},
		{name: "legacy error is reported", status: 404, legacyStatus: 403, wantLegacy: true, wantStatus: 403},
		{name: "legacy form rejected: the first error stands", status: 404, legacyStatus: 400, wantLegacy: true, wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			legacy := false
			mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) {
				if tt.status == 200 {
					writeJSON(w, 200, `["new"]`)
					return
				}
				writeJSON(w, tt.status, notFound)
			})
			mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
				legacy = true
				testQuery(t, r, map[string]string{"k": "v"})
				if tt.legacyStatus == 200 {
					writeJSON(w, 200, `["old"]`)
					return
				}
				writeJSON(w, tt.legacyStatus, `{"status": 400, "message": "x", "errorCode": 31, "timestamp": 1}`)
			})
			var out []string
			err := fetchByNewOrLegacyPath(t.Context(), c, "/new", "/old", map[string][]string{"k": {"v"}}, &out)
			if legacy != tt.wantLegacy {
				t.Errorf("legacy path called = %v, want %v", legacy, tt.wantLegacy)
			}
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatal(err)
				}
				want := "new"
				if tt.wantLegacy {
					want = "old"
				}
				if len(out) != 1 || out[0] != want {
					t.Errorf("out = %v, want [%s]", out, want)
				}
				return
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.wantStatus {
				t.Errorf("error = %v, want status %d", err, tt.wantStatus)
			}
		})
	}
}

func TestBlobEntityInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.BlobEntities.GetInfo(ctx, "")
	pefWantErr(t, "GetInfo", err, "empty blobEntityID")
	_, err = c.BlobEntities.Download(ctx, " ")
	pefWantErr(t, "Download", err, "empty blobEntityID")
	err = c.BlobEntities.Delete(ctx, "")
	pefWantErr(t, "Delete", err, "empty blobEntityID")
	_, err = c.BlobEntities.ListByIDs(ctx, nil)
	pefWantErr(t, "ListByIDs", err, "empty blobEntityIDs")
	_, err = c.BlobEntities.ListByIDs(ctx, []string{pefBlob, ""})
	pefWantErr(t, "ListByIDs element", err, "blobEntityIDs[1] is empty")
}

func TestBlobEntityNotFound(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/blobEntity/info/"+pefBlob, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Requested item wasn't found!", "errorCode": 32, "timestamp": 1}`)
	})
	_, err := c.BlobEntities.GetInfo(t.Context(), pefBlob)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("error = %v, want ErrNotFound", err)
	}
}
