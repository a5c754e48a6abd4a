package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// TenantService manages tenants (system administrator). See Client.Tenants.
type TenantService service

// Tenant is a ThingsBoard tenant. Saving a Tenant with a zero ID creates it.
type Tenant struct {
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	// Title is required.
	Title  string `json:"title"`
	Region string `json:"region,omitempty"`
	// TenantProfileID is the tenant's profile; zero selects the default profile.
	TenantProfileID EntityID `json:"tenantProfileId,omitzero"`
	Country         string   `json:"country,omitempty"`
	State           string   `json:"state,omitempty"`
	City            string   `json:"city,omitempty"`
	Address         string   `json:"address,omitempty"`
	Address2        string   `json:"address2,omitempty"`
	Zip             string   `json:"zip,omitempty"`
	Phone           string   `json:"phone,omitempty"`
	Email           string   `json:"email,omitempty"`
	// AdditionalInfo is free-form JSON: description, homeDashboardId, homeDashboardHideToolbar.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
	// Version is the optimistic-locking version (3.8+); zero saves unconditionally.
	Version int64 `json:"version,omitzero"`
	// Name is the title, written by the server (read-only).
	Name string `json:"name,omitempty"`
}

// TenantInfo is a Tenant with the name of its profile.
type TenantInfo struct {
	Tenant
	TenantProfileName string `json:"tenantProfileName,omitempty"`
}

// Get returns the tenant with the given id. A tenant administrator may read only its own tenant.
//
//tb:operation GET /api/tenant/{tenantId}
func (s *TenantService) Get(ctx context.Context, tenantID string) (*Tenant, error) {
	if tenantID == "" {
		return nil, errMissing("Tenants.Get", "tenantID")
	}
	return call[Tenant](ctx, s.client, http.MethodGet, pathf("/api/tenant/%s", tenantID), nil, nil)
}

// GetInfo returns the tenant with the name of its profile.
//
//tb:operation GET /api/tenant/info/{tenantId}
func (s *TenantService) GetInfo(ctx context.Context, tenantID string) (*TenantInfo, error) {
	if tenantID == "" {
		return nil, errMissing("Tenants.GetInfo", "tenantID")
	}
	return call[TenantInfo](ctx, s.client, http.MethodGet, pathf("/api/tenant/info/%s", tenantID), nil, nil)
}

// Save creates the tenant (zero ID) or updates it, and returns the saved tenant
// (system administrator).
//
//tb:operation POST /api/tenant
func (s *TenantService) Save(ctx context.Context, tenant *Tenant) (*Tenant, error) {
	if tenant == nil {
		return nil, errors.New("thingsboard: Tenants.Save: nil tenant")
	}
	return call[Tenant](ctx, s.client, http.MethodPost, "/api/tenant", nil, tenant)
}

// Delete deletes the tenant and everything it owns.
//
//tb:operation DELETE /api/tenant/{tenantId}
func (s *TenantService) Delete(ctx context.Context, tenantID string) error {
	if tenantID == "" {
		return errMissing("Tenants.Delete", "tenantID")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/tenant/%s", tenantID), nil, nil, nil)
}

// List returns one page of tenants (system administrator). Sort properties:
// createdTime, title, email, country, state, city, address, address2, zip, phone.
//
//tb:operation GET /api/tenants
func (s *TenantService) List(ctx context.Context, pl PageLink) (*Page[Tenant], error) {
	return fetchPageOf[Tenant](ctx, s.client, "/api/tenants", pl.Values())
}

// ListAll iterates over every tenant, starting at pl.
//
//tb:operation GET /api/tenants
func (s *TenantService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[Tenant, error] {
	return All(ctx, pl, s.List)
}

// ListInfos returns one page of tenants with their profile names (system administrator).
// Sort properties also include tenantProfileName.
//
//tb:operation GET /api/tenantInfos
func (s *TenantService) ListInfos(ctx context.Context, pl PageLink) (*Page[TenantInfo], error) {
	return fetchPageOf[TenantInfo](ctx, s.client, "/api/tenantInfos", pl.Values())
}

// ListInfosAll iterates over every tenant info, starting at pl.
//
//tb:operation GET /api/tenantInfos
func (s *TenantService) ListInfosAll(ctx context.Context, pl PageLink) iter.Seq2[TenantInfo, error] {
	return All(ctx, pl, s.ListInfos)
}

// ListByIDs returns the tenants with the given ids that the caller may read; unknown ids
// are left out.
//
//tb:operation GET /api/tenants/list
func (s *TenantService) ListByIDs(ctx context.Context, tenantIDs []string) ([]Tenant, error) {
	ids, err := joinIDList("Tenants.ListByIDs", "tenantIDs", tenantIDs)
	if err != nil {
		return nil, err
	}
	var out []Tenant
	if err := s.client.do(ctx, http.MethodGet, "/api/tenants/list", url.Values{"tenantIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
