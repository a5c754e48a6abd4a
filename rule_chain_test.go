package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// rulesCase is one method call of the rule chain, rule engine, widget, resource, image,
// OTA package, notification, version control and edge services: the request it must
// send, the answer it gets and the value it must return.
type rulesCase struct {
	name   string
	method string
	path   string            // the escaped request path
	query  map[string]string // the exact query; nil means none
	body   string            // the JSON body expected; "" means no body
	answer string            // the answer body
	ctype  string            // the answer's Content-Type; "" means application/json
	call   func(ctx context.Context, c *Client) (any, error)
	want   any
}

// rulesRun runs each case as a subtest against a server that expects exactly one
// request.
func rulesRun(t *testing.T, cases []rulesCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			calls := 0
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				calls++
				testMethod(t, r, tc.method)
				if got := r.URL.EscapedPath(); got != tc.path {
					t.Errorf("path = %s, want %s", got, tc.path)
				}
				testQuery(t, r, tc.query)
				if r.Header.Get("X-Authorization") != "Bearer "+testToken {
					t.Errorf("X-Authorization = %q", r.Header.Get("X-Authorization"))
				}
				if tc.body != "" {
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("Content-Type = %q, want application/json", ct)
					}
					testJSONBody(t, r, tc.body)
				} else if b, _ := io.ReadAll(r.Body); len(b) != 0 {
					t.Errorf("unexpected request body %s", b)
				}
				ct := tc.ctype
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				io.WriteString(w, tc.answer)
			})
			got, err := tc.call(t.Context(), c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if calls != 1 {
				t.Errorf("%d requests, want 1", calls)
			}
			if !reflect.DeepEqual(got, tc.want) {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(tc.want)
				t.Errorf("result\n got %#v\n     %s\nwant %#v\n     %s", got, gb, tc.want, wb)
			}
		})
	}
}

// rulesNoRequest checks that each call fails before sending anything and that its
// error names the argument in want.
func rulesNoRequest(t *testing.T, calls map[string]func(ctx context.Context, c *Client) error, want map[string]string) {
	t.Helper()
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
	for name, call := range calls {
		err := call(t.Context(), c)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if w := want[name]; w != "" && !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not mention %q", name, err, w)
		}
	}
}

// rulesRunError checks that call fails after one request answered 200 with answer.
func rulesRunError(t *testing.T, method, path, answer string, call func(ctx context.Context, c *Client) error) {
	t.Helper()
	c, mux := setup(t)
	calls := 0
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		calls++
		testMethod(t, r, method)
		writeJSON(w, 200, answer)
	})
	if err := call(t.Context(), c); err == nil {
		t.Errorf("%s %s answering %q: no error", method, path, answer)
	}
	if calls != 1 {
		t.Errorf("%d requests, want 1", calls)
	}
}

// rulesPage wraps items as one page of a PageData answer.
func rulesPage(hasNext bool, items ...string) string {
	next := "false"
	if hasNext {
		next = "true"
	}
	return `{"data":[` + strings.Join(items, ",") + `],"totalPages":` + map[bool]string{true: "2", false: "1"}[hasNext] +
		`,"totalElements":` + rulesIntString(len(items)) + `,"hasNext":` + next + `}`
}

func rulesIntString(n int) string { b, _ := json.Marshal(n); return string(b) }

