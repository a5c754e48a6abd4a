package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

const (
	almID      = "c4b4ba50-1d2f-11ef-a3b1-0d0e5c6f7a01"
	almDevice  = "784f394c-42b6-435a-983c-b7beff2784f9"
	almUser    = "1e1c4f50-1d2f-11ef-a3b1-0d0e5c6f7a09"
	almComment = "2a5c9d10-1d30-11ef-a3b1-0d0e5c6f7a10"
)

var almDeviceID = NewEntityID(EntityTypeDevice, almDevice)

// almInfoJSON is an AlarmInfo as the server writes it (nulls included).
const almInfoJSON = `{"id":{"entityType":"ALARM","id":"` + almID + `"},"createdTime":1634058704567,
 "tenantId":{"entityType":"TENANT","id":"` + relTenant + `"},
 "customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},
 "type":"High Temperature Alarm","originator":{"entityType":"DEVICE","id":"` + almDevice + `"},
 "severity":"CRITICAL","acknowledged":true,"cleared":false,
 "assigneeId":{"entityType":"USER","id":"` + almUser + `"},
 "startTs":1634058704565,"endTs":1634111163522,"ackTs":1634115221948,"clearTs":0,"assignTs":1634115928465,
 "details":{"temperature":42},"propagate":true,"propagateToOwner":false,"propagateToTenant":false,
 "propagateRelationTypes":["Contains"],
 "originatorName":"Thermostat","originatorLabel":null,"originatorDisplayName":"Thermostat",
 "assignee":{"id":{"entityType":"USER","id":"` + almUser + `"},"firstName":"John","lastName":"Brown","email":"john@example.com"},
 "name":"High Temperature Alarm","status":"ACTIVE_ACK"}`

// almJSON is the same alarm as an Alarm.
const almJSON = `{"id":{"entityType":"ALARM","id":"` + almID + `"},"createdTime":1634058704567,
 "tenantId":{"entityType":"TENANT","id":"` + relTenant + `"},
 "customerId":{"entityType":"CUSTOMER","id":"13814000-1dd2-11b2-8080-808080808080"},
 "type":"High Temperature Alarm","originator":{"entityType":"DEVICE","id":"` + almDevice + `"},
 "severity":"CRITICAL","acknowledged":true,"cleared":false,
 "assigneeId":{"entityType":"USER","id":"` + almUser + `"},
 "startTs":1634058704565,"endTs":1634111163522,"ackTs":1634115221948,"clearTs":0,"assignTs":1634115928465,
 "details":{"temperature":42},"propagate":true,"propagateToOwner":false,"propagateToTenant":false,
 "propagateRelationTypes":["Contains"],"name":"High Temperature Alarm","status":"ACTIVE_ACK"}`

func wantAlarm() Alarm {
	return Alarm{
		ID:           NewEntityID(EntityTypeAlarm, almID),
		CreatedTime:  1634058704567,
		TenantID:     NewEntityID(EntityTypeTenant, relTenant),
		CustomerID:   NewEntityID(EntityTypeCustomer, NullUUID),
		Type:         "High Temperature Alarm",
		Name:         "High Temperature Alarm",
		Originator:   almDeviceID,
		Severity:     SeverityCritical,
		Acknowledged: true,
		Status:       StatusActiveAck,
		AssigneeID:   NewEntityID(EntityTypeUser, almUser),
		StartTs:      1634058704565, EndTs: 1634111163522, AckTs: 1634115221948, AssignTs: 1634115928465,
		Details:                json.RawMessage(`{"temperature":42}`),
		Propagate:              true,
		PropagateRelationTypes: []string{"Contains"},
	}
}

func wantAlarmInfo() AlarmInfo {
	return AlarmInfo{
		Alarm:                 wantAlarm(),
		OriginatorName:        "Thermostat",
		OriginatorDisplayName: "Thermostat",
		Assignee: &AlarmAssignee{ID: NewEntityID(EntityTypeUser, almUser), FirstName: "John", LastName: "Brown",
			Email: "john@example.com"},
	}
}

