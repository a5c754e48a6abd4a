package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	tb "github.com/tbgo/thingsboard"
)

// wsClient is a bare WebSocket client that speaks the protocol by hand.
type wsClient struct {
	t *testing.T
	c *websocket.Conn
}

func dialWS(t *testing.T, base, path string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+path, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	c.SetReadLimit(-1)
	t.Cleanup(func() { c.CloseNow() })
	return &wsClient{t: t, c: c}
}

func (w *wsClient) send(msg string) {
	w.t.Helper()
	if err := w.c.Write(context.Background(), websocket.MessageText, []byte(msg)); err != nil {
		w.t.Fatalf("write: %v", err)
	}
}

func (w *wsClient) read() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := w.c.Read(ctx)
	return b, err
}

// recv returns the next message as generic JSON.
func (w *wsClient) recv() map[string]any {
	w.t.Helper()
	b, err := w.read()
	if err != nil {
		w.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		w.t.Fatalf("message %s: %v", b, err)
	}
	return m
}

// expect fails unless the next message equals want as JSON.
func (w *wsClient) expect(want string) {
	w.t.Helper()
	b, err := w.read()
	if err != nil {
		w.t.Fatalf("read: %v", err)
	}
	var g, x any
	json.Unmarshal(b, &g)
	if err := json.Unmarshal([]byte(want), &x); err != nil {
		w.t.Fatalf("bad expectation: %v", err)
	}
	if !reflect.DeepEqual(g, x) {
		w.t.Fatalf("server sent\n%s\nwant\n%s", b, want)
	}
}

// expectClose reads until the server closes and checks the close code and reason.
func (w *wsClient) expectClose(code websocket.StatusCode, reason string) {
	w.t.Helper()
	for {
		_, err := w.read()
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != code || (reason != "*" && ce.Reason != reason) {
			w.t.Fatalf("closed with %v, want %d %q", err, code, reason)
		}
		return
	}
}

func tenantToken(t *testing.T, url string) string {
	t.Helper()
	return login(t, url, TenantEmail, TenantPassword).Tokens().Token
}

func authMsg(tok, cmds string) string {
	return `{"authCmd":{"cmdId":0,"token":"` + tok + `"},"cmds":[` + cmds + `]}`
}

func TestWSAuthentication(t *testing.T) {
	s, url := start(t, WithWebSocketAuthTimeout(200*time.Millisecond))
	tok := tenantToken(t, url)

	w := dialWS(t, url, "/api/ws")
	w.send(`{"cmds":[]}`)
	w.expectClose(1008, "Auth cmd is missing")

	w = dialWS(t, url, "/api/ws")
	w.send(authMsg("not.a.jwt", ""))
	w.expectClose(1007, "Invalid JWT token: ")

	w = dialWS(t, url, "/api/ws")
	w.send(`{"authCmd":{"cmdId":0,"token":"` + tok + `"},"bogus":1}`)
	w.expectClose(1007, `Unrecognized field "bogus", not marked as ignorable`)

	w = dialWS(t, url, "/api/ws") // nothing sent: the authentication timeout closes it
	w.expectClose(1008, "")

	w = dialWS(t, url, "/api/ws/plugins/other")
	w.expectClose(1007, "Unknown session type")

	// A token on the URL authenticates the session (as the last parameter); a bad one
	// closes it with 1011.
	w = dialWS(t, url, "/api/ws?x=1&token="+tok)
	w.send(`{"cmds":[{"type":"NOTIFICATIONS_COUNT","cmdId":1}]}`)
	w.expect(`{"cmdId":1,"errorCode":0,"errorMsg":null,"totalUnreadCount":0,"sequenceNumber":1,"cmdUpdateType":"NOTIFICATIONS_COUNT"}`)
	w = dialWS(t, url, "/api/ws?token=x.y.z")
	w.expectClose(1011, "*")
	// The legacy endpoint needs the URL token: its wrappers cannot carry an authCmd.
	w = dialWS(t, url, "/api/ws/plugins/telemetry")
	w.send(`{"tsSubCmds":[]}`)
	w.expectClose(1008, "Auth cmd is missing")

	// An expired token, and one outdated by a logout.
	s.ExpireTokens()
	w = dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, ""))
	w.expectClose(1007, "JWT Token expired")
	c := login(t, url, TenantEmail, TenantPassword)
	tok2 := c.Tokens().Token
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	w = dialWS(t, url, "/api/ws")
	w.send(authMsg(tok2, ""))
	w.expectClose(1007, "Token is outdated")

	// API keys authenticate through authCmd.apiKey.
	key := s.CreateAPIKey(s.Demo().TenantAdminID)
	w = dialWS(t, url, "/api/ws")
	w.send(`{"authCmd":{"cmdId":0,"type":"AUTH","apiKey":"` + key + `"},"cmds":[{"type":"NOTIFICATIONS_COUNT","cmdId":3}]}`)
	if m := w.recv(); m["cmdId"] != 3.0 || m["cmdUpdateType"] != "NOTIFICATIONS_COUNT" {
		t.Fatalf("got %v", m)
	}
	w = dialWS(t, url, "/api/ws")
	w.send(`{"authCmd":{"cmdId":0,"apiKey":"tb_wrong"}}`)
	w.expectClose(1007, "*")
}

