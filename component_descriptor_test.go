package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const fxComponentClazz = "org.thingsboard.rule.engine.filter.TbMsgTypeFilterNode"

const fxComponentJSON = `{"id":{"id":"f1a20310-4f1a-11ee-9c6d-2b1e8a3f0a10"},"createdTime":1609459200000,"type":"FILTER",` +
	`"scope":"TENANT","clusteringMode":"ENABLED","name":"message type filter","clazz":"org.thingsboard.rule.engine.filter.TbMsgTypeFilterNode",` +
	`"configurationDescriptor":{"nodeDefinition":{"details":"...","relationTypes":["True","False"],"defaultConfiguration":{"messageTypes":["POST_TELEMETRY_REQUEST"]}}},` +
	`"configurationVersion":0,"actions":null,"hasQueueName":false}`

func fxComponent() ComponentDescriptor {
	return ComponentDescriptor{
		ID:                      ComponentDescriptorID{ID: "f1a20310-4f1a-11ee-9c6d-2b1e8a3f0a10"},
		CreatedTime:             1609459200000,
		Type:                    ComponentFilter,
		Scope:                   ComponentScopeTenant,
		ClusteringMode:          ClusteringEnabled,
		Name:                    "message type filter",
		Clazz:                   fxComponentClazz,
		ConfigurationDescriptor: json.RawMessage(`{"nodeDefinition":{"details":"...","relationTypes":["True","False"],"defaultConfiguration":{"messageTypes":["POST_TELEMETRY_REQUEST"]}}}`),
	}
}

func TestComponentDescriptorService(t *testing.T) {
	pfRun(t, []pfCase{
		{
			name: "Get", method: "GET", path: "/api/component/" + fxComponentClazz, answer: fxComponentJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ComponentDescriptors.Get(ctx, fxComponentClazz)
			},
			want: func() *ComponentDescriptor { d := fxComponent(); return &d }(),
		},
		{
			name: "ListByType", method: "GET", path: "/api/components/FILTER", answer: "[" + fxComponentJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ComponentDescriptors.ListByType(ctx, ComponentFilter, nil)
			},
			want: []ComponentDescriptor{fxComponent()},
		},
		{
			name: "ListByTypeEdge", method: "GET", path: "/api/components/FILTER", query: map[string]string{"ruleChainType": "EDGE"},
			answer: "[]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ComponentDescriptors.ListByType(ctx, ComponentFilter, &ComponentDescriptorListOptions{RuleChainType: RuleChainTypeEdge})
			},
			want: []ComponentDescriptor{},
		},
		{
			name: "ListByTypes", method: "GET", path: "/api/components",
			query:  map[string]string{"componentTypes": "FILTER,ACTION", "ruleChainType": "CORE"},
			answer: "[" + fxComponentJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ComponentDescriptors.ListByTypes(ctx, []ComponentType{ComponentFilter, ComponentAction},
					&ComponentDescriptorListOptions{RuleChainType: RuleChainTypeCore})
			},
			want: []ComponentDescriptor{fxComponent()},
		},
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"Get": func(ctx context.Context, c *Client) error { _, err := c.ComponentDescriptors.Get(ctx, ""); return err },
			"ListByType": func(ctx context.Context, c *Client) error {
				_, err := c.ComponentDescriptors.ListByType(ctx, "", nil)
				return err
			},
			"ListByTypes none": func(ctx context.Context, c *Client) error {
				_, err := c.ComponentDescriptors.ListByTypes(ctx, nil, nil)
				return err
			},
			"ListByTypes blank": func(ctx context.Context, c *Client) error {
				_, err := c.ComponentDescriptors.ListByTypes(ctx, []ComponentType{ComponentFilter, ""}, nil)
				return err
			},
		})
	})
}
