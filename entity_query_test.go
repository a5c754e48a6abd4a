package thingsboard

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The EntityDataQuery example of the server's documentation, with textSearch omitted.
const docEntityDataQuery = `{
  "entityFilter": {"type": "entityType", "entityType": "DEVICE"},
  "pageLink": {"pageSize": 10, "page": 0,
               "sortOrder": {"key": {"type": "ENTITY_FIELD", "key": "createdTime"}, "direction": "DESC"},
               "dynamic": false},
  "entityFields": [{"type": "ENTITY_FIELD", "key": "name"}, {"type": "ENTITY_FIELD", "key": "label"}],
  "latestValues": [{"type": "TIME_SERIES", "key": "temperature"}, {"type": "SERVER_ATTRIBUTE", "key": "active"}],
  "keyFilters": [{
      "key": {"type": "TIME_SERIES", "key": "temperature"},
      "valueType": "NUMERIC",
      "predicate": {"type": "NUMERIC", "operation": "GREATER",
                    "value": {"defaultValue": 20, "userValue": null, "dynamicValue": null}}
  }]
}`

func docQuery() EntityDataQuery {
	return EntityDataQuery{
		EntityFilter: EntityTypeFilter{EntityType: EntityTypeDevice},
		KeyFilters: []KeyFilter{{Key: TimeSeriesKey("temperature"), ValueType: ValueTypeNumeric,
			Predicate: NumericFilterPredicate{Operation: NumericGreater, Value: PredicateValue(20.0)}}},
		PageLink: EntityDataPageLink{PageSize: 10,
			SortOrder: &EntityDataSortOrder{Key: FieldKey("createdTime"), Direction: DESC}},
		EntityFields: []EntityKey{FieldKey("name"), FieldKey("label")},
		LatestValues: []EntityKey{TimeSeriesKey("temperature"), {Type: EntityKeyServerAttribute, Key: "active"}},
	}
}

func TestEntityDataQueryJSON(t *testing.T) {
	b, err := json.Marshal(docQuery())
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "encoded", b, docEntityDataQuery)

	var q EntityDataQuery
	if err := json.Unmarshal([]byte(docEntityDataQuery), &q); err != nil {
		t.Fatal(err)
	}
	if f, ok := q.EntityFilter.(*EntityTypeFilter); !ok || f.EntityType != EntityTypeDevice {
		t.Fatalf("filter = %#v", q.EntityFilter)
	}
	if p, ok := q.KeyFilters[0].Predicate.(*NumericFilterPredicate); !ok || p.Value.DefaultValue != 20 {
		t.Fatalf("predicate = %#v", q.KeyFilters[0].Predicate)
	}
	if q.PageLink.SortOrder.Direction != DESC || q.LatestValues[1].Type != EntityKeyServerAttribute {
		t.Fatalf("decoded %+v", q)
	}
	b, _ = json.Marshal(q)
	sameJSON(t, "re-encoded", b, docEntityDataQuery)
}

func TestQueriesSendEmptyLists(t *testing.T) {
	b, _ := json.Marshal(EntityDataQuery{EntityFilter: EntityTypeFilter{EntityType: EntityTypeAsset}, PageLink: EntityDataPageLink{PageSize: 5, Page: 1, TextSearch: "x"}})
	sameJSON(t, "data query", b, `{"entityFilter":{"type":"entityType","entityType":"ASSET"},"keyFilters":[],
		"pageLink":{"pageSize":5,"page":1,"textSearch":"x","dynamic":false},"entityFields":[],"latestValues":[]}`)
	b, _ = json.Marshal(EntityCountQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}})
	sameJSON(t, "count query", b, `{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[]}`)
	var q EntityCountQuery
	if err := json.Unmarshal([]byte(`{"entityFilter":null,"keyFilters":null}`), &q); err != nil || q.EntityFilter != nil {
		t.Fatalf("null filter: %v %#v", err, q)
	}
	if err := json.Unmarshal([]byte(`{"entityFilter":{"type":"entityType","entityType":[]}}`), &q); err == nil {
		t.Fatal("bad filter decoded without error")
	}
}

