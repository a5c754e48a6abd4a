package thingsboard_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// These tests run the WebSocket client against the emulator.

// fastRealtime are client timings for tests: quick reconnects.
var fastRealtime = tb.RealtimeOptions{Reconnect: tb.ReconnectPolicy{MinDelay: 5 * time.Millisecond, MaxDelay: 50 * time.Millisecond}}

// wsEnv is an emulator, a logged-in tenant administrator's client and the transport it
// uses (closed at the end, so no idle connection outlives the test).
type wsEnv struct {
	srv *thingsboardtest.Server
	c   *tb.Client
	tr  *http.Transport
}

func newWSEnv(t *testing.T, o tb.RealtimeOptions, opts ...thingsboardtest.Option) *wsEnv {
	t.Helper()
	srv := thingsboardtest.NewServer(t, opts...)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := tb.NewClient(srv.URL, tb.WithRealtime(o), tb.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), thingsboardtest.TenantEmail, thingsboardtest.TenantPassword); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Telemetry.Close() })
	return &wsEnv{srv: srv, c: c, tr: tr}
}

// checkLeaks fails the test if goroutines it started outlive it; registered first, it
// runs after every other cleanup.
func checkLeaks(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// save stores time-series values through the emulator's store, as a REST or device
// API save does.
func (e *wsEnv) save(id tb.EntityID, ts int64, values map[string]any) {
	var entries []emulator.TsEntry
	for k, v := range values {
		entries = append(entries, emulator.TsEntry{Key: k, TsPoint: emulator.TsPoint{Ts: ts, Value: v}})
	}
	_ = e.srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		tx.SaveTimeseries(id, entries)
		return nil
	})
}

func next[T any](t *testing.T, sub *tb.Subscription[T]) tb.SubscriptionEvent[T] {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatalf("subscription %d: %v", sub.CmdID(), err)
	}
	return ev
}

func nextUpdate[T any](t *testing.T, sub *tb.Subscription[T]) T {
	t.Helper()
	ev := next(t, sub)
	if ev.Err != nil || ev.Reconnected {
		t.Fatalf("subscription %d: want an update, got %+v", sub.CmdID(), ev)
	}
	return ev.Update
}

func demoDevice(e *wsEnv, name string) tb.EntityID {
	return tb.NewEntityID(tb.EntityTypeDevice, e.srv.Demo().DeviceID(name))
}

func deviceQuery(prefix string) *tb.EntityDataQuery {
	return &tb.EntityDataQuery{
		EntityFilter: &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: prefix},
		PageLink: tb.EntityDataPageLink{PageSize: 10, SortOrder: &tb.EntityDataSortOrder{
			Key: tb.FieldKey("name"), Direction: tb.ASC}},
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature")},
	}
}

