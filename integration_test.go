package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

const pefIntegrationJSON = `{
  "id": {"entityType": "INTEGRATION", "id": "` + pefIntegration + `"},
  "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "name": "HTTP devices",
  "type": "HTTP",
  "debugMode": false,
  "debugSettings": {"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0},
  "enabled": true,
  "remote": false,
  "allowCreateDevicesOrAssets": true,
  "edgeTemplate": false,
  "version": 1,
  "defaultConverterId": {"entityType": "CONVERTER", "id": "` + pefConverter + `"},
  "downlinkConverterId": {"entityType": "CONVERTER", "id": "` + pefConverter2 + `"},
  "routingKey": "c2d8e7a1-0b7f-4f2e-9d51-4f0a2b6f3c11",
  "secret": "s3cr3t",
  "configuration": {"baseUrl": "https://tb.example.com", "metadata": {}},
  "additionalInfo": {"description": "Sensors over HTTP"}
}`

func pefIntegrationModel() *Integration {
	return &Integration{
		ID:                         NewEntityID(EntityTypeIntegration, pefIntegration),
		CreatedTime:                1715000000000,
		TenantID:                   NewEntityID(EntityTypeTenant, pefTenant),
		Name:                       "HTTP devices",
		Type:                       IntegrationHTTP,
		DebugSettings:              json.RawMessage(`{"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0}`),
		Enabled:                    true,
		AllowCreateDevicesOrAssets: true,
		Version:                    1,
		DefaultConverterID:         NewEntityID(EntityTypeConverter, pefConverter),
		DownlinkConverterID:        NewEntityID(EntityTypeConverter, pefConverter2),
		RoutingKey:                 "c2d8e7a1-0b7f-4f2e-9d51-4f0a2b6f3c11",
		Secret:                     "s3cr3t",
		Configuration:              json.RawMessage(`{"baseUrl": "https://tb.example.com", "metadata": {}}`),
		AdditionalInfo:             json.RawMessage(`{"description": "Sensors over HTTP"}`),
	}
}

func pefNewMQTTIntegration() *Integration {
	return &Integration{
		Name:               "Broker",
		Type:               IntegrationMQTT,
		DefaultConverterID: NewEntityID(EntityTypeConverter, pefConverter),
		RoutingKey:         "0b4b1b2e-6b0d-4c55-8c2f-5f1a9e0d7a21",
		Enabled:            true,
		Configuration:      json.RawMessage(`{"clientConfiguration": {"host": "broker.example.com", "port": 1883}}`),
	}
}

const pefNewMQTTIntegrationJSON = `{"name": "Broker", "type": "MQTT",
  "defaultConverterId": {"entityType": "CONVERTER", "id": "` + pefConverter + `"},
  "routingKey": "0b4b1b2e-6b0d-4c55-8c2f-5f1a9e0d7a21",
  "enabled": true, "remote": false, "allowCreateDevicesOrAssets": false, "debugMode": false,
  "configuration": {"clientConfiguration": {"host": "broker.example.com", "port": 1883}}}`