func TestNextDoesNotModifyTheQuery(t *testing.T) {
	q := docQuery()
	n := q.Next().Next()
	if q.PageLink.Page != 0 || n.PageLink.Page != 2 || n.PageLink.PageSize != 10 || n.PageLink.SortOrder != q.PageLink.SortOrder {
		t.Fatalf("q=%+v n=%+v", q.PageLink, n.PageLink)
	}
	a := AlarmDataQuery{PageLink: AlarmDataPageLink{EntityDataPageLink: EntityDataPageLink{PageSize: 3}, StartTs: 5}}
	if an := a.Next(); an.PageLink.Page != 1 || an.PageLink.StartTs != 5 || a.PageLink.Page != 0 {
		t.Fatalf("alarm next = %+v", an.PageLink)
	}
}

// A PageData<EntityData> as the server writes it: values are strings, missing keys are
// ts 0 and "", entity fields carry the query time.
const serverEntityDataPage = `{
  "data": [
    {"entityId": {"entityType": "DEVICE", "id": "784f394c-42b6-435a-983c-b7beff2784f9"},
     "readAttrs": true, "readTs": true,
     "latest": {
       "ENTITY_FIELD": {"name": {"ts": 1700000000123, "value": "Thermostat T1"},
                        "type": {"ts": 1700000000123, "value": "thermostat"},
                        "createdTime": {"ts": 1700000000123, "value": "1699990000000"}},
       "ATTRIBUTE": {"active": {"ts": 1699995000000, "value": "true"}},
       "SERVER_ATTRIBUTE": {"inactivityAlarmTime": {"ts": 0, "value": ""}},
       "TIME_SERIES": {"temperature": {"ts": 1699999999000, "value": "21.5"}}},
     "timeseries": {},
     "aggLatest": {"0": {"current": {"ts": 1699999999000, "value": "21.5", "count": 3}}}},
    {"entityId": {"entityType": "DEVICE", "id": "9a1c3f00-42b6-435a-983c-b7beff2784f9"},
     "latest": {"ENTITY_FIELD": {"name": {"ts": 1700000000123, "value": "Thermostat T2"}}},
     "timeseries": {"temperature": [{"ts": 1, "value": "1"}, {"ts": 2, "value": "2"}]}}
  ],
  "totalPages": 1, "totalElements": 2, "hasNext": false
}`

