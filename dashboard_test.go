package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

const fxDashboardInfoJSON = `{
  "id": {"entityType": "DASHBOARD", "id": "` + fxDashboardID + `"},
  "createdTime": 1700000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "title": "Thermostats",
  "image": null,
  "assignedCustomers": [{"customerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "title": "Customer A", "public": false}],
  "mobileHide": false,
  "mobileOrder": null,
  "version": 4,
  "name": "Thermostats"
}`

const fxDashboardJSON = `{
  "id": {"entityType": "DASHBOARD", "id": "` + fxDashboardID + `"},
  "createdTime": 1700000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxTenantID + `"},
  "title": "Thermostats",
  "name": "Thermostats",
  "image": null,
  "mobileHide": false,
  "mobileOrder": 2,
  "assignedCustomers": [{"customerId": {"entityType": "CUSTOMER", "id": "` + fxCustomerID + `"}, "title": "Customer A", "public": false}],
  "configuration": {"description": "", "widgets": {}, "states": {}, "entityAliases": {}, "settings": {}},
  "resources": null,
  "version": 4,
  "externalId": null
}`

func fxDashboardInfo() DashboardInfo {
	return DashboardInfo{
		ID: eid(EntityTypeDashboard, fxDashboardID), CreatedTime: 1700000000000, TenantID: eid(EntityTypeTenant, fxTenantID),
		Title:             "Thermostats",
		AssignedCustomers: []ShortCustomerInfo{{CustomerID: eid(EntityTypeCustomer, fxCustomerID), Title: "Customer A"}},
		Version:           4, Name: "Thermostats",
	}
}

func checkDashboard(t *testing.T, got any) {
	t.Helper()
	d, ok := got.(*Dashboard)
	if !ok {
		t.Fatalf("got %T", got)
	}
	var cfg map[string]any
	if err := json.Unmarshal(d.Configuration, &cfg); err != nil || len(cfg) != 5 {
		t.Errorf("configuration = %s (%v)", d.Configuration, err)
	}
	want := fxDashboardInfo()
	two := 2
	want.MobileOrder = &two
	wantEqual(t, d.DashboardInfo, want)
	if d.Resources != nil || !d.ExternalID.IsZero() {
		t.Errorf("resources %v, externalId %v", d.Resources, d.ExternalID)
	}
}

func dashboardPage(n int, hasNext bool) string {
	return `{"data": [` + fxDashboardInfoJSON + strings.Repeat(`,`+fxDashboardInfoJSON, n-1) + `], "totalPages": 2, "totalElements": 3, "hasNext": ` +
		map[bool]string{true: "true", false: "false"}[hasNext] + `}`
}

func checkDashboardPage(t *testing.T, got any) {
	t.Helper()
	p := got.(*Page[DashboardInfo])
	if len(p.Data) != 2 || p.TotalPages != 2 || p.TotalElements != 3 || !p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	wantEqual(t, p.Data[1], fxDashboardInfo())
}

func TestDashboardService(t *testing.T) {
	q := func(extra ...string) map[string]string {
		m := map[string]string{"pageSize": "2", "page": "0", "textSearch": "cust", "sortProperty": "email", "sortOrder": "DESC"}
		for i := 0; i < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	newDash := func() *Dashboard {
		return &Dashboard{DashboardInfo: DashboardInfo{Title: "New"}, Configuration: json.RawMessage(`{"widgets":{}}`)}
	}
	customers := []string{fxCustomerID, fxTenantID}
	runSvcCalls(t, []svcCall{
		{name: "ServerTime", method: "GET", path: "/api/dashboard/serverTime", resp: `1636023857137`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.ServerTime(ctx) },
			check: func(t *testing.T, got any) {
				if !got.(time.Time).Equal(time.UnixMilli(1636023857137)) {
					t.Errorf("time = %v", got)
				}
			}},
		{name: "MaxDatapointsLimit", method: "GET", path: "/api/dashboard/maxDatapointsLimit", resp: `5000`,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.MaxDatapointsLimit(ctx) },
			check: func(t *testing.T, got any) { wantEqual(t, got, int64(5000)) }},
		{name: "Get", method: "GET", path: "/api/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.Get(ctx, fxDashboardID) },
			check: checkDashboard},
		{name: "Get another customer's", method: "GET", path: "/api/dashboard/" + fxDashboardID, status: 403,
			resp: `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.Get(ctx, fxDashboardID) }},
		{name: "GetWithResources", method: "GET", path: "/api/dashboard/" + fxDashboardID, query: map[string]string{"includeResources": "true"},
			resp: strings.Replace(fxDashboardJSON, `"resources": null`,
				`"resources": [{"link": "/api/images/tenant/logo.png", "title": "logo", "type": "IMAGE", "subType": "IMAGE", "resourceKey": "logo.png", "fileName": "logo.png", "mediaType": "image/png", "data": "iVBORw0KGgo=", "public": false}]`, 1),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.GetWithResources(ctx, fxDashboardID)
			},
			check: func(t *testing.T, got any) {
				d := got.(*Dashboard)
				var r struct{ ResourceKey, Data string }
				if len(d.Resources) != 1 || json.Unmarshal(d.Resources[0], &r) != nil || r.ResourceKey != "logo.png" || r.Data != "iVBORw0KGgo=" {
					t.Errorf("resources = %s", d.Resources)
				}
			}},
		{name: "GetInfo", method: "GET", path: "/api/dashboard/info/" + fxDashboardID, resp: fxDashboardInfoJSON,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.GetInfo(ctx, fxDashboardID) },
			check: func(t *testing.T, got any) {
				want := fxDashboardInfo()
				wantEqual(t, got, &want)
			}},
		{name: "Save create", method: "POST", path: "/api/dashboard", body: `{"title": "New", "mobileHide": false, "configuration": {"widgets": {}}}`,
			resp: fxDashboardJSON,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.Save(ctx, newDash(), nil) }, check: checkDashboard},
		{name: "Save in groups", method: "POST", path: "/api/dashboard", query: map[string]string{"entityGroupId": fxGroupID},
			body: `{"title": "New", "mobileHide": false, "configuration": {"widgets": {}}}`, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.Save(ctx, newDash(), &DashboardSaveOptions{EntityGroupID: fxGroupID})
			},
			check: checkDashboard},
		{name: "Save update round-trips", method: "POST", path: "/api/dashboard",
			body: strings.NewReplacer(`"image": null,`, "", `"resources": null,`, "", `,
  "externalId": null`, "").Replace(fxDashboardJSON),
			resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				var d Dashboard
				if err := json.Unmarshal([]byte(fxDashboardJSON), &d); err != nil {
					return nil, err
				}
				return c.Dashboards.Save(ctx, &d, nil)
			},
			check: checkDashboard},
		{name: "Delete", method: "DELETE", path: "/api/dashboard/" + fxDashboardID,
			do: func(ctx context.Context, c *Client) (any, error) { return nil, c.Dashboards.Delete(ctx, fxDashboardID) }},
		{name: "List", method: "GET", path: "/api/tenant/dashboards", query: q("mobile", "true"), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.List(ctx, fxPageLink, &DashboardListOptions{Mobile: true})
			},
			check: checkDashboardPage},
		{name: "List nil options", method: "GET", path: "/api/tenant/dashboards", query: q(), resp: dashboardPage(2, true),
			do:    func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.List(ctx, fxPageLink, nil) },
			check: checkDashboardPage},
		{name: "ListByTenant", method: "GET", path: "/api/tenant/" + fxTenantID + "/dashboards", query: q(), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListByTenant(ctx, fxTenantID, fxPageLink)
			},
			check: checkDashboardPage},
		{name: "ListByCustomer", method: "GET", path: "/api/customer/" + fxCustomerID + "/dashboards",
			query: q("mobile", "true", "includeCustomers", "true"), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListByCustomer(ctx, fxCustomerID, fxPageLink, &DashboardListOptions{Mobile: true, IncludeCustomers: true})
			},
			check: checkDashboardPage},
		{name: "ListUserDashboards", method: "GET", path: "/api/user/dashboards",
			query: q("mobile", "true", "operation", "READ", "userId", fxUserID), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListUserDashboards(ctx, fxPageLink, &UserDashboardListOptions{Mobile: true, Operation: "READ", UserID: fxUserID})
			},
			check: checkDashboardPage},
		{name: "ListAllInfos", method: "GET", path: "/api/dashboards/all", query: q("includeCustomers", "true"), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListAllInfos(ctx, fxPageLink, &DashboardListOptions{IncludeCustomers: true})
			},
			check: checkDashboardPage},
		{name: "ListByEntityGroup", method: "GET", path: "/api/entityGroup/" + fxGroupID + "/dashboards", query: q(), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListByEntityGroup(ctx, fxGroupID, fxPageLink)
			},
			check: checkDashboardPage},
		{name: "ListByEdge", method: "GET", path: "/api/edge/" + fxKeyID + "/dashboards", query: q(), resp: dashboardPage(2, true),
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListByEdge(ctx, fxKeyID, fxPageLink)
			},
			check: checkDashboardPage},
		{name: "ListByIDs", method: "GET", path: "/api/dashboards/list", query: map[string]string{"dashboardIds": fxDashboardID},
			resp: `[` + fxDashboardInfoJSON + `]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.ListByIDs(ctx, []string{fxDashboardID})
			},
			check: func(t *testing.T, got any) { wantEqual(t, got, []DashboardInfo{fxDashboardInfo()}) }},
		{name: "AssignToCustomer", method: "POST", path: "/api/customer/" + fxCustomerID + "/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.AssignToCustomer(ctx, fxCustomerID, fxDashboardID)
			},
			check: checkDashboard},
		{name: "UnassignFromCustomer", method: "DELETE", path: "/api/customer/" + fxCustomerID + "/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.UnassignFromCustomer(ctx, fxCustomerID, fxDashboardID)
			},
			check: checkDashboard},
		{name: "AssignToPublicCustomer", method: "POST", path: "/api/customer/public/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.AssignToPublicCustomer(ctx, fxDashboardID)
			},
			check: checkDashboard},
		{name: "UnassignFromPublicCustomer", method: "DELETE", path: "/api/customer/public/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.UnassignFromPublicCustomer(ctx, fxDashboardID)
			},
			check: checkDashboard},
		{name: "UpdateCustomers", method: "POST", path: "/api/dashboard/" + fxDashboardID + "/customers",
			body: `["` + fxCustomerID + `", "` + fxTenantID + `"]`, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.UpdateCustomers(ctx, fxDashboardID, customers)
			},
			check: checkDashboard},
		{name: "UpdateCustomers to none", method: "POST", path: "/api/dashboard/" + fxDashboardID + "/customers", body: `[]`, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.UpdateCustomers(ctx, fxDashboardID, nil)
			},
			check: checkDashboard},
		{name: "AddCustomers", method: "POST", path: "/api/dashboard/" + fxDashboardID + "/customers/add",
			body: `["` + fxCustomerID + `", "` + fxTenantID + `"]`, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.AddCustomers(ctx, fxDashboardID, customers)
			},
			check: checkDashboard},
		{name: "RemoveCustomers", method: "POST", path: "/api/dashboard/" + fxDashboardID + "/customers/remove",
			body: `["` + fxCustomerID + `", "` + fxTenantID + `"]`, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.RemoveCustomers(ctx, fxDashboardID, customers)
			},
			check: checkDashboard},
		{name: "AssignToEdge", method: "POST", path: "/api/edge/" + fxKeyID + "/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.AssignToEdge(ctx, fxKeyID, fxDashboardID)
			},
			check: checkDashboard},
		{name: "UnassignFromEdge", method: "DELETE", path: "/api/edge/" + fxKeyID + "/dashboard/" + fxDashboardID, resp: fxDashboardJSON,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.Dashboards.UnassignFromEdge(ctx, fxKeyID, fxDashboardID)
			},
			check: checkDashboard},
		{name: "Home", method: "GET", path: "/api/dashboard/home",
			resp: strings.TrimSuffix(fxDashboardJSON, "}") + `, "hideDashboardToolbar": false}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.Home(ctx) },
			check: func(t *testing.T, got any) {
				h := got.(*HomeDashboard)
				if h == nil || h.HideDashboardToolbar || h.Title != "Thermostats" || len(h.Configuration) == 0 {
					t.Errorf("home = %+v", h)
				}
			}},
		{name: "Home none", method: "GET", path: "/api/dashboard/home",
			do: func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.Home(ctx) },
			check: func(t *testing.T, got any) {
				if got.(*HomeDashboard) != nil {
					t.Errorf("home = %+v, want nil", got)
				}
			}},
		{name: "HomeInfo", method: "GET", path: "/api/dashboard/home/info",
			resp: `{"dashboardId": {"entityType": "DASHBOARD", "id": "` + fxDashboardID + `"}, "hideDashboardToolbar": true}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.HomeInfo(ctx) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &HomeDashboardInfo{DashboardID: eid(EntityTypeDashboard, fxDashboardID), HideDashboardToolbar: true})
			}},
		{name: "HomeInfo none", method: "GET", path: "/api/dashboard/home/info", resp: `null`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.HomeInfo(ctx) },
			check: func(t *testing.T, got any) {
				if got.(*HomeDashboardInfo) != nil {
					t.Errorf("info = %+v, want nil", got)
				}
			}},
		{name: "TenantHomeInfo", method: "GET", path: "/api/tenant/dashboard/home/info",
			resp: `{"dashboardId": null, "hideDashboardToolbar": true}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.TenantHomeInfo(ctx) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &HomeDashboardInfo{HideDashboardToolbar: true})
			}},
		{name: "SetTenantHomeInfo", method: "POST", path: "/api/tenant/dashboard/home/info",
			body: `{"dashboardId": {"entityType": "DASHBOARD", "id": "` + fxDashboardID + `"}, "hideDashboardToolbar": false}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Dashboards.SetTenantHomeInfo(ctx, HomeDashboardInfo{DashboardID: eid(EntityTypeDashboard, fxDashboardID)})
			}},
		{name: "CustomerHomeInfo", method: "GET", path: "/api/customer/dashboard/home/info",
			resp: `{"dashboardId": {"entityType": "DASHBOARD", "id": "` + fxDashboardID + `"}, "hideDashboardToolbar": false}`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.CustomerHomeInfo(ctx) },
			check: func(t *testing.T, got any) {
				wantEqual(t, got, &HomeDashboardInfo{DashboardID: eid(EntityTypeDashboard, fxDashboardID)})
			}},
		{name: "SetCustomerHomeInfo clear", method: "POST", path: "/api/customer/dashboard/home/info",
			body: `{"hideDashboardToolbar": true}`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Dashboards.SetCustomerHomeInfo(ctx, HomeDashboardInfo{HideDashboardToolbar: true})
			}},
		{name: "ExportGroup", method: "GET", path: "/api/entityGroup/" + fxGroupID + "/dashboards/export", query: map[string]string{"limit": "50"},
			resp: `[` + fxDashboardJSON + `]`,
			do:   func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.ExportGroup(ctx, fxGroupID, 50) },
			check: func(t *testing.T, got any) {
				ds := got.([]Dashboard)
				if len(ds) != 1 {
					t.Fatalf("dashboards = %+v", ds)
				}
				checkDashboard(t, &ds[0])
			}},
		{name: "ExportGroup default limit", method: "GET", path: "/api/entityGroup/" + fxGroupID + "/dashboards/export", resp: `[]`,
			do: func(ctx context.Context, c *Client) (any, error) { return c.Dashboards.ExportGroup(ctx, fxGroupID, 0) },
			check: func(t *testing.T, got any) {
				if ds := got.([]Dashboard); len(ds) != 0 {
					t.Fatalf("dashboards = %+v", ds)
				}
			}},
		{name: "ImportGroup", method: "POST", path: "/api/entityGroup/" + fxGroupID + "/dashboards/import", query: map[string]string{"overwrite": "true"},
			body: `[{"title": "New", "mobileHide": false, "configuration": {"widgets": {}}}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Dashboards.ImportGroup(ctx, fxGroupID, []Dashboard{*newDash()}, true)
			}},
	})
}

