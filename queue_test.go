package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const (
	fxQueueID       = "c4d5e6f0-4f1a-11ee-9c6d-2b1e8a3f0a04"
	fxQueueTenantID = "c4d5e6f0-4f1a-11ee-9c6d-2b1e8a3f0a05"
)

const fxQueueJSON = `{"id":{"entityType":"QUEUE","id":"c4d5e6f0-4f1a-11ee-9c6d-2b1e8a3f0a04"},"createdTime":1609459200000,` +
	`"tenantId":{"entityType":"TENANT","id":"c4d5e6f0-4f1a-11ee-9c6d-2b1e8a3f0a05"},"name":"HighPriority",` +
	`"topic":"tb_rule_engine.hp","pollInterval":25,"partitions":10,"consumerPerPartition":true,"packProcessingTimeout":2000,` +
	`"submitStrategy":{"type":"BURST","batchSize":1000},"processingStrategy":{"type":"RETRY_FAILED_AND_TIMED_OUT",` +
	`"retries":0,"failurePercentage":0.0,"pauseBetweenRetries":5,"maxPauseBetweenRetries":5},` +
	`"additionalInfo":{"description":"High priority messages","customProperties":null}}`

func fxQueue() *Queue {
	return &Queue{
		ID:                    NewEntityID(EntityTypeQueue, fxQueueID),
		CreatedTime:           1609459200000,
		TenantID:              NewEntityID(EntityTypeTenant, fxQueueTenantID),
		Name:                  "HighPriority",
		Topic:                 "tb_rule_engine.hp",
		PollInterval:          25,
		Partitions:            10,
		ConsumerPerPartition:  true,
		PackProcessingTimeout: 2000,
		SubmitStrategy:        SubmitStrategy{Type: SubmitBurst, BatchSize: 1000},
		ProcessingStrategy:    ProcessingStrategy{Type: ProcessingRetryFailedAndTimedOut, PauseBetweenRetries: 5, MaxPauseBetweenRetries: 5},
		AdditionalInfo:        json.RawMessage(`{"description":"High priority messages","customProperties":null}`),
	}
}

func TestQueueService(t *testing.T) {
	pfRun(t, []pfCase{
		{
			name: "Get", method: "GET", path: "/api/queues/" + fxQueueID, answer: fxQueueJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Queues.Get(ctx, fxQueueID) },
			want: fxQueue(),
		},
		{
			name: "GetByName", method: "GET", path: "/api/queues/name/High%20Priority", answer: fxQueueJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Queues.GetByName(ctx, "High Priority") },
			want: fxQueue(),
		},
		{
			name: "SaveNew", method: "POST", path: "/api/queues", query: map[string]string{"serviceType": "TB-RULE-ENGINE"},
			answer: fxQueueJSON,
			body: `{"name":"HighPriority","pollInterval":25,"partitions":10,"consumerPerPartition":true,"packProcessingTimeout":2000,` +
				`"submitStrategy":{"type":"BURST","batchSize":1000},"processingStrategy":{"type":"RETRY_FAILED_AND_TIMED_OUT",` +
				`"retries":0,"failurePercentage":0,"pauseBetweenRetries":5,"maxPauseBetweenRetries":5}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Queues.Save(ctx, &Queue{Name: "HighPriority", PollInterval: 25, Partitions: 10, ConsumerPerPartition: true,
					PackProcessingTimeout: 2000, SubmitStrategy: SubmitStrategy{Type: SubmitBurst, BatchSize: 1000},
					ProcessingStrategy: ProcessingStrategy{Type: ProcessingRetryFailedAndTimedOut, PauseBetweenRetries: 5, MaxPauseBetweenRetries: 5},
				}, ServiceTypeRuleEngine)
			},
			want: fxQueue(),
		},
		{
			name: "Delete", method: "DELETE", path: "/api/queues/" + fxQueueID,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Queues.Delete(ctx, fxQueueID) },
		},
		{
			name: "List", method: "GET", path: "/api/queues",
			query:  map[string]string{"serviceType": "TB-RULE-ENGINE", "pageSize": "10", "page": "2", "sortProperty": "topic", "sortOrder": "DESC"},
			answer: pfPageJSON(false, fxQueueJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Queues.List(ctx, ServiceTypeRuleEngine, PageLink{Page: 2, SortProperty: "topic", SortOrder: DESC})
			},
			want: &Page[Queue]{Data: []Queue{*fxQueue()}, TotalPages: 2, TotalElements: 3},
		},
	})

	t.Run("ListAll", func(t *testing.T) {
		c, mux := setup(t)
		seen := pfPages(t, mux, "/api/queues", pfPageJSON(true, fxQueueJSON), pfPageJSON(false, fxQueueJSON, fxQueueJSON))
		n := 0
		for q, err := range c.Queues.ListAll(t.Context(), ServiceTypeRuleEngine, NewPageLink(1)) {
			if err != nil {
				t.Fatal(err)
			}
			if q.Name != "HighPriority" {
				t.Errorf("queue = %+v", q)
			}
			n++
		}
		if n != 3 || len(*seen) != 2 {
			t.Fatalf("%d queues after %d requests", n, len(*seen))
		}
		for _, q := range *seen {
			if q.Get("serviceType") != "TB-RULE-ENGINE" {
				t.Errorf("query = %v", q)
			}
		}
	})

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"Get":       func(ctx context.Context, c *Client) error { _, err := c.Queues.Get(ctx, ""); return err },
			"GetByName": func(ctx context.Context, c *Client) error { _, err := c.Queues.GetByName(ctx, ""); return err },
			"Save nil": func(ctx context.Context, c *Client) error {
				_, err := c.Queues.Save(ctx, nil, ServiceTypeRuleEngine)
				return err
			},
			"Save name": func(ctx context.Context, c *Client) error {
				_, err := c.Queues.Save(ctx, &Queue{}, ServiceTypeRuleEngine)
				return err
			},
			"Save serviceType": func(ctx context.Context, c *Client) error {
				_, err := c.Queues.Save(ctx, &Queue{Name: "Q"}, "")
				return err
			},
			"Delete": func(ctx context.Context, c *Client) error { return c.Queues.Delete(ctx, "") },
			"List": func(ctx context.Context, c *Client) error {
				_, err := c.Queues.List(ctx, "", NewPageLink(1))
				return err
			},
		})
	})
}
