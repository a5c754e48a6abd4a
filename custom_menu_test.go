package thingsboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

const pfMenuConfigJSON = `{"items": [
  {"type": "HOME", "id": "home", "name": "Home", "icon": "home", "homeType": "DASHBOARD",
   "dashboardId": "` + pfDashboard + `", "hideDashboardToolbar": true},
  {"type": "DEFAULT", "id": "entities", "name": "Entities", "icon": "category", "visible": true,
   "pages": [{"type": "DEFAULT", "id": "devices", "name": "Devices", "icon": "devices_other", "visible": false}]},
  {"type": "CUSTOM", "name": "Reports", "icon": "mdi:file-chart", "menuItemType": "SECTION", "visible": true,
   "pages": [{"type": "CUSTOM", "name": "Energy", "menuItemType": "LINK", "linkType": "URL",
              "url": "https://reports.acme.com", "setAccessToken": true, "visible": true}]}
]}`

func pfMenuConfig() *CustomMenuConfig {
	return &CustomMenuConfig{Items: []MenuItem{
		{Type: MenuItemHome, ID: "home", Name: "Home", Icon: "home", HomeType: "DASHBOARD", DashboardID: pfDashboard,
			HideDashboardToolbar: pfBool(true)},
		{Type: MenuItemDefault, ID: "entities", Name: "Entities", Icon: "category", Visible: pfBool(true),
			Pages: []MenuItem{{Type: MenuItemDefault, ID: "devices", Name: "Devices", Icon: "devices_other", Visible: pfBool(false)}}},
		{Type: MenuItemCustom, Name: "Reports", Icon: "mdi:file-chart", MenuItemType: "SECTION", Visible: pfBool(true),
			Pages: []MenuItem{{Type: MenuItemCustom, Name: "Energy", MenuItemType: "LINK", LinkType: "URL",
				URL: "https://reports.acme.com", SetAccessToken: pfBool(true), Visible: pfBool(true)}}},
	}}
}

const pfMenuInfoFields = `"id": {"id": "` + pfMenu + `"}, "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pfTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "13814000-1dd2-11b2-8080-808080808080"},
  "name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"`

const pfMenuInfoJSON = `{` + pfMenuInfoFields + `}`

