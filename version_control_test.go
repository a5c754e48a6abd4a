package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const fxVersionJSON = `{"timestamp": 1719820800000, "id": "8f3c1a2b9d4e5f60718293a4b5c6d7e8f9012345", "name": "Thermostat profile v2", "author": "Tenant Admin <tenant@thingsboard.org>"}`

func fxVersionValue() EntityVersion {
	return EntityVersion{Timestamp: 1719820800000, ID: "8f3c1a2b9d4e5f60718293a4b5c6d7e8f9012345", Name: "Thermostat profile v2",
		Author: "Tenant Admin <tenant@thingsboard.org>"}
}

func versionControlCases() []rulesCase {
	v := fxVersionValue()
	device := NewEntityID(EntityTypeDevice, fxRulesDevice)
	return []rulesCase{
		{name: "SaveVersion/single", method: "POST", path: "/api/entities/vc/version",
			body: `{"type":"SINGLE_ENTITY","versionName":"Thermostat profile v2","branch":"main",
				"entityId":{"entityType":"DEVICE","id":"` + fxRulesDevice + `"},
				"config":{"saveRelations":true,"saveAttributes":true,"saveCredentials":false,"saveCalculatedFields":false}}`,
			answer: `"` + fxVCRequest + `"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.SaveVersion(ctx, VersionCreateRequest{Type: VersionCreateSingleEntity,
					VersionName: "Thermostat profile v2", Branch: "main", EntityID: device,
					Config: &VersionCreateConfig{SaveRelations: true, SaveAttributes: true}})
			},
			want: fxVCRequest},
		{name: "SaveVersion/complex", method: "POST", path: "/api/entities/vc/version",
			body: `{"type":"COMPLEX","versionName":"Everything","syncStrategy":"MERGE","entityTypes":{
				"DEVICE":{"saveRelations":false,"saveAttributes":true,"saveCredentials":true,"saveCalculatedFields":false,
				"syncStrategy":"OVERWRITE","allEntities":false,"entityIds":["` + fxRulesDevice + `"]},
				"ASSET":{"saveRelations":false,"saveAttributes":false,"saveCredentials":false,"saveCalculatedFields":false,"allEntities":true}}}`,
			answer: `"` + fxVCRequest + `"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.SaveVersion(ctx, VersionCreateRequest{Type: VersionCreateComplex, VersionName: "Everything",
					SyncStrategy: SyncStrategyMerge, EntityTypes: map[EntityType]EntityTypeVersionCreateConfig{
						EntityTypeDevice: {VersionCreateConfig: VersionCreateConfig{SaveAttributes: true, SaveCredentials: true},
							SyncStrategy: SyncStrategyOverwrite, EntityIDs: []string{fxRulesDevice}},
						EntityTypeAsset: {AllEntities: true},
					}})
			},
			want: fxVCRequest},
		{name: "GetVersionCreateStatus", method: "GET", path: "/api/entities/vc/version/" + fxVCRequest + "/status",
			answer: `{"version":` + fxVersionJSON + `,"added":1,"modified":2,"removed":0,"error":null,"done":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.GetVersionCreateStatus(ctx, fxVCRequest)
			},
			want: &VersionCreationResult{Version: &v, Added: 1, Modified: 2, Done: true}},
		{name: "ListEntityVersions", method: "GET", path: "/api/entities/vc/version/DEVICE/" + fxRulesDevice,
			query: map[string]string{"branch": "main", "pageSize": "10", "page": "0", "sortProperty": "timestamp", "sortOrder": "DESC",
				"internalEntityId": fxRulesGroup},
			answer: rulesPage(false, fxVersionJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.ListEntityVersions(ctx, device, "main", PageLink{PageSize: 10, SortProperty: "timestamp", SortOrder: DESC},
					&EntityVersionListOptions{InternalEntityID: fxRulesGroup})
			},
			want: &Page[EntityVersion]{Data: []EntityVersion{v}, TotalPages: 1, TotalElements: 1}},
		{name: "ListEntityTypeVersions", method: "GET", path: "/api/entities/vc/version/DEVICE_PROFILE",
			query: map[string]string{"branch": "release/1.0", "pageSize": "5", "page": "0"}, answer: rulesPage(false, fxVersionJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.ListEntityTypeVersions(ctx, EntityTypeDeviceProfile, "release/1.0", NewPageLink(5))
			},
			want: &Page[EntityVersion]{Data: []EntityVersion{v}, TotalPages: 1, TotalElements: 1}},
		{name: "ListVersions", method: "GET", path: "/api/entities/vc/version",
			query: map[string]string{"branch": "main", "pageSize": "5", "page": "1", "textSearch": "profile"}, answer: rulesPage(false, fxVersionJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.ListVersions(ctx, "main", PageLink{PageSize: 5, Page: 1, TextSearch: "profile"})
			},
			want: &Page[EntityVersion]{Data: []EntityVersion{v}, TotalPages: 1, TotalElements: 1}},
		{name: "ListVersionsAll", method: "GET", path: "/api/entities/vc/version",
			query: map[string]string{"branch": "main", "pageSize": "5", "page": "0"}, answer: rulesPage(false, fxVersionJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.VersionControl.ListVersionsAll(ctx, "main", NewPageLink(5)))
			},
			want: []EntityVersion{v}},
		{name: "GetEntityDataInfo", method: "GET", path: "/api/entities/vc/info/" + v.ID + "/DEVICE/" + fxRulesDevice,
			answer: `{"hasRelations":true,"hasAttributes":true,"hasCredentials":false,"hasCalculatedFields":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.GetEntityDataInfo(ctx, v.ID, device, nil)
			},
			want: &EntityDataInfo{HasRelations: true, HasAttributes: true}},
		{name: "GetEntityDataInfo/internal id", method: "GET", path: "/api/entities/vc/info/" + v.ID + "/DEVICE/" + fxRulesDevice,
			query:  map[string]string{"internalEntityId": fxRulesGroup},
			answer: `{"hasRelations":false,"hasAttributes":false,"hasCredentials":true,"hasCalculatedFields":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.GetEntityDataInfo(ctx, v.ID, device, &EntityDataInfoOptions{InternalEntityID: fxRulesGroup})
			},
			want: &EntityDataInfo{HasCredentials: true, HasCalculatedFields: true}},
		{name: "CompareToVersion", method: "GET", path: "/api/entities/vc/diff/DEVICE/" + fxRulesDevice, query: map[string]string{"versionId": v.ID},
			answer: `{"currentVersion":{"entityType":"DEVICE","entity":{"name":"T1","label":"new"}},"otherVersion":{"entityType":"DEVICE","entity":{"name":"T1","label":"old"}}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.CompareToVersion(ctx, device, v.ID)
			},
			want: &EntityDataDiff{CurrentVersion: json.RawMessage(`{"entityType":"DEVICE","entity":{"name":"T1","label":"new"}}`),
				OtherVersion: json.RawMessage(`{"entityType":"DEVICE","entity":{"name":"T1","label":"old"}}`)}},
		{name: "LoadVersion/single", method: "POST", path: "/api/entities/vc/entity",
			body: `{"type":"SINGLE_ENTITY","versionId":"` + v.ID + `","externalEntityId":{"entityType":"DEVICE","id":"` + fxRulesDevice + `"},
				"config":{"loadRelations":true,"loadAttributes":false,"loadCredentials":true,"loadCalculatedFields":false}}`,
			answer: `"` + fxVCRequest + `"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.LoadVersion(ctx, VersionLoadRequest{Type: VersionLoadSingleEntity, VersionID: v.ID,
					ExternalEntityID: device, Config: &VersionLoadConfig{LoadRelations: true, LoadCredentials: true}})
			},
			want: fxVCRequest},
		{name: "LoadVersion/entity types", method: "POST", path: "/api/entities/vc/entity",
			body: `{"type":"ENTITY_TYPE","versionId":"` + v.ID + `","rollbackOnError":true,"entityTypes":{"DEVICE":{
				"loadRelations":false,"loadAttributes":true,"loadCredentials":false,"loadCalculatedFields":false,
				"removeOtherEntities":true,"findExistingEntityByName":true}}}`,
			answer: `"` + fxVCRequest + `"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.LoadVersion(ctx, VersionLoadRequest{Type: VersionLoadEntityType, VersionID: v.ID, RollbackOnError: true,
					EntityTypes: map[EntityType]EntityTypeVersionLoadConfig{EntityTypeDevice: {VersionLoadConfig: VersionLoadConfig{LoadAttributes: true},
						RemoveOtherEntities: true, FindExistingEntityByName: true}}})
			},
			want: fxVCRequest},
		{name: "LoadVersion/bare id", method: "POST", path: "/api/entities/vc/entity",
			body:   `{"type":"SINGLE_ENTITY","versionId":"` + v.ID + `","externalEntityId":{"entityType":"DEVICE","id":"` + fxRulesDevice + `"}}`,
			answer: " " + fxVCRequest + "\n", ctype: "text/plain",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.LoadVersion(ctx, VersionLoadRequest{Type: VersionLoadSingleEntity, VersionID: v.ID, ExternalEntityID: device})
			},
			want: fxVCRequest},
		{name: "GetVersionLoadStatus", method: "GET", path: "/api/entities/vc/entity/" + fxVCRequest + "/status",
			answer: `{"result":[{"entityType":"DEVICE","created":1,"updated":2,"deleted":0}],
				"error":{"type":"MISSING_REFERENCED_ENTITY","source":{"entityType":"DEVICE","id":"` + fxRulesDevice + `"},
				"target":{"entityType":"DEVICE_PROFILE","id":"` + fxRulesProfile + `"},"message":null},"done":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.VersionControl.GetVersionLoadStatus(ctx, fxVCRequest)
			},
			want: &VersionLoadResult{Result: []EntityTypeLoadResult{{EntityType: EntityTypeDevice, Created: 1, Updated: 2}},
				Error: &EntityLoadError{Type: "MISSING_REFERENCED_ENTITY", Source: device,
					Target: NewEntityID(EntityTypeDeviceProfile, fxRulesProfile)}, Done: true}},
		{name: "ListBranches", method: "GET", path: "/api/entities/vc/branches",
			answer: `[{"name":"main","default":true},{"name":"release/1.0","default":false}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.VersionControl.ListBranches(ctx) },
			want:   []BranchInfo{{Name: "main", Default: true}, {Name: "release/1.0"}}},
	}
}

