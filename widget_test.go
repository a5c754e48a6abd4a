package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const fxBundleJSON = `{
  "id": {"entityType": "WIDGETS_BUNDLE", "id": "` + fxBundle + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "alias": "thermostats",
  "title": "Thermostats",
  "image": "tb-image;/api/images/tenant/thermostats.svg",
  "scada": false,
  "description": "Thermostat widgets",
  "order": 3,
  "externalId": null,
  "version": 2,
  "name": "Thermostats"
}`

func fxBundleValue() WidgetsBundle {
	return WidgetsBundle{ID: NewEntityID(EntityTypeWidgetsBundle, fxBundle), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		Alias: "thermostats", Title: "Thermostats", Image: "tb-image;/api/images/tenant/thermostats.svg",
		Description: "Thermostat widgets", Order: rulesPtr(3), Version: 2, Name: "Thermostats"}
}

const fxSystemBundleJSON = `{
  "id": {"entityType": "WIDGETS_BUNDLE", "id": "` + fxBundle + `"},
  "createdTime": 1719820700000,
  "tenantId": {"entityType": "TENANT", "id": "` + NullUUID + `"},
  "alias": "charts",
  "title": "Charts",
  "image": null,
  "scada": false,
  "description": null,
  "order": null,
  "name": "Charts"
}`

func fxSystemBundleValue() WidgetsBundle {
	return WidgetsBundle{ID: NewEntityID(EntityTypeWidgetsBundle, fxBundle), CreatedTime: 1719820700000,
		TenantID: NewEntityID(EntityTypeTenant, NullUUID), Alias: "charts", Title: "Charts", Name: "Charts"}
}

const fxWidgetTypeJSON = `{
  "id": {"entityType": "WIDGET_TYPE", "id": "` + fxWidgetType + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "fqn": "tenant.thermostat_card",
  "name": "Thermostat card",
  "deprecated": false,
  "scada": false,
  "version": 4,
  "descriptor": {"type": "latest", "sizeX": 4, "sizeY": 3}
}`

func fxWidgetTypeValue() WidgetType {
	return WidgetType{ID: NewEntityID(EntityTypeWidgetType, fxWidgetType), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		FQN: "tenant.thermostat_card", Name: "Thermostat card", Version: 4,
		Descriptor: json.RawMessage(`{"type": "latest", "sizeX": 4, "sizeY": 3}`)}
}

const fxWidgetTypeDetailsJSON = `{
  "id": {"entityType": "WIDGET_TYPE", "id": "` + fxWidgetType + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "fqn": "tenant.thermostat_card",
  "name": "Thermostat card",
  "deprecated": false,
  "scada": false,
  "version": 4,
  "descriptor": {"type": "latest", "sizeX": 4, "sizeY": 3},
  "image": "tb-image;/api/images/tenant/thermostat_card.png",
  "description": "Shows a thermostat",
  "tags": ["thermostat", "temperature"],
  "externalId": null,
  "resources": [{"type": "IMAGE", "resourceKey": "thermostat_card.png", "title": "Card", "data": "iVBORw0KGgo="}]
}`

func fxWidgetTypeDetailsValue() WidgetTypeDetails {
	return WidgetTypeDetails{WidgetType: fxWidgetTypeValue(), Image: "tb-image;/api/images/tenant/thermostat_card.png",
		Description: "Shows a thermostat", Tags: []string{"thermostat", "temperature"},
		Resources: []json.RawMessage{json.RawMessage(`{"type": "IMAGE", "resourceKey": "thermostat_card.png", "title": "Card", "data": "iVBORw0KGgo="}`)}}
}

const fxWidgetTypeInfoJSON = `{
  "id": {"entityType": "WIDGET_TYPE", "id": "` + fxWidgetType + `"},
  "createdTime": 1719820800000,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "fqn": "tenant.thermostat_card",
  "name": "Thermostat card",
  "deprecated": true,
  "scada": false,
  "version": 4,
  "image": "tb-image;/api/images/tenant/thermostat_card.png",
  "description": "Shows a thermostat",
  "tags": ["thermostat"],
  "widgetType": "latest",
  "bundles": [{"id": {"entityType": "WIDGETS_BUNDLE", "id": "` + fxBundle + `"}, "name": "Thermostats"}]
}`

func fxWidgetTypeInfoValue() WidgetTypeInfo {
	return WidgetTypeInfo{ID: NewEntityID(EntityTypeWidgetType, fxWidgetType), CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		FQN: "tenant.thermostat_card", Name: "Thermostat card", Deprecated: true, Version: 4,
		Image: "tb-image;/api/images/tenant/thermostat_card.png", Description: "Shows a thermostat", Tags: []string{"thermostat"},
		WidgetType: "latest", Bundles: []EntityInfo{{ID: NewEntityID(EntityTypeWidgetsBundle, fxBundle), Name: "Thermostats"}}}
}

func widgetCases() []rulesCase {
	b, sb := fxBundleValue(), fxSystemBundleValue()
	wt, wd, wi := fxWidgetTypeValue(), fxWidgetTypeDetailsValue(), fxWidgetTypeInfoValue()
	return []rulesCase{
		{name: "GetBundle", method: "GET", path: "/api/widgetsBundle/" + fxBundle, answer: fxBundleJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Widgets.GetBundle(ctx, fxBundle) },
			want: &b},
		{name: "SaveBundle", method: "POST", path: "/api/widgetsBundle",
			body:   `{"title":"Thermostats","scada":false,"description":"Thermostat widgets","order":3}`,
			answer: fxBundleJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.SaveBundle(ctx, &WidgetsBundle{Title: "Thermostats", Description: "Thermostat widgets", Order: rulesPtr(3)})
			},
			want: &b},
		{name: "UpdateBundleTypes", method: "POST", path: "/api/widgetsBundle/" + fxBundle + "/widgetTypes",
			body: `["` + fxWidgetType + `"]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Widgets.UpdateBundleTypes(ctx, fxBundle, []string{fxWidgetType})
			}},
		{name: "UpdateBundleTypes/empty", method: "POST", path: "/api/widgetsBundle/" + fxBundle + "/widgetTypes", body: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Widgets.UpdateBundleTypes(ctx, fxBundle, nil)
			}},
		{name: "UpdateBundleTypeFQNs", method: "POST", path: "/api/widgetsBundle/" + fxBundle + "/widgetTypeFqns",
			body: `["tenant.thermostat_card","timeseries_line_chart"]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Widgets.UpdateBundleTypeFQNs(ctx, fxBundle, []string{"tenant.thermostat_card", "timeseries_line_chart"})
			}},
		{name: "DeleteBundle", method: "DELETE", path: "/api/widgetsBundle/" + fxBundle,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Widgets.DeleteBundle(ctx, fxBundle) }},
		{name: "ListBundles", method: "GET", path: "/api/widgetsBundles",
			query:  map[string]string{"pageSize": "10", "page": "0", "tenantOnly": "true", "fullSearch": "true", "scadaFirst": "true"},
			answer: rulesPage(false, fxBundleJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.ListBundles(ctx, NewPageLink(10), &WidgetsBundleListOptions{TenantOnly: true, FullSearch: true, ScadaFirst: true})
			},
			want: &Page[WidgetsBundle]{Data: []WidgetsBundle{b}, TotalPages: 1, TotalElements: 1}},
		{name: "ListBundlesAll", method: "GET", path: "/api/widgetsBundles",
			query:  map[string]string{"pageSize": "100", "page": "0", "textSearch": "thermo"},
			answer: rulesPage(false, fxBundleJSON, fxSystemBundleJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Widgets.ListBundlesAll(ctx, PageLink{PageSize: 100, TextSearch: "thermo"}, nil))
			},
			want: []WidgetsBundle{b, sb}},
		{name: "ListAvailableBundles", method: "GET", path: "/api/widgetsBundles/all", answer: "[" + fxSystemBundleJSON + "," + fxBundleJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Widgets.ListAvailableBundles(ctx) },
			want: []WidgetsBundle{sb, b}},
		{name: "GetType", method: "GET", path: "/api/widgetType/" + fxWidgetType, answer: fxWidgetTypeDetailsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Widgets.GetType(ctx, fxWidgetType) },
			want: &wd},
		{name: "GetTypeInfo", method: "GET", path: "/api/widgetTypeInfo/" + fxWidgetType, answer: fxWidgetTypeInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Widgets.GetTypeInfo(ctx, fxWidgetType) },
			want: &wi},
		{name: "GetTypeByFQN", method: "GET", path: "/api/widgetType", query: map[string]string{"fqn": "tenant.thermostat_card"},
			answer: fxWidgetTypeJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.GetTypeByFQN(ctx, "tenant.thermostat_card")
			},
			want: &wt},
		{name: "ListTypes", method: "GET", path: "/api/widgetTypes",
			query: map[string]string{"pageSize": "20", "page": "2", "sortProperty": "name", "sortOrder": "ASC", "tenantOnly": "true",
				"fullSearch": "true", "deprecatedFilter": "ACTUAL", "widgetTypeList": "latest,static", "scadaFirst": "true"},
			answer: rulesPage(false, fxWidgetTypeInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.ListTypes(ctx, PageLink{PageSize: 20, Page: 2, SortProperty: "name", SortOrder: ASC},
					&WidgetTypeListOptions{TenantOnly: true, FullSearch: true, DeprecatedFilter: "ACTUAL",
						WidgetTypes: []string{"latest", "static"}, ScadaFirst: true})
			},
			want: &Page[WidgetTypeInfo]{Data: []WidgetTypeInfo{wi}, TotalPages: 1, TotalElements: 1}},
		{name: "ListTypesAll", method: "GET", path: "/api/widgetTypes", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxWidgetTypeInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Widgets.ListTypesAll(ctx, NewPageLink(10), nil))
			},
			want: []WidgetTypeInfo{wi}},
		{name: "SaveType", method: "POST", path: "/api/widgetType",
			body: `{"name":"Thermostat card","deprecated":false,"scada":false,"descriptor":{"type":"latest","sizeX":4,"sizeY":3},
				"description":"Shows a thermostat","tags":["thermostat","temperature"]}`,
			answer: fxWidgetTypeDetailsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.SaveType(ctx, &WidgetTypeDetails{
					WidgetType:  WidgetType{Name: "Thermostat card", Descriptor: json.RawMessage(`{"type":"latest","sizeX":4,"sizeY":3}`)},
					Description: "Shows a thermostat", Tags: []string{"thermostat", "temperature"}})
			},
			want: &wd},
		{name: "DeleteType", method: "DELETE", path: "/api/widgetType/" + fxWidgetType,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Widgets.DeleteType(ctx, fxWidgetType) }},
		{name: "ListBundleTypes", method: "GET", path: "/api/widgetsBundle/" + fxBundle + "/widgetTypes", answer: "[" + fxWidgetTypeJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Widgets.ListBundleTypes(ctx, fxBundle) },
			want: []WidgetType{wt}},
		{name: "ListBundleTypeDetails", method: "GET", path: "/api/widgetTypesDetails", query: map[string]string{"widgetsBundleId": fxBundle},
			answer: "[" + fxWidgetTypeDetailsJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Widgets.ListBundleTypeDetails(ctx, fxBundle)
			},
			want: []WidgetTypeDetails{wd}},
		{name: "ListBundleTypeFQNs", method: "GET", path: "/api/widgetTypeFqns", query: map[string]string{"widgetsBundleId": fxBundle},
			answer: `["tenant.thermostat_card","timeseries_line_chart"]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Widgets.ListBundleTypeFQNs(ctx, fxBundle) },
			want:   []string{"tenant.thermostat_card", "timeseries_line_chart"}},
		{name: "ListBundleTypeInfos", method: "GET", path: "/api/widgetTypesInfos",
			query: map[string]string{"widgetsBundleId": fxBundle, "pageSize": "10", "page": "0", "fullSearch": "true",
				"deprecatedFilter": "DEPRECATED", "widgetTypeList": "latest"},
			answer: rulesPage(false, fxWidgetTypeInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				// TenantOnly and ScadaFirst are not parameters of this list.
				return c.Widgets.ListBundleTypeInfos(ctx, fxBundle, NewPageLink(10), &WidgetTypeListOptions{TenantOnly: true,
					FullSearch: true, DeprecatedFilter: "DEPRECATED", WidgetTypes: []string{"latest"}, ScadaFirst: true})
			},
			want: &Page[WidgetTypeInfo]{Data: []WidgetTypeInfo{wi}, TotalPages: 1, TotalElements: 1}},
		{name: "ListBundleTypeInfosAll", method: "GET", path: "/api/widgetTypesInfos",
			query:  map[string]string{"widgetsBundleId": fxBundle, "pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxWidgetTypeInfoJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Widgets.ListBundleTypeInfosAll(ctx, fxBundle, NewPageLink(10), nil))
			},
			want: []WidgetTypeInfo{wi}},
	}
}

