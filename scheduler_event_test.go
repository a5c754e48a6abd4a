package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

const pefEventInfoFields = `
  "id": {"entityType": "SCHEDULER_EVENT", "id": "` + pefEvent + `"},
  "createdTime": 1715000000000,
  "tenantId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "customerId": {"entityType": "CUSTOMER", "id": "13814000-1dd2-11b2-8080-808080808080"},
  "originatorId": {"entityType": "DEVICE", "id": "` + pefDevice + `"},
  "ownerId": {"entityType": "TENANT", "id": "` + pefTenant + `"},
  "name": "Night mode",
  "type": "updateAttributes",
  "schedule": {"timezone": "Europe/Kiev", "startTime": 1715029200000, "repeat": {"type": "DAILY", "endsOn": 0}},
  "enabled": true,
  "additionalInfo": null,
  "version": 4`

const pefEventInfoJSON = `{` + pefEventInfoFields + `}`

const pefEventJSON = `{` + pefEventInfoFields + `,
  "configuration": {"originatorId": {"entityType": "DEVICE", "id": "` + pefDevice + `"}, "msgType": "POST_ATTRIBUTES_REQUEST",
    "msgBody": {"mode": "night"}, "metadata": {"scope": "SERVER_SCOPE"}}}`

const pefEventWithCustomerJSON = `{` + pefEventInfoFields + `, "customerTitle": null, "customerIsPublic": false}`

