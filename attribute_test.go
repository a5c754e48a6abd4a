package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const testDeviceUUID = "784f394c-42b6-435a-983c-b7beff2784f9"

var testDevice = NewEntityID(EntityTypeDevice, testDeviceUUID)

func TestAttributeKeys(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/keys/attributes", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{})
		writeJSON(w, 200, `["active","lastConnectTime","model"]`)
	})
	got, err := c.Attributes.Keys(context.Background(), testDevice)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"active", "lastConnectTime", "model"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
}

func TestAttributeKeysByScope(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/ASSET/a1/keys/attributes/SHARED_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		writeJSON(w, 200, `["targetTemperature"]`)
	})
	got, err := c.Attributes.KeysByScope(context.Background(), NewEntityID(EntityTypeAsset, "a1"), SharedScope)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"targetTemperature"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
}

func TestAttributeGetDecodesTypedValues(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/attributes", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{"keys": "fw,active,big,ratio,cfg,list,none"})
		writeJSON(w, 200, `[
			{"lastUpdateTs":1700000000001,"key":"fw","value":"1.2.3"},
			{"lastUpdateTs":1700000000002,"key":"active","value":true},
			{"lastUpdateTs":1700000000003,"key":"big","value":9007199254740993},
			{"lastUpdateTs":1700000000004,"key":"ratio","value":0.5},
			{"lastUpdateTs":1700000000005,"key":"cfg","value":{"mode":"eco","level":12345678901234567}},
			{"lastUpdateTs":1700000000006,"key":"list","value":[1,"two"]},
			{"lastUpdateTs":1700000000007,"key":"none","value":null}
		]`)
	})
	got, err := c.Attributes.Get(context.Background(), testDevice, "fw", "active", "big", "ratio", "cfg", "list", "none")
	if err != nil {
		t.Fatal(err)
	}
	want := []AttributeKV{
		{Key: "fw", Value: "1.2.3", LastUpdateTs: 1700000000001},
		{Key: "active", Value: true, LastUpdateTs: 1700000000002},
		{Key: "big", Value: int64(9007199254740993), LastUpdateTs: 1700000000003},
		{Key: "ratio", Value: 0.5, LastUpdateTs: 1700000000004},
		{Key: "cfg", Value: map[string]any{"mode": "eco", "level": json.Number("12345678901234567")}, LastUpdateTs: 1700000000005},
		{Key: "list", Value: []any{json.Number("1"), "two"}, LastUpdateTs: 1700000000006},
		{Key: "none", Value: nil, LastUpdateTs: 1700000000007},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attributes =\n%#v\nwant\n%#v", got, want)
	}
	if n, err := got[2].Int64(); err != nil || n != 9007199254740993 {
		t.Errorf("Int64 = %d, %v", n, err)
	}
	var cfg struct {
		Mode  string `json:"mode"`
		Level int64  `json:"level"`
	}
	if err := got[4].Decode(&cfg); err != nil || cfg.Mode != "eco" || cfg.Level != 12345678901234567 {
		t.Errorf("Decode = %+v, %v", cfg, err)
	}
	if s := got[4].String(); s != `{"level":12345678901234567,"mode":"eco"}` {
		t.Errorf("String = %s", s)
	}
	if got[0].LastUpdate().UnixMilli() != 1700000000001 {
		t.Errorf("LastUpdate = %v", got[0].LastUpdate())
	}
}

func TestAttributeGetAllKeysSendsNoQuery(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/attributes", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{})
		writeJSON(w, 200, `[]`)
	})
	got, err := c.Attributes.Get(context.Background(), testDevice)
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestAttributeGetByScope(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/values/attributes/CLIENT_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{"keys": "fw"})
		writeJSON(w, 200, `[{"lastUpdateTs":1609459200000,"key":"fw","value":"2.0"}]`)
	})
	got, err := c.Attributes.GetByScope(context.Background(), testDevice, ClientScope, "fw")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Key != "fw" || got[0].Value != "2.0" || got[0].LastUpdateTs != 1609459200000 {
		t.Fatalf("got %+v", got)
	}
	// The string holds a number: the numeric accessor parses it.
	if f, err := got[0].Float64(); err != nil || f != 2 {
		t.Errorf("Float64 = %v, %v", f, err)
	}
}

