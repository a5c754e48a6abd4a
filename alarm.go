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
	"strconv"
)

// AlarmService manages alarms and alarm comments. See Client.Alarms.
//
// The alarm model is the one of ThingsBoard 3.5 and later (acknowledged and cleared
// flags, assignee); Ack, Clear, Assign and Unassign return the updated alarm since 3.5.
type AlarmService service

// AlarmSeverity is the severity of an alarm. A value this package does not list
// decodes and round-trips unchanged.
type AlarmSeverity string

// Alarm severities, from the most to the least severe.
const (
	SeverityCritical      AlarmSeverity = "CRITICAL"
	SeverityMajor         AlarmSeverity = "MAJOR"
	SeverityMinor         AlarmSeverity = "MINOR"
	SeverityWarning       AlarmSeverity = "WARNING"
	SeverityIndeterminate AlarmSeverity = "INDETERMINATE"
)

// Rank orders severities: CRITICAL is 5, MAJOR 4, MINOR 3, WARNING 2,
// INDETERMINATE 1, and any other value (including "") 0.
func (s AlarmSeverity) Rank() int {
	switch s {
	case SeverityCritical:
		return 5
	case SeverityMajor:
		return 4
	case SeverityMinor:
		return 3
	case SeverityWarning:
		return 2
	case SeverityIndeterminate:
		return 1
	}
	return 0
}

// AlarmStatus is the state of an alarm, derived by the server from its acknowledged
// and cleared flags.
type AlarmStatus string

// Alarm statuses.
const (
	StatusActiveUnack  AlarmStatus = "ACTIVE_UNACK"
	StatusActiveAck    AlarmStatus = "ACTIVE_ACK"
	StatusClearedUnack AlarmStatus = "CLEARED_UNACK"
	StatusClearedAck   AlarmStatus = "CLEARED_ACK"
)

// AlarmStatusOf returns the status of an alarm with the given flags.
func AlarmStatusOf(acknowledged, cleared bool) AlarmStatus {
	switch {
	case cleared && acknowledged:
		return StatusClearedAck
	case cleared:
		return StatusClearedUnack
	case acknowledged:
		return StatusActiveAck
	}
	return StatusActiveUnack
}

// IsActive reports whether the status is ACTIVE_UNACK or ACTIVE_ACK.
func (s AlarmStatus) IsActive() bool { return s == StatusActiveUnack || s == StatusActiveAck }

// IsCleared reports whether the status is CLEARED_UNACK or CLEARED_ACK.
func (s AlarmStatus) IsCleared() bool { return s == StatusClearedUnack || s == StatusClearedAck }

// IsAcknowledged reports whether the status is ACTIVE_ACK or CLEARED_ACK.
func (s AlarmStatus) IsAcknowledged() bool { return s == StatusActiveAck || s == StatusClearedAck }

// AlarmSearchStatus selects alarms by state in list queries.
type AlarmSearchStatus string

// Alarm search statuses.
const (
	SearchStatusAny     AlarmSearchStatus = "ANY"
	SearchStatusActive  AlarmSearchStatus = "ACTIVE"
	SearchStatusCleared AlarmSearchStatus = "CLEARED"
	SearchStatusAck     AlarmSearchStatus = "ACK"
	SearchStatusUnack   AlarmSearchStatus = "UNACK"
)

// Matches reports whether an alarm in status st is selected by the search status.
// ANY and "" select every alarm.
func (s AlarmSearchStatus) Matches(st AlarmStatus) bool {
	switch s {
	case SearchStatusActive:
		return st.IsActive()
	case SearchStatusCleared:
		return st.IsCleared()
	case SearchStatusAck:
		return st.IsAcknowledged()
	case SearchStatusUnack:
		return !st.IsAcknowledged()
	}
	return true
}