func TestEntityDataDecodeAndAccessors(t *testing.T) {
	var p Page[EntityData]
	if err := json.Unmarshal([]byte(serverEntityDataPage), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 2 || p.TotalElements != 2 || p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	d := p.Data[0]
	if d.EntityID != NewEntityID(EntityTypeDevice, "784f394c-42b6-435a-983c-b7beff2784f9") || !d.ReadAttrs || !d.ReadTs {
		t.Fatalf("entity = %+v", d)
	}
	check := func(name string, got string, ok bool, want string, wantOK bool) {
		t.Helper()
		if got != want || ok != wantOK {
			t.Errorf("%s = %q, %v; want %q, %v", name, got, ok, want, wantOK)
		}
	}
	v, ok := d.Field("name")
	check("Field(name)", v, ok, "Thermostat T1", true)
	v, ok = d.Field("label")
	check("Field(label)", v, ok, "", false)
	v, ok = d.Attribute("active")
	check("Attribute(active)", v, ok, "true", true)
	v, ok = d.Attribute("inactivityAlarmTime")
	check("Attribute(inactivityAlarmTime)", v, ok, "", true)
	v, ok = d.AttributeByScope(EntityKeyServerAttribute, "active")
	check("AttributeByScope(SERVER, active)", v, ok, "", false)
	v, ok = d.AttributeByScope(EntityKeyServerAttribute, "inactivityAlarmTime")
	check("AttributeByScope(SERVER, inactivityAlarmTime)", v, ok, "", true)
	v, ok = d.TimeseriesLatest("temperature")
	check("TimeseriesLatest(temperature)", v, ok, "21.5", true)
	v, ok = d.TimeseriesLatest("humidity")
	check("TimeseriesLatest(humidity)", v, ok, "", false)
	if ts, ok := d.LatestValue(EntityKeyTimeSeries, "temperature"); !ok || ts.Ts != 1699999999000 {
		t.Errorf("LatestValue = %+v %v", ts, ok)
	}
	if ms, ok := d.CreatedTime(); !ok || ms != 1699990000000 {
		t.Errorf("CreatedTime = %d %v", ms, ok)
	}
	if c := d.AggLatest[0].Current; c == nil || c.Count == nil || *c.Count != 3 {
		t.Errorf("aggLatest = %+v", d.AggLatest)
	}
	e := p.Data[1]
	if _, ok := e.CreatedTime(); ok {
		t.Error("CreatedTime of an entity without the field")
	}
	if len(e.Timeseries["temperature"]) != 2 || e.Timeseries["temperature"][1].Value != "2" {
		t.Errorf("timeseries = %+v", e.Timeseries)
	}
	var zero EntityData
	if _, ok := zero.Attribute("x"); ok {
		t.Error("zero EntityData has an attribute")
	}
}

func TestAlarmQueriesJSON(t *testing.T) {
	// Written from the AlarmDataQuery and AlarmDataPageLink schemas.
	in := `{"entityFilter":{"type":"singleEntity","singleEntity":{"entityType":"DEVICE","id":"d1"}},
	  "keyFilters":[],
	  "pageLink":{"pageSize":20,"page":1,"textSearch":"High",
	    "sortOrder":{"key":{"type":"ALARM_FIELD","key":"createdTime"},"direction":"DESC"},"dynamic":true,
	    "startTs":1700000000000,"endTs":1700086400000,"timeWindow":86400000,
	    "typeList":["High Temperature"],"statusList":["ACTIVE","UNACK"],"severityList":["CRITICAL","MAJOR"],
	    "searchPropagatedAlarms":true,"assigneeId":{"entityType":"USER","id":"u1"}},
	  "entityFields":[{"type":"ENTITY_FIELD","key":"name"}],
	  "latestValues":[],
	  "alarmFields":[{"type":"ALARM_FIELD","key":"severity"},{"type":"ALARM_FIELD","key":"status"}]}`
	want := AlarmDataQuery{
		EntityFilter: &SingleEntityFilter{SingleEntity: AliasEntityID{EntityType: EntityTypeDevice, ID: "d1"}},
		KeyFilters:   []KeyFilter{},
		PageLink: AlarmDataPageLink{
			EntityDataPageLink: EntityDataPageLink{PageSize: 20, Page: 1, TextSearch: "High", Dynamic: true,
				SortOrder: &EntityDataSortOrder{Key: AlarmFieldKey("createdTime"), Direction: DESC}},
			StartTs: 1700000000000, EndTs: 1700086400000, TimeWindow: 86400000,
			TypeList: []string{"High Temperature"}, StatusList: []AlarmSearchStatus{SearchStatusActive, SearchStatusUnack},
			SeverityList: []AlarmSeverity{SeverityCritical, SeverityMajor}, SearchPropagatedAlarms: true,
			AssigneeID: NewEntityID(EntityTypeUser, "u1")},
		EntityFields: []EntityKey{FieldKey("name")},
		LatestValues: []EntityKey{},
		AlarmFields:  []EntityKey{AlarmFieldKey("severity"), AlarmFieldKey("status")},
	}
	var q AlarmDataQuery
	if err := json.Unmarshal([]byte(in), &q); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q, want) {
		t.Fatalf("decoded\n %#v\nwant\n %#v", q, want)
	}
	b, _ := json.Marshal(q)
	sameJSON(t, "alarm data query", b, in)

	cin := `{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[],
	  "startTs":0,"endTs":0,"timeWindow":3600000,"typeList":["t"],"statusList":["ANY"],"severityList":["WARNING"],
	  "searchPropagatedAlarms":false,"assigneeId":{"entityType":"USER","id":"u2"}}`
	var cq AlarmCountQuery
	if err := json.Unmarshal([]byte(cin), &cq); err != nil {
		t.Fatal(err)
	}
	if _, ok := cq.EntityFilter.(*EntityTypeFilter); !ok || cq.TimeWindow != 3600000 || cq.AssigneeID.ID != "u2" {
		t.Fatalf("count query = %#v", cq)
	}
	b, _ = json.Marshal(cq)
	sameJSON(t, "alarm count query", b, cin)
	b, _ = json.Marshal(AlarmCountQuery{EntityFilter: EntityTypeFilter{EntityType: EntityTypeDevice}})
	sameJSON(t, "minimal alarm count query", b, `{"entityFilter":{"type":"entityType","entityType":"DEVICE"},"keyFilters":[],
	  "startTs":0,"endTs":0,"timeWindow":0,"searchPropagatedAlarms":false}`)
}

