package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// EdgeService manages edges. See Client.Edges.
//
// An edge is a ThingsBoard Edge instance that connects to this server with its
// routing key and secret. Its rule chains are managed with Client.RuleChains.
// ListByIDs uses the route of ThingsBoard 4.3.1.2 and later.
type EdgeService service

// Edge is a ThingsBoard Edge instance.
type Edge struct {
	// ID is the edge's id; zero when creating one.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer the edge is assigned to; NullUUID when it belongs to
	// the tenant itself.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the owning tenant or customer (Professional Edition; read-only).
	OwnerID EntityID `json:"ownerId,omitzero"`
	// RootRuleChainID is the edge's root rule chain; change it with SetRootRuleChain.
	RootRuleChainID EntityID `json:"rootRuleChainId,omitzero"`
	Name            string   `json:"name"`
	// Type is a free-form classification (required).
	Type  string `json:"type"`
	Label string `json:"label,omitzero"`
	// RoutingKey and Secret are the credentials the edge connects with (required).
	RoutingKey string `json:"routingKey"`
	Secret     string `json:"secret"`
	// EdgeLicenseKey and CloudEndpoint are kept by Professional Edition servers.
	EdgeLicenseKey string `json:"edgeLicenseKey,omitzero"`
	CloudEndpoint  string `json:"cloudEndpoint,omitzero"`
	// AdditionalInfo is free-form JSON ("description" lives there).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the optimistic-locking version (3.8+); see Device.Version.
	Version int64 `json:"version,omitzero"`
}

// EdgeSearchQuery finds the edges related to a root entity. Only edges whose type is
// in EdgeTypes are returned.
type EdgeSearchQuery struct {
	Parameters   RelationsSearchParameters `json:"parameters"`
	RelationType string                    `json:"relationType,omitzero"`
	EdgeTypes    []string                  `json:"edgeTypes"`
}

// EdgeEventType is the kind of entity an edge event is about ("DEVICE", "RULE_CHAIN",
// "RELATION", ...). A value this package does not list round-trips unchanged.
type EdgeEventType string

// Some edge event types.
const (
	EdgeEventTypeDashboard          EdgeEventType = "DASHBOARD"
	EdgeEventTypeAsset              EdgeEventType = "ASSET"
	EdgeEventTypeDevice             EdgeEventType = "DEVICE"
	EdgeEventTypeDeviceProfile      EdgeEventType = "DEVICE_PROFILE"
	EdgeEventTypeAssetProfile       EdgeEventType = "ASSET_PROFILE"
	EdgeEventTypeEntityView         EdgeEventType = "ENTITY_VIEW"
	EdgeEventTypeAlarm              EdgeEventType = "ALARM"
	EdgeEventTypeRuleChain          EdgeEventType = "RULE_CHAIN"
	EdgeEventTypeRuleChainMetaData  EdgeEventType = "RULE_CHAIN_METADATA"
	EdgeEventTypeEdge               EdgeEventType = "EDGE"
	EdgeEventTypeUser               EdgeEventType = "USER"
	EdgeEventTypeCustomer           EdgeEventType = "CUSTOMER"
	EdgeEventTypeRelation           EdgeEventType = "RELATION"
	EdgeEventTypeTenant             EdgeEventType = "TENANT"
	EdgeEventTypeWidgetsBundle      EdgeEventType = "WIDGETS_BUNDLE"
	EdgeEventTypeWidgetType         EdgeEventType = "WIDGET_TYPE"
	EdgeEventTypeAdminSettings      EdgeEventType = "ADMIN_SETTINGS"
	EdgeEventTypeOTAPackage         EdgeEventType = "OTA_PACKAGE"
	EdgeEventTypeQueue              EdgeEventType = "QUEUE"
	EdgeEventTypeTBResource         EdgeEventType = "TB_RESOURCE"
	EdgeEventTypeNotificationRule   EdgeEventType = "NOTIFICATION_RULE"
	EdgeEventTypeNotificationTarget EdgeEventType = "NOTIFICATION_TARGET"
)

// EdgeEventActionType is what happened to the entity of an edge event ("ADDED",
// "UPDATED", "DELETED", "ATTRIBUTES_UPDATED", ...). A value this package does not list
// round-trips unchanged.
type EdgeEventActionType string

