package query

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
)

// addAlarm stores an alarm as the alarm handlers do: fields plus an AlarmInfo value.
func (f *fixture) addAlarm(typ string, sev tb.AlarmSeverity, originator tb.EntityID, created int64, acked, cleared bool, assignee string, propagatedTo ...tb.EntityID) tb.EntityID {
	m := f.m
	m.seq++
	id := tb.NewEntityID(tb.EntityTypeAlarm, fmt.Sprintf("a%07d-0000-1000-8000-000000000000", m.seq))
	status := map[[2]bool]tb.AlarmStatus{{false, false}: tb.StatusActiveUnack, {true, false}: tb.StatusActiveAck,
		{false, true}: tb.StatusClearedUnack, {true, true}: tb.StatusClearedAck}[[2]bool{acked, cleared}]
	var prop []string
	for _, p := range propagatedTo {
		prop = append(prop, p.ID)
	}
	orig := m.ents[originator.ID]
	info := map[string]any{
		"id": id, "createdTime": created, "tenantId": tb.NewEntityID(tb.EntityTypeTenant, tenantA),
		"customerId": tb.NewEntityID(tb.EntityTypeCustomer, orig.CustomerID), "type": typ, "originator": originator,
		"severity": sev, "acknowledged": acked, "cleared": cleared, "assigneeId": nil, "startTs": created, "endTs": created + 10,
		"ackTs": 0, "clearTs": 0, "assignTs": 0, "details": nil, "propagate": len(prop) > 0, "propagateToOwner": false,
		"propagateToTenant": false, "propagateRelationTypes": []string{}, "originatorName": nameOf(orig),
		"originatorLabel": orig.Fields["label"], "originatorDisplayName": nameOf(orig), "assignee": nil,
		"name": typ, "status": status,
	}
	if assignee != "" {
		info["assigneeId"] = tb.NewEntityID(tb.EntityTypeUser, assignee)
	}
	m.put(Entity{ID: id, TenantID: tenantA, CustomerID: orig.CustomerID, CreatedTime: created, Value: info, Fields: map[string]string{
		"type": typ, "severity": string(sev), "status": string(status), "originatorId": originator.ID,
		"originatorType": string(originator.EntityType), "assigneeId": assignee, "startTs": fmt.Sprint(created),
		"endTs": fmt.Sprint(created + 10), "createdTime": fmt.Sprint(created), "acknowledged": fmt.Sprint(acked),
		"cleared": fmt.Sprint(cleared), "propagate": fmt.Sprint(len(prop) > 0), "propagatedTo": strings.Join(prop, ","),
	}})
	return id
}

type alarmFixture struct {
	*fixture
	hot, hot2, leak, old, cleared, assigned tb.EntityID
}

func newAlarmFixture() *alarmFixture {
	f := &alarmFixture{fixture: newFixture()}
	f.hot = f.addAlarm("High Temperature", tb.SeverityCritical, f.t1, now-1000, false, false, "", f.floor, f.building)
	f.hot2 = f.addAlarm("High Temperature", tb.SeverityMajor, f.t2, now-2000, true, false, "")
	f.leak = f.addAlarm("Leak", tb.SeverityWarning, f.p1, now-3000, false, false, f.user.ID)
	f.old = f.addAlarm("Leak", tb.SeverityMinor, f.p1, now-100_000_000, false, false, "")
	f.cleared = f.addAlarm("High Temperature", tb.SeverityCritical, f.t1, now-500, true, true, "")
	f.assigned = f.addAlarm("Offline", tb.SeverityIndeterminate, f.building, now-50, false, true, f.user.ID)
	return f
}

func alarmIDs(t *testing.T, e *Engine, q tb.AlarmDataQuery) ([]string, *tb.Page[tb.AlarmData]) {
	t.Helper()
	if q.PageLink.PageSize == 0 {
		q.PageLink.PageSize = 100
	}
	p, err := e.FindAlarmData(q)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	var out tb.Page[tb.AlarmData]
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range out.Data {
		ids = append(ids, a.ID.ID+"@"+a.EntityID.ID)
	}
	n, err := e.CountAlarms(tb.AlarmCountQuery{EntityFilter: q.EntityFilter, KeyFilters: q.KeyFilters, StartTs: q.PageLink.StartTs,
		EndTs: q.PageLink.EndTs, TimeWindow: q.PageLink.TimeWindow, TypeList: q.PageLink.TypeList, StatusList: q.PageLink.StatusList,
		SeverityList: q.PageLink.SeverityList, SearchPropagatedAlarms: q.PageLink.SearchPropagatedAlarms, AssigneeID: q.PageLink.AssigneeID})
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, a := range out.Data {
		distinct[a.ID.ID] = true
	}
	if q.PageLink.TextSearch == "" && out.TotalElements == int64(len(out.Data)) && n != int64(len(distinct)) {
		t.Errorf("count = %d, find returned %d distinct alarms", n, len(distinct))
	}
	return ids, &out
}

