package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

const fxEdgeJSON = `{
  "id": {"entityType": "EDGE", "id": "` + fxRulesEdge + `"},
  "createdTime": 1719820800000,
  "additionalInfo": {"description": "Plant 1 gateway"},
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "` + NullUUID + `"},
  "rootRuleChainId": {"entityType": "RULE_CHAIN", "id": "` + fxRuleChain2 + `"},
  "name": "Plant 1",
  "type": "factory",
  "label": "P1",
  "routingKey": "b7d1a3c8-21f4-4d4c-9f67-8c6f6a2b1e10",
  "secret": "q3vx8xk1m0h7f2m9sd0c",
  "version": 2
}`

func fxEdgeValue() Edge {
	return Edge{ID: fxRulesEdgeID, CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		CustomerID: NewEntityID(EntityTypeCustomer, NullUUID), RootRuleChainID: NewEntityID(EntityTypeRuleChain, fxRuleChain2),
		Name: "Plant 1", Type: "factory", Label: "P1", RoutingKey: "b7d1a3c8-21f4-4d4c-9f67-8c6f6a2b1e10", Secret: "q3vx8xk1m0h7f2m9sd0c",
		AdditionalInfo: json.RawMessage(`{"description": "Plant 1 gateway"}`), Version: 2}
}

// fxPEEdgeJSON is an edge as a Professional Edition server writes it.
const fxPEEdgeJSON = `{
  "id": {"entityType": "EDGE", "id": "` + fxRulesEdge + `"},
  "createdTime": 1719820800000,
  "additionalInfo": null,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "` + NullUUID + `"},
  "rootRuleChainId": null,
  "name": "Plant 2",
  "type": "factory",
  "label": null,
  "routingKey": "c8e2b4d9-32a5-4e5d-8a78-9d7a7b3c2f21",
  "secret": "z8m2k4p6r1t3v5x7y9a0",
  "edgeLicenseKey": "LIC-123",
  "cloudEndpoint": "https://tb.example.com",
  "ownerId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "version": 1
}`

func fxPEEdgeValue() Edge {
	return Edge{ID: fxRulesEdgeID, CreatedTime: 1719820800000, TenantID: fxRulesTenantID,
		CustomerID: NewEntityID(EntityTypeCustomer, NullUUID), OwnerID: fxRulesTenantID, Name: "Plant 2", Type: "factory",
		RoutingKey: "c8e2b4d9-32a5-4e5d-8a78-9d7a7b3c2f21", Secret: "z8m2k4p6r1t3v5x7y9a0", EdgeLicenseKey: "LIC-123",
		CloudEndpoint: "https://tb.example.com", AdditionalInfo: json.RawMessage(`null`), Version: 1}
}

const fxEdgeEventJSON = `{
  "id": {"id": "` + fxRulesEdgeEvent + `"},
  "createdTime": 1719820800500,
  "seqId": 1024,
  "tenantId": {"entityType": "TENANT", "id": "` + fxRulesTenant + `"},
  "edgeId": {"entityType": "EDGE", "id": "` + fxRulesEdge + `"},
  "action": "ATTRIBUTES_UPDATED",
  "entityId": "` + fxRulesDevice + `",
  "uid": "f1e2d3c4-b5a6-4789-8abc-def012345678",
  "type": "DEVICE",
  "body": {"kv": {"firmware": "1.2.0"}, "scope": "SERVER_SCOPE"}
}`

func fxEdgeEventValue() EdgeEvent {
	return EdgeEvent{ID: EdgeEventID{ID: fxRulesEdgeEvent}, CreatedTime: 1719820800500, SeqID: 1024, TenantID: fxRulesTenantID,
		EdgeID: fxRulesEdgeID, Action: EdgeEventActionAttributesUpdated, EntityID: fxRulesDevice,
		UID: "f1e2d3c4-b5a6-4789-8abc-def012345678", Type: EdgeEventTypeDevice,
		Body: json.RawMessage(`{"kv": {"firmware": "1.2.0"}, "scope": "SERVER_SCOPE"}`)}
}

