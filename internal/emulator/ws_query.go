package emulator

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator/query"
)

// The query commands: ENTITY_DATA, ENTITY_COUNT, ALARM_DATA, ALARM_COUNT and
// ALARM_STATUS, answered with CmdUpdate messages keyed by cmdId.
//
// Where the server re-runs only dynamic queries, every 60 s, the emulator re-runs live
// queries at once when an entity or relation changes (and, for queries with key
// filters, when attributes or time series change), and sends the new result when it
// differs: a new snapshot for entity data, a new count for counts.

// maxEntitiesPerDataSubscription is the server's max_entities_per_data_subscription.
const maxEntitiesPerDataSubscription = 10000

// wsQueries evaluates entity and alarm queries for a caller. Errors carry the message
// the server reports.
type wsQueries interface {
	findEntityData(p *Principal, q tb.EntityDataQuery) (*tb.Page[tb.EntityData], error)
	countEntities(p *Principal, q tb.EntityCountQuery) (int64, error)
	findAlarmData(p *Principal, q tb.AlarmDataQuery) (*tb.Page[json.RawMessage], error)
	countAlarms(p *Principal, q tb.AlarmCountQuery) (int64, error)
}

// engineQueries answers queries with the emulator's query engine.
type engineQueries struct{ s *Server }

func newWSQueries(s *Server) wsQueries { return engineQueries{s} }

func (e engineQueries) findEntityData(p *Principal, q tb.EntityDataQuery) (page *tb.Page[tb.EntityData], err error) {
	err = e.s.runQuery(p, func(en *query.Engine) error { page, err = en.FindEntityData(q); return err })
	return page, err
}

func (e engineQueries) countEntities(p *Principal, q tb.EntityCountQuery) (n int64, err error) {
	err = e.s.runQuery(p, func(en *query.Engine) error { n, err = en.CountEntities(q); return err })
	return n, err
}

func (e engineQueries) findAlarmData(p *Principal, q tb.AlarmDataQuery) (page *tb.Page[json.RawMessage], err error) {
	err = e.s.runQuery(p, func(en *query.Engine) error { page, err = en.FindAlarmData(q); return err })
	return page, err
}

func (e engineQueries) countAlarms(p *Principal, q tb.AlarmCountQuery) (n int64, err error) {
	err = e.s.runQuery(p, func(en *query.Engine) error { n, err = en.CountAlarms(q); return err })
	return n, err
}

// errorMessage is the message of a failed query as the server reports it.
func errorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// ---- messages ----

type wsEntityData struct {
	EntityID   tb.EntityID                                `json:"entityId"`
	ReadAttrs  *bool                                      `json:"readAttrs,omitempty"`
	ReadTs     *bool                                      `json:"readTs,omitempty"`
	Latest     map[tb.EntityKeyType]map[string]tb.TsValue `json:"latest"`
	Timeseries map[string][]tb.TsValue                    `json:"timeseries"`
	AggLatest  map[int]tb.ComparisonTsValue               `json:"aggLatest"`
}

type wsEntityDataUpdate struct {
	CmdID           int                    `json:"cmdId"`
	ErrorCode       int                    `json:"errorCode"`
	ErrorMsg        *string                `json:"errorMsg"`
	Data            *tb.Page[wsEntityData] `json:"data"`
	Update          []wsEntityData         `json:"update"`
	AllowedEntities int                    `json:"allowedEntities"`
	CmdUpdateType   string                 `json:"cmdUpdateType"`
}

type wsAlarmDataUpdate struct {
	CmdID           int                       `json:"cmdId"`
	ErrorCode       int                       `json:"errorCode"`
	ErrorMsg        *string                   `json:"errorMsg"`
	Data            *tb.Page[json.RawMessage] `json:"data"`
	Update          []json.RawMessage         `json:"update"`
	AllowedEntities int64                     `json:"allowedEntities"`
	TotalEntities   int64                     `json:"totalEntities"`
	CmdUpdateType   string                    `json:"cmdUpdateType"`
}