// Alarm is a ThingsBoard alarm. To create one, set Originator, Type and Severity (and
// optionally Details and the propagation flags) and call AlarmService.Save; while an
// alarm of the same type is active on the same originator, the server updates that
// alarm instead of creating another.
type Alarm struct {
	// ID is zero for a new alarm.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	CustomerID  EntityID `json:"customerId,omitzero"`
	// Type names the alarm, such as "High Temperature". Name repeats it (read-only).
	Type string `json:"type"`
	Name string `json:"name,omitzero"`
	// Originator is the entity that raised the alarm.
	Originator EntityID      `json:"originator"`
	Severity   AlarmSeverity `json:"severity"`
	// Acknowledged and Cleared are the alarm's state; Status is derived from them by
	// the server (read-only).
	Acknowledged bool        `json:"acknowledged"`
	Cleared      bool        `json:"cleared"`
	Status       AlarmStatus `json:"status,omitzero"`
	// AssigneeID is the user the alarm is assigned to, if any.
	AssigneeID EntityID `json:"assigneeId,omitzero"`
	// Epoch-millisecond timestamps: start, last update (end), acknowledgement, clearing
	// and assignment. 0 means not set.
	StartTs  int64 `json:"startTs"`
	EndTs    int64 `json:"endTs"`
	AckTs    int64 `json:"ackTs"`
	ClearTs  int64 `json:"clearTs"`
	AssignTs int64 `json:"assignTs"`
	// Details is free-form JSON.
	Details json.RawMessage `json:"details,omitzero"`
	// Propagate shows the alarm on the entities related to the originator (those with a
	// relation to it), restricted to PropagateRelationTypes when that is not empty.
	Propagate bool `json:"propagate"`
	// PropagateToOwner shows the alarm on the originator's owner (customer or tenant).
	PropagateToOwner bool `json:"propagateToOwner"`
	// PropagateToTenant shows the alarm on the tenant.
	PropagateToTenant      bool     `json:"propagateToTenant"`
	PropagateRelationTypes []string `json:"propagateRelationTypes,omitzero"`
}

// ComputedStatus returns the status that follows from the alarm's flags; unlike Status
// it is also correct for an alarm that was changed locally.
func (a *Alarm) ComputedStatus() AlarmStatus { return AlarmStatusOf(a.Acknowledged, a.Cleared) }

// AlarmAssignee is the user an alarm is assigned to.
type AlarmAssignee struct {
	ID        EntityID `json:"id"`
	FirstName string   `json:"firstName,omitzero"`
	LastName  string   `json:"lastName,omitzero"`
	Email     string   `json:"email,omitzero"`
}

// AlarmInfo is an Alarm with the originator's name and label and the assignee.
type AlarmInfo struct {
	Alarm
	OriginatorName        string         `json:"originatorName,omitzero"`
	OriginatorLabel       string         `json:"originatorLabel,omitzero"`
	OriginatorDisplayName string         `json:"originatorDisplayName,omitzero"`
	Assignee              *AlarmAssignee `json:"assignee,omitzero"`
}

// EntitySubtype is one type (subtype) of entities of a tenant, such as an alarm type
// or a device type.
type EntitySubtype struct {
	TenantID   EntityID   `json:"tenantId,omitzero"`
	EntityType EntityType `json:"entityType"`
	Type       string     `json:"type"`
}

// AlarmCommentType says who wrote an alarm comment: the platform (SYSTEM, for example
// on acknowledgement) or a user (OTHER).
type AlarmCommentType string

// Alarm comment types.
const (
	AlarmCommentSystem AlarmCommentType = "SYSTEM"
	AlarmCommentOther  AlarmCommentType = "OTHER"
)

// AlarmCommentID identifies an alarm comment. The server writes it as {"id":"<uuid>"},
// without an entity type.
type AlarmCommentID struct {
	ID string `json:"id"`
}

