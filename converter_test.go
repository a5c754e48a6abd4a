package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const pefConverterJSON = `{
  "id": {"entityType": "CONVERTER", "id": "` + pefConverter + `"},
  "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "name": "HTTP uplink",
  "type": "UPLINK",
  "debugMode": true,
  "debugSettings": {"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0},
  "configuration": {"scriptLang": "TBEL", "tbelDecoder": "return {deviceName: 'A'};", "encoder": null},
  "additionalInfo": {"description": "HTTP devices"},
  "edgeTemplate": false,
  "converterVersion": 2,
  "version": 3
}`

func pefConverterModel() *Converter {
	return &Converter{
		ID:               NewEntityID(EntityTypeConverter, pefConverter),
		CreatedTime:      1715000000000,
		TenantID:         NewEntityID(EntityTypeTenant, pefTenant),
		Name:             "HTTP uplink",
		Type:             ConverterUplink,
		DebugMode:        true,
		DebugSettings:    json.RawMessage(`{"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0}`),
		Configuration:    json.RawMessage(`{"scriptLang": "TBEL", "tbelDecoder": "return {deviceName: 'A'};", "encoder": null}`),
		AdditionalInfo:   json.RawMessage(`{"description": "HTTP devices"}`),
		ConverterVersion: 2,
		Version:          3,
	}
}