func TestDashboardListByIDsFallsBackToTheOlderPath(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/dashboards/list", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Not Found", "errorCode": 32, "timestamp": 1}`)
	})
	mux.HandleFunc("/api/dashboards", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, map[string]string{"dashboardIds": fxDashboardID + "," + fxTenantID})
		writeJSON(w, 200, `[`+fxDashboardInfoJSON+`]`)
	})
	got, err := c.Dashboards.ListByIDs(t.Context(), []string{fxDashboardID, fxTenantID})
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, got, []DashboardInfo{fxDashboardInfo()})
}

func TestDashboardListByIDsReportsOtherErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/dashboards/list", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"status": 403, "message": "You don't have permission to perform this operation!", "errorCode": 20, "timestamp": 1}`)
	})
	mux.HandleFunc("/api/dashboards", func(w http.ResponseWriter, r *http.Request) {
		t.Error("fell back after a permission error")
	})
	if _, err := c.Dashboards.ListByIDs(t.Context(), []string{fxDashboardID}); err == nil {
		t.Fatal("no error")
	}
}

func TestDashboardIterators(t *testing.T) {
	c, mux := setup(t)
	pages := 0
	handler := func(w http.ResponseWriter, r *http.Request) {
		pages++
		if r.URL.Query().Get("mobile") != "true" {
			t.Errorf("query %v lost the options", r.URL.Query())
		}
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, dashboardPage(2, true))
		} else {
			writeJSON(w, 200, dashboardPage(1, false))
		}
	}
	mux.HandleFunc("/api/tenant/dashboards", handler)
	mux.HandleFunc("/api/customer/"+fxCustomerID+"/dashboards", handler)
	mux.HandleFunc("/api/user/dashboards", handler)
	pl := NewPageLink(2)
	ctx := t.Context()
	opts := &DashboardListOptions{Mobile: true}
	for name, count := range map[string]func() int{
		"ListAll":           func() int { return countAll(t, c.Dashboards.ListAll(ctx, pl, opts)) },
		"ListByCustomerAll": func() int { return countAll(t, c.Dashboards.ListByCustomerAll(ctx, fxCustomerID, pl, opts)) },
		"ListUserDashboardsAll": func() int {
			return countAll(t, c.Dashboards.ListUserDashboardsAll(ctx, pl, &UserDashboardListOptions{Mobile: true}))
		},
	} {
		pages = 0
		if n := count(); n != 3 || pages != 2 {
			t.Errorf("%s: %d items in %d pages", name, n, pages)
		}
	}
}