// AlarmCommentBody is the content of an alarm comment: its text, and for system
// comments a subtype (such as "ACKED_BY_USER") and parameters (such as "userName").
type AlarmCommentBody struct {
	Text string
	// Subtype is set on system comments.
	Subtype string
	// Edited and EditedOn are set by the server when a comment is changed.
	Edited   bool
	EditedOn int64
	// Params holds every other field, such as "userName" and "assigneeName".
	Params map[string]json.RawMessage
}

// MarshalJSON writes the body as the server's JSON object.
func (b AlarmCommentBody) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(b.Params)+4)
	for k, v := range b.Params {
		m[k] = v
	}
	m["text"] = b.Text
	if b.Subtype != "" {
		m["subtype"] = b.Subtype
	}
	if b.Edited {
		m["edited"] = "true"
	}
	if b.EditedOn != 0 {
		m["editedOn"] = b.EditedOn
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the server's JSON object. "edited" is accepted as the string the
// server writes ("true") or as a boolean.
func (b *AlarmCommentBody) UnmarshalJSON(data []byte) error {
	*b = AlarmCommentBody{}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("thingsboard: alarm comment: %w", err)
	}
	str := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	for k, raw := range m {
		switch k {
		case "text":
			b.Text = str(raw)
		case "subtype":
			b.Subtype = str(raw)
		case "edited":
			var v bool
			if json.Unmarshal(raw, &v) == nil {
				b.Edited = v
			} else {
				b.Edited, _ = strconv.ParseBool(str(raw))
			}
		case "editedOn":
			var n json.Number
			if json.Unmarshal(raw, &n) == nil {
				b.EditedOn, _ = n.Int64()
			} else {
				b.EditedOn, _ = strconv.ParseInt(str(raw), 10, 64)
			}
		default:
			if b.Params == nil {
				b.Params = map[string]json.RawMessage{}
			}
			b.Params[k] = raw
		}
	}
	return nil
}

// Param returns the string parameter k of a system comment, such as "userName".
func (b AlarmCommentBody) Param(k string) string {
	var s string
	if json.Unmarshal(b.Params[k], &s) != nil {
		return ""
	}
	return s
}

// AlarmComment is a comment on an alarm.
type AlarmComment struct {
	// ID is zero for a new comment.
	ID          AlarmCommentID `json:"id,omitzero"`
	CreatedTime int64          `json:"createdTime,omitzero"`
	// AlarmID and UserID are set by the server.
	AlarmID EntityID         `json:"alarmId,omitzero"`
	UserID  EntityID         `json:"userId,omitzero"`
	Type    AlarmCommentType `json:"type,omitzero"`
	Comment AlarmCommentBody `json:"comment"`
	// Name is the comment as JSON text (read-only).
	Name string `json:"name,omitzero"`
}

// NewAlarmComment returns a new comment with the given text.
func NewAlarmComment(text string) *AlarmComment {
	return &AlarmComment{Comment: AlarmCommentBody{Text: text}}
}

// AlarmCommentInfo is an AlarmComment with its author's name and email.
type AlarmCommentInfo struct {
	AlarmComment
	FirstName string `json:"firstName,omitzero"`
	LastName  string `json:"lastName,omitzero"`
	Email     string `json:"email,omitzero"`
}

// AlarmListOptions filters the version 1 alarm lists (List, ListByEntity). The zero
// value selects every alarm. SearchStatus and Status cannot both be set.
type AlarmListOptions struct {
	// SearchStatus selects a group of statuses (ACTIVE, CLEARED, ACK, UNACK or ANY).
	SearchStatus AlarmSearchStatus
	// Status selects one status.
	Status AlarmStatus
	// AssigneeID selects the alarms assigned to this user.
	AssigneeID string
	// FetchOriginator asks for the originator's name in AlarmInfo.OriginatorName
	// (servers before 3.5 leave it empty otherwise).
	FetchOriginator bool
}