func at(a, ent tb.EntityID) string { return a.ID + "@" + ent.ID }

func TestAlarmQueries(t *testing.T) {
	f := newAlarmFixture()
	e := tenantEngine(f.fixture)
	link := func(mod func(*tb.AlarmDataPageLink)) tb.AlarmDataPageLink {
		l := tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 100,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.AlarmFieldKey("createdTime"), Direction: tb.DESC}}}
		if mod != nil {
			mod(&l)
		}
		return l
	}
	cases := []struct {
		name   string
		filter tb.EntityFilter
		link   tb.AlarmDataPageLink
		want   []string
	}{
		{"all device alarms newest first", devices(), link(nil),
			[]string{at(f.cleared, f.t1), at(f.hot, f.t1), at(f.hot2, f.t2), at(f.leak, f.p1), at(f.old, f.p1)}},
		{"time window", devices(), link(func(l *tb.AlarmDataPageLink) { l.TimeWindow = 2500 }),
			[]string{at(f.cleared, f.t1), at(f.hot, f.t1), at(f.hot2, f.t2)}},
		{"start and end", devices(), link(func(l *tb.AlarmDataPageLink) { l.StartTs = now - 5000; l.EndTs = now - 1000 }),
			[]string{at(f.hot, f.t1), at(f.hot2, f.t2), at(f.leak, f.p1)}},
		{"types", devices(), link(func(l *tb.AlarmDataPageLink) { l.TypeList = []string{"Leak"} }),
			[]string{at(f.leak, f.p1), at(f.old, f.p1)}},
		{"severities", devices(), link(func(l *tb.AlarmDataPageLink) {
			l.SeverityList = []tb.AlarmSeverity{tb.SeverityCritical, tb.SeverityWarning}
		}), []string{at(f.cleared, f.t1), at(f.hot, f.t1), at(f.leak, f.p1)}},
		{"active", devices(), link(func(l *tb.AlarmDataPageLink) { l.StatusList = []tb.AlarmSearchStatus{tb.SearchStatusActive} }),
			[]string{at(f.hot, f.t1), at(f.hot2, f.t2), at(f.leak, f.p1), at(f.old, f.p1)}},
		{"acknowledged", devices(), link(func(l *tb.AlarmDataPageLink) { l.StatusList = []tb.AlarmSearchStatus{tb.SearchStatusAck} }),
			[]string{at(f.cleared, f.t1), at(f.hot2, f.t2)}},
		{"cleared or unacknowledged", devices(), link(func(l *tb.AlarmDataPageLink) {
			l.StatusList = []tb.AlarmSearchStatus{tb.SearchStatusCleared, tb.SearchStatusUnack}
		}), []string{at(f.cleared, f.t1), at(f.hot, f.t1), at(f.leak, f.p1), at(f.old, f.p1)}},
		{"any", devices(), link(func(l *tb.AlarmDataPageLink) {
			l.StatusList = []tb.AlarmSearchStatus{tb.SearchStatusAck, tb.SearchStatusAny}
		}), []string{at(f.cleared, f.t1), at(f.hot, f.t1), at(f.hot2, f.t2), at(f.leak, f.p1), at(f.old, f.p1)}},
		{"assignee", devices(), link(func(l *tb.AlarmDataPageLink) { l.AssigneeID = f.user }), []string{at(f.leak, f.p1)}},
		{"asset without propagation", &tb.EntityTypeFilter{EntityType: tb.EntityTypeAsset}, link(nil), []string{at(f.assigned, f.building)}},
		{"asset with propagated alarms", &tb.EntityTypeFilter{EntityType: tb.EntityTypeAsset}, link(func(l *tb.AlarmDataPageLink) { l.SearchPropagatedAlarms = true }),
			[]string{at(f.assigned, f.building), at(f.hot, f.floor), at(f.hot, f.building)}},
		{"sort by severity text ascending", devices(), link(func(l *tb.AlarmDataPageLink) {
			l.SortOrder = &tb.EntityDataSortOrder{Key: tb.AlarmFieldKey("severity"), Direction: tb.ASC}
		}), []string{at(f.hot, f.t1), at(f.cleared, f.t1), at(f.hot2, f.t2), at(f.old, f.p1), at(f.leak, f.p1)}},
		{"entity order when not sorted by an alarm field", devices(), link(func(l *tb.AlarmDataPageLink) {
			l.SortOrder = &tb.EntityDataSortOrder{Key: tb.FieldKey("name"), Direction: tb.ASC}
		}), []string{at(f.leak, f.p1), at(f.old, f.p1), at(f.hot, f.t1), at(f.cleared, f.t1), at(f.hot2, f.t2)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := alarmIDs(t, e, tb.AlarmDataQuery{EntityFilter: c.filter, PageLink: c.link})
			want(t, got, c.want...)
		})
	}
}

