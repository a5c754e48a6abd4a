package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// DashboardService manages dashboards. See Client.Dashboards.
type DashboardService service

// DashboardInfo is a dashboard without its configuration, as the dashboard lists return it.
type DashboardInfo struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// TenantID is set by the server from the caller.
	TenantID EntityID `json:"tenantId,omitzero"`
	// Title is required.
	Title string `json:"title"`
	// Image is the dashboard's thumbnail (a data URL or an image link).
	Image string `json:"image,omitempty"`
	// AssignedCustomers are the customers the dashboard is assigned to (Community
	// Edition); change them with AssignToCustomer, UpdateCustomers and the like.
	AssignedCustomers []ShortCustomerInfo `json:"assignedCustomers,omitempty"`
	MobileHide        bool                `json:"mobileHide"`
	// MobileOrder orders dashboards in the mobile application; nil leaves it unset.
	MobileOrder *int `json:"mobileOrder,omitempty"`
	// Version is the optimistic-locking version (3.8+); zero saves unconditionally.
	Version int64 `json:"version,omitzero"`
	// Name is the title, written by the server (read-only).
	Name string `json:"name,omitempty"`
	// CustomerID, OwnerID, OwnerName and Groups exist on Professional Edition servers only.
	CustomerID EntityID     `json:"customerId,omitzero"`
	OwnerID    EntityID     `json:"ownerId,omitzero"`
	OwnerName  string       `json:"ownerName,omitempty"`
	Groups     []EntityInfo `json:"groups,omitempty"`
}

// IsAssignedTo reports whether the dashboard is assigned to the customer.
func (d *DashboardInfo) IsAssignedTo(customerID string) bool {
	for _, c := range d.AssignedCustomers {
		if c.CustomerID.ID == customerID {
			return true
		}
	}
	return false
}

// Dashboard is a dashboard with its configuration (layouts, widgets, entity aliases).
// Saving a Dashboard with a zero ID creates it.
type Dashboard struct {
	DashboardInfo
	// Configuration is the dashboard's JSON configuration.
	Configuration json.RawMessage `json:"configuration,omitempty"`
	// Resources are the images and other resources the dashboard uses, exported with it
	// by GetWithResources.
	Resources  []json.RawMessage `json:"resources,omitzero"`
	ExternalID EntityID          `json:"externalId,omitzero"`
}

// HomeDashboard is the dashboard a user sees first, with its toolbar setting.
type HomeDashboard struct {
	Dashboard
	HideDashboardToolbar bool `json:"hideDashboardToolbar"`
}

// HomeDashboardInfo names a home dashboard. A zero DashboardID means none.
type HomeDashboardInfo struct {
	DashboardID          EntityID `json:"dashboardId,omitzero"`
	HideDashboardToolbar bool     `json:"hideDashboardToolbar"`
}

// DashboardSaveOptions are the optional query parameters of DashboardService.Save.
type DashboardSaveOptions struct {
	// EntityGroupID and EntityGroupIDs add a new dashboard to dashboard groups
	// (Professional Edition).
	EntityGroupID  string
	EntityGroupIDs []string
}

// DashboardListOptions are the optional filters of the dashboard lists.
type DashboardListOptions struct {
	// Mobile leaves out the dashboards hidden on mobile devices and orders the rest by
	// their mobile order.
	Mobile bool
	// IncludeCustomers also returns the dashboards of sub-customers (Professional
	// Edition lists only).
	IncludeCustomers bool
}

func (o *DashboardListOptions) addTo(q url.Values) {
	if o == nil {
		return
	}
	if o.Mobile {
		q.Set("mobile", "true")
	}
	if o.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
}

// UserDashboardListOptions are the optional filters of ListUserDashboards.
type UserDashboardListOptions struct {
	// Mobile leaves out the dashboards hidden on mobile devices.
	Mobile bool
	// Operation lists only the dashboards the user may perform this operation on
	// (a permission operation such as "READ" or "WRITE").
	Operation string
	// UserID lists the dashboards of another user instead of the current one.
	UserID string
}

// ServerTime returns the server's clock, to correct for the difference between the
// local and the server time.
//
//tb:operation GET /api/dashboard/serverTime
func (s *DashboardService) ServerTime(ctx context.Context) (time.Time, error) {
	var ms int64
	if err := s.client.do(ctx, http.MethodGet, "/api/dashboard/serverTime", nil, nil, &ms); err != nil {
		return time.Time{}, err
	}
	return TimeOf(ms), nil
}