func TestDashboardIsAssignedTo(t *testing.T) {
	d := fxDashboardInfo()
	if !d.IsAssignedTo(fxCustomerID) || d.IsAssignedTo(fxTenantID) {
		t.Fatal("IsAssignedTo is wrong")
	}
}

func TestDashboardServiceRejectsEmptyArguments(t *testing.T) {
	c := offlineClient(t)
	ctx := t.Context()
	calls := map[string]func() error{
		"Get":                        func() error { _, err := c.Dashboards.Get(ctx, ""); return err },
		"GetWithResources":           func() error { _, err := c.Dashboards.GetWithResources(ctx, ""); return err },
		"GetInfo":                    func() error { _, err := c.Dashboards.GetInfo(ctx, ""); return err },
		"Save":                       func() error { _, err := c.Dashboards.Save(ctx, nil, nil); return err },
		"Delete":                     func() error { return c.Dashboards.Delete(ctx, "") },
		"ListByTenant":               func() error { _, err := c.Dashboards.ListByTenant(ctx, "", fxPageLink); return err },
		"ListByCustomer":             func() error { _, err := c.Dashboards.ListByCustomer(ctx, "", fxPageLink, nil); return err },
		"ListByEntityGroup":          func() error { _, err := c.Dashboards.ListByEntityGroup(ctx, "", fxPageLink); return err },
		"ListByEdge":                 func() error { _, err := c.Dashboards.ListByEdge(ctx, "", fxPageLink); return err },
		"ListByIDs":                  func() error { _, err := c.Dashboards.ListByIDs(ctx, nil); return err },
		"AssignToCustomer":           func() error { _, err := c.Dashboards.AssignToCustomer(ctx, "", fxDashboardID); return err },
		"AssignToCustomer2":          func() error { _, err := c.Dashboards.AssignToCustomer(ctx, fxCustomerID, ""); return err },
		"UnassignFromCustomer":       func() error { _, err := c.Dashboards.UnassignFromCustomer(ctx, "", fxDashboardID); return err },
		"UnassignFromCustomer2":      func() error { _, err := c.Dashboards.UnassignFromCustomer(ctx, fxCustomerID, ""); return err },
		"AssignToPublicCustomer":     func() error { _, err := c.Dashboards.AssignToPublicCustomer(ctx, ""); return err },
		"UnassignFromPublicCustomer": func() error { _, err := c.Dashboards.UnassignFromPublicCustomer(ctx, ""); return err },
		"UpdateCustomers":            func() error { _, err := c.Dashboards.UpdateCustomers(ctx, "", nil); return err },
		"AddCustomers":               func() error { _, err := c.Dashboards.AddCustomers(ctx, "", nil); return err },
		"RemoveCustomers":            func() error { _, err := c.Dashboards.RemoveCustomers(ctx, "", nil); return err },
		"AssignToEdge":               func() error { _, err := c.Dashboards.AssignToEdge(ctx, "", fxDashboardID); return err },
		"AssignToEdge2":              func() error { _, err := c.Dashboards.AssignToEdge(ctx, fxKeyID, ""); return err },
		"UnassignFromEdge":           func() error { _, err := c.Dashboards.UnassignFromEdge(ctx, "", fxDashboardID); return err },
		"UnassignFromEdge2":          func() error { _, err := c.Dashboards.UnassignFromEdge(ctx, fxKeyID, ""); return err },
		"ExportGroup":                func() error { _, err := c.Dashboards.ExportGroup(ctx, "", 1); return err },
		"ImportGroup":                func() error { return c.Dashboards.ImportGroup(ctx, "", nil, false) },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