func (o *AlarmListOptions) addTo(method string, v url.Values) error {
	if o == nil {
		return nil
	}
	if o.SearchStatus != "" && o.Status != "" {
		return fmt.Errorf("thingsboard: Alarms.%s: SearchStatus and Status cannot both be set", method)
	}
	if o.SearchStatus != "" {
		v.Set("searchStatus", string(o.SearchStatus))
	}
	if o.Status != "" {
		v.Set("status", string(o.Status))
	}
	if o.AssigneeID != "" {
		v.Set("assigneeId", o.AssigneeID)
	}
	if o.FetchOriginator {
		v.Set("fetchOriginator", "true")
	}
	return nil
}

// AlarmFilter filters the version 2 alarm lists (ListV2, ListByEntityV2, ThingsBoard
// 3.5+). An empty list does not filter. Values are sent as repeated query parameters;
// note that the server splits a list's only value at commas, so a lone type "a,b"
// means "a" or "b".
type AlarmFilter struct {
	// StatusList filters on two independent flags: ACTIVE or CLEARED selects by the
	// cleared flag, ACK or UNACK by the acknowledged flag, and a flag with both or
	// neither of its values is not filtered. {ACTIVE, UNACK} thus selects the active
	// unacknowledged alarms; a list containing ANY selects every alarm.
	StatusList []AlarmSearchStatus
	// SeverityList and TypeList keep the alarms with any of their values.
	SeverityList []AlarmSeverity
	TypeList     []string
	// AssigneeID selects the alarms assigned to this user.
	AssigneeID string
}

func (f *AlarmFilter) addTo(v url.Values) {
	if f == nil {
		return
	}
	for _, s := range f.StatusList {
		v.Add("statusList", string(s))
	}
	for _, s := range f.SeverityList {
		v.Add("severityList", string(s))
	}
	for _, t := range f.TypeList {
		v.Add("typeList", t)
	}
	if f.AssigneeID != "" {
		v.Set("assigneeId", f.AssigneeID)
	}
}

// HighestSeverityOptions filters the alarms that AlarmService.HighestSeverity
// considers. SearchStatus and Status cannot both be set.
type HighestSeverityOptions struct {
	SearchStatus AlarmSearchStatus
	Status       AlarmStatus
	AssigneeID   string
}

// Save creates the alarm, or updates it when a.ID is set; Originator, Type and
// Severity are required. Creating an alarm whose type is already active on the same
// originator updates that alarm. It returns the alarm as saved.
//
//tb:operation POST /api/alarm
func (s *AlarmService) Save(ctx context.Context, a *Alarm) (*Alarm, error) {
	if a == nil {
		return nil, errors.New("thingsboard: Alarms.Save: nil alarm")
	}
	if a.Originator.ID == "" || a.Originator.EntityType == "" {
		return nil, errors.New("thingsboard: Alarms.Save: the alarm has no originator")
	}
	if a.Type == "" {
		return nil, errors.New("thingsboard: Alarms.Save: empty alarm type")
	}
	if a.Severity == "" {
		return nil, errors.New("thingsboard: Alarms.Save: empty alarm severity")
	}
	return call[Alarm](ctx, s.client, http.MethodPost, "/api/alarm", nil, a)
}

// Get returns the alarm. A missing alarm is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/alarm/{alarmId}
func (s *AlarmService) Get(ctx context.Context, alarmID string) (*Alarm, error) {
	if err := checkArgsOf("Alarms.Get", "alarm id", alarmID); err != nil {
		return nil, err
	}
	return call[Alarm](ctx, s.client, http.MethodGet, pathf("/api/alarm/%s", alarmID), nil, nil)
}

// GetInfo returns the alarm with its originator's name and its assignee.
//
//tb:operation GET /api/alarm/info/{alarmId}
func (s *AlarmService) GetInfo(ctx context.Context, alarmID string) (*AlarmInfo, error) {
	if err := checkArgsOf("Alarms.GetInfo", "alarm id", alarmID); err != nil {
		return nil, err
	}
	return call[AlarmInfo](ctx, s.client, http.MethodGet, pathf("/api/alarm/info/%s", alarmID), nil, nil)
}

