package specvalidate

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// testSpec returns the shared spec, skipping when it is absent.
func testSpec(t *testing.T) *Spec {
	t.Helper()
	return ForTest(t).Spec()
}

func TestLoad(t *testing.T) {
	s := testSpec(t)
	ops := s.Operations()
	t.Logf("load time %v; operations %v", s.LoadTime(), ops)
	if ops[sourceCE] != 510 {
		t.Errorf("CE operations = %d, want 510 (432 paths)", ops[sourceCE])
	}
	if ops[sourceHidden] != len(hiddenOps) {
		t.Errorf("hidden operations = %d, want %d", ops[sourceHidden], len(hiddenOps))
	}
	if ops[sourcePE] < 200 {
		t.Errorf("PE-only operations = %d, want the 245 PE-only rows of %s", ops[sourcePE], PEOpsFile)
	}
	if len(s.schemas) < 600 || len(s.pe) < 900 {
		t.Errorf("%d CE schemas, %d PE models", len(s.schemas), len(s.pe))
	}
	if s.LoadTime() > 5*time.Second {
		t.Errorf("loading took %v", s.LoadTime())
	}
}

func TestExceptionTablesNameRealOperations(t *testing.T) {
	s := testSpec(t)
	for _, e := range exceptions {
		if e.reason == "" {
			t.Errorf("exception for %v has no reason", e.ops)
		}
		for _, id := range e.ops {
			if s.ops[id] == nil {
				t.Errorf("exception names unknown operation %q", id)
			}
		}
	}
	for _, h := range hiddenOps {
		if h.reason == "" {
			t.Errorf("hidden operation %s has no reason", h.id)
		}
		if op := s.ops[h.id]; op == nil || op.source != sourceHidden {
			t.Errorf("hidden operation %s was not registered", h.id)
		}
	}
	for id := range peQueryFixes {
		if op := s.ops[id]; op == nil || op.source != sourcePE {
			t.Errorf("peQueryFixes names %q, which is not a PE-only operation", id)
		}
	}
}

// Every PE-only row whose body column names an enum model has its query
// parameter name fixed in peQueryFixes.
func TestPEEnumBodiesAreFixed(t *testing.T) {
	s := testSpec(t)
	_, peOps, _, err := Locate()
	if err != nil || peOps == "" {
		t.Skip("PE files not found")
	}
	raw, err := os.ReadFile(peOps)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		f := strings.Split(line, "\t")
		id, body := f[1], f[5]
		if op := s.ops[id]; op == nil || op.source != sourcePE || body == "" {
			continue
		}
		if m := s.pe[body]; m != nil && len(m.Enum) > 0 {
			if _, ok := peQueryFixes[id]; !ok {
				t.Errorf("%s: enum %s in the body column is not in peQueryFixes", id, body)
			}
		}
	}
}

func TestFindOperation(t *testing.T) {
	s := testSpec(t)
	const id = "784f394c-42b6-435a-983c-b7beff2784f9"
	cases := []struct{ method, target, want string }{
		{"GET", "/api/device/" + id, "getDeviceById"},
		{"GET", "/api/device/types", "getDeviceTypes"},            // literal beats {deviceId}
		{"DELETE", "/api/device/types", "deleteDevice"},           // only the template has DELETE
		{"GET", "/api/entityGroups/list", "getEntityGroupsByIds"}, // PE literal
		{"GET", "/api/entityGroups/DEVICE", "getEntityGroupsByTypeAndPageLink"},
		{"GET", "/api/user/assets", "getUserAssets"}, // PE literal beats CE /api/user/{userId}
		{"GET", "/api/user/" + id, "getUserById"},
		{"GET", "/api/tenant/devices?pageSize=1&page=0", "getTenantDevices"},
		{"GET", "/api/tenant/devices?deviceName=A", "getTenantDeviceByNameLegacy"},
		{"GET", "/api/relations?fromId=" + id + "&fromType=DEVICE", "findByFromLegacy"},
		{"GET", "/api/plugins/telemetry/DEVICE/" + id + "/values/timeseries?keys=t", "getLatestTimeseries"},
		{"GET", "/api/plugins/telemetry/DEVICE/" + id + "/values/timeseries?keys=t&startTs=1&endTs=2", "getTimeseriesLegacy"},
		{"POST", "/api/rule-engine/", "handleRuleEngineRequestForUser"},
		{"GET", "/api/alarm/info/comment", "getAlarmInfoById"}, // equal variables: the earlier literal wins over /api/alarm/{alarmId}/comment
		{"GET", "/api/nope", ""},
		{"PATCH", "/api/device/" + id, ""},
		{"GET", "/api/relations", ""},
	}
	for _, c := range cases {
		u, _ := url.Parse(c.target)
		op, why := s.find(c.method, strings.Split(strings.TrimPrefix(u.Path, "/"), "/"), u.Query())
		got := ""
		if op != nil {
			got = op.id
		}
		if got != c.want {
			t.Errorf("%s %s: operation %q (%s), want %q", c.method, c.target, got, why, c.want)
		}
	}
}