// MaxDatapointsLimit returns the most data points a dashboard may request in one
// subscription (the server's ui.dashboard.max_datapoints_limit).
//
//tb:operation GET /api/dashboard/maxDatapointsLimit
func (s *DashboardService) MaxDatapointsLimit(ctx context.Context) (int64, error) {
	var n int64
	if err := s.client.do(ctx, http.MethodGet, "/api/dashboard/maxDatapointsLimit", nil, nil, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// Get returns the dashboard with its configuration. A missing dashboard is an
// *APIError matching ErrNotFound; another customer's is one matching ErrPermissionDenied.
//
//tb:operation GET /api/dashboard/{dashboardId}
func (s *DashboardService) Get(ctx context.Context, dashboardID string) (*Dashboard, error) {
	return s.get(ctx, "Dashboards.Get", dashboardID, nil)
}

// GetWithResources returns the dashboard with its configuration and, in Resources,
// the images and other resources it uses, for export.
//
//tb:operation GET /api/dashboard/{dashboardId}
func (s *DashboardService) GetWithResources(ctx context.Context, dashboardID string) (*Dashboard, error) {
	return s.get(ctx, "Dashboards.GetWithResources", dashboardID, url.Values{"includeResources": {"true"}})
}

func (s *DashboardService) get(ctx context.Context, method, dashboardID string, q url.Values) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing(method, "dashboardID")
	}
	return call[Dashboard](ctx, s.client, http.MethodGet, pathf("/api/dashboard/%s", dashboardID), q, nil)
}

// GetInfo returns the dashboard without its configuration.
//
//tb:operation GET /api/dashboard/info/{dashboardId}
func (s *DashboardService) GetInfo(ctx context.Context, dashboardID string) (*DashboardInfo, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.GetInfo", "dashboardID")
	}
	return call[DashboardInfo](ctx, s.client, http.MethodGet, pathf("/api/dashboard/info/%s", dashboardID), nil, nil)
}

// Save creates the dashboard (zero ID) or updates it, and returns the saved dashboard.
// opts may be nil.
//
//tb:operation POST /api/dashboard
func (s *DashboardService) Save(ctx context.Context, dashboard *Dashboard, opts *DashboardSaveOptions) (*Dashboard, error) {
	if dashboard == nil {
		return nil, errors.New("thingsboard: Dashboards.Save: nil dashboard")
	}
	q := url.Values{}
	if opts != nil {
		addGroupParams(q, opts.EntityGroupID, opts.EntityGroupIDs)
	}
	return call[Dashboard](ctx, s.client, http.MethodPost, "/api/dashboard", q, dashboard)
}

// Delete deletes the dashboard.
//
//tb:operation DELETE /api/dashboard/{dashboardId}
func (s *DashboardService) Delete(ctx context.Context, dashboardID string) error {
	if dashboardID == "" {
		return errMissing("Dashboards.Delete", "dashboardID")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/dashboard/%s", dashboardID), nil, nil, nil)
}

// List returns one page of the dashboards of the caller's tenant (tenant
// administrator). Sort properties: createdTime, title. opts may be nil.
//
//tb:operation GET /api/tenant/dashboards
func (s *DashboardService) List(ctx context.Context, pl PageLink, opts *DashboardListOptions) (*Page[DashboardInfo], error) {
	q := pl.Values()
	if opts != nil && opts.Mobile {
		q.Set("mobile", "true")
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, "/api/tenant/dashboards", q)
}

// ListAll iterates over every dashboard of the caller's tenant, starting at pl.
//
//tb:operation GET /api/tenant/dashboards
func (s *DashboardService) ListAll(ctx context.Context, pl PageLink, opts *DashboardListOptions) iter.Seq2[DashboardInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DashboardInfo], error) {
		return s.List(ctx, pl, opts)
	})
}

// ListByTenant returns one page of the dashboards of a tenant (system administrator).
//
//tb:operation GET /api/tenant/{tenantId}/dashboards
func (s *DashboardService) ListByTenant(ctx context.Context, tenantID string, pl PageLink) (*Page[DashboardInfo], error) {
	if tenantID == "" {
		return nil, errMissing("Dashboards.ListByTenant", "tenantID")
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, pathf("/api/tenant/%s/dashboards", tenantID), pl.Values())
}