func edgeCases() []rulesCase {
	e, pe, ev := fxEdgeValue(), fxPEEdgeValue(), fxEdgeEventValue()
	return []rulesCase{
		{name: "Enabled", method: "GET", path: "/api/edges/enabled", answer: `true`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Edges.Enabled(ctx) },
			want: true},
		{name: "Get", method: "GET", path: "/api/edge/" + fxRulesEdge, answer: fxEdgeJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Edges.Get(ctx, fxRulesEdge) },
			want: &e},
		{name: "Save", method: "POST", path: "/api/edge",
			body: `{"name":"Plant 1","type":"factory","label":"P1","routingKey":"b7d1a3c8-21f4-4d4c-9f67-8c6f6a2b1e10",
				"secret":"q3vx8xk1m0h7f2m9sd0c","additionalInfo":{"description":"Plant 1 gateway"}}`,
			answer: fxEdgeJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.Save(ctx, &Edge{Name: "Plant 1", Type: "factory", Label: "P1", RoutingKey: "b7d1a3c8-21f4-4d4c-9f67-8c6f6a2b1e10",
					Secret: "q3vx8xk1m0h7f2m9sd0c", AdditionalInfo: json.RawMessage(`{"description":"Plant 1 gateway"}`)}, nil)
			},
			want: &e},
		{name: "Save/groups", method: "POST", path: "/api/edge",
			query: map[string]string{"entityGroupId": fxRulesGroup, "entityGroupIds": fxRulesGroup + "," + fxBundle},
			body: `{"name":"Plant 2","type":"factory","routingKey":"c8e2b4d9-32a5-4e5d-8a78-9d7a7b3c2f21","secret":"z8m2k4p6r1t3v5x7y9a0",
				"edgeLicenseKey":"LIC-123","cloudEndpoint":"https://tb.example.com"}`,
			answer: fxPEEdgeJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.Save(ctx, &Edge{Name: "Plant 2", Type: "factory", RoutingKey: "c8e2b4d9-32a5-4e5d-8a78-9d7a7b3c2f21",
					Secret: "z8m2k4p6r1t3v5x7y9a0", EdgeLicenseKey: "LIC-123", CloudEndpoint: "https://tb.example.com"},
					&EdgeSaveOptions{EntityGroupID: fxRulesGroup, EntityGroupIDs: []string{fxRulesGroup, fxBundle}})
			},
			want: &pe},
		{name: "Delete", method: "DELETE", path: "/api/edge/" + fxRulesEdge,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Edges.Delete(ctx, fxRulesEdge) }},
		{name: "List", method: "GET", path: "/api/edges",
			query: map[string]string{"pageSize": "10", "page": "0", "textSearch": "plant"}, answer: rulesPage(true, fxEdgeJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.List(ctx, PageLink{PageSize: 10, TextSearch: "plant"})
			},
			want: &Page[Edge]{Data: []Edge{e}, TotalPages: 2, TotalElements: 1, HasNext: true}},
		{name: "ListAll", method: "GET", path: "/api/edges", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxEdgeJSON, fxPEEdgeJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Edges.ListAll(ctx, NewPageLink(10)))
			},
			want: []Edge{e, pe}},
		{name: "ListTenant", method: "GET", path: "/api/tenant/edges",
			query: map[string]string{"pageSize": "10", "page": "0", "type": "factory"}, answer: rulesPage(false, fxEdgeJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.ListTenant(ctx, NewPageLink(10), &EdgeListOptions{Type: "factory"})
			},
			want: &Page[Edge]{Data: []Edge{e}, TotalPages: 1, TotalElements: 1}},
		{name: "ListTenantAll", method: "GET", path: "/api/tenant/edges", query: map[string]string{"pageSize": "10", "page": "0"},
			answer: rulesPage(false, fxEdgeJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Edges.ListTenantAll(ctx, NewPageLink(10), nil))
			},
			want: []Edge{e}},
		{name: "SetRootRuleChain", method: "POST", path: "/api/edge/" + fxRulesEdge + "/" + fxRuleChain2 + "/root", answer: fxEdgeJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.SetRootRuleChain(ctx, fxRulesEdge, fxRuleChain2)
			},
			want: &e},
		{name: "ListByIDs", method: "GET", path: "/api/edges/list", query: map[string]string{"edgeIds": fxRulesEdge + "," + fxRulesGroup},
			answer: "[" + fxEdgeJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.ListByIDs(ctx, []string{fxRulesEdge, fxRulesGroup})
			},
			want: []Edge{e}},
		{name: "FindByQuery", method: "POST", path: "/api/edges",
			body: `{"parameters":{"rootId":"` + fxRulesTenant + `","rootType":"TENANT","direction":"FROM","maxLevel":1,"fetchLastLevelOnly":false},
				"relationType":"Contains","edgeTypes":["factory"]}`,
			answer: "[" + fxEdgeJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.FindByQuery(ctx, EdgeSearchQuery{Parameters: NewRelationsSearch(fxRulesTenantID, "FROM", 1),
					RelationType: "Contains", EdgeTypes: []string{"factory"}})
			},
			want: []Edge{e}},
		{name: "FindByQuery/no types", method: "POST", path: "/api/edges",
			body:   `{"parameters":{"rootId":"` + fxRulesTenant + `","rootType":"TENANT","direction":"TO","fetchLastLevelOnly":false},"edgeTypes":[]}`,
			answer: "[]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.FindByQuery(ctx, EdgeSearchQuery{Parameters: NewRelationsSearch(fxRulesTenantID, "TO", 0)})
			},
			want: []Edge{}},
		{name: "ListTypes", method: "GET", path: "/api/edge/types",
			answer: `[{"tenantId":{"entityType":"TENANT","id":"` + fxRulesTenant + `"},"entityType":"EDGE","type":"factory"}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Edges.ListTypes(ctx) },
			want:   []EntitySubtype{{TenantID: fxRulesTenantID, EntityType: EntityTypeEdge, Type: "factory"}}},
		{name: "Sync", method: "POST", path: "/api/edge/sync/" + fxRulesEdge,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Edges.Sync(ctx, fxRulesEdge) }},
		{name: "FindMissingRuleChains", method: "GET", path: "/api/edge/missingToRelatedRuleChains/" + fxRulesEdge,
			answer: `{"Edge Root Rule Chain":["Thermostat","Alarms"]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.FindMissingRuleChains(ctx, fxRulesEdge)
			},
			want: map[string][]string{"Edge Root Rule Chain": {"Thermostat", "Alarms"}}},
		{name: "FindMissingRuleChains/quoted", method: "GET", path: "/api/edge/missingToRelatedRuleChains/" + fxRulesEdge,
			answer: `"{\"Edge Root Rule Chain\":[\"Thermostat\"]}"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.FindMissingRuleChains(ctx, fxRulesEdge)
			},
			want: map[string][]string{"Edge Root Rule Chain": {"Thermostat"}}},
		{name: "FindMissingRuleChains/none", method: "GET", path: "/api/edge/missingToRelatedRuleChains/" + fxRulesEdge,
			answer: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Edges.FindMissingRuleChains(ctx, fxRulesEdge)
			},
			want: map[string][]string{}},
		{name: "ListEvents", method: "GET", path: "/api/edge/" + fxRulesEdge + "/events",
			query: map[string]string{"pageSize": "20", "page": "0", "startTime": "1719820000000", "endTime": "1719830000000",
				"sortProperty": "createdTime", "sortOrder": "DESC"},
			answer: rulesPage(false, fxEdgeEventJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				pl := NewTimePageLink(20, 1719820000000, 1719830000000)
				pl.SortProperty, pl.SortOrder = "createdTime", DESC
				return c.Edges.ListEvents(ctx, fxRulesEdge, pl)
			},
			want: &Page[EdgeEvent]{Data: []EdgeEvent{ev}, TotalPages: 1, TotalElements: 1}},
		{name: "ListEventsAll", method: "GET", path: "/api/edge/" + fxRulesEdge + "/events",
			query: map[string]string{"pageSize": "20", "page": "0"}, answer: rulesPage(false, fxEdgeEventJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return rulesDrain(c.Edges.ListEventsAll(ctx, fxRulesEdge, NewTimePageLink(20, 0, 0)))
			},
			want: []EdgeEvent{ev}},
	}
}

func TestEdgeService(t *testing.T) { rulesRun(t, edgeCases()) }

// An edge event's enums decode unknown values unchanged, and its id round-trips.
func TestEdgeEventJSON(t *testing.T) {
	in := `{"id":{"id":"` + fxRulesEdgeEvent + `"},"seqId":1,"action":"FUTURE_ACTION","type":"FUTURE_TYPE"}`
	var ev EdgeEvent
	if err := json.Unmarshal([]byte(in), &ev); err != nil {
		t.Fatal(err)
	}
	want := EdgeEvent{ID: EdgeEventID{ID: fxRulesEdgeEvent}, SeqID: 1, Action: "FUTURE_ACTION", Type: "FUTURE_TYPE"}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("decoded %+v", ev)
	}
	b, _ := json.Marshal(ev)
	var a, w any
	json.Unmarshal(b, &a)
	json.Unmarshal([]byte(in), &w)
	if !reflect.DeepEqual(a, w) {
		t.Errorf("encoded %s, want %s", b, in)
	}
}

func TestEdgeFindMissingRuleChainsBadAnswer(t *testing.T) {
	for _, answer := range []string{`["not","an","object"]`, `"{broken"`, `"\u"`} {
		rulesRunError(t, "GET", "/api/edge/missingToRelatedRuleChains/"+fxRulesEdge, answer, func(ctx context.Context, c *Client) error {
			_, err := c.Edges.FindMissingRuleChains(ctx, fxRulesEdge)
			return err
		})
	}
}

func TestEdgeSyncError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/edge/sync/"+fxRulesEdge, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"status":500,"message":"Edge is not connected","errorCode":2,"timestamp":1719820800000}`)
	})
	err := c.Edges.Sync(t.Context(), fxRulesEdge)
	if apiErr, ok := err.(*APIError); !ok || apiErr.Message != "Edge is not connected" || apiErr.Code != CodeGeneral {
		t.Fatalf("err = %v", err)
	}
}

