package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const (
	fxEventRuleNode = "e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0c"
	fxEventTenant   = "e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0d"
)

const fxEventJSON = `{"id":{"id":"e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0e"},"createdTime":1700000000000,` +
	`"tenantId":{"entityType":"TENANT","id":"e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0d"},"type":"DEBUG_RULE_NODE",` +
	`"uid":"7a0c3c10-4f1b-11ee-9c6d-2b1e8a3f0a0e","entityId":{"entityType":"RULE_NODE","id":"e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0c"},` +
	`"body":{"type":"IN","server":"tb-node-1","msgType":"POST_TELEMETRY_REQUEST","relationType":"Success","data":"{\"temperature\":25}","error":null}}`

func fxEvent() Event {
	return Event{
		ID:          EventID{ID: "e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0e"},
		CreatedTime: 1700000000000,
		TenantID:    NewEntityID(EntityTypeTenant, fxEventTenant),
		Type:        EventTypeDebugRuleNode,
		UID:         "7a0c3c10-4f1b-11ee-9c6d-2b1e8a3f0a0e",
		EntityID:    NewEntityID(EntityTypeRuleNode, fxEventRuleNode),
		Body:        json.RawMessage(`{"type":"IN","server":"tb-node-1","msgType":"POST_TELEMETRY_REQUEST","relationType":"Success","data":"{\"temperature\":25}","error":null}`),
	}
}