func TestRealtimeEmulatorEntityData(t *testing.T) {
	checkLeaks(t)
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	a1 := demoDevice(e, "Test Device A1")
	sub, err := e.c.Telemetry.SubscribeEntityData(ctx, tb.EntityDataCmd{Query: deviceQuery("Test Device A"),
		TsCmd: &tb.TimeSeriesCmd{Keys: []string{"temperature"}, StartTs: time.Now().Add(-time.Hour).UnixMilli(), TimeWindow: 2 * time.Hour.Milliseconds()}})
	if err != nil {
		t.Fatal(err)
	}
	snap := nextUpdate(t, sub.Subscription)
	if snap.Data == nil || len(snap.Data.Data) != 3 || snap.Data.Data[0].EntityID != a1 {
		t.Fatalf("snapshot %+v", snap)
	}
	if name, _ := snap.Data.Data[0].Field("name"); name != "Test Device A1" {
		t.Fatalf("name %q", name)
	}
	now := time.Now().UnixMilli()
	for i := range 3 {
		e.save(a1, now+int64(i), map[string]any{"temperature": 20.5 + float64(i)})
		u := nextUpdate(t, sub.Subscription)
		if len(u.Update) != 1 || u.Update[0].EntityID != a1 || u.Update[0].Timeseries["temperature"][0].Value != strconv.FormatFloat(20.5+float64(i), 'f', 1, 64) {
			t.Fatalf("update %d: %+v", i, u)
		}
	}

	// Counting and watching latest values on the same connection.
	cnt, err := e.c.Telemetry.SubscribeEntityCount(ctx, tb.EntityCountQuery{EntityFilter: &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "Test Device A"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := nextUpdate(t, cnt).Count; n != 3 {
		t.Fatalf("count %d", n)
	}
	latest, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{"temperature"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := nextUpdate(t, latest).Latest("temperature"); v.Value != "22.5" {
		t.Fatalf("latest %+v", v)
	}
	if err := sub.Close(); err != nil {
		t.Fatal(err)
	}
	e.save(a1, now+10, map[string]any{"temperature": int64(30)})
	if v, _ := nextUpdate(t, latest).Latest("temperature"); v.Value != "30" {
		t.Fatalf("latest %+v", v)
	}
	e.c.Telemetry.Close()
}

func TestRealtimeEmulatorReconnect(t *testing.T) {
	checkLeaks(t)
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	a1 := demoDevice(e, "Test Device A1")
	eds, err := e.c.Telemetry.SubscribeEntityData(ctx, tb.EntityDataCmd{Query: deviceQuery("Test Device A1"),
		TsCmd: &tb.TimeSeriesCmd{Keys: []string{"temperature"}, StartTs: time.Now().Add(-time.Hour).UnixMilli(), TimeWindow: 2 * time.Hour.Milliseconds()}})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{"temperature"}})
	if err != nil {
		t.Fatal(err)
	}
	nextUpdate(t, eds.Subscription)
	nextUpdate(t, ts)

	for round, disrupt := range []func(){
		e.srv.DropWebSockets,
		// While disconnected the access token expires (by the server's records), so
		// the first attempt is refused and the client refreshes its token.
		func() { e.srv.ExpireTokens(); e.srv.DropWebSockets() },
	} {
		refreshes := e.srv.Requests("POST /api/auth/token")
		disrupt()
		for _, lost := range []error{next(t, eds.Subscription).Err, next(t, ts).Err} {
			if !errors.Is(lost, tb.ErrConnectionLost) {
				t.Fatalf("round %d: want connection lost, got %v", round, lost)
			}
		}
		// After Reconnected, each subscription starts over with a snapshot.
		if ev := next(t, eds.Subscription); !ev.Reconnected {
			t.Fatalf("round %d: want reconnected, got %+v", round, ev)
		}
		if u := nextUpdate(t, eds.Subscription); u.Data == nil {
			t.Fatalf("round %d: want a snapshot, got %+v", round, u)
		}
		if ev := next(t, ts); !ev.Reconnected {
			t.Fatalf("round %d: want reconnected, got %+v", round, ev)
		}
		nextUpdate(t, ts)
		// Every value posted after the reconnect arrives.
		base := time.Now().UnixMilli() + int64(round)*1000
		for i := range 5 {
			e.save(a1, base+int64(i), map[string]any{"temperature": int64(100*round + i)})
		}
		for i := range 5 {
			want := strconv.Itoa(100*round + i)
			if u := nextUpdate(t, eds.Subscription); u.Update[0].Timeseries["temperature"][0].Value != want {
				t.Fatalf("round %d: entity data update %d: %+v", round, i, u)
			}
			if v, _ := nextUpdate(t, ts).Latest("temperature"); v.Value != want {
				t.Fatalf("round %d: time series update %d: %+v", round, i, v)
			}
		}
		if round == 1 && e.srv.Requests("POST /api/auth/token") != refreshes+1 {
			t.Fatalf("token refreshes: %d, want %d", e.srv.Requests("POST /api/auth/token"), refreshes+1)
		}
	}
	e.c.Telemetry.Close()
	for _, s := range []interface{ Err() error }{eds, ts} {
		if !errors.Is(s.Err(), tb.ErrTelemetryClosed) {
			t.Fatalf("after Close: %v", s.Err())
		}
	}
}

func TestRealtimeEmulatorManySubscriptions(t *testing.T) {
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	a1 := demoDevice(e, "Test Device A1")
	const n = 1000
	subs := make([]*tb.Subscription[tb.TelemetryUpdate], n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			s, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{fmt.Sprint("k", i)}})
			subs[i] = s
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range subs {
		if u := nextUpdate(t, s); len(u.Data) != 0 {
			t.Fatalf("initial update %+v", u)
		}
	}
	ts := time.Now().UnixMilli()
	for b := 0; b < n; b += 100 {
		values := map[string]any{}
		for i := b; i < b+100; i++ {
			values[fmt.Sprint("k", i)] = int64(i)
		}
		e.save(a1, ts, values)
	}
	for i, s := range subs {
		if v, ok := nextUpdate(t, s).Latest(fmt.Sprint("k", i)); !ok || v.Value != strconv.Itoa(i) {
			t.Fatalf("subscription %d got %+v", i, v)
		}
	}
}

