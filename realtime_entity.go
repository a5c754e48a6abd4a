package thingsboard

import (
	"context"
	"errors"
	"fmt"
)

// EntityDataCmd is an ENTITY_DATA command: an entity data query plus what to fetch and
// watch for the entities it finds. Nil members are not sent.
type EntityDataCmd struct {
	// Query selects the entities and the fields and latest values of the snapshot. It
	// is required when subscribing; in EntityDataSubscription.Update it replaces the
	// query (a new page, filter or sort order), and nil keeps the current one.
	Query *EntityDataQuery `json:"query,omitempty"`
	// HistoryCmd fetches the history of some time series once.
	HistoryCmd *EntityHistoryCmd `json:"historyCmd,omitempty"`
	// LatestCmd watches the latest values of keys: every change arrives as an update.
	LatestCmd *LatestValueCmd `json:"latestCmd,omitempty"`
	// TsCmd fetches time series over a window and then streams new values.
	TsCmd *TimeSeriesCmd `json:"tsCmd,omitempty"`
	// AggHistoryCmd fetches aggregates over a period once.
	AggHistoryCmd *AggHistoryCmd `json:"aggHistoryCmd,omitempty"`
	// AggTsCmd fetches aggregates over a window and keeps them up to date.
	AggTsCmd *AggTimeSeriesCmd `json:"aggTsCmd,omitempty"`
}

func (c EntityDataCmd) hasSubCmd() bool {
	return c.HistoryCmd != nil || c.LatestCmd != nil || c.TsCmd != nil || c.AggHistoryCmd != nil || c.AggTsCmd != nil
}

// LatestValueCmd watches the latest values of keys (time series, attributes or entity
// fields) of every entity of the query.
type LatestValueCmd struct {
	Keys []EntityKey `json:"keys"`
}

// TimeSeriesCmd fetches the time series Keys over [StartTs, StartTs+TimeWindow] and then
// streams new values as they are saved.
type TimeSeriesCmd struct {
	Keys []string `json:"keys"`
	// StartTs is in epoch milliseconds, TimeWindow in milliseconds.
	StartTs    int64 `json:"startTs"`
	TimeWindow int64 `json:"timeWindow"`
	// IntervalType, Interval (milliseconds) and TimeZoneID select aggregation intervals
	// when Agg is set.
	IntervalType IntervalType `json:"intervalType,omitempty"`
	Interval     int64        `json:"interval,omitempty"`
	TimeZoneID   string       `json:"timeZoneId,omitempty"`
	// Limit caps the points per key (0 means 100).
	Limit int         `json:"limit,omitempty"`
	Agg   Aggregation `json:"agg,omitempty"`
	// FetchLatestPreviousPoint adds the last point before StartTs.
	FetchLatestPreviousPoint bool `json:"fetchLatestPreviousPoint,omitempty"`
}

// EntityHistoryCmd fetches the time series Keys over [StartTs, EndTs] once.
type EntityHistoryCmd struct {
	Keys                     []string     `json:"keys"`
	StartTs                  int64        `json:"startTs"`
	EndTs                    int64        `json:"endTs"`
	IntervalType             IntervalType `json:"intervalType,omitempty"`
	Interval                 int64        `json:"interval,omitempty"`
	TimeZoneID               string       `json:"timeZoneId,omitempty"`
	Limit                    int          `json:"limit,omitempty"`
	Agg                      Aggregation  `json:"agg,omitempty"`
	FetchLatestPreviousPoint bool         `json:"fetchLatestPreviousPoint,omitempty"`
}

// AggKey is one aggregate of AggHistoryCmd or AggTimeSeriesCmd. ID keys its result in
// EntityData.AggLatest. The previous-interval bounds, when both are set, add the same
// aggregate over that interval for comparison.
type AggKey struct {
	ID                int         `json:"id"`
	Key               string      `json:"key"`
	Agg               Aggregation `json:"agg"`
	PreviousStartTs   *int64      `json:"previousStartTs,omitempty"`
	PreviousEndTs     *int64      `json:"previousEndTs,omitempty"`
	PreviousValueOnly *bool       `json:"previousValueOnly,omitempty"`
}

// AggHistoryCmd fetches aggregates over [StartTs, EndTs] once.
type AggHistoryCmd struct {
	Keys    []AggKey `json:"keys"`
	StartTs int64    `json:"startTs"`
	EndTs   int64    `json:"endTs"`
}

// AggTimeSeriesCmd fetches aggregates over [StartTs, StartTs+TimeWindow] and keeps them
// up to date.
type AggTimeSeriesCmd struct {
	Keys       []AggKey `json:"keys"`
	StartTs    int64    `json:"startTs"`
	TimeWindow int64    `json:"timeWindow"`
}