func TestWSCommandErrors(t *testing.T) {
	s, url := start(t)
	tok := tenantToken(t, url)
	dev := s.Demo().DeviceID("Test Device A1")
	w := dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, ""))
	// An authenticated session answers unparsable messages with an error for
	// subscription 1, and runs none of their commands.
	for _, msg := range []string{
		`{"cmds":[{"type":"ATTRIBUTES","cmdId":2,"entityType":"DEVICE","entityId":"` + dev + `","extra":true}]}`,
		`{"cmds":[{"type":"NO_SUCH","cmdId":2}]}`,
		`{"cmds":[{"cmdId":2}]}`,
		`not json`,
	} {
		w.send(msg)
		w.expect(`{"subscriptionId":1,"errorCode":2,"errorMsg":"Failed to parse the payload","data":null,"latestValues":{}}`)
	}
	cases := []struct{ cmd, want string }{
		{`{"type":"ATTRIBUTES","cmdId":-4,"entityType":"DEVICE","entityId":"` + dev + `"}`,
			`{"subscriptionId":-4,"errorCode":2,"errorMsg":"Cmd id is negative value!","data":null,"latestValues":{}}`},
		{`{"type":"TIMESERIES","cmdId":5,"entityType":"DEVICE","entityId":""}`,
			`{"subscriptionId":5,"errorCode":2,"errorMsg":"Device id is empty!","data":null,"latestValues":{}}`},
		{`{"type":"TIMESERIES_HISTORY","cmdId":6,"entityType":"DEVICE","entityId":"` + dev + `"}`,
			`{"subscriptionId":6,"errorCode":2,"errorMsg":"Keys are empty!","data":null,"latestValues":{}}`},
		{`{"type":"ENTITY_DATA","cmdId":7}`,
			`{"subscriptionId":7,"errorCode":2,"errorMsg":"Query is empty!","data":null,"latestValues":{}}`},
		{`{"type":"ENTITY_COUNT","cmdId":8}`,
			`{"subscriptionId":8,"errorCode":2,"errorMsg":"Query is empty!","data":null,"latestValues":{}}`},
		{`{"type":"ATTRIBUTES","cmdId":9,"entityType":"GADGET","entityId":"` + dev + `"}`,
			`{"subscriptionId":9,"errorCode":1,"errorMsg":"No enum constant org.thingsboard.server.common.data.EntityType.GADGET","data":null,"latestValues":{}}`},
		{`{"type":"ATTRIBUTES","cmdId":10,"entityType":"DEVICE","entityId":"nope"}`,
			`{"subscriptionId":10,"errorCode":1,"errorMsg":"Invalid UUID string: nope","data":null,"latestValues":{}}`},
		{`{"type":"ATTRIBUTES","cmdId":11,"entityType":"DEVICE","entityId":"` + s.Store().NewUUID() + `"}`,
			`{"subscriptionId":11,"errorCode":1,"errorMsg":"Failed to fetch attributes!","data":null,"latestValues":{}}`},
	}
	for _, c := range cases {
		w.send(`{"cmds":[` + c.cmd + `]}`)
		w.expect(c.want)
	}
	// A customer user may not read another customer's device.
	cust := login(t, url, "customerB@thingsboard.org", CustomerPassword).Tokens().Token
	w = dialWS(t, url, "/api/ws")
	w.send(authMsg(cust, `{"type":"ATTRIBUTES","cmdId":2,"entityType":"DEVICE","entityId":"`+dev+`"}`))
	w.expect(`{"subscriptionId":2,"errorCode":3,"errorMsg":"Unauthorized","data":null,"latestValues":{}}`)
}

