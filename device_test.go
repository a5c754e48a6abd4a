package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// apiCall is one request a test expects and the answer it gets.
type apiCall struct {
	method string
	path   string     // the route, without testBasePath
	query  url.Values // the exact query expected; nil means none
	body   string     // the JSON body expected; "" means no body
	status int        // the answer's status; 0 means 200
	answer string     // the answer's body
}

// expectCall registers c on mux. The route must be called exactly once with the
// expected verb, query and body.
func expectCall(t *testing.T, mux *http.ServeMux, c apiCall) {
	t.Helper()
	var hits atomic.Int32
	mux.HandleFunc(c.path, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		checkRequest(t, r, c.method, c.query, c.body)
		w.Header().Set("Content-Type", "application/json")
		if c.status != 0 {
			w.WriteHeader(c.status)
		}
		io.WriteString(w, c.answer)
	})
	t.Cleanup(func() {
		if n := hits.Load(); n != 1 {
			t.Errorf("%s %s called %d times, want 1", c.method, c.path, n)
		}
	})
}

func checkRequest(t *testing.T, r *http.Request, method string, query url.Values, body string) {
	t.Helper()
	if r.Method != method {
		t.Errorf("%s: method %s, want %s", r.URL.Path, r.Method, method)
	}
	if got := r.URL.Query(); !(len(got) == 0 && len(query) == 0) && !reflect.DeepEqual(got, query) {
		t.Errorf("%s %s: query %v, want %v", method, r.URL.Path, got, query)
	}
	if r.Header.Get("X-Authorization") != "Bearer "+testToken {
		t.Errorf("%s %s: X-Authorization %q", method, r.URL.Path, r.Header.Get("X-Authorization"))
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if body == "" {
		if len(b) != 0 {
			t.Errorf("%s %s: unexpected body %s", method, r.URL.Path, b)
		}
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, r.URL.Path, ct)
	}
	assertJSONEqual(t, b, []byte(body))
}

// assertJSONEqual compares two JSON documents by value.
func assertJSONEqual(t *testing.T, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("invalid JSON %s: %v", got, err)
		return
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("invalid expected JSON %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON body\n got %s\nwant %s", got, want)
	}
}

// expectPages serves a paged list at path: page n answers pages[n]. base is the
// query expected besides page.
func expectPages(t *testing.T, mux *http.ServeMux, path string, base url.Values, pages ...string) *atomic.Int32 {
	t.Helper()
	var hits atomic.Int32
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n, err := strconv.Atoi(r.URL.Query().Get("page"))
		if err != nil || n < 0 || n >= len(pages) {
			t.Errorf("%s: unexpected page %q", path, r.URL.Query().Get("page"))
			http.Error(w, "{}", http.StatusBadRequest)
			return
		}
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		checkRequest(t, r, http.MethodGet, q, "")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, pages[n])
	})
	return &hits
}

// methodCase is a method call checked against one expected request.
type methodCase struct {
	name string
	call apiCall
	run  func(ctx context.Context, c *Client) (any, error)
	want any
}

func runMethodCases(t *testing.T, cases []methodCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			expectCall(t, mux, tc.call)
			got, err := tc.run(t.Context(), c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("result\n got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

// noRequest runs calls that must fail before sending anything (setup's catch-all
// route reports any request).
func noRequest(t *testing.T, calls map[string]func(ctx context.Context, c *Client) error) {
	t.Helper()
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("unexpected request %s %s", r.Method, r.URL)
			})
			if err := call(t.Context(), c); err == nil {
				t.Error("no error for an invalid argument")
			}
		})
	}
}

func mkQuery(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func refOf[T any](v T) *T { return &v }

// collect ranges over seq and returns its items, failing on an error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterator error: %v", err)
		}
		out = append(out, v)
	}
	return out
}

const (
	dvTenant   = "1e4c8b20-7d4f-11ee-b962-0242ac120002"
	dvCustomer = "2a6b3c10-7d4f-11ee-b962-0242ac120002"
	dvDevice   = "784f394c-42b6-435a-983c-b7beff2784f9"
	dvDevice2  = "8a1f2e30-7d4f-11ee-b962-0242ac120002"
	dvProfile  = "5ed7e4e0-7d4f-11ee-b962-0242ac120002"
	dvGroup    = "6fa0c1d0-7d4f-11ee-b962-0242ac120002"
	dvCreds    = "9b2c3d40-7d4f-11ee-b962-0242ac120002"
	dvRPC      = "a3c4d5e0-7d4f-11ee-b962-0242ac120002"
)

// deviceJSON is a device as the server writes it.
const deviceJSON = `{"id":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
	`"createdTime":1609459200000,` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"name":"A4B72CCDFF33","type":"Temperature Sensor","label":"Room 234 Sensor",` +
	`"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"deviceData":{"configuration":{"type":"DEFAULT"},"transportConfiguration":{"type":"DEFAULT"}},` +
	`"firmwareId":null,"softwareId":null,"externalId":null,` +
	`"additionalInfo":{"gateway":false,"description":"Temperature sensor"},"version":3}`