type wsCountUpdate struct {
	CmdID         int     `json:"cmdId"`
	ErrorCode     int     `json:"errorCode"`
	ErrorMsg      *string `json:"errorMsg"`
	Count         int64   `json:"count"`
	CmdUpdateType string  `json:"cmdUpdateType"`
}

type wsAlarmStatusUpdate struct {
	CmdID         int     `json:"cmdId"`
	ErrorCode     int     `json:"errorCode"`
	ErrorMsg      *string `json:"errorMsg"`
	Active        bool    `json:"active"`
	CmdUpdateType string  `json:"cmdUpdateType"`
}

func (ss *wsSession) entityDataJSON(d tb.EntityData) wsEntityData {
	out := wsEntityData{EntityID: d.EntityID, Latest: d.Latest, Timeseries: d.Timeseries, AggLatest: d.AggLatest}
	if ss.h.s.Edition() == PE {
		out.ReadAttrs, out.ReadTs = &d.ReadAttrs, &d.ReadTs
	}
	if out.Timeseries == nil {
		out.Timeseries = map[string][]tb.TsValue{}
	}
	if out.AggLatest == nil {
		out.AggLatest = map[int]tb.ComparisonTsValue{}
	}
	return out
}

func (ss *wsSession) sendEntityData(id int, page *tb.Page[tb.EntityData], update []wsEntityData) {
	u := wsEntityDataUpdate{CmdID: id, Update: update, AllowedEntities: maxEntitiesPerDataSubscription, CmdUpdateType: "ENTITY_DATA"}
	if page != nil {
		p := tb.Page[wsEntityData]{Data: make([]wsEntityData, len(page.Data)), TotalPages: page.TotalPages,
			TotalElements: page.TotalElements, HasNext: page.HasNext}
		for i, d := range page.Data {
			p.Data[i] = ss.entityDataJSON(d)
		}
		u.Data = &p
	}
	ss.send(u)
}

// ---- ENTITY_DATA ----

type wsEntityDataSub struct {
	cmdID int
	p     *Principal
	query *tb.EntityDataQuery
	data  *tb.Page[tb.EntityData]

	initialSent bool
	latestKeys  []tb.EntityKey       // watched by the latest command
	tsCmd       *tb.TimeSeriesCmd    // watched by the time-series command
	aggTsCmd    *tb.AggTimeSeriesCmd // watched by the aggregation command
	tsEntities  map[tb.EntityID]bool // entities the time-series commands watch
	// latestTs is the latest time-series value known per entity and key, to drop
	// updates that repeat it.
	latestTs map[tb.EntityID]map[string]tb.TsValue
}

