package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// tmEnv is a running emulator with a logged-in tenant administrator. Exchanges
// through srv are checked against the API specification; requests the specification
// forbids (bad scopes, malformed bodies) go to the same emulator through uncheckedURL.
type tmEnv struct {
	srv          *thingsboardtest.Server
	tenant       *tb.Client
	unchecked    *tb.Client // the tenant administrator, through uncheckedURL
	uncheckedURL string
	dev          tb.EntityID // Test Device A1, assigned to Customer A
}

func newTMEnv(t *testing.T) *tmEnv {
	t.Helper()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithClock(thingsboardtest.NewClock(time.UnixMilli(1_700_000_000_000))))
	raw := httptest.NewServer(srv.Emulator())
	t.Cleanup(raw.Close)
	tenant := tmLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	unchecked, err := tb.NewClient(raw.URL, tb.WithToken(tenant.Tokens().Token, tenant.Tokens().RefreshToken), tb.WithRetry(tb.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return &tmEnv{
		srv:          srv,
		tenant:       tenant,
		unchecked:    unchecked,
		uncheckedURL: raw.URL,
		dev:          tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID("Test Device A1")),
	}
}

func tmLogin(t *testing.T, srv *thingsboardtest.Server, user, pass string) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL, tb.WithRetry(tb.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), user, pass); err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	return c
}

// wantAPIError fails unless err is an *APIError with the status and message.
func wantAPIError(t *testing.T, err error, status int, message string, plain bool) {
	t.Helper()
	var e *tb.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *APIError %d %q", err, status, message)
	}
	if e.StatusCode != status || e.Message != message || e.PlainText != plain {
		t.Fatalf("error = %d %q (plain text %v), want %d %q (plain text %v)", e.StatusCode, e.Message, e.PlainText, status, message, plain)
	}
}

// rawRequest sends a request with the client's token and returns status and body.
func rawRequest(t *testing.T, c *tb.Client, method, url, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Authorization", "Bearer "+c.Tokens().Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAttributesRoundTripTypedValues(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	attrs := map[string]any{
		"model":    "T-1000",
		"floors":   12,
		"big":      int64(math.MaxInt64),
		"ratio":    0.25,
		"whole":    json.Number("42.0"),
		"on":       true,
		"numText":  "17",
		"text":     "17a",
		"cfg":      map[string]any{"mode": "eco", "levels": []any{1, 2}},
		"list":     []any{"a", 1},
		"huge":     json.Number("123456789012345678901234567890"),
		"expo":     json.Number("4.2e1"),
		"longFrac": "0.12345678901234567",
	}
	if err := env.tenant.Attributes.Save(ctx, env.dev, tb.SharedScope, attrs); err != nil {
		t.Fatal(err)
	}
	got, err := env.tenant.Attributes.GetByScope(ctx, env.dev, tb.SharedScope)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]tb.AttributeKV{}
	for _, a := range got {
		byKey[a.Key] = a
		if a.LastUpdateTs != 1_700_000_000_000 {
			if d := a.LastUpdateTs - 1_700_000_000_000; d < 0 || d > 60_000 {
				t.Errorf("%s: lastUpdateTs %d", a.Key, a.LastUpdateTs)
			}
		}
	}
	want := map[string]any{
		"model":    "T-1000",
		"floors":   int64(12),
		"big":      int64(math.MaxInt64),
		"ratio":    0.25,
		"whole":    42.0,
		"on":       true,
		"numText":  int64(17), // numeric strings are stored as numbers
		"text":     "17a",
		"cfg":      map[string]any{"mode": "eco", "levels": []any{json.Number("1"), json.Number("2")}},
		"list":     []any{"a", json.Number("1")},
		"huge":     "123456789012345678901234567890", // beyond long: kept as a string
		"expo":     int64(42),                        // integral in exponent notation: a long
		"longFrac": "0.12345678901234567",            // more than 16 decimals: a string
	}
	if len(byKey) != len(want) {
		t.Fatalf("got %d attributes: %+v", len(byKey), got)
	}
	for k, v := range want {
		if !reflect.DeepEqual(byKey[k].Value, v) {
			t.Errorf("%s = %#v, want %#v", k, byKey[k].Value, v)
		}
	}
	// Keys are sorted within a scope, and a double keeps its ".0".
	status, body := rawRequest(t, env.tenant, "GET", env.srv.URL+"/api/plugins/telemetry/DEVICE/"+env.dev.ID+"/values/attributes/SHARED_SCOPE?keys=whole,cfg", "")
	if status != 200 || !strings.Contains(body, `"key":"whole","value":42.0}`) || !strings.Contains(body, `"value":{"levels":[1,2],"mode":"eco"}`) {
		t.Errorf("raw answer %d %s", status, body)
	}
}