func wantDevice() *Device {
	return &Device{
		ID:              NewEntityID(EntityTypeDevice, dvDevice),
		CreatedTime:     1609459200000,
		TenantID:        NewEntityID(EntityTypeTenant, dvTenant),
		CustomerID:      NewEntityID(EntityTypeCustomer, NullUUID),
		Name:            "A4B72CCDFF33",
		Type:            "Temperature Sensor",
		Label:           "Room 234 Sensor",
		DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, dvProfile),
		DeviceData: DeviceData{
			Configuration:          json.RawMessage(`{"type":"DEFAULT"}`),
			TransportConfiguration: json.RawMessage(`{"type":"DEFAULT"}`),
		},
		AdditionalInfo: json.RawMessage(`{"gateway":false,"description":"Temperature sensor"}`),
		Version:        3,
	}
}

const device2JSON = `{"id":{"entityType":"DEVICE","id":"8a1f2e30-7d4f-11ee-b962-0242ac120002"},` +
	`"createdTime":1609459300000,"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"2a6b3c10-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Pump 7","type":"default","label":null,` +
	`"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"deviceData":null,"firmwareId":null,"softwareId":null,"externalId":null,"additionalInfo":null,"version":1}`

func wantDevice2() *Device {
	return &Device{
		ID:              NewEntityID(EntityTypeDevice, dvDevice2),
		CreatedTime:     1609459300000,
		TenantID:        NewEntityID(EntityTypeTenant, dvTenant),
		CustomerID:      NewEntityID(EntityTypeCustomer, dvCustomer),
		Name:            "Pump 7",
		Type:            "default",
		DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, dvProfile),
		AdditionalInfo:  json.RawMessage(`null`),
		Version:         1,
	}
}

func devicePage(hasNext bool, devices ...string) string {
	return fmt.Sprintf(`{"data":[%s],"totalPages":2,"totalElements":2,"hasNext":%t}`, strings.Join(devices, ","), hasNext)
}

const deviceInfoJSON = `{"id":{"entityType":"DEVICE","id":"8a1f2e30-7d4f-11ee-b962-0242ac120002"},` +
	`"createdTime":1609459300000,"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"2a6b3c10-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Pump 7","type":"default","label":"",` +
	`"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"deviceData":{"configuration":{"type":"DEFAULT"},"transportConfiguration":{"type":"DEFAULT"}},` +
	`"firmwareId":null,"softwareId":null,"externalId":null,"additionalInfo":{},"version":2,` +
	`"customerTitle":"Customer A","customerIsPublic":false,"deviceProfileName":"default","active":true}`

func wantDeviceInfo() *DeviceInfo {
	return &DeviceInfo{
		Device: Device{
			ID:              NewEntityID(EntityTypeDevice, dvDevice2),
			CreatedTime:     1609459300000,
			TenantID:        NewEntityID(EntityTypeTenant, dvTenant),
			CustomerID:      NewEntityID(EntityTypeCustomer, dvCustomer),
			Name:            "Pump 7",
			Type:            "default",
			DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, dvProfile),
			DeviceData: DeviceData{
				Configuration:          json.RawMessage(`{"type":"DEFAULT"}`),
				TransportConfiguration: json.RawMessage(`{"type":"DEFAULT"}`),
			},
			AdditionalInfo: json.RawMessage(`{}`),
			Version:        2,
		},
		CustomerTitle:     "Customer A",
		DeviceProfileName: "default",
		Active:            true,
	}
}

