package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func ruleEngineCases() []rulesCase {
	device := NewEntityID(EntityTypeDevice, fxRulesDevice)
	return []rulesCase{
		{name: "Send", method: "POST", path: "/api/rule-engine/", body: `{"command":"reboot","delay":5}`,
			answer: `{"accepted":true,"queue":"Main"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.Send(ctx, map[string]any{"command": "reboot", "delay": 5})
			},
			want: json.RawMessage(`{"accepted":true,"queue":"Main"}`)},
		{name: "Send/raw and empty reply", method: "POST", path: "/api/rule-engine/", body: `[1,2,3]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.Send(ctx, json.RawMessage(`[1,2,3]`))
			},
			want: json.RawMessage(nil)},
		{name: "SendFrom", method: "POST", path: "/api/rule-engine/DEVICE/" + fxRulesDevice, body: `{"temperature":21.5}`,
			answer: `{"setpoint":20}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.SendFrom(ctx, device, []byte(`{"temperature":21.5}`), nil)
			},
			want: json.RawMessage(`{"setpoint":20}`)},
		{name: "SendFrom/timeout", method: "POST", path: "/api/rule-engine/DEVICE/" + fxRulesDevice + "/2500", body: `"ping"`,
			answer: `"pong"`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.SendFrom(ctx, device, "ping", &RuleEngineSendOptions{Timeout: 2500 * time.Millisecond})
			},
			want: json.RawMessage(`"pong"`)},
		{name: "SendFrom/queue", method: "POST", path: "/api/rule-engine/DEVICE/" + fxRulesDevice + "/HighPriority/30000", body: `{"alarm":true}`,
			answer: `{}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.SendFrom(ctx, device, map[string]bool{"alarm": true},
					&RuleEngineSendOptions{Timeout: 30 * time.Second, QueueName: "HighPriority"})
			},
			want: json.RawMessage(`{}`)},
		{name: "SendFrom/queue without timeout", method: "POST", path: "/api/rule-engine/ASSET/" + fxRulesDevice + "/Main%20Queue/10000", body: `{}`,
			answer: `null`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RuleEngine.SendFrom(ctx, NewEntityID(EntityTypeAsset, fxRulesDevice), struct{}{},
					&RuleEngineSendOptions{QueueName: "Main Queue"})
			},
			want: json.RawMessage(nil)},
	}
}

func TestRuleEngineService(t *testing.T) { rulesRun(t, ruleEngineCases()) }

func TestRuleEngineTimeoutError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/rule-engine/", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusRequestTimeout)
	})
	_, err := c.RuleEngine.Send(t.Context(), map[string]int{"a": 1})
	if apiErr, ok := err.(*APIError); !ok || apiErr.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("err = %v, want an *APIError with status 408", err)
	}
}

func TestRuleEngineArguments(t *testing.T) {
	device := NewEntityID(EntityTypeDevice, fxRulesDevice)
	rulesNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
		"Send nil": func(ctx context.Context, c *Client) error { _, err := c.RuleEngine.Send(ctx, nil); return err },
		"Send invalid": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.Send(ctx, []byte("{oops"))
			return err
		},
		"Send unencodable": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.Send(ctx, map[string]any{"f": func() {}})
			return err
		},
		"SendFrom no id": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, EntityID{EntityType: EntityTypeDevice}, "{}", nil)
			return err
		},
		"SendFrom no type": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, EntityID{ID: fxRulesDevice}, "{}", nil)
			return err
		},
		"SendFrom negative": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, device, "{}", &RuleEngineSendOptions{Timeout: -time.Second})
			return err
		},
		"SendFrom too long": func(ctx context.Context, c *Client) error {
			_, err := c.RuleEngine.SendFrom(ctx, device, "{}", &RuleEngineSendOptions{Timeout: 1000 * time.Hour})
			return err
		},
	}, map[string]string{"Send nil": "nil message", "Send invalid": "not valid JSON", "SendFrom no id": "originator",
		"SendFrom negative": "negative", "SendFrom too long": "too long"})
}
