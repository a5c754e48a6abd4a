package thingsboard

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// AssetProfileService manages asset profiles. See Client.AssetProfiles.
type AssetProfileService service

// AssetProfile describes a class of assets: default rule chain, dashboard and queue.
type AssetProfile struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitzero"`
	// Image is a URL or a data URL.
	Image                  string   `json:"image,omitzero"`
	DefaultRuleChainID     EntityID `json:"defaultRuleChainId,omitzero"`
	DefaultDashboardID     EntityID `json:"defaultDashboardId,omitzero"`
	DefaultQueueName       string   `json:"defaultQueueName,omitzero"`
	DefaultEdgeRuleChainID EntityID `json:"defaultEdgeRuleChainId,omitzero"`
	ExternalID             EntityID `json:"externalId,omitzero"`
	// Default marks the tenant's default profile; change it with SetDefault.
	Default bool  `json:"default"`
	Version int64 `json:"version,omitzero"`
}

// AssetProfileInfo is the short form of an asset profile.
type AssetProfileInfo struct {
	ID                 EntityID `json:"id"`
	TenantID           EntityID `json:"tenantId,omitzero"`
	Name               string   `json:"name"`
	Image              string   `json:"image,omitzero"`
	DefaultDashboardID EntityID `json:"defaultDashboardId,omitzero"`
}

// Get returns the asset profile with the given id.
//
//tb:operation GET /api/assetProfile/{assetProfileId}
func (s *AssetProfileService) Get(ctx context.Context, assetProfileID string) (*AssetProfile, error) {
	if err := checkArgs("assetProfileID", assetProfileID); err != nil {
		return nil, err
	}
	return call[AssetProfile](ctx, s.client, http.MethodGet, pathf("/api/assetProfile/%s", assetProfileID), nil, nil)
}

// Save creates the profile (zero ID) or updates it, and returns the saved profile.
//
//tb:operation POST /api/assetProfile
func (s *AssetProfileService) Save(ctx context.Context, p *AssetProfile) (*AssetProfile, error) {
	if p == nil {
		return nil, errEmptyArg("profile")
	}
	return call[AssetProfile](ctx, s.client, http.MethodPost, "/api/assetProfile", nil, p)
}

// Delete deletes the profile. The default profile and profiles still used by assets
// cannot be deleted.
//
//tb:operation DELETE /api/assetProfile/{assetProfileId}
func (s *AssetProfileService) Delete(ctx context.Context, assetProfileID string) error {
	if err := checkArgs("assetProfileID", assetProfileID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/assetProfile/%s", assetProfileID), nil, nil, nil)
}

// SetDefault makes the profile the tenant's default and returns it.
//
//tb:operation POST /api/assetProfile/{assetProfileId}/default
func (s *AssetProfileService) SetDefault(ctx context.Context, assetProfileID string) (*AssetProfile, error) {
	if err := checkArgs("assetProfileID", assetProfileID); err != nil {
		return nil, err
	}
	return call[AssetProfile](ctx, s.client, http.MethodPost, pathf("/api/assetProfile/%s/default", assetProfileID), nil, nil)
}

// GetDefaultInfo returns the tenant's default asset profile.
//
//tb:operation GET /api/assetProfileInfo/default
func (s *AssetProfileService) GetDefaultInfo(ctx context.Context) (*AssetProfileInfo, error) {
	return call[AssetProfileInfo](ctx, s.client, http.MethodGet, "/api/assetProfileInfo/default", nil, nil)
}

// GetInfo returns the short form of an asset profile (customer users may read it).
//
//tb:operation GET /api/assetProfileInfo/{assetProfileId}
func (s *AssetProfileService) GetInfo(ctx context.Context, assetProfileID string) (*AssetProfileInfo, error) {
	if err := checkArgs("assetProfileID", assetProfileID); err != nil {
		return nil, err
	}
	return call[AssetProfileInfo](ctx, s.client, http.MethodGet, pathf("/api/assetProfileInfo/%s", assetProfileID), nil, nil)
}

// List returns a page of the tenant's asset profiles.
//
//tb:operation GET /api/assetProfiles
func (s *AssetProfileService) List(ctx context.Context, pl PageLink) (*Page[AssetProfile], error) {
	return call[Page[AssetProfile]](ctx, s.client, http.MethodGet, "/api/assetProfiles", pl.Values(), nil)
}

// ListAll iterates over List, starting at pl.
//
//tb:operation GET /api/assetProfiles
func (s *AssetProfileService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[AssetProfile, error] {
	return All(ctx, pl, s.List)
}

// ListInfos returns a page of asset profile infos.
//
//tb:operation GET /api/assetProfileInfos
func (s *AssetProfileService) ListInfos(ctx context.Context, pl PageLink) (*Page[AssetProfileInfo], error) {
	return call[Page[AssetProfileInfo]](ctx, s.client, http.MethodGet, "/api/assetProfileInfos", pl.Values(), nil)
}

// ListInfosAll iterates over ListInfos, starting at pl.
//
//tb:operation GET /api/assetProfileInfos
func (s *AssetProfileService) ListInfosAll(ctx context.Context, pl PageLink) iter.Seq2[AssetProfileInfo, error] {
	return All(ctx, pl, s.ListInfos)
}

// ListInfosByIDs returns the infos of the profiles with the given ids.
//
//tb:operation GET /api/assetProfileInfos/list
func (s *AssetProfileService) ListInfosByIDs(ctx context.Context, assetProfileIDs []string) ([]AssetProfileInfo, error) {
	ids, err := joinIDs("assetProfileIDs", assetProfileIDs)
	if err != nil {
		return nil, err
	}
	var out []AssetProfileInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/assetProfileInfos/list", url.Values{"assetProfileIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListNames returns the id and name of every asset profile (3.7+); with activeOnly,
// only the profiles that assets use.
//
//tb:operation GET /api/assetProfile/names
func (s *AssetProfileService) ListNames(ctx context.Context, activeOnly bool) ([]EntityInfo, error) {
	var q url.Values
	if activeOnly {
		q = url.Values{"activeOnly": {strconv.FormatBool(activeOnly)}}
	}
	var out []EntityInfo
	if err := s.client.do(ctx, http.MethodGet, "/api/assetProfile/names", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