// peDeviceInfoJSON is a Professional Edition DeviceInfo, with owner and groups.
const peDeviceInfoJSON = `{"id":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
	`"createdTime":1609459200000,"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"ownerId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"A4B72CCDFF33","type":"default","label":null,` +
	`"deviceProfileId":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"version":1,"ownerName":"Tenant","active":false,` +
	`"groups":[{"id":{"entityType":"ENTITY_GROUP","id":"6fa0c1d0-7d4f-11ee-b962-0242ac120002"},"name":"All"}]}`

func wantPEDeviceInfo() DeviceInfo {
	return DeviceInfo{
		Device: Device{
			ID:              NewEntityID(EntityTypeDevice, dvDevice),
			CreatedTime:     1609459200000,
			TenantID:        NewEntityID(EntityTypeTenant, dvTenant),
			CustomerID:      NewEntityID(EntityTypeCustomer, NullUUID),
			OwnerID:         NewEntityID(EntityTypeTenant, dvTenant),
			Name:            "A4B72CCDFF33",
			Type:            "default",
			DeviceProfileID: NewEntityID(EntityTypeDeviceProfile, dvProfile),
			Version:         1,
		},
		OwnerName: "Tenant",
		Groups:    []EntityInfo{{ID: NewEntityID(EntityTypeEntityGroup, dvGroup), Name: "All"}},
	}
}

const credentialsJSON = `{"id":{"id":"9b2c3d40-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"deviceId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
	`"credentialsType":"ACCESS_TOKEN","credentialsId":"A1_TEST_TOKEN","credentialsValue":null,"version":2}`

func wantCredentials() *DeviceCredentials {
	return &DeviceCredentials{
		ID:              DeviceCredentialsID{ID: dvCreds},
		CreatedTime:     1609459200000,
		DeviceID:        NewEntityID(EntityTypeDevice, dvDevice),
		CredentialsType: CredentialsAccessToken,
		CredentialsID:   "A1_TEST_TOKEN",
		Version:         2,
	}
}

func TestDeviceServiceReads(t *testing.T) {
	runMethodCases(t, []methodCase{
		{
			name: "Get",
			call: apiCall{method: "GET", path: "/api/device/" + dvDevice, answer: deviceJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.Get(ctx, dvDevice) },
			want: wantDevice(),
		},
		{
			name: "GetInfo",
			call: apiCall{method: "GET", path: "/api/device/info/" + dvDevice2, answer: deviceInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.GetInfo(ctx, dvDevice2) },
			want: wantDeviceInfo(),
		},
		{
			name: "GetByName",
			call: apiCall{method: "GET", path: "/api/tenant/devices", query: mkQuery("deviceName", "A4B72CCDFF33"), answer: deviceJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.GetByName(ctx, "A4B72CCDFF33") },
			want: wantDevice(),
		},
		{
			name: "ListByIDs",
			call: apiCall{method: "GET", path: "/api/devices", query: mkQuery("deviceIds", dvDevice+","+dvDevice2),
				answer: "[" + deviceJSON + "," + device2JSON + "]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListByIDs(ctx, []string{dvDevice, dvDevice2})
			},
			want: []Device{*wantDevice(), *wantDevice2()},
		},
		{
			name: "ListTypes",
			call: apiCall{method: "GET", path: "/api/device/types",
				answer: `[{"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},"entityType":"DEVICE","type":"default"},` +
					`{"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},"entityType":"DEVICE","type":"thermostat"}]`},
			run: func(ctx context.Context, c *Client) (any, error) { return c.Devices.ListTypes(ctx) },
			want: []EntitySubtype{
				{TenantID: NewEntityID(EntityTypeTenant, dvTenant), EntityType: EntityTypeDevice, Type: "default"},
				{TenantID: NewEntityID(EntityTypeTenant, dvTenant), EntityType: EntityTypeDevice, Type: "thermostat"},
			},
		},
		{
			name: "GetCredentials",
			call: apiCall{method: "GET", path: "/api/device/" + dvDevice + "/credentials", answer: credentialsJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.GetCredentials(ctx, dvDevice) },
			want: wantCredentials(),
		},
		{
			name: "CountWithoutOTAPackage",
			call: apiCall{method: "GET", path: "/api/devices/count/FIRMWARE/" + dvProfile, answer: `17`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.CountWithoutOTAPackage(ctx, "FIRMWARE", dvProfile)
			},
			want: int64(17),
		},
	})
}

func TestDeviceServiceLists(t *testing.T) {
	pl := PageLink{PageSize: 20, Page: 1, TextSearch: "pump", SortProperty: "name", SortOrder: DESC}
	plq := func(kv ...string) url.Values {
		return mkQuery(append([]string{"pageSize", "20", "page", "1", "textSearch", "pump", "sortProperty", "name", "sortOrder", "DESC"}, kv...)...)
	}
	onePage := devicePage(false, device2JSON)
	wantPage := &Page[Device]{Data: []Device{*wantDevice2()}, TotalPages: 2, TotalElements: 2}
	infoPage := `{"data":[` + deviceInfoJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`
	wantInfoPage := &Page[DeviceInfo]{Data: []DeviceInfo{*wantDeviceInfo()}, TotalPages: 1, TotalElements: 1}
	runMethodCases(t, []methodCase{
		{
			name: "ListTenant",
			call: apiCall{method: "GET", path: "/api/tenant/devices", query: plq("type", "default"), answer: onePage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListTenant(ctx, pl, &DeviceListOptions{Type: "default"})
			},
			want: wantPage,
		},
		{
			name: "ListTenantNoOptions",
			call: apiCall{method: "GET", path: "/api/tenant/devices", query: mkQuery("pageSize", "10", "page", "0"), answer: onePage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListTenant(ctx, PageLink{}, nil)
			},
			want: wantPage,
		},
		{
			name: "ListTenantInfos",
			call: apiCall{method: "GET", path: "/api/tenant/deviceInfos",
				query: plq("deviceProfileId", dvProfile, "active", "true"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListTenantInfos(ctx, pl, &DeviceInfoListOptions{DeviceProfileID: dvProfile, Active: refOf(true)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListCustomer",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/devices", query: plq("type", "default"), answer: onePage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListCustomer(ctx, dvCustomer, pl, &DeviceListOptions{Type: "default"})
			},
			want: wantPage,
		},
		{
			name: "ListCustomerInfos",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/deviceInfos",
				query: plq("type", "default", "active", "false", "includeCustomers", "true"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListCustomerInfos(ctx, dvCustomer, pl,
					&DeviceInfoListOptions{Type: "default", Active: refOf(false), IncludeCustomers: refOf(true)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListUser",
			call: apiCall{method: "GET", path: "/api/user/devices", query: plq("type", "default"), answer: onePage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListUser(ctx, pl, &DeviceListOptions{Type: "default"})
			},
			want: wantPage,
		},
		{
			name: "ListAllInfos",
			call: apiCall{method: "GET", path: "/api/deviceInfos/all",
				query:  plq("includeCustomers", "true", "deviceProfileId", dvProfile),
				answer: `{"data":[` + peDeviceInfoJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListAllInfos(ctx, pl, &DeviceInfoListOptions{Type: "ignored", DeviceProfileID: dvProfile, IncludeCustomers: refOf(true)})
			},
			want: &Page[DeviceInfo]{Data: []DeviceInfo{wantPEDeviceInfo()}, TotalPages: 1, TotalElements: 1},
		},
		{
			name: "ListByEntityGroup",
			call: apiCall{method: "GET", path: "/api/entityGroup/" + dvGroup + "/devices", query: plq(), answer: onePage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListByEntityGroup(ctx, dvGroup, pl)
			},
			want: wantPage,
		},
		{
			name: "ListPersistentRPC",
			call: apiCall{method: "GET", path: "/api/rpc/persistent/device/" + dvDevice, query: plq("rpcStatus", "QUEUED"),
				answer: `{"data":[` + rpcJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.ListPersistentRPC(ctx, dvDevice, pl, &RPCListOptions{Status: RPCQueued})
			},
			want: &Page[RPC]{Data: []RPC{*wantRPC()}, TotalPages: 1, TotalElements: 1},
		},
	})
}

func TestDeviceServiceIterators(t *testing.T) {
	base := mkQuery("pageSize", "1", "type", "default")
	pages := []string{devicePage(true, deviceJSON), devicePage(false, device2JSON)}
	want := []Device{*wantDevice(), *wantDevice2()}
	pl := PageLink{PageSize: 1}
	opts := &DeviceListOptions{Type: "default"}
	cases := map[string]struct {
		path string
		seq  func(c *Client) func(func(Device, error) bool)
	}{
		"ListTenantAll": {"/api/tenant/devices", func(c *Client) func(func(Device, error) bool) {
			return c.Devices.ListTenantAll(t.Context(), pl, opts)
		}},
		"ListCustomerAll": {"/api/customer/" + dvCustomer + "/devices", func(c *Client) func(func(Device, error) bool) {
			return c.Devices.ListCustomerAll(t.Context(), dvCustomer, pl, opts)
		}},
		"ListUserAll": {"/api/user/devices", func(c *Client) func(func(Device, error) bool) {
			return c.Devices.ListUserAll(t.Context(), pl, opts)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			hits := expectPages(t, mux, tc.path, base, pages...)
			seq := tc.seq(c)
			if got := collect(t, seq); !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
			// A second range starts again from the first page.
			if got := collect(t, seq); len(got) != 2 {
				t.Errorf("second range: %d items, want 2", len(got))
			}
			if hits.Load() != 4 {
				t.Errorf("%d requests, want 4", hits.Load())
			}
		})
	}

	infoPages := []string{
		`{"data":[` + deviceInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":true}`,
		`{"data":[` + peDeviceInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":false}`,
	}
	wantInfos := []DeviceInfo{*wantDeviceInfo(), wantPEDeviceInfo()}
	infoOpts := &DeviceInfoListOptions{Active: refOf(true)}
	infoBase := mkQuery("pageSize", "1", "active", "true")
	t.Run("ListTenantInfosAll", func(t *testing.T) {
		c, mux := setup(t)
		expectPages(t, mux, "/api/tenant/deviceInfos", infoBase, infoPages...)
		if got := collect(t, c.Devices.ListTenantInfosAll(t.Context(), pl, infoOpts)); !reflect.DeepEqual(got, wantInfos) {
			t.Errorf("got %+v, want %+v", got, wantInfos)
		}
	})
	t.Run("ListCustomerInfosAll", func(t *testing.T) {
		c, mux := setup(t)
		expectPages(t, mux, "/api/customer/"+dvCustomer+"/deviceInfos", infoBase, infoPages...)
		if got := collect(t, c.Devices.ListCustomerInfosAll(t.Context(), dvCustomer, pl, infoOpts)); !reflect.DeepEqual(got, wantInfos) {
			t.Errorf("got %+v, want %+v", got, wantInfos)
		}
	})
	t.Run("StopsOnError", func(t *testing.T) {
		c, mux := setup(t)
		mux.HandleFunc("/api/tenant/devices", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"status":403,"message":"You don't have permission to perform this operation!","errorCode":20,"timestamp":1609459200000}`)
		})
		n := 0
		for _, err := range c.Devices.ListTenantAll(t.Context(), pl, nil) {
			n++
			if !errors.Is(err, ErrPermissionDenied) {
				t.Errorf("error %v, want ErrPermissionDenied", err)
			}
		}
		if n != 1 {
			t.Errorf("%d yields, want 1", n)
		}
	})
}

func TestDeviceServiceSave(t *testing.T) {
	newDevice := func() *Device {
		return &Device{Name: "A4B72CCDFF33", Type: "Temperature Sensor", Label: "Room 234 Sensor",
			AdditionalInfo: json.RawMessage(`{"gateway":false,"description":"Temperature sensor"}`)}
	}
	createBody := `{"name":"A4B72CCDFF33","type":"Temperature Sensor","label":"Room 234 Sensor",` +
		`"additionalInfo":{"gateway":false,"description":"Temperature sensor"}}`
	updated := wantDevice()
	updateBody := deviceJSON // a saved device goes back as the server wrote it, minus the nulls
	runMethodCases(t, []methodCase{
		{
			name: "Create",
			call: apiCall{method: "POST", path: "/api/device", body: createBody, answer: deviceJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.Save(ctx, newDevice(), nil) },
			want: wantDevice(),
		},
		{
			name: "CreateWithOptions",
			call: apiCall{method: "POST", path: "/api/device", body: createBody, answer: deviceJSON,
				query: mkQuery("accessToken", "MY_TOKEN", "entityGroupId", dvGroup, "entityGroupIds", dvGroup+","+dvCustomer,
					"nameConflictPolicy", "UNIQUIFY", "uniquifySeparator", "-", "uniquifyStrategy", "INCREMENTAL")},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.Save(ctx, newDevice(), &DeviceSaveOptions{AccessToken: "MY_TOKEN",
					EntitySaveOptions: EntitySaveOptions{EntityGroupID: dvGroup, EntityGroupIDs: []string{dvGroup, dvCustomer},
						NameConflictPolicy: NameConflictUniquify, UniquifySeparator: "-", UniquifyStrategy: UniquifyIncremental}})
			},
			want: wantDevice(),
		},
		{
			name: "Update",
			call: apiCall{method: "POST", path: "/api/device",
				body:   removeNulls(t, updateBody),
				answer: deviceJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.Save(ctx, updated, nil) },
			want: wantDevice(),
		},
		{
			name: "SaveWithCredentials",
			call: apiCall{method: "POST", path: "/api/device-with-credentials", query: mkQuery("nameConflictPolicy", "FAIL"),
				body: `{"device":` + createBody + `,"credentials":{"credentialsType":"MQTT_BASIC",` +
					`"credentialsValue":"{\"clientId\":\"c1\",\"userName\":\"u1\",\"password\":\"p1\"}"}}`,
				answer: deviceJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				creds := &DeviceCredentials{}
				creds.SetMQTTBasic(MQTTBasicCredentials{ClientID: "c1", UserName: "u1", Password: "p1"})
				return c.Devices.SaveWithCredentials(ctx, newDevice(), creds, &EntitySaveOptions{NameConflictPolicy: NameConflictFail})
			},
			want: wantDevice(),
		},
		{
			name: "SaveCredentials",
			call: apiCall{method: "POST", path: "/api/device/credentials",
				body: `{"id":{"id":"9b2c3d40-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
					`"deviceId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
					`"credentialsType":"ACCESS_TOKEN","credentialsId":"NEW_TOKEN","version":2}`,
				answer: `{"id":{"id":"9b2c3d40-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
					`"deviceId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
					`"credentialsType":"ACCESS_TOKEN","credentialsId":"NEW_TOKEN","credentialsValue":null,"version":3}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				creds := wantCredentials()
				creds.CredentialsID = "NEW_TOKEN"
				return c.Devices.SaveCredentials(ctx, creds)
			},
			want: func() *DeviceCredentials {
				c := wantCredentials()
				c.CredentialsID, c.Version = "NEW_TOKEN", 3
				return c
			}(),
		},
	})
}

// removeNulls drops the null members of a JSON object, as the client's encoder omits
// unset fields.
func removeNulls(t *testing.T, s string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDeviceServiceAssignments(t *testing.T) {
	assigned := strings.ReplaceAll(deviceJSON, `"13814000-1dd2-11b2-8080-808080808080"`, `"`+dvCustomer+`"`)
	wantAssigned := wantDevice()
	wantAssigned.CustomerID = NewEntityID(EntityTypeCustomer, dvCustomer)
	runMethodCases(t, []methodCase{
		{
			name: "AssignToCustomer",
			call: apiCall{method: "POST", path: "/api/customer/" + dvCustomer + "/device/" + dvDevice, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.AssignToCustomer(ctx, dvCustomer, dvDevice)
			},
			want: wantAssigned,
		},
		{
			name: "UnassignFromCustomer",
			call: apiCall{method: "DELETE", path: "/api/customer/device/" + dvDevice, answer: deviceJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.UnassignFromCustomer(ctx, dvDevice)
			},
			want: wantDevice(),
		},
		{
			name: "AssignToPublicCustomer",
			call: apiCall{method: "POST", path: "/api/customer/public/device/" + dvDevice, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.AssignToPublicCustomer(ctx, dvDevice)
			},
			want: wantAssigned,
		},
		{
			name: "AssignToTenant",
			call: apiCall{method: "POST", path: "/api/tenant/" + dvTenant + "/device/" + dvDevice, answer: deviceJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.AssignToTenant(ctx, dvTenant, dvDevice)
			},
			want: wantDevice(),
		},
		{
			name: "Claim",
			call: apiCall{method: "POST", path: "/api/customer/device/A4B72CCDFF33/claim", body: `{"secretKey":"s3cret"}`,
				query: mkQuery("subCustomerId", dvCustomer), answer: `{"device":` + assigned + `,"response":"SUCCESS"}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.Claim(ctx, "A4B72CCDFF33", ClaimRequest{SecretKey: "s3cret"}, &ClaimOptions{SubCustomerID: dvCustomer})
			},
			want: &ClaimResult{Device: wantAssigned, Response: ClaimSuccess},
		},
		{
			name: "FindByQuery",
			call: apiCall{method: "POST", path: "/api/devices",
				body: `{"parameters":{"rootId":"2a6b3c10-7d4f-11ee-b962-0242ac120002","rootType":"ASSET","direction":"FROM",` +
					`"relationTypeGroup":"COMMON","maxLevel":1,"fetchLastLevelOnly":true},"relationType":"Contains","deviceTypes":["default"]}`,
				answer: "[" + device2JSON + "]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.FindByQuery(ctx, DeviceSearchQuery{
					Parameters: RelationsSearchParameters{RootID: dvCustomer, RootType: EntityTypeAsset, Direction: DirectionFrom,
						RelationTypeGroup: RelationTypeGroupCommon, MaxLevel: 1, FetchLastLevelOnly: true},
					RelationType: "Contains", DeviceTypes: []string{"default"}})
			},
			want: []Device{*wantDevice2()},
		},
		{
			name: "FindByQueryNilTypes",
			call: apiCall{method: "POST", path: "/api/devices",
				body:   `{"parameters":{"rootId":"2a6b3c10-7d4f-11ee-b962-0242ac120002","rootType":"ASSET","direction":"TO","fetchLastLevelOnly":false},"deviceTypes":[]}`,
				answer: "[]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.FindByQuery(ctx, DeviceSearchQuery{
					Parameters: RelationsSearchParameters{RootID: dvCustomer, RootType: EntityTypeAsset, Direction: DirectionTo}})
			},
			want: []Device{},
		},
	})
}

func TestDeviceServiceDeletes(t *testing.T) {
	cases := map[string]struct {
		call apiCall
		run  func(ctx context.Context, c *Client) error
	}{
		"Delete": {apiCall{method: "DELETE", path: "/api/device/" + dvDevice},
			func(ctx context.Context, c *Client) error { return c.Devices.Delete(ctx, dvDevice) }},
		"Reclaim": {apiCall{method: "DELETE", path: "/api/customer/device/Pump-7/claim"},
			func(ctx context.Context, c *Client) error { return c.Devices.Reclaim(ctx, "Pump-7") }},
		"DeletePersistentRPC": {apiCall{method: "DELETE", path: "/api/rpc/persistent/" + dvRPC},
			func(ctx context.Context, c *Client) error { return c.Devices.DeletePersistentRPC(ctx, dvRPC) }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			expectCall(t, mux, tc.call)
			if err := tc.run(t.Context(), c); err != nil {
				t.Fatal(err)
			}
		})
	}
}

const rpcJSON = `{"id":{"entityType":"RPC","id":"a3c4d5e0-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"deviceId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},"expirationTime":1609459260000,` +
	`"request":{"id":1,"oneway":true,"body":{"method":"setGpio","params":"{\"pin\":7}"},"retries":null},` +
	`"response":null,"status":"QUEUED","additionalInfo":{"k":"v"}}`

func wantRPC() *RPC {
	return &RPC{
		ID:             NewEntityID(EntityTypeRPC, dvRPC),
		CreatedTime:    1609459200000,
		TenantID:       NewEntityID(EntityTypeTenant, dvTenant),
		DeviceID:       NewEntityID(EntityTypeDevice, dvDevice),
		ExpirationTime: 1609459260000,
		Request:        json.RawMessage(`{"id":1,"oneway":true,"body":{"method":"setGpio","params":"{\"pin\":7}"},"retries":null}`),
		Response:       json.RawMessage(`null`),
		Status:         RPCQueued,
		AdditionalInfo: json.RawMessage(`{"k":"v"}`),
	}
}

func TestDeviceServiceRPC(t *testing.T) {
	req := RPCRequest{Method: "setGpio", Params: map[string]int{"pin": 7, "value": 1}, Timeout: 5000}
	reqBody := `{"method":"setGpio","params":{"pin":7,"value":1},"timeout":5000}`
	runMethodCases(t, []methodCase{
		{
			name: "OneWayRPC",
			call: apiCall{method: "POST", path: "/api/rpc/oneway/" + dvDevice, body: reqBody},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.OneWayRPC(ctx, dvDevice, req) },
			want: "",
		},
		{
			name: "OneWayRPCPersistent",
			call: apiCall{method: "POST", path: "/api/rpc/oneway/" + dvDevice,
				body:   `{"method":"reboot","params":{},"persistent":true,"retries":2,"expirationTime":1609459260000,"additionalInfo":{"k":"v"}}`,
				answer: `{"rpcId":"` + dvRPC + `"}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Devices.OneWayRPC(ctx, dvDevice, RPCRequest{Method: "reboot", Persistent: true, Retries: 2,
					ExpirationTime: 1609459260000, AdditionalInfo: map[string]string{"k": "v"}})
			},
			want: dvRPC,
		},
		{
			name: "TwoWayRPC",
			call: apiCall{method: "POST", path: "/api/rpc/twoway/" + dvDevice, body: reqBody, answer: `{"pin":7,"value":1}`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.TwoWayRPC(ctx, dvDevice, req) },
			want: json.RawMessage(`{"pin":7,"value":1}`),
		},
		{
			name: "TwoWayRPCV1",
			call: apiCall{method: "POST", path: "/api/plugins/rpc/twoway/" + dvDevice, body: reqBody, answer: `42`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.TwoWayRPCV1(ctx, dvDevice, req) },
			want: json.RawMessage(`42`),
		},
		{
			name: "OneWayRPCV1",
			call: apiCall{method: "POST", path: "/api/plugins/rpc/oneway/" + dvDevice, body: reqBody},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Devices.OneWayRPCV1(ctx, dvDevice, req)
			},
			want: nil,
		},
		{
			name: "GetPersistentRPC",
			call: apiCall{method: "GET", path: "/api/rpc/persistent/" + dvRPC, answer: rpcJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Devices.GetPersistentRPC(ctx, dvRPC) },
			want: wantRPC(),
		},
	})

	t.Run("Offline", func(t *testing.T) {
		c, mux := setup(t)
		expectCall(t, mux, apiCall{method: "POST", path: "/api/rpc/twoway/" + dvDevice, body: reqBody, status: http.StatusGatewayTimeout})
		_, err := c.Devices.TwoWayRPC(t.Context(), dvDevice, req)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusGatewayTimeout {
			t.Fatalf("error %v, want a 504 APIError", err)
		}
	})
}

func TestDeviceServiceErrors(t *testing.T) {
	c, mux := setup(t)
	expectCall(t, mux, apiCall{method: "GET", path: "/api/device/" + dvDevice, status: http.StatusNotFound,
		answer: `{"status":404,"message":"Device with id [784f394c-42b6-435a-983c-b7beff2784f9] is not found","errorCode":32,"timestamp":1609459200000}`})
	expectCall(t, mux, apiCall{method: "POST", path: "/api/device", body: `{"name":"A4B72CCDFF33","version":2}`, status: http.StatusConflict,
		answer: `{"status":409,"message":"Device was already changed by someone else","errorCode":35,"timestamp":1609459200000}`})
	expectCall(t, mux, apiCall{method: "POST", path: "/api/customer/device/Pump-7/claim", body: `{}`, status: http.StatusBadRequest,
		answer: `"CLAIMED"`})

	if _, err := c.Devices.Get(t.Context(), dvDevice); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get: %v, want ErrNotFound", err)
	}
	if _, err := c.Devices.Save(t.Context(), &Device{Name: "A4B72CCDFF33", Version: 2}, nil); !errors.Is(err, ErrVersionConflict) {
		t.Errorf("Save: %v, want ErrVersionConflict", err)
	}
	_, err := c.Devices.Claim(t.Context(), "Pump-7", ClaimRequest{}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Message != `"CLAIMED"` {
		t.Errorf("Claim: %v, want a 400 carrying CLAIMED", err)
	}
}

func TestDeviceServiceValidation(t *testing.T) {
	noRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":       func(ctx context.Context, c *Client) error { _, err := c.Devices.Get(ctx, ""); return err },
		"GetInfo":   func(ctx context.Context, c *Client) error { _, err := c.Devices.GetInfo(ctx, " "); return err },
		"GetByName": func(ctx context.Context, c *Client) error { _, err := c.Devices.GetByName(ctx, ""); return err },
		"Save":      func(ctx context.Context, c *Client) error { _, err := c.Devices.Save(ctx, nil, nil); return err },
		"SaveWithCredentials": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.SaveWithCredentials(ctx, &Device{}, nil, nil)
			return err
		},
		"SaveWithNoDevice": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.SaveWithCredentials(ctx, nil, &DeviceCredentials{}, nil)
			return err
		},
		"Delete": func(ctx context.Context, c *Client) error { return c.Devices.Delete(ctx, "") },
		"ListCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.ListCustomer(ctx, "", PageLink{}, nil)
			return err
		},
		"ListCustomerInfos": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.ListCustomerInfos(ctx, "", PageLink{}, nil)
			return err
		},
		"ListByEntityGroup": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.ListByEntityGroup(ctx, "", PageLink{})
			return err
		},
		"ListByIDs": func(ctx context.Context, c *Client) error { _, err := c.Devices.ListByIDs(ctx, nil); return err },
		"ListByIDsEmpty": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.ListByIDs(ctx, []string{dvDevice, ""})
			return err
		},
		"GetCredentials":  func(ctx context.Context, c *Client) error { _, err := c.Devices.GetCredentials(ctx, ""); return err },
		"SaveCredentials": func(ctx context.Context, c *Client) error { _, err := c.Devices.SaveCredentials(ctx, nil); return err },
		"SaveCredentialsNoDev": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.SaveCredentials(ctx, &DeviceCredentials{})
			return err
		},
		"AssignToCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.AssignToCustomer(ctx, dvCustomer, "")
			return err
		},
		"UnassignFromCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.UnassignFromCustomer(ctx, "")
			return err
		},
		"AssignToPublic": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.AssignToPublicCustomer(ctx, "")
			return err
		},
		"AssignToTenant": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.AssignToTenant(ctx, "", dvDevice)
			return err
		},
		"Claim": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.Claim(ctx, "", ClaimRequest{}, nil)
			return err
		},
		"Reclaim": func(ctx context.Context, c *Client) error { return c.Devices.Reclaim(ctx, "") },
		"Count": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.CountWithoutOTAPackage(ctx, "FIRMWARE", "")
			return err
		},
		"OneWayRPCNoMethod": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.OneWayRPC(ctx, dvDevice, RPCRequest{})
			return err
		},
		"TwoWayRPCNoDevice": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.TwoWayRPC(ctx, "", RPCRequest{Method: "m"})
			return err
		},
		"OneWayRPCV1": func(ctx context.Context, c *Client) error {
			return c.Devices.OneWayRPCV1(ctx, "", RPCRequest{Method: "m"})
		},
		"TwoWayRPCV1": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.TwoWayRPCV1(ctx, dvDevice, RPCRequest{})
			return err
		},
		"GetPersistentRPC": func(ctx context.Context, c *Client) error { _, err := c.Devices.GetPersistentRPC(ctx, ""); return err },
		"ListPersistentRPC": func(ctx context.Context, c *Client) error {
			_, err := c.Devices.ListPersistentRPC(ctx, "", PageLink{}, nil)
			return err
		},
		"DeletePersistentRPC": func(ctx context.Context, c *Client) error { return c.Devices.DeletePersistentRPC(ctx, "") },
	})
}