func TestWidgetService(t *testing.T) { rulesRun(t, widgetCases()) }

func TestWidgetArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"GetBundle":      func(ctx context.Context, c *Client) error { _, err := c.Widgets.GetBundle(ctx, ""); return err },
		"SaveBundle nil": func(ctx context.Context, c *Client) error { _, err := c.Widgets.SaveBundle(ctx, nil); return err },
		"SaveBundle title": func(ctx context.Context, c *Client) error {
			_, err := c.Widgets.SaveBundle(ctx, &WidgetsBundle{})
			return err
		},
		"UpdateBundleTypes": func(ctx context.Context, c *Client) error { return c.Widgets.UpdateBundleTypes(ctx, "", nil) },
		"UpdateBundleTypes2": func(ctx context.Context, c *Client) error {
			return c.Widgets.UpdateBundleTypes(ctx, fxBundle, []string{""})
		},
		"UpdateBundleTypeFQNs": func(ctx context.Context, c *Client) error {
			return c.Widgets.UpdateBundleTypeFQNs(ctx, fxBundle, []string{"a", " "})
		},
		"DeleteBundle": func(ctx context.Context, c *Client) error { return c.Widgets.DeleteBundle(ctx, "") },
		"GetType":      func(ctx context.Context, c *Client) error { _, err := c.Widgets.GetType(ctx, ""); return err },
		"GetTypeInfo":  func(ctx context.Context, c *Client) error { _, err := c.Widgets.GetTypeInfo(ctx, ""); return err },
		"GetTypeByFQN": func(ctx context.Context, c *Client) error { _, err := c.Widgets.GetTypeByFQN(ctx, ""); return err },
		"SaveType nil": func(ctx context.Context, c *Client) error { _, err := c.Widgets.SaveType(ctx, nil); return err },
		"SaveType name": func(ctx context.Context, c *Client) error {
			_, err := c.Widgets.SaveType(ctx, &WidgetTypeDetails{})
			return err
		},
		"DeleteType":      func(ctx context.Context, c *Client) error { return c.Widgets.DeleteType(ctx, "") },
		"ListBundleTypes": func(ctx context.Context, c *Client) error { _, err := c.Widgets.ListBundleTypes(ctx, ""); return err },
		"ListBundleTypeDetails": func(ctx context.Context, c *Client) error {
			_, err := c.Widgets.ListBundleTypeDetails(ctx, "")
			return err
		},
		"ListBundleTypeFQNs": func(ctx context.Context, c *Client) error {
			_, err := c.Widgets.ListBundleTypeFQNs(ctx, "")
			return err
		},
		"ListBundleTypeInfos": func(ctx context.Context, c *Client) error {
			_, err := c.Widgets.ListBundleTypeInfos(ctx, "", NewPageLink(1), nil)
			return err
		},
		"ListBundleTypeInfosAll": func(ctx context.Context, c *Client) error {
			_, err := rulesDrain(c.Widgets.ListBundleTypeInfosAll(ctx, "", NewPageLink(1), nil))
			return err
		},
	}, map[string]string{"GetBundle": "widgetsBundleID", "GetType": "widgetTypeID", "GetTypeByFQN": "fqn",
		"UpdateBundleTypes2": "widgetTypeIDs", "UpdateBundleTypeFQNs": "fqns", "SaveBundle title": "title"})
}