// ListByCustomer returns one page of the dashboards of a customer: assigned to it on a
// Community Edition server, owned by it on a Professional Edition one. opts may be nil.
//
//tb:operation GET /api/customer/{customerId}/dashboards
func (s *DashboardService) ListByCustomer(ctx context.Context, customerID string, pl PageLink, opts *DashboardListOptions) (*Page[DashboardInfo], error) {
	if customerID == "" {
		return nil, errMissing("Dashboards.ListByCustomer", "customerID")
	}
	q := pl.Values()
	opts.addTo(q)
	return fetchPageOf[DashboardInfo](ctx, s.client, pathf("/api/customer/%s/dashboards", customerID), q)
}

// ListByCustomerAll iterates over every dashboard of a customer, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/dashboards
func (s *DashboardService) ListByCustomerAll(ctx context.Context, customerID string, pl PageLink, opts *DashboardListOptions) iter.Seq2[DashboardInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DashboardInfo], error) {
		return s.ListByCustomer(ctx, customerID, pl, opts)
	})
}

// ListUserDashboards returns one page of the dashboards available to the current user
// (or to opts.UserID) through ownership and group permissions (Professional Edition).
// opts may be nil.
//
//tb:operation GET /api/user/dashboards
func (s *DashboardService) ListUserDashboards(ctx context.Context, pl PageLink, opts *UserDashboardListOptions) (*Page[DashboardInfo], error) {
	q := pl.Values()
	if opts != nil {
		if opts.Mobile {
			q.Set("mobile", "true")
		}
		if opts.Operation != "" {
			q.Set("operation", opts.Operation)
		}
		if opts.UserID != "" {
			q.Set("userId", opts.UserID)
		}
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, "/api/user/dashboards", q)
}

// ListUserDashboardsAll iterates over every dashboard ListUserDashboards returns, starting at pl.
//
//tb:operation GET /api/user/dashboards
func (s *DashboardService) ListUserDashboardsAll(ctx context.Context, pl PageLink, opts *UserDashboardListOptions) iter.Seq2[DashboardInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[DashboardInfo], error) {
		return s.ListUserDashboards(ctx, pl, opts)
	})
}

// ListAllInfos returns one page of the dashboards owned by the caller's tenant or
// customer (Professional Edition). opts may be nil.
//
//tb:operation GET /api/dashboards/all
func (s *DashboardService) ListAllInfos(ctx context.Context, pl PageLink, opts *DashboardListOptions) (*Page[DashboardInfo], error) {
	q := pl.Values()
	if opts != nil && opts.IncludeCustomers {
		q.Set("includeCustomers", "true")
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, "/api/dashboards/all", q)
}

// ListByEntityGroup returns one page of the dashboards in a dashboard group (Professional Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/dashboards
func (s *DashboardService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[DashboardInfo], error) {
	if entityGroupID == "" {
		return nil, errMissing("Dashboards.ListByEntityGroup", "entityGroupID")
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, pathf("/api/entityGroup/%s/dashboards", entityGroupID), pl.Values())
}

// ListByEdge returns one page of the dashboards assigned to an edge.
//
//tb:operation GET /api/edge/{edgeId}/dashboards
func (s *DashboardService) ListByEdge(ctx context.Context, edgeID string, pl PageLink) (*Page[DashboardInfo], error) {
	if edgeID == "" {
		return nil, errMissing("Dashboards.ListByEdge", "edgeID")
	}
	return fetchPageOf[DashboardInfo](ctx, s.client, pathf("/api/edge/%s/dashboards", edgeID), pl.Values())
}