func TestEventService(t *testing.T) {
	node := NewEntityID(EntityTypeRuleNode, fxEventRuleNode)
	tl := TimePageLink{PageLink: PageLink{PageSize: 50, SortProperty: "ts", SortOrder: DESC}, StartTime: 1699990000000}
	tlq := map[string]string{"tenantId": fxEventTenant, "pageSize": "50", "page": "0", "sortProperty": "ts", "sortOrder": "DESC", "startTime": "1699990000000"}
	want := &Page[Event]{Data: []Event{fxEvent()}, TotalPages: 2, TotalElements: 3}
	filter := EventFilter{EventType: EventTypeDebugRuleNode, Server: "tb-node-1", IsError: true, MsgDirectionType: "IN", DataSearch: "temperature"}
	pfRun(t, []pfCase{
		{
			name: "List", method: "GET", path: "/api/events/RULE_NODE/" + fxEventRuleNode + "/DEBUG_RULE_NODE", query: tlq,
			answer: pfPageJSON(false, fxEventJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Events.List(ctx, node, EventTypeDebugRuleNode, fxEventTenant, tl)
			},
			want: want,
		},
		{
			name: "ListByFilter", method: "POST", path: "/api/events/RULE_NODE/" + fxEventRuleNode, query: tlq,
			body:   `{"eventType":"DEBUG_RULE_NODE","server":"tb-node-1","isError":true,"msgDirectionType":"IN","dataSearch":"temperature"}`,
			answer: pfPageJSON(false, fxEventJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Events.ListByFilter(ctx, node, fxEventTenant, filter, tl)
			},
			want: want,
		},
		{
			name: "ListByFilterStats", method: "POST", path: "/api/events/RULE_NODE/" + fxEventRuleNode,
			query: map[string]string{"tenantId": fxEventTenant, "pageSize": "10", "page": "0"},
			body:  `{"eventType":"STATS","minMessagesProcessed":25,"maxErrorsOccurred":300}`,
			answer: pfPageJSON(false, `{"id":{"id":"e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0f"},"createdTime":1,"tenantId":{"entityType":"TENANT","id":"`+
				fxEventTenant+`"},"type":"STATS","uid":"u","entityId":{"entityType":"RULE_NODE","id":"`+fxEventRuleNode+`"},"body":{"messagesProcessed":30,"errorsOccurred":0}}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Events.ListByFilter(ctx, node, fxEventTenant, EventFilter{EventType: EventTypeStats, MinMessagesProcessed: 25, MaxErrorsOccurred: 300}, TimePageLink{})
			},
			want: &Page[Event]{Data: []Event{{ID: EventID{ID: "e1f20310-4f1a-11ee-9c6d-2b1e8a3f0a0f"}, CreatedTime: 1,
				TenantID: NewEntityID(EntityTypeTenant, fxEventTenant), Type: EventTypeStats, UID: "u", EntityID: node,
				Body: json.RawMessage(`{"messagesProcessed":30,"errorsOccurred":0}`)}}, TotalPages: 2, TotalElements: 3},
		},
		{
			name: "Clear", method: "POST", path: "/api/events/RULE_NODE/" + fxEventRuleNode + "/clear",
			query: map[string]string{"startTime": "1699990000000", "endTime": "1700010000000"},
			body:  `{"eventType":"ERROR","errorStr":"timeout","method":"onMsg"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Events.Clear(ctx, node, EventFilter{EventType: EventTypeError, ErrorStr: "timeout", Method: "onMsg"}, 1699990000000, 1700010000000)
			},
		},
		{
			name: "ClearOpen", method: "POST", path: "/api/events/RULE_NODE/" + fxEventRuleNode + "/clear",
			body: `{"eventType":"LC_EVENT","event":"STARTED","status":"Failure"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Events.Clear(ctx, node, EventFilter{EventType: EventTypeLifecycle, Event: "STARTED", Status: "Failure"}, 0, 0)
			},
		},
	})

	for _, it := range []struct {
		name, method, path string
		seq                func(c *Client) func(func(Event, error) bool)
	}{
		{"ListAll", "GET", "/api/events/RULE_NODE/" + fxEventRuleNode + "/DEBUG_RULE_NODE", func(c *Client) func(func(Event, error) bool) {
			return c.Events.ListAll(t.Context(), node, EventTypeDebugRuleNode, fxEventTenant, NewTimePageLink(1, 0, 0))
		}},
		{"ListByFilterAll", "POST", "/api/events/RULE_NODE/" + fxEventRuleNode, func(c *Client) func(func(Event, error) bool) {
			return c.Events.ListByFilterAll(t.Context(), node, fxEventTenant, filter, NewTimePageLink(1, 0, 0))
		}},
	} {
		t.Run(it.name, func(t *testing.T) {
			c, mux := setup(t)
			seen := pfPages(t, mux, it.method+" "+it.path, pfPageJSON(true, fxEventJSON), pfPageJSON(false, fxEventJSON))
			n := 0
			for e, err := range it.seq(c) {
				if err != nil {
					t.Fatal(err)
				}
				if e.UID != fxEvent().UID {
					t.Errorf("event = %+v", e)
				}
				n++
			}
			if n != 2 || len(*seen) != 2 {
				t.Fatalf("%d events after %d requests", n, len(*seen))
			}
			for _, q := range *seen {
				if q.Get("tenantId") != fxEventTenant {
					t.Errorf("query = %v", q)
				}
			}
		})
	}

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"List entity": func(ctx context.Context, c *Client) error {
				_, err := c.Events.List(ctx, EntityID{}, EventTypeError, fxEventTenant, TimePageLink{})
				return err
			},
			"List type": func(ctx context.Context, c *Client) error {
				_, err := c.Events.List(ctx, node, "", fxEventTenant, TimePageLink{})
				return err
			},
			"List tenant": func(ctx context.Context, c *Client) error {
				_, err := c.Events.List(ctx, node, EventTypeError, "", TimePageLink{})
				return err
			},
			"ListByFilter entity": func(ctx context.Context, c *Client) error {
				_, err := c.Events.ListByFilter(ctx, EntityID{ID: fxEventRuleNode}, fxEventTenant, filter, TimePageLink{})
				return err
			},
			"ListByFilter tenant": func(ctx context.Context, c *Client) error {
				_, err := c.Events.ListByFilter(ctx, node, "", filter, TimePageLink{})
				return err
			},
			"ListByFilter type": func(ctx context.Context, c *Client) error {
				_, err := c.Events.ListByFilter(ctx, node, fxEventTenant, EventFilter{}, TimePageLink{})
				return err
			},
			"Clear entity": func(ctx context.Context, c *Client) error { return c.Events.Clear(ctx, EntityID{}, filter, 0, 0) },
			"Clear type":   func(ctx context.Context, c *Client) error { return c.Events.Clear(ctx, node, EventFilter{}, 0, 0) },
		})
	})
}
