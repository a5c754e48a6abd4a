package thingsboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"
)

// checkLeaks fails the test if goroutines it started outlive it. Registered first, the
// check runs after every other cleanup (servers, clients).
func checkLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

func TestRealtimeCommandsV2(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx := context.Background()

	attrs, err := c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA, Keys: []string{"a", "b"}, Scope: SharedScope})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	if fc.r.URL.Path != "/api/ws" || fc.r.URL.RawQuery != "" {
		t.Fatalf("dialed %s", fc.r.URL)
	}
	if got := fc.r.Header.Get("User-Agent"); got != defaultUserAgent {
		t.Errorf("User-Agent = %q", got)
	}
	tok := c.Tokens().Token
	fc.expect(t, `{"authCmd":{"cmdId":0,"token":"`+tok+`"},"cmds":[{"type":"ATTRIBUTES","cmdId":2,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"a,b","scope":"SHARED_SCOPE"}]}`)
	if attrs.CmdID() != 2 {
		t.Errorf("first cmdId = %d, want 2", attrs.CmdID())
	}

	ts, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{"temperature"},
		StartTs: 1000, TimeWindow: 60000, Limit: 50, Agg: AggNone})
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"TIMESERIES","cmdId":3,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"temperature","startTs":1000,"timeWindow":60000,"limit":50,"agg":"NONE"}]}`)

	latest, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Scope: TimeseriesScopeLatest})
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"TIMESERIES","cmdId":4,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"","scope":"LATEST_TELEMETRY"}]}`)

	status, err := c.Telemetry.SubscribeAlarmStatus(ctx, AlarmStatusCmd{OriginatorID: devA, TypeList: []string{"HighTemp"}, SeverityList: []AlarmSeverity{SeverityCritical}})
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"ALARM_STATUS","cmdId":5,"originatorId":{"entityType":"DEVICE","id":"`+devA.ID+`"},"typeList":["HighTemp"],"severityList":["CRITICAL"]}]}`)

	notes, err := c.Telemetry.SubscribeNotifications(ctx, NotificationsCmd{Limit: 10, Types: []NotificationType{NotificationGeneral}})
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"NOTIFICATIONS","cmdId":6,"limit":10,"types":["GENERAL"]}]}`)
	count, err := c.Telemetry.SubscribeNotificationsCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"NOTIFICATIONS_COUNT","cmdId":7}]}`)
	if err := c.Telemetry.MarkNotificationsAsRead(ctx, "n1", "n2"); err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"MARK_NOTIFICATIONS_AS_READ","cmdId":8,"notifications":["n1","n2"]}]}`)
	if err := c.Telemetry.MarkAllNotificationsAsRead(ctx); err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"MARK_ALL_NOTIFICATIONS_AS_READ","cmdId":9}]}`)

	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 10},
		EntityFields: []EntityKey{FieldKey("name")}}
	ed, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q,
		LatestCmd: &LatestValueCmd{Keys: []EntityKey{TimeSeriesKey("temperature")}},
		TsCmd:     &TimeSeriesCmd{Keys: []string{"temperature"}, StartTs: 1, TimeWindow: 2}})
	if err != nil {
		t.Fatal(err)
	}
	query := `{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[],"pageLink":{"pageSize":10,"page":0,"dynamic":false},"entityFields":[{"type":"ENTITY_FIELD","key":"name"}],"latestValues":[]}`
	fc.expect(t, `{"cmds":[{"type":"ENTITY_DATA","cmdId":10,"query":`+query+`,"latestCmd":{"keys":[{"type":"TIME_SERIES","key":"temperature"}]},"tsCmd":{"keys":["temperature"],"startTs":1,"timeWindow":2}}]}`)

	cnt, err := c.Telemetry.SubscribeEntityCount(ctx, EntityCountQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}})
	if err != nil {
		t.Fatal(err)
	}
	fc.expect(t, `{"cmds":[{"type":"ENTITY_COUNT","cmdId":11,"query":{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[]}}]}`)
	ad, err := c.Telemetry.SubscribeAlarmData(ctx, AlarmDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice},
		PageLink: AlarmDataPageLink{EntityDataPageLink: EntityDataPageLink{PageSize: 5}, TimeWindow: 3600000}})
	if err != nil {
		t.Fatal(err)
	}
	msg := string(fc.recv(t))
	if !strings.HasPrefix(msg, `{"cmds":[{"type":"ALARM_DATA","cmdId":12,"query":{"entityFilter":{"type":"entityType","entityType":"DEVICE"}`) {
		t.Fatalf("ALARM_DATA sent as %s", msg)
	}
	ac, err := c.Telemetry.SubscribeAlarmCount(ctx, AlarmCountQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}})
	if err != nil {
		t.Fatal(err)
	}
	msg = string(fc.recv(t))
	if !strings.HasPrefix(msg, `{"cmds":[{"type":"ALARM_COUNT","cmdId":13,"query":{"entityFilter":{"type":"entityType","entityType":"DEVICE"}`) {
		t.Fatalf("ALARM_COUNT sent as %s", msg)
	}

	// Closing a subscription sends its unsubscribe command.
	closes := []struct {
		close func() error
		want  string
	}{
		{attrs.Close, `{"type":"ATTRIBUTES","cmdId":2,"entityType":"DEVICE","entityId":"` + devA.ID + `","keys":"a,b","scope":"SHARED_SCOPE","unsubscribe":true}`},
		{ts.Close, `{"type":"TIMESERIES","cmdId":3,"entityType":"DEVICE","entityId":"` + devA.ID + `","keys":"temperature","unsubscribe":true}`},
		{latest.Close, `{"type":"TIMESERIES","cmdId":4,"entityType":"DEVICE","entityId":"` + devA.ID + `","keys":"","scope":"LATEST_TELEMETRY","unsubscribe":true}`},
		{status.Close, `{"type":"ALARM_STATUS_UNSUBSCRIBE","cmdId":5}`},
		{notes.Close, `{"type":"NOTIFICATIONS_UNSUBSCRIBE","cmdId":6}`},
		{count.Close, `{"type":"NOTIFICATIONS_UNSUBSCRIBE","cmdId":7}`},
		{ed.Close, `{"type":"ENTITY_DATA_UNSUBSCRIBE","cmdId":10}`},
		{cnt.Close, `{"type":"ENTITY_COUNT_UNSUBSCRIBE","cmdId":11}`},
		{ad.Close, `{"type":"ALARM_DATA_UNSUBSCRIBE","cmdId":12}`},
		{ac.Close, `{"type":"ALARM_COUNT_UNSUBSCRIBE","cmdId":13}`},
	}
	for _, cl := range closes {
		if err := cl.close(); err != nil {
			t.Fatal(err)
		}
		fc.expect(t, `{"cmds":[`+cl.want+`]}`)
	}
	if err := attrs.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, ok := <-attrs.Events(); ok {
		t.Fatal("events channel open after Close")
	}
	if _, err := attrs.Next(ctx); !errors.Is(err, ErrSubscriptionClosed) {
		t.Fatalf("Next after Close: %v", err)
	}
}

func TestRealtimeHistory(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		fc := f.next(t)
		fc.expect(t, `{"authCmd":{"cmdId":0,"token":"`+fc.token+`"},"cmds":[{"type":"TIMESERIES_HISTORY","cmdId":2,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"t,h","startTs":10,"endTs":20,"limit":5,"agg":"AVG","interval":5}]}`)
		fc.send(t, `{"subscriptionId":2,"errorCode":0,"errorMsg":null,"data":{"t":[[11,"1.5"],[15,"2"]],"h":[]},"latestValues":{"t":15}}`)
		fc.expect(t, `{"cmds":[{"type":"TIMESERIES_HISTORY","cmdId":3,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"x","startTs":0,"endTs":0}]}`)
		fc.send(t, `{"subscriptionId":3,"errorCode":2,"errorMsg":"Keys are empty!","data":null,"latestValues":{}}`)
	}()
	u, err := c.Telemetry.History(context.Background(), TimeseriesHistoryCmd{EntityID: devA, Keys: []string{"t", "h"}, StartTs: 10, EndTs: 20, Interval: 5, Limit: 5, Agg: AggAvg})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Data["t"]) != 2 || u.Data["t"][1] != (TelemetryValue{Ts: 15, Value: "2"}) || u.LatestValues["t"] != 15 {
		t.Fatalf("history = %+v", u)
	}
	_, err = c.Telemetry.History(context.Background(), TimeseriesHistoryCmd{EntityID: devA, Keys: []string{"x"}})
	var se *SubscriptionError
	if !errors.As(err, &se) || se.Code != SubscriptionBadRequest || se.Message != "Keys are empty!" || se.CmdID != 3 {
		t.Fatalf("History error = %v", err)
	}
	<-done
	if _, err := c.Telemetry.History(context.Background(), TimeseriesHistoryCmd{EntityID: devA}); err == nil {
		t.Fatal("History without keys succeeded")
	}
}

func TestRealtimeLegacy(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Legacy: true})
	ctx := context.Background()
	sub, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	tok := c.Tokens().Token
	if fc.r.URL.Path != "/api/ws/plugins/telemetry" || !strings.HasSuffix(fc.r.URL.RawQuery, "token="+tok) {
		t.Fatalf("dialed %s", fc.r.URL)
	}
	fc.expect(t, `{"tsSubCmds":[{"cmdId":2,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"t"}]}`)
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 1}}
	ed, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	msg := string(fc.recv(t))
	if !strings.HasPrefix(msg, `{"entityDataCmds":[{"cmdId":3,"query":{`) {
		t.Fatalf("sent %s", msg)
	}
	fc.send(t, tsUpdate(2, "t", 5, "7"))
	if u := update(t, sub); u.Data["t"][0].Value != "7" {
		t.Fatalf("update %+v", u)
	}
	ed.Close()
	fc.expect(t, `{"entityDataUnsubscribeCmds":[{"cmdId":3}]}`)
	sub.Close()
	fc.expect(t, `{"tsSubCmds":[{"cmdId":2,"entityType":"DEVICE","entityId":"`+devA.ID+`","keys":"t","unsubscribe":true}]}`)

	if _, err := c.Telemetry.SubscribeAlarmStatus(ctx, AlarmStatusCmd{OriginatorID: devA}); !errors.Is(err, ErrLegacyUnsupported) {
		t.Fatalf("ALARM_STATUS on legacy: %v", err)
	}
	if _, err := c.Telemetry.SubscribeNotificationsCount(ctx); !errors.Is(err, ErrLegacyUnsupported) {
		t.Fatalf("NOTIFICATIONS_COUNT on legacy: %v", err)
	}
	kc, err := NewClient(f.srv.URL, WithAPIKey("tb_key"), WithRealtime(RealtimeOptions{Legacy: true}))
	if err != nil {
		t.Fatal(err)
	}
	defer kc.Telemetry.Close()
	if _, err := kc.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA}); !errors.Is(err, ErrLegacyUnsupported) {
		t.Fatalf("API key on legacy: %v", err)
	}
}

func TestRealtimeAPIKey(t *testing.T) {
	f := newFakeWS(t)
	f.apiKey = "tb_secret"
	f.only()
	c, err := NewClient(f.srv.URL, WithAPIKey("tb_secret"), WithHTTPClient(&http.Client{Transport: f.tr}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Telemetry.Close()
	if _, err := c.Telemetry.SubscribeNotificationsCount(context.Background()); err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.expect(t, `{"authCmd":{"cmdId":0,"apiKey":"tb_secret"},"cmds":[{"type":"NOTIFICATIONS_COUNT","cmdId":2}]}`)
}

func TestRealtimeDecodesUpdates(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx := context.Background()
	ts, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 10}}
	ed, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	fc.recv(t)
	cnt, err := c.Telemetry.SubscribeEntityCount(ctx, EntityCountQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}})
	if err != nil {
		t.Fatal(err)
	}
	fc.recv(t)
	st, err := c.Telemetry.SubscribeAlarmStatus(ctx, AlarmStatusCmd{OriginatorID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc.recv(t)
	notes, err := c.Telemetry.SubscribeNotifications(ctx, NotificationsCmd{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	fc.recv(t)
	ad, err := c.Telemetry.SubscribeAlarmData(ctx, AlarmDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}})
	if err != nil {
		t.Fatal(err)
	}
	fc.recv(t)

	// v1: pairs, a deletion, latestValues.
	fc.send(t, `{"subscriptionId":2,"errorCode":0,"errorMsg":null,"data":{"temperature":[[1715321875739,"25.1"]],"mode":[[0,""]]},"latestValues":{"temperature":1715321875739,"mode":0}}`)
	u := update(t, ts)
	if v, _ := u.Latest("temperature"); v != (TelemetryValue{Ts: 1715321875739, Value: "25.1"}) || !u.Data["mode"][0].Deleted() || u.LatestValues["temperature"] != 1715321875739 || u.SubscriptionID != 2 {
		t.Fatalf("v1 update = %+v", u)
	}
	// v2 entity data: snapshot then delta.
	fc.send(t, `{"cmdId":3,"errorCode":0,"errorMsg":null,"data":{"data":[{"entityId":{"entityType":"DEVICE","id":"`+devA.ID+`"},"latest":{"ENTITY_FIELD":{"name":{"ts":1700000000123,"value":"Dev A"}},"TIME_SERIES":{"temperature":{"ts":1700000000000,"value":"21.5"}}},"timeseries":{},"aggLatest":{}}],"totalPages":1,"totalElements":1,"hasNext":false},"update":null,"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`)
	eu := update(t, ed.Subscription)
	if eu.Data == nil || len(eu.Data.Data) != 1 || eu.Update != nil || eu.AllowedEntities != 10000 || eu.CmdUpdateType != CmdUpdateEntityData {
		t.Fatalf("snapshot = %+v", eu)
	}
	if name, _ := eu.Data.Data[0].Field("name"); name != "Dev A" {
		t.Fatalf("name = %q", name)
	}
	fc.send(t, `{"cmdId":3,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"`+devA.ID+`"},"latest":null,"timeseries":{"temperature":[{"ts":1700000001000,"value":"25.3"}]},"aggLatest":null}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`)
	eu = update(t, ed.Subscription)
	if eu.Data != nil || len(eu.Update) != 1 || eu.Update[0].Timeseries["temperature"][0].Value != "25.3" {
		t.Fatalf("delta = %+v", eu)
	}
	fc.send(t, `{"cmdId":4,"errorCode":0,"errorMsg":null,"count":42,"cmdUpdateType":"COUNT_DATA"}`)
	if cu := update(t, cnt); cu.Count != 42 {
		t.Fatalf("count = %+v", cu)
	}
	fc.send(t, `{"cmdId":5,"errorCode":0,"errorMsg":null,"active":true,"cmdUpdateType":"ALARM_STATUS"}`)
	if su := update(t, st); !su.Active {
		t.Fatalf("status = %+v", su)
	}
	fc.send(t, `{"cmdId":6,"errorCode":0,"errorMsg":null,"notifications":[{"id":{"entityType":"NOTIFICATION","id":"n1"},"createdTime":5,"type":"GENERAL","subject":"s","text":"hello","status":"SENT"}],"update":null,"totalUnreadCount":1,"sequenceNumber":1,"cmdUpdateType":"NOTIFICATIONS"}`)
	if nu := update(t, notes); len(nu.Notifications) != 1 || nu.Notifications[0].Text != "hello" || nu.TotalUnreadCount != 1 {
		t.Fatalf("notifications = %+v", nu)
	}
	fc.send(t, `{"cmdId":7,"errorCode":0,"errorMsg":null,"data":{"data":[],"totalPages":0,"totalElements":0,"hasNext":false},"update":null,"allowedEntities":10000,"totalEntities":0,"cmdUpdateType":"ALARM_DATA"}`)
	if au := update(t, ad.Subscription); au.Data == nil || au.CmdUpdateType != CmdUpdateAlarmData {
		t.Fatalf("alarm data = %+v", au)
	}

	// Errors in both shapes reach the subscription that caused them.
	fc.send(t, `{"subscriptionId":3,"errorCode":2,"errorMsg":"Query is empty!","data":null,"latestValues":{}}`)
	ev := event(t, ed.Subscription)
	var se *SubscriptionError
	if !errors.As(ev.Err, &se) || se.CmdID != 3 || se.Code != SubscriptionBadRequest || se.Message != "Query is empty!" {
		t.Fatalf("v1-shaped error = %+v", ev)
	}
	fc.send(t, `{"cmdId":3,"errorCode":1,"errorMsg":"Failed to fetch historical data!","data":null,"update":null,"cmdUpdateType":"ENTITY_DATA"}`)
	if ev := event(t, ed.Subscription); !errors.As(ev.Err, &se) || se.Code != SubscriptionInternalError {
		t.Fatalf("v2-shaped error = %+v", ev)
	}
	fc.send(t, `{"subscriptionId":2, "errorCode":34, "errorMsg":"Too many updates!"}`)
	if ev := event(t, ts); !errors.Is(ev.Err, ErrTooManyUpdates) {
		t.Fatalf("rate limit error = %+v", ev)
	}
	// Messages for unknown or closed subscriptions and garbage are ignored.
	fc.send(t, tsUpdate(99, "x", 1, "1"))
	fc.send(t, `{"subscriptionId":1,"errorCode":2,"errorMsg":"Failed to parse the payload"}`)
	fc.send(t, `not json`)
	fc.send(t, `{"subscriptionId":2,"errorCode":0,"data":{"t":"oops"}}`)
	if ev := event(t, ts); ev.Err == nil || !strings.Contains(ev.Err.Error(), "decoding update") {
		t.Fatalf("bad update = %+v", ev)
	}
	fc.send(t, tsUpdate(2, "t", 9, "ok"))
	if u := update(t, ts); u.Data["t"][0].Value != "ok" {
		t.Fatalf("after garbage: %+v", u)
	}
}

func TestRealtimeReconnect(t *testing.T) {
	checkLeaks(t)
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx := context.Background()
	a, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 10}}
	b, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.recv(t)
	fc.send(t, tsUpdate(2, "t", 1, "before"))
	update(t, a)

	// Change the entity data subscription: the partial command goes out with its cmdId,
	// and the merged one is what a reconnect sends.
	q2 := q
	q2.PageLink.Page = 1
	if err := b.Update(ctx, EntityDataCmd{Query: &q2}); err != nil {
		t.Fatal(err)
	}
	if msg := string(fc.recv(t)); !strings.Contains(msg, `"cmdId":3`) || !strings.Contains(msg, `"page":1`) || strings.Contains(msg, "tsCmd") {
		t.Fatalf("update sent %s", msg)
	}
	if err := b.Update(ctx, EntityDataCmd{TsCmd: &TimeSeriesCmd{Keys: []string{"t"}, StartTs: 5, TimeWindow: 6}}); err != nil {
		t.Fatal(err)
	}
	if msg := string(fc.recv(t)); strings.Contains(msg, "query") || !strings.Contains(msg, `"tsCmd":{"keys":["t"],"startTs":5,"timeWindow":6}`) {
		t.Fatalf("update sent %s", msg)
	}

	fc.ws.CloseNow() // the server drops the connection
	for _, check := range []func() error{
		func() error { return event(t, a).Err },
		func() error { return event(t, b.Subscription).Err },
	} {
		if err := check(); !errors.Is(err, ErrConnectionLost) {
			t.Fatalf("want connection lost, got %v", err)
		}
	}
	fc2 := f.next(t)
	msg := string(fc2.recv(t))
	if !strings.Contains(msg, `"authCmd":{"cmdId":0,"token":"`) ||
		!strings.Contains(msg, `{"type":"TIMESERIES","cmdId":2,`) ||
		!strings.Contains(msg, `{"type":"ENTITY_DATA","cmdId":3,"query":{`) || !strings.Contains(msg, `"page":1`) ||
		!strings.Contains(msg, `"tsCmd":{"keys":["t"],"startTs":5,"timeWindow":6}`) {
		t.Fatalf("resubscribed with %s", msg)
	}
	// The server's first message confirms the connection: the Reconnected event comes
	// before it.
	fc2.send(t, tsUpdate(2, "t", 2, "after"))
	if ev := event(t, a); !ev.Reconnected {
		t.Fatalf("want reconnected, got %+v", ev)
	}
	if ev := event(t, b.Subscription); !ev.Reconnected {
		t.Fatalf("want reconnected, got %+v", ev)
	}
	if u := update(t, a); u.Data["t"][0].Value != "after" {
		t.Fatalf("after reconnect: %+v", u)
	}
	c.Telemetry.Close()
	for _, ch := range []<-chan SubscriptionEvent[TelemetryUpdate]{a.Events()} {
		var last SubscriptionEvent[TelemetryUpdate]
		for ev := range ch {
			last = ev
		}
		if !errors.Is(last.Err, ErrTelemetryClosed) || !errors.Is(a.Err(), ErrTelemetryClosed) {
			t.Fatalf("after Close: last event %+v, Err %v", last, a.Err())
		}
	}
	f.tr.CloseIdleConnections()
}

func TestRealtimeReconnectRefreshesRefusedToken(t *testing.T) {
	checkLeaks(t)
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx := context.Background()
	sub, err := c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	old := fc.token
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 1, "x"))
	update(t, sub)
	// While disconnected, the server stops accepting the token (it expired by the
	// server's clock, or was revoked), though its claims still look valid to the client.
	f.only()
	fc.ws.CloseNow()
	if ev := event(t, sub); !errors.Is(ev.Err, ErrConnectionLost) {
		t.Fatalf("want connection lost, got %+v", ev)
	}
	// The first attempt, with the old token, is closed with 1007; the client refreshes
	// the token and the next attempt is accepted.
	fc2 := f.next(t)
	if fc2.token == old || fc2.token != c.Tokens().Token || f.refreshes.Load() != 1 || f.dials.Load() != 3 {
		t.Fatalf("reconnected with token %q (old %q, client %q), %d refreshes, %d dials",
			fc2.token, old, c.Tokens().Token, f.refreshes.Load(), f.dials.Load())
	}
	fc2.recv(t)
	fc2.send(t, tsUpdate(sub.CmdID(), "a", 3, "x"))
	if ev := event(t, sub); !ev.Reconnected {
		t.Fatalf("want reconnected, got %+v", ev)
	}
	update(t, sub)
	c.Telemetry.Close()
	f.tr.CloseIdleConnections()
}

func TestRealtimeAuthRefusedEndsSubscriptions(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	sub, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 1, "x"))
	update(t, sub)
	f.refuseAll.Store(true) // refreshed tokens are refused as well
	fc.ws.CloseNow()
	var last SubscriptionEvent[TelemetryUpdate]
	for ev := range sub.Events() {
		last = ev
	}
	var ce *CloseError
	if !errors.As(sub.Err(), &ce) || ce.Code != CloseBadData || ce.Reason != "JWT Token expired" || !errors.Is(last.Err, sub.Err()) {
		t.Fatalf("last event %+v, Err %#v", last, sub.Err())
	}
	if f.refreshes.Load() != 1 {
		t.Fatalf("%d refreshes, want 1", f.refreshes.Load())
	}
}

func TestRealtimeCloseCodes(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	sub, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 1, "x"))
	update(t, sub)
	fc.ws.Close(websocket.StatusCode(4500), "")
	ev := event(t, sub)
	var ce *CloseError
	if !errors.Is(ev.Err, ErrConnectionLost) || !errors.As(ev.Err, &ce) || ce.Code != CloseSessionNotReliable {
		t.Fatalf("got %+v", ev)
	}
	if !strings.Contains(ev.Err.Error(), "4500 (session not reliable)") {
		t.Fatalf("message %q", ev.Err)
	}
	fc = f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 2, "x"))
	if ev := event(t, sub); !ev.Reconnected {
		t.Fatalf("got %+v", ev)
	}

	// Without reconnects, a loss ends the subscription with the typed close error.
	c2 := f.client(RealtimeOptions{Reconnect: ReconnectPolicy{Disabled: true}})
	sub2, err := c2.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc = f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub2.CmdID(), "a", 1, "x"))
	update(t, sub2)
	fc.ws.Close(websocket.StatusPolicyViolation, "Max pending updates limit reached!")
	var last SubscriptionEvent[TelemetryUpdate]
	for ev := range sub2.Events() {
		last = ev
	}
	if !errors.As(last.Err, &ce) || ce.Code != ClosePolicyViolation || ce.Reason != "Max pending updates limit reached!" || !errors.Is(sub2.Err(), last.Err) {
		t.Fatalf("last %+v, Err %v", last, sub2.Err())
	}
	if CloseStatus(errors.New("x")) != -1 {
		t.Fatal("CloseStatus of a plain error")
	}
}