func TestAttributeSavePaths(t *testing.T) {
	attrs := map[string]any{"model": "T-1000", "maxTemp": 42, "calibrated": true, "limits": map[string]any{"lo": -5.5}, "serial": int64(math.MaxInt64)}
	const wantBody = `{"model":"T-1000","maxTemp":42,"calibrated":true,"limits":{"lo":-5.5},"serial":9223372036854775807}`
	tests := []struct {
		name string
		path string
		call func(c *Client) error
	}{
		{"Save", "/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/attributes/SERVER_SCOPE", func(c *Client) error {
			return c.Attributes.Save(context.Background(), testDevice, ServerScope, attrs)
		}},
		{"SaveV1", "/api/plugins/telemetry/DEVICE/" + testDeviceUUID + "/SHARED_SCOPE", func(c *Client) error {
			return c.Attributes.SaveV1(context.Background(), testDevice, SharedScope, attrs)
		}},
		{"SaveDevice", "/api/plugins/telemetry/" + testDeviceUUID + "/SERVER_SCOPE", func(c *Client) error {
			return c.Attributes.SaveDevice(context.Background(), testDeviceUUID, ServerScope, attrs)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			called := false
			mux.HandleFunc(tt.path, func(w http.ResponseWriter, r *http.Request) {
				called = true
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, map[string]string{})
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
				b, _ := io.ReadAll(r.Body)
				// The exact int64 must reach the server, not a float64 rounding of it.
				if !strings.Contains(string(b), `"serial":9223372036854775807`) {
					t.Errorf("body %s lost the int64", b)
				}
				r.Body = io.NopCloser(strings.NewReader(string(b)))
				testJSONBody(t, r, wantBody)
				w.WriteHeader(200)
			})
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if !called {
				t.Fatal("handler not called")
			}
		})
	}
}

func TestAttributeSavePlainTextErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/attributes/CLIENT_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		// The server writes the message as the whole body, without a JSON wrapper.
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(400)
		io.WriteString(w, "Invalid scope: CLIENT_SCOPE")
	})
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/attributes/SERVER_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		io.WriteString(w, "Device with requested id wasn't found!")
	})
	err := c.Attributes.Save(context.Background(), testDevice, ClientScope, map[string]any{"a": 1})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if apiErr.StatusCode != 400 || apiErr.Message != "Invalid scope: CLIENT_SCOPE" || !apiErr.PlainText || apiErr.Code != CodeBadRequestParams {
		t.Errorf("error = %+v", apiErr)
	}
	if !errors.Is(err, ErrBadRequest) {
		t.Error("not ErrBadRequest")
	}
	err = c.Attributes.Save(context.Background(), testDevice, ServerScope, map[string]any{"a": 1})
	if !errors.As(err, &apiErr) || apiErr.Message != "Device with requested id wasn't found!" || !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

func TestAttributeScopeJSONError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/keys/attributes/BAD_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status":400,"message":"Failed to convert value of type 'java.lang.String' to required type 'org.thingsboard.server.common.data.AttributeScope'","errorCode":31,"timestamp":1700000000000}`)
	})
	_, err := c.Attributes.KeysByScope(context.Background(), testDevice, "BAD_SCOPE")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeBadRequestParams || apiErr.PlainText || apiErr.Timestamp != 1700000000000 {
		t.Fatalf("err = %#v", err)
	}
}

func TestAttributeDelete(t *testing.T) {
	c, mux := setup(t)
	calls := 0
	mux.HandleFunc("/api/plugins/telemetry/ASSET/a1/SERVER_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		calls++
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, map[string]string{"keys": "x,y"})
		w.WriteHeader(200)
	})
	mux.HandleFunc("/api/plugins/telemetry/"+testDeviceUUID+"/CLIENT_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		calls++
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, map[string]string{"keys": "fw"})
		w.WriteHeader(200)
	})
	if err := c.Attributes.Delete(context.Background(), NewEntityID(EntityTypeAsset, "a1"), ServerScope, "x", "y"); err != nil {
		t.Fatal(err)
	}
	if err := c.Attributes.DeleteDevice(context.Background(), testDeviceUUID, ClientScope, "fw"); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Fatalf("calls = %d", calls)
	}
}