func TestAttributeScopesKeysAndOrder(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	// The demo device has server attributes ("active", ...); add shared ones.
	if err := env.tenant.Attributes.SaveV1(ctx, env.dev, tb.SharedScope, map[string]any{"b": 1, "a": 2}); err != nil {
		t.Fatal(err)
	}
	if err := env.tenant.Attributes.SaveDevice(ctx, env.dev.ID, tb.ServerScope, map[string]any{"zeta": "z"}); err != nil {
		t.Fatal(err)
	}
	all, err := env.tenant.Attributes.Keys(ctx, env.dev)
	if err != nil {
		t.Fatal(err)
	}
	server, err := env.tenant.Attributes.KeysByScope(ctx, env.dev, tb.ServerScope)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := env.tenant.Attributes.KeysByScope(ctx, env.dev, tb.SharedScope)
	if err != nil {
		t.Fatal(err)
	}
	client, err := env.tenant.Attributes.KeysByScope(ctx, env.dev, tb.ClientScope)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(shared, []string{"a", "b"}) || len(client) != 0 || !contains(server, "zeta") || !contains(server, "active") {
		t.Fatalf("server %v shared %v client %v", server, shared, client)
	}
	if want := append(append([]string{}, server...), shared...); !reflect.DeepEqual(all, want) {
		t.Errorf("all keys %v, want server then shared keys %v", all, want)
	}
	// All-scope values follow the same order; keys select.
	vals, err := env.tenant.Attributes.Get(ctx, env.dev, "a", "zeta", "missing")
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 2 || vals[0].Key != "zeta" || vals[1].Key != "a" {
		t.Errorf("values %+v", vals)
	}
	// Delete through both paths; unknown keys are ignored.
	if err := env.tenant.Attributes.Delete(ctx, env.dev, tb.SharedScope, "a", "nope"); err != nil {
		t.Fatal(err)
	}
	if err := env.tenant.Attributes.DeleteDevice(ctx, env.dev.ID, tb.ServerScope, "zeta"); err != nil {
		t.Fatal(err)
	}
	vals, err = env.tenant.Attributes.Get(ctx, env.dev, "a", "b", "zeta")
	if err != nil || len(vals) != 1 || vals[0].Key != "b" {
		t.Fatalf("after delete: %+v, %v", vals, err)
	}
}