func (ss *wsSession) handleEntityData(p *Principal, c *wsEntityDataCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if c.Query == nil && !c.hasSubCmd() {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Query is empty!")
		return
	}
	sub, exists := ss.subs[c.CmdID].(*wsEntityDataSub)
	if !exists {
		if c.Query == nil {
			// The server fails on a new subscription without a query and closes the
			// session with 1012.
			ss.closeWith(wsCloseServiceRestarted, "")
			return
		}
		sub = &wsEntityDataSub{cmdID: c.CmdID, p: p}
	} else if c.hasSubCmd() {
		sub.latestKeys, sub.tsCmd, sub.aggTsCmd, sub.tsEntities = nil, nil, nil, nil
	}
	if c.Query != nil {
		q := *c.Query
		q.LatestValues = slices.Clone(q.LatestValues)
		if c.LatestCmd != nil {
			for _, k := range c.LatestCmd.Keys {
				if !slices.Contains(q.LatestValues, k) {
					q.LatestValues = append(q.LatestValues, k)
				}
			}
		}
		page, err := ss.h.queries.findEntityData(p, q)
		if err != nil {
			delete(ss.subs, c.CmdID)
			ss.sendV1Error(c.CmdID, wsInternalError, errorMessage(err))
			return
		}
		sub.query, sub.data = &q, page
		sub.resetLatest()
	}
	ss.subs[c.CmdID] = sub
	ran := false
	if c.AggHistoryCmd != nil {
		ss.sendAgg(sub, c.AggHistoryCmd.Keys, c.AggHistoryCmd.StartTs, c.AggHistoryCmd.EndTs)
		ran = true
	}
	if c.AggTsCmd != nil {
		sub.aggTsCmd = c.AggTsCmd
		sub.tsEntities = sub.entitySet()
		ss.sendAgg(sub, c.AggTsCmd.Keys, c.AggTsCmd.StartTs, c.AggTsCmd.StartTs+c.AggTsCmd.TimeWindow)
		ran = true
	}
	if h := c.HistoryCmd; h != nil {
		ss.sendHistory(sub, h.Keys, wsHistory{start: h.StartTs, end: h.EndTs, interval: h.Interval, limit: h.Limit, agg: string(h.Agg),
			intervalType: string(h.IntervalType), timeZone: h.TimeZoneID}, h.FetchLatestPreviousPoint)
		ran = true
	}
	switch {
	case c.LatestCmd != nil || c.TsCmd != nil:
		if c.LatestCmd != nil {
			sub.latestKeys = c.LatestCmd.Keys
			sub.sendInitial(ss)
		}
		if t := c.TsCmd; t != nil {
			sub.tsCmd = t
			sub.tsEntities = sub.entitySet()
			ss.sendHistory(sub, t.Keys, wsHistory{start: t.StartTs, end: t.StartTs + t.TimeWindow, interval: t.Interval, limit: t.Limit,
				agg: string(t.Agg), intervalType: string(t.IntervalType), timeZone: t.TimeZoneID}, t.FetchLatestPreviousPoint)
		}
	case !ran:
		sub.sendInitial(ss)
	}
}

// sendInitial sends the snapshot unless it was sent already, as the server does.
func (sub *wsEntityDataSub) sendInitial(ss *wsSession) {
	if !sub.initialSent {
		sub.initialSent = true
		ss.sendEntityData(sub.cmdID, sub.data, nil)
	}
}

func (sub *wsEntityDataSub) entitySet() map[tb.EntityID]bool {
	m := map[tb.EntityID]bool{}
	for _, d := range sub.data.Data {
		m[d.EntityID] = true
	}
	return m
}

// resetLatest takes the latest time-series values of the snapshot as known.
func (sub *wsEntityDataSub) resetLatest() {
	sub.latestTs = map[tb.EntityID]map[string]tb.TsValue{}
	for _, d := range sub.data.Data {
		m := map[string]tb.TsValue{}
		maps.Copy(m, d.Latest[tb.EntityKeyTimeSeries])
		sub.latestTs[d.EntityID] = m
	}
}

// sendHistory fetches time series for every entity of the snapshot and sends them as
// the snapshot, or as an update once the snapshot was sent.
func (ss *wsSession) sendHistory(sub *wsEntityDataSub, keys []string, h wsHistory, previous bool) {
	items := make([]tb.EntityData, len(sub.data.Data))
	var failed error
	ss.h.s.Store().Read(func(tx *Tx) {
		for i, d := range sub.data.Data {
			ts := map[string][]tb.TsValue{}
			for _, k := range keys {
				vals := []tb.TsValue{}
				pts, err := h.read(tx, d.EntityID, k)
				if err != nil {
					failed = err
					return
				}
				for _, pt := range pts {
					vals = append(vals, tb.TsValue{Ts: pt.Ts, Value: pt.Value})
				}
				if previous {
					ph := h
					ph.start, ph.end, ph.limit = h.start-365*24*3600*1000, h.start, 1
					if prev, err := ph.read(tx, d.EntityID, k); err == nil && len(prev) > 0 {
						vals = append(vals, tb.TsValue{Ts: prev[0].Ts, Value: prev[0].Value})
					}
				}
				ts[k] = vals
			}
			items[i] = tb.EntityData{EntityID: d.EntityID, Latest: d.Latest, Timeseries: ts, ReadAttrs: d.ReadAttrs, ReadTs: d.ReadTs}
		}
	})
	if failed != nil {
		msg := "Failed to fetch historical data!"
		ss.send(wsEntityDataUpdate{CmdID: sub.cmdID, ErrorCode: wsInternalError, ErrorMsg: &msg, CmdUpdateType: "ENTITY_DATA"})
		return
	}
	sub.sendItems(ss, items)
}

