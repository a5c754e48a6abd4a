package thingsboard

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const dvView = "c5e6f7a0-7d4f-11ee-b962-0242ac120002"

// entityViewJSON is an entity view as the server writes it.
const entityViewJSON = `{"id":{"entityType":"ENTITY_VIEW","id":"c5e6f7a0-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"entityId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"name":"Room 234 readings","type":"Temperature Sensor",` +
	`"keys":{"timeseries":["temperature"],"attributes":{"cs":["model"],"ss":[],"sh":["targetTemp"]}},` +
	`"startTimeMs":1609459200000,"endTimeMs":0,"externalId":null,` +
	`"additionalInfo":{"description":"Temperature readings view"},"version":1}`

func wantEntityView() *EntityView {
	return &EntityView{
		ID:          NewEntityID(EntityTypeEntityView, dvView),
		CreatedTime: 1609459200000,
		EntityID:    NewEntityID(EntityTypeDevice, dvDevice),
		TenantID:    NewEntityID(EntityTypeTenant, dvTenant),
		CustomerID:  NewEntityID(EntityTypeCustomer, NullUUID),
		Name:        "Room 234 readings",
		Type:        "Temperature Sensor",
		Keys: &EntityViewKeys{
			Timeseries: []string{"temperature"},
			Attributes: EntityViewAttributeKeys{Client: []string{"model"}, Server: []string{}, Shared: []string{"targetTemp"}},
		},
		StartTimeMS:    1609459200000,
		AdditionalInfo: json.RawMessage(`{"description":"Temperature readings view"}`),
		Version:        1,
	}
}

