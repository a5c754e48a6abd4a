package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestFindEntityData(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/entitiesQuery/find", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, map[string]string{})
		testJSONBody(t, r, docEntityDataQuery)
		writeJSON(w, 200, serverEntityDataPage)
	})
	p, err := c.EntityQuery.FindEntityData(context.Background(), docQuery())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 2 || p.TotalPages != 1 {
		t.Fatalf("page = %+v", p)
	}
	if v, _ := p.Data[0].TimeseriesLatest("temperature"); v != "21.5" {
		t.Fatalf("temperature = %q", v)
	}
}

func TestEntityQueryValidatesInput(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()
	if _, err := c.EntityQuery.FindEntityData(ctx, EntityDataQuery{PageLink: EntityDataPageLink{PageSize: 10}}); err == nil || !strings.Contains(err.Error(), "EntityFilter") {
		t.Errorf("nil filter: %v", err)
	}
	if _, err := c.EntityQuery.FindEntityData(ctx, EntityDataQuery{EntityFilter: EntityTypeFilter{EntityType: EntityTypeDevice}}); err == nil || !strings.Contains(err.Error(), "PageSize") {
		t.Errorf("zero page size: %v", err)
	}
	if _, err := c.EntityQuery.CountEntities(ctx, EntityCountQuery{}); err == nil {
		t.Error("count without filter")
	}
	if _, err := c.EntityQuery.FindAlarmData(ctx, AlarmDataQuery{EntityFilter: EntityTypeFilter{}}); err == nil {
		t.Error("alarm query with zero page size")
	}
	if _, err := c.EntityQuery.CountAlarms(ctx, AlarmCountQuery{}); err == nil {
		t.Error("alarm count without filter")
	}
	if _, err := c.EntityQuery.FindAvailableKeys(ctx, EntityDataQuery{}, nil); err == nil {
		t.Error("keys without filter")
	}
	if _, err := c.EntityQuery.FindAvailableKeysV2(ctx, EntityDataQuery{}, nil); err == nil {
		t.Error("keys v2 without filter")
	}
	for _, err := range c.EntityQuery.FindEntityDataAll(ctx, EntityDataQuery{}) {
		if err == nil {
			t.Error("iterator without filter yielded no error")
		}
	}
}

func TestCountEntities(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/entitiesQuery/count", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[
			{"key":{"type":"ATTRIBUTE","key":"active"},"valueType":"BOOLEAN",
			 "predicate":{"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true,"userValue":null,"dynamicValue":null}}}]}`)
		writeJSON(w, 200, `42`)
	})
	n, err := c.EntityQuery.CountEntities(context.Background(), EntityCountQuery{
		EntityFilter: EntityTypeFilter{EntityType: EntityTypeDevice},
		KeyFilters: []KeyFilter{{Key: AttributeKey("active"), ValueType: ValueTypeBoolean,
			Predicate: BooleanFilterPredicate{Operation: BooleanEqual, Value: PredicateValue(true)}}},
	})
	if err != nil || n != 42 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestCountEntitiesReturnsAPIError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/entitiesQuery/count", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"status":403,"message":"You don't have permission to perform this operation!","errorCode":20,"timestamp":1609459200000}`)
	})
	_, err := c.EntityQuery.CountEntities(context.Background(), EntityCountQuery{EntityFilter: EntityTypeFilter{EntityType: EntityTypeTenant}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrPermissionDenied) || apiErr.Code != CodePermissionDenied {
		t.Fatalf("err = %v", err)
	}
}