func pefEventInfo() SchedulerEventInfo {
	return SchedulerEventInfo{
		ID:           NewEntityID(EntityTypeSchedulerEvent, pefEvent),
		CreatedTime:  1715000000000,
		TenantID:     NewEntityID(EntityTypeTenant, pefTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		OriginatorID: NewEntityID(EntityTypeDevice, pefDevice),
		OwnerID:      NewEntityID(EntityTypeTenant, pefTenant),
		Name:         "Night mode",
		Type:         "updateAttributes",
		Schedule:     json.RawMessage(`{"timezone": "Europe/Kiev", "startTime": 1715029200000, "repeat": {"type": "DAILY", "endsOn": 0}}`),
		Enabled:      pefBool(true),
		// The server writes absent JSON as null, which a json.RawMessage keeps.
		AdditionalInfo: json.RawMessage("null"),
		Version:        4,
	}
}

func pefEventModel() *SchedulerEvent {
	return &SchedulerEvent{
		SchedulerEventInfo: pefEventInfo(),
		Configuration: json.RawMessage(`{"originatorId": {"entityType": "DEVICE", "id": "` + pefDevice + `"}, "msgType": "POST_ATTRIBUTES_REQUEST",
    "msgBody": {"mode": "night"}, "metadata": {"scope": "SERVER_SCOPE"}}`),
	}
}

func pefEventWithCustomer() SchedulerEventWithCustomerInfo {
	return SchedulerEventWithCustomerInfo{SchedulerEventInfo: pefEventInfo()}
}

func TestSchedulerEventService(t *testing.T) {
	newEvent := &SchedulerEvent{
		SchedulerEventInfo: SchedulerEventInfo{
			Name:     "Reboot",
			Type:     "sendRpcRequest",
			Schedule: json.RawMessage(`{"timezone":"UTC","startTime":1715029200000}`),
		},
		Configuration: json.RawMessage(`{"originatorId":{"entityType":"DEVICE","id":"` + pefDevice + `"},"msgBody":{"method":"reboot","params":{}}}`),
	}
	runPEFCases(t, []pefCase{
		{name: "GetInfo", method: "GET", path: "/api/schedulerEvent/info/" + pefEvent, answer: pefEventWithCustomerJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.GetInfo(ctx, pefEvent) },
			want: &SchedulerEventWithCustomerInfo{SchedulerEventInfo: pefEventInfo()}},
		{name: "Get", method: "GET", path: "/api/schedulerEvent/" + pefEvent, answer: pefEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.Get(ctx, pefEvent) },
			want: pefEventModel()},
		{name: "Save new", method: "POST", path: "/api/schedulerEvent",
			body: `{"name": "Reboot", "type": "sendRpcRequest", "schedule": {"timezone": "UTC", "startTime": 1715029200000},
				"configuration": {"originatorId": {"entityType": "DEVICE", "id": "` + pefDevice + `"}, "msgBody": {"method": "reboot", "params": {}}}}`,
			answer: pefEventJSON,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.Save(ctx, newEvent) },
			want:   pefEventModel()},
		{name: "Save disabled", method: "POST", path: "/api/schedulerEvent",
			body:   `{"name": "Off", "type": "generateReport", "enabled": false}`,
			answer: pefEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.Save(ctx, &SchedulerEvent{SchedulerEventInfo: SchedulerEventInfo{Name: "Off", Type: "generateReport", Enabled: pefBool(false)}})
			},
			want: pefEventModel()},
		{name: "SetEnabled", method: "PUT", path: "/api/schedulerEvent/" + pefEvent + "/enabled/false", answer: pefEventJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.SetEnabled(ctx, pefEvent, false)
			},
			want: pefEventModel()},
		{name: "Delete", method: "DELETE", path: "/api/schedulerEvent/" + pefEvent,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.SchedulerEvents.Delete(ctx, pefEvent) }},
		{name: "List", method: "GET", path: "/api/schedulerEvents/all", query: map[string]string{"type": "generateReport"},
			answer: `[` + pefEventWithCustomerJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.List(ctx, &SchedulerEventListOptions{Type: "generateReport", EdgeID: pefEdge})
			},
			want: []SchedulerEventWithCustomerInfo{pefEventWithCustomer()}},
		{name: "List everything", method: "GET", path: "/api/schedulerEvents/all", answer: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.List(ctx, nil) },
			want: []SchedulerEventWithCustomerInfo{}},
		{name: "ListPage", method: "GET", path: "/api/schedulerEvents",
			query:  map[string]string{"pageSize": "10", "page": "0", "type": "updateAttributes", "edgeId": pefEdge},
			answer: `{"data": [` + pefEventWithCustomerJSON + `], "totalPages": 1, "totalElements": 1, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListPage(ctx, NewPageLink(10), &SchedulerEventListOptions{Type: "updateAttributes", EdgeID: pefEdge})
			},
			want: &Page[SchedulerEventWithCustomerInfo]{Data: []SchedulerEventWithCustomerInfo{pefEventWithCustomer()}, TotalPages: 1, TotalElements: 1}},
		{name: "ListByIDs", method: "GET", path: "/api/schedulerEvents/list",
			query:  map[string]string{"schedulerEventIds": pefEvent + "," + pefEvent2},
			answer: `[` + pefEventInfoJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListByIDs(ctx, []string{pefEvent, pefEvent2})
			},
			want: []SchedulerEventInfo{pefEventInfo()}},
		{name: "AssignToEdge", method: "POST", path: "/api/edge/" + pefEdge + "/schedulerEvent/" + pefEvent, answer: pefEventInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.AssignToEdge(ctx, pefEdge, pefEvent)
			},
			want: func() *SchedulerEventInfo { e := pefEventInfo(); return &e }()},
		{name: "UnassignFromEdge", method: "DELETE", path: "/api/edge/" + pefEdge + "/schedulerEvent/" + pefEvent, answer: pefEventInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.UnassignFromEdge(ctx, pefEdge, pefEvent)
			},
			want: func() *SchedulerEventInfo { e := pefEventInfo(); return &e }()},
		{name: "ListByEdge", method: "GET", path: "/api/edge/" + pefEdge + "/allSchedulerEvents", answer: `[` + pefEventInfoJSON + `]`,
			call: func(ctx context.Context, c *Client) (any, error) { return c.SchedulerEvents.ListByEdge(ctx, pefEdge) },
			want: []SchedulerEventInfo{pefEventInfo()}},
		{name: "ListByEdgePage", method: "GET", path: "/api/edge/" + pefEdge + "/schedulerEvents",
			query:  map[string]string{"pageSize": "2", "page": "3", "textSearch": "Night"},
			answer: `{"data": [` + pefEventInfoJSON + `], "totalPages": 4, "totalElements": 7, "hasNext": false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SchedulerEvents.ListByEdgePage(ctx, pefEdge, PageLink{PageSize: 2, Page: 3, TextSearch: "Night"})
			},
			want: &Page[SchedulerEventInfo]{Data: []SchedulerEventInfo{pefEventInfo()}, TotalPages: 4, TotalElements: 7}},
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
		page(w, r, pefEventWithCustomerJSON)
	})
	mux.HandleFunc("/api/edge/"+pefEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		page(w, r, pefEventInfoJSON)
	})
	all, err := drain(c.SchedulerEvents.ListAll(t.Context(), NewPageLink(1), &SchedulerEventListOptions{Type: "generateReport"}))
	if err != nil || len(all) != 2 {
		t.Errorf("ListAll = %d events, %v", len(all), err)
	}
	edge, err := drain(c.SchedulerEvents.ListByEdgeAll(t.Context(), pefEdge, NewPageLink(1)))
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
	mux.HandleFunc("/api/edge/"+pefEdge+"/allSchedulerEvents", notFound)
	mux.HandleFunc("/api/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"type": "generateReport"})
		writeJSON(w, 200, `[`+pefEventWithCustomerJSON+`]`)
	})
	mux.HandleFunc("/api/edge/"+pefEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `[`+pefEventInfoJSON+`]`)
	})
	events, err := c.SchedulerEvents.List(t.Context(), &SchedulerEventListOptions{Type: "generateReport"})
	if err != nil || len(events) != 1 || events[0].Name != "Night mode" {
		t.Errorf("List = %+v, %v", events, err)
	}
	edge, err := c.SchedulerEvents.ListByEdge(t.Context(), pefEdge)
	if err != nil || len(edge) != 1 {
		t.Errorf("ListByEdge = %+v, %v", edge, err)
	}
}

