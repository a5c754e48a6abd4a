package thingsboard

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

const (
	fxTenantProfileID  = "a1b2c3d0-4f1a-11ee-9c6d-2b1e8a3f0a02"
	fxTenantProfileID2 = "a1b2c3d0-4f1a-11ee-9c6d-2b1e8a3f0a03"
)

const fxTenantProfileJSON = `{"id":{"entityType":"TENANT_PROFILE","id":"a1b2c3d0-4f1a-11ee-9c6d-2b1e8a3f0a02"},` +
	`"createdTime":1609459200000,"name":"Default","description":"Default tenant profile","default":true,` +
	`"isolatedTbRuleEngine":true,"profileData":{"configuration":{"type":"DEFAULT","maxDevices":0,"maxAssets":0},` +
	`"queueConfiguration":[{"name":"Main","topic":"tb_rule_engine.main","pollInterval":25,"partitions":10,` +
	`"consumerPerPartition":true,"packProcessingTimeout":2000,"submitStrategy":{"type":"BURST","batchSize":1000},` +
	`"processingStrategy":{"type":"SKIP_ALL_FAILURES","retries":3,"failurePercentage":0.0,"pauseBetweenRetries":3,"maxPauseBetweenRetries":3},` +
	`"additionalInfo":null}]}}`

func fxTenantProfile() *TenantProfile {
	return &TenantProfile{
		ID:                   NewEntityID(EntityTypeTenantProfile, fxTenantProfileID),
		CreatedTime:          1609459200000,
		Name:                 "Default",
		Description:          "Default tenant profile",
		Default:              true,
		IsolatedTBRuleEngine: true,
		ProfileData: TenantProfileData{
			Configuration: json.RawMessage(`{"type":"DEFAULT","maxDevices":0,"maxAssets":0}`),
			QueueConfiguration: []TenantProfileQueueConfiguration{{
				Name: "Main", Topic: "tb_rule_engine.main", PollInterval: 25, Partitions: 10, ConsumerPerPartition: true,
				PackProcessingTimeout: 2000,
				SubmitStrategy:        SubmitStrategy{Type: SubmitBurst, BatchSize: 1000},
				ProcessingStrategy:    ProcessingStrategy{Type: ProcessingSkipAllFailures, Retries: 3, PauseBetweenRetries: 3, MaxPauseBetweenRetries: 3},
				AdditionalInfo:        json.RawMessage(`null`),
			}},
		},
	}
}

const fxTenantProfileInfoJSON = `{"id":{"entityType":"TENANT_PROFILE","id":"a1b2c3d0-4f1a-11ee-9c6d-2b1e8a3f0a02"},"name":"Default"}`

func fxTenantProfileInfo() *EntityInfo {
	return &EntityInfo{ID: NewEntityID(EntityTypeTenantProfile, fxTenantProfileID), Name: "Default"}
}

