package thingsboard

import "encoding/json"

// AlarmDataPageLink selects one page of an alarm query and filters the alarms by time,
// type, status, severity and assignee.
type AlarmDataPageLink struct {
	EntityDataPageLink
	// StartTs and EndTs bound the alarms' creation time (epoch milliseconds; 0 leaves a
	// bound open). TimeWindow, when set, means the last TimeWindow milliseconds.
	StartTs    int64 `json:"startTs"`
	EndTs      int64 `json:"endTs"`
	TimeWindow int64 `json:"timeWindow"`
	// TypeList, StatusList and SeverityList keep alarms of those types, statuses and
	// severities; an empty list keeps all.
	TypeList     []string            `json:"typeList,omitzero"`
	StatusList   []AlarmSearchStatus `json:"statusList,omitzero"`
	SeverityList []AlarmSeverity     `json:"severityList,omitzero"`
	// SearchPropagatedAlarms also returns alarms propagated to the entities.
	SearchPropagatedAlarms bool `json:"searchPropagatedAlarms"`
	// AssigneeID keeps alarms assigned to that user.
	AssigneeID EntityID `json:"assigneeId,omitzero"`
}

// Next returns the link to the following page.
func (p AlarmDataPageLink) Next() AlarmDataPageLink { p.Page++; return p }

// AlarmDataQuery finds the alarms of the entities an EntityFilter and KeyFilters select,
// returning alarm fields and the entities' latest values.
type AlarmDataQuery struct {
	EntityFilter EntityFilter      `json:"entityFilter"`
	KeyFilters   []KeyFilter       `json:"keyFilters"`
	PageLink     AlarmDataPageLink `json:"pageLink"`
	EntityFields []EntityKey       `json:"entityFields"`
	LatestValues []EntityKey       `json:"latestValues"`
	// AlarmFields are ALARM_FIELD keys, such as createdTime, type, severity, status.
	AlarmFields []EntityKey `json:"alarmFields"`
}

// Next returns the query for the following page.
func (q AlarmDataQuery) Next() AlarmDataQuery { q.PageLink = q.PageLink.Next(); return q }

// MarshalJSON writes the lists as [] when they are nil.
func (q AlarmDataQuery) MarshalJSON() ([]byte, error) {
	type plain AlarmDataQuery
	p := plain(q)
	p.KeyFilters = nonNil(p.KeyFilters)
	p.EntityFields = nonNil(p.EntityFields)
	p.LatestValues = nonNil(p.LatestValues)
	p.AlarmFields = nonNil(p.AlarmFields)
	return json.Marshal(p)
}

// UnmarshalJSON decodes the entity filter by its type.
func (q *AlarmDataQuery) UnmarshalJSON(b []byte) error {
	type plain AlarmDataQuery
	var aux struct {
		plain
		EntityFilter json.RawMessage `json:"entityFilter"`
	}
	f, err := unmarshalWithFilter(b, &aux, &aux.EntityFilter)
	if err != nil {
		return err
	}
	*q = AlarmDataQuery(aux.plain)
	q.EntityFilter = f
	return nil
}

// AlarmCountQuery counts the alarms of the entities an EntityFilter and KeyFilters select.
// Its alarm filters are those of AlarmDataPageLink.
type AlarmCountQuery struct {
	EntityFilter           EntityFilter        `json:"entityFilter"`
	KeyFilters             []KeyFilter         `json:"keyFilters"`
	StartTs                int64               `json:"startTs"`
	EndTs                  int64               `json:"endTs"`
	TimeWindow             int64               `json:"timeWindow"`
	TypeList               []string            `json:"typeList,omitzero"`
	StatusList             []AlarmSearchStatus `json:"statusList,omitzero"`
	SeverityList           []AlarmSeverity     `json:"severityList,omitzero"`
	SearchPropagatedAlarms bool                `json:"searchPropagatedAlarms"`
	AssigneeID             EntityID            `json:"assigneeId,omitzero"`
}

// MarshalJSON writes KeyFilters as [] when it is nil.
func (q AlarmCountQuery) MarshalJSON() ([]byte, error) {
	type plain AlarmCountQuery
	p := plain(q)
	p.KeyFilters = nonNil(p.KeyFilters)
	return json.Marshal(p)
}

// UnmarshalJSON decodes the entity filter by its type.
func (q *AlarmCountQuery) UnmarshalJSON(b []byte) error {
	type plain AlarmCountQuery
	var aux struct {
		plain
		EntityFilter json.RawMessage `json:"entityFilter"`
	}
	f, err := unmarshalWithFilter(b, &aux, &aux.EntityFilter)
	if err != nil {
		return err
	}
	*q = AlarmCountQuery(aux.plain)
	q.EntityFilter = f
	return nil
}

// AlarmData is one result of an alarm query: the alarm (the server's AlarmInfo), the
// entity it was found for (EntityID: the originator, or an entity the alarm propagated
// to) and that entity's latest values.
type AlarmData struct {
	AlarmInfo
	// EntityID is the entity the alarm was found for.
	EntityID EntityID `json:"entityId"`
	// Latest holds the entity's values the query asked for, as in EntityData.
	Latest map[EntityKeyType]map[string]TsValue `json:"latest"`
}

// Field returns the entity field named key from Latest.
func (d AlarmData) Field(key string) (string, bool) {
	v, ok := d.Latest[EntityKeyEntityField][key]
	return v.Value, ok
}