// EntityDataUpdate is an update of an ENTITY_DATA subscription. Data is the snapshot:
// the page of entities with the requested fields and values, sent first, after each
// query change and when a dynamic query's result changes. Update lists the entities
// whose values changed, each with only the changed keys (in Latest, or in Timeseries
// for a TsCmd).
type EntityDataUpdate struct {
	CmdID           int                   `json:"cmdId"`
	ErrorCode       SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg        string                `json:"errorMsg"`
	CmdUpdateType   CmdUpdateType         `json:"cmdUpdateType"`
	Data            *Page[EntityData]     `json:"data"`
	Update          []EntityData          `json:"update"`
	AllowedEntities int64                 `json:"allowedEntities"`
}

func (u *EntityDataUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// AlarmDataUpdate is an update of an ALARM_DATA subscription: Data is the page of
// alarms, Update the alarms that changed.
type AlarmDataUpdate struct {
	CmdID           int                   `json:"cmdId"`
	ErrorCode       SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg        string                `json:"errorMsg"`
	CmdUpdateType   CmdUpdateType         `json:"cmdUpdateType"`
	Data            *Page[AlarmData]      `json:"data"`
	Update          []AlarmData           `json:"update"`
	AllowedEntities int64                 `json:"allowedEntities"`
	TotalEntities   int64                 `json:"totalEntities"`
}

func (u *AlarmDataUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// EntityCountUpdate is an update of an ENTITY_COUNT subscription.
type EntityCountUpdate struct {
	CmdID         int                   `json:"cmdId"`
	ErrorCode     SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg      string                `json:"errorMsg"`
	CmdUpdateType CmdUpdateType         `json:"cmdUpdateType"`
	Count         int                   `json:"count"`
}

func (u *EntityCountUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// AlarmCountUpdate is an update of an ALARM_COUNT subscription.
type AlarmCountUpdate struct {
	CmdID         int                   `json:"cmdId"`
	ErrorCode     SubscriptionErrorCode `json:"errorCode"`
	ErrorMsg      string                `json:"errorMsg"`
	CmdUpdateType CmdUpdateType         `json:"cmdUpdateType"`
	Count         int                   `json:"count"`
}

func (u *AlarmCountUpdate) status() (SubscriptionErrorCode, string) { return u.ErrorCode, u.ErrorMsg }

// Wire bodies of the query commands.

type wsEntityDataBody struct {
	CmdID int `json:"cmdId"`
	EntityDataCmd
}

func (b wsEntityDataBody) withCmdID(id int) any { b.CmdID = id; return b }

type wsQueryBody[Q any] struct {
	CmdID int `json:"cmdId"`
	Query Q   `json:"query"`
}

func (b wsQueryBody[Q]) withCmdID(id int) any { b.CmdID = id; return b }

// EntityDataSubscription is an ENTITY_DATA subscription, whose query and commands can
// be changed while it runs.
type EntityDataSubscription struct {
	*Subscription[EntityDataUpdate]
}

// AlarmDataSubscription is an ALARM_DATA subscription, whose query can be changed while
// it runs.
type AlarmDataSubscription struct {
	*Subscription[AlarmDataUpdate]
}

func checkEntityDataCmd(op string, cmd EntityDataCmd, first bool) error {
	if first && cmd.Query == nil {
		return fmt.Errorf("thingsboard: %s: Query is required", op)
	}
	if !first && cmd.Query == nil && !cmd.hasSubCmd() {
		return fmt.Errorf("thingsboard: %s: nothing to change: no query and no command", op)
	}
	if cmd.Query != nil && cmd.Query.EntityFilter == nil {
		return fmt.Errorf("thingsboard: %s: Query.EntityFilter is required", op)
	}
	if cmd.TsCmd != nil && len(cmd.TsCmd.Keys) == 0 {
		return fmt.Errorf("thingsboard: %s: TsCmd has no keys", op)
	}
	if cmd.HistoryCmd != nil && len(cmd.HistoryCmd.Keys) == 0 {
		return fmt.Errorf("thingsboard: %s: HistoryCmd has no keys", op)
	}
	if cmd.LatestCmd != nil && len(cmd.LatestCmd.Keys) == 0 {
		return fmt.Errorf("thingsboard: %s: LatestCmd has no keys", op)
	}
	return nil
}

// SubscribeEntityData runs an entity data query and watches its entities. The first
// update holds the snapshot (Data); later ones the changes (Update). See EntityDataCmd.
//
//	sub, err := c.Telemetry.SubscribeEntityData(ctx, thingsboard.EntityDataCmd{
//		Query: &query,
//		TsCmd: &thingsboard.TimeSeriesCmd{Keys: []string{"temperature"}, StartTs: start, TimeWindow: hour},
//	})
//	for ev := range sub.Events() { ... }
func (s *TelemetryService) SubscribeEntityData(ctx context.Context, cmd EntityDataCmd) (*EntityDataSubscription, error) {
	if err := checkEntityDataCmd("SubscribeEntityData", cmd, true); err != nil {
		return nil, err
	}
	sub, err := subscribe[EntityDataUpdate](ctx, s, "SubscribeEntityData", wsCmd{typ: cmdEntityData, body: wsEntityDataBody{EntityDataCmd: cmd}},
		&wsCmd{typ: cmdEntityDataUnsubscribe, body: wsIDBody{}}, false)
	if err != nil {
		return nil, err
	}
	return &EntityDataSubscription{sub}, nil
}

// Update changes the running subscription by sending an ENTITY_DATA command with its
// command id: a non-nil Query replaces the query (another page, filter or sort order;
// the server answers with a new snapshot), and when any of the other commands is set
// they replace the current ones. After a reconnect the subscription is re-created with
// the resulting query and commands.
func (s *EntityDataSubscription) Update(ctx context.Context, cmd EntityDataCmd) error {
	if err := checkEntityDataCmd("EntityDataSubscription.Update", cmd, false); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.ss.update(s.Subscription, func(b *subBase) wsCmd {
		cur := b.cmd.body.(wsEntityDataBody)
		if cmd.Query != nil {
			cur.Query = cmd.Query
		}
		if cmd.hasSubCmd() {
			q := cur.Query
			cur.EntityDataCmd = cmd
			cur.Query = q
		}
		b.cmd.body = cur
		return wsCmd{typ: cmdEntityData, body: wsEntityDataBody{EntityDataCmd: cmd}}
	})
}

// SubscribeEntityCount counts the entities that match a query and sends the count
// again when it changes.
func (s *TelemetryService) SubscribeEntityCount(ctx context.Context, q EntityCountQuery) (*Subscription[EntityCountUpdate], error) {
	if q.EntityFilter == nil {
		return nil, errors.New("thingsboard: SubscribeEntityCount: EntityFilter is required")
	}
	return subscribe[EntityCountUpdate](ctx, s, "SubscribeEntityCount", wsCmd{typ: cmdEntityCount, body: wsQueryBody[EntityCountQuery]{Query: q}},
		&wsCmd{typ: cmdEntityCountUnsubscribe, body: wsIDBody{}}, false)
}

// SubscribeAlarmData runs an alarm data query and watches the alarms it finds.
func (s *TelemetryService) SubscribeAlarmData(ctx context.Context, q AlarmDataQuery) (*AlarmDataSubscription, error) {
	if q.EntityFilter == nil {
		return nil, errors.New("thingsboard: SubscribeAlarmData: EntityFilter is required")
	}
	sub, err := subscribe[AlarmDataUpdate](ctx, s, "SubscribeAlarmData", wsCmd{typ: cmdAlarmData, body: wsQueryBody[AlarmDataQuery]{Query: q}},
		&wsCmd{typ: cmdAlarmDataUnsubscribe, body: wsIDBody{}}, false)
	if err != nil {
		return nil, err
	}
	return &AlarmDataSubscription{sub}, nil
}

// Update replaces the query of the running subscription (another page, time window or
// filter); the server answers with a new page of alarms.
func (s *AlarmDataSubscription) Update(ctx context.Context, q AlarmDataQuery) error {
	if q.EntityFilter == nil {
		return errors.New("thingsboard: AlarmDataSubscription.Update: EntityFilter is required")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.ss.update(s.Subscription, func(b *subBase) wsCmd {
		b.cmd.body = wsQueryBody[AlarmDataQuery]{Query: q}
		return b.cmd
	})
}

// SubscribeAlarmCount counts the alarms that match a query and sends the count again
// when it changes.
func (s *TelemetryService) SubscribeAlarmCount(ctx context.Context, q AlarmCountQuery) (*Subscription[AlarmCountUpdate], error) {
	if q.EntityFilter == nil {
		return nil, errors.New("thingsboard: SubscribeAlarmCount: EntityFilter is required")
	}
	return subscribe[AlarmCountUpdate](ctx, s, "SubscribeAlarmCount", wsCmd{typ: cmdAlarmCount, body: wsQueryBody[AlarmCountQuery]{Query: q}},
		&wsCmd{typ: cmdAlarmCountUnsubscribe, body: wsIDBody{}}, false)
}