func TestWSAttributesAndTimeseries(t *testing.T) {
	s, url := start(t)
	tok := tenantToken(t, url)
	dev := tb.NewEntityID(tb.EntityTypeDevice, s.Demo().DeviceID("Test Device A1"))
	st := s.Store()
	st.Write(func(tx *Tx) error {
		tx.SaveAttributes(dev, SharedScope, []Attribute{{Key: "mode", Value: "eco", LastUpdateTs: 100}, {Key: "target", Value: 21.0, LastUpdateTs: 101}})
		tx.SaveTimeseries(dev, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: 1000, Value: int64(20)}},
			{Key: "temperature", TsPoint: TsPoint{Ts: 2000, Value: 21.5}}, {Key: "humidity", TsPoint: TsPoint{Ts: 2000, Value: int64(40)}}})
		return nil
	})
	w := dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, `{"type":"ATTRIBUTES","cmdId":1,"entityType":"DEVICE","entityId":"`+dev.ID+`","keys":"mode,target,missing","scope":"SHARED_SCOPE"}`+
		`,{"type":"TIMESERIES","cmdId":2,"entityType":"DEVICE","entityId":"`+dev.ID+`","keys":"temperature"}`+
		`,{"type":"TIMESERIES","cmdId":3,"entityType":"DEVICE","entityId":"`+dev.ID+`","keys":"temperature,humidity","startTs":0,"timeWindow":5000,"limit":10}`+
		`,{"type":"TIMESERIES_HISTORY","cmdId":4,"entityType":"DEVICE","entityId":"`+dev.ID+`","keys":"temperature","startTs":0,"endTs":3000,"interval":3000,"agg":"AVG"}`))
	w.expect(`{"subscriptionId":1,"errorCode":0,"errorMsg":null,"data":{"mode":[[100,"eco"]],"target":[[101,"21.0"]]},"latestValues":{"mode":100,"target":101}}`)
	w.expect(`{"subscriptionId":2,"errorCode":0,"errorMsg":null,"data":{"temperature":[[2000,"21.5"]]},"latestValues":{"temperature":2000}}`)
	// History windows come newest first, as the server's queries order them.
	w.expect(`{"subscriptionId":3,"errorCode":0,"errorMsg":null,"data":{"temperature":[[2000,"21.5"],[1000,"20"]],"humidity":[[2000,"40"]]},"latestValues":{"temperature":1000,"humidity":2000}}`)
	w.expect(`{"subscriptionId":4,"errorCode":0,"errorMsg":null,"data":{"temperature":[[1500,"20.75"]]},"latestValues":{"temperature":1500}}`)

	// Changes saved afterwards are pushed; other keys and scopes are not.
	st.Write(func(tx *Tx) error {
		tx.SaveAttributes(dev, ServerScope, []Attribute{{Key: "mode", Value: "other"}})
		tx.SaveAttributes(dev, SharedScope, []Attribute{{Key: "mode", Value: "boost", LastUpdateTs: 200}, {Key: "x", Value: true}})
		return nil
	})
	w.expect(`{"subscriptionId":1,"errorCode":0,"errorMsg":null,"data":{"mode":[[200,"boost"]]},"latestValues":{"mode":200}}`)
	st.Write(func(tx *Tx) error {
		tx.SaveTimeseries(dev, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: 3000, Value: json.RawMessage(`{"a":1}`)}}, {Key: "pressure", TsPoint: TsPoint{Ts: 3000, Value: true}}})
		return nil
	})
	got := map[float64]bool{}
	for range 2 {
		m := w.recv()
		got[m["subscriptionId"].(float64)] = true
		if d := m["data"].(map[string]any); fmt.Sprint(d["temperature"]) != `[[3000 {"a":1}]]` || d["pressure"] != nil {
			t.Fatalf("update %v", m)
		}
	}
	if !got[2] || !got[3] {
		t.Fatalf("updates for %v", got)
	}
	st.Write(func(tx *Tx) error { tx.DeleteAttributes(dev, SharedScope, []string{"target"}); return nil })
	w.expect(`{"subscriptionId":1,"errorCode":0,"errorMsg":null,"data":{"target":[[0,""]]},"latestValues":{"target":0}}`)

	// After an unsubscribe nothing more arrives for that command.
	w.send(`{"cmds":[{"type":"ATTRIBUTES","cmdId":1,"entityType":"DEVICE","entityId":"` + dev.ID + `","unsubscribe":true}]}`)
	w.send(`{"cmds":[{"type":"TIMESERIES","cmdId":3,"entityType":"DEVICE","entityId":"` + dev.ID + `","unsubscribe":true}]}`)
	w.send(`{"cmds":[{"type":"NOTIFICATIONS_COUNT","cmdId":9}]}`) // answered once the unsubscribes ran
	w.recv()
	st.Write(func(tx *Tx) error {
		tx.SaveAttributes(dev, SharedScope, []Attribute{{Key: "mode", Value: "off"}})
		tx.SaveTimeseries(dev, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: 4000, Value: int64(7)}}})
		return nil
	})
	w.expect(`{"subscriptionId":2,"errorCode":0,"errorMsg":null,"data":{"temperature":[[4000,"7"]]},"latestValues":{"temperature":4000}}`)

	// The legacy endpoint takes the arrays wrapper and answers the same way.
	l := dialWS(t, url, "/api/ws/plugins/telemetry?token="+tok)
	l.send(`{"attrSubCmds":[{"cmdId":5,"entityType":"DEVICE","entityId":"` + dev.ID + `","keys":"mode","scope":"SHARED_SCOPE"}],"historyCmds":[{"cmdId":6,"entityType":"DEVICE","entityId":"` + dev.ID + `","keys":"temperature","startTs":0,"endTs":2500,"limit":1}]}`)
	l.expect(`{"subscriptionId":5,"errorCode":0,"errorMsg":null,"data":{"mode":[[` + fmt.Sprint(attrTs(t, s, dev, "mode")) + `,"off"]]},"latestValues":{"mode":` + fmt.Sprint(attrTs(t, s, dev, "mode")) + `}}`)
	l.expect(`{"subscriptionId":6,"errorCode":0,"errorMsg":null,"data":{"temperature":[[2000,"21.5"]]},"latestValues":{"temperature":2000}}`)
	l.send(`{"cmds":[]}`)
	l.expect(`{"subscriptionId":1,"errorCode":2,"errorMsg":"Failed to parse the payload","data":null,"latestValues":{}}`)
}