// rulesDrain collects an iterator.
func rulesDrain[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Ids used by the tests of these services.
const (
	fxRulesTenant    = "1e8d9ac0-3b1f-11ef-9a3b-0b7c1f0a0001"
	fxRuleChain      = "3c4d5e60-3b1f-11ef-9a3b-0b7c1f0a0002"
	fxRuleChain2     = "3c4d5e60-3b1f-11ef-9a3b-0b7c1f0a0003"
	fxRuleNode       = "4a5b6c70-3b1f-11ef-9a3b-0b7c1f0a0004"
	fxRuleNode2      = "4a5b6c70-3b1f-11ef-9a3b-0b7c1f0a0005"
	fxRulesEdge      = "5b6c7d80-3b1f-11ef-9a3b-0b7c1f0a0006"
	fxRulesDevice    = "6c7d8e90-3b1f-11ef-9a3b-0b7c1f0a0007"
	fxRulesProfile   = "7d8e9fa0-3b1f-11ef-9a3b-0b7c1f0a0008"
	fxBundle         = "8e9fa0b0-3b1f-11ef-9a3b-0b7c1f0a0009"
	fxWidgetType     = "9fa0b1c0-3b1f-11ef-9a3b-0b7c1f0a000a"
	fxResource       = "a0b1c2d0-3b1f-11ef-9a3b-0b7c1f0a000b"
	fxOTAPackage     = "b1c2d3e0-3b1f-11ef-9a3b-0b7c1f0a000c"
	fxNotification   = "c2d3e4f0-3b1f-11ef-9a3b-0b7c1f0a000d"
	fxNotifRequest   = "d3e4f500-3b1f-11ef-9a3b-0b7c1f0a000e"
	fxNotifTemplate  = "e4f50610-3b1f-11ef-9a3b-0b7c1f0a000f"
	fxNotifTarget    = "f5061720-3b1f-11ef-9a3b-0b7c1f0a0010"
	fxRulesUser      = "06172830-3b1f-11ef-9a3b-0b7c1f0a0011"
	fxVCRequest      = "17283940-3b1f-11ef-9a3b-0b7c1f0a0012"
	fxRulesEdgeEvent = "28394a50-3b1f-11ef-9a3b-0b7c1f0a0013"
	fxRulesGroup     = "394a5b60-3b1f-11ef-9a3b-0b7c1f0a0014"
)

var (
	fxRulesTenantID = NewEntityID(EntityTypeTenant, fxRulesTenant)
	fxRuleChainID   = NewEntityID(EntityTypeRuleChain, fxRuleChain)
	fxRulesEdgeID   = NewEntityID(EntityTypeEdge, fxRulesEdge)
)

const fxRuleChainJSON = `{
  "id": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain + `"},
  "createdTime": 1719820800000,
  "additionalInfo": {"description": "Thermostat alarms"},
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "name": "Thermostat",
  "type": "CORE",
  "firstRuleNodeId": {"entityType": "RULE_NODE", "id": "` + fxRuleNode + `"},
  "root": false,
  "debugMode": false,
  "configuration": null,
  "externalId": null,
  "version": 3
}`

func fxRuleChainValue() RuleChain {
	return RuleChain{
		ID: fxRuleChainID, CreatedTime: 1719820800000, TenantID: fxRulesTenantID, Name: "Thermostat",
		Type: RuleChainTypeCore, FirstRuleNodeID: NewEntityID(EntityTypeRuleNode, fxRuleNode),
		Configuration: json.RawMessage(`null`), AdditionalInfo: json.RawMessage(`{"description": "Thermostat alarms"}`),
		Version: 3,
	}
}

const fxRulesEdgeRuleChainJSON = `{
  "id": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain2 + `"},
  "createdTime": 1719820900000,
  "additionalInfo": null,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "name": "Edge Root Rule Chain",
  "type": "EDGE",
  "firstRuleNodeId": null,
  "root": true,
  "debugMode": false,
  "configuration": null,
  "version": 1
}`

func fxRulesEdgeRuleChainValue() RuleChain {
	return RuleChain{
		ID: NewEntityID(EntityTypeRuleChain, fxRuleChain2), CreatedTime: 1719820900000, TenantID: fxRulesTenantID,
		Name: "Edge Root Rule Chain", Type: RuleChainTypeEdge, Root: true,
		Configuration: json.RawMessage(`null`), AdditionalInfo: json.RawMessage(`null`), Version: 1,
	}
}

const fxMetaDataJSON = `{
  "ruleChainId": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain + `"},
  "version": 3,
  "firstNodeIndex": 0,
  "nodes": [
    {
      "id": {"entityType": "RULE_NODE", "id": "` + fxRuleNode + `"},
      "createdTime": 1719820800100,
      "additionalInfo": {"layoutX": 420, "layoutY": 150},
      "ruleChainId": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain + `"},
      "type": "org.thingsboard.rule.engine.filter.TbJsFilterNode",
      "name": "Too hot",
      "debugSettings": {"failuresEnabled": true, "allEnabled": false, "allEnabledUntil": 0},
      "singletonMode": false,
      "queueName": null,
      "configurationVersion": 0,
      "configuration": {"scriptLang": "TBEL", "tbelScript": "return msg.temperature > 30;"},
      "externalId": null
    },
    {
      "id": {"entityType": "RULE_NODE", "id": "` + fxRuleNode2 + `"},
      "createdTime": 1719820800200,
      "additionalInfo": {"layoutX": 720, "layoutY": 150},
      "ruleChainId": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain + `"},
      "type": "org.thingsboard.rule.engine.flow.TbRuleChainOutputNode",
      "name": "Alarm",
      "debugSettings": null,
      "singletonMode": false,
      "queueName": "Main",
      "configurationVersion": 1,
      "configuration": {},
      "externalId": null
    }
  ],
  "connections": [{"fromIndex": 0, "toIndex": 1, "type": "True"}],
  "ruleChainConnections": [
    {"fromIndex": 1, "targetRuleChainId": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain2 + `"}, "additionalInfo": {"layoutX": 900}, "type": "Success"}
  ]
}`

func fxMetaDataValue() RuleChainMetaData {
	zero := 0
	return RuleChainMetaData{
		RuleChainID: fxRuleChainID, Version: 3, FirstNodeIndex: &zero,
		Nodes: []RuleNode{
			{
				ID: NewEntityID(EntityTypeRuleNode, fxRuleNode), CreatedTime: 1719820800100, RuleChainID: fxRuleChainID,
				Type: "org.thingsboard.rule.engine.filter.TbJsFilterNode", Name: "Too hot",
				DebugSettings:  &RuleNodeDebugSettings{FailuresEnabled: true},
				Configuration:  json.RawMessage(`{"scriptLang": "TBEL", "tbelScript": "return msg.temperature > 30;"}`),
				AdditionalInfo: json.RawMessage(`{"layoutX": 420, "layoutY": 150}`),
			},
			{
				ID: NewEntityID(EntityTypeRuleNode, fxRuleNode2), CreatedTime: 1719820800200, RuleChainID: fxRuleChainID,
				Type: "org.thingsboard.rule.engine.flow.TbRuleChainOutputNode", Name: "Alarm", QueueName: "Main",
				ConfigurationVersion: 1, Configuration: json.RawMessage(`{}`),
				AdditionalInfo: json.RawMessage(`{"layoutX": 720, "layoutY": 150}`),
			},
		},
		Connections: []NodeConnectionInfo{{FromIndex: 0, ToIndex: 1, Type: "True"}},
		RuleChainConnections: []RuleChainConnectionInfo{{FromIndex: 1, TargetRuleChainID: NewEntityID(EntityTypeRuleChain, fxRuleChain2),
			AdditionalInfo: json.RawMessage(`{"layoutX": 900}`), Type: "Success"}},
	}
}

func rulesPtr[T any](v T) *T { return &v }

func ruleChainCases() []rulesCase {
	rc, erc := fxRuleChainValue(), fxRulesEdgeRuleChainValue()
	md := fxMetaDataValue()
	return []rulesCase{
		{name: "Get", method: "GET", path: "/api/ruleChain/" + fxRuleChain, answer: fxRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.RuleChains.Get(ctx, fxRuleChain) },
			want: &rc},
		{name: "GetMetaData", method: "GET", path: "/api/ruleChain/" + fxRuleChain + "/metadata", answer: fxMetaDataJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.RuleChains.GetMetaData(ctx, fxRuleChain) },
			want: &md},
		{name: "Save", method: "POST", path: "/api/ruleChain",
			body:   `{"name":"Thermostat","type":"CORE","root":false,"debugMode":false,"additionalInfo":{"description":"Thermostat alarms"}}`,
			answer: fxRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.Save(ctx, &RuleChain{Name: "Thermostat", Type: RuleChainTypeCore,
					AdditionalInfo: json.RawMessage(`{"description":"Thermostat alarms"}`)})
			},
			want: &rc},
		{name: "Delete", method: "DELETE", path: "/api/ruleChain/" + fxRuleChain,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.RuleChains.Delete(ctx, fxRuleChain) }},
		{name: "CreateDefault", method: "POST", path: "/api/ruleChain/device/default", body: `{"name":"Thermostat"}`,
			answer: fxRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.CreateDefault(ctx, "Thermostat")
			},
			want: &rc},
		{name: "SetRoot", method: "POST", path: "/api/ruleChain/" + fxRuleChain + "/root", answer: fxRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.RuleChains.SetRoot(ctx, fxRuleChain) },
			want: &rc},
		{name: "SaveMetaData", method: "POST", path: "/api/ruleChain/metadata",
			body: `{"ruleChainId":{"entityType":"RULE_CHAIN","id":"` + fxRuleChain + `"},"version":3,"firstNodeIndex":0,
				"nodes":[{"type":"org.thingsboard.rule.engine.filter.TbJsFilterNode","name":"Too hot",
				"debugSettings":{"failuresEnabled":true,"allEnabled":false},"singletonMode":false,"configurationVersion":0,
				"configuration":{"scriptLang":"TBEL","tbelScript":"return msg.temperature > 30;"},"additionalInfo":{"layoutX":420,"layoutY":150}}],
				"connections":[],"ruleChainConnections":[]}`,
			answer: fxMetaDataJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.SaveMetaData(ctx, &RuleChainMetaData{RuleChainID: fxRuleChainID, Version: 3, FirstNodeIndex: rulesPtr(0),
					Nodes: []RuleNode{{Type: "org.thingsboard.rule.engine.filter.TbJsFilterNode", Name: "Too hot",
						DebugSettings:  &RuleNodeDebugSettings{FailuresEnabled: true},
						Configuration:  json.RawMessage(`{"scriptLang":"TBEL","tbelScript":"return msg.temperature > 30;"}`),
						AdditionalInfo: json.RawMessage(`{"layoutX":420,"layoutY":150}`)}}})
			},
			want: &md},
		{name: "List", method: "GET", path: "/api/ruleChains",
			query:  map[string]string{"pageSize": "20", "page": "1", "textSearch": "edge", "sortProperty": "name", "sortOrder": "DESC", "type": "EDGE"},
			answer: rulesPage(false, fxRulesEdgeRuleChainJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.List(ctx, PageLink{PageSize: 20, Page: 1, TextSearch: "edge", SortProperty: "name", SortOrder: DESC},
					&RuleChainListOptions{Type: RuleChainTypeEdge})
			},
			want: &Page[RuleChain]{Data: []RuleChain{erc}, TotalPages: 1, TotalElements: 1}},
		{name: "ListAll", method: "GET", path: "/api/ruleChains", query: map[string]string{"pageSize": "50", "page": "0"},
			answer: rulesPage(false, fxRuleChainJSON, fxRulesEdgeRuleChainJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.RuleChains.ListAll(ctx, NewPageLink(50), nil))
			},
			want: []RuleChain{rc, erc}},
		{name: "GetLatestDebugInput", method: "GET", path: "/api/ruleNode/" + fxRuleNode + "/debugIn",
			answer: ` {"type":"IN","data":"{\"temperature\":42}","metadata":"{\"deviceName\":\"T1\"}","msgType":"POST_TELEMETRY_REQUEST"} `,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.GetLatestDebugInput(ctx, fxRuleNode)
			},
			want: json.RawMessage(`{"type":"IN","data":"{\"temperature\":42}","metadata":"{\"deviceName\":\"T1\"}","msgType":"POST_TELEMETRY_REQUEST"}`)},
		{name: "GetLatestDebugInput/none", method: "GET", path: "/api/ruleNode/" + fxRuleNode + "/debugIn",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.GetLatestDebugInput(ctx, fxRuleNode)
			},
			want: json.RawMessage(nil)},
		{name: "TestScript", method: "POST", path: "/api/ruleChain/testScript", query: map[string]string{"scriptLang": "TBEL"},
			body: `{"script":"return msg.temperature > 30;","scriptType":"filter","argNames":["msg","metadata","msgType"],
				"msg":"{\"temperature\":42}","metadata":{"deviceName":"T1"},"msgType":"POST_TELEMETRY_REQUEST"}`,
			answer: `{"output":"true","error":""}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.TestScript(ctx, RuleNodeScriptTBEL, RuleNodeScriptTest{Script: "return msg.temperature > 30;",
					ScriptType: "filter", ArgNames: []string{"msg", "metadata", "msgType"}, Msg: `{"temperature":42}`,
					Metadata: map[string]string{"deviceName": "T1"}, MsgType: "POST_TELEMETRY_REQUEST"})
			},
			want: &RuleNodeScriptTestResult{Output: "true"}},
		{name: "TestScript/defaults", method: "POST", path: "/api/ruleChain/testScript",
			body:   `{"script":"return msg;","scriptType":"update","argNames":[],"msg":"{}","metadata":{},"msgType":"POST_TELEMETRY_REQUEST"}`,
			answer: `{"output":"","error":"msg is not defined"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.TestScript(ctx, "", RuleNodeScriptTest{Script: "return msg;", ScriptType: "update", Msg: "{}",
					MsgType: "POST_TELEMETRY_REQUEST"})
			},
			want: &RuleNodeScriptTestResult{Error: "msg is not defined"}},
		{name: "Export", method: "GET", path: "/api/ruleChains/export", query: map[string]string{"limit": "100"},
			answer: `{"ruleChains":[` + fxRuleChainJSON + `],"metadata":[` + fxMetaDataJSON + `]}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.RuleChains.Export(ctx, 100) },
			want:   &RuleChainData{RuleChains: []RuleChain{rc}, Metadata: []RuleChainMetaData{md}}},
		{name: "Import", method: "POST", path: "/api/ruleChains/import", query: map[string]string{"overwrite": "true"},
			body:   `{"ruleChains":[{"name":"Thermostat","root":false,"debugMode":false}],"metadata":[]}`,
			answer: `[{"ruleChainId":{"entityType":"RULE_CHAIN","id":"` + fxRuleChain + `"},"ruleChainName":"Thermostat","updated":true,"error":null}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.Import(ctx, &RuleChainData{RuleChains: []RuleChain{{Name: "Thermostat"}}}, true)
			},
			want: []RuleChainImportResult{{RuleChainID: fxRuleChainID, RuleChainName: "Thermostat", Updated: true}}},
		{name: "Import/no overwrite", method: "POST", path: "/api/ruleChains/import",
			body:   `{"ruleChains":[],"metadata":[]}`,
			answer: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.Import(ctx, &RuleChainData{}, false)
			},
			want: []RuleChainImportResult{}},
		{name: "AssignToEdge", method: "POST", path: "/api/edge/" + fxRulesEdge + "/ruleChain/" + fxRuleChain2, answer: fxRulesEdgeRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.AssignToEdge(ctx, fxRulesEdge, fxRuleChain2)
			},
			want: &erc},
		{name: "UnassignFromEdge", method: "DELETE", path: "/api/edge/" + fxRulesEdge + "/ruleChain/" + fxRuleChain2, answer: fxRulesEdgeRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.UnassignFromEdge(ctx, fxRulesEdge, fxRuleChain2)
			},
			want: &erc},
		{name: "ListEdge", method: "GET", path: "/api/edge/" + fxRulesEdge + "/ruleChains", query: map[string]string{"pageSize": "5", "page": "0"},
			answer: rulesPage(true, fxRulesEdgeRuleChainJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.ListEdge(ctx, fxRulesEdge, NewPageLink(5))
			},
			want: &Page[RuleChain]{Data: []RuleChain{erc}, TotalPages: 2, TotalElements: 1, HasNext: true}},
		{name: "ListEdgeAll", method: "GET", path: "/api/edge/" + fxRulesEdge + "/ruleChains", query: map[string]string{"pageSize": "5", "page": "0"},
			answer: rulesPage(false, fxRulesEdgeRuleChainJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.RuleChains.ListEdgeAll(ctx, fxRulesEdge, NewPageLink(5)))
			},
			want: []RuleChain{erc}},
		{name: "SetEdgeTemplateRoot", method: "POST", path: "/api/ruleChain/" + fxRuleChain2 + "/edgeTemplateRoot", answer: fxRulesEdgeRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.SetEdgeTemplateRoot(ctx, fxRuleChain2)
			},
			want: &erc},
		{name: "SetAutoAssignToEdge", method: "POST", path: "/api/ruleChain/" + fxRuleChain2 + "/autoAssignToEdge", answer: fxRulesEdgeRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.SetAutoAssignToEdge(ctx, fxRuleChain2)
			},
			want: &erc},
		{name: "UnsetAutoAssignToEdge", method: "DELETE", path: "/api/ruleChain/" + fxRuleChain2 + "/autoAssignToEdge", answer: fxRulesEdgeRuleChainJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleChains.UnsetAutoAssignToEdge(ctx, fxRuleChain2)
			},
			want: &erc},
		{name: "ListAutoAssignToEdge", method: "GET", path: "/api/ruleChain/autoAssignToEdgeRuleChains", answer: "[" + fxRulesEdgeRuleChainJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) { return c.RuleChains.ListAutoAssignToEdge(ctx) },
			want: []RuleChain{erc}},
	}
}

