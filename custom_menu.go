package thingsboard

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// CustomMenuService manages custom menus (Professional Edition). See Client.CustomMenus.
//
// A custom menu replaces the UI's menu: it hides or renames the default items and adds
// links to dashboards or URLs. A system administrator, a tenant or a customer creates
// menus for a scope (the kind of users that see it) and assigns each to everyone, to
// some customers, users or user groups, or to no one. Current returns the menu that
// applies to the caller.
//
// These are the routes of ThingsBoard PE 4.x, where a level can hold many menus;
// older servers had one menu per level at /api/customMenu/customMenu.
type CustomMenuService service

// CustomMenuScope is the kind of users a custom menu is for.
type CustomMenuScope string

// Custom menu scopes.
const (
	CustomMenuScopeSystem   CustomMenuScope = "SYSTEM"
	CustomMenuScopeTenant   CustomMenuScope = "TENANT"
	CustomMenuScopeCustomer CustomMenuScope = "CUSTOMER"
)

// CustomMenuAssigneeType says whom a custom menu applies to.
type CustomMenuAssigneeType string

// Custom menu assignee types.
const (
	CustomMenuNoAssign   CustomMenuAssigneeType = "NO_ASSIGN"
	CustomMenuAll        CustomMenuAssigneeType = "ALL"
	CustomMenuCustomers  CustomMenuAssigneeType = "CUSTOMERS"
	CustomMenuUsers      CustomMenuAssigneeType = "USERS"
	CustomMenuUserGroups CustomMenuAssigneeType = "USER_GROUPS"
)

// MenuItemType is the kind of a menu item.
type MenuItemType string

// Menu item types.
const (
	// MenuItemHome is the home item: the default home page or a dashboard.
	MenuItemHome MenuItemType = "HOME"
	// MenuItemDefault is one of the UI's own items, identified by its ID.
	MenuItemDefault MenuItemType = "DEFAULT"
	// MenuItemCustom is an item of the menu's author: a link or a section of links.
	MenuItemCustom MenuItemType = "CUSTOM"
)

// CustomMenuInfo describes a custom menu without its items.
type CustomMenuInfo struct {
	// ID is the menu's id; zero when creating a menu.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	CustomerID  EntityID `json:"customerId,omitzero"`
	Name        string   `json:"name"`
	// Scope is the kind of users the menu is for.
	Scope        CustomMenuScope        `json:"scope"`
	AssigneeType CustomMenuAssigneeType `json:"assigneeType"`
	// UserGroupNames are the names of the user groups a USER_GROUPS menu is assigned to.
	UserGroupNames []string `json:"userGroupNames,omitzero"`
}

// CustomMenu is a custom menu with its items.
type CustomMenu struct {
	CustomMenuInfo
	Config *CustomMenuConfig `json:"config,omitzero"`
}

// CustomMenuConfig is the content of a custom menu: its items in display order.
type CustomMenuConfig struct {
	Items []MenuItem `json:"items"`
}

// MenuItem is one item of a custom menu. Type says which fields apply: ID, Name, Icon,
// Visible and Pages for a DEFAULT item; HomeType, DashboardID and HideDashboardToolbar
// for the HOME item; MenuItemType, LinkType, DashboardID, URL, SetAccessToken and
// Pages for a CUSTOM item.
type MenuItem struct {
	Type MenuItemType `json:"type,omitzero"`
	// ID identifies a DEFAULT item (the UI's own ids, such as "devices").
	ID   string `json:"id,omitzero"`
	Name string `json:"name,omitzero"`
	// Icon is a Material icon name or an image URL.
	Icon    string `json:"icon,omitzero"`
	Visible *bool  `json:"visible,omitzero"`
	// Pages are the item's sub-items.
	Pages []MenuItem `json:"pages,omitzero"`
	// HomeType is DEFAULT or DASHBOARD for the HOME item.
	HomeType             string `json:"homeType,omitzero"`
	DashboardID          string `json:"dashboardId,omitzero"`
	HideDashboardToolbar *bool  `json:"hideDashboardToolbar,omitzero"`
	// MenuItemType is LINK or SECTION for a CUSTOM item.
	MenuItemType string `json:"menuItemType,omitzero"`
	// LinkType is URL or DASHBOARD for a CUSTOM link.
	LinkType       string `json:"linkType,omitzero"`
	URL            string `json:"url,omitzero"`
	SetAccessToken *bool  `json:"setAccessToken,omitzero"`
}