func TestVersionControlService(t *testing.T) { rulesRun(t, versionControlCases()) }

func TestVersionControlArguments(t *testing.T) {
	device := NewEntityID(EntityTypeDevice, fxRulesDevice)
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"SaveVersion": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.SaveVersion(ctx, VersionCreateRequest{})
			return err
		},
		"GetVersionCreateStatus": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.GetVersionCreateStatus(ctx, "")
			return err
		},
		"ListEntityVersions entity": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.ListEntityVersions(ctx, EntityID{ID: fxRulesDevice}, "main", NewPageLink(1), nil)
			return err
		},
		"ListEntityVersions branch": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.ListEntityVersions(ctx, device, "", NewPageLink(1), nil)
			return err
		},
		"ListEntityTypeVersions": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.ListEntityTypeVersions(ctx, "", "main", NewPageLink(1))
			return err
		},
		"ListVersions": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.ListVersions(ctx, " ", NewPageLink(1))
			return err
		},
		"ListVersionsAll": func(ctx context.Context, c *Client) error {
			_, err := rulesDrain(c.VersionControl.ListVersionsAll(ctx, "", NewPageLink(1)))
			return err
		},
		"GetEntityDataInfo version": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.GetEntityDataInfo(ctx, "", device, nil)
			return err
		},
		"GetEntityDataInfo entity": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.GetEntityDataInfo(ctx, "v1", EntityID{EntityType: EntityTypeDevice}, nil)
			return err
		},
		"CompareToVersion entity": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.CompareToVersion(ctx, EntityID{}, "v1")
			return err
		},
		"CompareToVersion version": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.CompareToVersion(ctx, device, "")
			return err
		},
		"LoadVersion": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.LoadVersion(ctx, VersionLoadRequest{Type: VersionLoadSingleEntity})
			return err
		},
		"GetVersionLoadStatus": func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.GetVersionLoadStatus(ctx, "")
			return err
		},
	}, map[string]string{"ListEntityVersions branch": "branch", "ListEntityVersions entity": "externalEntityID",
		"LoadVersion": "versionId", "CompareToVersion version": "versionID", "SaveVersion": "type"})
}

// The request id comes back as a JSON string; an empty or broken answer is an error.
func TestVersionControlBadRequestID(t *testing.T) {
	for _, answer := range []string{"", `""`, `"` + fxVCRequest, ` "  " `} {
		rulesRunError(t, "POST", "/api/entities/vc/version", answer, func(ctx context.Context, c *Client) error {
			_, err := c.VersionControl.SaveVersion(ctx, VersionCreateRequest{Type: VersionCreateComplex})
			return err
		})
	}
}
