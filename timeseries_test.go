package thingsboard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTimeseriesKeys(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/keys/timeseries", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{})
		writeJSON(w, 200, `["temperature","humidity"]`)
	})
	got, err := c.Timeseries.Keys(context.Background(), testDevice)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"temperature", "humidity"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
}

func TestTimeseriesLatestStrings(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/timeseries", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{"keys": "temperature,on,cfg,missing"})
		writeJSON(w, 200, `{
			"temperature":[{"ts":1700000000000,"value":"21.5"}],
			"on":[{"ts":1700000000000,"value":"true"}],
			"cfg":[{"ts":1700000000000,"value":"{\"mode\":\"eco\"}"}],
			"missing":[{"ts":1700000000999,"value":null}]
		}`)
	})
	got, err := c.Timeseries.Latest(context.Background(), testDevice, LatestQuery{Keys: []string{"temperature", "on", "cfg", "missing"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]TsPoint{
		"temperature": {Ts: 1700000000000, Value: "21.5"},
		"on":          {Ts: 1700000000000, Value: "true"},
		"cfg":         {Ts: 1700000000000, Value: `{"mode":"eco"}`},
		"missing":     {Ts: 1700000000999, Value: nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("latest = %#v, want %#v", got, want)
	}
	if f, err := got["temperature"].Float64(); err != nil || f != 21.5 {
		t.Errorf("Float64 = %v, %v", f, err)
	}
	if b, err := got["on"].Bool(); err != nil || !b {
		t.Errorf("Bool = %v, %v", b, err)
	}
	var cfg map[string]string
	if err := got["cfg"].Decode(&cfg); err != nil || cfg["mode"] != "eco" {
		t.Errorf("Decode = %v, %v", cfg, err)
	}
}

func TestTimeseriesLatestStrict(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/timeseries", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"useStrictDataTypes": "true"})
		writeJSON(w, 200, `{"temperature":[{"ts":1700000000000,"value":21.5}],"count":[{"ts":1700000000000,"value":9007199254740993}],"on":[{"ts":1,"value":false}]}`)
	})
	got, err := c.Timeseries.Latest(context.Background(), testDevice, LatestQuery{UseStrictDataTypes: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]TsPoint{
		"temperature": {Ts: 1700000000000, Value: 21.5},
		"count":       {Ts: 1700000000000, Value: int64(9007199254740993)},
		"on":          {Ts: 1, Value: false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("latest = %#v, want %#v", got, want)
	}
}

func TestTimeseriesHistoryQuery(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/ASSET/a1/values/timeseries", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{
			"keys": "temperature,humidity", "startTs": "1700000000000", "endTs": "1700003600000",
			"agg": "AVG", "interval": "600000", "intervalType": "MILLISECONDS", "timeZone": "Europe/Kyiv",
			"limit": "500", "orderBy": "ASC", "useStrictDataTypes": "true",
		})
		writeJSON(w, 200, `{"temperature":[{"ts":1700000300000,"value":20.25},{"ts":1700000900000,"value":21.0}],"humidity":[{"ts":1700000300000,"value":40}]}`)
	})
	got, err := c.Timeseries.History(context.Background(), NewEntityID(EntityTypeAsset, "a1"), HistoryQuery{
		Keys: []string{"temperature", "humidity"}, StartTs: 1700000000000, EndTs: 1700003600000,
		Agg: AggAvg, Interval: 600000, IntervalType: IntervalMilliseconds, TimeZone: "Europe/Kyiv",
		Limit: 500, OrderBy: ASC, UseStrictDataTypes: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]TsPoint{
		"temperature": {{Ts: 1700000300000, Value: 20.25}, {Ts: 1700000900000, Value: 21.0}},
		"humidity":    {{Ts: 1700000300000, Value: int64(40)}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("history = %#v, want %#v", got, want)
	}
}

func TestTimeseriesHistoryMinimalQuery(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/timeseries", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"keys": "t", "startTs": "0", "endTs": "10"})
		writeJSON(w, 200, `{}`)
	})
	got, err := c.Timeseries.History(context.Background(), testDevice, HistoryQuery{Keys: []string{"t"}, EndTs: 10})
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("history = %v, %v", got, err)
	}
}