// CustomMenuDeleteResult is the answer of CustomMenus.Delete.
type CustomMenuDeleteResult struct {
	Success      bool                   `json:"success"`
	AssigneeType CustomMenuAssigneeType `json:"assigneeType,omitzero"`
	AssigneeList []EntityInfo           `json:"assigneeList,omitzero"`
}

// CustomMenuListOptions are the optional filters of CustomMenus.ListInfos.
type CustomMenuListOptions struct {
	Scope        CustomMenuScope
	AssigneeType CustomMenuAssigneeType
}

// CustomMenuCreateOptions are the optional parameters of CustomMenus.Create.
type CustomMenuCreateOptions struct {
	// AssignTo are the ids of the customers or users a CUSTOMERS or USERS menu applies to.
	AssignTo []string
	// Force makes a new ALL menu replace the one the scope has (which becomes NO_ASSIGN)
	// instead of failing.
	Force bool
}

// Current returns the menu that applies to the caller, with the UI's default items
// where no custom menu overrides them.
//
//tb:operation GET /api/customMenu
func (s *CustomMenuService) Current(ctx context.Context) (*CustomMenuConfig, error) {
	return call[CustomMenuConfig](ctx, s.client, http.MethodGet, "/api/customMenu", nil, nil)
}

// ListInfos returns one page of the custom menus of the caller's level; opts may be nil.
//
//tb:operation GET /api/customMenu/infos
func (s *CustomMenuService) ListInfos(ctx context.Context, pl PageLink, opts *CustomMenuListOptions) (*Page[CustomMenuInfo], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "scope", string(opts.Scope))
		setIf(q, "assigneeType", string(opts.AssigneeType))
	}
	return call[Page[CustomMenuInfo]](ctx, s.client, http.MethodGet, "/api/customMenu/infos", q, nil)
}

// ListInfosAll iterates over every custom menu that ListInfos returns, page after page.
//
//tb:operation GET /api/customMenu/infos
func (s *CustomMenuService) ListInfosAll(ctx context.Context, pl PageLink, opts *CustomMenuListOptions) iter.Seq2[CustomMenuInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[CustomMenuInfo], error) {
		return s.ListInfos(ctx, l, opts)
	})
}

// GetInfo returns the description of the custom menu with the given id. A missing
// menu is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/customMenu/{customMenuId}/info
func (s *CustomMenuService) GetInfo(ctx context.Context, customMenuID string) (*CustomMenuInfo, error) {
	if err := checkArgsOf("CustomMenus.GetInfo", "customMenuID", customMenuID); err != nil {
		return nil, err
	}
	return call[CustomMenuInfo](ctx, s.client, http.MethodGet, pathf("/api/customMenu/%s/info", customMenuID), nil, nil)
}

// GetConfig returns the items of the custom menu with the given id.
//
//tb:operation GET /api/customMenu/{customMenuId}/config
func (s *CustomMenuService) GetConfig(ctx context.Context, customMenuID string) (*CustomMenuConfig, error) {
	if err := checkArgsOf("CustomMenus.GetConfig", "customMenuID", customMenuID); err != nil {
		return nil, err
	}
	return call[CustomMenuConfig](ctx, s.client, http.MethodGet, pathf("/api/customMenu/%s/config", customMenuID), nil, nil)
}