func TestTenantProfileService(t *testing.T) {
	plq := map[string]string{"pageSize": "5", "page": "0", "sortProperty": "name", "sortOrder": "ASC", "textSearch": "def"}
	pl := PageLink{PageSize: 5, TextSearch: "def", SortProperty: "name", SortOrder: ASC}
	pfRun(t, []pfCase{
		{
			name: "Get", method: "GET", path: "/api/tenantProfile/" + fxTenantProfileID, answer: fxTenantProfileJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.TenantProfiles.Get(ctx, fxTenantProfileID) },
			want: fxTenantProfile(),
		},
		{
			name: "GetInfo", method: "GET", path: "/api/tenantProfileInfo/" + fxTenantProfileID, answer: fxTenantProfileInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TenantProfiles.GetInfo(ctx, fxTenantProfileID)
			},
			want: fxTenantProfileInfo(),
		},
		{
			name: "GetDefaultInfo", method: "GET", path: "/api/tenantProfileInfo/default", answer: fxTenantProfileInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.TenantProfiles.GetDefaultInfo(ctx) },
			want: fxTenantProfileInfo(),
		},
		{
			name: "SaveNew", method: "POST", path: "/api/tenantProfile", answer: fxTenantProfileJSON,
			body: `{"name":"Default","description":"Default tenant profile","default":false,"isolatedTbRuleEngine":false,"profileData":{"configuration":{"type":"DEFAULT"}}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TenantProfiles.Save(ctx, &TenantProfile{Name: "Default", Description: "Default tenant profile"})
			},
			want: fxTenantProfile(),
		},
		{
			name: "SaveExisting", method: "POST", path: "/api/tenantProfile", answer: fxTenantProfileJSON,
			body: `{"id":{"entityType":"TENANT_PROFILE","id":"a1b2c3d0-4f1a-11ee-9c6d-2b1e8a3f0a02"},"createdTime":1609459200000,` +
				`"name":"Default","description":"Default tenant profile","default":true,"isolatedTbRuleEngine":true,` +
				`"profileData":{"configuration":{"type":"DEFAULT","maxDevices":0,"maxAssets":0},"queueConfiguration":[{"name":"Main",` +
				`"topic":"tb_rule_engine.main","pollInterval":25,"partitions":10,"consumerPerPartition":true,"packProcessingTimeout":2000,` +
				`"submitStrategy":{"type":"BURST","batchSize":1000},"processingStrategy":{"type":"SKIP_ALL_FAILURES","retries":3,` +
				`"failurePercentage":0,"pauseBetweenRetries":3,"maxPauseBetweenRetries":3},"additionalInfo":null}]}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TenantProfiles.Save(ctx, fxTenantProfile())
			},
			want: fxTenantProfile(),
		},
		{
			name: "Delete", method: "DELETE", path: "/api/tenantProfile/" + fxTenantProfileID,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.TenantProfiles.Delete(ctx, fxTenantProfileID)
			},
		},
		{
			name: "SetDefault", method: "POST", path: "/api/tenantProfile/" + fxTenantProfileID + "/default", answer: fxTenantProfileJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TenantProfiles.SetDefault(ctx, fxTenantProfileID)
			},
			want: fxTenantProfile(),
		},
		{
			name: "List", method: "GET", path: "/api/tenantProfiles", query: plq, answer: pfPageJSON(false, fxTenantProfileJSON),
			call: func(ctx context.Context, c *Client) (any, error) { return c.TenantProfiles.List(ctx, pl) },
			want: &Page[TenantProfile]{Data: []TenantProfile{*fxTenantProfile()}, TotalPages: 2, TotalElements: 3},
		},
		{
			name: "ListInfos", method: "GET", path: "/api/tenantProfileInfos", query: plq, answer: pfPageJSON(true, fxTenantProfileInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) { return c.TenantProfiles.ListInfos(ctx, pl) },
			want: &Page[EntityInfo]{Data: []EntityInfo{*fxTenantProfileInfo()}, TotalPages: 2, TotalElements: 3, HasNext: true},
		},
		{
			name: "ListByIDs", method: "GET", path: "/api/tenantProfiles/list",
			query:  map[string]string{"ids": fxTenantProfileID + "," + fxTenantProfileID2},
			answer: "[" + fxTenantProfileJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TenantProfiles.ListByIDs(ctx, []string{fxTenantProfileID, fxTenantProfileID2})
			},
			want: []TenantProfile{*fxTenantProfile()},
		},
	})

	t.Run("ListAll", func(t *testing.T) {
		c, mux := setup(t)
		second := `{"id":{"entityType":"TENANT_PROFILE","id":"` + fxTenantProfileID2 + `"},"name":"Isolated","default":false,"isolatedTbRuleEngine":true}`
		seen := pfPages(t, mux, "/api/tenantProfiles", pfPageJSON(true, fxTenantProfileJSON), pfPageJSON(false, second))
		var names []string
		for p, err := range c.TenantProfiles.ListAll(t.Context(), NewPageLink(1)) {
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, p.Name)
		}
		if !reflect.DeepEqual(names, []string{"Default", "Isolated"}) || len(*seen) != 2 {
			t.Fatalf("names = %v after %d requests", names, len(*seen))
		}
		if got := (*seen)[1].Get("pageSize"); got != "1" {
			t.Errorf("pageSize = %s", got)
		}
	})
	t.Run("ListInfosAll", func(t *testing.T) {
		c, mux := setup(t)
		seen := pfPages(t, mux, "/api/tenantProfileInfos", pfPageJSON(true, fxTenantProfileInfoJSON), pfPageJSON(false, fxTenantProfileInfoJSON))
		n := 0
		for info, err := range c.TenantProfiles.ListInfosAll(t.Context(), NewPageLink(1)) {
			if err != nil {
				t.Fatal(err)
			}
			if info != *fxTenantProfileInfo() {
				t.Errorf("info = %+v", info)
			}
			n++
		}
		if n != 2 || len(*seen) != 2 {
			t.Fatalf("%d items after %d requests", n, len(*seen))
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"Get":      func(ctx context.Context, c *Client) error { _, err := c.TenantProfiles.Get(ctx, ""); return err },
			"GetInfo":  func(ctx context.Context, c *Client) error { _, err := c.TenantProfiles.GetInfo(ctx, ""); return err },
			"Save nil": func(ctx context.Context, c *Client) error { _, err := c.TenantProfiles.Save(ctx, nil); return err },
			"Save name": func(ctx context.Context, c *Client) error {
				_, err := c.TenantProfiles.Save(ctx, &TenantProfile{})
				return err
			},
			"Delete":     func(ctx context.Context, c *Client) error { return c.TenantProfiles.Delete(ctx, "") },
			"SetDefault": func(ctx context.Context, c *Client) error { _, err := c.TenantProfiles.SetDefault(ctx, ""); return err },
			"ListByIDs": func(ctx context.Context, c *Client) error {
				_, err := c.TenantProfiles.ListByIDs(ctx, nil)
				return err
			},
			"ListByIDs blank": func(ctx context.Context, c *Client) error {
				_, err := c.TenantProfiles.ListByIDs(ctx, []string{fxTenantProfileID, ""})
				return err
			},
		})
	})
}
