package thingsboard

import (
	"context"
	"reflect"
	"testing"
)

const assetProfileJSON = `{"id":{"entityType":"ASSET_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"createdTime":1609459200000,"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Building","description":null,"image":"/api/images/tenant/building.svg",` +
	`"defaultRuleChainId":{"entityType":"RULE_CHAIN","id":"6fa0c1d0-7d4f-11ee-b962-0242ac120002"},` +
	`"defaultDashboardId":null,"defaultQueueName":null,"defaultEdgeRuleChainId":null,"externalId":null,` +
	`"default":false,"version":2}`

func wantAssetProfile() *AssetProfile {
	return &AssetProfile{
		ID:                 NewEntityID(EntityTypeAssetProfile, dvProfile),
		CreatedTime:        1609459200000,
		TenantID:           NewEntityID(EntityTypeTenant, dvTenant),
		Name:               "Building",
		Image:              "/api/images/tenant/building.svg",
		DefaultRuleChainID: NewEntityID(EntityTypeRuleChain, dvGroup),
		Version:            2,
	}
}

const assetProfileInfoJSON = `{"id":{"entityType":"ASSET_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Building","image":null,"defaultDashboardId":{"entityType":"DASHBOARD","id":"6fa0c1d0-7d4f-11ee-b962-0242ac120002"},` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"}}`

func wantAssetProfileInfo() *AssetProfileInfo {
	return &AssetProfileInfo{
		ID:                 NewEntityID(EntityTypeAssetProfile, dvProfile),
		TenantID:           NewEntityID(EntityTypeTenant, dvTenant),
		Name:               "Building",
		DefaultDashboardID: NewEntityID(EntityTypeDashboard, dvGroup),
	}
}

func TestAssetProfileService(t *testing.T) {
	pl := PageLink{PageSize: 3, SortProperty: "createdTime", SortOrder: ASC}
	plq := mkQuery("pageSize", "3", "page", "0", "sortProperty", "createdTime", "sortOrder", "ASC")
	runMethodCases(t, []methodCase{
		{
			name: "Get",
			call: apiCall{method: "GET", path: "/api/assetProfile/" + dvProfile, answer: assetProfileJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.Get(ctx, dvProfile) },
			want: wantAssetProfile(),
		},
		{
			name: "Create",
			call: apiCall{method: "POST", path: "/api/assetProfile", answer: assetProfileJSON,
				body: `{"name":"Building","image":"/api/images/tenant/building.svg","default":false}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.AssetProfiles.Save(ctx, &AssetProfile{Name: "Building", Image: "/api/images/tenant/building.svg"})
			},
			want: wantAssetProfile(),
		},
		{
			name: "SetDefault",
			call: apiCall{method: "POST", path: "/api/assetProfile/" + dvProfile + "/default", answer: assetProfileJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.SetDefault(ctx, dvProfile) },
			want: wantAssetProfile(),
		},
		{
			name: "GetDefaultInfo",
			call: apiCall{method: "GET", path: "/api/assetProfileInfo/default", answer: assetProfileInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.GetDefaultInfo(ctx) },
			want: wantAssetProfileInfo(),
		},
		{
			name: "GetInfo",
			call: apiCall{method: "GET", path: "/api/assetProfileInfo/" + dvProfile, answer: assetProfileInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.GetInfo(ctx, dvProfile) },
			want: wantAssetProfileInfo(),
		},
		{
			name: "List",
			call: apiCall{method: "GET", path: "/api/assetProfiles", query: plq,
				answer: `{"data":[` + assetProfileJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.List(ctx, pl) },
			want: &Page[AssetProfile]{Data: []AssetProfile{*wantAssetProfile()}, TotalPages: 1, TotalElements: 1},
		},
		{
			name: "ListInfos",
			call: apiCall{method: "GET", path: "/api/assetProfileInfos", query: plq,
				answer: `{"data":[` + assetProfileInfoJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.ListInfos(ctx, pl) },
			want: &Page[AssetProfileInfo]{Data: []AssetProfileInfo{*wantAssetProfileInfo()}, TotalPages: 1, TotalElements: 1},
		},
		{
			name: "ListInfosByIDs",
			call: apiCall{method: "GET", path: "/api/assetProfileInfos/list", query: mkQuery("assetProfileIds", dvProfile),
				answer: "[" + assetProfileInfoJSON + "]"},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.AssetProfiles.ListInfosByIDs(ctx, []string{dvProfile})
			},
			want: []AssetProfileInfo{*wantAssetProfileInfo()},
		},
		{
			name: "ListNames",
			call: apiCall{method: "GET", path: "/api/assetProfile/names",
				answer: `[{"id":{"entityType":"ASSET_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},"name":"Building"}]`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.AssetProfiles.ListNames(ctx, false) },
			want: []EntityInfo{{ID: NewEntityID(EntityTypeAssetProfile, dvProfile), Name: "Building"}},
		},
	})

	t.Run("Delete", func(t *testing.T) {
		c, mux := setup(t)
		expectCall(t, mux, apiCall{method: "DELETE", path: "/api/assetProfile/" + dvProfile})
		if err := c.AssetProfiles.Delete(t.Context(), dvProfile); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Iterators", func(t *testing.T) {
		c, mux := setup(t)
		expectPages(t, mux, "/api/assetProfiles", mkQuery("pageSize", "1"),
			`{"data":[`+assetProfileJSON+`],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[`+assetProfileJSON+`],"totalPages":2,"totalElements":2,"hasNext":false}`)
		expectPages(t, mux, "/api/assetProfileInfos", mkQuery("pageSize", "1"),
			`{"data":[`+assetProfileInfoJSON+`],"totalPages":1,"totalElements":1,"hasNext":false}`)
		if got := collect(t, c.AssetProfiles.ListAll(t.Context(), PageLink{PageSize: 1})); !reflect.DeepEqual(got, []AssetProfile{*wantAssetProfile(), *wantAssetProfile()}) {
			t.Errorf("ListAll: %+v", got)
		}
		if got := collect(t, c.AssetProfiles.ListInfosAll(t.Context(), PageLink{PageSize: 1})); !reflect.DeepEqual(got, []AssetProfileInfo{*wantAssetProfileInfo()}) {
			t.Errorf("ListInfosAll: %+v", got)
		}
	})
	noRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":        func(ctx context.Context, c *Client) error { _, err := c.AssetProfiles.Get(ctx, ""); return err },
		"Save":       func(ctx context.Context, c *Client) error { _, err := c.AssetProfiles.Save(ctx, nil); return err },
		"Delete":     func(ctx context.Context, c *Client) error { return c.AssetProfiles.Delete(ctx, "") },
		"SetDefault": func(ctx context.Context, c *Client) error { _, err := c.AssetProfiles.SetDefault(ctx, ""); return err },
		"GetInfo":    func(ctx context.Context, c *Client) error { _, err := c.AssetProfiles.GetInfo(ctx, ""); return err },
		"ListInfosByIDs": func(ctx context.Context, c *Client) error {
			_, err := c.AssetProfiles.ListInfosByIDs(ctx, nil)
			return err
		},
	})
}