func TestAttributeDeleteEmptyKeysPlainText(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/plugins/telemetry/DEVICE/"+testDeviceUUID+"/SERVER_SCOPE", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		io.WriteString(w, "You don't have permission to perform this operation!")
	})
	err := c.Attributes.Delete(context.Background(), testDevice, ServerScope, "k")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !errors.Is(err, ErrPermissionDenied) ||
		apiErr.Message != "You don't have permission to perform this operation!" {
		t.Fatalf("err = %v", err)
	}
}

func TestAttributeInputValidation(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()
	attrs := map[string]any{"a": 1}
	checks := map[string]error{
		"Keys no type":          func() error { _, err := c.Attributes.Keys(ctx, EntityID{ID: "x"}); return err }(),
		"Keys no id":            func() error { _, err := c.Attributes.Keys(ctx, EntityID{EntityType: EntityTypeDevice}); return err }(),
		"KeysByScope no scope":  func() error { _, err := c.Attributes.KeysByScope(ctx, testDevice, ""); return err }(),
		"Get blank key":         func() error { _, err := c.Attributes.Get(ctx, testDevice, " "); return err }(),
		"Get comma key":         func() error { _, err := c.Attributes.Get(ctx, testDevice, "a,b"); return err }(),
		"GetByScope no scope":   func() error { _, err := c.Attributes.GetByScope(ctx, testDevice, ""); return err }(),
		"Save nil map":          c.Attributes.Save(ctx, testDevice, ServerScope, nil),
		"Save empty map":        c.Attributes.Save(ctx, testDevice, ServerScope, map[string]any{}),
		"Save blank key":        c.Attributes.Save(ctx, testDevice, ServerScope, map[string]any{"  ": 1}),
		"Save no scope":         c.Attributes.Save(ctx, testDevice, "", attrs),
		"Save nil value":        c.Attributes.Save(ctx, testDevice, ServerScope, map[string]any{"a": nil}),
		"Save zero id":          c.Attributes.Save(ctx, EntityID{}, ServerScope, attrs),
		"SaveV1 nil map":        c.Attributes.SaveV1(ctx, testDevice, ServerScope, nil),
		"SaveV1 zero id":        c.Attributes.SaveV1(ctx, EntityID{}, ServerScope, attrs),
		"SaveDevice empty id":   c.Attributes.SaveDevice(ctx, "", ServerScope, attrs),
		"SaveDevice nil map":    c.Attributes.SaveDevice(ctx, testDeviceUUID, ServerScope, nil),
		"Delete no keys":        c.Attributes.Delete(ctx, testDevice, ServerScope),
		"Delete no scope":       c.Attributes.Delete(ctx, testDevice, "", "k"),
		"Delete zero id":        c.Attributes.Delete(ctx, EntityID{}, ServerScope, "k"),
		"DeleteDevice no keys":  c.Attributes.DeleteDevice(ctx, testDeviceUUID, ServerScope),
		"DeleteDevice empty id": c.Attributes.DeleteDevice(ctx, "", ServerScope, "k"),
		"DeleteDevice no scope": c.Attributes.DeleteDevice(ctx, testDeviceUUID, "", "k"),
	}
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "thingsboard: ") {
			t.Errorf("%s: error %q", name, err)
		}
	}
}