// GetAssignees returns the customers or users the custom menu is assigned to; it is
// empty for the other assignee types.
//
//tb:operation GET /api/customMenu/{customMenuId}/assigneeList
func (s *CustomMenuService) GetAssignees(ctx context.Context, customMenuID string) ([]EntityInfo, error) {
	if err := checkArgsOf("CustomMenus.GetAssignees", "customMenuID", customMenuID); err != nil {
		return nil, err
	}
	var out []EntityInfo
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/customMenu/%s/assigneeList", customMenuID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Create creates a custom menu without items (set them with UpdateConfig) and returns
// it. info must have a zero ID; opts may be nil.
//
//tb:operation POST /api/customMenu
func (s *CustomMenuService) Create(ctx context.Context, info *CustomMenuInfo, opts *CustomMenuCreateOptions) (*CustomMenu, error) {
	if info == nil {
		return nil, errors.New("thingsboard: CustomMenus.Create: nil menu")
	}
	if !info.ID.IsZero() {
		return nil, errors.New("thingsboard: CustomMenus.Create: the menu has an id; use UpdateConfig to change a menu")
	}
	if err := checkArgsOf("CustomMenus.Create", "name", info.Name, "scope", string(info.Scope), "assigneeType", string(info.AssigneeType)); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts != nil {
		if len(opts.AssignTo) > 0 {
			if err := peCheckIDs("CustomMenus.Create", "AssignTo", opts.AssignTo); err != nil {
				return nil, err
			}
			q.Set("assignToList", strings.Join(opts.AssignTo, ","))
		}
		if opts.Force {
			q.Set("force", "true")
		}
	}
	return call[CustomMenu](ctx, s.client, http.MethodPost, "/api/customMenu", q, info)
}

// UpdateConfig replaces the items of the custom menu with the given id and returns
// the menu.
//
//tb:operation PUT /api/customMenu/{customMenuId}/config
func (s *CustomMenuService) UpdateConfig(ctx context.Context, customMenuID string, config *CustomMenuConfig) (*CustomMenu, error) {
	if err := checkArgsOf("CustomMenus.UpdateConfig", "customMenuID", customMenuID); err != nil {
		return nil, err
	}
	if config == nil {
		return nil, errors.New("thingsboard: CustomMenus.UpdateConfig: nil config")
	}
	body := *config
	if body.Items == nil {
		body.Items = []MenuItem{}
	}
	return call[CustomMenu](ctx, s.client, http.MethodPut, pathf("/api/customMenu/%s/config", customMenuID), nil, body)
}

// UpdateName renames the custom menu with the given id.
//
//tb:operation PUT /api/customMenu/{customMenuId}/name
func (s *CustomMenuService) UpdateName(ctx context.Context, customMenuID, name string) error {
	if err := checkArgsOf("CustomMenus.UpdateName", "customMenuID", customMenuID, "name", name); err != nil {
		return err
	}
	// The server reads the body as the name itself, not as a JSON string.
	body := rawBody{contentType: "text/plain; charset=utf-8", data: []byte(name)}
	return s.client.do(ctx, http.MethodPut, pathf("/api/customMenu/%s/name", customMenuID), nil, body, nil)
}

// UpdateAssignees changes whom the custom menu with the given id applies to:
// assigneeType, and for CUSTOMERS and USERS the customer or user ids (for USER_GROUPS,
// the group names). force makes an ALL menu replace the scope's current one.
//
//tb:operation PUT /api/customMenu/{id}/assign/{assigneeType}
func (s *CustomMenuService) UpdateAssignees(ctx context.Context, customMenuID string, assigneeType CustomMenuAssigneeType, assignees []string, force bool) error {
	if err := checkArgsOf("CustomMenus.UpdateAssignees", "customMenuID", customMenuID, "assigneeType", string(assigneeType)); err != nil {
		return err
	}
	if assignees == nil {
		assignees = []string{}
	}
	var q url.Values
	if force {
		q = url.Values{"force": {"true"}}
	}
	return s.client.do(ctx, http.MethodPut, pathf("/api/customMenu/%s/assign/%s", customMenuID, string(assigneeType)), q, assignees, nil)
}

// Delete deletes the custom menu with the given id. A menu still assigned to
// customers or users is only deleted with force; without it the server answers with
// an *APIError matching ErrBadRequest (GetAssignees tells to whom).
//
//tb:operation DELETE /api/customMenu/{customMenuId}
func (s *CustomMenuService) Delete(ctx context.Context, customMenuID string, force bool) (*CustomMenuDeleteResult, error) {
	if err := checkArgsOf("CustomMenus.Delete", "customMenuID", customMenuID); err != nil {
		return nil, err
	}
	var q url.Values
	if force {
		q = url.Values{"force": {"true"}}
	}
	return call[CustomMenuDeleteResult](ctx, s.client, http.MethodDelete, pathf("/api/customMenu/%s", customMenuID), q, nil)
}