// alarmAction posts to one of the alarm's action routes and decodes the AlarmInfo.
func (s *AlarmService) alarmAction(ctx context.Context, verb, path string) (*AlarmInfo, error) {
	out := new(AlarmInfo)
	if err := s.client.do(ctx, verb, path, nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Ack acknowledges the alarm and returns it. Acknowledging it again is an *APIError
// matching ErrBadRequest ("Alarm was already acknowledged!").
//
//tb:operation POST /api/alarm/{alarmId}/ack
func (s *AlarmService) Ack(ctx context.Context, alarmID string) (*AlarmInfo, error) {
	if err := checkArgsOf("Alarms.Ack", "alarm id", alarmID); err != nil {
		return nil, err
	}
	return s.alarmAction(ctx, http.MethodPost, pathf("/api/alarm/%s/ack", alarmID))
}

// Clear clears the alarm and returns it. Clearing it again is an *APIError matching
// ErrBadRequest ("Alarm was already cleared!").
//
//tb:operation POST /api/alarm/{alarmId}/clear
func (s *AlarmService) Clear(ctx context.Context, alarmID string) (*AlarmInfo, error) {
	if err := checkArgsOf("Alarms.Clear", "alarm id", alarmID); err != nil {
		return nil, err
	}
	return s.alarmAction(ctx, http.MethodPost, pathf("/api/alarm/%s/clear", alarmID))
}

// Assign assigns the alarm to the user and returns it.
//
//tb:operation POST /api/alarm/{alarmId}/assign/{assigneeId}
func (s *AlarmService) Assign(ctx context.Context, alarmID, userID string) (*AlarmInfo, error) {
	if err := checkArgsOf("Alarms.Assign", "alarm id", alarmID); err != nil {
		return nil, err
	}
	if err := checkArgsOf("Alarms.Assign", "user id", userID); err != nil {
		return nil, err
	}
	return s.alarmAction(ctx, http.MethodPost, pathf("/api/alarm/%s/assign/%s", alarmID, userID))
}

// Unassign removes the alarm's assignee and returns the alarm.
//
//tb:operation DELETE /api/alarm/{alarmId}/assign
func (s *AlarmService) Unassign(ctx context.Context, alarmID string) (*AlarmInfo, error) {
	if err := checkArgsOf("Alarms.Unassign", "alarm id", alarmID); err != nil {
		return nil, err
	}
	return s.alarmAction(ctx, http.MethodDelete, pathf("/api/alarm/%s/assign", alarmID))
}

// Delete deletes the alarm and its comments. It returns the server's answer, true when
// the alarm was deleted.
//
//tb:operation DELETE /api/alarm/{alarmId}
func (s *AlarmService) Delete(ctx context.Context, alarmID string) (bool, error) {
	if err := checkArgsOf("Alarms.Delete", "alarm id", alarmID); err != nil {
		return false, err
	}
	var ok bool
	if err := s.client.do(ctx, http.MethodDelete, pathf("/api/alarm/%s", alarmID), nil, nil, &ok); err != nil {
		return false, err
	}
	return ok, nil
}

// ListByEntity returns one page of the alarms of the entity, including the alarms
// propagated to it. opts may be nil.
//
//tb:operation GET /api/alarm/{entityType}/{entityId}
func (s *AlarmService) ListByEntity(ctx context.Context, entity EntityID, pl TimePageLink, opts *AlarmListOptions) (*Page[AlarmInfo], error) {
	if err := checkEntityID("Alarms.ListByEntity: entity", entity); err != nil {
		return nil, err
	}
	v := pl.Values()
	if err := opts.addTo("ListByEntity", v); err != nil {
		return nil, err
	}
	return call[Page[AlarmInfo]](ctx, s.client, http.MethodGet, pathf("/api/alarm/%s/%s", string(entity.EntityType), entity.ID), v, nil)
}

// ListByEntityAll iterates over every alarm of the entity, page after page from pl.
func (s *AlarmService) ListByEntityAll(ctx context.Context, entity EntityID, pl TimePageLink, opts *AlarmListOptions) iter.Seq2[AlarmInfo, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[AlarmInfo], error) {
		return s.ListByEntity(ctx, entity, l, opts)
	})
}