func TestSchedulerEventListByEdgeMissingEdge(t *testing.T) {
	// A 4.3 server: the edge is missing, and the older unpaged form is rejected.
	c, mux := setup(t)
	mux.HandleFunc("/api/edge/"+pefEdge+"/allSchedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"status": 404, "message": "Edge with id [`+pefEdge+`] is not found", "errorCode": 32, "timestamp": 1}`)
	})
	mux.HandleFunc("/api/edge/"+pefEdge+"/schedulerEvents", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status": 400, "message": "Parameter conditions not met", "errorCode": 31, "timestamp": 1}`)
	})
	_, err := c.SchedulerEvents.ListByEdge(t.Context(), pefEdge)
	var apiErr *APIError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Path != "/api/edge/"+pefEdge+"/allSchedulerEvents" {
		t.Errorf("error = %v, want the 404 of the edge", err)
	}
}

func TestSchedulerEventInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.SchedulerEvents.GetInfo(ctx, "")
	pefWantErr(t, "GetInfo", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.Get(ctx, "")
	pefWantErr(t, "Get", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.Save(ctx, nil)
	pefWantErr(t, "Save nil", err, "nil event")
	_, err = c.SchedulerEvents.Save(ctx, &SchedulerEvent{SchedulerEventInfo: SchedulerEventInfo{Name: "x"}})
	pefWantErr(t, "Save type", err, "empty type")
	_, err = c.SchedulerEvents.SetEnabled(ctx, "", true)
	pefWantErr(t, "SetEnabled", err, "empty schedulerEventID")
	err = c.SchedulerEvents.Delete(ctx, "")
	pefWantErr(t, "Delete", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.ListByIDs(ctx, []string{""})
	pefWantErr(t, "ListByIDs", err, "schedulerEventIDs[0] is empty")
	_, err = c.SchedulerEvents.AssignToEdge(ctx, "", pefEvent)
	pefWantErr(t, "AssignToEdge", err, "empty edgeID")
	_, err = c.SchedulerEvents.UnassignFromEdge(ctx, pefEdge, "")
	pefWantErr(t, "UnassignFromEdge", err, "empty schedulerEventID")
	_, err = c.SchedulerEvents.ListByEdge(ctx, "")
	pefWantErr(t, "ListByEdge", err, "empty edgeID")
	_, err = c.SchedulerEvents.ListByEdgePage(ctx, "", NewPageLink(1))
	pefWantErr(t, "ListByEdgePage", err, "empty edgeID")
}
