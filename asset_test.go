package thingsboard

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const dvAsset = "b4d5e6f0-7d4f-11ee-b962-0242ac120002"

// assetJSON is an asset as the server writes it.
const assetJSON = `{"id":{"entityType":"ASSET","id":"b4d5e6f0-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"name":"Empire State Building","type":"Building","label":"NY Building",` +
	`"assetProfileId":{"entityType":"ASSET_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"externalId":null,"additionalInfo":{"description":"Building A asset"},"version":1}`

func wantAsset() *Asset {
	return &Asset{
		ID:             NewEntityID(EntityTypeAsset, dvAsset),
		CreatedTime:    1609459200000,
		TenantID:       NewEntityID(EntityTypeTenant, dvTenant),
		CustomerID:     NewEntityID(EntityTypeCustomer, NullUUID),
		Name:           "Empire State Building",
		Type:           "Building",
		Label:          "NY Building",
		AssetProfileID: NewEntityID(EntityTypeAssetProfile, dvProfile),
		AdditionalInfo: json.RawMessage(`{"description":"Building A asset"}`),
		Version:        1,
	}
}

const assetInfoJSON = `{"id":{"entityType":"ASSET","id":"b4d5e6f0-7d4f-11ee-b962-0242ac120002"},"createdTime":1609459200000,` +
	`"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"2a6b3c10-7d4f-11ee-b962-0242ac120002"},` +
	`"name":"Empire State Building","type":"Building","label":null,` +
	`"assetProfileId":{"entityType":"ASSET_PROFILE","id":"5ed7e4e0-7d4f-11ee-b962-0242ac120002"},` +
	`"externalId":null,"additionalInfo":null,"version":2,` +
	`"customerTitle":"Public","customerIsPublic":true,"assetProfileName":"Building"}`

func wantAssetInfo() *AssetInfo {
	return &AssetInfo{
		Asset: Asset{
			ID:             NewEntityID(EntityTypeAsset, dvAsset),
			CreatedTime:    1609459200000,
			TenantID:       NewEntityID(EntityTypeTenant, dvTenant),
			CustomerID:     NewEntityID(EntityTypeCustomer, dvCustomer),
			Name:           "Empire State Building",
			Type:           "Building",
			AssetProfileID: NewEntityID(EntityTypeAssetProfile, dvProfile),
			AdditionalInfo: json.RawMessage(`null`),
			Version:        2,
		},
		CustomerTitle:    "Public",
		CustomerIsPublic: true,
		AssetProfileName: "Building",
	}
}