func TestAttributeErrorsArePlainText(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	err := env.unchecked.Attributes.Save(ctx, env.dev, tb.ClientScope, map[string]any{"a": 1})
	wantAPIError(t, err, 400, "Invalid scope: CLIENT_SCOPE", true)

	missing := tb.NewEntityID(tb.EntityTypeDevice, "784f394c-42b6-435a-983c-b7beff2784f9")
	err = env.tenant.Attributes.Save(ctx, missing, tb.ServerScope, map[string]any{"a": 1})
	wantAPIError(t, err, 404, "Device with requested id wasn't found!", true)
	if !errors.Is(err, tb.ErrNotFound) {
		t.Error("not ErrNotFound")
	}
	_, err = env.tenant.Attributes.Get(ctx, tb.NewEntityID(tb.EntityTypeAsset, missing.ID))
	wantAPIError(t, err, 404, "Asset with requested id wasn't found!", true)

	// A bad scope in the path is Spring's JSON type-mismatch error.
	_, err = env.unchecked.Attributes.KeysByScope(ctx, env.dev, "BAD_SCOPE")
	var apiErr *tb.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != tb.CodeBadRequestParams || apiErr.PlainText ||
		!strings.Contains(apiErr.Message, "AttributeScope") {
		t.Fatalf("bad scope: %#v", err)
	}
	// A bad entity id or type is a JSON 400 too.
	_, err = env.tenant.Attributes.Keys(ctx, tb.NewEntityID(tb.EntityTypeDevice, "123"))
	wantAPIError(t, err, 400, "Invalid UUID string: 123", false)
	_, err = env.tenant.Attributes.Keys(ctx, tb.NewEntityID("device", env.dev.ID))
	wantAPIError(t, err, 400, "No enum constant org.thingsboard.server.common.data.EntityType.device", false)

	// Bodies the client would refuse, sent raw.
	base := env.uncheckedURL + "/api/plugins/telemetry/DEVICE/" + env.dev.ID + "/attributes/SERVER_SCOPE"
	for _, tt := range []struct {
		body, want string
		status     int
	}{
		{`{"a":`, "Invalid JSON", 400},
		{`[1,2]`, "Request is not a JSON object", 400},
		{`{}`, "No attributes data found in request body!", 400},
		{`{" ":1}`, "Key cannot be blank", 400},
	} {
		if status, body := rawRequest(t, env.tenant, "POST", base, tt.body); status != tt.status || body != tt.want {
			t.Errorf("%s: %d %q, want %d %q", tt.body, status, body, tt.status, tt.want)
		}
	}
	// A null value makes the server's converter throw: a JSON 500.
	if status, body := rawRequest(t, env.tenant, "POST", base, `{"a":null}`); status != 500 || !strings.Contains(body, `"message":"Can't parse value: null"`) {
		t.Errorf("null value: %d %s", status, body)
	}
	// Deleting without keys.
	if status, body := rawRequest(t, env.tenant, "DELETE", base[:strings.LastIndex(base, "/attributes")]+"/SERVER_SCOPE", ""); status != 400 || body != "Empty keys: []" {
		t.Errorf("delete without keys: %d %q", status, body)
	}
}

func TestTelemetryAccessControl(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	sys := tmLogin(t, env.srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	custA := tmLogin(t, env.srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	custB := tmLogin(t, env.srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)

	_, err := sys.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{})
	wantAPIError(t, err, 403, "System administrator is not allowed to perform this operation!", true)
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Error("not ErrPermissionDenied")
	}
	// The sysadmin may read tenant attributes.
	if _, err := sys.Attributes.Get(ctx, tb.NewEntityID(tb.EntityTypeTenant, env.srv.Demo().TenantID)); err != nil {
		t.Errorf("sysadmin on tenant: %v", err)
	}

	// Customer A's user reaches Customer A's device, also for writes.
	if err := custA.Timeseries.Save(ctx, env.dev, tb.TelemetryValues{"t": 1}, nil); err != nil {
		t.Fatalf("customer A save: %v", err)
	}
	if err := custA.Attributes.Save(ctx, env.dev, tb.ServerScope, map[string]any{"x": 1}); err != nil {
		t.Fatalf("customer A attributes: %v", err)
	}
	// Customer B's user does not.
	_, err = custB.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{})
	wantAPIError(t, err, 403, "You don't have permission to perform this operation!", true)
	err = custB.Attributes.Save(ctx, env.dev, tb.ServerScope, map[string]any{"x": 1})
	wantAPIError(t, err, 403, "You don't have permission to perform this operation!", true)
	// Nor a tenant-owned device.
	dht := tb.NewEntityID(tb.EntityTypeDevice, env.srv.Demo().DeviceID("DHT11 Demo Device"))
	_, err = custA.Attributes.Get(ctx, dht)
	wantAPIError(t, err, 403, "You don't have permission to perform this operation!", true)
	// A customer user reads its own customer's attributes but may not write them.
	custAID := tb.NewEntityID(tb.EntityTypeCustomer, env.srv.Demo().CustomerID("Customer A"))
	if _, err := custA.Attributes.Get(ctx, custAID); err != nil {
		t.Errorf("own customer: %v", err)
	}
	err = custA.Attributes.Save(ctx, custAID, tb.ServerScope, map[string]any{"x": 1})
	wantAPIError(t, err, 403, "You don't have permission to perform this operation!", true)
	// Tenants: customer users are refused outright; tenant admins may only read.
	tenantID := tb.NewEntityID(tb.EntityTypeTenant, env.srv.Demo().TenantID)
	_, err = custA.Attributes.Keys(ctx, tenantID)
	wantAPIError(t, err, 403, "Customer user is not allowed to perform this operation!", true)
	if _, err := env.tenant.Attributes.Keys(ctx, tenantID); err != nil {
		t.Errorf("tenant reads its tenant: %v", err)
	}
	err = env.tenant.Attributes.Save(ctx, tenantID, tb.ServerScope, map[string]any{"x": 1})
	wantAPIError(t, err, 403, "You don't have permission to perform this operation!", true)
	// Entity types the access validator does not support.
	_, err = env.tenant.Attributes.Keys(ctx, tb.NewEntityID(tb.EntityTypeDashboard, env.dev.ID))
	wantAPIError(t, err, 500, "Not Implemented!", false)
}