// sendAgg computes aggregates for every entity of the snapshot.
func (ss *wsSession) sendAgg(sub *wsEntityDataSub, keys []tb.AggKey, start, end int64) {
	items := make([]tb.EntityData, len(sub.data.Data))
	ss.h.s.Store().Read(func(tx *Tx) {
		for i, d := range sub.data.Data {
			items[i] = tb.EntityData{EntityID: d.EntityID, Latest: d.Latest, AggLatest: aggLatest(tx, d.EntityID, keys, start, end),
				ReadAttrs: d.ReadAttrs, ReadTs: d.ReadTs}
		}
	})
	sub.sendItems(ss, items)
}

// aggLatest computes each aggregate key over [start, end), and over its previous
// interval when one is given; a missing value is {"ts":0,"value":""}.
func aggLatest(tx *Tx, id tb.EntityID, keys []tb.AggKey, start, end int64) map[int]tb.ComparisonTsValue {
	out := map[int]tb.ComparisonTsValue{}
	one := func(key string, agg tb.Aggregation, s, e int64) *tb.TsValue {
		pts, err := wsHistory{start: s, end: e, interval: max(e-s, 1), limit: 1, agg: string(agg)}.read(tx, id, key)
		if err != nil || len(pts) == 0 {
			return &tb.TsValue{}
		}
		return &tb.TsValue{Ts: pts[0].Ts, Value: pts[0].Value}
	}
	for _, k := range keys {
		cv := tb.ComparisonTsValue{Current: &tb.TsValue{}, Previous: &tb.TsValue{}}
		if k.PreviousValueOnly == nil || !*k.PreviousValueOnly {
			cv.Current = one(k.Key, k.Agg, start, end)
		}
		if ps, pe := k.PreviousStartTs, k.PreviousEndTs; ps != nil && pe != nil && *pe >= *ps {
			cv.Previous = one(k.Key, k.Agg, *ps, *pe)
		}
		out[k.ID] = cv
	}
	return out
}

func (sub *wsEntityDataSub) sendItems(ss *wsSession, items []tb.EntityData) {
	if !sub.initialSent {
		sub.initialSent = true
		page := *sub.data
		page.Data = items
		ss.sendEntityData(sub.cmdID, &page, nil)
		return
	}
	upd := make([]wsEntityData, len(items))
	for i, d := range items {
		upd[i] = ss.entityDataJSON(d)
	}
	ss.sendEntityData(sub.cmdID, nil, upd)
}

func (sub *wsEntityDataSub) inPage(id tb.EntityID) bool {
	for _, d := range sub.data.Data {
		if d.EntityID == id {
			return true
		}
	}
	return false
}

func (sub *wsEntityDataSub) onEvent(ss *wsSession, ev Event) {
	if sub.data == nil {
		return
	}
	switch ev.Kind {
	case EntityCreated, EntityUpdated, EntityDeleted, RelationSaved, RelationDeleted:
		if ev.Entity.EntityType != tb.EntityTypeAlarm {
			sub.refresh(ss)
		}
		return
	}
	if len(sub.query.KeyFilters) > 0 && (ev.Kind == TimeseriesSaved || ev.Kind == AttributesSaved || ev.Kind == AttributesDeleted || ev.Kind == TimeseriesDeleted) {
		if sub.refresh(ss) {
			return
		}
	}
	if !sub.inPage(ev.Entity) {
		return
	}
	switch ev.Kind {
	case TimeseriesSaved:
		sub.onTimeseries(ss, ev)
	case TimeseriesDeleted:
		deleted := make([]TsEntry, 0, len(ev.Keys)+len(ev.Points))
		for _, k := range ev.Keys {
			deleted = append(deleted, TsEntry{Key: k})
		}
		deleted = append(deleted, ev.Points...)
		sub.onLatest(ss, ev.Entity, tb.EntityKeyTimeSeries, deleted)
	case AttributesSaved, AttributesDeleted:
		var entries []TsEntry
		if ev.Kind == AttributesSaved {
			for _, a := range ev.Attributes {
				entries = append(entries, TsEntry{Key: a.Key, TsPoint: TsPoint{Ts: a.LastUpdateTs, Value: a.Value}})
			}
		} else {
			for _, k := range ev.Keys {
				entries = append(entries, TsEntry{Key: k})
			}
		}
		for _, kt := range []tb.EntityKeyType{tb.EntityKeyAttribute, scopeKeyType(ev.Scope)} {
			sub.onLatest(ss, ev.Entity, kt, entries)
		}
	}
}