func TestKVAccessors(t *testing.T) {
	type want struct {
		s       string
		f       float64
		fErr    bool
		i       int64
		iErr    bool
		b       bool
		bErr    bool
		jsonOut string // Decode into any, re-encoded
	}
	tests := []struct {
		in   string
		want want
	}{
		{`"21.5"`, want{s: "21.5", f: 21.5, i: 0, iErr: true, bErr: true, jsonOut: `21.5`}},
		{`21.5`, want{s: "21.5", f: 21.5, iErr: true, bErr: true, jsonOut: `21.5`}},
		{`"42"`, want{s: "42", f: 42, i: 42, bErr: true, jsonOut: `42`}},
		{`42`, want{s: "42", f: 42, i: 42, bErr: true, jsonOut: `42`}},
		{`42.0`, want{s: "42", f: 42, i: 42, bErr: true, jsonOut: `42`}},
		{`"9223372036854775807"`, want{s: "9223372036854775807", f: 9223372036854775807, i: math.MaxInt64, bErr: true, jsonOut: `9223372036854776000`}}, // into any: a float64, as json.Unmarshal does
		{`true`, want{s: "true", fErr: true, iErr: true, b: true, jsonOut: `true`}},
		{`"false"`, want{s: "false", fErr: true, iErr: true, b: false, jsonOut: `false`}},
		{`"hello"`, want{s: "hello", fErr: true, iErr: true, bErr: true, jsonOut: `"hello"`}},
		{`"{\"a\":1}"`, want{s: `{"a":1}`, fErr: true, iErr: true, bErr: true, jsonOut: `{"a":1}`}},
		{`{"a":1}`, want{s: `{"a":1}`, fErr: true, iErr: true, bErr: true, jsonOut: `{"a":1}`}},
		{`null`, want{s: "", fErr: true, iErr: true, bErr: true, jsonOut: `null`}},
	}
	for _, tt := range tests {
		var v TsPoint
		if err := json.Unmarshal([]byte(`{"ts":5,"value":`+tt.in+`}`), &v); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		var a AttributeKV
		if err := json.Unmarshal([]byte(`{"key":"k","lastUpdateTs":5,"value":`+tt.in+`}`), &a); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if v.Ts != 5 || a.LastUpdateTs != 5 || v.Time().UnixMilli() != 5 {
			t.Errorf("%s: timestamps %d %d", tt.in, v.Ts, a.LastUpdateTs)
		}
		for _, acc := range []interface {
			String() string
			Float64() (float64, error)
			Int64() (int64, error)
			Bool() (bool, error)
			Decode(any) error
		}{v, a} {
			if s := acc.String(); s != tt.want.s {
				t.Errorf("%s: String = %q, want %q", tt.in, s, tt.want.s)
			}
			if f, err := acc.Float64(); (err != nil) != tt.want.fErr || (err == nil && f != tt.want.f) {
				t.Errorf("%s: Float64 = %v, %v", tt.in, f, err)
			}
			if i, err := acc.Int64(); (err != nil) != tt.want.iErr || (err == nil && i != tt.want.i) {
				t.Errorf("%s: Int64 = %v, %v", tt.in, i, err)
			}
			if b, err := acc.Bool(); (err != nil) != tt.want.bErr || (err == nil && b != tt.want.b) {
				t.Errorf("%s: Bool = %v, %v", tt.in, b, err)
			}
			var out any
			if err := acc.Decode(&out); err != nil {
				t.Errorf("%s: Decode: %v", tt.in, err)
			}
			if b, _ := json.Marshal(out); string(b) != tt.want.jsonOut {
				t.Errorf("%s: Decode = %s, want %s", tt.in, b, tt.want.jsonOut)
			}
		}
	}
	// A string that is not JSON decodes into a string target; a numeric string into a number.
	var s string
	if err := (TsPoint{Value: "42"}).Decode(&s); err != nil || s != "42" {
		t.Errorf("Decode string = %q, %v", s, err)
	}
	var n float64
	if err := (TsPoint{Value: "42"}).Decode(&n); err != nil || n != 42 {
		t.Errorf("Decode number = %v, %v", n, err)
	}
}

func TestKVValueRejectsBadJSON(t *testing.T) {
	var a AttributeKV
	if err := json.Unmarshal([]byte(`{"key":"k","value":{"a":}}`), &a); err == nil {
		t.Error("bad JSON accepted")
	}
	var v TsPoint
	if err := json.Unmarshal([]byte(`{"ts":"x","value":1}`), &v); err == nil {
		t.Error("string ts accepted")
	}
}