func TestTimeseriesStringsAndStrictTypes(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	err := env.tenant.Timeseries.Save(ctx, env.dev, tb.TelemetryRecord{Ts: 1000, Values: map[string]any{
		"temperature": 21.5,
		"count":       7,
		"whole":       json.Number("42.0"),
		"on":          true,
		"label":       "hot",
		"numText":     "3.25",
		"cfg":         map[string]any{"mode": "eco", "limit": 1.50},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := env.tenant.Timeseries.Keys(ctx, env.dev)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"cfg", "count", "label", "numText", "on", "temperature", "whole"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	loose, err := env.tenant.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{})
	if err != nil {
		t.Fatal(err)
	}
	wantLoose := map[string]tb.TsPoint{
		"temperature": {Ts: 1000, Value: "21.5"},
		"count":       {Ts: 1000, Value: "7"},
		"whole":       {Ts: 1000, Value: "42.0"},
		"on":          {Ts: 1000, Value: "true"},
		"label":       {Ts: 1000, Value: "hot"},
		"numText":     {Ts: 1000, Value: "3.25"},
		"cfg":         {Ts: 1000, Value: `{"limit":1.5,"mode":"eco"}`}, // the client encodes maps with sorted keys
	}
	if !reflect.DeepEqual(loose, wantLoose) {
		t.Errorf("latest strings\n%#v\nwant\n%#v", loose, wantLoose)
	}
	strict, err := env.tenant.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{UseStrictDataTypes: true, Keys: []string{"temperature", "count", "whole", "on", "numText", "cfg"}})
	if err != nil {
		t.Fatal(err)
	}
	wantStrict := map[string]tb.TsPoint{
		"temperature": {Ts: 1000, Value: 21.5},
		"count":       {Ts: 1000, Value: int64(7)},
		"whole":       {Ts: 1000, Value: 42.0},
		"on":          {Ts: 1000, Value: true},
		"numText":     {Ts: 1000, Value: 3.25},
		"cfg":         {Ts: 1000, Value: map[string]any{"mode": "eco", "limit": json.Number("1.5")}},
	}
	if !reflect.DeepEqual(strict, wantStrict) {
		t.Errorf("latest strict\n%#v\nwant\n%#v", strict, wantStrict)
	}
	// The accessors read both forms alike.
	for _, v := range []tb.TsPoint{loose["temperature"], strict["temperature"]} {
		if f, err := v.Float64(); err != nil || f != 21.5 {
			t.Errorf("Float64 %v: %v %v", v, f, err)
		}
	}
	for _, v := range []tb.TsPoint{loose["on"], strict["on"]} {
		if b, err := v.Bool(); err != nil || !b {
			t.Errorf("Bool %v: %v %v", v, b, err)
		}
	}
	// A requested key without data answers a null value at the server's time.
	got, err := env.tenant.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{Keys: []string{"nothing"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := got["nothing"]; !ok || v.Value != nil || v.Ts < 1_700_000_000_000 {
		t.Errorf("missing key: %+v", got)
	}
}

func TestTimeseriesPayloadFormsAndLatest(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	// Values without a timestamp take the server's time.
	if err := env.tenant.Timeseries.Save(ctx, env.dev, tb.TelemetryValues{"a": 1}, nil); err != nil {
		t.Fatal(err)
	}
	// A list of records, with a TTL; an older point does not replace the latest value.
	recs := tb.TelemetryRecords{
		{Ts: 2_000_000_000_000, Values: map[string]any{"b": 2}},
		{Ts: 1_000, Values: map[string]any{"a": 0, "b": 1}},
	}
	if err := env.tenant.Timeseries.Save(ctx, env.dev, recs, &tb.SaveTimeseriesOptions{TTL: time.Hour}); err != nil {
		t.Fatal(err)
	}
	latest, err := env.tenant.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{UseStrictDataTypes: true})
	if err != nil {
		t.Fatal(err)
	}
	if a := latest["a"]; a.Value != int64(1) || a.Ts < 1_700_000_000_000 || a.Ts > 1_700_000_060_000 {
		t.Errorf("a = %+v", a)
	}
	if b := latest["b"]; b.Value != int64(2) || b.Ts != 2_000_000_000_000 {
		t.Errorf("b = %+v", b)
	}
	hist, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"a"}, StartTs: 0, EndTs: 1_800_000_000_000, OrderBy: tb.ASC})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist["a"]) != 2 || hist["a"][0].Ts != 1000 || hist["a"][0].Value != "0" {
		t.Errorf("history a = %+v", hist)
	}
}

