package specvalidate

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const (
	devID    = "784f394c-42b6-435a-983c-b7beff2784f9"
	tenID    = "13814000-1dd2-11b2-8080-808080808080"
	jsonCT   = "application/json"
	device   = `{"id":{"entityType":"DEVICE","id":"` + devID + `"},"createdTime":1700000000000,"tenantId":{"entityType":"TENANT","id":"` + tenID + `"},"customerId":{"entityType":"CUSTOMER","id":"` + tenID + `"},"name":"Thermostat A","type":"default","label":null,"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"` + devID + `"},"deviceData":{"configuration":{"type":"DEFAULT"},"transportConfiguration":{"type":"DEFAULT"}},"firmwareId":null,"softwareId":null,"externalId":null,"additionalInfo":{"gateway":false,"description":""},"version":1}`
	notFound = `{"status":404,"message":"Device with id [` + devID + `] is not found","errorCode":32,"timestamp":1700000000000}`
	group    = `{"id":{"entityType":"ENTITY_GROUP","id":"` + devID + `"},"createdTime":1,"type":"DEVICE","name":"All","ownerId":{"entityType":"TENANT","id":"` + tenID + `"},"groupAll":true,"configuration":null}`
)

func page(items ...string) string {
	return `{"data":[` + strings.Join(items, ",") + `],"totalPages":1,"totalElements":` + fmt.Sprint(len(items)) + `,"hasNext":false}`
}

// reply is what the test server answers.
type reply struct {
	status      int
	ctype, body string
}