// ListByIDs returns the dashboards with the given ids that the caller may read; unknown
// ids are left out. It calls /api/dashboards/list (Community Edition 4.3+) and, when
// the server does not know that path (Professional Edition, older servers), the older
// /api/dashboards?dashboardIds= form.
//
//tb:operation GET /api/dashboards/list
//tb:operation GET /api/dashboards
func (s *DashboardService) ListByIDs(ctx context.Context, dashboardIDs []string) ([]DashboardInfo, error) {
	ids, err := joinIDList("Dashboards.ListByIDs", "dashboardIDs", dashboardIDs)
	if err != nil {
		return nil, err
	}
	q := url.Values{"dashboardIds": {ids}}
	var out []DashboardInfo
	err = s.client.do(ctx, http.MethodGet, "/api/dashboards/list", q, nil, &out)
	var apiErr *APIError
	if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusNotFound || apiErr.StatusCode == http.StatusMethodNotAllowed) {
		out = nil
		err = s.client.do(ctx, http.MethodGet, "/api/dashboards", q, nil, &out)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AssignToCustomer assigns the dashboard to a customer (nothing changes if it already
// is) and returns the dashboard.
//
//tb:operation POST /api/customer/{customerId}/dashboard/{dashboardId}
func (s *DashboardService) AssignToCustomer(ctx context.Context, customerID, dashboardID string) (*Dashboard, error) {
	if customerID == "" {
		return nil, errMissing("Dashboards.AssignToCustomer", "customerID")
	}
	if dashboardID == "" {
		return nil, errMissing("Dashboards.AssignToCustomer", "dashboardID")
	}
	return s.post(ctx, http.MethodPost, pathf("/api/customer/%s/dashboard/%s", customerID, dashboardID), nil)
}

// UnassignFromCustomer removes the dashboard's assignment to a customer and returns the dashboard.
//
//tb:operation DELETE /api/customer/{customerId}/dashboard/{dashboardId}
func (s *DashboardService) UnassignFromCustomer(ctx context.Context, customerID, dashboardID string) (*Dashboard, error) {
	if customerID == "" {
		return nil, errMissing("Dashboards.UnassignFromCustomer", "customerID")
	}
	if dashboardID == "" {
		return nil, errMissing("Dashboards.UnassignFromCustomer", "dashboardID")
	}
	return s.post(ctx, http.MethodDelete, pathf("/api/customer/%s/dashboard/%s", customerID, dashboardID), nil)
}

// AssignToPublicCustomer makes the dashboard public: it is assigned to the tenant's
// public customer (created on first use), so users who are not logged in can open it.
//
//tb:operation POST /api/customer/public/dashboard/{dashboardId}
func (s *DashboardService) AssignToPublicCustomer(ctx context.Context, dashboardID string) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.AssignToPublicCustomer", "dashboardID")
	}
	return s.post(ctx, http.MethodPost, pathf("/api/customer/public/dashboard/%s", dashboardID), nil)
}

// UnassignFromPublicCustomer makes the dashboard private again.
//
//tb:operation DELETE /api/customer/public/dashboard/{dashboardId}
func (s *DashboardService) UnassignFromPublicCustomer(ctx context.Context, dashboardID string) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.UnassignFromPublicCustomer", "dashboardID")
	}
	return s.post(ctx, http.MethodDelete, pathf("/api/customer/public/dashboard/%s", dashboardID), nil)
}

// UpdateCustomers assigns the dashboard to exactly these customers, removing other
// assignments (an empty list removes them all), and returns the dashboard.
//
//tb:operation POST /api/dashboard/{dashboardId}/customers
func (s *DashboardService) UpdateCustomers(ctx context.Context, dashboardID string, customerIDs []string) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.UpdateCustomers", "dashboardID")
	}
	if customerIDs == nil {
		customerIDs = []string{}
	}
	return s.post(ctx, http.MethodPost, pathf("/api/dashboard/%s/customers", dashboardID), customerIDs)
}

// AddCustomers assigns the dashboard to these customers too and returns the dashboard.
//
//tb:operation POST /api/dashboard/{dashboardId}/customers/add
func (s *DashboardService) AddCustomers(ctx context.Context, dashboardID string, customerIDs []string) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.AddCustomers", "dashboardID")
	}
	if customerIDs == nil {
		customerIDs = []string{}
	}
	return s.post(ctx, http.MethodPost, pathf("/api/dashboard/%s/customers/add", dashboardID), customerIDs)
}

// RemoveCustomers removes the dashboard's assignments to these customers and returns the dashboard.
//
//tb:operation POST /api/dashboard/{dashboardId}/customers/remove
func (s *DashboardService) RemoveCustomers(ctx context.Context, dashboardID string, customerIDs []string) (*Dashboard, error) {
	if dashboardID == "" {
		return nil, errMissing("Dashboards.RemoveCustomers", "dashboardID")
	}
	if customerIDs == nil {
		customerIDs = []string{}
	}
	return s.post(ctx, http.MethodPost, pathf("/api/dashboard/%s/customers/remove", dashboardID), customerIDs)
}

// AssignToEdge assigns the dashboard to an edge and returns the dashboard.
//
//tb:operation POST /api/edge/{edgeId}/dashboard/{dashboardId}
func (s *DashboardService) AssignToEdge(ctx context.Context, edgeID, dashboardID string) (*Dashboard, error) {
	if edgeID == "" {
		return nil, errMissing("Dashboards.AssignToEdge", "edgeID")
	}
	if dashboardID == "" {
		return nil, errMissing("Dashboards.AssignToEdge", "dashboardID")
	}
	return s.post(ctx, http.MethodPost, pathf("/api/edge/%s/dashboard/%s", edgeID, dashboardID), nil)
}