func TestTimeseriesHistoryRawQueries(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	var recs tb.TelemetryRecords
	for i := int64(0); i < 10; i++ {
		recs = append(recs, tb.TelemetryRecord{Ts: 1000 + i*100, Values: map[string]any{"v": i}})
	}
	if err := env.tenant.Timeseries.Save(ctx, env.dev, recs, nil); err != nil {
		t.Fatal(err)
	}
	tss := func(vals []tb.TsPoint) []int64 {
		var out []int64
		for _, v := range vals {
			out = append(out, v.Ts)
		}
		return out
	}
	// Default order is DESC; the end is exclusive.
	h, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"v"}, StartTs: 1000, EndTs: 1500})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1400, 1300, 1200, 1100, 1000}; !reflect.DeepEqual(tss(h["v"]), want) {
		t.Errorf("DESC = %v, want %v", tss(h["v"]), want)
	}
	// Limit, ASC order.
	h, err = env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"v", "none"}, StartTs: 0, EndTs: 10_000, Limit: 3, OrderBy: tb.ASC})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1000, 1100, 1200}; !reflect.DeepEqual(tss(h["v"]), want) || len(h) != 1 {
		t.Errorf("ASC limit 3 = %v (%v)", tss(h["v"]), h)
	}
	// The default limit is 100.
	var many tb.TelemetryRecords
	for i := int64(0); i < 150; i++ {
		many = append(many, tb.TelemetryRecord{Ts: 5000 + i, Values: map[string]any{"w": i}})
	}
	if err := env.tenant.Timeseries.Save(ctx, env.dev, many, nil); err != nil {
		t.Fatal(err)
	}
	h, err = env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"w"}, StartTs: 0, EndTs: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	if len(h["w"]) != 100 || h["w"][0].Ts != 5149 {
		t.Errorf("default limit: %d points, first %d", len(h["w"]), h["w"][0].Ts)
	}
	// The 4.3.1.2 history path answers the same.
	status, body := rawRequest(t, env.tenant, "GET", env.srv.URL+"/api/plugins/telemetry/DEVICE/"+env.dev.ID+"/values/timeseries/history?keys=v&startTs=1000&endTs=1200&useStrictDataTypes=true", "")
	if status != 200 || body != `{"v":[{"ts":1100,"value":1},{"ts":1000,"value":0}]}` {
		t.Errorf("history path: %d %s", status, body)
	}
}