func TestRealtimeMaxAttempts(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Reconnect: ReconnectPolicy{MaxAttempts: 3}})
	sub, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 1, "x"))
	update(t, sub)
	dials := f.dials.Load()
	// Every further connection is accepted and dropped before anything is sent.
	go func() {
		for fc := range f.conns {
			fc.ws.CloseNow()
		}
	}()
	fc.ws.CloseNow()
	var last SubscriptionEvent[TelemetryUpdate]
	n := 0
	for ev := range sub.Events() {
		last = ev
		n++
	}
	// The lost event, then the final one: connections the server never confirmed are
	// failed attempts, not reconnections.
	if !errors.Is(sub.Err(), last.Err) || last.Err == nil || n != 2 || f.dials.Load()-dials != 3 {
		t.Fatalf("last %+v after %d events, %d dials", last, n, f.dials.Load()-dials)
	}
}

func TestRealtimeSubscribeWhenServerDown(t *testing.T) {
	checkLeaks(t)
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	f.srv.Close()
	_, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err == nil || !strings.Contains(err.Error(), "SubscribeAttributes") || !strings.Contains(err.Error(), "/api/ws") {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{}); err == nil {
		t.Fatal("empty entity id accepted")
	}
	c.Telemetry.Close()
	f.tr.CloseIdleConnections()
}