func TestFindEntityDataAllPages(t *testing.T) {
	c, mux := setup(t)
	var pages []int
	mux.HandleFunc("/api/entitiesQuery/find", func(w http.ResponseWriter, r *http.Request) {
		var q struct {
			EntityFilter map[string]any `json:"entityFilter"`
			PageLink     struct {
				PageSize int `json:"pageSize"`
				Page     int `json:"page"`
			} `json:"pageLink"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		if q.EntityFilter["type"] != "entityName" || q.PageLink.PageSize != 2 {
			t.Errorf("query = %s", b)
		}
		pages = append(pages, q.PageLink.Page)
		// 5 entities, pages of 2.
		var items []string
		for i := q.PageLink.Page * 2; i < min(q.PageLink.Page*2+2, 5); i++ {
			items = append(items, fmt.Sprintf(`{"entityId":{"entityType":"DEVICE","id":"d%d"},"latest":{},"timeseries":{}}`, i))
		}
		writeJSON(w, 200, fmt.Sprintf(`{"data":[%s],"totalPages":3,"totalElements":5,"hasNext":%v}`,
			strings.Join(items, ","), q.PageLink.Page < 2))
	})
	q := EntityDataQuery{EntityFilter: EntityNameFilter{EntityType: EntityTypeDevice, EntityNameFilter: "d"},
		PageLink: EntityDataPageLink{PageSize: 2}}
	var ids []string
	for d, err := range c.EntityQuery.FindEntityDataAll(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.EntityID.ID)
	}
	if strings.Join(ids, ",") != "d0,d1,d2,d3,d4" || fmt.Sprint(pages) != "[0 1 2]" || q.PageLink.Page != 0 {
		t.Fatalf("ids=%v pages=%v", ids, pages)
	}
	// Stopping early sends no more requests.
	pages = nil
	for range c.EntityQuery.FindEntityDataAll(context.Background(), q) {
		break
	}
	if len(pages) != 1 {
		t.Fatalf("pages after break = %v", pages)
	}
}

func TestFindAlarmDataAndAll(t *testing.T) {
	c, mux := setup(t)
	calls := 0
	mux.HandleFunc("/api/alarmsQuery/find", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		calls++
		page := calls - 1
		testJSONBody(t, r, fmt.Sprintf(`{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[],
			"pageLink":{"pageSize":1,"page":%d,"dynamic":false,"startTs":0,"endTs":0,"timeWindow":3600000,
			  "statusList":["ACTIVE"],"severityList":["CRITICAL"],"searchPropagatedAlarms":true},
			"entityFields":[],"latestValues":[],"alarmFields":[{"type":"ALARM_FIELD","key":"type"}]}`, page))
		writeJSON(w, 200, fmt.Sprintf(`{"data":[{"id":{"entityType":"ALARM","id":"a%d"},"createdTime":1,"type":"Overheat",
			"originator":{"entityType":"DEVICE","id":"d1"},"severity":"CRITICAL","acknowledged":false,"cleared":false,
			"status":"ACTIVE_UNACK","name":"Overheat","entityId":{"entityType":"DEVICE","id":"d1"},"latest":{}}],
			"totalPages":2,"totalElements":2,"hasNext":%v}`, page, page == 0))
	})
	q := AlarmDataQuery{EntityFilter: EntityTypeFilter{EntityType: EntityTypeDevice},
		PageLink: AlarmDataPageLink{EntityDataPageLink: EntityDataPageLink{PageSize: 1}, TimeWindow: 3600000,
			StatusList: []AlarmSearchStatus{SearchStatusActive}, SeverityList: []AlarmSeverity{SeverityCritical}, SearchPropagatedAlarms: true},
		AlarmFields: []EntityKey{AlarmFieldKey("type")}}
	p, err := c.EntityQuery.FindAlarmData(context.Background(), q)
	if err != nil || len(p.Data) != 1 || p.Data[0].ID.ID != "a0" || p.Data[0].Severity != SeverityCritical || !p.HasNext {
		t.Fatalf("page=%+v err=%v", p, err)
	}
	calls = 0
	var ids []string
	for a, err := range c.EntityQuery.FindAlarmDataAll(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID.ID)
	}
	if strings.Join(ids, ",") != "a0,a1" {
		t.Fatalf("ids = %v", ids)
	}
}

func TestCountAlarms(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/alarmsQuery/count", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{"entityFilter":{"type":"singleEntity","singleEntity":{"entityType":"CURRENT_CUSTOMER"}},"keyFilters":[],
			"startTs":1,"endTs":2,"timeWindow":0,"typeList":["Overheat"],"searchPropagatedAlarms":false,
			"assigneeId":{"entityType":"USER","id":"u1"}}`)
		writeJSON(w, 200, `7`)
	})
	n, err := c.EntityQuery.CountAlarms(context.Background(), AlarmCountQuery{
		EntityFilter: SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: AliasCurrentCustomer}},
		StartTs:      1, EndTs: 2, TypeList: []string{"Overheat"}, AssigneeID: NewEntityID(EntityTypeUser, "u1")})
	if err != nil || n != 7 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestFindAvailableKeys(t *testing.T) {
	c, mux := setup(t)
	var want map[string]string
	mux.HandleFunc("/api/entitiesQuery/find/keys", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, want)
		testJSONBody(t, r, docEntityDataQuery)
		writeJSON(w, 200, `{"entityTypes":["DEVICE"],"timeseries":["temperature","humidity"],"attribute":["active"]}`)
	})
	want = map[string]string{"timeseries": "true", "attributes": "true"}
	k, err := c.EntityQuery.FindAvailableKeys(context.Background(), docQuery(), nil)
	if err != nil || len(k.Timeseries) != 2 || k.Attribute[0] != "active" || k.EntityTypes[0] != EntityTypeDevice {
		t.Fatalf("keys=%+v err=%v", k, err)
	}
	want = map[string]string{"timeseries": "false", "attributes": "true", "scope": "SHARED_SCOPE"}
	if _, err := c.EntityQuery.FindAvailableKeys(context.Background(), docQuery(), &FindKeysOptions{SkipTimeseries: true, Scope: "SHARED_SCOPE"}); err != nil {
		t.Fatal(err)
	}
}

func TestFindAvailableKeysV2(t *testing.T) {
	c, mux := setup(t)
	var want map[string]string
	mux.HandleFunc("/api/v2/entitiesQuery/find/keys", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, want)
		testJSONBody(t, r, docEntityDataQuery)
		writeJSON(w, 200, `{"entityTypes":["DEVICE"],"timeseries":[{"key":"temperature","sample":{"ts":1707000000000,"value":23.5}}],
			"attributes":{"SERVER_SCOPE":[{"key":"active","sample":{"ts":1707000000001,"value":true}}]}}`)
	})
	want = map[string]string{}
	k, err := c.EntityQuery.FindAvailableKeysV2(context.Background(), docQuery(), nil)
	if err != nil || k.Timeseries[0].Key != "temperature" || k.Attributes["SERVER_SCOPE"][0].Sample.Ts != 1707000000001 {
		t.Fatalf("keys=%+v err=%v", k, err)
	}
	want = map[string]string{"includeTimeseries": "false", "scopes": "SERVER_SCOPE,CLIENT_SCOPE", "includeSamples": "true"}
	if _, err := c.EntityQuery.FindAvailableKeysV2(context.Background(), docQuery(),
		&FindKeysV2Options{SkipTimeseries: true, Scopes: []string{"SERVER_SCOPE", "CLIENT_SCOPE"}, IncludeSamples: true}); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"includeAttributes": "false"}
	if _, err := c.EntityQuery.FindAvailableKeysV2(context.Background(), docQuery(), &FindKeysV2Options{SkipAttributes: true}); err != nil {
		t.Fatal(err)
	}
}