func TestTimeseriesAggregation(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	// Bucket [0,1000): 1, 2, 4.5; bucket [1000,2000): 10, 20; bucket [2000,3000): empty;
	// bucket [3000,3500): "b", "a" (strings only).
	recs := tb.TelemetryRecords{
		{Ts: 0, Values: map[string]any{"x": 1}},
		{Ts: 100, Values: map[string]any{"x": 2}},
		{Ts: 900, Values: map[string]any{"x": 4.5}},
		{Ts: 1000, Values: map[string]any{"x": 10}},
		{Ts: 1999, Values: map[string]any{"x": 20}},
		{Ts: 3100, Values: map[string]any{"x": "b"}},
		{Ts: 3200, Values: map[string]any{"x": "a"}},
	}
	recs[0].Ts = 1 // a zero timestamp is refused by the client; 1 stays in the first bucket
	if err := env.tenant.Timeseries.Save(ctx, env.dev, recs, nil); err != nil {
		t.Fatal(err)
	}
	run := func(agg tb.Aggregation) []tb.TsPoint {
		t.Helper()
		h, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{
			Keys: []string{"x"}, StartTs: 0, EndTs: 3500, Agg: agg, Interval: 1000, UseStrictDataTypes: true})
		if err != nil {
			t.Fatalf("%s: %v", agg, err)
		}
		return h["x"]
	}
	// Bucket timestamps are the middle of each interval; the last interval ends at endTs.
	tests := []struct {
		agg  tb.Aggregation
		want []tb.TsPoint
	}{
		{tb.AggAvg, []tb.TsPoint{{Ts: 500, Value: 2.5}, {Ts: 1500, Value: 15.0}, {Ts: 3250, Value: 0.0}}},
		{tb.AggSum, []tb.TsPoint{{Ts: 500, Value: 7.5}, {Ts: 1500, Value: int64(30)}, {Ts: 3250, Value: int64(0)}}},
		{tb.AggMin, []tb.TsPoint{{Ts: 500, Value: 1.0}, {Ts: 1500, Value: int64(10)}, {Ts: 3250, Value: "a"}}},
		{tb.AggMax, []tb.TsPoint{{Ts: 500, Value: 4.5}, {Ts: 1500, Value: int64(20)}, {Ts: 3250, Value: "b"}}},
		{tb.AggCount, []tb.TsPoint{{Ts: 500, Value: int64(3)}, {Ts: 1500, Value: int64(2)}, {Ts: 3250, Value: int64(2)}}},
	}
	for _, tt := range tests {
		if got := run(tt.agg); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %+v, want %+v", tt.agg, got, tt.want)
		}
	}
	// Without strict types the aggregates are strings as the server writes them.
	h, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"x"}, StartTs: 1000, EndTs: 2000, Agg: tb.AggAvg, Interval: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(h["x"]) != 1 || h["x"][0].Value != "15.0" || h["x"][0].Ts != 1500 {
		t.Errorf("string AVG = %+v", h)
	}
	// An aggregation without an interval returns raw points.
	h, err = env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"x"}, StartTs: 0, EndTs: 1000, Agg: tb.AggMax})
	if err != nil || len(h["x"]) != 3 {
		t.Errorf("agg without interval = %+v, %v", h, err)
	}
	// Too many intervals.
	_, err = env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"x"}, StartTs: 0, EndTs: 10_000_000, Agg: tb.AggMax, Interval: 1000})
	wantAPIError(t, err, 400, "Incorrect TsKvQuery. Number of intervals is to high - 10000. Please increase 'interval' parameter for your query or reduce the time range of the query.", true)
}