// normDetails replaces Details by its canonical encoding so that alarms compare with
// reflect.DeepEqual.
func normDetails(t *testing.T, d json.RawMessage) json.RawMessage {
	t.Helper()
	if len(d) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(d, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return b
}

func alarmEqual(t *testing.T, got, want Alarm) {
	t.Helper()
	got.Details, want.Details = normDetails(t, got.Details), normDetails(t, want.Details)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alarm =\n%+v\nwant\n%+v", got, want)
	}
}

func alarmInfoEqual(t *testing.T, got, want AlarmInfo) {
	t.Helper()
	alarmEqual(t, got.Alarm, want.Alarm)
	got.Alarm, want.Alarm = Alarm{}, Alarm{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("info =\n%+v\nwant\n%+v", got, want)
	}
}

func TestAlarmSave(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm", arRequest{method: "POST", body: `{"type":"High Temperature Alarm",
		"originator":{"entityType":"DEVICE","id":"` + almDevice + `"},"severity":"CRITICAL",
		"acknowledged":false,"cleared":false,"startTs":0,"endTs":0,"ackTs":0,"clearTs":0,"assignTs":0,
		"details":{"temperature":42},"propagate":true,"propagateToOwner":false,"propagateToTenant":true,
		"propagateRelationTypes":["Contains"]}`}, 200, almJSON)
	got, err := c.Alarms.Save(context.Background(), &Alarm{
		Type: "High Temperature Alarm", Originator: almDeviceID, Severity: SeverityCritical,
		Details: json.RawMessage(`{"temperature":42}`), Propagate: true, PropagateToTenant: true,
		PropagateRelationTypes: []string{"Contains"},
	})
	if err != nil {
		t.Fatal(err)
	}
	alarmEqual(t, *got, wantAlarm())
}

func TestAlarmSaveValidates(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/", arRequest{}, 500, "")
	ctx := context.Background()
	for _, a := range []*Alarm{nil, {Type: "x", Severity: SeverityMajor}, {Originator: almDeviceID, Severity: SeverityMajor},
		{Type: "x", Originator: EntityID{ID: almDevice}, Severity: SeverityMajor}, {Type: "x", Originator: almDeviceID}} {
		if _, err := c.Alarms.Save(ctx, a); err == nil {
			t.Errorf("Save(%+v) succeeded", a)
		}
	}
	if _, err := c.Alarms.Get(ctx, ""); err == nil || !strings.Contains(err.Error(), "alarm id") {
		t.Errorf("Get(\"\"): %v", err)
	}
	if _, err := c.Alarms.Assign(ctx, almID, ""); err == nil || !strings.Contains(err.Error(), "user id") {
		t.Errorf("Assign without user: %v", err)
	}
	if _, err := c.Alarms.ListByEntity(ctx, EntityID{ID: almDevice}, NewTimePageLink(10, 0, 0), nil); err == nil {
		t.Error("ListByEntity without entity type succeeded")
	}
	if _, err := c.Alarms.List(ctx, NewTimePageLink(10, 0, 0), &AlarmListOptions{SearchStatus: SearchStatusActive, Status: StatusActiveAck}); err == nil {
		t.Error("List with SearchStatus and Status succeeded")
	}
	if _, err := c.Alarms.HighestSeverity(ctx, almDeviceID, &HighestSeverityOptions{SearchStatus: SearchStatusAck, Status: StatusActiveAck}); err == nil {
		t.Error("HighestSeverity with SearchStatus and Status succeeded")
	}
	if err := c.Alarms.DeleteComment(ctx, almID, ""); err == nil {
		t.Error("DeleteComment without comment id succeeded")
	}
	if _, err := c.Alarms.SaveComment(ctx, almID, nil); err == nil {
		t.Error("SaveComment(nil) succeeded")
	}
	if n.Load() != 0 {
		t.Errorf("%d requests sent for invalid input", n.Load())
	}
}

func TestAlarmGet(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID, arRequest{method: "GET"}, 200, almJSON)
	got, err := c.Alarms.Get(context.Background(), almID)
	if err != nil {
		t.Fatal(err)
	}
	alarmEqual(t, *got, wantAlarm())
}

func TestAlarmGetNotFound(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID, arRequest{method: "GET"}, 404,
		`{"status":404,"message":"Alarm with id [`+almID+`] is not found","errorCode":32,"timestamp":1719500000000}`)
	_, err := c.Alarms.Get(context.Background(), almID)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
}

func TestAlarmGetInfo(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/info/"+almID, arRequest{method: "GET"}, 200, almInfoJSON)
	got, err := c.Alarms.GetInfo(context.Background(), almID)
	if err != nil {
		t.Fatal(err)
	}
	alarmInfoEqual(t, *got, wantAlarmInfo())
}

func TestAlarmActions(t *testing.T) {
	tests := []struct {
		name, method, path string
		call               func(c *Client) (*AlarmInfo, error)
	}{
		{"ack", "POST", "/api/alarm/" + almID + "/ack", func(c *Client) (*AlarmInfo, error) {
			return c.Alarms.Ack(context.Background(), almID)
		}},
		{"clear", "POST", "/api/alarm/" + almID + "/clear", func(c *Client) (*AlarmInfo, error) {
			return c.Alarms.Clear(context.Background(), almID)
		}},
		{"assign", "POST", "/api/alarm/" + almID + "/assign/" + almUser, func(c *Client) (*AlarmInfo, error) {
			return c.Alarms.Assign(context.Background(), almID, almUser)
		}},
		{"unassign", "DELETE", "/api/alarm/" + almID + "/assign", func(c *Client) (*AlarmInfo, error) {
			return c.Alarms.Unassign(context.Background(), almID)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			n := arServe(t, mux, tt.path, arRequest{method: tt.method}, 200, almInfoJSON)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if n.Load() != 1 {
				t.Fatalf("calls = %d", n.Load())
			}
			alarmInfoEqual(t, *got, wantAlarmInfo())
		})
	}
}

func TestAlarmAckTwice(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID+"/ack", arRequest{method: "POST"}, 400,
		`{"status":400,"message":"Alarm was already acknowledged!","errorCode":31,"timestamp":1719500000000}`)
	_, err := c.Alarms.Ack(context.Background(), almID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrBadRequest) || apiErr.Message != "Alarm was already acknowledged!" {
		t.Fatalf("err = %v", err)
	}
}

func TestAlarmDelete(t *testing.T) {
	for _, answer := range []string{"true", "false"} {
		c, mux := setup(t)
		arServe(t, mux, "/api/alarm/"+almID, arRequest{method: "DELETE"}, 200, answer)
		ok, err := c.Alarms.Delete(context.Background(), almID)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (answer == "true") {
			t.Errorf("answer %s: Delete = %v", answer, ok)
		}
	}
}

// almPage is a PageData<AlarmInfo> of one alarm.
const almPage = `{"data":[` + almInfoJSON + `],"totalPages":1,"totalElements":1,"hasNext":false}`

func TestAlarmLists(t *testing.T) {
	page := func(q url.Values) url.Values {
		v := url.Values{"pageSize": {"20"}, "page": {"1"}}
		for k, vs := range q {
			v[k] = vs
		}
		return v
	}
	pl := TimePageLink{PageLink: PageLink{PageSize: 20, Page: 1}}
	plFull := TimePageLink{PageLink: PageLink{PageSize: 20, Page: 1, TextSearch: "temp", SortProperty: "severity", SortOrder: DESC},
		StartTime: 1634000000000, EndTime: 1635000000000}
	fullQuery := url.Values{"textSearch": {"temp"}, "sortProperty": {"severity"}, "sortOrder": {"DESC"},
		"startTime": {"1634000000000"}, "endTime": {"1635000000000"}}
	tests := []struct {
		name, path string
		query      url.Values
		call       func(c *Client) (*Page[AlarmInfo], error)
	}{
		{"by entity", "/api/alarm/DEVICE/" + almDevice, page(nil), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.ListByEntity(context.Background(), almDeviceID, pl, nil)
		}},
		{"by entity, search status", "/api/alarm/DEVICE/" + almDevice,
			page(url.Values{"searchStatus": {"ACTIVE"}, "assigneeId": {almUser}, "fetchOriginator": {"true"}}),
			func(c *Client) (*Page[AlarmInfo], error) {
				return c.Alarms.ListByEntity(context.Background(), almDeviceID, pl,
					&AlarmListOptions{SearchStatus: SearchStatusActive, AssigneeID: almUser, FetchOriginator: true})
			}},
		{"by entity, full page link", "/api/alarm/DEVICE/" + almDevice, page(fullQuery), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.ListByEntity(context.Background(), almDeviceID, plFull, &AlarmListOptions{})
		}},
		{"all, status", "/api/alarms", page(url.Values{"status": {"CLEARED_UNACK"}}), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.List(context.Background(), pl, &AlarmListOptions{Status: StatusClearedUnack})
		}},
		{"all, full", "/api/alarms", page(fullQuery), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.List(context.Background(), plFull, nil)
		}},
		{"v2 by entity", "/api/v2/alarm/DEVICE/" + almDevice,
			page(url.Values{"statusList": {"ACTIVE", "UNACK"}, "severityList": {"CRITICAL", "MAJOR"},
				"typeList": {"High Temperature Alarm", "Low, Battery"}, "assigneeId": {almUser}}),
			func(c *Client) (*Page[AlarmInfo], error) {
				return c.Alarms.ListByEntityV2(context.Background(), almDeviceID, pl, &AlarmFilter{
					StatusList:   []AlarmSearchStatus{SearchStatusActive, SearchStatusUnack},
					SeverityList: []AlarmSeverity{SeverityCritical, SeverityMajor},
					TypeList:     []string{"High Temperature Alarm", "Low, Battery"},
					AssigneeID:   almUser,
				})
			}},
		{"v2 by entity, no filter", "/api/v2/alarm/DEVICE/" + almDevice, page(fullQuery), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.ListByEntityV2(context.Background(), almDeviceID, plFull, nil)
		}},
		{"v2 all", "/api/v2/alarms", page(url.Values{"severityList": {"MINOR"}}), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.ListV2(context.Background(), pl, &AlarmFilter{SeverityList: []AlarmSeverity{SeverityMinor}})
		}},
		{"v2 all, full", "/api/v2/alarms", page(fullQuery), func(c *Client) (*Page[AlarmInfo], error) {
			return c.Alarms.ListV2(context.Background(), plFull, &AlarmFilter{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			arServe(t, mux, tt.path, arRequest{method: "GET", query: tt.query}, 200, almPage)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if got.TotalPages != 1 || got.TotalElements != 1 || got.HasNext || len(got.Data) != 1 {
				t.Fatalf("page = %+v", got)
			}
			alarmInfoEqual(t, got.Data[0], wantAlarmInfo())
		})
	}
}

// arPager serves a paged list of n items made by item(i), pageSize from the query.
func arPager(t *testing.T, n int, item func(i int) string, check func(r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		check(r)
		q := r.URL.Query()
		var size, page int
		if err := json.Unmarshal([]byte(q.Get("pageSize")), &size); err != nil || size < 1 {
			t.Errorf("pageSize = %q", q.Get("pageSize"))
			return
		}
		json.Unmarshal([]byte(q.Get("page")), &page)
		var items []string
		for i := page * size; i < n && i < (page+1)*size; i++ {
			items = append(items, item(i))
		}
		total := (n + size - 1) / size
		hasNext := (page+1)*size < n
		b, _ := json.Marshal(hasNext)
		io.WriteString(w, `{"data":[`+strings.Join(items, ",")+`],"totalPages":`+jsonInt(total)+`,"totalElements":`+jsonInt(n)+`,"hasNext":`+string(b)+`}`)
	}
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestAlarmIterators(t *testing.T) {
	alarm := func(i int) string {
		return `{"id":{"entityType":"ALARM","id":"a-` + jsonInt(i) + `"},"type":"T","originator":{"entityType":"DEVICE","id":"d"},
			"severity":"MAJOR","acknowledged":false,"cleared":false,"name":"T","status":"ACTIVE_UNACK"}`
	}
	tests := []struct {
		name, path string
		extra      url.Values
		seq        func(c *Client) func(func(AlarmInfo, error) bool)
	}{
		{"ListAll", "/api/alarms", url.Values{"searchStatus": {"ACTIVE"}}, func(c *Client) func(func(AlarmInfo, error) bool) {
			return c.Alarms.ListAll(context.Background(), NewTimePageLink(2, 0, 0), &AlarmListOptions{SearchStatus: SearchStatusActive})
		}},
		{"ListByEntityAll", "/api/alarm/DEVICE/" + almDevice, url.Values{"startTime": {"5"}}, func(c *Client) func(func(AlarmInfo, error) bool) {
			return c.Alarms.ListByEntityAll(context.Background(), almDeviceID, NewTimePageLink(2, 5, 0), nil)
		}},
		{"ListV2All", "/api/v2/alarms", url.Values{"typeList": {"T"}}, func(c *Client) func(func(AlarmInfo, error) bool) {
			return c.Alarms.ListV2All(context.Background(), NewTimePageLink(2, 0, 0), &AlarmFilter{TypeList: []string{"T"}})
		}},
		{"ListByEntityV2All", "/api/v2/alarm/DEVICE/" + almDevice, url.Values{"statusList": {"ANY"}}, func(c *Client) func(func(AlarmInfo, error) bool) {
			return c.Alarms.ListByEntityV2All(context.Background(), almDeviceID, NewTimePageLink(2, 0, 0), &AlarmFilter{StatusList: []AlarmSearchStatus{SearchStatusAny}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			var calls atomic.Int32
			mux.HandleFunc(tt.path, arPager(t, 5, alarm, func(r *http.Request) {
				calls.Add(1)
				for k, v := range tt.extra {
					if got := r.URL.Query()[k]; !reflect.DeepEqual(got, v) {
						t.Errorf("%s = %q, want %q", k, got, v)
					}
				}
			}))
			var ids []string
			for a, err := range tt.seq(c) {
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, a.ID.ID)
			}
			want := []string{"a-0", "a-1", "a-2", "a-3", "a-4"}
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("ids = %q, want %q", ids, want)
			}
			if calls.Load() != 3 {
				t.Errorf("pages fetched = %d, want 3", calls.Load())
			}
		})
	}
}

func TestAlarmHighestSeverity(t *testing.T) {
	tests := []struct {
		name   string
		opts   *HighestSeverityOptions
		query  url.Values
		answer string
		want   AlarmSeverity
	}{
		{"none", nil, nil, `"MAJOR"`, SeverityMajor},
		{"search status", &HighestSeverityOptions{SearchStatus: SearchStatusUnack, AssigneeID: almUser},
			url.Values{"searchStatus": {"UNACK"}, "assigneeId": {almUser}}, `"CRITICAL"`, SeverityCritical},
		{"status", &HighestSeverityOptions{Status: StatusActiveAck}, url.Values{"status": {"ACTIVE_ACK"}}, `"WARNING"`, SeverityWarning},
		{"no alarm", nil, nil, ``, ""},
		{"null", nil, nil, `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			arServe(t, mux, "/api/alarm/highestSeverity/DEVICE/"+almDevice, arRequest{method: "GET", query: tt.query}, 200, tt.answer)
			got, err := c.Alarms.HighestSeverity(context.Background(), almDeviceID, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("severity = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAlarmTypes(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/types", arRequest{method: "GET",
		query: url.Values{"pageSize": {"10"}, "page": {"0"}, "textSearch": {"High"}, "sortOrder": {"DESC"}}}, 200,
		`{"data":[{"tenantId":{"entityType":"TENANT","id":"`+relTenant+`"},"entityType":"ALARM","type":"High Temperature Alarm"},
		 {"tenantId":{"entityType":"TENANT","id":"`+relTenant+`"},"entityType":"ALARM","type":"High Humidity"}],
		 "totalPages":1,"totalElements":2,"hasNext":false}`)
	got, err := c.Alarms.Types(context.Background(), PageLink{PageSize: 10, TextSearch: "High", SortProperty: "type", SortOrder: DESC})
	if err != nil {
		t.Fatal(err)
	}
	want := []EntitySubtype{
		{TenantID: NewEntityID(EntityTypeTenant, relTenant), EntityType: EntityTypeAlarm, Type: "High Temperature Alarm"},
		{TenantID: NewEntityID(EntityTypeTenant, relTenant), EntityType: EntityTypeAlarm, Type: "High Humidity"},
	}
	if !reflect.DeepEqual(got.Data, want) || got.TotalElements != 2 {
		t.Errorf("types = %+v", got)
	}
}

func TestAlarmTypesAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/alarm/types", arPager(t, 3, func(i int) string {
		return `{"tenantId":{"entityType":"TENANT","id":"t"},"entityType":"ALARM","type":"T` + jsonInt(i) + `"}`
	}, func(r *http.Request) {}))
	var types []string
	for st, err := range c.Alarms.TypesAll(context.Background(), NewPageLink(2)) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, st.Type)
	}
	if !reflect.DeepEqual(types, []string{"T0", "T1", "T2"}) {
		t.Errorf("types = %q", types)
	}
}

const almCommentsPage = `{"data":[
 {"id":{"id":"` + almComment + `"},"createdTime":1634115221950,"alarmId":{"entityType":"ALARM","id":"` + almID + `"},
  "userId":{"entityType":"USER","id":"` + almUser + `"},"type":"SYSTEM",
  "comment":{"text":"Alarm was acknowledged by user john@example.com","subtype":"ACKED_BY_USER","userName":"john@example.com"},
  "firstName":"John","lastName":"Brown","email":"john@example.com",
  "name":"{\"text\":\"Alarm was acknowledged by user john@example.com\",\"subtype\":\"ACKED_BY_USER\",\"userName\":\"john@example.com\"}"},
 {"id":{"id":"3b6dae20-1d30-11ef-a3b1-0d0e5c6f7a11"},"createdTime":1634115300000,"alarmId":{"entityType":"ALARM","id":"` + almID + `"},
  "userId":{"entityType":"USER","id":"` + almUser + `"},"type":"OTHER",
  "comment":{"text":"Checking the sensor","edited":"true","editedOn":1634115400000},
  "firstName":"John","lastName":"Brown","email":"john@example.com","name":"{\"text\":\"Checking the sensor\"}"}
 ],"totalPages":1,"totalElements":2,"hasNext":false}`

