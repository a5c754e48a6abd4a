package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

const pfEventInfoFields = `
  "id": {"entityType": "SCHEDULER_EVENT", "id": "` + pfEvent + `"},
  "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pfTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "13814000-1dd2-11b2-8080-808080808080"},
  "originatorId": {"entityType": "DEVICE", "id": "` + pfDevice + `"},
  "ownerId": {"entityType": "TENANT", "id": "` + pfTenant + `"},
  "name": "Night mode",
  "type": "updateAttributes",
  "schedule": {"timezone": "Europe/Kiev", "startTime": 1715029200000, "repeat": {"type": "DAILY", "endsOn": 0}},
  "enabled": true,
  "additionalInfo": null,
  "version": 4`

const pfEventInfoJSON = `{` + pfEventInfoFields + `}`

const pfEventJSON = `{` + pfEventInfoFields + `,
  "configuration": {"originatorId": {"entityType": "DEVICE", "id": "` + pfDevice + `"}, "msgType": "POST_ATTRIBUTES_REQUEST",
    "msgBody": {"mode": "night"}, "metadata": {"scope": "SERVER_SCOPE"}}}`

const pfEventWithCustomerJSON = `{` + pfEventInfoFields + `, "customerTitle": null, "customerIsPublic": false}`

func pfEventInfo() SchedulerEventInfo {
	return SchedulerEventInfo{
		ID:           NewEntityID(EntityTypeSchedulerEvent, pfEvent),
		CreatedTime:  1715000000000,
		TenantID:     NewEntityID(EntityTypeTenant, pfTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		OriginatorID: NewEntityID(EntityTypeDevice, pfDevice),
		OwnerID:      NewEntityID(EntityTypeTenant, pfTenant),
		Name:         "Night mode",
		Type:         "updateAttributes",
		Schedule:     json.RawMessage(`{"timezone": "Europe/Kiev", "startTime": 1715029200000, "repeat": {"type": "DAILY", "endsOn": 0}}`),
		Enabled:      pfBool(true),
		// The server writes absent JSON as null, which a json.RawMessage keeps.
		AdditionalInfo: json.RawMessage("null"),
		Version:        4,
	}
}

func pfEventModel() *SchedulerEvent {
	return &SchedulerEvent{
		SchedulerEventInfo: pfEventInfo(),
		Configuration: json.RawMessage(`{"originatorId": {"entityType": "DEVICE", "id": "` + pfDevice + `"}, "msgType": "POST_ATTRIBUTES_REQUEST",
    "msgBody": {"mode": "night"}, "metadata": {"scope": "SERVER_SCOPE"}}`),
	}
}

func pfEventWithCustomer() SchedulerEventWithCustomerInfo {
	return SchedulerEventWithCustomerInfo{SchedulerEventInfo: pfEventInfo()}
}

func TestSchedulerEventService(t *testing.T) {
	newEvent := &SchedulerEvent{
		SchedulerEventInfo: SchedulerEventInfo{
			Name:     "Reboot",
			Type:     "sendRpcRequest",
			Schedule: json.RawMessage(`{"timezone":"UTC","startTime":1715029200000}`),
		},
		Configuration: json.RawMessage(`{"originatorId":{"entityType":"DEVICE","id":"` + pfDevice + `"},"msgBody":{"method":"reboot","params":{}}}`),
	}
	runPFCases(t, []pfCase{
		{name: "GetInfo", method: "GET", path: "/api/schedulerEvent/info/" + pfEvent, answer: pfEventWithCustomerJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.GetInfo(ctx, pfEvent) },
			want: &SchedulerEventWithCustomerInfo{SchedulerEventInfo: pfEventInfo()}},
		{name: "Get", method: "GET", path: "/api/schedulerEvent/" + pfEvent, answer: pfEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.Get(ctx, pfEvent) },
			want: pfEventModel()},
		{name: "Save new", method: "POST", path: "/api/schedulerEvent",
			body: `{"name": "Reboot", "type": "sendRpcRequest", "schedule": {"timezone": "UTC", "startTime": 1715029200000},
				"configuration": {"originatorId": {"entityType": "DEVICE", "id": "` + pfDevice + `"}, "msgBody": {"method": "reboot", "params": {}}}}`,
			answer: pfEventJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.Save(ctx, newEvent) },
			want:   pfEventModel()},
		{name: "Save disabled", method: "POST", path: "/api/schedulerEvent",
			body:   `{"name": "Off", "type": "generateReport", "enabled": false}`,
			answer: pfEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.Save(ctx, &SchedulerEvent{SchedulerEventInfo: SchedulerEventInfo{Name: "Off", Type: "generateReport", Enabled: pfBool(false)}})
			},
			want: pfEventModel()},
		{name: "SetEnabled", method: "PUT", path: "/api/schedulerEvent/" + pfEvent + "/enabled/false", answer: pfEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.SetEnabled(ctx, pfEvent, false)
			},
			want: pfEventModel()},
		{name: "Delete", method: "DELETE", path: "/api/schedulerEvent/" + pfEvent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.SchedulerEvents.Delete(ctx, pfEvent) }},
		{name: "List", method: "GET", path: "/api/schedulerEvents/all", query: map[string]string{"type": "generateReport"},
			answer: `[` + pfEventWithCustomerJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.List(ctx, &SchedulerEventListOptions{Type: "generateReport", EdgeID: pfEdge})
			},
			want: []SchedulerEventWithCustomerInfo{pfEventWithCustomer()}},
		{name: "List everything", method: "GET", path: "/api/schedulerEvents/all", answer: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.List(ctx, nil) },
			want: []SchedulerEventWithCustomerInfo{}},
		{name: "ListPage", method: "GET", path: "/api/schedulerEvents",
			query:  map[string]string{"pageSize": "10", "page": "0", "type": "updateAttributes", "edgeId": pfEdge},
			answer: `{"data": [` + pfEventWithCustomerJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListPage(ctx, NewPageLink(10), &SchedulerEventListOptions{Type: "updateAttributes", EdgeID: pfEdge})
			},
			want: &Page[SchedulerEventWithCustomerInfo]{Data: []SchedulerEventWithCustomerInfo{pfEventWithCustomer()}, TotalPages: 1, TotalElements: 1}},
		{name: "ListByIDs", method: "GET", path: "/api/schedulerEvents/list",
			query:  map[string]string{"schedulerEventIds": pfEvent + "," + pfEvent2},
			answer: `[` + pfEventInfoJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListByIDs(ctx, []string{pfEvent, pfEvent2})
			},
			want: []SchedulerEventInfo{pfEventInfo()}},
		{name: "AssignToEdge", method: "POST", path: "/api/edge/" + pfEdge + "/schedulerEvent/" + pfEvent, answer: pfEventInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.AssignToEdge(ctx, pfEdge, pfEvent)
			},
			want: func() *SchedulerEventInfo { e := pfEventInfo(); return &e }()},
		{name: "UnassignFromEdge", method: "DELETE", path: "/api/edge/" + pfEdge + "/schedulerEvent/" + pfEvent, answer: pfEventInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.UnassignFromEdge(ctx, pfEdge, pfEvent)
			},
			want: func() *SchedulerEventInfo { e := pfEventInfo(); return &e }()},
		{name: "ListByEdge", method: "GET", path: "/api/edge/" + pfEdge + "/allSchedulerEvents", answer: `[` + pfEventInfoJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.ListByEdge(ctx, pfEdge) },
			want: []SchedulerEventInfo{pfEventInfo()}},
		{name: "ListByEdgePage", method: "GET", path: "/api/edge/" + pfEdge + "/schedulerEvents",
			query:  map[string]string{"pageSize": "2", "page": "3", "textSearch": "Night"},
			answer: `{"data": [` + pfEventInfoJSON + `], "totalPages": 4, "totalElements": 7, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListByEdgePage(ctx, pfEdge, PageLink{PageSize: 2, Page: 3, TextSearch: "Night"})
			},
			want: &Page[SchedulerEventInfo]{Data: []SchedulerEventInfo{pfEventInfo()}, TotalPages: 4, TotalElements: 7}},
	})
}

func TestSchedulerEventIterators(t *testing.T) {
	c, mux := setup(t)
	page := func(w http.ResponseWriter, r *http.Request, item string) {
		if r.URL.Query().Get("page") == "0" {
			writeJSON(w, 200, `{"data": [`+item+`], "totalPages": 2, "totalElements": 2, "hasNext": true}`)
			return
		}
		writeJSON(w, 200, `{"data": [`+item+`], "totalPages": 2, "totalElements": 2, "hasNext": false}`)
	}
	mux.HandleFunc("/api/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"pageSize": "1", "page": r.URL.Query().Get("page"), "type": "generateReport"})
		page(w, r, pfEventWithCustomerJSON)
	})
	mux.HandleFunc("/api/edge/"+pfEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		page(w, r, pfEventInfoJSON)
	})
	all, err := drain(c.SchedulerEvents.ListAll(t.Context(), NewPageLink(1), &SchedulerEventListOptions{Type: "generateReport"}))
	if err != nil || len(all) != 2 {
		t.Errorf("ListAll = %d events, %v", len(all), err)
	}
	edge, err := drain(c.SchedulerEvents.ListByEdgeAll(t.Context(), pfEdge, NewPageLink(1)))
	if err != nil || len(edge) != 2 {
		t.Errorf("ListByEdgeAll = %d events, %v", len(edge), err)
	}
}

func TestSchedulerEventUnpagedListsFallBack(t *testing.T) {
	c, mux := setup(t)
	notFound := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Not Found", "errorCode": 32, "timestamp": 1}`)
	}
	mux.HandleFunc("/api/schedulerEvents/all", notFound)
	mux.HandleFunc("/api/edge/"+pfEdge+"/allSchedulerEvents", notFound)
	mux.HandleFunc("/api/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"type": "generateReport"})
		writeJSON(w, 200, `[`+pfEventWithCustomerJSON+`]`)
	})
	mux.HandleFunc("/api/edge/"+pfEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `[`+pfEventInfoJSON+`]`)
	})
	events, err := c.SchedulerEvents.List(t.Context(), &SchedulerEventListOptions{Type: "generateReport"})
	if err != nil || len(events) != 1 || events[0].Name != "Night mode" {
		t.Errorf("List = %+v, %v", events, err)
	}
	edge, err := c.SchedulerEvents.ListByEdge(t.Context(), pfEdge)
	if err != nil || len(edge) != 1 {
		t.Errorf("ListByEdge = %+v, %v", edge, err)
	}
}