func TestConverterService(t *testing.T) {
	newConverter := &Converter{
		Name:            "LoRa downlink",
		Type:            ConverterDownlink,
		IntegrationType: IntegrationChirpStack,
		Configuration:   json.RawMessage(`{"scriptLang":"JS","encoder":"return {};"}`),
	}
	runPEFCases(t, []pefCase{
		{name: "Get", method: "GET", path: "/api/converter/" + pefConverter, answer: pefConverterJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Converters.Get(ctx, pefConverter) },
			want: pefConverterModel()},
		{name: "Save new", method: "POST", path: "/api/converter",
			body:   `{"name": "LoRa downlink", "type": "DOWNLINK", "integrationType": "CHIRPSTACK", "debugMode": false, "configuration": {"scriptLang": "JS", "encoder": "return {};"}}`,
			answer: pefConverterJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Converters.Save(ctx, newConverter) },
			want:   pefConverterModel()},
		{name: "Save existing", method: "POST", path: "/api/converter",
			body: `{"id": {"entityType": "CONVERTER", "id": "` + pefConverter + `"}, "createdTime": 1715000000000,
				"tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"}, "name": "HTTP uplink", "type": "UPLINK",
				"debugMode": true, "debugSettings": {"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0},
				"configuration": {"scriptLang": "TBEL", "tbelDecoder": "return {deviceName: 'A'};", "encoder": null},
				"additionalInfo": {"description": "HTTP devices"}, "converterVersion": 2, "version": 3}`,
			answer: pefConverterJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Converters.Save(ctx, pefConverterModel()) },
			want:   pefConverterModel()},
		{name: "Delete", method: "DELETE", path: "/api/converter/" + pefConverter,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Converters.Delete(ctx, pefConverter) }},
		{name: "List", method: "GET", path: "/api/converters",
			query: map[string]string{"pageSize": "5", "page": "0", "textSearch": "HTTP", "sortProperty": "name",
				"sortOrder": "ASC", "isEdgeTemplate": "true", "integrationType": "HTTP"},
			answer: `{"data": [` + pefConverterJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				pl := PageLink{PageSize: 5, TextSearch: "HTTP", SortProperty: "name", SortOrder: ASC}
				return c.Converters.List(ctx, pl, &ConverterListOptions{EdgeTemplate: true, IntegrationType: IntegrationHTTP})
			},
			want: &Page[Converter]{Data: []Converter{*pefConverterModel()}, TotalPages: 1, TotalElements: 1}},
		{name: "List without options", method: "GET", path: "/api/converters",
			query:  map[string]string{"pageSize": "10", "page": "2"},
			answer: `{"data": [], "totalPages": 2, "totalElements": 12, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.List(ctx, PageLink{PageSize: 10, Page: 2}, nil)
			},
			want: &Page[Converter]{Data: []Converter{}, TotalPages: 2, TotalElements: 12}},
		{name: "ListByIDs", method: "GET", path: "/api/converters/list",
			query:  map[string]string{"converterIds": pefConverter + "," + pefConverter2},
			answer: `[` + pefConverterJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.ListByIDs(ctx, []string{pefConverter, pefConverter2})
			},
			want: []Converter{*pefConverterModel()}},
		{name: "TestUplink", method: "POST", path: "/api/converter/testUpLink", query: map[string]string{"scriptLang": "TBEL"},
			body: `{"payload": "eyJ0ZW1wIjo0Mn0=", "metadata": {"Header:content-type": "application/json"},
				"decoder": "return {deviceName: 'A', telemetry: decodeToJson(payload)};"}`,
			answer: `{"output": "{\"deviceName\":\"A\",\"telemetry\":{\"temp\":42}}", "error": ""}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.TestUplink(ctx, &ConverterUplinkTest{
					Payload:    []byte(`{"temp":42}`),
					Metadata:   map[string]string{"Header:content-type": "application/json"},
					Decoder:    "return {deviceName: 'A', telemetry: decodeToJson(payload)};",
					ScriptLang: ConverterScriptTBEL,
				})
			},
			want: &ConverterTestResult{Output: `{"deviceName":"A","telemetry":{"temp":42}}`}},
		{name: "TestUplink defaults and dedicated converter", method: "POST", path: "/api/converter/testUpLink",
			body: `{"payload": "", "metadata": {}, "decoder": "return 1;",
				"converter": {"name": "ChirpStack", "type": "UPLINK", "integrationType": "CHIRPSTACK", "debugMode": false}}`,
			answer: `{"output": "", "error": "Unexpected output", "outputMsg": {"deviceName": "A"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.TestUplink(ctx, &ConverterUplinkTest{Decoder: "return 1;",
					Converter: &Converter{Name: "ChirpStack", Type: ConverterUplink, IntegrationType: IntegrationChirpStack}})
			},
			want: &ConverterTestResult{Error: "Unexpected output", OutputMsg: json.RawMessage(`{"deviceName": "A"}`)}},
		{name: "TestDownlink", method: "POST", path: "/api/converter/testDownLink", query: map[string]string{"scriptLang": "JS"},
			body: `{"msg": "{\"temperature\":21}", "msgType": "ATTRIBUTES_UPDATED", "metadata": {"deviceName": "A"},
				"integrationMetadata": {"topic": "down"}, "encoder": "return {contentType: 'JSON', data: msg};"}`,
			answer: `{"output": "{\"contentType\":\"JSON\",\"data\":\"{\\\"temperature\\\":21}\"}", "error": ""}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.TestDownlink(ctx, &ConverterDownlinkTest{
					Msg: `{"temperature":21}`, MsgType: "ATTRIBUTES_UPDATED",
					Metadata: map[string]string{"deviceName": "A"}, IntegrationMetadata: map[string]string{"topic": "down"},
					Encoder: "return {contentType: 'JSON', data: msg};", ScriptLang: ConverterScriptJS,
				})
			},
			want: &ConverterTestResult{Output: `{"contentType":"JSON","data":"{\"temperature\":21}"}`}},
		{name: "TestDownlink defaults", method: "POST", path: "/api/converter/testDownLink",
			body:   `{"msg": "", "msgType": "", "metadata": {}, "integrationMetadata": {}, "encoder": "return 1;"}`,
			answer: `{"output": "null", "error": "Invalid downlink output format!"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.TestDownlink(ctx, &ConverterDownlinkTest{Encoder: "return 1;"})
			},
			want: &ConverterTestResult{Output: "null", Error: "Invalid downlink output format!"}},
		{name: "GetLatestDebugInput", method: "GET", path: "/api/converter/" + pefConverter + "/debugIn",
			answer: `{"inContentType": "JSON", "inContent": "{\"temp\":40}", "inMetadata": "{\"integrationName\":\"Integration\"}"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.GetLatestDebugInput(ctx, pefConverter, nil)
			},
			want: &ConverterDebugInput{InContentType: "JSON", InContent: `{"temp":40}`, InMetadata: `{"integrationName":"Integration"}`}},
		{name: "GetLatestDebugInput downlink with options", method: "GET", path: "/api/converter/" + pefConverter + "/debugIn",
			query: map[string]string{"converterType": "DOWNLINK", "integrationType": "MQTT", "integrationName": "Broker", "converterVersion": "2"},
			answer: `{"inContentType": "JSON", "inContent": "{\"a\":1}", "inMsgType": "POST_TELEMETRY_REQUEST",
				"inMetadata": "{\"deviceType\":\"default\"}", "inIntegrationMetadata": "{\"topic\":\"t\"}"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.GetLatestDebugInput(ctx, pefConverter, &ConverterDebugInputOptions{
					ConverterType: ConverterDownlink, IntegrationType: IntegrationMQTT, IntegrationName: "Broker", ConverterVersion: 2})
			},
			want: &ConverterDebugInput{InContentType: "JSON", InContent: `{"a":1}`, InMsgType: "POST_TELEMETRY_REQUEST",
				InMetadata: `{"deviceType":"default"}`, InIntegrationMetadata: `{"topic":"t"}`}},
		{name: "GetLatestDebugInput none", method: "GET", path: "/api/converter/" + pefConverter + "/debugIn",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Converters.GetLatestDebugInput(ctx, pefConverter, nil)
			},
			want: (*ConverterDebugInput)(nil)},
	})
}

func TestConverterListAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/converters", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"pageSize": "1", "page": r.URL.Query().Get("page"), "integrationType": "TTN"})
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+pefConverterJSON+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
			return
		}
		writeJSON(w, 200, `{"data": [`+strings.Replace(pefConverterJSON, pefConverter, pefConverter2, 1)+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
	})
	got, err := drain(c.Converters.ListAll(t.Context(), NewPageLink(1), &ConverterListOptions{IntegrationType: IntegrationTTN}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID.ID != pefConverter || got[1].ID.ID != pefConverter2 {
		t.Errorf("got %+v", got)
	}
}

func TestConverterUnknownIntegrationTypeRoundTrips(t *testing.T) {
	var c Converter
	if err := json.Unmarshal([]byte(`{"name":"x","type":"SIDEWAYS","integrationType":"QUANTUM_LINK"}`), &c); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"type":"SIDEWAYS"`) || !strings.Contains(string(b), `"integrationType":"QUANTUM_LINK"`) {
		t.Errorf("re-encoded as %s", b)
	}
}

func TestConverterInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.Converters.Get(ctx, "")
	pefWantErr(t, "Get", err, "empty converterID")
	_, err = c.Converters.Save(ctx, nil)
	pefWantErr(t, "Save nil", err, "nil converter")
	_, err = c.Converters.Save(ctx, &Converter{Type: ConverterUplink})
	pefWantErr(t, "Save name", err, "empty name")
	_, err = c.Converters.Save(ctx, &Converter{Name: "x"})
	pefWantErr(t, "Save type", err, "empty type")
	err = c.Converters.Delete(ctx, "")
	pefWantErr(t, "Delete", err, "empty converterID")
	_, err = c.Converters.ListByIDs(ctx, []string{})
	pefWantErr(t, "ListByIDs", err, "empty converterIDs")
	_, err = c.Converters.TestUplink(ctx, nil)
	pefWantErr(t, "TestUplink nil", err, "nil input")
	_, err = c.Converters.TestUplink(ctx, &ConverterUplinkTest{Payload: []byte("x")})
	pefWantErr(t, "TestUplink decoder", err, "empty decoder")
	_, err = c.Converters.TestDownlink(ctx, nil)
	pefWantErr(t, "TestDownlink nil", err, "nil input")
	_, err = c.Converters.TestDownlink(ctx, &ConverterDownlinkTest{Msg: "{}"})
	pefWantErr(t, "TestDownlink encoder", err, "empty encoder")
	_, err = c.Converters.GetLatestDebugInput(ctx, "", nil)
	pefWantErr(t, "GetLatestDebugInput", err, "empty converterID")
}
