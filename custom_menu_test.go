package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

const pefMenuConfigJSON = `{"items": [
  {"type": "HOME", "id": "home", "name": "Home", "icon": "home", "homeType": "DASHBOARD",
   "dashboardId": "` + pefDashboard + `", "hideDashboardToolbar": true},
  {"type": "DEFAULT", "id": "entities", "name": "Entities", "icon": "category", "visible": true,
   "pages": [{"type": "DEFAULT", "id": "devices", "name": "Devices", "icon": "devices_other", "visible": false}]},
  {"type": "CUSTOM", "name": "Reports", "icon": "mdi:file-chart", "menuItemType": "SECTION", "visible": true,
   "pages": [{"type": "CUSTOM", "name": "Energy", "menuItemType": "LINK", "linkType": "URL",
              "url": "https://reports.acme.com", "setAccessToken": true, "visible": true}]}
]}`

func pefMenuConfig() *CustomMenuConfig {
	return &CustomMenuConfig{Items: []MenuItem{
		{Type: MenuItemHome, ID: "home", Name: "Home", Icon: "home", HomeType: "DASHBOARD", DashboardID: pefDashboard,
			HideDashboardToolbar: pefBool(true)},
		{Type: MenuItemDefault, ID: "entities", Name: "Entities", Icon: "category", Visible: pefBool(true),
			Pages: []MenuItem{{Type: MenuItemDefault, ID: "devices", Name: "Devices", Icon: "devices_other", Visible: pefBool(false)}}},
		{Type: MenuItemCustom, Name: "Reports", Icon: "mdi:file-chart", MenuItemType: "SECTION", Visible: pefBool(true),
			Pages: []MenuItem{{Type: MenuItemCustom, Name: "Energy", MenuItemType: "LINK", LinkType: "URL",
				URL: "https://reports.acme.com", SetAccessToken: pefBool(true), Visible: pefBool(true)}}},
	}}
}

const pefMenuInfoFields = `"id": {"id": "` + pefMenu + `"}, "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "13814000-1dd2-11b2-8080-808080808080"},
  "name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"`

const pefMenuInfoJSON = `{` + pefMenuInfoFields + `}`