// List returns one page of every alarm the caller can see: the tenant's alarms for a
// tenant administrator, the customer's for a customer user. opts may be nil.
//
//tb:operation GET /api/alarms
func (s *AlarmService) List(ctx context.Context, pl TimePageLink, opts *AlarmListOptions) (*Page[AlarmInfo], error) {
	v := pl.Values()
	if err := opts.addTo("List", v); err != nil {
		return nil, err
	}
	return call[Page[AlarmInfo]](ctx, s.client, http.MethodGet, "/api/alarms", v, nil)
}

// ListAll iterates over every alarm the caller can see, page after page from pl.
func (s *AlarmService) ListAll(ctx context.Context, pl TimePageLink, opts *AlarmListOptions) iter.Seq2[AlarmInfo, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[AlarmInfo], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByEntityV2 returns one page of the alarms of the entity, including the alarms
// propagated to it, filtered by status, severity, type and assignee (ThingsBoard
// 3.5+). f may be nil.
//
//tb:operation GET /api/v2/alarm/{entityType}/{entityId}
func (s *AlarmService) ListByEntityV2(ctx context.Context, entity EntityID, pl TimePageLink, f *AlarmFilter) (*Page[AlarmInfo], error) {
	if err := checkEntityID("Alarms.ListByEntityV2: entity", entity); err != nil {
		return nil, err
	}
	v := pl.Values()
	f.addTo(v)
	return call[Page[AlarmInfo]](ctx, s.client, http.MethodGet, pathf("/api/v2/alarm/%s/%s", string(entity.EntityType), entity.ID), v, nil)
}

// ListByEntityV2All iterates over every alarm of the entity that f selects, page after
// page from pl.
func (s *AlarmService) ListByEntityV2All(ctx context.Context, entity EntityID, pl TimePageLink, f *AlarmFilter) iter.Seq2[AlarmInfo, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[AlarmInfo], error) {
		return s.ListByEntityV2(ctx, entity, l, f)
	})
}

// ListV2 returns one page of every alarm the caller can see, filtered by status,
// severity, type and assignee (ThingsBoard 3.5+). f may be nil.
//
//tb:operation GET /api/v2/alarms
func (s *AlarmService) ListV2(ctx context.Context, pl TimePageLink, f *AlarmFilter) (*Page[AlarmInfo], error) {
	v := pl.Values()
	f.addTo(v)
	return call[Page[AlarmInfo]](ctx, s.client, http.MethodGet, "/api/v2/alarms", v, nil)
}

// ListV2All iterates over every alarm that f selects, page after page from pl.
func (s *AlarmService) ListV2All(ctx context.Context, pl TimePageLink, f *AlarmFilter) iter.Seq2[AlarmInfo, error] {
	return AllTime(ctx, pl, func(ctx context.Context, l TimePageLink) (*Page[AlarmInfo], error) {
		return s.ListV2(ctx, l, f)
	})
}