func TestRealtimeLegacyTokenNeverLeaks(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Legacy: true})
	f.srv.Close()
	_, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err == nil || strings.Contains(err.Error(), c.Tokens().Token) {
		t.Fatalf("err = %v", err)
	}
}

func TestRealtimeSlowSubscriberDoesNotBlockOthers(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Buffer: 4})
	ctx := context.Background()
	slow, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{"s"}})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{"f"}})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.recv(t)
	const n = 100
	for i := range n {
		fc.send(t, tsUpdate(slow.CmdID(), "s", int64(i), "v"))
		fc.send(t, tsUpdate(fast.CmdID(), "f", int64(i), "v"))
		// The fast subscriber gets each update while the slow one reads nothing.
		if got := update(t, fast); got.Data["f"][0].Ts != int64(i) {
			t.Fatalf("fast subscriber got ts %d, want %d", got.Data["f"][0].Ts, i)
		}
	}
	// The slow subscriber kept the newest 4 events and learns how many it lost.
	lost := 0
	var got []int64
	for range 4 {
		ev := event(t, slow)
		lost += ev.Dropped
		got = append(got, ev.Update.Data["s"][0].Ts)
	}
	if lost != n-4 || slow.Dropped() != n-4 || got[0] != n-4 || got[3] != n-1 {
		t.Fatalf("lost %d (Dropped %d), kept %v", lost, slow.Dropped(), got)
	}
}