func pefMenuInfo() CustomMenuInfo {
	return CustomMenuInfo{
		ID:           EntityID{ID: pefMenu},
		CreatedTime:  1715000000000,
		TenantID:     NewEntityID(EntityTypeTenant, pefTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		Name:         "Operators",
		Scope:        CustomMenuScopeCustomer,
		AssigneeType: CustomMenuUsers,
	}
}

func pefMenuModel() *CustomMenu {
	return &CustomMenu{CustomMenuInfo: pefMenuInfo(), Config: pefMenuConfig()}
}

const pefMenuJSON = `{` + pefMenuInfoFields + `, "config": ` + pefMenuConfigJSON + `}`

func TestCustomMenuService(t *testing.T) {
	newMenu := &CustomMenuInfo{Name: "Operators", Scope: CustomMenuScopeCustomer, AssigneeType: CustomMenuUsers}
	runPEFCases(t, []pefCase{
		{name: "Current", method: "GET", path: "/api/customMenu", answer: pefMenuConfigJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Current(ctx) },
			want: pefMenuConfig()},
		{name: "ListInfos", method: "GET", path: "/api/customMenu/infos",
			query:  map[string]string{"pageSize": "10", "page": "0", "scope": "CUSTOMER", "assigneeType": "USERS", "textSearch": "Op"},
			answer: `{"data": [` + pefMenuInfoJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.ListInfos(ctx, PageLink{TextSearch: "Op"}, &CustomMenuListOptions{Scope: CustomMenuScopeCustomer, AssigneeType: CustomMenuUsers})
			},
			want: &Page[CustomMenuInfo]{Data: []CustomMenuInfo{pefMenuInfo()}, TotalPages: 1, TotalElements: 1}},
		{name: "GetInfo", method: "GET", path: "/api/customMenu/" + pefMenu + "/info", answer: pefMenuInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetInfo(ctx, pefMenu) },
			want: func() *CustomMenuInfo { i := pefMenuInfo(); return &i }()},
		{name: "GetConfig", method: "GET", path: "/api/customMenu/" + pefMenu + "/config", answer: pefMenuConfigJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetConfig(ctx, pefMenu) },
			want: pefMenuConfig()},
		{name: "GetAssignees", method: "GET", path: "/api/customMenu/" + pefMenu + "/assigneeList",
			answer: `[{"id": {"entityType": "USER", "id": "` + pefUser + `"}, "name": "operator@acme.com"}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetAssignees(ctx, pefMenu) },
			want:   []EntityInfo{{ID: NewEntityID(EntityTypeUser, pefUser), Name: "operator@acme.com"}}},
		{name: "Create", method: "POST", path: "/api/customMenu",
			query: map[string]string{"assignToList": pefUser + "," + pefCustomer, "force": "true"},
			body:  `{"name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"}`, answer: pefMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.Create(ctx, newMenu, &CustomMenuCreateOptions{AssignTo: []string{pefUser, pefCustomer}, Force: true})
			},
			want: pefMenuModel()},
		{name: "Create without options", method: "POST", path: "/api/customMenu",
			body: `{"name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"}`, answer: pefMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Create(ctx, newMenu, nil) },
			want: pefMenuModel()},
		{name: "UpdateConfig", method: "PUT", path: "/api/customMenu/" + pefMenu + "/config", body: pefMenuConfigJSON,
			answer: pefMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.UpdateConfig(ctx, pefMenu, pefMenuConfig())
			},
			want: pefMenuModel()},
		{name: "UpdateConfig empty", method: "PUT", path: "/api/customMenu/" + pefMenu + "/config", body: `{"items": []}`,
			answer: pefMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.UpdateConfig(ctx, pefMenu, &CustomMenuConfig{})
			},
			want: pefMenuModel()},
		{name: "UpdateName", method: "PUT", path: "/api/customMenu/" + pefMenu + "/name", text: "Night shift",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateName(ctx, pefMenu, "Night shift")
			}},
		{name: "UpdateAssignees", method: "PUT", path: "/api/customMenu/" + pefMenu + "/assign/CUSTOMERS",
			query: map[string]string{"force": "true"}, body: `["` + pefCustomer + `"]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateAssignees(ctx, pefMenu, CustomMenuCustomers, []string{pefCustomer}, true)
			}},
		{name: "UpdateAssignees to all", method: "PUT", path: "/api/customMenu/" + pefMenu + "/assign/ALL", body: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateAssignees(ctx, pefMenu, CustomMenuAll, nil, false)
			}},
		{name: "Delete", method: "DELETE", path: "/api/customMenu/" + pefMenu, query: map[string]string{"force": "true"},
			answer: `{"success": true, "assigneeType": "USERS", "assigneeList": [{"id": {"entityType": "USER", "id": "` + pefUser + `"}, "name": "operator@acme.com"}]}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Delete(ctx, pefMenu, true) },
			want: &CustomMenuDeleteResult{Success: true, AssigneeType: CustomMenuUsers,
				AssigneeList: []EntityInfo{{ID: NewEntityID(EntityTypeUser, pefUser), Name: "operator@acme.com"}}}},
	})
}

func TestCustomMenuUpdateNameSendsText(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/"+pefMenu+"/name", func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		w.WriteHeader(http.StatusOK)
	})
	if err := c.CustomMenus.UpdateName(t.Context(), pefMenu, `"quoted" name`); err != nil {
		t.Fatal(err)
	}
}

func TestCustomMenuDeleteAssignedMenu(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/"+pefMenu, func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 400, `{"success": false, "assigneeType": "USERS", "assigneeList": [{"id": {"entityType": "USER", "id": "`+pefUser+`"}, "name": "a"}]}`)
	})
	res, err := c.CustomMenus.Delete(t.Context(), pefMenu, false)
	if res != nil || !errors.Is(err, ErrBadRequest) {
		t.Errorf("Delete = %+v, %v; want ErrBadRequest", res, err)
	}
}

func TestCustomMenuListInfosAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/infos", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"pageSize": "1", "page": r.URL.Query().Get("page"), "scope": "TENANT"})
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+pefMenuInfoJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
			return
		}
		writeJSON(w, 200, `{"data": [`+pefMenuInfoJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
	})
	got, err := drain(c.CustomMenus.ListInfosAll(t.Context(), NewPageLink(1), &CustomMenuListOptions{Scope: CustomMenuScopeTenant}))
	if err != nil || len(got) != 2 {
		t.Errorf("ListInfosAll = %d menus, %v", len(got), err)
	}
}

func TestCustomMenuInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.CustomMenus.GetInfo(ctx, "")
	pefWantErr(t, "GetInfo", err, "empty customMenuID")
	_, err = c.CustomMenus.GetConfig(ctx, "")
	pefWantErr(t, "GetConfig", err, "empty customMenuID")
	_, err = c.CustomMenus.GetAssignees(ctx, "")
	pefWantErr(t, "GetAssignees", err, "empty customMenuID")
	_, err = c.CustomMenus.Create(ctx, nil, nil)
	pefWantErr(t, "Create nil", err, "nil menu")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{ID: EntityID{ID: pefMenu}, Name: "x", Scope: CustomMenuScopeTenant, AssigneeType: CustomMenuAll}, nil)
	pefWantErr(t, "Create with id", err, "has an id")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{Name: "x", AssigneeType: CustomMenuAll}, nil)
	pefWantErr(t, "Create scope", err, "empty scope")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{Name: "x", Scope: CustomMenuScopeTenant, AssigneeType: CustomMenuUsers},
		&CustomMenuCreateOptions{AssignTo: []string{""}})
	pefWantErr(t, "Create assignees", err, "AssignTo[0] is empty")
	_, err = c.CustomMenus.UpdateConfig(ctx, pefMenu, nil)
	pefWantErr(t, "UpdateConfig nil", err, "nil config")
	_, err = c.CustomMenus.UpdateConfig(ctx, "", &CustomMenuConfig{})
	pefWantErr(t, "UpdateConfig id", err, "empty customMenuID")
	err = c.CustomMenus.UpdateName(ctx, pefMenu, "")
	pefWantErr(t, "UpdateName", err, "empty name")
	err = c.CustomMenus.UpdateAssignees(ctx, pefMenu, "", nil, false)
	pefWantErr(t, "UpdateAssignees", err, "empty assigneeType")
	_, err = c.CustomMenus.Delete(ctx, "", true)
	pefWantErr(t, "Delete", err, "empty customMenuID")
}