// HighestSeverity returns the highest severity among the entity's alarms (including
// propagated ones) that opts selects, or "" when there is none. opts may be nil.
//
//tb:operation GET /api/alarm/highestSeverity/{entityType}/{entityId}
func (s *AlarmService) HighestSeverity(ctx context.Context, entity EntityID, opts *HighestSeverityOptions) (AlarmSeverity, error) {
	if err := checkEntityID("Alarms.HighestSeverity: entity", entity); err != nil {
		return "", err
	}
	v := url.Values{}
	if opts != nil {
		lo := AlarmListOptions{SearchStatus: opts.SearchStatus, Status: opts.Status, AssigneeID: opts.AssigneeID}
		if err := lo.addTo("HighestSeverity", v); err != nil {
			return "", err
		}
	}
	var raw []byte
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/alarm/highestSeverity/%s/%s", string(entity.EntityType), entity.ID), v, nil, &raw); err != nil {
		return "", err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var sev AlarmSeverity
	if err := json.Unmarshal(raw, &sev); err != nil {
		return "", fmt.Errorf("thingsboard: GET /api/alarm/highestSeverity: decoding response: %w", err)
	}
	return sev, nil
}

// Types returns one page of the alarm types of the tenant, sorted by type in
// pl.SortOrder (ascending by default); pl.SortProperty does not apply.
//
//tb:operation GET /api/alarm/types
func (s *AlarmService) Types(ctx context.Context, pl PageLink) (*Page[EntitySubtype], error) {
	v := pl.Values()
	v.Del("sortProperty")
	if pl.SortOrder != "" {
		v.Set("sortOrder", string(pl.SortOrder))
	}
	return call[Page[EntitySubtype]](ctx, s.client, http.MethodGet, "/api/alarm/types", v, nil)
}

// TypesAll iterates over every alarm type, page after page from pl.
func (s *AlarmService) TypesAll(ctx context.Context, pl PageLink) iter.Seq2[EntitySubtype, error] {
	return All(ctx, pl, s.Types)
}

// ListComments returns one page of the alarm's comments. The server sorts by
// createdTime or id only, and ignores pl.TextSearch.
//
//tb:operation GET /api/alarm/{alarmId}/comment
func (s *AlarmService) ListComments(ctx context.Context, alarmID string, pl PageLink) (*Page[AlarmCommentInfo], error) {
	if err := checkArgsOf("Alarms.ListComments", "alarm id", alarmID); err != nil {
		return nil, err
	}
	v := pl.Values()
	v.Del("textSearch")
	return call[Page[AlarmCommentInfo]](ctx, s.client, http.MethodGet, pathf("/api/alarm/%s/comment", alarmID), v, nil)
}

// ListCommentsAll iterates over every comment of the alarm, page after page from pl.
func (s *AlarmService) ListCommentsAll(ctx context.Context, alarmID string, pl PageLink) iter.Seq2[AlarmCommentInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[AlarmCommentInfo], error) {
		return s.ListComments(ctx, alarmID, l)
	})
}

// SaveComment adds a comment to the alarm, or edits the caller's comment when c.ID is
// set. The server sets the comment's type to OTHER and its author to the caller.
//
//tb:operation POST /api/alarm/{alarmId}/comment
func (s *AlarmService) SaveComment(ctx context.Context, alarmID string, c *AlarmComment) (*AlarmComment, error) {
	if err := checkArgsOf("Alarms.SaveComment", "alarm id", alarmID); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errors.New("thingsboard: Alarms.SaveComment: nil comment")
	}
	return call[AlarmComment](ctx, s.client, http.MethodPost, pathf("/api/alarm/%s/comment", alarmID), nil, c)
}

// DeleteComment deletes a user comment of the alarm. The server keeps a system comment
// in its place ("Comment was deleted by user ..."); system comments cannot be deleted.
//
//tb:operation DELETE /api/alarm/{alarmId}/comment/{commentId}
func (s *AlarmService) DeleteComment(ctx context.Context, alarmID, commentID string) error {
	if err := checkArgsOf("Alarms.DeleteComment", "alarm id", alarmID); err != nil {
		return err
	}
	if err := checkArgsOf("Alarms.DeleteComment", "comment id", commentID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/alarm/%s/comment/%s", alarmID, commentID), nil, nil, nil)
}