// roundTrip sends one request through v's transport to a server answering
// with rep, and returns the body the server received and the body the client read.
func roundTrip(t *testing.T, v *Validator, method, target, ctype, body string, rep reply) (got, read string) {
	t.Helper()
	var received string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		received = string(b)
		if rep.ctype != "" {
			w.Header().Set("Content-Type", rep.ctype)
		}
		w.WriteHeader(rep.status)
		io.WriteString(w, rep.body)
	}))
	defer srv.Close()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := (&http.Client{Transport: v.Transport(nil)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return received, string(b)
}

func TestTransport(t *testing.T) {
	spec := testSpec(t)
	ok := reply{200, jsonCT, device}
	cases := []struct {
		name, method, target string
		ctype, body          string
		rep                  reply
		want                 []string // substrings, one per expected violation
	}{
		{"valid device", "GET", "/api/device/" + devID, "", "", ok, nil},
		{"device name is a number", "GET", "/api/device/" + devID, "", "",
			reply{200, jsonCT, strings.Replace(device, `"name":"Thermostat A"`, `"name":5`, 1)},
			[]string{"[getDeviceById] response 200 body/name: expected string, got number 5"}},
		{"base path before /api/", "GET", "/thingsboard/api/device/" + devID, "", "", ok, nil},
		{"literal beats template", "GET", "/api/device/types", "", "", reply{200, jsonCT, `[{"tenantId":{"entityType":"TENANT","id":"` + tenID + `"},"entityType":"DEVICE","type":"default"}]`}, nil},
		{"missing pageSize", "GET", "/api/tenant/devices?page=0", "", "", reply{200, jsonCT, page(device)},
			[]string{`[getTenantDevices] request 200 query/pageSize: required query parameter "pageSize" is missing`}},
		{"page of devices", "GET", "/api/tenant/devices?pageSize=10&page=0&sortProperty=name&sortOrder=ASC&textSearch=", "", "", reply{200, jsonCT, page(device, device)}, nil},
		{"bad enum in query", "GET", "/api/tenant/devices?pageSize=10&page=0&sortOrder=UP", "", "", reply{200, jsonCT, page()},
			[]string{`query/sortOrder: "UP" is not one of ["ASC","DESC"]`}},
		{"not an integer", "GET", "/api/tenant/devices?pageSize=ten&page=0", "", "", reply{200, jsonCT, page()},
			[]string{`query/pageSize: "ten" is not an integer`}},
		{"int32 overflow in query", "GET", "/api/tenant/devices?pageSize=3000000000&page=0", "", "", reply{200, jsonCT, page()},
			[]string{`query/pageSize: 3000000000 is out of the int32 range`}},
		{"undeclared query parameter", "GET", "/api/tenant/devices?pageSize=1&page=0&color=red", "", "", reply{200, jsonCT, page()},
			[]string{`query/color: query parameter "color" is not declared`}},
		{"bad boolean in query", "GET", "/api/tenant/deviceInfos?pageSize=1&page=0&active=yes", "", "", reply{200, jsonCT, page()},
			[]string{`query/active: "yes" is not a boolean`}},
		{"bad enum in path", "GET", "/api/plugins/telemetry/DEVICE/" + devID + "/values/attributes/BAD_SCOPE", "", "", reply{200, jsonCT, `[]`},
			[]string{`path/scope: "BAD_SCOPE" is not one of`}},
		{"unknown path", "GET", "/api/nope", "", "", reply{404, jsonCT, notFound},
			[]string{"GET /api/nope [-] request 404 path: no CE or PE operation matches"}},
		{"wrong method", "PATCH", "/api/device/" + devID, "", "", reply{405, jsonCT, notFound},
			[]string{"[-] request 405 method: method PATCH is not declared for this path (declared: DELETE, GET"}},
		{"valid save with read-only fields", "POST", "/api/device?accessToken=abc", jsonCT, device, ok, nil},
		{"request body with wrong type", "POST", "/api/device", jsonCT, `{"name":5}`, ok,
			[]string{"[saveDevice] request 200 body/name: expected string"}},
		{"request body missing required", "POST", "/api/device", jsonCT, `{"label":"x"}`, ok,
			[]string{`[saveDevice] request 200 body: missing required property "name"`}},
		{"request body missing", "POST", "/api/device", "", "", reply{400, jsonCT, notFound},
			[]string{"body: the request body is required"}},
		{"request body not JSON", "POST", "/api/device", jsonCT, `{"name":`, ok,
			[]string{"request 200 body: invalid JSON"}},
		{"request content type", "POST", "/api/device", "text/plain", `{"name":"A"}`, ok,
			[]string{`content-type: Content-Type "text/plain" is not declared (declared: application/json)`}},
		{"body on a GET", "GET", "/api/device/" + devID, jsonCT, `{}`, ok,
			[]string{"body: the operation takes no request body, got 2 bytes"}},
		{"PE query names on a CE operation", "POST", "/api/device?entityGroupId=" + devID, jsonCT, `{"name":"A"}`, ok, nil},
		{"declared error", "GET", "/api/device/" + devID, "", "", reply{404, jsonCT, notFound}, nil},
		{"common error status", "POST", "/api/device", jsonCT, `{"name":"A","version":1}`,
			reply{409, jsonCT, `{"status":409,"message":"Device was already changed by someone else","errorCode":35,"timestamp":1}`}, nil},
		{"bad error body", "GET", "/api/device/" + devID, "", "", reply{404, jsonCT, `{"status":"404","errorCode":32}`},
			[]string{"response 404 body/status: expected integer"}},
		{"undeclared status", "GET", "/api/device/" + devID, "", "", reply{418, jsonCT, notFound},
			[]string{"response 418 status: status 418 is not declared (declared: 200, 400, 401, 403, 404, 429)"}},
		{"plain-text error outside telemetry", "GET", "/api/device/" + devID, "", "", reply{404, "text/plain", "not found"},
			[]string{`content-type: Content-Type "text/plain" is not declared for status 404`}},
		{"plain-text telemetry error", "GET", "/api/plugins/telemetry/DEVICE/" + devID + "/values/timeseries?keys=t", "", "",
			reply{404, "text/plain;charset=UTF-8", "Device with requested id wasn't found!"}, nil},
		{"plain-text telemetry success is not fine", "GET", "/api/plugins/telemetry/DEVICE/" + devID + "/values/timeseries?keys=t", "", "",
			reply{200, "text/plain", "21.5"}, []string{`Content-Type "text/plain" is not declared for status 200`}},
		{"telemetry save", "POST", "/api/plugins/telemetry/DEVICE/" + devID + "/timeseries/ANY", jsonCT, `{"temperature":21.5}`, reply{200, "", ""}, nil},
		{"telemetry save, not JSON", "POST", "/api/plugins/telemetry/DEVICE/" + devID + "/timeseries/ANY", jsonCT, `temperature=21`, reply{200, "", ""},
			[]string{"request 200 body: the body is not JSON"}},
		{"two-way RPC reply", "POST", "/api/rpc/twoway/" + devID, jsonCT, `{"method":"getTemp","params":{}}`, reply{200, jsonCT, `{"temp":21}`}, nil},
		{"RPC v1 timeout", "POST", "/api/plugins/rpc/twoway/" + devID, jsonCT, `{"method":"m","params":{}}`, reply{408, "", ""}, nil},
		{"bare string result", "GET", "/api/uiSettings/helpBaseUrl", "", "", reply{200, jsonCT, "https://thingsboard.io"}, nil},
		{"bare string elsewhere", "GET", "/api/edge/missingToRelatedRuleChains/" + devID, "", "", reply{200, jsonCT, "abc"},
			[]string{"[findMissingToRelatedRuleChains] response 200 body: invalid JSON"}},
		{"empty body where content is declared", "GET", "/api/device/" + devID, "", "", reply{200, "", ""},
			[]string{"response 200 body: empty body, expected application/json"}},
		{"empty body for a JsonNode result", "GET", "/api/ruleNode/" + devID + "/debugIn", "", "", reply{200, "", ""}, nil},
		{"void operation", "DELETE", "/api/device/" + devID, "", "", reply{200, "", ""}, nil},
		{"body where none is declared", "DELETE", "/api/device/" + devID, "", "", reply{200, jsonCT, `{}`},
			[]string{"status 200 declares no content"}},
		{"login error union", "POST", "/api/auth/login", jsonCT, `{"username":"a@b.c","password":"x"}`,
			reply{401, jsonCT, `{"status":401,"message":"Authentication failed","errorCode":10,"timestamp":1}`}, nil},
		{"legacy relations query", "GET", "/api/relations?fromId=" + devID + "&fromType=DEVICE", "", "",
			reply{200, jsonCT, `[{"from":{"entityType":"DEVICE","id":"` + devID + `"},"to":{"entityType":"ASSET","id":"` + devID + `"},"type":"Contains","typeGroup":"COMMON","additionalInfo":null,"version":1}]`}, nil},
		{"legacy relations without selector", "GET", "/api/relations", "", "", reply{400, jsonCT, notFound},
			[]string{"method: GET on this path needs one of the query parameters"}},
		{"legacy history", "GET", "/api/plugins/telemetry/DEVICE/" + devID + "/values/timeseries?keys=t&startTs=1&endTs=2&agg=NONE&limit=100", "", "",
			reply{200, jsonCT, `{"t":[{"ts":1,"value":"21.5"}]}`}, nil},
		{"legacy device by name", "GET", "/api/tenant/devices?deviceName=A", "", "", ok, nil},
		{"PE entity groups", "GET", "/api/entityGroups/DEVICE?pageSize=10&page=0", "", "", reply{200, jsonCT, page(group)}, nil},
		{"PE missing pageSize", "GET", "/api/entityGroups/DEVICE?page=0", "", "", reply{200, jsonCT, page(group)},
			[]string{`[getEntityGroupsByTypeAndPageLink] request 200 query/pageSize: required query parameter "pageSize" is missing`}},
		{"PE undeclared query parameter", "GET", "/api/entityGroups/DEVICE?pageSize=10&page=0&owner=me", "", "", reply{200, jsonCT, page(group)},
			[]string{`query/owner: query parameter "owner" is not declared`}},
		{"PE bad enum in body", "GET", "/api/entityGroups/DEVICE?pageSize=10&page=0", "", "",
			reply{200, jsonCT, page(strings.Replace(group, `"type":"DEVICE"`, `"type":"GADGET"`, 1))},
			[]string{`response 200 body/data/0/type: "GADGET" is not a TypeEnum`}},
		{"PE list", "GET", "/api/entityGroups/list?entityGroupIds=" + devID, "", "", reply{200, jsonCT, `[` + group + `]`}, nil},
		{"PE request body", "POST", "/api/entityGroup", jsonCT, `{"type":"DEVICE"}`, reply{200, jsonCT, group},
			[]string{`request 200 body: missing required property "name"`}},
		{"PE enum query parameter", "GET", "/api/converters?pageSize=1&page=0&integrationType=NOPE", "", "", reply{200, jsonCT, page()},
			[]string{`query/integrationType: "NOPE" is not a IntegrationType`}},
		{"PE wrong method", "PUT", "/api/entityGroups/DEVICE", "", "", reply{405, jsonCT, notFound},
			[]string{"method PUT is not declared"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := New(spec)
			roundTrip(t, v, c.method, c.target, c.ctype, c.body, c.rep)
			got := v.Violations()
			if v.Exchanges() != 1 {
				t.Errorf("Exchanges() = %d, want 1", v.Exchanges())
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d violations, want %d:\n%s", len(got), len(c.want), v.Report())
			}
			for i, w := range c.want {
				if !strings.Contains(got[i].String(), w) {
					t.Errorf("violation %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestTransportKeepsBodies(t *testing.T) {
	v := New(testSpec(t))
	got, read := roundTrip(t, v, "POST", "/api/device", jsonCT, device, reply{200, jsonCT, device})
	if got != device || read != device {
		t.Errorf("server got %q, client read %q; want both %q", got, read, device)
	}
	if len(v.Violations()) != 0 {
		t.Error(v.Report())
	}
}

func TestUnmatchedAndSkipped(t *testing.T) {
	v := New(testSpec(t))
	roundTrip(t, v, "GET", "/api/nope?x=1", "", "", reply{404, jsonCT, notFound})
	roundTrip(t, v, "GET", "/api/ws/plugins/telemetry", "", "", reply{400, "", ""})
	roundTrip(t, v, "POST", "/api/v1/token123/telemetry", jsonCT, `{"t":1}`, reply{200, "", ""})
	roundTrip(t, v, "GET", "/login", "", "", reply{200, "text/html", "<html></html>"})
	if got := v.Unmatched(); len(got) != 1 || got[0] != "GET /api/nope?x=1" {
		t.Errorf("Unmatched() = %q", got)
	}
	if v.Exchanges() != 1 || v.Skipped() != 2 || len(v.Violations()) != 1 {
		t.Errorf("exchanges %d, skipped %d, violations %d; want 1, 2, 1", v.Exchanges(), v.Skipped(), len(v.Violations()))
	}
}

// fakeTB records what Check reports.
type fakeTB struct {
	testing.TB
	logs, errs []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Error(args ...any) { f.errs = append(f.errs, fmt.Sprint(args...)) }

func TestCheckAndReport(t *testing.T) {
	v := New(testSpec(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", jsonCT)
		if strings.HasSuffix(r.URL.Path, "/bad") {
			io.WriteString(w, `{"name":5}`)
			return
		}
		io.WriteString(w, device)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: v.Transport(nil)}
	for _, p := range []string{"/api/device/" + devID, "/api/device/bad", "/api/device/bad", "/api/nope"} {
		resp, err := hc.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	tb := &fakeTB{}
	v.Check(tb)
	if len(tb.logs) != 1 || tb.logs[0] != "spec: validated 4 exchanges, 3 violations" {
		t.Errorf("Check logged %q", tb.logs)
	}
	if len(tb.errs) != 1 {
		t.Fatalf("Check reported %d errors, want 1", len(tb.errs))
	}
	for _, want := range []string{
		"spec: validated 4 exchanges, 3 violations",
		"GET /api/device/bad [getDeviceById] response 200 body/name: expected string, got number 5 (2 times)",
		"GET /api/nope [-] request 200 path: no CE or PE operation matches",
	} {
		if !strings.Contains(tb.errs[0], want) {
			t.Errorf("report lacks %q:\n%s", want, tb.errs[0])
		}
	}

	clean := New(v.Spec())
	tb = &fakeTB{}
	clean.Check(tb)
	if len(tb.errs) != 0 || tb.logs[0] != "spec: validated 0 exchanges, 0 violations" {
		t.Errorf("Check on no traffic: logs %q, errors %q", tb.logs, tb.errs)
	}
}

func TestConcurrentUse(t *testing.T) {
	v := New(testSpec(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", jsonCT)
		if r.URL.Query().Get("pageSize") != "" {
			io.WriteString(w, page(device))
			return
		}
		io.WriteString(w, device)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: v.Transport(srv.Client().Transport)}
	const workers, each = 32, 8
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				target := "/api/device/" + devID
				if (i+j)%2 == 0 {
					target = "/api/tenant/devices?page=0" // pageSize missing
				}
				resp, err := hc.Get(srv.URL + target)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if n, m := v.Exchanges(), len(v.Violations()); n != workers*each || m != workers*each/2 {
		t.Errorf("%d exchanges, %d violations; want %d, %d", n, m, workers*each, workers*each/2)
	}
}