// Some edge event actions.
const (
	EdgeEventActionAdded                  EdgeEventActionType = "ADDED"
	EdgeEventActionUpdated                EdgeEventActionType = "UPDATED"
	EdgeEventActionDeleted                EdgeEventActionType = "DELETED"
	EdgeEventActionPostAttributes         EdgeEventActionType = "POST_ATTRIBUTES"
	EdgeEventActionAttributesUpdated      EdgeEventActionType = "ATTRIBUTES_UPDATED"
	EdgeEventActionAttributesDeleted      EdgeEventActionType = "ATTRIBUTES_DELETED"
	EdgeEventActionTimeseriesUpdated      EdgeEventActionType = "TIMESERIES_UPDATED"
	EdgeEventActionCredentialsUpdated     EdgeEventActionType = "CREDENTIALS_UPDATED"
	EdgeEventActionAssignedToCustomer     EdgeEventActionType = "ASSIGNED_TO_CUSTOMER"
	EdgeEventActionUnassignedFromCustomer EdgeEventActionType = "UNASSIGNED_FROM_CUSTOMER"
	EdgeEventActionRelationAddOrUpdate    EdgeEventActionType = "RELATION_ADD_OR_UPDATE"
	EdgeEventActionRelationDeleted        EdgeEventActionType = "RELATION_DELETED"
	EdgeEventActionRPCCall                EdgeEventActionType = "RPC_CALL"
	EdgeEventActionAssignedToEdge         EdgeEventActionType = "ASSIGNED_TO_EDGE"
	EdgeEventActionUnassignedFromEdge     EdgeEventActionType = "UNASSIGNED_FROM_EDGE"
)

// EdgeEvent is a change queued for an edge: the entity it is about and the action.
type EdgeEvent struct {
	// ID is the event's own id ({"id": ...} without an entity type).
	ID          EdgeEventID         `json:"id,omitzero"`
	CreatedTime int64               `json:"createdTime,omitzero"`
	SeqID       int64               `json:"seqId"`
	TenantID    EntityID            `json:"tenantId,omitzero"`
	EdgeID      EntityID            `json:"edgeId,omitzero"`
	Action      EdgeEventActionType `json:"action"`
	// EntityID is the UUID of the entity the event is about; Type gives its kind.
	EntityID string        `json:"entityId,omitzero"`
	UID      string        `json:"uid,omitzero"`
	Type     EdgeEventType `json:"type"`
	// Body is free-form JSON, shaped by the action.
	Body json.RawMessage `json:"body,omitzero"`
	// EntityGroupID is set by Professional Edition servers for group events.
	EntityGroupID string `json:"entityGroupId,omitzero"`
}

// EdgeEventID is the id of an edge event.
type EdgeEventID struct {
	ID string `json:"id"`
}

// IsZero reports whether the id is unset.
func (id EdgeEventID) IsZero() bool { return id.ID == "" }

// EdgeSaveOptions are the optional query parameters of Edges.Save.
type EdgeSaveOptions struct {
	// EntityGroupID and EntityGroupIDs add a new edge to entity groups (Professional
	// Edition).
	EntityGroupID  string
	EntityGroupIDs []string
}

// EdgeListOptions filter Edges.ListTenant.
type EdgeListOptions struct {
	// Type keeps the edges of this type.
	Type string
}

// Enabled reports whether the server has edge support enabled.
//
//tb:operation GET /api/edges/enabled
func (s *EdgeService) Enabled(ctx context.Context) (bool, error) {
	var ok bool
	if err := s.client.do(ctx, http.MethodGet, "/api/edges/enabled", nil, nil, &ok); err != nil {
		return false, err
	}
	return ok, nil
}

// Get returns the edge with the given id.
//
//tb:operation GET /api/edge/{edgeId}
func (s *EdgeService) Get(ctx context.Context, edgeID string) (*Edge, error) {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return nil, err
	}
	return call[Edge](ctx, s.client, http.MethodGet, pathf("/api/edge/%s", edgeID), nil, nil)
}

// Save creates the edge (zero ID) or updates it, and returns it as stored. A new edge
// gets the tenant's edge template root rule chain.
//
//tb:operation POST /api/edge
func (s *EdgeService) Save(ctx context.Context, e *Edge, opts *EdgeSaveOptions) (*Edge, error) {
	if e == nil {
		return nil, errors.New("thingsboard: Edges.Save: nil edge")
	}
	if err := checkArgs("edge name", e.Name, "edge type", e.Type, "edge routing key", e.RoutingKey, "edge secret", e.Secret); err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil {
		q = url.Values{}
		setIf(q, "entityGroupId", opts.EntityGroupID)
		if len(opts.EntityGroupIDs) > 0 {
			ids, err := joinIDs("EntityGroupIDs", opts.EntityGroupIDs)
			if err != nil {
				return nil, err
			}
			q.Set("entityGroupIds", ids)
		}
	}
	return call[Edge](ctx, s.client, http.MethodPost, "/api/edge", q, e)
}

// Delete deletes the edge.
//
//tb:operation DELETE /api/edge/{edgeId}
func (s *EdgeService) Delete(ctx context.Context, edgeID string) error {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/edge/%s", edgeID), nil, nil, nil)
}

// List returns one page of the tenant's edges (tenant administrators).
//
//tb:operation GET /api/edges
func (s *EdgeService) List(ctx context.Context, pl PageLink) (*Page[Edge], error) {
	return call[Page[Edge]](ctx, s.client, http.MethodGet, "/api/edges", pl.Values(), nil)
}

// ListAll iterates over the tenant's edges, page by page from pl.
//
//tb:operation GET /api/edges
func (s *EdgeService) ListAll(ctx context.Context, pl PageLink) iter.Seq2[Edge, error] {
	return All(ctx, pl, s.List)
}

