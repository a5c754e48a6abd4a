package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// SchedulerEventService manages scheduler events (Professional Edition). See Client.SchedulerEvents.
//
// A scheduler event fires on a schedule (once, or repeated daily, weekly, ...) and
// then does what its type says: generate a report, update attributes, send an RPC
// request, or push a custom message to the rule engine.
//
// The unpaged lists List and ListByEdge and the by-ids lookup ListByIDs use the routes
// of ThingsBoard 4.3 PE (/api/schedulerEvents/all, /api/edge/{edgeId}/allSchedulerEvents,
// /api/schedulerEvents/list) and fall back to the older unpaged forms on a server that
// does not know them.
type SchedulerEventService service

// SchedulerEventInfo describes a scheduler event without its configuration.
type SchedulerEventInfo struct {
	// ID is the event's id; zero when creating an event.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is the customer of a customer user's event; the server sets it.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OriginatorID is the entity the event acts on, taken by the server from the
	// configuration.
	OriginatorID EntityID `json:"originatorId,omitzero"`
	// OwnerID is the owning tenant or customer.
	OwnerID EntityID `json:"ownerId,omitzero"`
	Name    string   `json:"name"`
	// Type is what the event does, such as "generateReport", "updateAttributes",
	// "sendRpcRequest", or a custom rule engine message type.
	Type string `json:"type"`
	// Schedule is the JSON object {timezone, startTime, repeat} that says when the event
	// fires; repeat is absent for a single run, or {type, endsOn, ...} with type one of
	// DAILY, WEEKLY, MONTHLY, YEARLY and TIMER.
	Schedule json.RawMessage `json:"schedule,omitzero"`
	// Enabled, when false, stops the event from firing; nil keeps the server's value
	// (new events are enabled).
	Enabled *bool `json:"enabled,omitzero"`
	// AdditionalInfo is free-form JSON.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the optimistic-locking version.
	Version int64 `json:"version,omitzero"`
}

// SchedulerEvent is a scheduler event with its configuration.
type SchedulerEvent struct {
	SchedulerEventInfo
	// Configuration is the type-specific JSON configuration, such as
	// {"originatorId": {...}, "msgType": "...", "msgBody": {...}, "metadata": {...}}.
	Configuration json.RawMessage `json:"configuration,omitzero"`
}

// SchedulerEventWithCustomerInfo is a SchedulerEventInfo with its customer's title and
// public flag.
type SchedulerEventWithCustomerInfo struct {
	SchedulerEventInfo
	CustomerTitle    string `json:"customerTitle,omitzero"`
	CustomerIsPublic bool   `json:"customerIsPublic"`
	// Timestamps are the run times within the requested range, when the server
	// computed them.
	Timestamps []int64 `json:"timestamps,omitzero"`
}

// SchedulerEventListOptions are the optional filters of the SchedulerEvents lists.
type SchedulerEventListOptions struct {
	// Type keeps the events of one type, such as "generateReport".
	Type string
	// EdgeID keeps the events assigned to an edge. Only ListPage and ListAll use it.
	EdgeID string
}

// GetInfo returns the scheduler event with the given id, without its configuration
// but with its customer's title. A missing event is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/schedulerEvent/info/{schedulerEventId}
func (s *SchedulerEventService) GetInfo(ctx context.Context, schedulerEventID string) (*SchedulerEventWithCustomerInfo, error) {
	if err := checkArgsOf("SchedulerEvents.GetInfo", "schedulerEventID", schedulerEventID); err != nil {
		return nil, err
	}
	return call[SchedulerEventWithCustomerInfo](ctx, s.client, http.MethodGet, pathf("/api/schedulerEvent/info/%s", schedulerEventID), nil, nil)
}

