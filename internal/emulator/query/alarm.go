package query

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Alarms are stored as entities of type ALARM whose Fields carry type, severity, status,
// originatorId, originatorType, assigneeId, startTs, endTs, createdTime, acknowledged,
// cleared, propagate and propagatedTo (comma-separated UUIDs of the entities the alarm
// propagates to), and whose Value marshals to the server's AlarmInfo JSON.

// MaxAlarmEntities is how many entities an alarm query looks for alarms of, the
// server's default limit of entities per alarm subscription.
const MaxAlarmEntities = 1000

// alarmRow is one alarm found for one entity.
type alarmRow struct {
	alarm    Entity
	info     tb.AlarmInfo
	raw      []byte
	entity   tb.EntityID
	priority int
}

// alarmFilter holds the alarm filters of an AlarmDataPageLink or an AlarmCountQuery.
type alarmFilter struct {
	startTs, endTs, timeWindow int64
	types                      []string
	statuses                   []tb.AlarmSearchStatus
	severities                 []tb.AlarmSeverity
	propagated                 bool
	assignee                   tb.EntityID
}

// statusSet turns search statuses into the alarm statuses they select; nil selects all.
func statusSet(list []tb.AlarmSearchStatus) map[tb.AlarmStatus]bool {
	out := map[tb.AlarmStatus]bool{}
	for _, s := range list {
		switch s {
		case tb.SearchStatusAck:
			out[tb.StatusActiveAck], out[tb.StatusClearedAck] = true, true
		case tb.SearchStatusUnack:
			out[tb.StatusActiveUnack], out[tb.StatusClearedUnack] = true, true
		case tb.SearchStatusCleared:
			out[tb.StatusClearedAck], out[tb.StatusClearedUnack] = true, true
		case tb.SearchStatusActive:
			out[tb.StatusActiveAck], out[tb.StatusActiveUnack] = true, true
		}
		if s == tb.SearchStatusAny || len(out) == 4 {
			return nil
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func alarmStatus(a Entity) tb.AlarmStatus {
	if s := a.Fields["status"]; s != "" {
		return tb.AlarmStatus(s)
	}
	cleared, acked := a.Fields["cleared"] == "true", a.Fields["acknowledged"] == "true"
	switch {
	case cleared && acked:
		return tb.StatusClearedAck
	case cleared:
		return tb.StatusClearedUnack
	case acked:
		return tb.StatusActiveAck
	}
	return tb.StatusActiveUnack
}

// alarms returns the (alarm, entity) rows of the alarms of the given entities that pass
// the filter, in the entities' order.
func (e *Engine) alarms(ents []Entity, f alarmFilter) []alarmRow {
	priority := make(map[string]int, len(ents))
	for i, ent := range ents {
		if _, dup := priority[ent.ID.ID]; !dup {
			priority[ent.ID.ID] = i
		}
	}
	start, end := f.startTs, f.endTs
	if f.timeWindow > 0 {
		end = e.Now
		start = end - f.timeWindow
	}
	statuses := statusSet(f.statuses)
	var rows []alarmRow
	for _, a := range e.Src.List(tb.EntityTypeAlarm) {
		if a.TenantID != e.Caller.TenantID {
			continue
		}
		created := a.CreatedTime
		if start > 0 && created < start || end > 0 && created > end {
			continue
		}
		if len(f.types) > 0 && !slices.Contains(f.types, a.Fields["type"]) {
			continue
		}
		if len(f.severities) > 0 && !slices.Contains(f.severities, tb.AlarmSeverity(a.Fields["severity"])) {
			continue
		}
		if statuses != nil && !statuses[alarmStatus(a)] {
			continue
		}
		if !f.assignee.IsZero() && a.Fields["assigneeId"] != f.assignee.ID {
			continue
		}
		targets := []string{a.Fields["originatorId"]}
		if f.propagated {
			for _, id := range strings.Split(a.Fields["propagatedTo"], ",") {
				if id = strings.TrimSpace(id); id != "" && !slices.Contains(targets, id) {
					targets = append(targets, id)
				}
			}
		}
		var info tb.AlarmInfo
		var raw []byte
		for _, id := range targets {
			p, ok := priority[id]
			if !ok {
				continue
			}
			if raw == nil {
				raw, info = e.alarmJSON(a)
			}
			rows = append(rows, alarmRow{alarm: a, info: info, raw: raw, entity: ents[p].ID, priority: p})
		}
	}
	return rows
}

// alarmJSON returns the alarm's AlarmInfo JSON and its decoded fields.
func (e *Engine) alarmJSON(a Entity) ([]byte, tb.AlarmInfo) {
	var raw []byte
	if a.Value != nil {
		if rm, ok := a.Value.(json.RawMessage); ok {
			raw = rm
		} else if b, err := json.Marshal(a.Value); err == nil {
			raw = b
		}
	}
	var info tb.AlarmInfo
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &info) != nil {
		info = alarmFromFields(a)
		raw, _ = json.Marshal(info)
	}
	return raw, info
}

// alarmFromFields builds an AlarmInfo from the alarm's fields, for alarms stored without
// a model value.
func alarmFromFields(a Entity) tb.AlarmInfo {
	f := a.Fields
	num := func(k string) int64 { n, _ := strconv.ParseInt(f[k], 10, 64); return n }
	info := tb.AlarmInfo{Alarm: tb.Alarm{
		ID: a.ID, CreatedTime: a.CreatedTime, Type: f["type"], Name: f["type"],
		TenantID:     tb.NewEntityID(tb.EntityTypeTenant, a.TenantID),
		CustomerID:   tb.NewEntityID(tb.EntityTypeCustomer, a.CustomerID),
		Originator:   tb.NewEntityID(tb.EntityType(f["originatorType"]), f["originatorId"]),
		Severity:     tb.AlarmSeverity(f["severity"]),
		Status:       alarmStatus(a),
		Acknowledged: f["acknowledged"] == "true", Cleared: f["cleared"] == "true",
		StartTs: num("startTs"), EndTs: num("endTs"), Propagate: f["propagate"] == "true",
		PropagateRelationTypes: []string{},
	}}
	if id := f["assigneeId"]; id != "" {
		info.AssigneeID = tb.NewEntityID(tb.EntityTypeUser, id)
	}
	return info
}

// alarmField returns the value of an ALARM_FIELD key of a row for sorting and search,
// with the server's column mapping.
func (e *Engine) alarmField(r alarmRow, key string) (any, bool) {
	in := r.info
	switch key {
	case "createdTime":
		return r.alarm.CreatedTime, true
	case "ackTs", "ackTime":
		return in.AckTs, true
	case "clearTs", "clearTime":
		return in.ClearTs, true
	case "assignTime":
		return in.AssignTs, true
	case "endTs", "endTime":
		return in.EndTs, true
	case "startTs", "startTime":
		return in.StartTs, true
	case "status":
		return string(alarmStatus(r.alarm)), true
	case "type":
		return r.alarm.Fields["type"], true
	case "severity":
		return r.alarm.Fields["severity"], true
	case "originatorId":
		return r.alarm.Fields["originatorId"], true
	case "originatorType":
		return r.alarm.Fields["originatorType"], true
	case "assigneeId":
		id := r.alarm.Fields["assigneeId"]
		return id, id != ""
	case "originator":
		if ent, ok := e.Src.Get(r.alarm.Fields["originatorId"]); ok {
			return nameOf(ent), true
		}
		return "Deleted", true
	case "originatorLabel":
		if ent, ok := e.Src.Get(r.alarm.Fields["originatorId"]); ok {
			l, ok := ent.Fields["label"]
			return l, ok
		}
		return nil, false
	case "assigneeFirstName", "assigneeLastName", "assigneeEmail":
		u, ok := e.Src.Get(r.alarm.Fields["assigneeId"])
		if !ok {
			return nil, false
		}
		v, ok := u.Fields[map[string]string{"assigneeFirstName": "firstName", "assigneeLastName": "lastName", "assigneeEmail": "email"}[key]]
		return v, ok
	case "details":
		if len(in.Details) == 0 {
			return nil, false
		}
		return string(in.Details), true
	}
	return nil, false
}

func (f *alarmFilter) fromPageLink(p tb.AlarmDataPageLink) {
	*f = alarmFilter{startTs: p.StartTs, endTs: p.EndTs, timeWindow: p.TimeWindow, types: p.TypeList,
		statuses: p.StatusList, severities: p.SeverityList, propagated: p.SearchPropagatedAlarms, assignee: p.AssigneeID}
}

// alarmEntities returns the entities an alarm query looks at, ordered as the server
// orders them: by the query's sort key when it is not an alarm field, else newest first.
func (e *Engine) alarmEntities(f tb.EntityFilter, keyFilters []tb.KeyFilter, sort *tb.EntityDataSortOrder) ([]Entity, bool, error) {
	ents, rq, err := e.filterEntities(f, keyFilters)
	if err != nil {
		return nil, false, err
	}
	so := tb.EntityDataSortOrder{Key: tb.FieldKey("createdTime"), Direction: tb.DESC}
	if sort != nil && sort.Key.Type != tb.EntityKeyAlarmField && sort.Key.Key != "" {
		so = *sort
	}
	sortEntities(ents, so.Direction, func(ent Entity) sortValue { return e.sortValue(ent, so.Key, rq) })
	if len(ents) > MaxAlarmEntities {
		ents = ents[:MaxAlarmEntities]
	}
	return ents, rq, nil
}

// FindAlarmData answers POST /api/alarmsQuery/find. Each item is an AlarmData object.
func (e *Engine) FindAlarmData(q tb.AlarmDataQuery) (*tb.Page[json.RawMessage], error) {
	pl := q.PageLink
	if err := checkPage(pl.PageSize, pl.Page); err != nil {
		return nil, err
	}
	ents, rq, err := e.alarmEntities(q.EntityFilter, q.KeyFilters, pl.SortOrder)
	if err != nil {
		return nil, err
	}
	empty := &tb.Page[json.RawMessage]{Data: []json.RawMessage{}}
	if len(ents) == 0 {
		return empty, nil
	}
	var af alarmFilter
	af.fromPageLink(pl)
	rows := e.alarms(ents, af)
	if pl.TextSearch != "" {
		search := strings.ToLower(pl.TextSearch)
		kept := rows[:0:0]
		for _, r := range rows {
			for _, k := range q.AlarmFields {
				if v, ok := e.alarmField(r, k.Key); ok && strings.Contains(strings.ToLower(String(v)), search) {
					kept = append(kept, r)
					break
				}
			}
		}
		rows = kept
	}
	slices.SortStableFunc(rows, func(a, b alarmRow) int { return a.priority - b.priority })
	if so := pl.SortOrder; so != nil && so.Key.Type == tb.EntityKeyAlarmField {
		sortEntities(rows, so.Direction, func(r alarmRow) sortValue {
			v, ok := e.alarmField(r, so.Key.Key)
			if !ok {
				return sortValue{}
			}
			switch x := v.(type) {
			case int64:
				return sortValue{num: float64(x), hasNum: true}
			}
			return sortValue{str: String(v), hasStr: true}
		})
	}
	if len(rows) == 0 {
		return empty, nil
	}
	data, totalPages, hasNext := page(rows, pl.PageSize, pl.Page)
	out := &tb.Page[json.RawMessage]{Data: make([]json.RawMessage, len(data)), TotalPages: totalPages,
		TotalElements: int64(len(rows)), HasNext: hasNext}
	byID := make(map[tb.EntityID]Entity, len(ents))
	for _, ent := range ents {
		byID[ent.ID] = ent
	}
	for i, r := range data {
		latest := e.latestOf(byID[r.entity], q.EntityFields, q.LatestValues, rq)
		out.Data[i] = withMembers(r.raw, r.entity, latest)
	}
	return out, nil
}

// withMembers appends entityId and latest to an AlarmInfo JSON object.
func withMembers(raw []byte, id tb.EntityID, latest map[tb.EntityKeyType]map[string]tb.TsValue) json.RawMessage {
	idJSON, _ := json.Marshal(id)
	latestJSON, _ := json.Marshal(latest)
	obj := bytes.TrimRight(bytes.TrimSpace(raw), "}")
	var b bytes.Buffer
	b.Grow(len(raw) + len(idJSON) + len(latestJSON) + 32)
	b.Write(obj)
	if len(bytes.TrimSpace(obj)) > 1 {
		b.WriteByte(',')
	}
	b.WriteString(`"entityId":`)
	b.Write(idJSON)
	b.WriteString(`,"latest":`)
	b.Write(latestJSON)
	b.WriteByte('}')
	return b.Bytes()
}

// CountAlarms answers POST /api/alarmsQuery/count: the number of distinct alarms.
func (e *Engine) CountAlarms(q tb.AlarmCountQuery) (int64, error) {
	ents, _, err := e.alarmEntities(q.EntityFilter, q.KeyFilters, nil)
	if err != nil {
		return 0, err
	}
	if len(ents) == 0 {
		return 0, nil
	}
	rows := e.alarms(ents, alarmFilter{startTs: q.StartTs, endTs: q.EndTs, timeWindow: q.TimeWindow, types: q.TypeList,
		statuses: q.StatusList, severities: q.SeverityList, propagated: q.SearchPropagatedAlarms, assignee: q.AssigneeID})
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.alarm.ID.ID] = true
	}
	return int64(len(seen)), nil
}