// ListTenant returns one page of the tenant's edges, optionally of one type.
//
//tb:operation GET /api/tenant/edges
func (s *EdgeService) ListTenant(ctx context.Context, pl PageLink, opts *EdgeListOptions) (*Page[Edge], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "type", opts.Type)
	}
	return call[Page[Edge]](ctx, s.client, http.MethodGet, "/api/tenant/edges", q, nil)
}

// ListTenantAll iterates over the tenant's edges, page by page from pl.
//
//tb:operation GET /api/tenant/edges
func (s *EdgeService) ListTenantAll(ctx context.Context, pl PageLink, opts *EdgeListOptions) iter.Seq2[Edge, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Edge], error) {
		return s.ListTenant(ctx, l, opts)
	})
}

// SetRootRuleChain makes the EDGE rule chain the edge's root rule chain and returns
// the edge.
//
//tb:operation POST /api/edge/{edgeId}/{ruleChainId}/root
func (s *EdgeService) SetRootRuleChain(ctx context.Context, edgeID, ruleChainID string) (*Edge, error) {
	if err := checkArgs("edgeID", edgeID, "ruleChainID", ruleChainID); err != nil {
		return nil, err
	}
	return call[Edge](ctx, s.client, http.MethodPost, pathf("/api/edge/%s/%s/root", edgeID, ruleChainID), nil, nil)
}

// ListByIDs returns the edges with the given ids that the user may read; unknown ids
// are left out. It needs ThingsBoard 4.3.1.2 or later.
//
//tb:operation GET /api/edges/list
func (s *EdgeService) ListByIDs(ctx context.Context, edgeIDs []string) ([]Edge, error) {
	ids, err := joinIDs("edgeIDs", edgeIDs)
	if err != nil {
		return nil, err
	}
	var out []Edge
	if err := s.client.do(ctx, http.MethodGet, "/api/edges/list", url.Values{"edgeIds": {ids}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByQuery returns the edges related to the query's root entity.
//
//tb:operation POST /api/edges
func (s *EdgeService) FindByQuery(ctx context.Context, q EdgeSearchQuery) ([]Edge, error) {
	if q.EdgeTypes == nil {
		q.EdgeTypes = []string{}
	}
	var out []Edge
	if err := s.client.do(ctx, http.MethodPost, "/api/edges", nil, q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListTypes returns the edge types in use by the tenant's edges.
//
//tb:operation GET /api/edge/types
func (s *EdgeService) ListTypes(ctx context.Context) ([]EntitySubtype, error) {
	var out []EntitySubtype
	if err := s.client.do(ctx, http.MethodGet, "/api/edge/types", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Sync sends every entity assigned to the edge to it again. It returns once the edge
// has confirmed, or with the server's error when the edge is not connected or edge
// support is disabled.
//
//tb:operation POST /api/edge/sync/{edgeId}
func (s *EdgeService) Sync(ctx context.Context, edgeID string) error {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/edge/sync/%s", edgeID), nil, nil, nil)
}

// FindMissingRuleChains returns the rule chains that the edge's rule chains forward
// messages to but that are not assigned to the edge: for each assigned rule chain
// name, the names of the missing ones. The map is empty when none is missing.
//
//tb:operation GET /api/edge/missingToRelatedRuleChains/{edgeId}
func (s *EdgeService) FindMissingRuleChains(ctx context.Context, edgeID string) (map[string][]string, error) {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return nil, err
	}
	var raw []byte
	path := pathf("/api/edge/missingToRelatedRuleChains/%s", edgeID)
	if err := s.client.do(ctx, http.MethodGet, path, nil, nil, &raw); err != nil {
		return nil, err
	}
	// The server writes a JSON object as bare text; accept it quoted as a JSON string too.
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("thingsboard: GET %s: decoding response: %w", path, err)
		}
		raw = []byte(strings.TrimSpace(s))
	}
	out := map[string][]string{}
	if len(raw) == 0 {
		return out, nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("thingsboard: GET %s: decoding response: %w", path, err)
	}
	if out == nil {
		out = map[string][]string{}
	}
	return out, nil
}

// ListEvents returns one page of the events queued for the edge, within the time
// bounds of pl.
//
//tb:operation GET /api/edge/{edgeId}/events
func (s *EdgeService) ListEvents(ctx context.Context, edgeID string, pl TimePageLink) (*Page[EdgeEvent], error) {
	if err := checkArgs("edgeID", edgeID); err != nil {
		return nil, err
	}
	return call[Page[EdgeEvent]](ctx, s.client, http.MethodGet, pathf("/api/edge/%s/events", edgeID), pl.Values(), nil)
}

// ListEventsAll iterates over the events queued for the edge, page by page from pl.
//
//tb:operation GET /api/edge/{edgeId}/events
func (s *EdgeService) ListEventsAll(ctx context.Context, edgeID string, pl TimePageLink) iter.Seq2[EdgeEvent, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[EdgeEvent], error) {
		return s.ListEvents(ctx, edgeID, l)
	})
}