func attrTs(t *testing.T, s *Server, id tb.EntityID, key string) int64 {
	var ts int64
	s.Store().Read(func(tx *Tx) {
		a, _ := tx.Attribute(id, SharedScope, key)
		ts = a.LastUpdateTs
	})
	return ts
}

func TestWSEntityData(t *testing.T) {
	s, url := start(t)
	tok := tenantToken(t, url)
	a1 := tb.NewEntityID(tb.EntityTypeDevice, s.Demo().DeviceID("Test Device A1"))
	w := dialWS(t, url, "/api/ws")
	query := `{"entityFilter":{"type":"entityName","entityType":"DEVICE","entityNameFilter":"Test Device A"},` +
		`"pageLink":{"pageSize":10,"page":0,"sortOrder":{"key":{"type":"ENTITY_FIELD","key":"name"},"direction":"ASC"}},` +
		`"entityFields":[{"type":"ENTITY_FIELD","key":"name"}],"latestValues":[{"type":"TIME_SERIES","key":"temperature"}],"keyFilters":[]}`
	w.send(authMsg(tok, `{"type":"ENTITY_DATA","cmdId":1,"query":`+query+`,"tsCmd":{"keys":["temperature"],"startTs":0,"timeWindow":9999999999999}}`+
		`,{"type":"ENTITY_DATA","cmdId":2,"query":`+query+`,"latestCmd":{"keys":[{"type":"TIME_SERIES","key":"temperature"},{"type":"SERVER_ATTRIBUTE","key":"active"}]}}`+
		`,{"type":"ENTITY_COUNT","cmdId":3,"query":{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[]}}`))
	snap := w.recv()
	data := snap["data"].(map[string]any)
	items := data["data"].([]any)
	if snap["cmdId"] != 1.0 || snap["cmdUpdateType"] != "ENTITY_DATA" || snap["update"] != nil || snap["allowedEntities"] != 10000.0 ||
		len(items) != 3 || data["totalElements"] != 3.0 {
		t.Fatalf("snapshot %v", snap)
	}
	first := items[0].(map[string]any)
	if fmt.Sprint(first["entityId"]) != fmt.Sprint(map[string]any{"entityType": "DEVICE", "id": a1.ID}) ||
		fmt.Sprint(first["timeseries"]) != "map[temperature:[]]" || first["latest"].(map[string]any)["TIME_SERIES"] == nil {
		t.Fatalf("first item %v", first)
	}
	snap2 := w.recv()
	if snap2["cmdId"] != 2.0 || len(snap2["data"].(map[string]any)["data"].([]any)) != 3 {
		t.Fatalf("snapshot 2 %v", snap2)
	}
	devices := len(s.Store().List(tb.EntityTypeDevice, func(r Record) bool { return r.TenantID == s.Demo().TenantID }))
	w.expect(fmt.Sprintf(`{"cmdId":3,"errorCode":0,"errorMsg":null,"count":%d,"cmdUpdateType":"COUNT_DATA"}`, devices))

	// A saved value reaches the time-series command and the latest command.
	s.Store().Write(func(tx *Tx) error {
		tx.SaveTimeseries(a1, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: 5000, Value: 25.3}}})
		return nil
	})
	want := map[float64]string{
		1: `{"cmdId":1,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"` + a1.ID + `"},"latest":null,"timeseries":{"temperature":[{"ts":5000,"value":"25.3"}]},"aggLatest":null}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`,
		2: `{"cmdId":2,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"` + a1.ID + `"},"latest":{"TIME_SERIES":{"temperature":{"ts":5000,"value":"25.3"}}},"timeseries":null,"aggLatest":null}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`,
	}
	for range 2 {
		b, _ := w.read()
		var m map[string]any
		json.Unmarshal(b, &m)
		var g, x any
		json.Unmarshal(b, &g)
		json.Unmarshal([]byte(want[m["cmdId"].(float64)]), &x)
		if !reflect.DeepEqual(g, x) {
			t.Fatalf("got %s\nwant %s", b, want[m["cmdId"].(float64)])
		}
	}
	// An attribute of the latest command.
	s.Store().Write(func(tx *Tx) error {
		tx.SaveAttributes(a1, ServerScope, []Attribute{{Key: "active", Value: true, LastUpdateTs: 7000}})
		return nil
	})
	w.expect(`{"cmdId":2,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"` + a1.ID + `"},"latest":{"SERVER_ATTRIBUTE":{"active":{"ts":7000,"value":"true"}}},"timeseries":null,"aggLatest":null}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`)

	// A new entity that matches the query: new snapshots and a new count.
	newID := s.Store().Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: s.Demo().TenantID,
		Fields: map[string]string{"name": "Test Device A0", "type": "default", "label": ""}, Value: map[string]any{"name": "Test Device A0"}}).ID
	got := map[float64]map[string]any{}
	for range 3 {
		m := w.recv()
		got[m["cmdId"].(float64)] = m
	}
	for _, id := range []float64{1, 2} {
		d := got[id]["data"].(map[string]any)
		first := d["data"].([]any)[0].(map[string]any)["entityId"].(map[string]any)
		if d["totalElements"] != 4.0 || first["id"] != newID.ID {
			t.Fatalf("snapshot after create: %v", got[id])
		}
	}
	if got[3]["count"] != float64(devices+1) {
		t.Fatalf("count after create: %v", got[3])
	}
	// Renaming it out of the query, and deleting, change the snapshot again.
	rec, _ := s.Store().Get(newID.ID)
	rec.Fields = map[string]string{"name": "Other", "type": "default", "label": ""}
	s.Store().Put(rec)
	for range 2 {
		if m := w.recv(); m["data"].(map[string]any)["totalElements"] != 3.0 {
			t.Fatalf("after rename: %v", m)
		}
	}
	s.Store().Delete(newID.ID)
	w.expect(fmt.Sprintf(`{"cmdId":3,"errorCode":0,"errorMsg":null,"count":%d,"cmdUpdateType":"COUNT_DATA"}`, devices))

	// Unsubscribed commands go quiet; the count is not sent again when unchanged.
	w.send(`{"cmds":[{"type":"ENTITY_DATA_UNSUBSCRIBE","cmdId":1},{"type":"ENTITY_DATA_UNSUBSCRIBE","cmdId":2}]}`)
	w.send(`{"cmds":[{"type":"ENTITY_DATA","cmdId":4,"query":{"entityFilter":{"type":"singleEntity","singleEntity":{"entityType":"DEVICE","id":"` + a1.ID + `"}},"pageLink":{"pageSize":1,"page":0},"entityFields":[],"latestValues":[],"keyFilters":[]}}]}`)
	if m := w.recv(); m["cmdId"] != 4.0 || m["data"] == nil {
		t.Fatalf("got %v", m)
	}
	s.Store().Write(func(tx *Tx) error { // nobody watches this any more
		tx.SaveTimeseries(a1, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: 3500, Value: 1.5}}})
		return nil
	})
	// Changing the page of a live subscription without sub-commands sends nothing, as
	// on the server; with a time-series command it sends the new page's values.
	w.send(`{"cmds":[{"type":"ENTITY_DATA","cmdId":4,"tsCmd":{"keys":["temperature"],"startTs":4000,"timeWindow":2000}}]}`)
	w.expect(`{"cmdId":4,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"` + a1.ID + `"},"latest":{},"timeseries":{"temperature":[{"ts":5000,"value":"25.3"}]},"aggLatest":{}}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`)
}