func TestSchemaChecks(t *testing.T) {
	s := testSpec(t)
	ref := func(name string) any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	cases := []struct {
		name   string
		schema any
		dir    Direction
		body   string
		want   string // substring of the first problem; "" for none
	}{
		{"device ok", ref("Device"), Response, `{"name":"A","label":null,"id":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"}}`, ""},
		{"wrong type", ref("Device"), Response, `{"name":5}`, "body/name: expected string, got number 5"},
		{"required null", ref("Device"), Response, `{"name":null}`, "body/name: expected string, got null"},
		{"missing required", ref("Device"), Request, `{"label":"x"}`, `body: missing required property "name"`},
		{"bad uuid", ref("Device"), Response, `{"name":"A","id":{"entityType":"DEVICE","id":"nope"}}`, "body/id/id: \"nope\" is not a UUID"},
		{"bad enum", ref("Device"), Response, `{"name":"A","id":{"entityType":"GADGET","id":"784f394c-42b6-435a-983c-b7beff2784f9"}}`, `body/id/entityType: "GADGET" is not one of`},
		{"entity id needs type", ref("EntityId"), Request, `{"id":"784f394c-42b6-435a-983c-b7beff2784f9"}`, `missing required property "entityType"`},
		{"readOnly ignored in request", ref("Device"), Request, `{"name":"A","createdTime":"yesterday","tenantId":5}`, ""},
		{"readOnly checked in response", ref("Device"), Response, `{"name":"A","createdTime":"yesterday"}`, "body/createdTime: expected integer"},
		{"int64 range", ref("Device"), Response, `{"name":"A","version":9223372036854775808}`, "out of the int64 range"},
		{"int32 range", map[string]any{"type": "integer", "format": "int32"}, Response, `2147483648`, "out of the int32 range"},
		{"integer with fraction", map[string]any{"type": "integer"}, Response, `1.5`, "expected integer"},
		{"integer as 2.0", map[string]any{"type": "integer"}, Response, `2.0`, ""},
		{"type array with null", map[string]any{"type": []any{"string", "null"}}, Response, `null`, ""},
		{"null body", ref("Device"), Response, `null`, "expected object, got null"},
		{"array items", map[string]any{"type": "array", "items": ref("EntityId")}, Response, `[{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},{"entityType":"DEVICE"}]`, `body/1: missing required property "id"`},
		{"map values", map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "boolean"}}, Response, `{"a":true,"b":"x"}`, "body/b: expected boolean"},
		{"closed object", map[string]any{"type": "object", "properties": map[string]any{"a": true}, "additionalProperties": false}, Response, `{"a":1,"b":2}`, `property "b" is not allowed`},
		{"anyOf", map[string]any{"anyOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}, Response, `true`, "matches none of the 2 anyOf"},
		{"oneOf twice", map[string]any{"oneOf": []any{map[string]any{"type": "integer"}, map[string]any{"type": "number"}}}, Response, `1`, "matches 2 of the oneOf"},
		{"oneOf once", map[string]any{"oneOf": []any{map[string]any{"type": "integer"}, map[string]any{"type": "string"}}}, Response, `1`, ""},
		{"minLength", ref("EntityRelation"), Request, `{"from":{"entityType":"DEVICE","id":"784f394c-42b6-435a-983c-b7beff2784f9"},"to":{"entityType":"ASSET","id":"784f394c-42b6-435a-983c-b7beff2784f9"},"typeGroup":"COMMON","type":""}`, "body/type: \"\" is shorter than 1"},
		{"error code enum", ref("ThingsboardErrorResponse"), Response, `{"status":404,"message":"x","errorCode":99}`, "body/errorCode: 99 is not one of"},
		{"error ok", ref("ThingsboardErrorResponse"), Response, `{"status":404,"message":"x","errorCode":32,"timestamp":1700000000000}`, ""},
		{"pe model ok", peType("EntityGroupInfo"), Response, `{"type":"DEVICE","name":"All","ownerIds":[{"entityType":"TENANT","id":"784f394c-42b6-435a-983c-b7beff2784f9"}]}`, ""},
		{"pe local enum", peType("EntityGroupInfo"), Response, `{"type":"GADGET","name":"All"}`, `body/type: "GADGET" is not a TypeEnum`},
		{"pe required", peType("EntityGroupInfo"), Request, `{"type":"DEVICE"}`, `missing required property "name"`},
		{"pe field type", peType("PageDataEntityGroupInfo"), Response, `{"data":[],"totalPages":"1"}`, "body/totalPages: expected int32 integer"},
		{"pe list of models", peType("List<EntityGroupInfo>"), Response, `[{"type":"DEVICE","name":5}]`, "body/0/name: expected string"},
		{"pe truncated map", peType("Map<String,"), Response, `[]`, "expected object"},
		{"pe unknown model", peType("NoSuchModel"), Response, `[1,"x"]`, ""},
		{"pe escaped name", peType("EntityGroupInfo"), Response, `{"type":"DEVICE","name":"A","configuration":{"x":1}}`, ""},
	}
	for _, c := range cases {
		dec := json.NewDecoder(strings.NewReader(c.body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ch := &checker{spec: s, dir: c.dir}
		ch.check(c.schema, v, "body", 0)
		got := ""
		if len(ch.probs) > 0 {
			got = ch.probs[0].loc + ": " + ch.probs[0].msg
		}
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLocateHonoursEnv(t *testing.T) {
	t.Setenv(EnvSpec, "/nonexistent/openapi.json")
	if _, _, _, err := Locate(); err == nil || !strings.Contains(err.Error(), EnvSpec) {
		t.Errorf("Locate with a missing %s: %v", EnvSpec, err)
	}
}
