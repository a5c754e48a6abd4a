package thingsboard

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// deviceProfileJSON is a device profile as the server writes it.
const deviceProfileJSON = `{"id":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"createdTime":1609459200000,"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Moisture Sensor","description":"Soil sensors","image":null,"type":"DEFAULT","transportType":"MQTT",` +
	`"provisionType":"DISABLED","defaultRuleChainId":null,` +
	`"defaultDashboardId":{"entityType":"DASHBOARD","id":"6fa0c1d0-7d4f-11ee-b962-0242ac120002"},` +
	`"defaultQueueName":"Main","profileData":{"configuration":{"type":"DEFAULT"},` +
	`"transportConfiguration":{"type":"MQTT","deviceTelemetryTopic":"v1/devices/me/telemetry"},` +
	`"provisionConfiguration":{"type":"DISABLED","provisionDeviceSecret":null},"alarms":null},` +
	`"provisionDeviceKey":null,"firmwareId":null,"softwareId":null,"defaultEdgeRuleChainId":null,` +
	`"externalId":null,"default":true,"version":4}`

func wantDeviceProfile() *DeviceProfile {
	return &DeviceProfile{
		ID:                 NewEntityID(EntityTypeDeviceProfile, dvProfile),
		CreatedTime:        1609459200000,
		TenantID:           NewEntityID(EntityTypeTenant, dvTenant),
		Name:               "Moisture Sensor",
		Description:        "Soil sensors",
		Type:               DeviceProfileTypeDefault,
		TransportType:      TransportMQTT,
		ProvisionType:      ProvisionDisabled,
		DefaultDashboardID: NewEntityID(EntityTypeDashboard, dvGroup),
		DefaultQueueName:   "Main",
		ProfileData: DeviceProfileData{
			Configuration:          json.RawMessage(`{"type":"DEFAULT"}`),
			TransportConfiguration: json.RawMessage(`{"type":"MQTT","deviceTelemetryTopic":"v1/devices/me/telemetry"}`),
			ProvisionConfiguration: json.RawMessage(`{"type":"DISABLED","provisionDeviceSecret":null}`),
			Alarms:                 json.RawMessage(`null`),
		},
		Default: true,
		Version: 4,
	}
}

const deviceProfileInfoJSON = `{"id":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Moisture Sensor","image":null,"defaultDashboardId":null,"type":"DEFAULT","transportType":"MQTT",` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"}}`

func wantDeviceProfileInfo() *DeviceProfileInfo {
	return &DeviceProfileInfo{
		ID:            NewEntityID(EntityTypeDeviceProfile, dvProfile),
		TenantID:      NewEntityID(EntityTypeTenant, dvTenant),
		Name:          "Moisture Sensor",
		Type:          DeviceProfileTypeDefault,
		TransportType: TransportMQTT,
	}
}