// Get returns the scheduler event with the given id. A missing event is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/schedulerEvent/{schedulerEventId}
func (s *SchedulerEventService) Get(ctx context.Context, schedulerEventID string) (*SchedulerEvent, error) {
	if err := checkArgsOf("SchedulerEvents.Get", "schedulerEventID", schedulerEventID); err != nil {
		return nil, err
	}
	return call[SchedulerEvent](ctx, s.client, http.MethodGet, pathf("/api/schedulerEvent/%s", schedulerEventID), nil, nil)
}

// Save creates the scheduler event (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/schedulerEvent
func (s *SchedulerEventService) Save(ctx context.Context, e *SchedulerEvent) (*SchedulerEvent, error) {
	if e == nil {
		return nil, errors.New("thingsboard: SchedulerEvents.Save: nil event")
	}
	if err := checkArgsOf("SchedulerEvents.Save", "name", e.Name, "type", e.Type); err != nil {
		return nil, err
	}
	return call[SchedulerEvent](ctx, s.client, http.MethodPost, "/api/schedulerEvent", nil, e)
}

// SetEnabled enables or disables the scheduler event and returns it.
//
//tb:operation PUT /api/schedulerEvent/{schedulerEventId}/enabled/{enabledValue}
func (s *SchedulerEventService) SetEnabled(ctx context.Context, schedulerEventID string, enabled bool) (*SchedulerEvent, error) {
	if err := checkArgsOf("SchedulerEvents.SetEnabled", "schedulerEventID", schedulerEventID); err != nil {
		return nil, err
	}
	out := new(SchedulerEvent)
	path := pathf("/api/schedulerEvent/%s/enabled/%s", schedulerEventID, strconv.FormatBool(enabled))
	if err := s.client.do(ctx, http.MethodPut, path, nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes the scheduler event with the given id.
//
//tb:operation DELETE /api/schedulerEvent/{schedulerEventId}
func (s *SchedulerEventService) Delete(ctx context.Context, schedulerEventID string) error {
	if err := checkArgsOf("SchedulerEvents.Delete", "schedulerEventID", schedulerEventID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/schedulerEvent/%s", schedulerEventID), nil, nil, nil)
}

// List returns all the scheduler events the caller may read (the tenant's, or the
// customer's for a customer user), in one unpaged list; opts may be nil and only its
// Type applies. The server stops at 1000 events: use ListAll for more.
//
//tb:operation GET /api/schedulerEvents/all
//tb:operation GET /api/schedulerEvents
func (s *SchedulerEventService) List(ctx context.Context, opts *SchedulerEventListOptions) ([]SchedulerEventWithCustomerInfo, error) {
	q := url.Values{}
	if opts != nil {
		setIf(q, "type", opts.Type)
	}
	var out []SchedulerEventWithCustomerInfo
	if err := fetchByNewOrLegacyPath(ctx, s.client, "/api/schedulerEvents/all", "/api/schedulerEvents", q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListPage returns one page of the scheduler events the caller may read; opts may be nil.
//
//tb:operation GET /api/schedulerEvents
func (s *SchedulerEventService) ListPage(ctx context.Context, pl PageLink, opts *SchedulerEventListOptions) (*Page[SchedulerEventWithCustomerInfo], error) {
	q := pl.Values()
	if opts != nil {
		setIf(q, "type", opts.Type)
		setIf(q, "edgeId", opts.EdgeID)
	}
	return call[Page[SchedulerEventWithCustomerInfo]](ctx, s.client, http.MethodGet, "/api/schedulerEvents", q, nil)
}

// ListAll iterates over every scheduler event that ListPage returns, page after page.
//
//tb:operation GET /api/schedulerEvents
func (s *SchedulerEventService) ListAll(ctx context.Context, pl PageLink, opts *SchedulerEventListOptions) iter.Seq2[SchedulerEventWithCustomerInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[SchedulerEventWithCustomerInfo], error) {
		return s.ListPage(ctx, l, opts)
	})
}

// ListByIDs returns the scheduler events with the given ids that the caller may read;
// unknown ids are left out.
//
//tb:operation GET /api/schedulerEvents/list
//tb:operation GET /api/schedulerEvents
func (s *SchedulerEventService) ListByIDs(ctx context.Context, schedulerEventIDs []string) ([]SchedulerEventInfo, error) {
	if err := peCheckIDs("SchedulerEvents.ListByIDs", "schedulerEventIDs", schedulerEventIDs); err != nil {
		return nil, err
	}
	var out []SchedulerEventInfo
	q := url.Values{"schedulerEventIds": {strings.Join(schedulerEventIDs, ",")}}
	if err := fetchByNewOrLegacyPath(ctx, s.client, "/api/schedulerEvents/list", "/api/schedulerEvents", q, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AssignToEdge assigns the scheduler event to an edge and returns the event.
//
//tb:operation POST /api/edge/{edgeId}/schedulerEvent/{schedulerEventId}
func (s *SchedulerEventService) AssignToEdge(ctx context.Context, edgeID, schedulerEventID string) (*SchedulerEventInfo, error) {
	return s.edgeCall(ctx, http.MethodPost, "SchedulerEvents.AssignToEdge", edgeID, schedulerEventID)
}

// UnassignFromEdge removes the scheduler event's assignment to an edge and returns
// the event.
//
//tb:operation DELETE /api/edge/{edgeId}/schedulerEvent/{schedulerEventId}
func (s *SchedulerEventService) UnassignFromEdge(ctx context.Context, edgeID, schedulerEventID string) (*SchedulerEventInfo, error) {
	return s.edgeCall(ctx, http.MethodDelete, "SchedulerEvents.UnassignFromEdge", edgeID, schedulerEventID)
}

func (s *SchedulerEventService) edgeCall(ctx context.Context, verb, method, edgeID, schedulerEventID string) (*SchedulerEventInfo, error) {
	if err := checkArgsOf(method, "edgeID", edgeID, "schedulerEventID", schedulerEventID); err != nil {
		return nil, err
	}
	out := new(SchedulerEventInfo)
	if err := s.client.do(ctx, verb, pathf("/api/edge/%s/schedulerEvent/%s", edgeID, schedulerEventID), nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByEdge returns all the scheduler events assigned to an edge, in one unpaged list.
//
//tb:operation GET /api/edge/{edgeId}/allSchedulerEvents
//tb:operation GET /api/edge/{edgeId}/schedulerEvents
func (s *SchedulerEventService) ListByEdge(ctx context.Context, edgeID string) ([]SchedulerEventInfo, error) {
	if err := checkArgsOf("SchedulerEvents.ListByEdge", "edgeID", edgeID); err != nil {
		return nil, err
	}
	var out []SchedulerEventInfo
	err := fetchByNewOrLegacyPath(ctx, s.client, pathf("/api/edge/%s/allSchedulerEvents", edgeID),
		pathf("/api/edge/%s/schedulerEvents", edgeID), nil, &out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListByEdgePage returns one page of the scheduler events assigned to an edge.
//
//tb:operation GET /api/edge/{edgeId}/schedulerEvents
func (s *SchedulerEventService) ListByEdgePage(ctx context.Context, edgeID string, pl PageLink) (*Page[SchedulerEventInfo], error) {
	if err := checkArgsOf("SchedulerEvents.ListByEdgePage", "edgeID", edgeID); err != nil {
		return nil, err
	}
	return call[Page[SchedulerEventInfo]](ctx, s.client, http.MethodGet, pathf("/api/edge/%s/schedulerEvents", edgeID), pl.Values(), nil)
}

// ListByEdgeAll iterates over every scheduler event assigned to an edge, page after page.
//
//tb:operation GET /api/edge/{edgeId}/schedulerEvents
func (s *SchedulerEventService) ListByEdgeAll(ctx context.Context, edgeID string, pl PageLink) iter.Seq2[SchedulerEventInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[SchedulerEventInfo], error) {
		return s.ListByEdgePage(ctx, edgeID, l)
	})
}