func TestAssetService(t *testing.T) {
	pl := PageLink{PageSize: 50, TextSearch: "empire"}
	plq := func(kv ...string) url.Values {
		return mkQuery(append([]string{"pageSize", "50", "page", "0", "textSearch", "empire"}, kv...)...)
	}
	assetPage := `{"data":[` + assetJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`
	wantPage := &Page[Asset]{Data: []Asset{*wantAsset()}, TotalPages: 1, TotalElements: 1}
	infoPage := `{"data":[` + assetInfoJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`
	wantInfoPage := &Page[AssetInfo]{Data: []AssetInfo{*wantAssetInfo()}, TotalPages: 1, TotalElements: 1}
	assigned := strings.ReplaceAll(assetJSON, NullUUID, dvCustomer)
	wantAssigned := wantAsset()
	wantAssigned.CustomerID = NewEntityID(EntityTypeCustomer, dvCustomer)
	runMethodCases(t, []methodCase{
		{
			name: "Get",
			call: apiCall{method: "GET", path: "/api/asset/" + dvAsset, answer: assetJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.Get(ctx, dvAsset) },
			want: wantAsset(),
		},
		{
			name: "GetInfo",
			call: apiCall{method: "GET", path: "/api/asset/info/" + dvAsset, answer: assetInfoJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.GetInfo(ctx, dvAsset) },
			want: wantAssetInfo(),
		},
		{
			name: "GetByName",
			call: apiCall{method: "GET", path: "/api/tenant/assets", query: mkQuery("assetName", "Empire State Building"), answer: assetJSON},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.GetByName(ctx, "Empire State Building")
			},
			want: wantAsset(),
		},
		{
			name: "Create",
			call: apiCall{method: "POST", path: "/api/asset", query: mkQuery("entityGroupIds", dvGroup), answer: assetJSON,
				body: `{"name":"Empire State Building","type":"Building","label":"NY Building","additionalInfo":{"description":"Building A asset"}}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.Save(ctx, &Asset{Name: "Empire State Building", Type: "Building", Label: "NY Building",
					AdditionalInfo: json.RawMessage(`{"description":"Building A asset"}`)}, &EntitySaveOptions{EntityGroupIDs: []string{dvGroup}})
			},
			want: wantAsset(),
		},
		{
			name: "Update",
			call: apiCall{method: "POST", path: "/api/asset", answer: assetJSON, body: removeNulls(t, assetJSON)},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.Save(ctx, wantAsset(), nil) },
			want: wantAsset(),
		},
		{
			name: "ListTenant",
			call: apiCall{method: "GET", path: "/api/tenant/assets", query: plq("type", "Building"), answer: assetPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListTenant(ctx, pl, &AssetListOptions{Type: "Building"})
			},
			want: wantPage,
		},
		{
			name: "ListTenantInfos",
			call: apiCall{method: "GET", path: "/api/tenant/assetInfos", query: plq("assetProfileId", dvProfile), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListTenantInfos(ctx, pl, &AssetInfoListOptions{AssetProfileID: dvProfile})
			},
			want: wantInfoPage,
		},
		{
			name: "ListCustomer",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/assets", query: plq(), answer: assetPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListCustomer(ctx, dvCustomer, pl, nil)
			},
			want: wantPage,
		},
		{
			name: "ListCustomerInfos",
			call: apiCall{method: "GET", path: "/api/customer/" + dvCustomer + "/assetInfos",
				query: plq("type", "Building", "includeCustomers", "false"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListCustomerInfos(ctx, dvCustomer, pl, &AssetInfoListOptions{Type: "Building", IncludeCustomers: refOf(false)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListUser",
			call: apiCall{method: "GET", path: "/api/user/assets", query: plq("type", "Building", "assetProfileId", dvProfile), answer: assetPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListUser(ctx, pl, &AssetListOptions{Type: "Building", AssetProfileID: dvProfile})
			},
			want: wantPage,
		},
		{
			name: "ListAllInfos",
			call: apiCall{method: "GET", path: "/api/assetInfos/all", query: plq("includeCustomers", "true"), answer: infoPage},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.ListAllInfos(ctx, pl, &AssetInfoListOptions{Type: "dropped", IncludeCustomers: refOf(true)})
			},
			want: wantInfoPage,
		},
		{
			name: "ListByEntityGroup",
			call: apiCall{method: "GET", path: "/api/entityGroup/" + dvGroup + "/assets", query: plq(), answer: assetPage},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.ListByEntityGroup(ctx, dvGroup, pl) },
			want: wantPage,
		},
		{
			name: "ListByIDs",
			call: apiCall{method: "GET", path: "/api/assets", query: mkQuery("assetIds", dvAsset), answer: "[" + assetJSON + "]"},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.ListByIDs(ctx, []string{dvAsset}) },
			want: []Asset{*wantAsset()},
		},
		{
			name: "FindByQuery",
			call: apiCall{method: "POST", path: "/api/assets", answer: "[" + assetJSON + "]",
				body: `{"parameters":{"rootId":"2a6b3c10-7d4f-11ee-b962-0242ac120002","rootType":"CUSTOMER","direction":"FROM","maxLevel":2,"fetchLastLevelOnly":false},` +
					`"relationType":"Manages","assetTypes":["Building"]}`},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.FindByQuery(ctx, AssetSearchQuery{
					Parameters:   RelationsSearchParameters{RootID: dvCustomer, RootType: EntityTypeCustomer, Direction: DirectionFrom, MaxLevel: 2},
					RelationType: "Manages", AssetTypes: []string{"Building"}})
			},
			want: []Asset{*wantAsset()},
		},
		{
			name: "ListTypes",
			call: apiCall{method: "GET", path: "/api/asset/types",
				answer: `[{"tenantId":{"entityType":"TENANT","id":"1e4c8b20-7d4f-11ee-b962-0242ac120002"},"entityType":"ASSET","type":"Building"}]`},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.ListTypes(ctx) },
			want: []EntitySubtype{{TenantID: NewEntityID(EntityTypeTenant, dvTenant), EntityType: EntityTypeAsset, Type: "Building"}},
		},
		{
			name: "AssignToCustomer",
			call: apiCall{method: "POST", path: "/api/customer/" + dvCustomer + "/asset/" + dvAsset, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.AssignToCustomer(ctx, dvCustomer, dvAsset)
			},
			want: wantAssigned,
		},
		{
			name: "UnassignFromCustomer",
			call: apiCall{method: "DELETE", path: "/api/customer/asset/" + dvAsset, answer: assetJSON},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Assets.UnassignFromCustomer(ctx, dvAsset) },
			want: wantAsset(),
		},
		{
			name: "AssignToPublicCustomer",
			call: apiCall{method: "POST", path: "/api/customer/public/asset/" + dvAsset, answer: assigned},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Assets.AssignToPublicCustomer(ctx, dvAsset)
			},
			want: wantAssigned,
		},
	})

	t.Run("Delete", func(t *testing.T) {
		c, mux := setup(t)
		expectCall(t, mux, apiCall{method: "DELETE", path: "/api/asset/" + dvAsset})
		if err := c.Assets.Delete(t.Context(), dvAsset); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Iterators", func(t *testing.T) {
		pages := []string{
			`{"data":[` + assetJSON + `],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[` + assetJSON + `],"totalPages":2,"totalElements":2,"hasNext":false}`,
		}
		infoPages := []string{
			`{"data":[` + assetInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":true}`,
			`{"data":[` + assetInfoJSON + `],"totalPages":2,"totalElements":2,"hasNext":false}`,
		}
		want := []Asset{*wantAsset(), *wantAsset()}
		wantInfos := []AssetInfo{*wantAssetInfo(), *wantAssetInfo()}
		first := PageLink{PageSize: 1}
		c, mux := setup(t)
		expectPages(t, mux, "/api/tenant/assets", mkQuery("pageSize", "1"), pages...)
		expectPages(t, mux, "/api/customer/"+dvCustomer+"/assets", mkQuery("pageSize", "1", "type", "Building"), pages...)
		expectPages(t, mux, "/api/user/assets", mkQuery("pageSize", "1"), pages...)
		expectPages(t, mux, "/api/tenant/assetInfos", mkQuery("pageSize", "1"), infoPages...)
		expectPages(t, mux, "/api/customer/"+dvCustomer+"/assetInfos", mkQuery("pageSize", "1"), infoPages...)
		ctx := t.Context()
		for name, got := range map[string][]Asset{
			"ListTenantAll":   collect(t, c.Assets.ListTenantAll(ctx, first, nil)),
			"ListCustomerAll": collect(t, c.Assets.ListCustomerAll(ctx, dvCustomer, first, &AssetListOptions{Type: "Building"})),
			"ListUserAll":     collect(t, c.Assets.ListUserAll(ctx, first, nil)),
		} {
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %+v", name, got)
			}
		}
		for name, got := range map[string][]AssetInfo{
			"ListTenantInfosAll":   collect(t, c.Assets.ListTenantInfosAll(ctx, first, nil)),
			"ListCustomerInfosAll": collect(t, c.Assets.ListCustomerInfosAll(ctx, dvCustomer, first, nil)),
		} {
			if !reflect.DeepEqual(got, wantInfos) {
				t.Errorf("%s: %+v", name, got)
			}
		}
	})

	noRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":       func(ctx context.Context, c *Client) error { _, err := c.Assets.Get(ctx, ""); return err },
		"GetInfo":   func(ctx context.Context, c *Client) error { _, err := c.Assets.GetInfo(ctx, ""); return err },
		"GetByName": func(ctx context.Context, c *Client) error { _, err := c.Assets.GetByName(ctx, ""); return err },
		"Save":      func(ctx context.Context, c *Client) error { _, err := c.Assets.Save(ctx, nil, nil); return err },
		"Delete":    func(ctx context.Context, c *Client) error { return c.Assets.Delete(ctx, "") },
		"ListCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.ListCustomer(ctx, "", PageLink{}, nil)
			return err
		},
		"ListCustomerInfos": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.ListCustomerInfos(ctx, "", PageLink{}, nil)
			return err
		},
		"ListByEntityGroup": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.ListByEntityGroup(ctx, "", PageLink{})
			return err
		},
		"ListByIDs": func(ctx context.Context, c *Client) error { _, err := c.Assets.ListByIDs(ctx, nil); return err },
		"AssignToCustomer": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.AssignToCustomer(ctx, "", dvAsset)
			return err
		},
		"Unassign": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.UnassignFromCustomer(ctx, "")
			return err
		},
		"AssignToPublic": func(ctx context.Context, c *Client) error {
			_, err := c.Assets.AssignToPublicCustomer(ctx, "")
			return err
		},
	})
}