func TestEdgeArguments(t *testing.T) {
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Get":      func(ctx context.Context, c *Client) error { _, err := c.Edges.Get(ctx, ""); return err },
		"Save nil": func(ctx context.Context, c *Client) error { _, err := c.Edges.Save(ctx, nil, nil); return err },
		"Save secret": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.Save(ctx, &Edge{Name: "n", Type: "t", RoutingKey: "k"}, nil)
			return err
		},
		"Save groups": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.Save(ctx, &Edge{Name: "n", Type: "t", RoutingKey: "k", Secret: "s"}, &EdgeSaveOptions{EntityGroupIDs: []string{""}})
			return err
		},
		"Delete": func(ctx context.Context, c *Client) error { return c.Edges.Delete(ctx, "") },
		"SetRootRuleChain": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.SetRootRuleChain(ctx, fxRulesEdge, "")
			return err
		},
		"ListByIDs": func(ctx context.Context, c *Client) error { _, err := c.Edges.ListByIDs(ctx, nil); return err },
		"ListByIDs empty": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.ListByIDs(ctx, []string{fxRulesEdge, ""})
			return err
		},
		"Sync": func(ctx context.Context, c *Client) error { return c.Edges.Sync(ctx, "") },
		"FindMissingRuleChains": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.FindMissingRuleChains(ctx, "")
			return err
		},
		"ListEvents": func(ctx context.Context, c *Client) error {
			_, err := c.Edges.ListEvents(ctx, "", NewTimePageLink(1, 0, 0))
			return err
		},
		"ListEventsAll": func(ctx context.Context, c *Client) error {
			_, err := rulesDrain(c.Edges.ListEventsAll(ctx, "", NewTimePageLink(1, 0, 0)))
			return err
		},
	}, map[string]string{"Get": "edgeID", "Save secret": "secret", "Save groups": "EntityGroupIDs", "SetRootRuleChain": "ruleChainID",
		"ListByIDs": "edgeIDs"})
}