func TestSchedulerEventListByEdgeMissingEdge(t *testing.T) {
	// A 4.3 server: the edge is missing, and the older unpaged form is rejected.
	c, mux := setup(t)
	mux.HandleFunc("/api/edge/"+pfEdge+"/allSchedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Edge with id [`+pfEdge+`] is not found", "errorCode": 32, "timestamp": 1}`)
	})
	mux.HandleFunc("/api/edge/"+pfEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status": 400, "message": "Parameter conditions not met", "errorCode": 31, "timestamp": 1}`)
	})
	_, err := c.SchedulerEvents.ListByEdge(t.Context(), pfEdge)
	var apiErr *APIError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Path != "/api/edge/"+pfEdge+"/allSchedulerEvents" {
		t.Errorf("error = %v, want the 404 of the edge", err)
	}
}

func TestSchedulerEventInputValidation(t *testing.T) {
	c := pfNoRequest(t)
	ctx := t.Context()
	_, err := c.SchedulerEvents.GetInfo(ctx, "")
	pfWantErr(t, "GetInfo", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.Get(ctx, "")
	pfWantErr(t, "Get", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.Save(ctx, nil)
	pfWantErr(t, "Save nil", err, "nil event")
	_, err = c.SchedulerEvents.Save(ctx, &SchedulerEvent{SchedulerEventInfo: SchedulerEventInfo{Name: "x"}})
	pfWantErr(t, "Save type", err, "empty type")
	_, err = c.SchedulerEvents.SetEnabled(ctx, "", true)
	pfWantErr(t, "SetEnabled", err, "empty schedulerEventID")
	err = c.SchedulerEvents.Delete(ctx, "")
	pfWantErr(t, "Delete", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.ListByIDs(ctx, []string{""})
	pfWantErr(t, "ListByIDs", err, "schedulerEventIDs[0] is empty")
	_, err = c.SchedulerEvents.AssignToEdge(ctx, "", pfEvent)
	pfWantErr(t, "AssignToEdge", err, "empty edgeID")
	_, err = c.SchedulerEvents.UnassignFromEdge(ctx, pfEdge, "")
	pfWantErr(t, "UnassignFromEdge", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.ListByEdge(ctx, "")
	pfWantErr(t, "ListByEdge", err, "empty edgeID")
	_, err = c.SchedulerEvents.ListByEdgePage(ctx, "", NewPageLink(1))
	pfWantErr(t, "ListByEdgePage", err, "empty edgeID")
}
