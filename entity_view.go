package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// EntityViewService manages entity views. See Client.EntityViews.
type EntityViewService service

// EntityView exposes part of a device's or asset's telemetry and attributes, for a
// time window, as an entity of its own (for example to share it with a customer).
type EntityView struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer the view is assigned to; NullUUID when it belongs to
	// the tenant itself.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the owning tenant or customer (Professional Edition; read-only).
	OwnerID EntityID `json:"ownerId,omitzero"`
	// EntityID is the viewed device or asset (required).
	EntityID EntityID `json:"entityId"`
	Name     string   `json:"name"`
	// Type is a free-form classification (required).
	Type string `json:"type"`
	// Keys are the time series and attribute keys the view exposes.
	Keys *EntityViewKeys `json:"keys,omitzero"`
	// StartTimeMS and EndTimeMS bound the exposed time series (epoch milliseconds;
	// 0 leaves a bound open).
	StartTimeMS    int64           `json:"startTimeMs"`
	EndTimeMS      int64           `json:"endTimeMs"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
}

// EntityViewKeys lists the keys an entity view exposes (the server's
// TelemetryEntityView).
type EntityViewKeys struct {
	Timeseries []string                `json:"timeseries"`
	Attributes EntityViewAttributeKeys `json:"attributes"`
}

// EntityViewAttributeKeys lists the exposed attribute keys by scope (the server's
// AttributesEntityView).
type EntityViewAttributeKeys struct {
	// Client lists CLIENT_SCOPE keys ("cs").
	Client []string `json:"cs"`
	// Server lists SERVER_SCOPE keys ("ss").
	Server []string `json:"ss"`
	// Shared lists SHARED_SCOPE keys ("sh").
	Shared []string `json:"sh"`
}

// MarshalJSON writes nil key lists as empty arrays, as the server requires them.
func (k EntityViewKeys) MarshalJSON() ([]byte, error) {
	type plain EntityViewKeys
	p := plain(k)
	p.Timeseries = nonNil(p.Timeseries)
	p.Attributes.Client = nonNil(p.Attributes.Client)
	p.Attributes.Server = nonNil(p.Attributes.Server)
	p.Attributes.Shared = nonNil(p.Attributes.Shared)
	return json.Marshal(p)
}

// EntityViewInfo is an EntityView with its customer's name.
type EntityViewInfo struct {
	EntityView
	CustomerTitle    string `json:"customerTitle,omitzero"`
	CustomerIsPublic bool   `json:"customerIsPublic"`
	// OwnerName and Groups are filled by Professional Edition servers.
	OwnerName string       `json:"ownerName,omitzero"`
	Groups    []EntityInfo `json:"groups,omitzero"`
}

// EntityViewSearchQuery finds the entity views related to a root entity. Only views
// whose type is in EntityViewTypes are returned.
type EntityViewSearchQuery struct {
	Parameters      RelationsSearchParameters `json:"parameters"`
	RelationType    string                    `json:"relationType,omitzero"`
	EntityViewTypes []string                  `json:"entityViewTypes"`
}

// EntityViewListOptions filter entity view lists.
type EntityViewListOptions struct {
	// Type keeps the views of this type.
	Type string
}

func (o *EntityViewListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
	}
	return v
}

// EntityViewInfoListOptions filter entity view info lists.
type EntityViewInfoListOptions struct {
	// Type keeps the views of this type.
	Type string
	// IncludeCustomers also lists the views of sub-customers (Professional Edition).
	IncludeCustomers *bool
}

func (o *EntityViewInfoListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
		setBool(v, "includeCustomers", o.IncludeCustomers)
	}
	return v
}

// Get returns the entity view with the given id.
//
//tb:operation GET /api/entityView/{entityViewId}
func (s *EntityViewService) Get(ctx context.Context, entityViewID string) (*EntityView, error) {
	if err := checkArgs("entityViewID", entityViewID); err != nil {
		return nil, err
	}
	return call[EntityView](ctx, s.client, http.MethodGet, pathf("/api/entityView/%s", entityViewID), nil, nil)
}

// GetInfo returns the entity view with its customer's name.
//
//tb:operation GET /api/entityView/info/{entityViewId}
func (s *EntityViewService) GetInfo(ctx context.Context, entityViewID string) (*EntityViewInfo, error) {
	if err := checkArgs("entityViewID", entityViewID); err != nil {
		return nil, err
	}
	return call[EntityViewInfo](ctx, s.client, http.MethodGet, pathf("/api/entityView/info/%s", entityViewID), nil, nil)
}

// GetByName returns the tenant's entity view with the given name (tenant
// administrators only). A missing view is an error matching ErrNotFound.
//
//tb:operation GET /api/tenant/entityViews
func (s *EntityViewService) GetByName(ctx context.Context, name string) (*EntityView, error) {
	if err := checkArgs("name", name); err != nil {
		return nil, err
	}
	return call[EntityView](ctx, s.client, http.MethodGet, "/api/tenant/entityViews", url.Values{"entityViewName": {name}}, nil)
}

// Save creates the entity view (zero ID) or updates it, and returns the saved view.
//
//tb:operation POST /api/entityView
func (s *EntityViewService) Save(ctx context.Context, v *EntityView, opts *EntitySaveOptions) (*EntityView, error) {
	if v == nil {
		return nil, errEmptyArg("entity view")
	}
	return call[EntityView](ctx, s.client, http.MethodPost, "/api/entityView", opts.values(), v)
}

// Delete deletes the entity view.
//
//tb:operation DELETE /api/entityView/{entityViewId}
func (s *EntityViewService) Delete(ctx context.Context, entityViewID string) error {
	if err := checkArgs("entityViewID", entityViewID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/entityView/%s", entityViewID), nil, nil, nil)
}

// ListTenant returns a page of the tenant's entity views (tenant administrators only).
//
//tb:operation GET /api/tenant/entityViews
func (s *EntityViewService) ListTenant(ctx context.Context, pl PageLink, opts *EntityViewListOptions) (*Page[EntityView], error) {
	return call[Page[EntityView]](ctx, s.client, http.MethodGet, "/api/tenant/entityViews", opts.values(pl), nil)
}

// ListTenantAll iterates over ListTenant, starting at pl.
//
//tb:operation GET /api/tenant/entityViews
func (s *EntityViewService) ListTenantAll(ctx context.Context, pl PageLink, opts *EntityViewListOptions) iter.Seq2[EntityView, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[EntityView], error) {
		return s.ListTenant(ctx, pl, opts)
	})
}

// ListTenantInfos returns a page of the tenant's entity views as EntityViewInfo.
//
//tb:operation GET /api/tenant/entityViewInfos
func (s *EntityViewService) ListTenantInfos(ctx context.Context, pl PageLink, opts *EntityViewInfoListOptions) (*Page[EntityViewInfo], error) {
	return call[Page[EntityViewInfo]](ctx, s.client, http.MethodGet, "/api/tenant/entityViewInfos", opts.values(pl), nil)
}

// ListTenantInfosAll iterates over ListTenantInfos, starting at pl.
//
//tb:operation GET /api/tenant/entityViewInfos
func (s *EntityViewService) ListTenantInfosAll(ctx context.Context, pl PageLink, opts *EntityViewInfoListOptions) iter.Seq2[EntityViewInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[EntityViewInfo], error) {
		return s.ListTenantInfos(ctx, pl, opts)
	})
}

// ListCustomer returns a page of the entity views assigned to the customer.
//
//tb:operation GET /api/customer/{customerId}/entityViews
func (s *EntityViewService) ListCustomer(ctx context.Context, customerID string, pl PageLink, opts *EntityViewListOptions) (*Page[EntityView], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[EntityView]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/entityViews", customerID), opts.values(pl), nil)
}

// ListCustomerAll iterates over ListCustomer, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/entityViews
func (s *EntityViewService) ListCustomerAll(ctx context.Context, customerID string, pl PageLink, opts *EntityViewListOptions) iter.Seq2[EntityView, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[EntityView], error) {
		return s.ListCustomer(ctx, customerID, pl, opts)
	})
}

// ListCustomerInfos returns a page of the customer's entity views as EntityViewInfo.
//
//tb:operation GET /api/customer/{customerId}/entityViewInfos
func (s *EntityViewService) ListCustomerInfos(ctx context.Context, customerID string, pl PageLink, opts *EntityViewInfoListOptions) (*Page[EntityViewInfo], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[EntityViewInfo]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/entityViewInfos", customerID), opts.values(pl), nil)
}

// ListCustomerInfosAll iterates over ListCustomerInfos, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/entityViewInfos
func (s *EntityViewService) ListCustomerInfosAll(ctx context.Context, customerID string, pl PageLink, opts *EntityViewInfoListOptions) iter.Seq2[EntityViewInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[EntityViewInfo], error) {
		return s.ListCustomerInfos(ctx, customerID, pl, opts)
	})
}

// ListUser returns a page of the entity views the current user may read
// (Professional Edition).
//
//tb:operation GET /api/user/entityViews
func (s *EntityViewService) ListUser(ctx context.Context, pl PageLink, opts *EntityViewListOptions) (*Page[EntityView], error) {
	return call[Page[EntityView]](ctx, s.client, http.MethodGet, "/api/user/entityViews", opts.values(pl), nil)
}

// ListUserAll iterates over ListUser, starting at pl.
//
//tb:operation GET /api/user/entityViews
func (s *EntityViewService) ListUserAll(ctx context.Context, pl PageLink, opts *EntityViewListOptions) iter.Seq2[EntityView, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[EntityView], error) {
		return s.ListUser(ctx, pl, opts)
	})
}

// ListAllInfos returns a page of every entity view the current user may read, as
// EntityViewInfo (Professional Edition).
//
//tb:operation GET /api/entityViewInfos/all
func (s *EntityViewService) ListAllInfos(ctx context.Context, pl PageLink, opts *EntityViewInfoListOptions) (*Page[EntityViewInfo], error) {
	return call[Page[EntityViewInfo]](ctx, s.client, http.MethodGet, "/api/entityViewInfos/all", opts.values(pl), nil)
}

// ListByEntityGroup returns a page of the entity views in an entity group
// (Professional Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/entityViews
func (s *EntityViewService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[EntityView], error) {
	if err := checkArgs("entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[Page[EntityView]](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s/entityViews", entityGroupID), pl.Values(), nil)
}

// ListByIDs returns the entity views with the given ids that the user may read;
// unknown ids are left out.
//
//tb:operation GET /api/entityViews/list
func (s *EntityViewService) ListByIDs(ctx context.Context, entityViewIDs []string) ([]EntityView, error) {
	ids, err := joinIDs("entityViewIDs", entityViewIDs)
	if err != nil {
		return nil, err
	}
	var out []EntityView
	if err := s.client.do(ctx, http.MethodGet, "/api/entityViews/list", url.Values{"entityViewIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByQuery returns the entity views related to the query's root entity.
//
//tb:operation POST /api/entityViews
func (s *EntityViewService) FindByQuery(ctx context.Context, q EntityViewSearchQuery) ([]EntityView, error) {
	if q.EntityViewTypes == nil {
		q.EntityViewTypes = []string{}
	}
	var out []EntityView
	if err := s.client.do(ctx, http.MethodPost, "/api/entityViews", nil, q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListTypes returns the entity view types in use by the tenant.
//
//tb:operation GET /api/entityView/types
func (s *EntityViewService) ListTypes(ctx context.Context) ([]EntitySubtype, error) {
	var out []EntitySubtype
	if err := s.client.do(ctx, http.MethodGet, "/api/entityView/types", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AssignToCustomer assigns the entity view to the customer and returns it.
//
//tb:operation POST /api/customer/{customerId}/entityView/{entityViewId}
func (s *EntityViewService) AssignToCustomer(ctx context.Context, customerID, entityViewID string) (*EntityView, error) {
	if err := checkArgs("customerID", customerID, "entityViewID", entityViewID); err != nil {
		return nil, err
	}
	return call[EntityView](ctx, s.client, http.MethodPost, pathf("/api/customer/%s/entityView/%s", customerID, entityViewID), nil, nil)
}

// UnassignFromCustomer returns the entity view to the tenant.
//
//tb:operation DELETE /api/customer/entityView/{entityViewId}
func (s *EntityViewService) UnassignFromCustomer(ctx context.Context, entityViewID string) (*EntityView, error) {
	if err := checkArgs("entityViewID", entityViewID); err != nil {
		return nil, err
	}
	return call[EntityView](ctx, s.client, http.MethodDelete, pathf("/api/customer/entityView/%s", entityViewID), nil, nil)
}

// AssignToPublicCustomer makes the entity view public by assigning it to the tenant's
// public customer.
//
//tb:operation POST /api/customer/public/entityView/{entityViewId}
func (s *EntityViewService) AssignToPublicCustomer(ctx context.Context, entityViewID string) (*EntityView, error) {
	if err := checkArgs("entityViewID", entityViewID); err != nil {
		return nil, err
	}
	return call[EntityView](ctx, s.client, http.MethodPost, pathf("/api/customer/public/entityView/%s", entityViewID), nil, nil)
}
