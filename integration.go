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

// IntegrationService manages integrations (Professional Edition). See Client.Integrations.
//
// An integration connects ThingsBoard to an external platform or protocol (HTTP,
// MQTT, LoRaWAN network servers, cloud queues, ...): it receives messages, turns them
// into device data with its uplink converter, and sends rule engine messages out
// through its downlink converter.
type IntegrationService service

// Integration is an integration of a tenant.
type Integration struct {
	// ID is the integration's id; zero when creating an integration.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// Name is unique among the tenant's integrations.
	Name string          `json:"name"`
	Type IntegrationType `json:"type"`
	// DefaultConverterID is the uplink converter (CONVERTER id); the server requires it.
	DefaultConverterID EntityID `json:"defaultConverterId,omitzero"`
	// DownlinkConverterID is the optional downlink converter (CONVERTER id).
	DownlinkConverterID EntityID `json:"downlinkConverterId,omitzero"`
	// RoutingKey identifies the integration in the URLs of HTTP-based integrations
	// (such as /api/v1/integrations/http/{routingKey}); clients usually make it a random UUID.
	RoutingKey string `json:"routingKey"`
	// Secret protects a remote integration's connection to the server.
	Secret  string `json:"secret,omitzero"`
	Enabled bool   `json:"enabled"`
	// Remote marks an integration that runs outside the server, in a remote
	// integration process.
	Remote                     bool `json:"remote"`
	AllowCreateDevicesOrAssets bool `json:"allowCreateDevicesOrAssets"`
	DebugMode                  bool `json:"debugMode"`
	// DebugSettings is the JSON object {failuresEnabled, allEnabled, allEnabledUntil}
	// of servers that replaced debugMode with timed debugging.
	DebugSettings json.RawMessage `json:"debugSettings,omitzero"`
	// EdgeTemplate marks an integration that is a template for edges.
	EdgeTemplate bool `json:"edgeTemplate,omitzero"`
	// Configuration is the type-specific JSON configuration; the server validates it
	// when saving, and it is required.
	Configuration json.RawMessage `json:"configuration"`
	// AdditionalInfo is free-form JSON ({"description": ...}).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	// Version is the optimistic-locking version.
	Version int64 `json:"version,omitzero"`
}

// IntegrationListOptions are the optional filters of Integrations.List.
type IntegrationListOptions struct {
	// EdgeTemplate lists the edge template integrations instead of the others.
	EdgeTemplate bool
}

// Get returns the integration with the given id. A missing integration is an
// *APIError matching ErrNotFound.
//
//tb:operation GET /api/integration/{integrationId}
func (s *IntegrationService) Get(ctx context.Context, integrationID string) (*Integration, error) {
	if err := checkArgsOf("Integrations.Get", "integrationID", integrationID); err != nil {
		return nil, err
	}
	return s.get(ctx, pathf("/api/integration/%s", integrationID))
}

// GetByRoutingKey returns the tenant's integration with the given routing key. A
// missing integration is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/integration/routingKey/{routingKey}
func (s *IntegrationService) GetByRoutingKey(ctx context.Context, routingKey string) (*Integration, error) {
	if err := checkArgsOf("Integrations.GetByRoutingKey", "routingKey", routingKey); err != nil {
		return nil, err
	}
	return s.get(ctx, pathf("/api/integration/routingKey/%s", routingKey))
}

func (s *IntegrationService) get(ctx context.Context, path string) (*Integration, error) {
	return call[Integration](ctx, s.client, http.MethodGet, path, nil, nil)
}

// Save creates the integration (zero ID) or updates it, and returns it as stored. The
// server validates the configuration first (for up to 20 seconds); an invalid one is
// an *APIError.
//
//tb:operation POST /api/integration
func (s *IntegrationService) Save(ctx context.Context, in *Integration) (*Integration, error) {
	if err := integrationCheck("Integrations.Save", in); err != nil {
		return nil, err
	}
	return call[Integration](ctx, s.client, http.MethodPost, "/api/integration", nil, in)
}

// Delete deletes the integration with the given id.
//
//tb:operation DELETE /api/integration/{integrationId}
func (s *IntegrationService) Delete(ctx context.Context, integrationID string) error {
	if err := checkArgsOf("Integrations.Delete", "integrationID", integrationID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/integration/%s", integrationID), nil, nil, nil)
}

// CheckConnection asks the server to connect with the integration's configuration
// (a broker, a queue, ...) without saving it. A nil error means the connection
// works; a failing one is an *APIError whose message tells why.
//
//tb:operation POST /api/integration/check
func (s *IntegrationService) CheckConnection(ctx context.Context, in *Integration) error {
	if err := integrationCheck("Integrations.CheckConnection", in); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, "/api/integration/check", nil, in, nil)
}

// List returns one page of the tenant's integrations; opts may be nil.
//
//tb:operation GET /api/integrations
func (s *IntegrationService) List(ctx context.Context, pl PageLink, opts *IntegrationListOptions) (*Page[Integration], error) {
	q := pl.Values()
	if opts != nil && opts.EdgeTemplate {
		q.Set("isEdgeTemplate", "true")
	}
	return call[Page[Integration]](ctx, s.client, http.MethodGet, "/api/integrations", q, nil)
}

// ListAll iterates over every integration that List returns, page after page.
//
//tb:operation GET /api/integrations
func (s *IntegrationService) ListAll(ctx context.Context, pl PageLink, opts *IntegrationListOptions) iter.Seq2[Integration, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Integration], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByIDs returns the integrations with the given ids; unknown ids are left out. It
// calls /api/integrations/list (4.3) and, on a server that does not know that path, the
// older /api/integrations?integrationIds= form.
//
//tb:operation GET /api/integrations/list
//tb:operation GET /api/integrations
func (s *IntegrationService) ListByIDs(ctx context.Context, integrationIDs []string) ([]Integration, error) {
	if err := peCheckIDs("Integrations.ListByIDs", "integrationIDs", integrationIDs); err != nil {
		return nil, err
	}
	var out []Integration
	q := url.Values{"integrationIds": {strings.Join(integrationIDs, ",")}}
	if err := fetchByNewOrLegacyPath(ctx, s.client, "/api/integrations/list", "/api/integrations", q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// integrationCheck returns an error for a nil integration or one without a name or type.
func integrationCheck(method string, in *Integration) error {
	if in == nil {
		return errors.New("thingsboard: " + method + ": nil integration")
	}
	return checkArgsOf(method, "name", in.Name, "type", string(in.Type))
}