const entityViewInfoJSON = `{"id":{"entityType":"ENTITY_VIEW","id":"c5e6f7a0-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"entityId":{"entityType":"ASSET","id":"b4d5e6f0-7d4f-11ee-b962-0242ac120002"},` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"2a6b3c10-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Building view","type":"building","keys":null,"startTimeMs":0,"endTimeMs":0,"externalId":null,` +
	`"additionalInfo":null,"version":3,"customerTitle":"Customer A","customerIsPublic":false}`

func wantEntityViewInfo() *EntityViewInfo {
	return &EntityViewInfo{
		EntityView: EntityView{
			ID:             NewEntityID(EntityTypeEntityView, dvView),
			CreatedTime:    1609459200000,
			EntityID:       NewEntityID(EntityTypeAsset, dvAsset),
			TenantID:       NewEntityID(EntityTypeTenant, dvTenant),
			CustomerID:     NewEntityID(EntityTypeCustomer, dvCustomer),
			Name:           "Building view",
			Type:           "building",
			AdditionalInfo: json.RawMessage(`null`),
			Version:        3,
		},
		CustomerTitle: "Customer A",
	}
}

func TestEntityViewService(t *testing.T) {
	pl := PageLink{PageSize: 7, Page: 3}
	plq := func(kv ...string) url.Values {
		return mkQuery(append([]string{"pageSize", "7", "page", "3"}, kv...)...)
	}
	viewPage := `{"data":[` + entityViewJSON + `],"totalPages":4,"totalElements":22,"hasNext":false}`
	wantPage := &Page[EntityView]{Data: []EntityView{*wantEntityView()}, TotalPages: 4, TotalElements: 22}
	infoPage := `{"data":[` + entityViewInfoJSON + `],"totalPages":4,"totalElements":22,"hasNext":false}`
	wantInfoPage := &Page[EntityViewInfo]{Data: []EntityViewInfo{*wantEntityViewInfo()}, TotalPages: 4, TotalElements: 22}
	assigned := strings.ReplaceAll(entityViewJSON, NullUUID, dvCustomer)
	wantAssigned := wantEntityView()
	wantAssigned.CustomerID = NewEntityID(EntityTypeCustomer, dvCustomer)
	runMethodCases(t, []methodCase{
		{
			name: "Get",
			call: apiCall{method: "GET", path: "/api/entityView/" + dvView, answer: entityViewJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.EntityViews.Get(ctx, dvView) },
			want: wantEntityView(),
		},
		{
			name: "GetInfo",
			call: apiCall{method: "GET", path: "/api/entityView/info/" + dvView, answer: entityViewInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.EntityViews.GetInfo(ctx, dvView) },
			want: wantEntityViewInfo(),
		},
		{
			name: "GetByName",
			call: apiCall{method: "GET", path: "/api/tenant/entityViews", query: mkQuery("entityViewName", "Room 234 readings"), answer: entityViewJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.GetByName(ctx, "Room 234 readings")
			},
			want: wantEntityView(),
		},
		{
			name: "Create",
			call: apiCall{method: "POST", path: "/api/entityView", query: mkQuery("entityGroupId", dvGroup), answer: entityViewJSON,
				body: `{"entityId":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},"name":"Room 234 readings",` +
					`"type":"Temperature Sensor","keys":{"timeseries":["temperature"],"attributes":{"cs":[],"ss":[],"sh":["targetTemp"]}},` +
					`"startTimeMs":1609459200000,"endTimeMs":0}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.Save(ctx, &EntityView{EntityID: NewEntityID(EntityTypeDevice, dvDevice), Name: "Room 234 readings",
					Type: "Temperature Sensor", StartTimeMS: 1609459200000,
					Keys: &EntityViewKeys{Timeseries: []string{"temperature"}, Attributes: EntityViewAttributeKeys{Shared: []string{"targetTemp"}}}},
					&EntitySaveOptions{EntityGroupID: dvGroup})
			},
			want: wantEntityView(),
		},
		{
			name: "Update",
			call: apiCall{method: "POST", path: "/api/entityView", answer: entityViewJSON, body: removeNulls(t, entityViewJSON)},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.Save(ctx, wantEntityView(), nil)
			},
			want: wantEntityView(),
		},
		{
			name: "ListTenant",
			call: apiCall{method: "GET", path: "/api/tenant/entityViews", query: plq("type", "Temperature Sensor"), answer: viewPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListTenant(ctx, pl, &EntityViewListOptions{Type: "Temperature Sensor"})
			},
			want: wantPage,
		},
		{
			name: "ListTenantInfos",
			call: apiCall{method: "GET", path: "/api/tenant/entityViewInfos", query: plq(), answer: infoPage},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.EntityViews.ListTenantInfos(ctx, pl, nil) },
			want: wantInfoPage,
		},
		{
			name: "ListCustomer",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/entityViews", query: plq(), answer: viewPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListCustomer(ctx, dvCustomer, pl, &EntityViewListOptions{})
			},
			want: wantPage,
		},
		{
			name: "ListCustomerInfos",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/entityViewInfos",
				query: plq("type", "building", "includeCustomers", "true"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListCustomerInfos(ctx, dvCustomer, pl, &EntityViewInfoListOptions{Type: "building", IncludeCustomers: refOf(true)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListUser",
			call: apiCall{method: "GET", path: "/api/user/entityViews", query: plq("type", "building"), answer: viewPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListUser(ctx, pl, &EntityViewListOptions{Type: "building"})
			},
			want: wantPage,
		},
		{
			name: "ListAllInfos",
			call: apiCall{method: "GET", path: "/api/entityViewInfos/all", query: plq("type", "building", "includeCustomers", "false"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListAllInfos(ctx, pl, &EntityViewInfoListOptions{Type: "building", IncludeCustomers: refOf(false)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListByEntityGroup",
			call: apiCall{method: "GET", path: "/api/entityGroup/" + dvGroup + "/entityViews", query: plq(), answer: viewPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListByEntityGroup(ctx, dvGroup, pl)
			},
			want: wantPage,
		},
		{
			name: "ListByIDs",
			call: apiCall{method: "GET", path: "/api/entityViews/list", query: mkQuery("entityViewIds", dvView+","+dvAsset),
				answer: "[" + entityViewJSON + "]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.ListByIDs(ctx, []string{dvView, dvAsset})
			},
			want: []EntityView{*wantEntityView()},
		},
		{
			name: "FindByQuery",
			call: apiCall{method: "POST", path: "/api/entityViews", answer: "[" + entityViewJSON + "]",
				body: `{"parameters":{"rootId":"784f394c-42b6-435a-983c-b7beff2784f9","rootType":"DEVICE","direction":"TO","fetchLastLevelOnly":false},"entityViewTypes":[]}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.FindByQuery(ctx, EntityViewSearchQuery{
					Parameters: RelationsSearchParameters{RootID: dvDevice, RootType: EntityTypeDevice, Direction: DirectionTo}})
			},
			want: []EntityView{*wantEntityView()},
		},
		{
			name: "ListTypes",
			call: apiCall{method: "GET", path: "/api/entityView/types",
				answer: `[{"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},"entityType":"ENTITY_VIEW","type":"building"}]`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.EntityViews.ListTypes(ctx) },
			want: []EntitySubtype{{TenantID: NewEntityID(EntityTypeTenant, dvTenant), EntityType: EntityTypeEntityView, Type: "building"}},
		},
		{
			name: "AssignToCustomer",
			call: apiCall{method: "POST", path: "/api/customer/" + dvCustomer + "/entityView/" + dvView, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.AssignToCustomer(ctx, dvCustomer, dvView)
			},
			want: wantAssigned,
		},
		{
			name: "UnassignFromCustomer",
			call: apiCall{method: "DELETE", path: "/api/customer/entityView/" + dvView, answer: entityViewJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.UnassignFromCustomer(ctx, dvView)
			},
			want: wantEntityView(),
		},
		{
			name: "AssignToPublicCustomer",
			call: apiCall{method: "POST", path: "/api/customer/public/entityView/" + dvView, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityViews.AssignToPublicCustomer(ctx, dvView)
			},
			want: wantAssigned,
		},
	})

	t.Run("Delete", func(t *testing.T) {
		c, mux := setup(t)
		expectCall(t, mux, apiCall{method: "DELETE", path: "/api/entityView/" + dvView})
		if err := c.EntityViews.Delete(t.Context(), dvView); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Iterators", func(t *testing.T) {
		pages := []string{
			`{"data":[` + entityViewJSON + `],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[` + entityViewJSON + `],"totalPages":2,"totalElements":2,"hasNext":false}`,
		}
		infoPages := []string{
			`{"data":[` + entityViewInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[` + entityViewInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":false}`,
		}
		want := []EntityView{*wantEntityView(), *wantEntityView()}
		wantInfos := []EntityViewInfo{*wantEntityViewInfo(), *wantEntityViewInfo()}
		first := PageLink{PageSize: 1}
		c, mux := setup(t)
		expectPages(t, mux, "/api/tenant/entityViews", mkQuery("pageSize", "1"), pages...)
		expectPages(t, mux, "/api/customer/"+dvCustomer+"/entityViews", mkQuery("pageSize", "1"), pages...)
		expectPages(t, mux, "/api/user/entityViews", mkQuery("pageSize", "1", "type", "x"), pages...)
		expectPages(t, mux, "/api/tenant/entityViewInfos", mkQuery("pageSize", "1"), infoPages...)
		expectPages(t, mux, "/api/customer/"+dvCustomer+"/entityViewInfos", mkQuery("pageSize", "1"), infoPages...)
		ctx := t.Context()
		for name, got := range map[string][]EntityView{
			"ListTenantAll":   collect(t, c.EntityViews.ListTenantAll(ctx, first, nil)),
			"ListCustomerAll": collect(t, c.EntityViews.ListCustomerAll(ctx, dvCustomer, first, nil)),
			"ListUserAll":     collect(t, c.EntityViews.ListUserAll(ctx, first, &EntityViewListOptions{Type: "x"})),
		} {
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %+v", name, got)
			}
		}
		for name, got := range map[string][]EntityViewInfo{
			"ListTenantInfosAll":   collect(t, c.EntityViews.ListTenantInfosAll(ctx, first, nil)),
			"ListCustomerInfosAll": collect(t, c.EntityViews.ListCustomerInfosAll(ctx, dvCustomer, first, nil)),
		} {
			if !reflect.DeepEqual(got, wantInfos) {
				t.Errorf("%s: %+v", name, got)
			}
		}
	})

	noRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":       func(ctx context.Context, c *Client) error { _, err := c.EntityViews.Get(ctx, ""); return err },
		"GetInfo":   func(ctx context.Context, c *Client) error { _, err := c.EntityViews.GetInfo(ctx, ""); return err },
		"GetByName": func(ctx context.Context, c *Client) error { _, err := c.EntityViews.GetByName(ctx, ""); return err },
		"Save":      func(ctx context.Context, c *Client) error { _, err := c.EntityViews.Save(ctx, nil, nil); return err },
		"Delete":    func(ctx context.Context, c *Client) error { return c.EntityViews.Delete(ctx, "") },
		"ListCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.ListCustomer(ctx, "", PageLink{}, nil)
			return err
		},
		"ListCustomerInfos": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.ListCustomerInfos(ctx, "", PageLink{}, nil)
			return err
		},
		"ListByEntityGroup": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.ListByEntityGroup(ctx, "", PageLink{})
			return err
		},
		"ListByIDs": func(ctx context.Context, c *Client) error { _, err := c.EntityViews.ListByIDs(ctx, nil); return err },
		"AssignToCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.AssignToCustomer(ctx, dvCustomer, "")
			return err
		},
		"Unassign": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.UnassignFromCustomer(ctx, "")
			return err
		},
		"AssignToPublic": func(ctx context.Context, c *Client) error {
			_, err := c.EntityViews.AssignToPublicCustomer(ctx, "")
			return err
		},
	})
}

func TestEntityViewKeysEncoding(t *testing.T) {
	b, err := json.Marshal(EntityViewKeys{Timeseries: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, b, []byte(`{"timeseries":["t"],"attributes":{"cs":[],"ss":[],"sh":[]}}`))
}