func TestAlarmDataShapeSearchAndPaging(t *testing.T) {
	f := newAlarmFixture()
	e := tenantEngine(f.fixture)
	q := tb.AlarmDataQuery{EntityFilter: &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(f.t1)},
		PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 1,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.AlarmFieldKey("createdTime"), Direction: tb.ASC}}},
		EntityFields: []tb.EntityKey{tb.FieldKey("name")}, LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature")},
		AlarmFields: []tb.EntityKey{tb.AlarmFieldKey("type"), tb.AlarmFieldKey("severity")}}
	ids, p := alarmIDs(t, e, q)
	want(t, ids, at(f.hot, f.t1))
	if p.TotalElements != 2 || p.TotalPages != 2 || !p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	a := p.Data[0]
	if a.Type != "High Temperature" || a.Severity != tb.SeverityCritical || a.Status != tb.StatusActiveUnack || a.OriginatorName != "Thermostat T1" {
		t.Errorf("alarm = %+v", a)
	}
	if v, _ := a.Field("name"); v != "Thermostat T1" {
		t.Errorf("latest name = %q", v)
	}
	if v := a.Latest[tb.EntityKeyTimeSeries]["temperature"]; v.Value != "25.5" || v.Ts != 1000 {
		t.Errorf("latest temperature = %+v", v)
	}
	ids, p = alarmIDs(t, e, q.Next())
	want(t, ids, at(f.cleared, f.t1))
	if p.HasNext {
		t.Error("second page has next")
	}

	// Text search looks at the alarm fields the query names.
	q = tb.AlarmDataQuery{EntityFilter: devices(), PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 10, TextSearch: "lea"}},
		AlarmFields: []tb.EntityKey{tb.AlarmFieldKey("type")}}
	ids, _ = alarmIDs(t, e, q)
	if len(ids) != 2 {
		t.Errorf("text search = %v", ids)
	}
	q.AlarmFields = []tb.EntityKey{tb.AlarmFieldKey("severity")}
	ids, _ = alarmIDs(t, e, q)
	if len(ids) != 0 {
		t.Errorf("text search on severity = %v", ids)
	}

	// No matching entity: an empty page.
	raw, err := e.FindAlarmData(tb.AlarmDataQuery{EntityFilter: &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "none"},
		PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 10}}})
	b, _ := json.Marshal(raw)
	if err != nil || string(b) != `{"data":[],"totalPages":0,"totalElements":0,"hasNext":false}` {
		t.Errorf("empty = %s %v", b, err)
	}
	if _, err := e.FindAlarmData(tb.AlarmDataQuery{EntityFilter: devices()}); err == nil {
		t.Error("page size 0 accepted")
	}
}

func TestAlarmsOfACustomerUser(t *testing.T) {
	f := newAlarmFixture()
	e := customerEngine(f.fixture)
	ids, _ := alarmIDs(t, e, tb.AlarmDataQuery{EntityFilter: devices(), PageLink: tb.AlarmDataPageLink{
		EntityDataPageLink: tb.EntityDataPageLink{PageSize: 10}, SearchPropagatedAlarms: true}})
	// Newest first (entity order is createdTime DESC; one device).
	want(t, ids, at(f.hot, f.t1), at(f.cleared, f.t1))
	// An alarm of another tenant is never seen, even on a matching entity id.
	other := newAlarmFixture()
	other.m.put(Entity{ID: tb.NewEntityID(tb.EntityTypeAlarm, "x"), TenantID: tenantB, CreatedTime: now,
		Fields: map[string]string{"type": "T", "severity": "MAJOR", "originatorId": other.t1.ID, "originatorType": "DEVICE"}})
	n, _ := tenantEngine(other.fixture).CountAlarms(tb.AlarmCountQuery{EntityFilter: devices()})
	if n != 5 {
		t.Errorf("count = %d", n)
	}
}

func TestAlarmWithoutValue(t *testing.T) {
	f := newFixture()
	f.m.put(Entity{ID: tb.NewEntityID(tb.EntityTypeAlarm, "bare"), TenantID: tenantA, CreatedTime: 5,
		Fields: map[string]string{"type": "Bare", "severity": "MINOR", "originatorId": f.t2.ID, "originatorType": "DEVICE",
			"acknowledged": "true", "cleared": "false", "startTs": "5"}})
	p, err := tenantEngine(f).FindAlarmData(tb.AlarmDataQuery{EntityFilter: devices(),
		PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 5}}})
	if err != nil || len(p.Data) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	var a tb.AlarmData
	if err := json.Unmarshal(p.Data[0], &a); err != nil {
		t.Fatal(err)
	}
	if a.Type != "Bare" || a.Status != tb.StatusActiveAck || a.Originator != f.t2 || a.EntityID != f.t2 || a.StartTs != 5 {
		t.Errorf("alarm = %+v", a)
	}
	if strings.Count(string(p.Data[0]), `"entityId"`) != 1 {
		t.Errorf("entityId written twice: %s", p.Data[0])
	}
}