func TestWSAlarmsAndNotifications(t *testing.T) {
	s, url := start(t)
	tok := tenantToken(t, url)
	a1 := tb.NewEntityID(tb.EntityTypeDevice, s.Demo().DeviceID("Test Device A1"))
	w := dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, `{"type":"ALARM_STATUS","cmdId":1,"originatorId":{"entityType":"DEVICE","id":"`+a1.ID+`"},"typeList":["HighTemp"]}`+
		`,{"type":"ALARM_COUNT","cmdId":2,"query":{"entityFilter":{"type":"singleEntity","singleEntity":{"entityType":"DEVICE","id":"`+a1.ID+`"}},"keyFilters":[]}}`+
		`,{"type":"ALARM_DATA","cmdId":3,"query":{"entityFilter":{"type":"singleEntity","singleEntity":{"entityType":"DEVICE","id":"`+a1.ID+`"}},"pageLink":{"pageSize":10,"page":0,"timeWindow":86400000},"keyFilters":[],"entityFields":[],"latestValues":[],"alarmFields":[]}}`+
		`,{"type":"NOTIFICATIONS","cmdId":4,"limit":5}`+
		`,{"type":"NOTIFICATIONS_COUNT","cmdId":5}`))
	w.expect(`{"cmdId":1,"errorCode":0,"errorMsg":null,"active":false,"cmdUpdateType":"ALARM_STATUS"}`)
	w.expect(`{"cmdId":2,"errorCode":0,"errorMsg":null,"count":0,"cmdUpdateType":"ALARM_COUNT_DATA"}`)
	if m := w.recv(); m["cmdId"] != 3.0 || m["cmdUpdateType"] != "ALARM_DATA" || m["data"].(map[string]any)["totalElements"] != 0.0 {
		t.Fatalf("alarm data %v", m)
	}
	w.expect(`{"cmdId":4,"errorCode":0,"errorMsg":null,"notifications":[],"update":null,"totalUnreadCount":0,"sequenceNumber":1,"cmdUpdateType":"NOTIFICATIONS"}`)
	w.expect(`{"cmdId":5,"errorCode":0,"errorMsg":null,"totalUnreadCount":0,"sequenceNumber":1,"cmdUpdateType":"NOTIFICATIONS_COUNT"}`)

	// An alarm raised on the device.
	now := s.Now()
	alarm := s.Store().Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeAlarm}, TenantID: s.Demo().TenantID,
		Fields: map[string]string{"type": "HighTemp", "severity": "CRITICAL", "status": "ACTIVE_UNACK", "originatorId": a1.ID,
			"originatorType": "DEVICE", "startTs": fmt.Sprint(now), "endTs": fmt.Sprint(now), "acknowledged": "false", "cleared": "false"},
		Value: map[string]any{"type": "HighTemp", "severity": "CRITICAL", "status": "ACTIVE_UNACK", "originator": map[string]any{"entityType": "DEVICE", "id": a1.ID}}})
	got := map[float64]map[string]any{}
	for range 3 {
		m := w.recv()
		got[m["cmdId"].(float64)] = m
	}
	if got[1]["active"] != true || got[2]["count"] != 1.0 || got[3]["data"].(map[string]any)["totalElements"] != 1.0 {
		t.Fatalf("after the alarm: %v", got)
	}
	// Cleared: the status goes inactive.
	rec, _ := s.Store().Get(alarm.ID.ID)
	rec.Fields = map[string]string{"type": "HighTemp", "severity": "CRITICAL", "status": "CLEARED_UNACK", "originatorId": a1.ID,
		"originatorType": "DEVICE", "startTs": fmt.Sprint(now), "endTs": fmt.Sprint(now), "acknowledged": "false", "cleared": "true"}
	rec.Value = map[string]any{"type": "HighTemp", "status": "CLEARED_UNACK"}
	s.Store().Put(rec)
	seen := map[float64]bool{}
	for len(seen) < 2 {
		m := w.recv()
		seen[m["cmdId"].(float64)] = true
		if m["cmdId"] == 1.0 && m["active"] != false {
			t.Fatalf("status after clear: %v", m)
		}
	}

	// Notifications: a new one, then marking it read.
	n := s.NotifyUser(s.Demo().TenantAdminID, "Hello", "World")
	for range 2 {
		m := w.recv()
		switch m["cmdId"] {
		case 4.0:
			if m["update"].(map[string]any)["text"] != "World" || m["totalUnreadCount"] != 1.0 || m["sequenceNumber"] != 2.0 {
				t.Fatalf("notification update %v", m)
			}
		case 5.0:
			if m["totalUnreadCount"] != 1.0 {
				t.Fatalf("count update %v", m)
			}
		}
	}
	w.send(`{"cmds":[{"type":"MARK_NOTIFICATIONS_AS_READ","cmdId":6,"notifications":["` + n.ID.ID + `"]}]}`)
	for range 2 {
		if m := w.recv(); m["totalUnreadCount"] != 0.0 {
			t.Fatalf("after read %v", m)
		}
	}
	s.NotifyUser(s.Demo().TenantAdminID, "Again", "x")
	w.recv()
	w.recv()
	w.send(`{"cmds":[{"type":"NOTIFICATIONS_UNSUBSCRIBE","cmdId":4},{"type":"MARK_ALL_NOTIFICATIONS_AS_READ","cmdId":7}]}`)
	w.expect(`{"cmdId":5,"errorCode":0,"errorMsg":null,"totalUnreadCount":0,"sequenceNumber":5,"cmdUpdateType":"NOTIFICATIONS_COUNT"}`)
}

