package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// famDevice sends a device API request and returns the status and body.
func famDevice(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func famLatest(srv *thingsboardtest.Server, id tb.EntityID) map[string]emulator.TsPoint {
	var out map[string]emulator.TsPoint
	srv.Emulator().Store().Read(func(tx *emulator.Tx) { out = tx.LatestTimeseries(id) })
	return out
}

func TestDeviceAPITelemetry(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	demo := srv.Demo()
	dev := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Test Device A1"))
	base := srv.URL + "/api/v1/A1_TEST_TOKEN"
	before := srv.Clock().Now().UnixMilli()

	status, body := famDevice(t, "POST", base+"/telemetry",
		`{"int":42,"exp":4.2e1,"double":42.0,"frac":21.5,"bool":true,"str":"hello","numstr":"17","fltstr":"1.25",`+
			`"obj":{"a":[1,2]},"arr":[1,"x"],"nothing":null,"big":123456789012345678901234567890}`)
	if status != 200 || body != "" {
		t.Fatalf("telemetry: %d %q", status, body)
	}
	latest := famLatest(srv, dev)
	want := map[string]any{
		"int": int64(42), "exp": int64(42), "double": 42.0, "frac": 21.5, "bool": true, "str": "hello",
		"numstr": int64(17), "fltstr": 1.25, "obj": json.RawMessage(`{"a":[1,2]}`), "arr": json.RawMessage(`[1,"x"]`),
		"big": "123456789012345678901234567890",
	}
	for k, v := range want {
		p, ok := latest[k]
		if !ok {
			t.Errorf("%s not stored", k)
			continue
		}
		if !reflect.DeepEqual(p.Value, v) {
			t.Errorf("%s = %#v (%T), want %#v (%T)", k, p.Value, p.Value, v, v)
		}
		if p.Ts < before {
			t.Errorf("%s ts %d before the request (%d)", k, p.Ts, before)
		}
	}
	if _, ok := latest["nothing"]; ok {
		t.Error("null value stored")
	}

	// Timestamped forms, one and several.
	status, _ = famDevice(t, "POST", base+"/telemetry", `{"ts":1700000000000,"values":{"temperature":20.5}}`)
	if status != 200 {
		t.Fatalf("timestamped: %d", status)
	}
	status, _ = famDevice(t, "POST", base+"/telemetry",
		`[{"ts":1700000001000,"values":{"temperature":21}},{"ts":1700000002000,"values":{"temperature":22,"humidity":50}}]`)
	if status != 200 {
		t.Fatalf("array: %d", status)
	}
	var series []emulator.TsPoint
	srv.Emulator().Store().Read(func(tx *emulator.Tx) { series = tx.Timeseries(dev, "temperature", 0, 1<<62) })
	wantSeries := []emulator.TsPoint{{Ts: 1700000000000, Value: 20.5}, {Ts: 1700000001000, Value: int64(21)}, {Ts: 1700000002000, Value: int64(22)}}
	if !reflect.DeepEqual(series, wantSeries) {
		t.Errorf("series %+v, want %+v", series, wantSeries)
	}

	// Activity, as the device state service records it.
	a, ok := famAttr(srv, dev, emulator.ServerScope, "active")
	if !ok || a.Value != true {
		t.Errorf("active %+v", a)
	}
	if la, ok := famAttr(srv, dev, emulator.ServerScope, "lastActivityTime"); !ok || la.Value.(int64) < before {
		t.Errorf("lastActivityTime %+v", la)
	}
	admin := famLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	if info, err := admin.Devices.GetInfo(t.Context(), dev.ID); err != nil || !info.Active {
		t.Errorf("info after telemetry %+v, %v", info, err)
	}

	// Unknown token: 401 with an empty body. Bad payloads: 400.
	if status, body := famDevice(t, "POST", srv.URL+"/api/v1/NO_SUCH_TOKEN/telemetry", `{"t":1}`); status != 401 || body != "" {
		t.Errorf("unknown token: %d %q", status, body)
	}
	for _, bad := range []string{`not json`, `42`, `[1,2]`, `{"a":1} {"b":2}`, ``} {
		if status, _ := famDevice(t, "POST", base+"/telemetry", bad); status != 400 {
			t.Errorf("payload %q: %d, want 400", bad, status)
		}
	}
}

func TestDeviceAPIAttributes(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	demo := srv.Demo()
	dev := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Thermostat T2"))
	base := srv.URL + "/api/v1/T2_TEST_TOKEN/attributes"

	if status, _ := famDevice(t, "POST", base, `{"firmware":"1.2.3","serial":"0042","rssi":-70,"cfg":{"mode":"eco"}}`); status != 200 {
		t.Fatalf("post attributes: %d", status)
	}
	if a, ok := famAttr(srv, dev, emulator.ClientScope, "serial"); !ok || a.Value != int64(42) {
		t.Errorf("serial %#v", a.Value)
	}
	if a, ok := famAttr(srv, dev, emulator.ClientScope, "cfg"); !ok || string(a.Value.(json.RawMessage)) != `{"mode":"eco"}` {
		t.Errorf("cfg %#v", a.Value)
	}
	if status, _ := famDevice(t, "POST", base, `[{"a":1}]`); status != 400 {
		t.Errorf("array of attributes: %d, want 400", status)
	}
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		tx.SaveAttributes(dev, emulator.SharedScope, []emulator.Attribute{{Key: "targetTemp", Value: 21.5}, {Key: "mode", Value: "heat"}})
		return nil
	})

	get := func(query string) map[string]map[string]any {
		t.Helper()
		status, body := famDevice(t, "GET", base+query, "")
		if status != 200 {
			t.Fatalf("GET %s: %d %s", query, status, body)
		}
		var out map[string]map[string]any
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("GET %s: %s: %v", query, body, err)
		}
		return out
	}
	all := get("")
	if len(all["client"]) != 4 || all["shared"]["targetTemp"] != 21.5 || all["client"]["firmware"] != "1.2.3" {
		t.Errorf("all attributes %v", all)
	}
	some := get("?clientKeys=firmware,rssi&sharedKeys=mode")
	wantSome := map[string]map[string]any{"client": {"firmware": "1.2.3", "rssi": -70.0}, "shared": {"mode": "heat"}}
	if !reflect.DeepEqual(some, wantSome) {
		t.Errorf("selected %v, want %v", some, wantSome)
	}
	onlyShared := get("?sharedKeys=targetTemp")
	if _, ok := onlyShared["client"]; ok || onlyShared["shared"]["targetTemp"] != 21.5 {
		t.Errorf("shared only %v", onlyShared)
	}
	if none := get("?clientKeys=nope"); len(none) != 0 {
		t.Errorf("no matching keys %v", none)
	}
	if status, body := famDevice(t, "GET", srv.URL+"/api/v1/NOPE/attributes", ""); status != 401 || body != "" {
		t.Errorf("unknown token: %d %q", status, body)
	}
	if a, ok := famAttr(srv, dev, emulator.ServerScope, "active"); !ok || a.Value != true {
		t.Errorf("active after attribute traffic %+v", a)
	}
}

// A device created through the REST API can post with its generated token, and a
// deleted device's token stops working.
func TestDeviceAPINewDevice(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Fresh"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.Devices.GetCredentials(ctx, d.ID.ID)
	if err != nil {
		t.Fatal(err)
	}
	url := srv.URL + "/api/v1/" + creds.CredentialsID + "/telemetry"
	if status, _ := famDevice(t, "POST", url, `{"t":1}`); status != 200 {
		t.Fatalf("new device telemetry: %d", status)
	}
	if got := famLatest(srv, d.ID); got["t"].Value != int64(1) {
		t.Errorf("latest %+v", got)
	}
	if err := c.Devices.Delete(ctx, d.ID.ID); err != nil {
		t.Fatal(err)
	}
	if status, _ := famDevice(t, "POST", url, `{"t":2}`); status != 401 {
		t.Errorf("deleted device's token: %d, want 401", status)
	}
}