func TestRuleChainService(t *testing.T) { rulesRun(t, ruleChainCases()) }

func TestRuleChainListAllPages(t *testing.T) {
	c, mux := setup(t)
	var pages []string
	mux.HandleFunc("/api/ruleChains", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "GET")
		page := r.URL.Query().Get("page")
		pages = append(pages, page)
		testQuery(t, r, map[string]string{"pageSize": "1", "page": page, "type": "CORE"})
		switch page {
		case "0":
			writeJSON(w, 200, rulesPage(true, fxRuleChainJSON))
		case "1":
			writeJSON(w, 200, rulesPage(false, fxRulesEdgeRuleChainJSON))
		default:
			t.Errorf("unexpected page %s", page)
			writeJSON(w, 400, `{"status":400,"message":"bad page","errorCode":31}`)
		}
	})
	pl := NewPageLink(1)
	got, err := rulesDrain(c.RuleChains.ListAll(t.Context(), pl, &RuleChainListOptions{Type: RuleChainTypeCore}))
	if err != nil {
		t.Fatal(err)
	}
	if want := []RuleChain{fxRuleChainValue(), fxRulesEdgeRuleChainValue()}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if strings.Join(pages, ",") != "0,1" || pl.Page != 0 {
		t.Errorf("pages %v, caller's link page %d", pages, pl.Page)
	}
}

func TestRuleChainErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/ruleChain/"+fxRuleChain, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status":404,"message":"Requested item wasn't found!","errorCode":32,"timestamp":1719820800000}`)
	})
	_, err := c.RuleChains.Get(t.Context(), fxRuleChain)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeItemNotFound || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want a not-found *APIError", err)
	}
}

func TestRuleChainArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":              func(ctx context.Context, c *Client) error { _, err := c.RuleChains.Get(ctx, ""); return err },
		"GetMetaData":      func(ctx context.Context, c *Client) error { _, err := c.RuleChains.GetMetaData(ctx, " "); return err },
		"Save nil":         func(ctx context.Context, c *Client) error { _, err := c.RuleChains.Save(ctx, nil); return err },
		"Save no name":     func(ctx context.Context, c *Client) error { _, err := c.RuleChains.Save(ctx, &RuleChain{}); return err },
		"Delete":           func(ctx context.Context, c *Client) error { return c.RuleChains.Delete(ctx, "") },
		"CreateDefault":    func(ctx context.Context, c *Client) error { _, err := c.RuleChains.CreateDefault(ctx, ""); return err },
		"SetRoot":          func(ctx context.Context, c *Client) error { _, err := c.RuleChains.SetRoot(ctx, ""); return err },
		"SaveMetaData nil": func(ctx context.Context, c *Client) error { _, err := c.RuleChains.SaveMetaData(ctx, nil); return err },
		"SaveMetaData no chain": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.SaveMetaData(ctx, &RuleChainMetaData{})
			return err
		},
		"GetLatestDebugInput": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.GetLatestDebugInput(ctx, "")
			return err
		},
		"TestScript": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.TestScript(ctx, "", RuleNodeScriptTest{ScriptType: "filter"})
			return err
		},
		"Export": func(ctx context.Context, c *Client) error { _, err := c.RuleChains.Export(ctx, 0); return err },
		"Import": func(ctx context.Context, c *Client) error { _, err := c.RuleChains.Import(ctx, nil, false); return err },
		"AssignToEdge": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.AssignToEdge(ctx, "", fxRuleChain)
			return err
		},
		"UnassignFromEdge": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.UnassignFromEdge(ctx, fxRulesEdge, "")
			return err
		},
		"ListEdge": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.ListEdge(ctx, "", NewPageLink(1))
			return err
		},
		"ListEdgeAll": func(ctx context.Context, c *Client) error {
			_, err := rulesDrain(c.RuleChains.ListEdgeAll(ctx, "", NewPageLink(1)))
			return err
		},
		"SetEdgeTemplateRoot": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.SetEdgeTemplateRoot(ctx, "")
			return err
		},
		"SetAutoAssignToEdge": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.SetAutoAssignToEdge(ctx, "")
			return err
		},
		"UnsetAutoAssignToEdge": func(ctx context.Context, c *Client) error {
			_, err := c.RuleChains.UnsetAutoAssignToEdge(ctx, "")
			return err
		},
	}, map[string]string{"Get": "ruleChainID", "AssignToEdge": "edgeID", "UnassignFromEdge": "ruleChainID",
		"GetLatestDebugInput": "ruleNodeID", "TestScript": "script", "SaveMetaData no chain": "ruleChainId", "Export": "limit"})
}

// The metadata of a chain without nodes has no first node: null both ways.
func TestRuleChainMetaDataEmpty(t *testing.T) {
	var md RuleChainMetaData
	if err := json.Unmarshal([]byte(`{"ruleChainId":{"entityType":"RULE_CHAIN","id":"`+fxRuleChain+`"},"firstNodeIndex":null,"nodes":[],"connections":[],"ruleChainConnections":null}`), &md); err != nil {
		t.Fatal(err)
	}
	if md.FirstNodeIndex != nil || md.Nodes == nil || len(md.Nodes) != 0 || md.RuleChainConnections != nil {
		t.Errorf("decoded %+v", md)
	}
	b, _ := json.Marshal(RuleChainMetaData{RuleChainID: fxRuleChainID})
	if !strings.Contains(string(b), `"firstNodeIndex":null`) {
		t.Errorf("encoded %s", b)
	}
}