func scopeKeyType(scope string) tb.EntityKeyType {
	switch scope {
	case ClientScope:
		return tb.EntityKeyClientAttribute
	case SharedScope:
		return tb.EntityKeySharedAttribute
	}
	return tb.EntityKeyServerAttribute
}

// onLatest sends the changed latest values of keys of type kt watched by the latest
// command. An entry without Ts is a deletion.
func (sub *wsEntityDataSub) onLatest(ss *wsSession, id tb.EntityID, kt tb.EntityKeyType, entries []TsEntry) {
	watched := map[string]bool{}
	for _, k := range sub.latestKeys {
		if k.Type == kt {
			watched[k.Key] = true
		}
	}
	if len(watched) == 0 {
		return
	}
	changed := map[string]tb.TsValue{}
	for _, e := range entries {
		if !watched[e.Key] {
			continue
		}
		v := tb.TsValue{Ts: e.Ts, Value: wsValueString(e.Value)}
		if e.Ts == 0 && e.Value == nil {
			v.Value = ""
		} else if old, ok := changed[e.Key]; ok && old.Ts > v.Ts {
			continue
		}
		changed[e.Key] = v
	}
	if kt == tb.EntityKeyTimeSeries {
		known := sub.latestTs[id]
		for k, v := range changed {
			if v.Ts == 0 && v.Value == "" {
				continue
			}
			if old, ok := known[k]; ok && (v.Ts < old.Ts || (v.Ts == old.Ts && v.Value == old.Value)) {
				delete(changed, k)
			}
		}
	}
	if len(changed) == 0 {
		return
	}
	for i := range sub.data.Data {
		if d := &sub.data.Data[i]; d.EntityID == id {
			if d.Latest == nil {
				d.Latest = map[tb.EntityKeyType]map[string]tb.TsValue{}
			}
			m := maps.Clone(d.Latest[kt])
			if m == nil {
				m = map[string]tb.TsValue{}
			}
			maps.Copy(m, changed)
			latest := maps.Clone(d.Latest)
			latest[kt] = m
			d.Latest = latest
		}
	}
	if kt == tb.EntityKeyTimeSeries {
		if sub.latestTs[id] == nil {
			sub.latestTs[id] = map[string]tb.TsValue{}
		}
		maps.Copy(sub.latestTs[id], changed)
	}
	item := tb.EntityData{EntityID: id, Latest: map[tb.EntityKeyType]map[string]tb.TsValue{kt: changed}}
	ss.sendEntityData(sub.cmdID, nil, []wsEntityData{{EntityID: item.EntityID, Latest: item.Latest}})
}