func TestTimeseriesCalendarAggregation(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	day := func(s string) int64 {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	recs := tb.TelemetryRecords{
		{Ts: day("2024-01-10"), Values: map[string]any{"m": 1}},
		{Ts: day("2024-01-20"), Values: map[string]any{"m": 3}},
		{Ts: day("2024-02-05"), Values: map[string]any{"m": 10}},
	}
	if err := env.tenant.Timeseries.Save(ctx, env.dev, recs, nil); err != nil {
		t.Fatal(err)
	}
	h, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{"m"}, StartTs: day("2024-01-01"), EndTs: day("2024-03-01"),
		Agg: tb.AggSum, IntervalType: tb.IntervalMonth, TimeZone: "UTC", UseStrictDataTypes: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []tb.TsPoint{
		{Ts: day("2024-01-01") + (day("2024-02-01")-day("2024-01-01"))/2, Value: int64(4)},
		{Ts: day("2024-02-01") + (day("2024-03-01")-day("2024-02-01"))/2, Value: int64(10)},
	}
	if !reflect.DeepEqual(h["m"], want) {
		t.Errorf("monthly sums = %+v, want %+v", h["m"], want)
	}
}

func TestTimeseriesDeletes(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	save := func() {
		t.Helper()
		var recs tb.TelemetryRecords
		for _, ts := range []int64{100, 200, 300, 400} {
			recs = append(recs, tb.TelemetryRecord{Ts: ts, Values: map[string]any{"d": ts, "e": ts}})
		}
		if err := env.tenant.Timeseries.Save(ctx, env.dev, recs, nil); err != nil {
			t.Fatal(err)
		}
	}
	points := func(key string) []int64 {
		t.Helper()
		h, err := env.tenant.Timeseries.History(ctx, env.dev, tb.HistoryQuery{Keys: []string{key}, StartTs: 0, EndTs: 1000, OrderBy: tb.ASC})
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, v := range h[key] {
			out = append(out, v.Ts)
		}
		return out
	}
	latestTs := func(key string) (int64, bool) {
		t.Helper()
		keys, err := env.tenant.Timeseries.Keys(ctx, env.dev)
		if err != nil {
			t.Fatal(err)
		}
		if !contains(keys, key) {
			return 0, false
		}
		l, err := env.tenant.Timeseries.Latest(ctx, env.dev, tb.LatestQuery{Keys: []string{key}})
		if err != nil {
			t.Fatal(err)
		}
		return l[key].Ts, true
	}
	save()
	// A range [200, 400): the latest (400) stays.
	if err := env.tenant.Timeseries.Delete(ctx, env.dev, []string{"d"}, tb.DeleteTimeseriesOptions{StartTs: 200, EndTs: 400}); err != nil {
		t.Fatal(err)
	}
	if got := points("d"); !reflect.DeepEqual(got, []int64{100, 400}) {
		t.Errorf("after range delete: %v", got)
	}
	if ts, ok := latestTs("d"); !ok || ts != 400 {
		t.Errorf("latest after range delete: %d %v", ts, ok)
	}
	// A range holding the latest value removes it...
	if err := env.tenant.Timeseries.Delete(ctx, env.dev, []string{"d"}, tb.DeleteTimeseriesOptions{StartTs: 300, EndTs: 500}); err != nil {
		t.Fatal(err)
	}
	if _, ok := latestTs("d"); ok {
		t.Error("latest kept although deleted")
	}
	// ...unless KeepLatest; with RewriteLatestIfDeleted an older point becomes latest.
	if err := env.tenant.Timeseries.Delete(ctx, env.dev, []string{"e"}, tb.DeleteTimeseriesOptions{StartTs: 350, EndTs: 500, KeepLatest: true}); err != nil {
		t.Fatal(err)
	}
	if ts, ok := latestTs("e"); !ok || ts != 400 {
		t.Errorf("KeepLatest: latest %d %v", ts, ok)
	}
	save()
	if err := env.tenant.Timeseries.Delete(ctx, env.dev, []string{"e"}, tb.DeleteTimeseriesOptions{StartTs: 350, EndTs: 500, RewriteLatestIfDeleted: true}); err != nil {
		t.Fatal(err)
	}
	if ts, ok := latestTs("e"); !ok || ts != 300 {
		t.Errorf("rewrite: latest %d %v", ts, ok)
	}
	// Everything for the keys.
	if err := env.tenant.Timeseries.Delete(ctx, env.dev, []string{"d", "e"}, tb.DeleteTimeseriesOptions{DeleteAllDataForKeys: true}); err != nil {
		t.Fatal(err)
	}
	if len(points("d"))+len(points("e")) != 0 {
		t.Error("data left after deleting all")
	}
	if _, ok := latestTs("e"); ok {
		t.Error("latest left after deleting all")
	}
	// Plain-text errors of the delete endpoint.
	base := env.srv.URL + "/api/plugins/telemetry/DEVICE/" + env.dev.ID + "/timeseries/delete"
	if status, body := rawRequest(t, env.tenant, "DELETE", base+"?keys=", ""); status != 400 || body != "Empty keys: []" {
		t.Errorf("no keys: %d %q", status, body)
	}
	if status, body := rawRequest(t, env.tenant, "DELETE", base+"?keys=d&startTs=1", ""); status != 400 ||
		body != "When deleteAllDataForKeys is false, start and end timestamp values shouldn't be empty" {
		t.Errorf("no range: %d %q", status, body)
	}
}

func TestTimeseriesSaveErrors(t *testing.T) {
	env := newTMEnv(t)
	base := env.uncheckedURL + "/api/plugins/telemetry/DEVICE/" + env.dev.ID + "/timeseries/ANY"
	for _, tt := range []struct {
		body, want string
	}{
		{`{"a":`, "Unable to parse time series payload: Invalid JSON body!"},
		{`{}`, "No time series data found in request body!"},
		{`[]`, "No time series data found in request body!"},
		{`42`, "Unable to parse time series payload. Invalid JSON body: Can't parse value: 42"},
		{`[1]`, "Unable to parse time series payload. Invalid JSON body: Can't parse value: 1"},
		{`{"a":null}`, "Unable to parse time series payload. Invalid JSON body: Can't parse value: null"},
		{`{"ts":1,"values":5}`, "Unable to parse time series payload. Invalid JSON body: Not a JSON Object: 5"},
		{`{"ts":"x","values":{"a":1}}`, `Unable to parse time series payload. Invalid JSON body: For input string: "x"`},
	} {
		if status, body := rawRequest(t, env.tenant, "POST", base, tt.body); status != 400 || body != tt.want {
			t.Errorf("%s: %d %q, want 400 %q", tt.body, status, body, tt.want)
		}
	}
	// Through the client: an error answer reaches the caller as a plain-text *APIError.
	missing := tb.NewEntityID(tb.EntityTypeDevice, "784f394c-42b6-435a-983c-b7beff2784f9")
	err := env.tenant.Timeseries.Save(context.Background(), missing, tb.TelemetryValues{"a": 1}, nil)
	wantAPIError(t, err, 404, "Device with requested id wasn't found!", true)
	// A bad TTL is a JSON type mismatch.
	if status, body := rawRequest(t, env.tenant, "POST", base+"/abc", `{"a":1}`); status != 400 || !strings.Contains(body, `"errorCode":31`) {
		t.Errorf("bad ttl: %d %s", status, body)
	}
}

func TestTelemetryChangeEvents(t *testing.T) {
	env := newTMEnv(t)
	ctx := context.Background()
	emu := env.srv.Emulator()
	var mu sync.Mutex
	var kinds []string
	names := map[emulator.EventKind]string{emulator.AttributesSaved: "AttributesSaved", emulator.AttributesDeleted: "AttributesDeleted",
		emulator.TimeseriesSaved: "TimeseriesSaved", emulator.TimeseriesDeleted: "TimeseriesDeleted"}
	cancel := emu.Store().Subscribe(func(ev emulator.Event) {
		if ev.Entity == env.dev {
			mu.Lock()
			kinds = append(kinds, names[ev.Kind])
			mu.Unlock()
		}
	})
	defer cancel()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(env.tenant.Attributes.Save(ctx, env.dev, tb.SharedScope, map[string]any{"a": 1}))
	must(env.tenant.Attributes.Delete(ctx, env.dev, tb.SharedScope, "a"))
	must(env.tenant.Timeseries.Save(ctx, env.dev, tb.TelemetryRecord{Ts: 1000, Values: map[string]any{"t": 1}}, nil))
	must(env.tenant.Timeseries.Delete(ctx, env.dev, []string{"t"}, tb.DeleteTimeseriesOptions{DeleteAllDataForKeys: true}))
	want := []string{"AttributesSaved", "AttributesDeleted", "TimeseriesSaved", "TimeseriesDeleted"}
	mu.Lock()
	defer mu.Unlock()
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