func TestRealtimeEmulatorStalledSubscriber(t *testing.T) {
	o := fastRealtime
	o.Buffer = 2
	e := newWSEnv(t, o)
	ctx := context.Background()
	a1, a2 := demoDevice(e, "Test Device A1"), demoDevice(e, "Test Device A2")
	stalled, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	live, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a2, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	nextUpdate(t, live)
	ts := time.Now().UnixMilli()
	for i := range 50 {
		e.save(a1, ts+int64(i), map[string]any{"t": int64(i)})
		e.save(a2, ts+int64(i), map[string]any{"t": int64(i)})
		start := time.Now()
		if v, _ := nextUpdate(t, live).Latest("t"); v.Value != strconv.Itoa(i) {
			t.Fatalf("live subscriber got %+v, want %d", v, i)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("live subscriber waited %v", d)
		}
	}
	// The stalled one kept the newest events and counts what it lost.
	last := next(t, stalled)
	last = next(t, stalled)
	if v, _ := last.Update.Latest("t"); v.Value != "49" || stalled.Dropped() == 0 {
		t.Fatalf("stalled subscriber: last %+v, dropped %d", last, stalled.Dropped())
	}
}

func TestRealtimeEmulatorLegacyAndAPIKey(t *testing.T) {
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	a1 := demoDevice(e, "Test Device A1")

	lo := fastRealtime
	lo.Legacy = true
	legacy, err := tb.NewClient(e.srv.URL, tb.WithRealtime(lo), tb.WithHTTPClient(&http.Client{Transport: e.tr}))
	if err != nil {
		t.Fatal(err)
	}
	defer legacy.Telemetry.Close()
	if _, err := legacy.Login(ctx, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword); err != nil {
		t.Fatal(err)
	}
	sub, err := legacy.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	nextUpdate(t, sub)
	e.save(a1, 5, map[string]any{"t": "x"})
	if v, _ := nextUpdate(t, sub).Latest("t"); v != (tb.TelemetryValue{Ts: 5, Value: "x"}) {
		t.Fatalf("legacy update %+v", v)
	}
	h, err := legacy.Telemetry.History(ctx, tb.TimeseriesHistoryCmd{EntityID: a1, Keys: []string{"t"}, StartTs: 0, EndTs: 10})
	if err != nil || len(h.Data["t"]) != 1 {
		t.Fatalf("legacy history %+v, %v", h, err)
	}
	// The URL token expires while disconnected: the server closes with 1011, the
	// client refreshes the token and reconnects.
	e.srv.ExpireTokens()
	e.srv.DropWebSockets()
	if ev := next(t, sub); !errors.Is(ev.Err, tb.ErrConnectionLost) {
		t.Fatalf("want connection lost, got %+v", ev)
	}
	if ev := next(t, sub); !ev.Reconnected {
		t.Fatalf("want reconnected, got %+v", ev)
	}
	nextUpdate(t, sub)
	e.save(a1, 6, map[string]any{"t": "y"})
	if v, _ := nextUpdate(t, sub).Latest("t"); v.Value != "y" {
		t.Fatalf("legacy update after reconnect %+v", v)
	}

	key := e.srv.CreateAPIKey(e.srv.Demo().TenantAdminID)
	kc, err := tb.NewClient(e.srv.URL, tb.WithAPIKey(key), tb.WithHTTPClient(&http.Client{Transport: e.tr}))
	if err != nil {
		t.Fatal(err)
	}
	defer kc.Telemetry.Close()
	ks, err := kc.Telemetry.SubscribeAttributes(ctx, tb.AttributesSubscriptionCmd{EntityID: a1, Keys: []string{"active"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := nextUpdate(t, ks).Latest("active"); !ok || v.Value != "false" {
		t.Fatalf("API-key subscription %+v", v)
	}
}

func TestRealtimeEmulatorServerErrors(t *testing.T) {
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	// A device of another tenant's customer is refused for a customer user.
	cu, err := tb.NewClient(e.srv.URL, tb.WithHTTPClient(&http.Client{Transport: e.tr}))
	if err != nil {
		t.Fatal(err)
	}
	defer cu.Telemetry.Close()
	if _, err := cu.Login(ctx, "customerB@thingsboard.org", thingsboardtest.CustomerPassword); err != nil {
		t.Fatal(err)
	}
	sub, err := cu.Telemetry.SubscribeAttributes(ctx, tb.AttributesSubscriptionCmd{EntityID: demoDevice(e, "Test Device A1")})
	if err != nil {
		t.Fatal(err)
	}
	var se *tb.SubscriptionError
	if ev := next(t, sub); !errors.As(ev.Err, &se) || se.Code != tb.SubscriptionUnauthorized || se.CmdID != sub.CmdID() {
		t.Fatalf("got %+v", ev)
	}
	// An invalid query is reported to its subscription, in the v1 shape.
	q := tb.EntityDataQuery{EntityFilter: &tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}, PageLink: tb.EntityDataPageLink{PageSize: -1}}
	eds, err := e.c.Telemetry.SubscribeEntityData(ctx, tb.EntityDataCmd{Query: &q})
	if err != nil {
		t.Fatal(err)
	}
	if ev := next(t, eds.Subscription); !errors.As(ev.Err, &se) || se.CmdID != eds.CmdID() || se.Code != tb.SubscriptionInternalError {
		t.Fatalf("got %+v", ev)
	}
}

func TestRealtimeEmulatorServerPingTimeout(t *testing.T) {
	// With the server's ping timings shortened, the client answers pings and keeps
	// its connection for longer than the timeout.
	e := newWSEnv(t, fastRealtime, thingsboardtest.WithWebSocketPing(20*time.Millisecond, 100*time.Millisecond))
	a1 := demoDevice(e, "Test Device A1")
	sub, err := e.c.Telemetry.SubscribeTimeseries(context.Background(), tb.TimeseriesSubscriptionCmd{EntityID: a1, Keys: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	nextUpdate(t, sub)
	time.Sleep(400 * time.Millisecond)
	select {
	case ev := <-sub.Events():
		t.Fatalf("unexpected event %+v", ev)
	default:
	}
	e.save(a1, 7, map[string]any{"t": int64(1)})
	nextUpdate(t, sub)
}

func TestRealtimeEmulatorRESTSaves(t *testing.T) {
	e := newWSEnv(t, fastRealtime)
	ctx := context.Background()
	a1 := demoDevice(e, "Test Device A1")
	attrs, err := e.c.Telemetry.SubscribeAttributes(ctx, tb.AttributesSubscriptionCmd{EntityID: a1, Scope: tb.SharedScope})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := e.c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: a1, Scope: tb.TimeseriesScopeLatest})
	if err != nil {
		t.Fatal(err)
	}
	nextUpdate(t, attrs)
	nextUpdate(t, ts)
	// Values saved over REST reach the subscriptions.
	if err := e.c.Attributes.Save(ctx, a1, tb.SharedScope, map[string]any{"target": 21.5}); err != nil {
		t.Fatal(err)
	}
	if v, ok := nextUpdate(t, attrs).Latest("target"); !ok || v.Value != "21.5" {
		t.Fatalf("attribute update %+v", v)
	}
	if err := e.c.Timeseries.Save(ctx, a1, tb.TelemetryRecord{Ts: 1000, Values: map[string]any{"temperature": 42}}, nil); err != nil {
		t.Fatal(err)
	}
	if v, ok := nextUpdate(t, ts).Latest("temperature"); !ok || v != (tb.TelemetryValue{Ts: 1000, Value: "42"}) {
		t.Fatalf("time-series update %+v", v)
	}
	// A deletion arrives as [0, ""].
	if err := e.c.Attributes.Delete(ctx, a1, tb.SharedScope, "target"); err != nil {
		t.Fatal(err)
	}
	if v, ok := nextUpdate(t, attrs).Latest("target"); !ok || !v.Deleted() {
		t.Fatalf("deletion %+v", v)
	}
}