func TestRealtimeManySubscriptions(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx := context.Background()
	const n = 1000
	subs := make([]*Subscription[TelemetryUpdate], n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			s, err := c.Telemetry.SubscribeTimeseries(ctx, TimeseriesSubscriptionCmd{EntityID: devA, Keys: []string{fmt.Sprint("k", i)}})
			subs[i] = s
			errs <- err
		})
	}
	fc := f.next(t)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := map[int]bool{}
	for len(ids) < n {
		msg := fc.recv(t)
		if len(msg) > 32768 {
			t.Fatalf("message of %d bytes", len(msg))
		}
		for _, part := range strings.Split(string(msg), `"cmdId":`)[1:] {
			var id int
			fmt.Sscan(part[:strings.IndexAny(part, ",}")], &id)
			if id > 0 {
				ids[id] = true
			}
		}
	}
	for _, s := range subs {
		fc.send(t, tsUpdate(s.CmdID(), "k", int64(s.CmdID()), "v"))
	}
	for _, s := range subs {
		if u := update(t, s); u.Data["k"][0].Ts != int64(s.CmdID()) {
			t.Fatalf("subscription %d got %+v", s.CmdID(), u)
		}
	}
}

func TestRealtimeAnswersPingsAndDetectsSilence(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{IdleTimeout: 200 * time.Millisecond})
	sub, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	fc.send(t, tsUpdate(sub.CmdID(), "a", 1, "x"))
	update(t, sub)
	// Pings are answered while the client waits for messages, and keep it alive.
	for range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := fc.ws.Ping(ctx)
		cancel()
		if err != nil {
			t.Fatal("ping:", err)
		}
		time.Sleep(60 * time.Millisecond)
	}
	select {
	case ev := <-sub.Events():
		t.Fatalf("unexpected event while pinged: %+v", ev)
	default:
	}
	// A silent server is given up after the idle timeout.
	ev := event(t, sub)
	if !errors.Is(ev.Err, ErrConnectionLost) || !strings.Contains(ev.Err.Error(), "idle") {
		t.Fatalf("got %+v", ev)
	}
	fc = f.next(t)
	fc.recv(t)
	if err := fc.ws.Ping(context.Background()); err != nil { // a ping confirms the connection too
		t.Fatal(err)
	}
	if ev := event(t, sub); !ev.Reconnected {
		t.Fatalf("got %+v", ev)
	}
}

