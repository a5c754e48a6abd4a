package thingsboard

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// EventService reads entity events (lifecycle, errors, debug). See Client.Events.
//
// Events belong to rule chains, rule nodes, devices and other entities that the rule
// engine or the transports act on. Every list takes a TimePageLink (the server sorts
// by ts or id) and the id of the entity's tenant, which the server requires even for
// a tenant administrator's own entities.
type EventService service

// EventType is the kind of an entity event. A value this package does not list
// round-trips unchanged.
type EventType string

// Event types.
const (
	EventTypeError                EventType = "ERROR"
	EventTypeLifecycle            EventType = "LC_EVENT"
	EventTypeStats                EventType = "STATS"
	EventTypeDebugRuleNode        EventType = "DEBUG_RULE_NODE"
	EventTypeDebugRuleChain       EventType = "DEBUG_RULE_CHAIN"
	EventTypeDebugCalculatedField EventType = "DEBUG_CALCULATED_FIELD"
)

// EventID is the id of an event, written by the server as {"id":"..."}.
type EventID struct {
	ID string `json:"id"`
}

// Event is one entity event.
type Event struct {
	ID          EventID   `json:"id"`
	CreatedTime int64     `json:"createdTime"`
	TenantID    EntityID  `json:"tenantId,omitzero"`
	Type        EventType `json:"type"`
	UID         string    `json:"uid,omitzero"`
	EntityID    EntityID  `json:"entityId,omitzero"`
	// Body is the event's free-form JSON: the server, the error, the message, counters...
	Body json.RawMessage `json:"body,omitzero"`
}

// EventFilter selects events of one type by their body. EventType is required; the
// other fields apply to the event types the comments name, and empty ones are not sent.
type EventFilter struct {
	EventType EventType `json:"eventType"`
	// Server is the name or address of the node that wrote the event (all types).
	Server string `json:"server,omitzero"`
	// ErrorStr matches the error message, case-insensitively (all types but STATS).
	ErrorStr string `json:"errorStr,omitzero"`
	// IsError keeps only failed messages (debug types).
	IsError bool `json:"isError,omitzero"`
	// Method is the method that failed (ERROR).
	Method string `json:"method,omitzero"`
	// Event and Status select lifecycle events: STARTED, STOPPED, ... and Success or
	// Failure (LC_EVENT).
	Event  string `json:"event,omitzero"`
	Status string `json:"status,omitzero"`
	// MsgDirectionType is IN or OUT (DEBUG_RULE_NODE).
	MsgDirectionType string `json:"msgDirectionType,omitzero"`
	// EntityID and EntityType select the message originator (DEBUG_RULE_NODE,
	// DEBUG_CALCULATED_FIELD).
	EntityID   string `json:"entityId,omitzero"`
	EntityType string `json:"entityType,omitzero"`
	// MsgID, MsgType and RelationType select the message (debug types).
	MsgID        string `json:"msgId,omitzero"`
	MsgType      string `json:"msgType,omitzero"`
	RelationType string `json:"relationType,omitzero"`
	// DataSearch and MetadataSearch match the message data and metadata (DEBUG_RULE_NODE).
	DataSearch     string `json:"dataSearch,omitzero"`
	MetadataSearch string `json:"metadataSearch,omitzero"`
	// Message matches the message (DEBUG_RULE_CHAIN).
	Message string `json:"message,omitzero"`
	// Arguments and Result match a calculation (DEBUG_CALCULATED_FIELD).
	Arguments string `json:"arguments,omitzero"`
	Result    string `json:"result,omitzero"`
	// Minimum and maximum message and error counts (STATS).
	MinMessagesProcessed int `json:"minMessagesProcessed,omitzero"`
	MaxMessagesProcessed int `json:"maxMessagesProcessed,omitzero"`
	MinErrorsOccurred    int `json:"minErrorsOccurred,omitzero"`
	MaxErrorsOccurred    int `json:"maxErrorsOccurred,omitzero"`
}

func eventQuery(tenantID string, tl TimePageLink) url.Values {
	q := tl.Values()
	q.Set("tenantId", tenantID)
	return q
}

// List returns one page of the events of one type of an entity.
//
//tb:operation GET /api/events/{entityType}/{entityId}/{eventType}
func (s *EventService) List(ctx context.Context, entityID EntityID, eventType EventType, tenantID string, tl TimePageLink) (*Page[Event], error) {
	if err := checkEntityID("Events.List: entity", entityID); err != nil {
		return nil, err
	}
	if err := checkArgsOf("Events.List", "eventType", string(eventType), "tenantID", tenantID); err != nil {
		return nil, err
	}
	out := new(Page[Event])
	path := pathf("/api/events/%s/%s/%s", string(entityID.EntityType), entityID.ID, string(eventType))
	if err := s.client.do(ctx, http.MethodGet, path, eventQuery(tenantID, tl), nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListAll iterates over the events of one type of an entity, starting at tl.
//
//tb:operation GET /api/events/{entityType}/{entityId}/{eventType}
func (s *EventService) ListAll(ctx context.Context, entityID EntityID, eventType EventType, tenantID string, tl TimePageLink) iter.Seq2[Event, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[Event], error) {
		return s.List(ctx, entityID, eventType, tenantID, l)
	})
}

// ListByFilter returns one page of the events of an entity that match filter.
//
//tb:operation POST /api/events/{entityType}/{entityId}
func (s *EventService) ListByFilter(ctx context.Context, entityID EntityID, tenantID string, filter EventFilter, tl TimePageLink) (*Page[Event], error) {
	if err := checkEntityID("Events.ListByFilter: entity", entityID); err != nil {
		return nil, err
	}
	if err := checkArgsOf("Events.ListByFilter", "tenantID", tenantID, "filter event type", string(filter.EventType)); err != nil {
		return nil, err
	}
	out := new(Page[Event])
	path := pathf("/api/events/%s/%s", string(entityID.EntityType), entityID.ID)
	if err := s.client.do(ctx, http.MethodPost, path, eventQuery(tenantID, tl), filter, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByFilterAll iterates over the events of an entity that match filter, starting at tl.
//
//tb:operation POST /api/events/{entityType}/{entityId}
func (s *EventService) ListByFilterAll(ctx context.Context, entityID EntityID, tenantID string, filter EventFilter, tl TimePageLink) iter.Seq2[Event, error] {
	return AllTime(ctx, tl, func(ctx context.Context, l TimePageLink) (*Page[Event], error) {
		return s.ListByFilter(ctx, entityID, tenantID, filter, l)
	})
}

// Clear deletes the events of an entity that match filter, written between startTime
// and endTime (epoch milliseconds; 0 leaves a bound open).
//
//tb:operation POST /api/events/{entityType}/{entityId}/clear
func (s *EventService) Clear(ctx context.Context, entityID EntityID, filter EventFilter, startTime, endTime int64) error {
	if err := checkEntityID("Events.Clear: entity", entityID); err != nil {
		return err
	}
	if err := checkArgsOf("Events.Clear", "filter event type", string(filter.EventType)); err != nil {
		return err
	}
	q := url.Values{}
	if startTime != 0 {
		q.Set("startTime", strconv.FormatInt(startTime, 10))
	}
	if endTime != 0 {
		q.Set("endTime", strconv.FormatInt(endTime, 10))
	}
	path := pathf("/api/events/%s/%s/clear", string(entityID.EntityType), entityID.ID)
	return s.client.do(ctx, http.MethodPost, path, q, filter, nil)
}