// UnassignFromEdge removes the dashboard's assignment to an edge and returns the dashboard.
//
//tb:operation DELETE /api/edge/{edgeId}/dashboard/{dashboardId}
func (s *DashboardService) UnassignFromEdge(ctx context.Context, edgeID, dashboardID string) (*Dashboard, error) {
	if edgeID == "" {
		return nil, errMissing("Dashboards.UnassignFromEdge", "edgeID")
	}
	if dashboardID == "" {
		return nil, errMissing("Dashboards.UnassignFromEdge", "dashboardID")
	}
	return s.post(ctx, http.MethodDelete, pathf("/api/edge/%s/dashboard/%s", edgeID, dashboardID), nil)
}

func (s *DashboardService) post(ctx context.Context, method, path string, body any) (*Dashboard, error) {
	d := new(Dashboard)
	if err := s.client.do(ctx, method, path, nil, body, d); err != nil {
		return nil, err
	}
	return d, nil
}

// Home returns the current user's home dashboard: the one set on the user, else on its
// customer, else on its tenant. It returns nil when none is set (always for a system
// administrator).
//
//tb:operation GET /api/dashboard/home
func (s *DashboardService) Home(ctx context.Context) (*HomeDashboard, error) {
	var out *HomeDashboard
	if err := s.client.do(ctx, http.MethodGet, "/api/dashboard/home", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// HomeInfo returns the id of the current user's home dashboard, or nil when none is set.
//
//tb:operation GET /api/dashboard/home/info
func (s *DashboardService) HomeInfo(ctx context.Context) (*HomeDashboardInfo, error) {
	var out *HomeDashboardInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/dashboard/home/info", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// TenantHomeInfo returns the home dashboard set on the caller's tenant (tenant administrator).
//
//tb:operation GET /api/tenant/dashboard/home/info
func (s *DashboardService) TenantHomeInfo(ctx context.Context) (*HomeDashboardInfo, error) {
	return call[HomeDashboardInfo](ctx, s.client, http.MethodGet, "/api/tenant/dashboard/home/info", nil, nil)
}

// SetTenantHomeInfo sets (or, with a zero DashboardID, clears) the home dashboard of the
// caller's tenant.
//
//tb:operation POST /api/tenant/dashboard/home/info
func (s *DashboardService) SetTenantHomeInfo(ctx context.Context, info HomeDashboardInfo) error {
	return s.client.do(ctx, http.MethodPost, "/api/tenant/dashboard/home/info", nil, info, nil)
}

// CustomerHomeInfo returns the home dashboard set on the caller's customer (customer
// user, Professional Edition).
//
//tb:operation GET /api/customer/dashboard/home/info
func (s *DashboardService) CustomerHomeInfo(ctx context.Context) (*HomeDashboardInfo, error) {
	return call[HomeDashboardInfo](ctx, s.client, http.MethodGet, "/api/customer/dashboard/home/info", nil, nil)
}

// SetCustomerHomeInfo sets (or, with a zero DashboardID, clears) the home dashboard of
// the caller's customer (customer user, Professional Edition).
//
//tb:operation POST /api/customer/dashboard/home/info
func (s *DashboardService) SetCustomerHomeInfo(ctx context.Context, info HomeDashboardInfo) error {
	return s.client.do(ctx, http.MethodPost, "/api/customer/dashboard/home/info", nil, info, nil)
}

// ExportGroup returns up to limit dashboards of a dashboard group with their
// configurations (Professional Edition). A limit of 0 or less leaves it to the server.
//
//tb:operation GET /api/entityGroup/{entityGroupId}/dashboards/export
func (s *DashboardService) ExportGroup(ctx context.Context, entityGroupID string, limit int) ([]Dashboard, error) {
	if entityGroupID == "" {
		return nil, errMissing("Dashboards.ExportGroup", "entityGroupID")
	}
	var q url.Values
	if limit > 0 {
		q = url.Values{"limit": {strconv.Itoa(limit)}}
	}
	var out []Dashboard
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/entityGroup/%s/dashboards/export", entityGroupID), q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ImportGroup imports dashboards into a dashboard group (Professional Edition); with
// overwrite, dashboards with the same title are replaced.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/dashboards/import
func (s *DashboardService) ImportGroup(ctx context.Context, entityGroupID string, dashboards []Dashboard, overwrite bool) error {
	if entityGroupID == "" {
		return errMissing("Dashboards.ImportGroup", "entityGroupID")
	}
	if dashboards == nil {
		dashboards = []Dashboard{}
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/dashboards/import", entityGroupID),
		url.Values{"overwrite": {strconv.FormatBool(overwrite)}}, dashboards, nil)
}
