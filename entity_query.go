package thingsboard

import (
	"encoding/json"
	"strconv"
)

// EntityKeyType says where an EntityKey's value lives: an entity field, an attribute
// (of any scope or of one), the latest time series value, or an alarm field.
type EntityKeyType string

// Entity key types.
const (
	EntityKeyAttribute       EntityKeyType = "ATTRIBUTE" // an attribute of any scope
	EntityKeyClientAttribute EntityKeyType = "CLIENT_ATTRIBUTE"
	EntityKeySharedAttribute EntityKeyType = "SHARED_ATTRIBUTE"
	EntityKeyServerAttribute EntityKeyType = "SERVER_ATTRIBUTE"
	EntityKeyTimeSeries      EntityKeyType = "TIME_SERIES"
	EntityKeyEntityField     EntityKeyType = "ENTITY_FIELD"
	EntityKeyAlarmField      EntityKeyType = "ALARM_FIELD"
)

// IsAttribute reports whether t names an attribute, of any scope or of one.
func (t EntityKeyType) IsAttribute() bool {
	switch t {
	case EntityKeyAttribute, EntityKeyClientAttribute, EntityKeySharedAttribute, EntityKeyServerAttribute:
		return true
	}
	return false
}

// EntityKey names one value of an entity: {"type":"TIME_SERIES","key":"temperature"}.
type EntityKey struct {
	Type EntityKeyType `json:"type"`
	Key  string        `json:"key"`
}

// FieldKey returns the ENTITY_FIELD key named key, such as "name" or "createdTime".
func FieldKey(key string) EntityKey { return EntityKey{Type: EntityKeyEntityField, Key: key} }

// AttributeKey returns the ATTRIBUTE key (any scope) named key.
func AttributeKey(key string) EntityKey { return EntityKey{Type: EntityKeyAttribute, Key: key} }

// TimeSeriesKey returns the TIME_SERIES key named key.
func TimeSeriesKey(key string) EntityKey { return EntityKey{Type: EntityKeyTimeSeries, Key: key} }

// AlarmFieldKey returns the ALARM_FIELD key named key, such as "severity" or "createdTime".
func AlarmFieldKey(key string) EntityKey { return EntityKey{Type: EntityKeyAlarmField, Key: key} }

// EntityDataSortOrder sorts an entity query's results by one key.
type EntityDataSortOrder struct {
	Key       EntityKey `json:"key"`
	Direction SortOrder `json:"direction"`
}

// EntityDataPageLink selects one page of an entity query. Unlike PageLink it travels in
// the request body.
type EntityDataPageLink struct {
	PageSize   int                  `json:"pageSize"`
	Page       int                  `json:"page"`
	TextSearch string               `json:"textSearch,omitzero"`
	SortOrder  *EntityDataSortOrder `json:"sortOrder,omitzero"`
	// Dynamic is used by dashboards for live subscriptions.
	Dynamic bool `json:"dynamic"`
}

// Next returns the link to the following page.
func (p EntityDataPageLink) Next() EntityDataPageLink { p.Page++; return p }

// EntityDataQuery is the Entity Data Query API's query: which entities (EntityFilter,
// narrowed by KeyFilters), which page of them, and which of their values to return.
type EntityDataQuery struct {
	EntityFilter EntityFilter       `json:"entityFilter"`
	KeyFilters   []KeyFilter        `json:"keyFilters"`
	PageLink     EntityDataPageLink `json:"pageLink"`
	// EntityFields are ENTITY_FIELD keys to return, such as name, label, createdTime.
	EntityFields []EntityKey `json:"entityFields"`
	// LatestValues are attribute and TIME_SERIES keys to return.
	LatestValues []EntityKey `json:"latestValues"`
}

// Next returns the query for the following page.
func (q EntityDataQuery) Next() EntityDataQuery { q.PageLink = q.PageLink.Next(); return q }

// MarshalJSON writes the lists as [] when they are nil, as the server expects.
func (q EntityDataQuery) MarshalJSON() ([]byte, error) {
	type plain EntityDataQuery
	p := plain(q)
	p.KeyFilters = nonNil(p.KeyFilters)
	p.EntityFields = nonNil(p.EntityFields)
	p.LatestValues = nonNil(p.LatestValues)
	return json.Marshal(p)
}

// UnmarshalJSON decodes the entity filter by its type.
func (q *EntityDataQuery) UnmarshalJSON(b []byte) error {
	type plain EntityDataQuery
	var aux struct {
		plain
		EntityFilter json.RawMessage `json:"entityFilter"`
	}
	f, err := unmarshalWithFilter(b, &aux, &aux.EntityFilter)
	if err != nil {
		return err
	}
	*q = EntityDataQuery(aux.plain)
	q.EntityFilter = f
	return nil
}

// EntityCountQuery counts the entities an EntityFilter and KeyFilters select.
type EntityCountQuery struct {
	EntityFilter EntityFilter `json:"entityFilter"`
	KeyFilters   []KeyFilter  `json:"keyFilters"`
}

// MarshalJSON writes KeyFilters as [] when it is nil.
func (q EntityCountQuery) MarshalJSON() ([]byte, error) {
	type plain EntityCountQuery
	p := plain(q)
	p.KeyFilters = nonNil(p.KeyFilters)
	return json.Marshal(p)
}