func TestTimeseriesSaveForms(t *testing.T) {
	tests := []struct {
		name string
		data TelemetryPayload
		opts *SaveTimeseriesOptions
		path string
		body string
	}{
		{"values", TelemetryValues{"temperature": 26, "on": true}, nil,
			"/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/timeseries/ANY",
			`{"temperature":26,"on":true}`},
		{"record", TelemetryRecord{Ts: 1634712287000, Values: map[string]any{"temperature": 26, "humidity": 87}}, &SaveTimeseriesOptions{},
			"/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/timeseries/ANY",
			`{"ts":1634712287000,"values":{"temperature":26,"humidity":87}}`},
		{"records with scope", TelemetryRecords{{Ts: 1634712287000, Values: map[string]any{"t": 26}}, {Ts: 1634712588000, Values: map[string]any{"t": 25}}},
			&SaveTimeseriesOptions{Scope: "TELEMETRY"},
			"/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/timeseries/TELEMETRY",
			`[{"ts":1634712287000,"values":{"t":26}},{"ts":1634712588000,"values":{"t":25}}]`},
		{"ttl", &TelemetryRecord{Ts: 5, Values: map[string]any{"t": "x"}}, &SaveTimeseriesOptions{TTL: 24 * time.Hour},
			"/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/timeseries/ANY/86400",
			`{"ts":5,"values":{"t":"x"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			called := false
			mux.HandleFunc(tt.path, func(w http.ResponseWriter, r *http.Request) {
				called = true
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, map[string]string{})
				testJSONBody(t, r, tt.body)
				w.WriteHeader(200)
			})
			if err := c.Timeseries.Save(context.Background(), testDevice, tt.data, tt.opts); err != nil {
				t.Fatal(err)
			}
			if !called {
				t.Fatal("handler not called")
			}
		})
	}
}

func TestTimeseriesSavePlainTextError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/timeseries/ANY", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, "No time series data found in request body!")
	})
	err := c.Timeseries.Save(context.Background(), testDevice, TelemetryValues{"k": 1}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Message != "No time series data found in request body!" || !apiErr.PlainText {
		t.Fatalf("err = %v", err)
	}
}

func TestTimeseriesDelete(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		opts  DeleteTimeseriesOptions
		query map[string]string
	}{
		{"all", []string{"a", "b"}, DeleteTimeseriesOptions{DeleteAllDataForKeys: true},
			map[string]string{"keys": "a,b", "deleteAllDataForKeys": "true"}},
		{"range", []string{"a"}, DeleteTimeseriesOptions{StartTs: 0, EndTs: 100, RewriteLatestIfDeleted: true},
			map[string]string{"keys": "a", "startTs": "0", "endTs": "100", "rewriteLatestIfDeleted": "true"}},
		{"keep latest", []string{"a"}, DeleteTimeseriesOptions{StartTs: 50, EndTs: 100, KeepLatest: true},
			map[string]string{"keys": "a", "startTs": "50", "endTs": "100", "deleteLatest": "false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			called := false
			mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/timeseries/delete", func(w http.ResponseWriter, r *http.Request) {
				called = true
				testMethod(t, r, http.MethodDelete)
				testQuery(t, r, tt.query)
				w.WriteHeader(200)
			})
			if err := c.Timeseries.Delete(context.Background(), testDevice, tt.keys, tt.opts); err != nil {
				t.Fatal(err)
			}
			if !called {
				t.Fatal("handler not called")
			}
		})
	}
}

func TestTimeseriesDeletePlainTextError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/timeseries/delete", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		io.WriteString(w, "System administrator is not allowed to perform this operation!")
	})
	err := c.Timeseries.Delete(context.Background(), testDevice, []string{"a"}, DeleteTimeseriesOptions{DeleteAllDataForKeys: true})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !errors.Is(err, ErrPermissionDenied) ||
		apiErr.Message != "System administrator is not allowed to perform this operation!" {
		t.Fatalf("err = %v", err)
	}
}

func TestTimeseriesInputValidation(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()
	var nilRecord *TelemetryRecord
	rec := TelemetryRecord{Ts: 1, Values: map[string]any{"a": 1}}
	hq := func(q HistoryQuery) error { _, err := c.Timeseries.History(ctx, testDevice, q); return err }
	checks := map[string]error{
		"Keys zero id":   func() error { _, err := c.Timeseries.Keys(ctx, EntityID{}); return err }(),
		"Latest zero id": func() error { _, err := c.Timeseries.Latest(ctx, EntityID{ID: "x"}, LatestQuery{}); return err }(),
		"Latest blank key": func() error {
			_, err := c.Timeseries.Latest(ctx, testDevice, LatestQuery{Keys: []string{""}})
			return err
		}(),
		"History no keys":   hq(HistoryQuery{EndTs: 10}),
		"History comma key": hq(HistoryQuery{Keys: []string{"a,b"}, EndTs: 10}),
		"History reversed":  hq(HistoryQuery{Keys: []string{"a"}, StartTs: 10, EndTs: 5}),
		"History negative":  hq(HistoryQuery{Keys: []string{"a"}, EndTs: 5, Limit: -1}),
		"History zero id": func() error {
			_, err := c.Timeseries.History(ctx, EntityID{}, HistoryQuery{Keys: []string{"a"}})
			return err
		}(),
		"Save nil":              c.Timeseries.Save(ctx, testDevice, nil, nil),
		"Save nil pointer":      c.Timeseries.Save(ctx, testDevice, nilRecord, nil),
		"Save nil values":       c.Timeseries.Save(ctx, testDevice, TelemetryValues(nil), nil),
		"Save blank key":        c.Timeseries.Save(ctx, testDevice, TelemetryValues{" ": 1}, nil),
		"Save nil value":        c.Timeseries.Save(ctx, testDevice, TelemetryValues{"a": nil}, nil),
		"Save record nil value": c.Timeseries.Save(ctx, testDevice, TelemetryRecord{Ts: 1, Values: map[string]any{"a": nil}}, nil),
		"Save ts and values":    c.Timeseries.Save(ctx, testDevice, TelemetryValues{"ts": 1, "values": 2}, nil),
		"Save record no ts":     c.Timeseries.Save(ctx, testDevice, TelemetryRecord{Values: map[string]any{"a": 1}}, nil),
		"Save record empty":     c.Timeseries.Save(ctx, testDevice, TelemetryRecord{Ts: 1}, nil),
		"Save records empty":    c.Timeseries.Save(ctx, testDevice, TelemetryRecords{}, nil),
		"Save records bad":      c.Timeseries.Save(ctx, testDevice, TelemetryRecords{rec, {Ts: 2}}, nil),
		"Save negative ttl":     c.Timeseries.Save(ctx, testDevice, rec, &SaveTimeseriesOptions{TTL: -time.Second}),
		"Save sub-second ttl":   c.Timeseries.Save(ctx, testDevice, rec, &SaveTimeseriesOptions{TTL: time.Millisecond}),
		"Save zero id":          c.Timeseries.Save(ctx, EntityID{}, rec, nil),
		"Delete no keys":        c.Timeseries.Delete(ctx, testDevice, nil, DeleteTimeseriesOptions{DeleteAllDataForKeys: true}),
		"Delete no range":       c.Timeseries.Delete(ctx, testDevice, []string{"a"}, DeleteTimeseriesOptions{}),
		"Delete reversed":       c.Timeseries.Delete(ctx, testDevice, []string{"a"}, DeleteTimeseriesOptions{StartTs: 10, EndTs: 5}),
		"Delete zero id":        c.Timeseries.Delete(ctx, EntityID{}, []string{"a"}, DeleteTimeseriesOptions{DeleteAllDataForKeys: true}),
		"Delete blank key":      c.Timeseries.Delete(ctx, testDevice, []string{"a", ""}, DeleteTimeseriesOptions{DeleteAllDataForKeys: true}),
		"Delete comma in keys":  c.Timeseries.Delete(ctx, testDevice, []string{"a,b"}, DeleteTimeseriesOptions{DeleteAllDataForKeys: true}),
	}
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "thingsboard: ") {
			t.Errorf("%s: error %q", name, err)
		}
	}
}