// onTimeseries sends new values to the time-series and latest commands.
func (sub *wsEntityDataSub) onTimeseries(ss *wsSession, ev Event) {
	if sub.tsCmd != nil && sub.tsEntities[ev.Entity] {
		watched := keySet(sub.tsCmd.Keys)
		known := sub.latestTs[ev.Entity]
		series := map[string][]tb.TsValue{}
		for _, e := range ev.Points {
			if !watched[e.Key] {
				continue
			}
			v := tb.TsValue{Ts: e.Ts, Value: wsValueString(e.Value)}
			if old, ok := known[e.Key]; ok && old.Ts == v.Ts && old.Value == v.Value {
				continue
			}
			series[e.Key] = append(series[e.Key], v)
		}
		if len(series) > 0 {
			if sub.latestTs[ev.Entity] == nil {
				sub.latestTs[ev.Entity] = map[string]tb.TsValue{}
			}
			for k, vs := range series {
				for _, v := range vs {
					if v.Ts >= sub.latestTs[ev.Entity][k].Ts {
						sub.latestTs[ev.Entity][k] = v
					}
				}
			}
			ss.sendEntityData(sub.cmdID, nil, []wsEntityData{{EntityID: ev.Entity, Timeseries: series}})
		}
	}
	if a := sub.aggTsCmd; a != nil && sub.tsEntities[ev.Entity] {
		var keys []tb.AggKey
		for _, k := range a.Keys {
			for _, e := range ev.Points {
				if e.Key == k.Key && e.Ts >= a.StartTs && e.Ts < a.StartTs+a.TimeWindow && !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		if len(keys) > 0 {
			var agg map[int]tb.ComparisonTsValue
			ss.h.s.Store().Read(func(tx *Tx) { agg = aggLatest(tx, ev.Entity, keys, a.StartTs, a.StartTs+a.TimeWindow) })
			ss.sendEntityData(sub.cmdID, nil, []wsEntityData{{EntityID: ev.Entity, AggLatest: agg}})
		}
	}
	sub.onLatest(ss, ev.Entity, tb.EntityKeyTimeSeries, ev.Points)
}

// refresh re-runs the query and sends the new snapshot when the entities or their
// fields changed. It reports whether it sent one.
func (sub *wsEntityDataSub) refresh(ss *wsSession) bool {
	page, err := ss.h.queries.findEntityData(sub.p, *sub.query)
	if err != nil || samePage(sub.data, page) {
		return false
	}
	// Like the server, time-series commands keep watching the entities they started
	// with (tsEntities); latest values are watched for every entity of the new page.
	sub.data = page
	sub.resetLatest()
	sub.initialSent = true
	ss.sendEntityData(sub.cmdID, page, nil)
	return true
}

// samePage reports whether two results hold the same entities with the same fields
// and latest values.
func samePage(a, b *tb.Page[tb.EntityData]) bool {
	if a.TotalElements != b.TotalElements || len(a.Data) != len(b.Data) {
		return false
	}
	for i := range a.Data {
		x, y := a.Data[i], b.Data[i]
		if x.EntityID != y.EntityID || len(x.Latest) != len(y.Latest) {
			return false
		}
		for kt, m := range x.Latest {
			n := y.Latest[kt]
			if len(m) != len(n) {
				return false
			}
			for k, v := range m {
				w, ok := n[k]
				if !ok || v.Value != w.Value || (kt != tb.EntityKeyEntityField && v.Ts != w.Ts) {
					return false
				}
			}
		}
	}
	return true
}

// ---- ENTITY_COUNT ----

type wsEntityCountSub struct {
	cmdID int
	p     *Principal
	query tb.EntityCountQuery
	count int64
}

func (ss *wsSession) handleEntityCount(p *Principal, c *wsEntityCountCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if c.Query == nil {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Query is empty!")
		return
	}
	if _, dup := ss.subs[c.CmdID].(*wsEntityCountSub); dup {
		return // the server ignores a repeated command
	}
	n, err := ss.h.queries.countEntities(p, *c.Query)
	if err != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, errorMessage(err))
		return
	}
	sub := &wsEntityCountSub{cmdID: c.CmdID, p: p, query: *c.Query, count: n}
	ss.subs[c.CmdID] = sub
	ss.send(wsCountUpdate{CmdID: c.CmdID, Count: n, CmdUpdateType: "COUNT_DATA"})
}