func TestAlarmListComments(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID+"/comment", arRequest{method: "GET",
		query: url.Values{"pageSize": {"10"}, "page": {"0"}, "sortProperty": {"createdTime"}, "sortOrder": {"DESC"}}}, 200, almCommentsPage)
	got, err := c.Alarms.ListComments(context.Background(), almID,
		PageLink{PageSize: 10, TextSearch: "ignored", SortProperty: "createdTime", SortOrder: DESC})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data) != 2 {
		t.Fatalf("comments = %+v", got)
	}
	sys, user := got.Data[0], got.Data[1]
	if sys.ID.ID != almComment || sys.Type != AlarmCommentSystem || sys.AlarmID != NewEntityID(EntityTypeAlarm, almID) ||
		sys.UserID.ID != almUser || sys.Email != "john@example.com" || sys.FirstName != "John" || sys.LastName != "Brown" ||
		sys.CreatedTime != 1634115221950 {
		t.Errorf("system comment = %+v", sys)
	}
	if sys.Comment.Text != "Alarm was acknowledged by user john@example.com" || sys.Comment.Subtype != "ACKED_BY_USER" ||
		sys.Comment.Param("userName") != "john@example.com" || sys.Comment.Edited {
		t.Errorf("system comment body = %+v", sys.Comment)
	}
	if !strings.HasPrefix(sys.Name, `{"text":"Alarm was acknowledged`) {
		t.Errorf("name = %q", sys.Name)
	}
	if user.Type != AlarmCommentOther || user.Comment.Text != "Checking the sensor" || !user.Comment.Edited ||
		user.Comment.EditedOn != 1634115400000 || len(user.Comment.Params) != 0 {
		t.Errorf("user comment = %+v", user)
	}
}