func TestIntegrationService(t *testing.T) {
	runPEFCases(t, []pefCase{
		{name: "Get", method: "GET", path: "/api/integration/" + pefIntegration, answer: pefIntegrationJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Integrations.Get(ctx, pefIntegration) },
			want: pefIntegrationModel()},
		{name: "GetByRoutingKey", method: "GET", path: "/api/integration/routingKey/c2d8e7a1-0b7f-4f2e-9d51-4f0a2b6f3c11",
			answer: pefIntegrationJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.GetByRoutingKey(ctx, "c2d8e7a1-0b7f-4f2e-9d51-4f0a2b6f3c11")
			},
			want: pefIntegrationModel()},
		{name: "GetByRoutingKey escapes the key", method: "GET", path: "/api/integration/routingKey/my%20key%2F1",
			answer: pefIntegrationJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.GetByRoutingKey(ctx, "my key/1")
			},
			want: pefIntegrationModel()},
		{name: "Save", method: "POST", path: "/api/integration", body: pefNewMQTTIntegrationJSON, answer: pefIntegrationJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.Save(ctx, pefNewMQTTIntegration())
			},
			want: pefIntegrationModel()},
		{name: "Delete", method: "DELETE", path: "/api/integration/" + pefIntegration,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Integrations.Delete(ctx, pefIntegration)
			}},
		{name: "CheckConnection", method: "POST", path: "/api/integration/check", body: pefNewMQTTIntegrationJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Integrations.CheckConnection(ctx, pefNewMQTTIntegration())
			}},
		{name: "List", method: "GET", path: "/api/integrations",
			query:  map[string]string{"pageSize": "10", "page": "0", "isEdgeTemplate": "true", "textSearch": "HTTP"},
			answer: `{"data": [` + pefIntegrationJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.List(ctx, PageLink{TextSearch: "HTTP"}, &IntegrationListOptions{EdgeTemplate: true})
			},
			want: &Page[Integration]{Data: []Integration{*pefIntegrationModel()}, TotalPages: 1, TotalElements: 1}},
		{name: "List without options", method: "GET", path: "/api/integrations",
			query:  map[string]string{"pageSize": "50", "page": "0", "sortProperty": "createdTime"},
			answer: `{"data": [], "totalPages": 0, "totalElements": 0, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.List(ctx, PageLink{PageSize: 50, SortProperty: "createdTime"}, nil)
			},
			want: &Page[Integration]{Data: []Integration{}}},
		{name: "ListByIDs", method: "GET", path: "/api/integrations/list",
			query:  map[string]string{"integrationIds": pefIntegration},
			answer: `[` + pefIntegrationJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.ListByIDs(ctx, []string{pefIntegration})
			},
			want: []Integration{*pefIntegrationModel()}},
	})
}

func TestIntegrationListAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/integrations", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "0":
			writeJSON(w, 200, `{"data": [`+pefIntegrationJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
		case "1":
			writeJSON(w, 200, `{"data": [`+strings.Replace(pefIntegrationJSON, `"HTTP devices"`, `"Second"`, 1)+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
		default:
			t.Errorf("unexpected page %q", r.URL.Query().Get("page"))
		}
	})
	got, err := drain(c.Integrations.ListAll(t.Context(), NewPageLink(1), nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "HTTP devices" || got[1].Name != "Second" {
		t.Errorf("got %+v", got)
	}
}

func TestIntegrationCheckConnectionReportsTheFailure(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/integration/check", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "POST")
		writeJSON(w, 400, `{"status": 400, "message": "Failed to connect to MQTT broker at broker.example.com:1883", "errorCode": 31, "timestamp": 1}`)
	})
	err := c.Integrations.CheckConnection(t.Context(), pefNewMQTTIntegration())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrBadRequest) || !strings.Contains(apiErr.Message, "Failed to connect") {
		t.Errorf("error = %v", err)
	}
}

func TestIntegrationInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.Integrations.Get(ctx, "")
	pefWantErr(t, "Get", err, "empty integrationID")
	_, err = c.Integrations.GetByRoutingKey(ctx, "")
	pefWantErr(t, "GetByRoutingKey", err, "empty routingKey")
	_, err = c.Integrations.Save(ctx, nil)
	pefWantErr(t, "Save nil", err, "nil integration")
	_, err = c.Integrations.Save(ctx, &Integration{Type: IntegrationHTTP})
	pefWantErr(t, "Save name", err, "empty name")
	err = c.Integrations.CheckConnection(ctx, &Integration{Name: "x"})
	pefWantErr(t, "CheckConnection type", err, "empty type")
	err = c.Integrations.CheckConnection(ctx, nil)
	pefWantErr(t, "CheckConnection nil", err, "nil integration")
	err = c.Integrations.Delete(ctx, " ")
	pefWantErr(t, "Delete", err, "empty integrationID")
	_, err = c.Integrations.ListByIDs(ctx, nil)
	pefWantErr(t, "ListByIDs", err, "empty integrationIDs")
}
