package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// The v1 commands: ATTRIBUTES, TIMESERIES and TIMESERIES_HISTORY, answered with
// TelemetrySubscriptionUpdate messages keyed by the command id.

// wsTelemetrySub is an ATTRIBUTES or TIMESERIES subscription.
type wsTelemetrySub struct {
	cmdID  int
	entity tb.EntityID
	attrs  bool
	// scope: for attributes the scope watched ("" for every scope); for time series ""
	// or LATEST_TELEMETRY (only values newer than the latest one sent).
	scope string
	keys  map[string]bool // nil: every key
	last  map[string]tb.TsValue
}

const wsLatestTelemetry = "LATEST_TELEMETRY"

// wsKnownEntityTypes are the entity types the server's EntityType enum has.
var wsKnownEntityTypes = func() map[tb.EntityType]bool {
	m := map[tb.EntityType]bool{}
	for _, t := range []tb.EntityType{tb.EntityTypeTenant, tb.EntityTypeCustomer, tb.EntityTypeUser, tb.EntityTypeDashboard,
		tb.EntityTypeAsset, tb.EntityTypeDevice, tb.EntityTypeAlarm, tb.EntityTypeRuleChain, tb.EntityTypeRuleNode,
		tb.EntityTypeEntityView, tb.EntityTypeWidgetsBundle, tb.EntityTypeWidgetType, tb.EntityTypeTenantProfile,
		tb.EntityTypeDeviceProfile, tb.EntityTypeAssetProfile, tb.EntityTypeAPIUsageState, tb.EntityTypeTBResource,
		tb.EntityTypeOTAPackage, tb.EntityTypeEdge, tb.EntityTypeRPC, tb.EntityTypeQueue, tb.EntityTypeNotificationTarget,
		tb.EntityTypeNotificationTemplate, tb.EntityTypeNotificationRequest, tb.EntityTypeNotification,
		tb.EntityTypeNotificationRule, tb.EntityTypeCalculatedField, tb.EntityTypeJob, tb.EntityTypeAIModel, tb.EntityTypeAPIKey,
		tb.EntityTypeEntityGroup, tb.EntityTypeConverter, tb.EntityTypeIntegration, tb.EntityTypeSchedulerEvent,
		tb.EntityTypeBlobEntity, tb.EntityTypeRole, tb.EntityTypeGroupPermission} {
		m[t] = true
	}
	return m
}()

// wsEntityID parses an entity type and id as the server's EntityIdFactory does.
func wsEntityID(typ, id string) (tb.EntityID, error) {
	t := tb.EntityType(typ)
	if !wsKnownEntityTypes[t] {
		return tb.EntityID{}, fmt.Errorf("No enum constant org.thingsboard.server.common.data.EntityType.%s", typ)
	}
	parts := strings.Split(id, "-")
	ok := len(parts) == 5
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 16, 64); err != nil || len(p) > 16 {
			ok = false
		}
	}
	if !ok {
		return tb.EntityID{}, fmt.Errorf("Invalid UUID string: %s", id)
	}
	return tb.NewEntityID(t, strings.ToLower(id)), nil
}

// wsAccess checks, as the server's access validator does for REST reads, that the
// caller may read the entity's attributes (op opReadAttributes) or time series. It
// reports whether the entity was found and whether access is granted.
func (ss *wsSession) wsAccess(p *Principal, op tmOp, id tb.EntityID) (found, allowed bool) {
	err := ss.h.s.tmValidate(p, op, id)
	if err == nil {
		return true, true
	}
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusForbidden {
		return true, false
	}
	return false, false
}

