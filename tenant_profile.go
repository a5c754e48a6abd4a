package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// TenantProfileService manages tenant profiles (system administrator). See Client.TenantProfiles.
type TenantProfileService service

// TenantProfile holds the limits and rule engine settings that apply to the tenants
// assigned to it.
type TenantProfile struct {
	// ID is the profile's id; zero when creating a profile.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitzero"`
	// Default marks the profile that new tenants get.
	Default bool `json:"default"`
	// IsolatedTBRuleEngine gives each tenant of the profile its own rule engine queues.
	IsolatedTBRuleEngine bool              `json:"isolatedTbRuleEngine"`
	ProfileData          TenantProfileData `json:"profileData,omitzero"`
}

// TenantProfileData is the body of a tenant profile.
type TenantProfileData struct {
	// Configuration holds the limits: an object whose "type" is DEFAULT, with fields
	// such as maxDevices, maxAssets and the rate limits. Kept as raw JSON because
	// the server adds limits in every release.
	Configuration json.RawMessage `json:"configuration,omitzero"`
	// QueueConfiguration lists the queues of an isolated rule engine.
	QueueConfiguration []TenantProfileQueueConfiguration `json:"queueConfiguration,omitzero"`
}

// defaultTenantProfileConfiguration is the configuration of a profile without limits.
const defaultTenantProfileConfiguration = `{"type":"DEFAULT"}`

// TenantProfileQueueConfiguration describes one rule engine queue of an isolated
// tenant profile.
type TenantProfileQueueConfiguration struct {
	Name                  string             `json:"name"`
	Topic                 string             `json:"topic,omitzero"`
	PollInterval          int                `json:"pollInterval"`
	Partitions            int                `json:"partitions"`
	ConsumerPerPartition  bool               `json:"consumerPerPartition"`
	PackProcessingTimeout int64              `json:"packProcessingTimeout"`
	SubmitStrategy        SubmitStrategy     `json:"submitStrategy,omitzero"`
	ProcessingStrategy    ProcessingStrategy `json:"processingStrategy,omitzero"`
	AdditionalInfo        json.RawMessage    `json:"additionalInfo,omitzero"`
}

// Get returns the tenant profile with the given id. A missing profile is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/tenantProfile/{tenantProfileId}
func (s *TenantProfileService) Get(ctx context.Context, tenantProfileID string) (*TenantProfile, error) {
	if err := checkArgsOf("TenantProfiles.Get", "tenantProfileID", tenantProfileID); err != nil {
		return nil, err
	}
	return call[TenantProfile](ctx, s.client, http.MethodGet, pathf("/api/tenantProfile/%s", tenantProfileID), nil, nil)
}

// GetInfo returns the id and name of the tenant profile with the given id.
//
//tb:operation GET /api/tenantProfileInfo/{tenantProfileId}
func (s *TenantProfileService) GetInfo(ctx context.Context, tenantProfileID string) (*EntityInfo, error) {
	if err := checkArgsOf("TenantProfiles.GetInfo", "tenantProfileID", tenantProfileID); err != nil {
		return nil, err
	}
	return call[EntityInfo](ctx, s.client, http.MethodGet, pathf("/api/tenantProfileInfo/%s", tenantProfileID), nil, nil)
}

// GetDefaultInfo returns the id and name of the default tenant profile.
//
//tb:operation GET /api/tenantProfileInfo/default
func (s *TenantProfileService) GetDefaultInfo(ctx context.Context) (*EntityInfo, error) {
	return call[EntityInfo](ctx, s.client, http.MethodGet, "/api/tenantProfileInfo/default", nil, nil)
}

// Save creates the profile (zero ID) or updates it, and returns it as stored. A profile
// without a configuration is sent with {"type":"DEFAULT"}, the configuration without
// limits.
//
//tb:operation POST /api/tenantProfile
func (s *TenantProfileService) Save(ctx context.Context, p *TenantProfile) (*TenantProfile, error) {
	if p == nil {
		return nil, errors.New("thingsboard: TenantProfiles.Save: nil profile")
	}
	if err := checkArgsOf("TenantProfiles.Save", "name", p.Name); err != nil {
		return nil, err
	}
	body := *p
	if len(body.ProfileData.Configuration) == 0 {
		body.ProfileData.Configuration = json.RawMessage(defaultTenantProfileConfiguration)
	}
	out := new(TenantProfile)
	if err := s.client.do(ctx, http.MethodPost, "/api/tenantProfile", nil, &body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes the tenant profile. The server refuses the default profile and
// profiles that tenants still use.
//
//tb:operation DELETE /api/tenantProfile/{tenantProfileId}
func (s *TenantProfileService) Delete(ctx context.Context, tenantProfileID string) error {
	if err := checkArgsOf("TenantProfiles.Delete", "tenantProfileID", tenantProfileID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/tenantProfile/%s", tenantProfileID), nil, nil, nil)
}

// SetDefault makes the profile the default one and returns it.
//
//tb:operation POST /api/tenantProfile/{tenantProfileId}/default
func (s *TenantProfileService) SetDefault(ctx context.Context, tenantProfileID string) (*TenantProfile, error) {
	if err := checkArgsOf("TenantProfiles.SetDefault", "tenantProfileID", tenantProfileID); err != nil {
		return nil, err
	}
	return call[TenantProfile](ctx, s.client, http.MethodPost, pathf("/api/tenantProfile/%s/default", tenantProfileID), nil, nil)
}

// List returns one page of tenant profiles. The server sorts by createdTime, name,
// description or isDefault.
//
//tb:operation GET /api/tenantProfiles
func (s *TenantProfileService) List(ctx context.Context, pl PageLink) (*Page[TenantProfile], error) {
	return call[Page[TenantProfile]](ctx, s.client, http.MethodGet, "/api/tenantProfiles", pl.Values(), nil)
}

// ListAll iterates over every tenant profile, starting at pl.
//
//tb:operation GET /api/tenantProfiles
func (s *TenantProfileService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[TenantProfile, error] {
	return All(ctx, pl, s.List)
}

// ListInfos returns one page of tenant profile ids and names. The server sorts by id
// or name.
//
//tb:operation GET /api/tenantProfileInfos
func (s *TenantProfileService) ListInfos(ctx context.Context, pl PageLink) (*Page[EntityInfo], error) {
	return call[Page[EntityInfo]](ctx, s.client, http.MethodGet, "/api/tenantProfileInfos", pl.Values(), nil)
}

// ListInfosAll iterates over the ids and names of every tenant profile, starting at pl.
//
//tb:operation GET /api/tenantProfileInfos
func (s *TenantProfileService) ListInfosAll(ctx context.Context, pl PageLink) iter.Seq2[EntityInfo, error] {
	return All(ctx, pl, s.ListInfos)
}

// ListByIDs returns the tenant profiles with the given ids; unknown ids are left out.
//
//tb:operation GET /api/tenantProfiles/list
func (s *TenantProfileService) ListByIDs(ctx context.Context, tenantProfileIDs []string) ([]TenantProfile, error) {
	if err := peCheckIDs("TenantProfiles.ListByIDs", "tenantProfileIDs", tenantProfileIDs); err != nil {
		return nil, err
	}
	var out []TenantProfile
	q := url.Values{"ids": {strings.Join(tenantProfileIDs, ",")}}
	if err := s.client.do(ctx, http.MethodGet, "/api/tenantProfiles/list", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