func (sub *wsEntityCountSub) onEvent(ss *wsSession, ev Event) {
	switch ev.Kind {
	case EntityCreated, EntityUpdated, EntityDeleted, RelationSaved, RelationDeleted:
	default:
		if len(sub.query.KeyFilters) == 0 {
			return
		}
	}
	n, err := ss.h.queries.countEntities(sub.p, sub.query)
	if err == nil && n != sub.count {
		sub.count = n
		ss.send(wsCountUpdate{CmdID: sub.cmdID, Count: n, CmdUpdateType: "COUNT_DATA"})
	}
}

// ---- ALARM_DATA ----

type wsAlarmDataSub struct {
	cmdID int
	p     *Principal
	query tb.AlarmDataQuery
	page  *tb.Page[json.RawMessage]
	total int64
}

func (ss *wsSession) handleAlarmData(p *Principal, c *wsAlarmDataCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if c.Query == nil {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Query is empty!")
		return
	}
	sub := &wsAlarmDataSub{cmdID: c.CmdID, p: p, query: *c.Query}
	if err := sub.fetch(ss); err != nil {
		delete(ss.subs, c.CmdID)
		ss.sendV1Error(c.CmdID, wsInternalError, errorMessage(err))
		return
	}
	ss.subs[c.CmdID] = sub
	sub.sendPage(ss)
}

func (sub *wsAlarmDataSub) fetch(ss *wsSession) error {
	total, err := ss.h.queries.countEntities(sub.p, tb.EntityCountQuery{EntityFilter: sub.query.EntityFilter, KeyFilters: sub.query.KeyFilters})
	if err != nil {
		return err
	}
	page, err := ss.h.queries.findAlarmData(sub.p, sub.query)
	if err != nil {
		return err
	}
	sub.page, sub.total = page, total
	return nil
}

func (sub *wsAlarmDataSub) sendPage(ss *wsSession) {
	allowed := min(sub.total, int64(query.MaxAlarmEntities))
	if sub.total == 0 {
		ss.send(wsAlarmDataUpdate{CmdID: sub.cmdID, Data: &tb.Page[json.RawMessage]{Data: []json.RawMessage{}}, CmdUpdateType: "ALARM_DATA"})
		return
	}
	ss.send(wsAlarmDataUpdate{CmdID: sub.cmdID, Data: sub.page, AllowedEntities: allowed, TotalEntities: sub.total, CmdUpdateType: "ALARM_DATA"})
}

// alarmID returns the id of an alarm's JSON.
func alarmID(raw json.RawMessage) string {
	var a struct {
		ID tb.EntityID `json:"id"`
	}
	_ = json.Unmarshal(raw, &a)
	return a.ID.ID
}

func (sub *wsAlarmDataSub) onEvent(ss *wsSession, ev Event) {
	switch ev.Kind {
	case EntityCreated, EntityUpdated, EntityDeleted, RelationSaved, RelationDeleted:
	default:
		if len(sub.query.KeyFilters) == 0 {
			return
		}
	}
	oldPage := sub.page
	if err := sub.fetch(ss); err != nil {
		return
	}
	// A change of an alarm already on the page goes out as an update of that alarm;
	// any other change of the page as a new page.
	if ev.Kind == EntityUpdated && ev.Entity.EntityType == tb.EntityTypeAlarm && len(oldPage.Data) == len(sub.page.Data) {
		same := true
		var changed []json.RawMessage
		for i := range oldPage.Data {
			if alarmID(oldPage.Data[i]) != alarmID(sub.page.Data[i]) {
				same = false
				break
			}
			if string(oldPage.Data[i]) != string(sub.page.Data[i]) {
				changed = append(changed, sub.page.Data[i])
			}
		}
		if same {
			if len(changed) > 0 {
				ss.send(wsAlarmDataUpdate{CmdID: sub.cmdID, Update: changed, AllowedEntities: min(sub.total, int64(query.MaxAlarmEntities)),
					TotalEntities: sub.total, CmdUpdateType: "ALARM_DATA"})
			}
			return
		}
	}
	if samePageJSON(oldPage, sub.page) {
		return
	}
	sub.sendPage(ss)
}