func TestRealtimeLingerAndReopen(t *testing.T) {
	checkLeaks(t)
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Linger: -1})
	ctx := context.Background()
	sub, err := c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	sub.Close()
	fc.recv(t) // the unsubscribe
	select {
	case <-fc.done:
	case <-time.After(5 * time.Second):
		t.Fatal("connection kept open without subscriptions")
	}
	// A new subscription opens a new connection.
	sub, err = c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc = f.next(t)
	fc.recv(t)
	c.Telemetry.Close()
	c.Telemetry.Close()
	if !errors.Is(sub.Err(), ErrTelemetryClosed) {
		t.Fatalf("Err = %v", sub.Err())
	}
	// The service can be used again after Close.
	sub, err = c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	f.next(t).recv(t)
	c.Telemetry.Close()
	f.tr.CloseIdleConnections()
}

func TestRealtimeCommandTooBig(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{MaxMessageSize: 300})
	ctx := context.Background()
	_, err := c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA, Keys: []string{strings.Repeat("k", 400)}})
	if !errors.Is(err, ErrCommandTooBig) {
		t.Fatalf("err = %v", err)
	}
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 1}}
	sub, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t) // the authCmd: with the token, no room is left for the command
	fc.recv(t)
	big := q
	big.EntityFields = []EntityKey{FieldKey(strings.Repeat("f", 400))}
	if err := sub.Update(ctx, EntityDataCmd{Query: &big}); !errors.Is(err, ErrCommandTooBig) {
		t.Fatalf("Update err = %v", err)
	}
	// The refused update left the subscription as it was: a reconnect sends the old query.
	fc.ws.CloseNow()
	fc = f.next(t)
	fc.recv(t)
	if msg := string(fc.recv(t)); strings.Contains(msg, "ffff") || !strings.Contains(msg, fmt.Sprintf(`"cmdId":%d`, sub.CmdID())) {
		t.Fatalf("resubscribed with %s", msg)
	}
}