func TestAlarmListCommentsAll(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/api/alarm/"+almID+"/comment", arPager(t, 3, func(i int) string {
		return `{"id":{"id":"c` + jsonInt(i) + `"},"type":"OTHER","comment":{"text":"n` + jsonInt(i) + `"}}`
	}, func(r *http.Request) {
		if r.Method != "GET" {
			t.Errorf("method %s", r.Method)
		}
	}))
	var texts []string
	for cm, err := range c.Alarms.ListCommentsAll(context.Background(), almID, NewPageLink(1)) {
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, cm.Comment.Text)
	}
	if !reflect.DeepEqual(texts, []string{"n0", "n1", "n2"}) {
		t.Errorf("texts = %q", texts)
	}
}

func TestAlarmSaveComment(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID+"/comment", arRequest{method: "POST", body: `{"comment":{"text":"Please take a look"}}`}, 200,
		`{"id":{"id":"`+almComment+`"},"createdTime":1634115300000,"alarmId":{"entityType":"ALARM","id":"`+almID+`"},
		 "userId":{"entityType":"USER","id":"`+almUser+`"},"type":"OTHER","comment":{"text":"Please take a look"},
		 "name":"{\"text\":\"Please take a look\"}"}`)
	got, err := c.Alarms.SaveComment(context.Background(), almID, NewAlarmComment("Please take a look"))
	if err != nil {
		t.Fatal(err)
	}
	want := AlarmComment{ID: AlarmCommentID{ID: almComment}, CreatedTime: 1634115300000, AlarmID: NewEntityID(EntityTypeAlarm, almID),
		UserID: NewEntityID(EntityTypeUser, almUser), Type: AlarmCommentOther, Comment: AlarmCommentBody{Text: "Please take a look"},
		Name: `{"text":"Please take a look"}`}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("comment =\n%+v\nwant\n%+v", *got, want)
	}
}