func splitKeys(keys string) []string {
	var out []string
	for k := range strings.SplitSeq(keys, ",") {
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func keySet(keys []string) map[string]bool {
	if len(keys) == 0 {
		return nil
	}
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// wsValueString renders a stored value as the server's getValueAsString does.
func wsValueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return javaDouble(x)
	case json.RawMessage:
		return string(x)
	case json.Number:
		return x.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// v1Data builds the data of a v1 update: each key's [ts, "value"] pairs.
type v1Data map[string][][]any

func (d v1Data) add(key string, ts int64, value string) {
	d[key] = append(d[key], []any{ts, value})
}

func (ss *wsSession) sendV1(id int, d v1Data) {
	latest := make(map[string]int64, len(d))
	for k, vs := range d {
		if len(vs) > 0 {
			latest[k] = vs[len(vs)-1][0].(int64)
		}
	}
	if d == nil {
		d = v1Data{}
	}
	ss.send(wsV1Update{SubscriptionID: id, Data: d, LatestValues: latest})
}

// cancelAll ends every subscription of the session: the server does so for an
// unsubscribe command without an entity id.
func (ss *wsSession) cancelAll() {
	clear(ss.subs)
}

// v1Target runs the steps shared by the v1 attribute and time series commands: an
// unsubscribe, an invalid command id and a missing or bad entity id end the command
// here (ok false); else it returns the command's entity.
func (ss *wsSession) v1Target(c *wsAttrsCmd) (id tb.EntityID, ok bool) {
	if c.Unsubscribe {
		if c.EntityID == "" {
			ss.cancelAll()
		} else {
			delete(ss.subs, c.CmdID)
		}
		return id, false
	}
	if !ss.validCmdID(c.CmdID) {
		return id, false
	}
	if c.EntityID == "" {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Device id is empty!")
		return id, false
	}
	id, err := wsEntityID(c.EntityType, c.EntityID)
	if err != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, err.Error())
		return id, false
	}
	return id, true
}

func (ss *wsSession) handleAttributes(p *Principal, c *wsAttrsCmd) {
	id, ok := ss.v1Target(c)
	if !ok {
		return
	}
	scopes := []string{ClientScope, SharedScope, ServerScope}
	if c.Scope != "" {
		if !slices.Contains(scopes, c.Scope) {
			ss.sendV1Error(c.CmdID, wsInternalError, "No enum constant org.thingsboard.server.service.subscription.TbAttributeSubscriptionScope."+c.Scope)
			return
		}
		scopes = []string{c.Scope}
	}
	found, allowed := ss.wsAccess(p, opReadAttributes, id)
	switch {
	case found && !allowed:
		ss.sendV1Error(c.CmdID, wsUnauthorized, "Unauthorized")
		return
	case !found:
		ss.sendV1Error(c.CmdID, wsInternalError, "Failed to fetch attributes!")
		return
	}
	keys := keySet(splitKeys(c.Keys))
	sub := &wsTelemetrySub{cmdID: c.CmdID, entity: id, attrs: true, scope: c.Scope, keys: keys, last: map[string]tb.TsValue{}}
	data := v1Data{}
	ss.h.s.Store().Read(func(tx *Tx) {
		for _, scope := range scopes {
			for _, a := range tx.Attributes(id, scope) {
				if keys == nil || keys[a.Key] {
					v := wsValueString(a.Value)
					data.add(a.Key, a.LastUpdateTs, v)
					sub.last[a.Key] = tb.TsValue{Ts: a.LastUpdateTs, Value: v}
				}
			}
		}
	})
	ss.subs[c.CmdID] = sub
	ss.sendV1(c.CmdID, data)
}

func (ss *wsSession) handleTimeseries(p *Principal, c *wsTsCmd) {
	id, ok := ss.v1Target(&c.wsAttrsCmd)
	if !ok {
		return
	}
	keys := splitKeys(c.Keys)
	found, allowed := ss.wsAccess(p, opReadTelemetry, id)
	if !allowed {
		if found && len(keys) == 0 {
			ss.sendV1Error(c.CmdID, wsUnauthorized, "Unauthorized")
		} else {
			ss.sendV1Error(c.CmdID, wsInternalError, "Failed to fetch data!")
		}
		return
	}
	sub := &wsTelemetrySub{cmdID: c.CmdID, entity: id, scope: c.Scope, keys: keySet(keys), last: map[string]tb.TsValue{}}
	data := v1Data{}
	var failed error
	ss.h.s.Store().Read(func(tx *Tx) {
		if len(keys) > 0 && c.TimeWindow > 0 {
			h := wsHistory{start: c.StartTs, end: c.StartTs + c.TimeWindow, interval: c.Interval, limit: c.Limit, agg: c.Agg}
			for _, k := range keys {
				pts, err := h.read(tx, id, k)
				if err != nil {
					failed = err
					return
				}
				for _, pt := range pts {
					data.add(k, pt.Ts, pt.Value)
				}
			}
			for k, pt := range tx.LatestTimeseries(id, keys...) {
				sub.last[k] = tb.TsValue{Ts: pt.Ts, Value: wsValueString(pt.Value)}
			}
			return
		}
		latest := tx.LatestTimeseries(id, keys...)
		for _, k := range slices.Sorted(maps.Keys(latest)) {
			pt := latest[k]
			v := wsValueString(pt.Value)
			data.add(k, pt.Ts, v)
			sub.last[k] = tb.TsValue{Ts: pt.Ts, Value: v}
		}
	})
	if failed != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, "Failed to fetch data!")
		return
	}
	ss.subs[c.CmdID] = sub
	ss.sendV1(c.CmdID, data)
}