func TestDeviceEscapesPathSegments(t *testing.T) {
	c, mux := setup(t)
	var got string
	mux.HandleFunc("/api/customer/device/", func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath()
	})
	if err := c.Devices.Reclaim(t.Context(), "a/b c?d"); err != nil {
		t.Fatal(err)
	}
	if want := "/api/customer/device/a%2Fb%20c%3Fd/claim"; got != want {
		t.Errorf("path %s, want %s", got, want)
	}
}

func TestDeviceCredentialsMQTTBasic(t *testing.T) {
	var c DeviceCredentials
	if _, err := c.MQTTBasic(); err == nil {
		t.Error("MQTTBasic on empty credentials: no error")
	}
	c.CredentialsID = "old"
	c.SetMQTTBasic(MQTTBasicCredentials{ClientID: "id", Password: "pw"})
	if c.CredentialsType != CredentialsMQTTBasic || c.CredentialsID != "" {
		t.Errorf("after SetMQTTBasic: %+v", c)
	}
	assertJSONEqual(t, []byte(c.CredentialsValue), []byte(`{"clientId":"id","password":"pw"}`))
	m, err := c.MQTTBasic()
	if err != nil || *m != (MQTTBasicCredentials{ClientID: "id", Password: "pw"}) {
		t.Errorf("MQTTBasic = %+v, %v", m, err)
	}
	c.CredentialsValue = "not json"
	if _, err := c.MQTTBasic(); err == nil {
		t.Error("MQTTBasic on bad JSON: no error")
	}
}

func TestDeviceJSONRoundTrip(t *testing.T) {
	// An unknown enum value from a newer server decodes and encodes unchanged.
	in := `{"id":{"id":"` + dvCreds + `"},"deviceId":{"entityType":"DEVICE","id":"` + dvDevice + `"},` +
		`"credentialsType":"QUANTUM_KEY","credentialsId":"x"}`
	var c DeviceCredentials
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, out, []byte(in))
	// A zero device encodes as just its (required) name.
	out, _ = json.Marshal(Device{})
	assertJSONEqual(t, out, []byte(`{"name":""}`))
}