func TestWSPingTimeout(t *testing.T) {
	_, url := start(t, WithWebSocketPing(50*time.Millisecond, 200*time.Millisecond))
	tok := tenantToken(t, url)
	// A client that reads answers pings and stays connected.
	w := dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	_, _, err := w.c.Read(ctx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("reading client: %v", err)
	}
	// One that does not read never answers and is closed with 4500.
	w = dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, ""))
	time.Sleep(400 * time.Millisecond)
	w.expectClose(4500, "")
}

func TestWSQueueLimit(t *testing.T) {
	// A writer that stalls while stall is set stands for a client that reads too slowly.
	var stall sync.Mutex
	stallWrites := func(c *config) { c.ws.beforeWrite = func() { stall.Lock(); stall.Unlock() } }
	s, url := start(t, WithWebSocketQueueLimit(4), stallWrites)
	tok := tenantToken(t, url)
	dev := tb.NewEntityID(tb.EntityTypeDevice, s.Demo().DeviceID("Test Device A1"))
	w := dialWS(t, url, "/api/ws")
	w.send(authMsg(tok, `{"type":"TIMESERIES","cmdId":1,"entityType":"DEVICE","entityId":"`+dev.ID+`","keys":"t"}`))
	w.recv()
	stall.Lock()
	// Four updates fit in the queue (one more is held by the stalled writer); the sixth
	// overflows it.
	for i := range 20 {
		s.Store().Write(func(tx *Tx) error {
			tx.SaveTimeseries(dev, []TsEntry{{Key: "t", TsPoint: TsPoint{Ts: int64(i + 1), Value: int64(i)}}})
			return nil
		})
	}
	time.Sleep(200 * time.Millisecond) // the session's worker handles the changes
	stall.Unlock()
	w.expectClose(1008, "Max pending updates limit reached!")
}

func TestWSDropAndClose(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	s := New()
	hs := httptest.NewServer(s)
	tok := tenantToken(t, hs.URL)
	w := dialWS(t, hs.URL, "/api/ws")
	w.send(authMsg(tok, `{"type":"NOTIFICATIONS_COUNT","cmdId":1}`))
	w.recv()
	s.DropWebSockets()
	if _, err := w.read(); err == nil || websocket.CloseStatus(err) != -1 {
		t.Fatalf("after drop: %v (a drop sends no close frame)", err)
	}
	w2 := dialWS(t, hs.URL, "/api/ws")
	w2.send(authMsg(tok, ""))
	hs.Close()
	s.Close()
	if _, err := w2.read(); err == nil {
		t.Fatal("session open after Close")
	}
	hs.Client().CloseIdleConnections()
	goleak.VerifyNone(t, ignore)
}