// UnmarshalJSON decodes the entity filter by its type.
func (q *EntityCountQuery) UnmarshalJSON(b []byte) error {
	type plain EntityCountQuery
	var aux struct {
		plain
		EntityFilter json.RawMessage `json:"entityFilter"`
	}
	f, err := unmarshalWithFilter(b, &aux, &aux.EntityFilter)
	if err != nil {
		return err
	}
	*q = EntityCountQuery(aux.plain)
	q.EntityFilter = f
	return nil
}

// unmarshalWithFilter decodes b into aux, a query's fields with its entityFilter
// held as raw JSON in *raw, and returns that filter decoded by its type.
func unmarshalWithFilter(b []byte, aux any, raw *json.RawMessage) (EntityFilter, error) {
	if err := json.Unmarshal(b, aux); err != nil {
		return nil, err
	}
	return decodeFilterField(*raw)
}

// decodeFilterField decodes an optional entity filter; absent or null gives nil.
func decodeFilterField(raw json.RawMessage) (EntityFilter, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	return UnmarshalEntityFilter(raw)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// TsValue is one value with its timestamp (epoch milliseconds). Entity queries return
// every value as a string; a key without data comes back as ts 0 and value "".
type TsValue struct {
	Ts    int64  `json:"ts"`
	Value string `json:"value"`
	// Count is set by aggregated time series queries (4.x).
	Count *int64 `json:"count,omitzero"`
}

// ComparisonTsValue is an aggregated value with the one of the previous interval.
type ComparisonTsValue struct {
	Current  *TsValue `json:"current,omitzero"`
	Previous *TsValue `json:"previous,omitzero"`
}

// EntityData is one result of an entity query: the entity's id and the values the query
// asked for, grouped by key type.
type EntityData struct {
	EntityID EntityID `json:"entityId"`
	// Latest maps a key type to key names and values, for example
	// Latest[EntityKeyEntityField]["name"].
	Latest map[EntityKeyType]map[string]TsValue `json:"latest"`
	// Timeseries holds time series history (WebSocket subscriptions).
	Timeseries map[string][]TsValue `json:"timeseries"`
	// AggLatest holds aggregated values by aggregation key id (WebSocket subscriptions).
	AggLatest map[int]ComparisonTsValue `json:"aggLatest,omitzero"`
	// ReadAttrs and ReadTs (Professional Edition) say whether the caller may read the
	// entity's attributes and time series.
	ReadAttrs bool `json:"readAttrs,omitzero"`
	ReadTs    bool `json:"readTs,omitzero"`
}

// LatestValue returns the value of the key of type t named key, and whether the server
// returned that key. A key the entity has no data for is returned with ts 0 and value "".
func (d EntityData) LatestValue(t EntityKeyType, key string) (TsValue, bool) {
	v, ok := d.Latest[t][key]
	return v, ok
}

// Field returns the entity field named key (ENTITY_FIELD), such as "name".
func (d EntityData) Field(key string) (string, bool) {
	v, ok := d.Latest[EntityKeyEntityField][key]
	return v.Value, ok
}

// CreatedTime returns the createdTime entity field in epoch milliseconds, when the query
// asked for it and it parses.
func (d EntityData) CreatedTime() (int64, bool) {
	s, ok := d.Field("createdTime")
	if !ok {
		return 0, false
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	return ms, err == nil
}

// Attribute returns the attribute named key requested with the ATTRIBUTE key type (any
// scope); when absent there, it looks in the CLIENT, SHARED and SERVER attribute groups.
func (d EntityData) Attribute(key string) (string, bool) {
	for _, t := range []EntityKeyType{EntityKeyAttribute, EntityKeyClientAttribute, EntityKeySharedAttribute, EntityKeyServerAttribute} {
		if v, ok := d.Latest[t][key]; ok {
			return v.Value, true
		}
	}
	return "", false
}

// AttributeByScope returns the attribute named key from the group of one key type:
// EntityKeyClientAttribute, EntityKeySharedAttribute, EntityKeyServerAttribute or
// EntityKeyAttribute.
func (d EntityData) AttributeByScope(t EntityKeyType, key string) (string, bool) {
	v, ok := d.Latest[t][key]
	return v.Value, ok
}

// TimeseriesLatest returns the latest value of the time series named key.
func (d EntityData) TimeseriesLatest(key string) (string, bool) {
	v, ok := d.Latest[EntityKeyTimeSeries][key]
	return v.Value, ok
}

// AvailableEntityKeys is the answer of the v1 find-keys operation: the entity types
// found, and the distinct time series and attribute keys of the matched entities.
type AvailableEntityKeys struct {
	EntityTypes []EntityType `json:"entityTypes"`
	Timeseries  []string     `json:"timeseries"`
	Attribute   []string     `json:"attribute"`
}

// AvailableEntityKeysV2 is the answer of the v2 find-keys operation (4.3.1.2+).
type AvailableEntityKeysV2 struct {
	EntityTypes []EntityType `json:"entityTypes"`
	// Timeseries is absent when time series were not requested.
	Timeseries []KeyInfo `json:"timeseries,omitzero"`
	// Attributes maps an attribute scope (SERVER_SCOPE, ...) to its keys.
	Attributes map[string][]KeyInfo `json:"attributes,omitzero"`
}

// KeyInfo is a key name with, when samples were requested, its most recent value.
type KeyInfo struct {
	Key    string     `json:"key"`
	Sample *KeySample `json:"sample,omitzero"`
}

// KeySample is the most recent value of a key across the matched entities. Value is
// typed JSON (number, string, boolean or object).
type KeySample struct {
	Ts    int64           `json:"ts"`
	Value json.RawMessage `json:"value"`
}