func samePageJSON(a, b *tb.Page[json.RawMessage]) bool {
	if a.TotalElements != b.TotalElements || len(a.Data) != len(b.Data) {
		return false
	}
	for i := range a.Data {
		if string(a.Data[i]) != string(b.Data[i]) {
			return false
		}
	}
	return true
}

// ---- ALARM_COUNT ----

type wsAlarmCountSub struct {
	cmdID int
	p     *Principal
	query tb.AlarmCountQuery
	count int64
}

func (ss *wsSession) handleAlarmCount(p *Principal, c *wsAlarmCountCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if _, dup := ss.subs[c.CmdID].(*wsAlarmCountSub); dup {
		return
	}
	var q tb.AlarmCountQuery
	if c.Query != nil {
		q = *c.Query
	}
	n, err := ss.h.queries.countAlarms(p, q)
	if err != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, errorMessage(err))
		return
	}
	ss.subs[c.CmdID] = &wsAlarmCountSub{cmdID: c.CmdID, p: p, query: q, count: n}
	ss.send(wsCountUpdate{CmdID: c.CmdID, Count: n, CmdUpdateType: "ALARM_COUNT_DATA"})
}

func (sub *wsAlarmCountSub) onEvent(ss *wsSession, ev Event) {
	switch ev.Kind {
	case EntityCreated, EntityUpdated, EntityDeleted, RelationSaved, RelationDeleted:
	default:
		return
	}
	n, err := ss.h.queries.countAlarms(sub.p, sub.query)
	if err == nil && n != sub.count {
		sub.count = n
		ss.send(wsCountUpdate{CmdID: sub.cmdID, Count: n, CmdUpdateType: "ALARM_COUNT_DATA"})
	}
}

// ---- ALARM_STATUS ----

type wsAlarmStatusSub struct {
	cmdID      int
	p          *Principal
	originator tb.EntityID
	types      []string
	severities []tb.AlarmSeverity
	active     bool
}

func (ss *wsSession) handleAlarmStatus(p *Principal, c *wsAlarmStatusCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if c.OriginatorID == nil {
		ss.sendV1Error(c.CmdID, wsInternalError, "Internal Server error!")
		return
	}
	if _, dup := ss.subs[c.CmdID].(*wsAlarmStatusSub); dup {
		return
	}
	sub := &wsAlarmStatusSub{cmdID: c.CmdID, p: p, originator: *c.OriginatorID, types: c.TypeList, severities: c.SeverityList}
	sub.active = sub.evaluate(ss)
	ss.subs[c.CmdID] = sub
	ss.send(wsAlarmStatusUpdate{CmdID: c.CmdID, Active: sub.active, CmdUpdateType: "ALARM_STATUS"})
}

// evaluate reports whether the originator has an uncleared alarm of the watched types
// and severities.
func (sub *wsAlarmStatusSub) evaluate(ss *wsSession) bool {
	active := false
	ss.h.s.Store().Read(func(tx *Tx) {
		if rec, ok := tx.Get(sub.originator.ID); !ok || Authorize(tx, sub.p, rec, tb.OperationRead) != nil {
			return
		}
		for _, a := range tx.List(tb.EntityTypeAlarm, func(r Record) bool { return r.Fields["originatorId"] == sub.originator.ID }) {
			if a.Fields["cleared"] == "true" || tb.AlarmStatus(a.Fields["status"]).IsCleared() {
				continue
			}
			if len(sub.types) > 0 && !slices.Contains(sub.types, a.Fields["type"]) {
				continue
			}
			if len(sub.severities) > 0 && !slices.Contains(sub.severities, tb.AlarmSeverity(a.Fields["severity"])) {
				continue
			}
			active = true
			return
		}
	})
	return active
}

func (sub *wsAlarmStatusSub) onEvent(ss *wsSession, ev Event) {
	if ev.Entity.EntityType != tb.EntityTypeAlarm {
		return
	}
	if active := sub.evaluate(ss); active != sub.active {
		sub.active = active
		ss.send(wsAlarmStatusUpdate{CmdID: sub.cmdID, Active: active, CmdUpdateType: "ALARM_STATUS"})
	}
}