func pfMenuInfo() CustomMenuInfo {
	return CustomMenuInfo{
		ID:           EntityID{ID: pfMenu},
		CreatedTime:  1715000000000,
		TenantID:     NewEntityID(EntityTypeTenant, pfTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		Name:         "Operators",
		Scope:        CustomMenuScopeCustomer,
		AssigneeType: CustomMenuUsers,
	}
}

func pfMenuModel() *CustomMenu {
	return &CustomMenu{CustomMenuInfo: pfMenuInfo(), Config: pfMenuConfig()}
}

const pfMenuJSON = `{` + pfMenuInfoFields + `, "config": ` + pfMenuConfigJSON + `}`

func TestCustomMenuService(t *testing.T) {
	newMenu := &CustomMenuInfo{Name: "Operators", Scope: CustomMenuScopeCustomer, AssigneeType: CustomMenuUsers}
	runPFCases(t, []pfCase{
		{name: "Current", method: "GET", path: "/api/customMenu", answer: pfMenuConfigJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Current(ctx) },
			want: pfMenuConfig()},
		{name: "ListInfos", method: "GET", path: "/api/customMenu/infos",
			query:  map[string]string{"pageSize": "10", "page": "0", "scope": "CUSTOMER", "assigneeType": "USERS", "textSearch": "Op"},
			answer: `{"data": [` + pfMenuInfoJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.ListInfos(ctx, PageLink{TextSearch: "Op"}, &CustomMenuListOptions{Scope: CustomMenuScopeCustomer, AssigneeType: CustomMenuUsers})
			},
			want: &Page[CustomMenuInfo]{Data: []CustomMenuInfo{pfMenuInfo()}, TotalPages: 1, TotalElements: 1}},
		{name: "GetInfo", method: "GET", path: "/api/customMenu/" + pfMenu + "/info", answer: pfMenuInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetInfo(ctx, pfMenu) },
			want: func() *CustomMenuInfo { i := pfMenuInfo(); return &i }()},
		{name: "GetConfig", method: "GET", path: "/api/customMenu/" + pfMenu + "/config", answer: pfMenuConfigJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetConfig(ctx, pfMenu) },
			want: pfMenuConfig()},
		{name: "GetAssignees", method: "GET", path: "/api/customMenu/" + pfMenu + "/assigneeList",
			answer: `[{"id": {"entityType": "USER", "id": "` + pfUser + `"}, "name": "operator@acme.com"}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.GetAssignees(ctx, pfMenu) },
			want:   []EntityInfo{{ID: NewEntityID(EntityTypeUser, pfUser), Name: "operator@acme.com"}}},
		{name: "Create", method: "POST", path: "/api/customMenu",
			query: map[string]string{"assignToList": pfUser + "," + pfCustomer, "force": "true"},
			body:  `{"name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"}`, answer: pfMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.Create(ctx, newMenu, &CustomMenuCreateOptions{AssignTo: []string{pfUser, pfCustomer}, Force: true})
			},
			want: pfMenuModel()},
		{name: "Create without options", method: "POST", path: "/api/customMenu",
			body: `{"name": "Operators", "scope": "CUSTOMER", "assigneeType": "USERS"}`, answer: pfMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Create(ctx, newMenu, nil) },
			want: pfMenuModel()},
		{name: "UpdateConfig", method: "PUT", path: "/api/customMenu/" + pfMenu + "/config", body: pfMenuConfigJSON,
			answer: pfMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.UpdateConfig(ctx, pfMenu, pfMenuConfig())
			},
			want: pfMenuModel()},
		{name: "UpdateConfig empty", method: "PUT", path: "/api/customMenu/" + pfMenu + "/config", body: `{"items": []}`,
			answer: pfMenuJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CustomMenus.UpdateConfig(ctx, pfMenu, &CustomMenuConfig{})
			},
			want: pfMenuModel()},
		{name: "UpdateName", method: "PUT", path: "/api/customMenu/" + pfMenu + "/name", text: "Night shift",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateName(ctx, pfMenu, "Night shift")
			}},
		{name: "UpdateAssignees", method: "PUT", path: "/api/customMenu/" + pfMenu + "/assign/CUSTOMERS",
			query: map[string]string{"force": "true"}, body: `["` + pfCustomer + `"]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateAssignees(ctx, pfMenu, CustomMenuCustomers, []string{pfCustomer}, true)
			}},
		{name: "UpdateAssignees to all", method: "PUT", path: "/api/customMenu/" + pfMenu + "/assign/ALL", body: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CustomMenus.UpdateAssignees(ctx, pfMenu, CustomMenuAll, nil, false)
			}},
		{name: "Delete", method: "DELETE", path: "/api/customMenu/" + pfMenu, query: map[string]string{"force": "true"},
			answer: `{"success": true, "assigneeType": "USERS", "assigneeList": [{"id": {"entityType": "USER", "id": "` + pfUser + `"}, "name": "operator@acme.com"}]}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CustomMenus.Delete(ctx, pfMenu, true) },
			want: &CustomMenuDeleteResult{Success: true, AssigneeType: CustomMenuUsers,
				AssigneeList: []EntityInfo{{ID: NewEntityID(EntityTypeUser, pfUser), Name: "operator@acme.com"}}}},
	})
}

func TestCustomMenuUpdateNameSendsText(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/"+pfMenu+"/name", func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		w.WriteHeader(http.StatusOK)
	})
	if err := c.CustomMenus.UpdateName(t.Context(), pfMenu, `"quoted" name`); err != nil {
		t.Fatal(err)
	}
}

func TestCustomMenuDeleteAssignedMenu(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/"+pfMenu, func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 400, `{"success": false, "assigneeType": "USERS", "assigneeList": [{"id": {"entityType": "USER", "id": "`+pfUser+`"}, "name": "a"}]}`)
	})
	res, err := c.CustomMenus.Delete(t.Context(), pfMenu, false)
	if res != nil || !errors.Is(err, ErrBadRequest) {
		t.Errorf("Delete = %+v, %v; want ErrBadRequest", res, err)
	}
}

func TestCustomMenuListInfosAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/customMenu/infos", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"pageSize": "1", "page": r.URL.Query().Get("page"), "scope": "TENANT"})
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+pfMenuInfoJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
			return
		}
		writeJSON(w, 200, `{"data": [`+pfMenuInfoJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
	})
	got, err := drain(c.CustomMenus.ListInfosAll(t.Context(), NewPageLink(1), &CustomMenuListOptions{Scope: CustomMenuScopeTenant}))
	if err != nil || len(got) != 2 {
		t.Errorf("ListInfosAll = %d menus, %v", len(got), err)
	}
}

func TestCustomMenuInputValidation(t *testing.T) {
	c := pfNoRequest(t)
	ctx := t.Context()
	_, err := c.CustomMenus.GetInfo(ctx, "")
	pfWantErr(t, "GetInfo", err, "empty customMenuID")
	_, err = c.CustomMenus.GetConfig(ctx, "")
	pfWantErr(t, "GetConfig", err, "empty customMenuID")
	_, err = c.CustomMenus.GetAssignees(ctx, "")
	pfWantErr(t, "GetAssignees", err, "empty customMenuID")
	_, err = c.CustomMenus.Create(ctx, nil, nil)
	pfWantErr(t, "Create nil", err, "nil menu")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{ID: EntityID{ID: pfMenu}, Name: "x", Scope: CustomMenuScopeTenant, AssigneeType: CustomMenuAll}, nil)
	pfWantErr(t, "Create with id", err, "has an id")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{Name: "x", AssigneeType: CustomMenuAll}, nil)
	pfWantErr(t, "Create scope", err, "empty scope")
	_, err = c.CustomMenus.Create(ctx, &CustomMenuInfo{Name: "x", Scope: CustomMenuScopeTenant, AssigneeType: CustomMenuUsers},
		&CustomMenuCreateOptions{AssignTo: []string{""}})
	pfWantErr(t, "Create assignees", err, "AssignTo[0] is empty")
	_, err = c.CustomMenus.UpdateConfig(ctx, pfMenu, nil)
	pfWantErr(t, "UpdateConfig nil", err, "nil config")
	_, err = c.CustomMenus.UpdateConfig(ctx, "", &CustomMenuConfig{})
	pfWantErr(t, "UpdateConfig id", err, "empty customMenuID")
	err = c.CustomMenus.UpdateName(ctx, pfMenu, "")
	pfWantErr(t, "UpdateName", err, "empty name")
	err = c.CustomMenus.UpdateAssignees(ctx, pfMenu, "", nil, false)
	pfWantErr(t, "UpdateAssignees", err, "empty assigneeType")
	_, err = c.CustomMenus.Delete(ctx, "", true)
	pfWantErr(t, "Delete", err, "empty customMenuID")
}