func TestDeviceProfileService(t *testing.T) {
	pl := PageLink{PageSize: 5, Page: 2, SortProperty: "name"}
	plq := func(kv ...string) []string {
		return append([]string{"pageSize", "5", "page", "2", "sortProperty", "name"}, kv...)
	}
	profilePage := `{"data":[` + deviceProfileJSON + `],"totalPages":3,"totalElements":11,"hasNext":false}`
	infoPage := `{"data":[` + deviceProfileInfoJSON + `],"totalPages":3,"totalElements":11,"hasNext":false}`
	runMethodCases(t, []methodCase{
		{
			name: "Get",
			call: apiCall{method: "GET", path: "/api/deviceProfile/" + dvProfile, answer: deviceProfileJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.Get(ctx, dvProfile) },
			want: wantDeviceProfile(),
		},
		{
			name: "Create",
			call: apiCall{method: "POST", path: "/api/deviceProfile", answer: deviceProfileJSON,
				body: `{"name":"Moisture Sensor","type":"DEFAULT","transportType":"DEFAULT","provisionType":"DISABLED",` +
					`"profileData":{"configuration":{"type":"DEFAULT"},"transportConfiguration":{"type":"DEFAULT"},` +
					`"provisionConfiguration":{"type":"DISABLED","provisionDeviceSecret":null}},"default":false}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.DeviceProfiles.Save(ctx, &DeviceProfile{Name: "Moisture Sensor", Type: DeviceProfileTypeDefault,
					TransportType: TransportDefault, ProvisionType: ProvisionDisabled, ProfileData: DefaultDeviceProfileData()})
			},
			want: wantDeviceProfile(),
		},
		{
			name: "SetDefault",
			call: apiCall{method: "POST", path: "/api/deviceProfile/" + dvProfile + "/default", answer: deviceProfileJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.SetDefault(ctx, dvProfile) },
			want: wantDeviceProfile(),
		},
		{
			name: "GetDefaultInfo",
			call: apiCall{method: "GET", path: "/api/deviceProfileInfo/default", answer: deviceProfileInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.GetDefaultInfo(ctx) },
			want: wantDeviceProfileInfo(),
		},
		{
			name: "GetInfo",
			call: apiCall{method: "GET", path: "/api/deviceProfileInfo/" + dvProfile, answer: deviceProfileInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.GetInfo(ctx, dvProfile) },
			want: wantDeviceProfileInfo(),
		},
		{
			name: "List",
			call: apiCall{method: "GET", path: "/api/deviceProfiles", query: mkQuery(plq()...), answer: profilePage},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.List(ctx, pl) },
			want: &Page[DeviceProfile]{Data: []DeviceProfile{*wantDeviceProfile()}, TotalPages: 3, TotalElements: 11},
		},
		{
			name: "ListInfos",
			call: apiCall{method: "GET", path: "/api/deviceProfileInfos", query: mkQuery(plq("transportType", "MQTT")...), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.DeviceProfiles.ListInfos(ctx, pl, &DeviceProfileInfoListOptions{TransportType: TransportMQTT})
			},
			want: &Page[DeviceProfileInfo]{Data: []DeviceProfileInfo{*wantDeviceProfileInfo()}, TotalPages: 3, TotalElements: 11},
		},
		{
			name: "ListInfosByIDs",
			call: apiCall{method: "GET", path: "/api/deviceProfileInfos/list", query: mkQuery("deviceProfileIds", dvProfile+","+dvGroup),
				answer: "[" + deviceProfileInfoJSON + "]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.DeviceProfiles.ListInfosByIDs(ctx, []string{dvProfile, dvGroup})
			},
			want: []DeviceProfileInfo{*wantDeviceProfileInfo()},
		},
		{
			name: "ListNames",
			call: apiCall{method: "GET", path: "/api/deviceProfile/names", query: mkQuery("activeOnly", "true"),
				answer: `[{"id":{"entityType":"DEVICE_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},"name":"Moisture Sensor"}]`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.ListNames(ctx, true) },
			want: []EntityInfo{{ID: NewEntityID(EntityTypeDeviceProfile, dvProfile), Name: "Moisture Sensor"}},
		},
		{
			name: "ListNamesAll",
			call: apiCall{method: "GET", path: "/api/deviceProfile/names", answer: `[]`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.DeviceProfiles.ListNames(ctx, false) },
			want: []EntityInfo{},
		},
		{
			name: "ListAttributeKeys",
			call: apiCall{method: "GET", path: "/api/deviceProfile/devices/keys/attributes", query: mkQuery("deviceProfileId", dvProfile),
				answer: `["active","firmwareVersion"]`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.DeviceProfiles.ListAttributeKeys(ctx, dvProfile)
			},
			want: []string{"active", "firmwareVersion"},
		},
		{
			name: "ListTimeseriesKeys",
			call: apiCall{method: "GET", path: "/api/deviceProfile/devices/keys/timeseries", answer: `["temperature"]`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.DeviceProfiles.ListTimeseriesKeys(ctx, "")
			},
			want: []string{"temperature"},
		},
	})

	t.Run("Delete", func(t *testing.T) {
		c, mux := setup(t)
		expectCall(t, mux, apiCall{method: "DELETE", path: "/api/deviceProfile/" + dvProfile})
		if err := c.DeviceProfiles.Delete(t.Context(), dvProfile); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Iterators", func(t *testing.T) {
		c, mux := setup(t)
		expectPages(t, mux, "/api/deviceProfiles", mkQuery("pageSize", "1"),
			`{"data":[`+deviceProfileJSON+`],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[`+deviceProfileJSON+`],"totalPages":2,"totalElements":2,"hasNext":false}`)
		expectPages(t, mux, "/api/deviceProfileInfos", mkQuery("pageSize", "1", "transportType", "MQTT"),
			`{"data":[`+deviceProfileInfoJSON+`],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[],"totalPages":2,"totalElements":2,"hasNext":true}`)
		profiles := collect(t, c.DeviceProfiles.ListAll(t.Context(), PageLink{PageSize: 1}))
		if want := []DeviceProfile{*wantDeviceProfile(), *wantDeviceProfile()}; !reflect.DeepEqual(profiles, want) {
			t.Errorf("ListAll: %+v", profiles)
		}
		// An empty page ends the iteration even when the server says there is more.
		infos := collect(t, c.DeviceProfiles.ListInfosAll(t.Context(), PageLink{PageSize: 1}, &DeviceProfileInfoListOptions{TransportType: TransportMQTT}))
		if want := []DeviceProfileInfo{*wantDeviceProfileInfo()}; !reflect.DeepEqual(infos, want) {
			t.Errorf("ListInfosAll: %+v", infos)
		}
	})
	noRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":        func(ctx context.Context, c *Client) error { _, err := c.DeviceProfiles.Get(ctx, ""); return err },
		"Save":       func(ctx context.Context, c *Client) error { _, err := c.DeviceProfiles.Save(ctx, nil); return err },
		"Delete":     func(ctx context.Context, c *Client) error { return c.DeviceProfiles.Delete(ctx, "") },
		"SetDefault": func(ctx context.Context, c *Client) error { _, err := c.DeviceProfiles.SetDefault(ctx, ""); return err },
		"GetInfo":    func(ctx context.Context, c *Client) error { _, err := c.DeviceProfiles.GetInfo(ctx, ""); return err },
		"ListInfosByIDs": func(ctx context.Context, c *Client) error {
			_, err := c.DeviceProfiles.ListInfosByIDs(ctx, []string{})
			return err
		},
	})
}