func TestAlarmDataDecode(t *testing.T) {
	// An AlarmData as the server writes it (AlarmInfo plus entityId and latest).
	in := `{"id":{"entityType":"ALARM","id":"a1"},"createdTime":1700000000000,
	  "tenantId":{"entityType":"TENANT","id":"t1"},"customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},
	  "type":"High Temperature","originator":{"entityType":"DEVICE","id":"d1"},"severity":"CRITICAL",
	  "acknowledged":false,"cleared":false,"assigneeId":null,"startTs":1700000000000,"endTs":1700000005000,
	  "ackTs":0,"clearTs":0,"assignTs":0,"details":{"temperature":42},"propagate":true,"propagateToOwner":false,
	  "propagateToTenant":false,"propagateRelationTypes":["Contains"],"originatorName":"T1","originatorLabel":null,
	  "originatorDisplayName":"T1","assignee":null,"name":"High Temperature","status":"ACTIVE_UNACK",
	  "entityId":{"entityType":"ASSET","id":"as1"},
	  "latest":{"ENTITY_FIELD":{"name":{"ts":1700000009000,"value":"Building A"}}}}`
	var a AlarmData
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID.ID != "a1" || a.Severity != SeverityCritical || a.Status != StatusActiveUnack || !a.Propagate ||
		a.EntityID.ID != "as1" || a.Originator.ID != "d1" || a.Assignee != nil || !a.AssigneeID.IsZero() ||
		string(a.Details) != `{"temperature":42}` || a.EndTs != 1700000005000 {
		t.Fatalf("decoded %+v", a)
	}
	if v, ok := a.Field("name"); !ok || v != "Building A" {
		t.Errorf("Field(name) = %q %v", v, ok)
	}
}

func TestAvailableKeysDecode(t *testing.T) {
	var v1 AvailableEntityKeys
	if err := json.Unmarshal([]byte(`{"entityTypes":["DEVICE"],"timeseries":["temperature"],"attribute":["active","model"]}`), &v1); err != nil {
		t.Fatal(err)
	}
	if len(v1.Attribute) != 2 || v1.EntityTypes[0] != EntityTypeDevice || v1.Timeseries[0] != "temperature" {
		t.Fatalf("v1 = %+v", v1)
	}
	var v2 AvailableEntityKeysV2
	if err := json.Unmarshal([]byte(`{"entityTypes":["DEVICE","ASSET"],
		"timeseries":[{"key":"temperature","sample":{"ts":1707000000000,"value":23.5}}],
		"attributes":{"SERVER_SCOPE":[{"key":"active","sample":{"ts":1,"value":true}}],"CLIENT_SCOPE":[{"key":"fw"}]}}`), &v2); err != nil {
		t.Fatal(err)
	}
	if len(v2.Timeseries) != 1 || string(v2.Timeseries[0].Sample.Value) != "23.5" ||
		string(v2.Attributes["SERVER_SCOPE"][0].Sample.Value) != "true" || v2.Attributes["CLIENT_SCOPE"][0].Sample != nil {
		t.Fatalf("v2 = %+v", v2)
	}
}
