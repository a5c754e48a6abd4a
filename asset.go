package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// AssetService manages assets. See Client.Assets.
type AssetService service

// Asset is a ThingsBoard asset: a building, a vehicle, a field, anything that groups
// devices.
//
// To create one, set Name and either AssetProfileID or Type (an asset profile name;
// the server creates a profile of that name when none exists) and save it with a
// zero ID.
type Asset struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer the asset is assigned to; NullUUID when it belongs to
	// the tenant itself.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the owning tenant or customer (Professional Edition; read-only).
	OwnerID EntityID `json:"ownerId,omitzero"`
	Name    string   `json:"name"`
	// Type is the name of the asset profile.
	Type           string          `json:"type,omitzero"`
	Label          string          `json:"label,omitzero"`
	AssetProfileID EntityID        `json:"assetProfileId,omitzero"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
}

// AssetInfo is an Asset with the names the server joins to it.
type AssetInfo struct {
	Asset
	CustomerTitle    string `json:"customerTitle,omitzero"`
	CustomerIsPublic bool   `json:"customerIsPublic"`
	AssetProfileName string `json:"assetProfileName,omitzero"`
	// OwnerName and Groups are filled by Professional Edition servers.
	OwnerName string       `json:"ownerName,omitzero"`
	Groups    []EntityInfo `json:"groups,omitzero"`
}

// AssetSearchQuery finds the assets related to a root entity. Only assets whose type
// is in AssetTypes are returned.
type AssetSearchQuery struct {
	Parameters   RelationsSearchParameters `json:"parameters"`
	RelationType string                    `json:"relationType,omitzero"`
	AssetTypes   []string                  `json:"assetTypes"`
}

// AssetListOptions filter asset lists.
type AssetListOptions struct {
	// Type keeps the assets of this asset profile name.
	Type string
	// AssetProfileID keeps the assets of this profile (Professional Edition
	// Assets.ListUser only).
	AssetProfileID string
}

func (o *AssetListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
		setIf(v, "assetProfileId", o.AssetProfileID)
	}
	return v
}

// AssetInfoListOptions filter asset info lists.
type AssetInfoListOptions struct {
	// Type keeps the assets of this asset profile name. It takes precedence over
	// AssetProfileID.
	Type string
	// AssetProfileID keeps the assets of this profile.
	AssetProfileID string
	// IncludeCustomers also lists the assets of sub-customers (Professional Edition).
	IncludeCustomers *bool
}

func (o *AssetInfoListOptions) values(pl PageLink) url.Values {
	v := pl.Values()
	if o != nil {
		setIf(v, "type", o.Type)
		setIf(v, "assetProfileId", o.AssetProfileID)
		setBool(v, "includeCustomers", o.IncludeCustomers)
	}
	return v
}

// Get returns the asset with the given id.
//
//tb:operation GET /api/asset/{assetId}
func (s *AssetService) Get(ctx context.Context, assetID string) (*Asset, error) {
	if err := checkArgs("assetID", assetID); err != nil {
		return nil, err
	}
	return call[Asset](ctx, s.client, http.MethodGet, pathf("/api/asset/%s", assetID), nil, nil)
}

// GetInfo returns the asset with its customer and profile names.
//
//tb:operation GET /api/asset/info/{assetId}
func (s *AssetService) GetInfo(ctx context.Context, assetID string) (*AssetInfo, error) {
	if err := checkArgs("assetID", assetID); err != nil {
		return nil, err
	}
	return call[AssetInfo](ctx, s.client, http.MethodGet, pathf("/api/asset/info/%s", assetID), nil, nil)
}

// GetByName returns the tenant's asset with the given name (tenant administrators
// only). A missing asset is an error matching ErrNotFound.
//
//tb:operation GET /api/tenant/assets
func (s *AssetService) GetByName(ctx context.Context, name string) (*Asset, error) {
	if err := checkArgs("name", name); err != nil {
		return nil, err
	}
	return call[Asset](ctx, s.client, http.MethodGet, "/api/tenant/assets", url.Values{"assetName": {name}}, nil)
}

// Save creates the asset (zero ID) or updates it, and returns the saved asset.
//
//tb:operation POST /api/asset
func (s *AssetService) Save(ctx context.Context, a *Asset, opts *EntitySaveOptions) (*Asset, error) {
	if a == nil {
		return nil, errEmptyArg("asset")
	}
	return call[Asset](ctx, s.client, http.MethodPost, "/api/asset", opts.values(), a)
}

// Delete deletes the asset and its relations (tenant administrators only).
//
//tb:operation DELETE /api/asset/{assetId}
func (s *AssetService) Delete(ctx context.Context, assetID string) error {
	if err := checkArgs("assetID", assetID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/asset/%s", assetID), nil, nil, nil)
}

// ListTenant returns a page of the tenant's assets (tenant administrators only).
//
//tb:operation GET /api/tenant/assets
func (s *AssetService) ListTenant(ctx context.Context, pl PageLink, opts *AssetListOptions) (*Page[Asset], error) {
	return call[Page[Asset]](ctx, s.client, http.MethodGet, "/api/tenant/assets", opts.values(pl), nil)
}

// ListTenantAll iterates over ListTenant, starting at pl.
//
//tb:operation GET /api/tenant/assets
func (s *AssetService) ListTenantAll(ctx context.Context, pl PageLink, opts *AssetListOptions) iter.Seq2[Asset, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Asset], error) {
		return s.ListTenant(ctx, pl, opts)
	})
}

// ListTenantInfos returns a page of the tenant's assets as AssetInfo.
//
//tb:operation GET /api/tenant/assetInfos
func (s *AssetService) ListTenantInfos(ctx context.Context, pl PageLink, opts *AssetInfoListOptions) (*Page[AssetInfo], error) {
	return call[Page[AssetInfo]](ctx, s.client, http.MethodGet, "/api/tenant/assetInfos", opts.values(pl), nil)
}

// ListTenantInfosAll iterates over ListTenantInfos, starting at pl.
//
//tb:operation GET /api/tenant/assetInfos
func (s *AssetService) ListTenantInfosAll(ctx context.Context, pl PageLink, opts *AssetInfoListOptions) iter.Seq2[AssetInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[AssetInfo], error) {
		return s.ListTenantInfos(ctx, pl, opts)
	})
}

// ListCustomer returns a page of the assets assigned to the customer.
//
//tb:operation GET /api/customer/{customerId}/assets
func (s *AssetService) ListCustomer(ctx context.Context, customerID string, pl PageLink, opts *AssetListOptions) (*Page[Asset], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[Asset]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/assets", customerID), opts.values(pl), nil)
}

// ListCustomerAll iterates over ListCustomer, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/assets
func (s *AssetService) ListCustomerAll(ctx context.Context, customerID string, pl PageLink, opts *AssetListOptions) iter.Seq2[Asset, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Asset], error) {
		return s.ListCustomer(ctx, customerID, pl, opts)
	})
}

// ListCustomerInfos returns a page of the customer's assets as AssetInfo.
//
//tb:operation GET /api/customer/{customerId}/assetInfos
func (s *AssetService) ListCustomerInfos(ctx context.Context, customerID string, pl PageLink, opts *AssetInfoListOptions) (*Page[AssetInfo], error) {
	if err := checkArgs("customerID", customerID); err != nil {
		return nil, err
	}
	return call[Page[AssetInfo]](ctx, s.client, http.MethodGet, pathf("/api/customer/%s/assetInfos", customerID), opts.values(pl), nil)
}

// ListCustomerInfosAll iterates over ListCustomerInfos, starting at pl.
//
//tb:operation GET /api/customer/{customerId}/assetInfos
func (s *AssetService) ListCustomerInfosAll(ctx context.Context, customerID string, pl PageLink, opts *AssetInfoListOptions) iter.Seq2[AssetInfo, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[AssetInfo], error) {
		return s.ListCustomerInfos(ctx, customerID, pl, opts)
	})
}

// ListUser returns a page of the assets the current user may read (Professional
// Edition).
//
//tb:operation GET /api/user/assets
func (s *AssetService) ListUser(ctx context.Context, pl PageLink, opts *AssetListOptions) (*Page[Asset], error) {
	return call[Page[Asset]](ctx, s.client, http.MethodGet, "/api/user/assets", opts.values(pl), nil)
}

// ListUserAll iterates over ListUser, starting at pl.
//
//tb:operation GET /api/user/assets
func (s *AssetService) ListUserAll(ctx context.Context, pl PageLink, opts *AssetListOptions) iter.Seq2[Asset, error] {
	return All(ctx, pl, func(ctx context.Context, pl PageLink) (*Page[Asset], error) {
		return s.ListUser(ctx, pl, opts)
	})
}

// ListAllInfos returns a page of every asset the current user may read, as AssetInfo
// (Professional Edition). Type in opts is not used by this list.
//
//tb:operation GET /api/assetInfos/all
func (s *AssetService) ListAllInfos(ctx context.Context, pl PageLink, opts *AssetInfoListOptions) (*Page[AssetInfo], error) {
	if opts != nil && opts.Type != "" {
		o := *opts
		o.Type = ""
		opts = &o
	}
	return call[Page[AssetInfo]](ctx, s.client, http.MethodGet, "/api/assetInfos/all", opts.values(pl), nil)
}

// ListByEntityGroup returns a page of the assets in an entity group (Professional
// Edition).
//
//tb:operation GET /api/entityGroup/{entityGroupId}/assets
func (s *AssetService) ListByEntityGroup(ctx context.Context, entityGroupID string, pl PageLink) (*Page[Asset], error) {
	if err := checkArgs("entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[Page[Asset]](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s/assets", entityGroupID), pl.Values(), nil)
}

// ListByIDs returns the assets with the given ids that the user may read; unknown ids
// are left out.
//
//tb:operation GET /api/assets
func (s *AssetService) ListByIDs(ctx context.Context, assetIDs []string) ([]Asset, error) {
	ids, err := joinIDs("assetIDs", assetIDs)
	if err != nil {
		return nil, err
	}
	var out []Asset
	if err := s.client.do(ctx, http.MethodGet, "/api/assets", url.Values{"assetIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByQuery returns the assets related to the query's root entity.
//
//tb:operation POST /api/assets
func (s *AssetService) FindByQuery(ctx context.Context, q AssetSearchQuery) ([]Asset, error) {
	if q.AssetTypes == nil {
		q.AssetTypes = []string{}
	}
	var out []Asset
	if err := s.client.do(ctx, http.MethodPost, "/api/assets", nil, q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListTypes returns the asset types (profile names) in use by the tenant's assets.
//
//tb:operation GET /api/asset/types
func (s *AssetService) ListTypes(ctx context.Context) ([]EntitySubtype, error) {
	var out []EntitySubtype
	if err := s.client.do(ctx, http.MethodGet, "/api/asset/types", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AssignToCustomer assigns the asset to the customer and returns it.
//
//tb:operation POST /api/customer/{customerId}/asset/{assetId}
func (s *AssetService) AssignToCustomer(ctx context.Context, customerID, assetID string) (*Asset, error) {
	if err := checkArgs("customerID", customerID, "assetID", assetID); err != nil {
		return nil, err
	}
	return call[Asset](ctx, s.client, http.MethodPost, pathf("/api/customer/%s/asset/%s", customerID, assetID), nil, nil)
}

// UnassignFromCustomer returns the asset to the tenant.
//
//tb:operation DELETE /api/customer/asset/{assetId}
func (s *AssetService) UnassignFromCustomer(ctx context.Context, assetID string) (*Asset, error) {
	if err := checkArgs("assetID", assetID); err != nil {
		return nil, err
	}
	return call[Asset](ctx, s.client, http.MethodDelete, pathf("/api/customer/asset/%s", assetID), nil, nil)
}

// AssignToPublicCustomer makes the asset public by assigning it to the tenant's
// public customer.
//
//tb:operation POST /api/customer/public/asset/{assetId}
func (s *AssetService) AssignToPublicCustomer(ctx context.Context, assetID string) (*Asset, error) {
	if err := checkArgs("assetID", assetID); err != nil {
		return nil, err
	}
	return call[Asset](ctx, s.client, http.MethodPost, pathf("/api/customer/public/asset/%s", assetID), nil, nil)
}