func TestRealtimeNoGoroutineWhenUnused(t *testing.T) {
	checkLeaks(t)
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{Linger: -1})
	sub, err := c.Telemetry.SubscribeAttributes(context.Background(), AttributesSubscriptionCmd{EntityID: devA})
	if err != nil {
		t.Fatal(err)
	}
	fc := f.next(t)
	fc.recv(t)
	sub.Close()
	<-fc.done
	// Without Close, the service keeps no goroutine once nothing uses it.
	f.tr.CloseIdleConnections()
	goleak.VerifyNone(t, goleak.IgnoreCurrent(), goleak.IgnoreTopFunction("net/http.(*conn).serve"))
}

func TestRealtimeSubscribeContext(t *testing.T) {
	f := newFakeWS(t)
	c := f.client(RealtimeOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Telemetry.SubscribeAttributes(ctx, AttributesSubscriptionCmd{EntityID: devA}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Telemetry.SubscribeEntityData(context.Background(), EntityDataCmd{}); err == nil {
		t.Fatal("ENTITY_DATA without a query accepted")
	}
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}}
	if _, err := c.Telemetry.SubscribeEntityData(context.Background(), EntityDataCmd{Query: &q, TsCmd: &TimeSeriesCmd{}}); err == nil {
		t.Fatal("tsCmd without keys accepted")
	}
}