func (ss *wsSession) handleHistory(p *Principal, c *wsHistoryCmd) {
	if !ss.validCmdID(c.CmdID) {
		return
	}
	if c.EntityID == "" || c.EntityType == "" {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Device id is empty!")
		return
	}
	keys := splitKeys(c.Keys)
	if len(keys) == 0 {
		ss.sendV1Error(c.CmdID, wsBadRequest, "Keys are empty!")
		return
	}
	id, err := wsEntityID(c.EntityType, c.EntityID)
	if err != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, err.Error())
		return
	}
	switch found, allowed := ss.wsAccess(p, opReadTelemetry, id); {
	case found && !allowed:
		ss.sendV1Error(c.CmdID, wsUnauthorized, "Unauthorized")
		return
	case !found:
		ss.sendV1Error(c.CmdID, wsInternalError, "Failed to fetch data!")
		return
	}
	data := v1Data{}
	var failed error
	h := wsHistory{start: c.StartTs, end: c.EndTs, interval: c.Interval, limit: c.Limit, agg: c.Agg}
	ss.h.s.Store().Read(func(tx *Tx) {
		for _, k := range keys {
			pts, err := h.read(tx, id, k)
			if err != nil {
				failed = err
				return
			}
			for _, pt := range pts {
				data.add(k, pt.Ts, pt.Value)
			}
		}
	})
	if failed != nil {
		ss.sendV1Error(c.CmdID, wsInternalError, "Failed to fetch data!")
		return
	}
	ss.sendV1(c.CmdID, data)
}

func (sub *wsTelemetrySub) onEvent(ss *wsSession, ev Event) {
	if ev.Entity != sub.entity {
		return
	}
	data := v1Data{}
	switch {
	case sub.attrs && ev.Kind == AttributesSaved && (sub.scope == "" || sub.scope == ev.Scope):
		for _, a := range ev.Attributes {
			if sub.keys == nil || sub.keys[a.Key] {
				sub.put(data, a.Key, a.LastUpdateTs, wsValueString(a.Value))
			}
		}
	case sub.attrs && ev.Kind == AttributesDeleted && (sub.scope == "" || sub.scope == ev.Scope):
		for _, k := range ev.Keys {
			if sub.keys == nil || sub.keys[k] {
				delete(sub.last, k)
				data.add(k, 0, "")
			}
		}
	case !sub.attrs && ev.Kind == TimeseriesSaved:
		for _, e := range ev.Points {
			if sub.keys != nil && !sub.keys[e.Key] {
				continue
			}
			if sub.scope == wsLatestTelemetry && e.Ts < sub.last[e.Key].Ts {
				continue
			}
			sub.put(data, e.Key, e.Ts, wsValueString(e.Value))
		}
	case !sub.attrs && ev.Kind == TimeseriesDeleted:
		for _, k := range ev.Keys {
			if sub.keys == nil || sub.keys[k] {
				delete(sub.last, k)
				data.add(k, 0, "")
			}
		}
		for _, e := range ev.Points {
			if sub.keys == nil || sub.keys[e.Key] {
				sub.put(data, e.Key, e.Ts, wsValueString(e.Value))
			}
		}
	}
	if len(data) > 0 {
		ss.sendV1(sub.cmdID, data)
	}
}

// put adds a value unless it repeats the last one sent for the key (a change that
// was already in the subscription's snapshot).
func (sub *wsTelemetrySub) put(d v1Data, key string, ts int64, value string) {
	if last, ok := sub.last[key]; ok && last.Ts == ts && last.Value == value {
		return
	}
	if ts >= sub.last[key].Ts {
		sub.last[key] = tb.TsValue{Ts: ts, Value: value}
	}
	d.add(key, ts, value)
}

// wsPoint is a time-series value as the WebSocket API sends it.
type wsPoint struct {
	Ts    int64
	Value string
}

// wsHistory is a time-series read of the WebSocket commands.
type wsHistory struct {
	start, end, interval int64
	limit                int
	agg, intervalType    string
	timeZone             string
}

// read reads the history of key as the REST history does, newest first: at most limit
// points (0 means 100), or with an aggregation one value per interval.
func (h wsHistory) read(tx *Tx, id tb.EntityID, key string) ([]wsPoint, error) {
	hq := historyQuery{keys: []string{key}, startTs: h.start, endTs: h.end, intervalType: h.intervalType,
		interval: h.interval, timeZone: h.timeZone, limit: int64(h.limit), agg: h.agg, orderBy: "DESC"}
	if hq.limit <= 0 {
		hq.limit = 100
	}
	if hq.agg == "" {
		hq.agg = "NONE"
	}
	res, err := hq.run(tx, id)
	if err != nil {
		return nil, err
	}
	var out []wsPoint
	for _, kp := range res {
		for _, p := range kp.points {
			out = append(out, wsPoint{Ts: p.Ts, Value: wsValueString(p.Value)})
		}
	}
	return out, nil
}
