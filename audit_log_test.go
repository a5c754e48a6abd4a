package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

const (
	fxAuditLogID    = "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a06"
	fxAuditTenant   = "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a07"
	fxAuditCustomer = "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a08"
	fxAuditUser     = "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a09"
	fxAuditDevice   = "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0a"
)

const fxAuditLogJSON = `{"id":{"id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a06"},"createdTime":1700000000000,` +
	`"tenantId":{"entityType":"TENANT","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a07"},` +
	`"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},` +
	`"entityId":{"entityType":"DEVICE","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0a"},"entityName":"Thermostat T1",` +
	`"userId":{"entityType":"USER","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a09"},"userName":"tenant@thingsboard.org",` +
	`"actionType":"ATTRIBUTES_UPDATED","actionData":{"entityId":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0a","scope":"SERVER_SCOPE","attributes":{"target":21}},` +
	`"actionStatus":"SUCCESS","actionFailureDetails":null}`

func fxAuditLog() AuditLog {
	return AuditLog{
		ID:           AuditLogID{ID: fxAuditLogID},
		CreatedTime:  1700000000000,
		TenantID:     NewEntityID(EntityTypeTenant, fxAuditTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		EntityID:     NewEntityID(EntityTypeDevice, fxAuditDevice),
		EntityName:   "Thermostat T1",
		UserID:       NewEntityID(EntityTypeUser, fxAuditUser),
		UserName:     "tenant@thingsboard.org",
		ActionType:   ActionAttributesUpdated,
		ActionData:   json.RawMessage(`{"entityId":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0a","scope":"SERVER_SCOPE","attributes":{"target":21}}`),
		ActionStatus: ActionStatusSuccess,
	}
}

// fxAuditFailedJSON is an entry of a PE-only action type that failed.
const fxAuditFailedJSON = `{"id":{"id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0b"},"createdTime":1700000000001,` +
	`"tenantId":{"entityType":"TENANT","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a07"},"customerId":null,` +
	`"entityId":{"entityType":"DEVICE","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0a"},"entityName":"Thermostat T1",` +
	`"userId":{"entityType":"USER","id":"d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a09"},"userName":"tenant@thingsboard.org",` +
	`"actionType":"CHANGE_OWNER","actionData":null,"actionStatus":"FAILURE","actionFailureDetails":"Permission denied"}`

func fxAuditFailed() AuditLog {
	return AuditLog{
		ID:                   AuditLogID{ID: "d1e2f300-4f1a-11ee-9c6d-2b1e8a3f0a0b"},
		CreatedTime:          1700000000001,
		TenantID:             NewEntityID(EntityTypeTenant, fxAuditTenant),
		EntityID:             NewEntityID(EntityTypeDevice, fxAuditDevice),
		EntityName:           "Thermostat T1",
		UserID:               NewEntityID(EntityTypeUser, fxAuditUser),
		UserName:             "tenant@thingsboard.org",
		ActionType:           ActionChangeOwner,
		ActionData:           json.RawMessage(`null`),
		ActionStatus:         ActionStatusFailure,
		ActionFailureDetails: "Permission denied",
	}
}

func TestAuditLogService(t *testing.T) {
	tl := TimePageLink{PageLink: PageLink{PageSize: 20, SortProperty: "createdTime", SortOrder: DESC}, StartTime: 1699990000000, EndTime: 1700010000000}
	tlq := func(extra ...string) map[string]string {
		q := map[string]string{"pageSize": "20", "page": "0", "sortProperty": "createdTime", "sortOrder": "DESC",
			"startTime": "1699990000000", "endTime": "1700010000000"}
		for i := 0; i+1 < len(extra); i += 2 {
			q[extra[i]] = extra[i+1]
		}
		return q
	}
	opts := &AuditLogListOptions{ActionTypes: []ActionType{ActionAttributesUpdated, ActionChangeOwner}}
	page := pfPageJSON(false, fxAuditLogJSON, fxAuditFailedJSON)
	want := &Page[AuditLog]{Data: []AuditLog{fxAuditLog(), fxAuditFailed()}, TotalPages: 2, TotalElements: 3}
	pfRun(t, []pfCase{
		{
			name: "List", method: "GET", path: "/api/audit/logs", query: tlq("actionTypes", "ATTRIBUTES_UPDATED,CHANGE_OWNER"), answer: page,
			call: func(ctx context.Context, c *Client) (any, error) { return c.AuditLogs.List(ctx, tl, opts) },
			want: want,
		},
		{
			name: "ListNoOptions", method: "GET", path: "/api/audit/logs", query: map[string]string{"pageSize": "10", "page": "0"}, answer: page,
			call: func(ctx context.Context, c *Client) (any, error) { return c.AuditLogs.List(ctx, TimePageLink{}, nil) },
			want: want,
		},
		{
			name: "ListByCustomer", method: "GET", path: "/api/audit/logs/customer/" + fxAuditCustomer, query: tlq(), answer: page,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.AuditLogs.ListByCustomer(ctx, fxAuditCustomer, tl, nil)
			},
			want: want,
		},
		{
			name: "ListByUser", method: "GET", path: "/api/audit/logs/user/" + fxAuditUser, query: tlq("actionTypes", "LOGIN"), answer: page,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.AuditLogs.ListByUser(ctx, fxAuditUser, tl, &AuditLogListOptions{ActionTypes: []ActionType{ActionLogin}})
			},
			want: want,
		},
		{
			name: "ListByEntity", method: "GET", path: "/api/audit/logs/entity/DEVICE/" + fxAuditDevice, query: tlq(), answer: page,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.AuditLogs.ListByEntity(ctx, NewEntityID(EntityTypeDevice, fxAuditDevice), tl, &AuditLogListOptions{})
			},
			want: want,
		},
	})

	iterators := []struct {
		name, path string
		seq        func(c *Client) func(func(AuditLog, error) bool)
	}{
		{"ListAll", "/api/audit/logs", func(c *Client) func(func(AuditLog, error) bool) {
			return c.AuditLogs.ListAll(t.Context(), NewTimePageLink(2, 1, 2), opts)
		}},
		{"ListByCustomerAll", "/api/audit/logs/customer/" + fxAuditCustomer, func(c *Client) func(func(AuditLog, error) bool) {
			return c.AuditLogs.ListByCustomerAll(t.Context(), fxAuditCustomer, NewTimePageLink(2, 1, 2), opts)
		}},
		{"ListByUserAll", "/api/audit/logs/user/" + fxAuditUser, func(c *Client) func(func(AuditLog, error) bool) {
			return c.AuditLogs.ListByUserAll(t.Context(), fxAuditUser, NewTimePageLink(2, 1, 2), opts)
		}},
		{"ListByEntityAll", "/api/audit/logs/entity/DEVICE/" + fxAuditDevice, func(c *Client) func(func(AuditLog, error) bool) {
			return c.AuditLogs.ListByEntityAll(t.Context(), NewEntityID(EntityTypeDevice, fxAuditDevice), NewTimePageLink(2, 1, 2), opts)
		}},
	}
	for _, it := range iterators {
		t.Run(it.name, func(t *testing.T) {
			c, mux := setup(t)
			seen := pfPages(t, mux, it.path, pfPageJSON(true, fxAuditLogJSON, fxAuditFailedJSON), pfPageJSON(false, fxAuditLogJSON))
			var got []ActionType
			for e, err := range it.seq(c) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, e.ActionType)
			}
			if len(got) != 3 || got[1] != ActionChangeOwner || len(*seen) != 2 {
				t.Fatalf("got %v after %d requests", got, len(*seen))
			}
			for i, q := range *seen {
				if q.Get("startTime") != "1" || q.Get("endTime") != "2" || q.Get("actionTypes") != "ATTRIBUTES_UPDATED,CHANGE_OWNER" || q.Get("page") != string(rune('0'+i)) {
					t.Errorf("request %d query = %v", i, q)
				}
			}
		})
	}

	t.Run("Arguments", func(t *testing.T) {
		pfNoRequest(t, map[string]func(ctx context.Context, c *Client) error{
			"ListByCustomer": func(ctx context.Context, c *Client) error {
				_, err := c.AuditLogs.ListByCustomer(ctx, "", TimePageLink{}, nil)
				return err
			},
			"ListByUser": func(ctx context.Context, c *Client) error {
				_, err := c.AuditLogs.ListByUser(ctx, "", TimePageLink{}, nil)
				return err
			},
			"ListByEntity id": func(ctx context.Context, c *Client) error {
				_, err := c.AuditLogs.ListByEntity(ctx, EntityID{EntityType: EntityTypeDevice}, TimePageLink{}, nil)
				return err
			},
			"ListByEntity type": func(ctx context.Context, c *Client) error {
				_, err := c.AuditLogs.ListByEntity(ctx, EntityID{ID: fxAuditDevice}, TimePageLink{}, nil)
				return err
			},
			"ListByUserAll": func(ctx context.Context, c *Client) error {
				for _, err := range c.AuditLogs.ListByUserAll(ctx, "", TimePageLink{}, nil) {
					return err
				}
				return nil
			},
		})
	})
}