func TestAlarmEditComment(t *testing.T) {
	c, mux := setup(t)
	arServe(t, mux, "/api/alarm/"+almID+"/comment", arRequest{method: "POST",
		body: `{"id":{"id":"` + almComment + `"},"type":"OTHER","comment":{"text":"Fixed","mood":"calm"}}`}, 200,
		`{"id":{"id":"`+almComment+`"},"createdTime":1634115300000,"type":"OTHER",
		 "comment":{"text":"Fixed","mood":"calm","edited":"true","editedOn":1634115500000}}`)
	got, err := c.Alarms.SaveComment(context.Background(), almID, &AlarmComment{ID: AlarmCommentID{ID: almComment}, Type: AlarmCommentOther,
		Comment: AlarmCommentBody{Text: "Fixed", Params: map[string]json.RawMessage{"mood": json.RawMessage(`"calm"`)}}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Comment.Edited || got.Comment.EditedOn != 1634115500000 || got.Comment.Param("mood") != "calm" {
		t.Errorf("comment = %+v", got.Comment)
	}
}

func TestAlarmDeleteComment(t *testing.T) {
	c, mux := setup(t)
	n := arServe(t, mux, "/api/alarm/"+almID+"/comment/"+almComment, arRequest{method: "DELETE"}, 200, "")
	if err := c.Alarms.DeleteComment(context.Background(), almID, almComment); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatalf("calls = %d", n.Load())
	}
}

func TestAlarmStatusHelpers(t *testing.T) {
	for _, tt := range []struct {
		ack, clr bool
		want     AlarmStatus
	}{{false, false, StatusActiveUnack}, {true, false, StatusActiveAck}, {false, true, StatusClearedUnack}, {true, true, StatusClearedAck}} {
		if got := AlarmStatusOf(tt.ack, tt.clr); got != tt.want {
			t.Errorf("AlarmStatusOf(%v, %v) = %s", tt.ack, tt.clr, got)
		}
		a := Alarm{Acknowledged: tt.ack, Cleared: tt.clr}
		if a.ComputedStatus() != tt.want {
			t.Errorf("ComputedStatus = %s", a.ComputedStatus())
		}
		st := tt.want
		if st.IsActive() == tt.clr || st.IsCleared() != tt.clr || st.IsAcknowledged() != tt.ack {
			t.Errorf("%s predicates wrong", st)
		}
		checks := map[AlarmSearchStatus]bool{SearchStatusAny: true, "": true, SearchStatusActive: !tt.clr,
			SearchStatusCleared: tt.clr, SearchStatusAck: tt.ack, SearchStatusUnack: !tt.ack}
		for ss, want := range checks {
			if ss.Matches(st) != want {
				t.Errorf("%q.Matches(%s) = %v", ss, st, !want)
			}
		}
	}
	order := []AlarmSeverity{SeverityCritical, SeverityMajor, SeverityMinor, SeverityWarning, SeverityIndeterminate, "SOMETHING_NEW"}
	for i := 1; i < len(order); i++ {
		if order[i-1].Rank() <= order[i].Rank() {
			t.Errorf("%s ranks not above %s", order[i-1], order[i])
		}
	}
}

func TestAlarmUnknownEnumsRoundTrip(t *testing.T) {
	in := `{"type":"T","originator":{"entityType":"DEVICE","id":"d"},"severity":"CATASTROPHIC","acknowledged":false,
		"cleared":false,"status":"SNOOZED","startTs":0,"endTs":0,"ackTs":0,"clearTs":0,"assignTs":0,
		"propagate":false,"propagateToOwner":false,"propagateToTenant":false}`
	var a Alarm
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.Severity != "CATASTROPHIC" || a.Status != "SNOOZED" {
		t.Fatalf("decoded %+v", a)
	}
	out, _ := json.Marshal(a)
	var x, y any
	json.Unmarshal([]byte(in), &x)
	json.Unmarshal(out, &y)
	if !reflect.DeepEqual(x, y) {
		t.Errorf("round trip: %s", out)
	}
}

func TestAlarmCommentBodyMarshal(t *testing.T) {
	b := AlarmCommentBody{Text: "Alarm was assigned by user a to user b", Subtype: "ASSIGNED_TO_USER", Edited: true, EditedOn: 7,
		Params: map[string]json.RawMessage{"userName": json.RawMessage(`"a"`), "assigneeName": json.RawMessage(`"b"`)}}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"assigneeName":"b","edited":"true","editedOn":7,"subtype":"ASSIGNED_TO_USER","text":"Alarm was assigned by user a to user b","userName":"a"}`
	if string(out) != want {
		t.Errorf("marshal = %s\nwant      %s", out, want)
	}
	var back AlarmCommentBody
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, b) {
		t.Errorf("round trip = %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"text":"x","edited":true}`), &back); err != nil || !back.Edited || back.Text != "x" {
		t.Errorf("boolean edited: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`null`), &back); err != nil || back.Text != "" {
		t.Errorf("null: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`[1]`), &back); err == nil {
		t.Error("array accepted as a comment body")
	}
}
