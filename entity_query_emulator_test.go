package thingsboard_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// queryClient starts an emulator and returns a client logged in as email. TestMain
// checks every exchange against the OpenAPI spec.
func queryClient(t *testing.T, email, password string, opts ...thingsboardtest.Option) (*tb.Client, *thingsboardtest.Server) {
	t.Helper()
	srv := thingsboardtest.NewServer(t, opts...)
	return loginTo(t, srv, email, password), srv
}

func loginTo(t *testing.T, srv *thingsboardtest.Server, email, password string) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), email, password); err != nil {
		t.Fatal(err)
	}
	return c
}

func activeFilter(active bool) tb.KeyFilter {
	return tb.KeyFilter{Key: tb.AttributeKey("active"), ValueType: tb.ValueTypeBoolean,
		Predicate: tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(active)}}
}

func TestEmulatorCountExample(t *testing.T) {
	c, _ := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	q := tb.EntityCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}}
	total, err := c.EntityQuery.CountEntities(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.KeyFilters = []tb.KeyFilter{activeFilter(true)}
	active, err := c.EntityQuery.CountEntities(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.KeyFilters = []tb.KeyFilter{activeFilter(false)}
	inactive, err := c.EntityQuery.CountEntities(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("total %d, active %d, inactive %d", total, active, inactive)
	if total == 0 || active == 0 || inactive == 0 || active+inactive != total {
		t.Fatalf("total %d, active %d, inactive %d", total, active, inactive)
	}
	// The demo tenant has 9 devices; the DHT11 demo device and Thermostat T1 are active.
	if total != 9 || active != 2 {
		t.Errorf("total %d active %d, want 9 and 2", total, active)
	}
}

func TestEmulatorQueryExamplePagesActiveDevices(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	// One more active device so that paging by 2 takes two pages.
	id := srv.Demo().DeviceID("Test Device B1")
	store := srv.Emulator().Store()
	_ = store.Write(func(tx *emulator.Tx) error {
		tx.SaveAttributes(tb.NewEntityID(tb.EntityTypeDevice, id), emulator.ServerScope, []emulator.Attribute{{Key: "active", Value: true}})
		return nil
	})
	q := tb.EntityDataQuery{
		EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice},
		KeyFilters:   []tb.KeyFilter{activeFilter(true)},
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type"), tb.FieldKey("createdTime")},
		LatestValues: []tb.EntityKey{tb.AttributeKey("active")},
		PageLink: tb.EntityDataPageLink{PageSize: 2,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("createdTime"), Direction: tb.DESC}},
	}
	var got []string
	pages := 0
	lastCreated := int64(1 << 62)
	for {
		page, err := c.EntityQuery.FindEntityData(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.TotalElements != 3 || page.TotalPages != 2 {
			t.Fatalf("page %d: %+v", pages, page)
		}
		for _, d := range page.Data {
			name, _ := d.Field("name")
			typ, _ := d.Field("type")
			active, _ := d.Attribute("active")
			created, ok := d.CreatedTime()
			if active != "true" || typ == "" || !ok || created > lastCreated {
				t.Errorf("%s: type %q active %q created %d (after %d)", name, typ, active, created, lastCreated)
			}
			lastCreated = created
			got = append(got, name)
		}
		if !page.HasNext {
			break
		}
		q = q.Next()
	}
	if pages != 2 || strings.Join(got, ",") != "Thermostat T1,DHT11 Demo Device,Test Device B1" {
		t.Fatalf("pages %d, devices %v", pages, got)
	}
	// The iterator walks the same pages.
	var all []string
	for d, err := range c.EntityQuery.FindEntityDataAll(ctx, q.Next().Next()) {
		if err != nil {
			t.Fatal(err)
		}
		n, _ := d.Field("name")
		all = append(all, n)
	}
	if len(all) != 0 {
		t.Errorf("iterator from page 2 = %v", all)
	}
	first := q
	first.PageLink.Page = 0
	for d, err := range c.EntityQuery.FindEntityDataAll(ctx, first) {
		if err != nil {
			t.Fatal(err)
		}
		n, _ := d.Field("name")
		all = append(all, n)
	}
	if !slices.Equal(all, got) {
		t.Errorf("iterator = %v, want %v", all, got)
	}
}

// buildings stores Building → Floor (Contains) → device and Building → device relations,
// as asset handlers and relation handlers would.
func buildings(t *testing.T, srv *thingsboardtest.Server) (building, floor tb.EntityID) {
	t.Helper()
	demo := srv.Demo()
	dev := func(name string) tb.EntityID { return tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID(name)) }
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		asset := func(name, typ string) tb.EntityID {
			r := tx.Put(emulator.Record{ID: tb.EntityID{EntityType: tb.EntityTypeAsset}, TenantID: demo.TenantID,
				Fields: map[string]string{"name": name, "type": typ, "label": ""}, Value: map[string]any{"name": name, "type": typ}})
			return r.ID
		}
		building, floor = asset("Building A", "building"), asset("Floor 1", "floor")
		tx.SaveRelation(emulator.Relation{From: building, To: floor, Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: floor, To: dev("Thermostat T1"), Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: floor, To: dev("Test Device A1"), Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: building, To: dev("Thermostat T2"), Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: building, To: dev("DHT11 Demo Device"), Type: "Manages"})
		return nil
	})
	return building, floor
}

func deviceNames(t *testing.T, c *tb.Client, f tb.EntityFilter, keyFilters ...tb.KeyFilter) []string {
	t.Helper()
	q := tb.EntityDataQuery{EntityFilter: f, KeyFilters: keyFilters, EntityFields: []tb.EntityKey{tb.FieldKey("name")},
		PageLink: tb.EntityDataPageLink{PageSize: 100, SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("name"), Direction: tb.ASC}}}
	var out []string
	for d, err := range c.EntityQuery.FindEntityDataAll(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		n, _ := d.Field("name")
		out = append(out, n)
	}
	n, err := c.EntityQuery.CountEntities(context.Background(), tb.EntityCountQuery{EntityFilter: f, KeyFilters: keyFilters})
	if err != nil || n != int64(len(out)) {
		t.Errorf("count = %d, %v; find returned %d", n, err, len(out))
	}
	return out
}

func TestEmulatorQueryByRelationAndName(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	building, _ := buildings(t, srv)
	contains := []tb.RelationEntityTypeFilter{{RelationType: "Contains", EntityTypes: []tb.EntityType{tb.EntityTypeDevice}}}
	got := deviceNames(t, c, tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(building), Direction: tb.DirectionFrom,
		MaxLevel: 2, Filters: contains})
	if strings.Join(got, ",") != "Test Device A1,Thermostat T1,Thermostat T2" {
		t.Errorf("two levels deep = %v", got)
	}
	got = deviceNames(t, c, tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(building), Direction: tb.DirectionFrom,
		MaxLevel: 1, Filters: contains})
	if strings.Join(got, ",") != "Thermostat T2" {
		t.Errorf("one level = %v", got)
	}
	got = deviceNames(t, c, tb.DeviceSearchQueryFilter{RootEntity: tb.AliasEntityID(building), Direction: tb.DirectionFrom,
		RelationType: "Contains", MaxLevel: 2, DeviceTypes: []string{"thermostat"}})
	if strings.Join(got, ",") != "Thermostat T1,Thermostat T2" {
		t.Errorf("device search = %v", got)
	}
	got = deviceNames(t, c, tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "test device a"})
	if strings.Join(got, ",") != "Test Device A1,Test Device A2,Test Device A3" {
		t.Errorf("name prefix = %v", got)
	}
	got = deviceNames(t, c, tb.DeviceTypeFilter{DeviceTypes: []string{"thermostat"}})
	if strings.Join(got, ",") != "Thermostat T1,Thermostat T2" {
		t.Errorf("device type = %v", got)
	}
}

func TestEmulatorTimeseriesFilterSortAndLatestShape(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	demo := srv.Demo()
	temps := map[string]any{"Thermostat T1": 26.5, "Thermostat T2": int64(19), "Test Device A1": "31", "Test Device A2": "warm"}
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		for name, v := range temps {
			tx.SaveTimeseries(tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID(name)),
				[]emulator.TsEntry{{Key: "temperature", TsPoint: emulator.TsPoint{Ts: 1_700_000_000_000, Value: v}}})
		}
		return nil
	})
	q := tb.EntityDataQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice},
		KeyFilters: []tb.KeyFilter{{Key: tb.TimeSeriesKey("temperature"), ValueType: tb.ValueTypeNumeric,
			Predicate: tb.NumericFilterPredicate{Operation: tb.NumericGreater, Value: tb.PredicateValue(20.0)}}},
		EntityFields: []tb.EntityKey{tb.FieldKey("name")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature"), tb.TimeSeriesKey("humidity")},
		PageLink: tb.EntityDataPageLink{PageSize: 10,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.TimeSeriesKey("temperature"), Direction: tb.DESC}}}
	p, err := c.EntityQuery.FindEntityData(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range p.Data {
		n, _ := d.Field("name")
		temp, _ := d.LatestValue(tb.EntityKeyTimeSeries, "temperature")
		hum, ok := d.LatestValue(tb.EntityKeyTimeSeries, "humidity")
		if !ok || hum.Ts != 0 || hum.Value != "" || temp.Ts != 1_700_000_000_000 {
			t.Errorf("%s: temperature %+v humidity %+v %v", n, temp, hum, ok)
		}
		if f, _ := d.LatestValue(tb.EntityKeyEntityField, "name"); f.Ts < srv.Clock().Millis()-60_000 {
			t.Errorf("entity field ts = %d, want the query time", f.Ts)
		}
		got = append(got, n+"="+temp.Value)
	}
	// "31" is a number stored as a string: it passes the numeric filter, and sorts as text after the numbers.
	if strings.Join(got, ",") != "Test Device A1=31,Thermostat T1=26.5" {
		t.Errorf("got %v", got)
	}
}

func TestEmulatorCustomerUserSeesItsCustomerOnly(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	buildings(t, srv)
	got := deviceNames(t, c, tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice})
	if strings.Join(got, ",") != "Test Device A1,Test Device A2,Test Device A3" {
		t.Errorf("devices = %v", got)
	}
	got = deviceNames(t, c, tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "Thermostat"})
	if len(got) != 0 {
		t.Errorf("tenant devices leaked: %v", got)
	}
	p, err := c.EntityQuery.FindEntityData(context.Background(), tb.EntityDataQuery{
		EntityFilter: tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: tb.AliasCurrentCustomer}},
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("title")}, PageLink: tb.EntityDataPageLink{PageSize: 1}})
	if err != nil || len(p.Data) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	if n, _ := p.Data[0].Field("name"); n != "Customer A" {
		t.Errorf("current customer = %q", n)
	}
}

// putAlarm stores an alarm as the alarm handlers do: a Record of type ALARM with the
// query fields and an AlarmInfo value.
func putAlarm(t *testing.T, srv *thingsboardtest.Server, typ string, sev tb.AlarmSeverity, device string, created int64, cleared bool, propagatedTo ...tb.EntityID) tb.EntityID {
	t.Helper()
	demo := srv.Demo()
	orig := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID(device))
	status := tb.StatusActiveUnack
	if cleared {
		status = tb.StatusClearedUnack
	}
	var prop []string
	for _, p := range propagatedTo {
		prop = append(prop, p.ID)
	}
	var id tb.EntityID
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		dev, _ := tx.Get(orig.ID)
		rec := tx.Stamp(emulator.Record{ID: tb.EntityID{EntityType: tb.EntityTypeAlarm}, TenantID: demo.TenantID,
			CustomerID: dev.CustomerID, CreatedTime: created})
		rec.Value = &tb.AlarmInfo{Alarm: tb.Alarm{ID: rec.ID, CreatedTime: created, TenantID: tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID),
			CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, dev.CustomerID), Type: typ, Name: typ, Originator: orig,
			Severity: sev, Status: status, Cleared: cleared, StartTs: created, EndTs: created, Propagate: len(prop) > 0,
			PropagateRelationTypes: []string{}}, OriginatorName: device}
		rec.Fields = map[string]string{"type": typ, "severity": string(sev), "status": string(status),
			"originatorId": orig.ID, "originatorType": "DEVICE", "assigneeId": "", "startTs": fmt.Sprint(created),
			"endTs": fmt.Sprint(created), "acknowledged": "false", "cleared": fmt.Sprint(cleared),
			"propagate": fmt.Sprint(len(prop) > 0), "propagatedTo": strings.Join(prop, ",")}
		id = tx.Put(rec).ID
		return nil
	})
	return id
}

func TestEmulatorAlarmQueries(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	building, floor := buildings(t, srv)
	now := srv.Clock().Millis()
	hot := putAlarm(t, srv, "High Temperature", tb.SeverityMajor, "Thermostat T1", now-1000, false, floor, building)
	putAlarm(t, srv, "High Temperature", tb.SeverityMajor, "Thermostat T2", now-2000, true)
	putAlarm(t, srv, "Low Humidity", tb.SeverityMinor, "Thermostat T2", now-3000, false)
	putAlarm(t, srv, "Old", tb.SeverityCritical, "Test Device A1", now-10*86_400_000, false)

	q := tb.AlarmDataQuery{EntityFilter: tb.DeviceTypeFilter{DeviceTypes: []string{"thermostat"}},
		PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 2,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.AlarmFieldKey("createdTime"), Direction: tb.DESC}},
			StatusList: []tb.AlarmSearchStatus{tb.SearchStatusActive}, TimeWindow: 86_400_000},
		EntityFields: []tb.EntityKey{tb.FieldKey("name")},
		AlarmFields:  []tb.EntityKey{tb.AlarmFieldKey("type"), tb.AlarmFieldKey("severity")}}
	var got []string
	for a, err := range c.EntityQuery.FindAlarmDataAll(ctx, q) {
		if err != nil {
			t.Fatal(err)
		}
		n, _ := a.Field("name")
		got = append(got, a.Type+"@"+n)
	}
	if strings.Join(got, ",") != "High Temperature@Thermostat T1,Low Humidity@Thermostat T2" {
		t.Errorf("active thermostat alarms = %v", got)
	}
	n, err := c.EntityQuery.CountAlarms(ctx, tb.AlarmCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}})
	if err != nil || n != 4 {
		t.Errorf("count all = %d %v", n, err)
	}
	n, err = c.EntityQuery.CountAlarms(ctx, tb.AlarmCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice},
		SeverityList: []tb.AlarmSeverity{tb.SeverityMajor}, TypeList: []string{"High Temperature"}})
	if err != nil || n != 2 {
		t.Errorf("count major high temperature = %d %v", n, err)
	}
	// Propagated to the building: found only with searchPropagatedAlarms.
	aq := tb.AlarmDataQuery{EntityFilter: tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(building)},
		PageLink: tb.AlarmDataPageLink{EntityDataPageLink: tb.EntityDataPageLink{PageSize: 10}}}
	p, err := c.EntityQuery.FindAlarmData(ctx, aq)
	if err != nil || len(p.Data) != 0 {
		t.Fatalf("without propagation: %+v %v", p, err)
	}
	aq.PageLink.SearchPropagatedAlarms = true
	p, err = c.EntityQuery.FindAlarmData(ctx, aq)
	if err != nil || len(p.Data) != 1 || p.Data[0].ID != hot || p.Data[0].EntityID != building || p.Data[0].Originator.EntityType != tb.EntityTypeDevice {
		t.Fatalf("with propagation: %+v %v", p, err)
	}

	// The system administrator may not query alarms.
	sys := loginTo(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	_, err = sys.EntityQuery.CountAlarms(ctx, tb.AlarmCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}})
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("sysadmin alarm count: %v", err)
	}
}

func TestEmulatorFindKeys(t *testing.T) {
	c, _ := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	q := tb.EntityDataQuery{EntityFilter: tb.DeviceTypeFilter{DeviceTypes: []string{"thermostat"}}, PageLink: tb.EntityDataPageLink{PageSize: 10}}
	k, err := c.EntityQuery.FindAvailableKeys(ctx, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(k.Attribute, "temperatureAlarmThreshold") || !slices.Contains(k.Attribute, "active") ||
		!slices.Equal(k.EntityTypes, []tb.EntityType{tb.EntityTypeDevice}) || len(k.Timeseries) != 0 {
		t.Errorf("keys = %+v", k)
	}
	k2, err := c.EntityQuery.FindAvailableKeysV2(ctx, q, &tb.FindKeysV2Options{SkipTimeseries: true, Scopes: []string{"SERVER_SCOPE"}, IncludeSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	var thr *tb.KeySample
	for _, ki := range k2.Attributes["SERVER_SCOPE"] {
		if ki.Key == "temperatureAlarmThreshold" {
			thr = ki.Sample
		}
	}
	if thr == nil || (string(thr.Value) != "20" && string(thr.Value) != "25") || k2.Timeseries != nil {
		t.Errorf("v2 = %+v", k2)
	}
}

func TestEmulatorQueryErrors(t *testing.T) {
	c, srv := queryClient(t, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	// A Professional Edition filter on a Community Edition server.
	_, err := c.EntityQuery.CountEntities(ctx, tb.EntityCountQuery{EntityFilter: tb.EntityGroupFilter{GroupType: tb.EntityTypeDevice, EntityGroup: srv.Demo().TenantID}})
	var apiErr *tb.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != tb.CodeBadRequestParams {
		t.Errorf("PE filter on CE: %v", err)
	}
	pe := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	pc := loginTo(t, pe, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	n, err := pc.EntityQuery.CountEntities(ctx, tb.EntityCountQuery{EntityFilter: tb.EntityGroupNameFilter{GroupType: tb.EntityTypeDevice, EntityGroupNameFilter: "All"}})
	if err != nil || n != 4 { // the group "All" of devices of the tenant and of each demo customer
		t.Errorf("PE group filter: %d %v", n, err)
	}
	p, err := pc.EntityQuery.FindEntityData(ctx, tb.EntityDataQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}, PageLink: tb.EntityDataPageLink{PageSize: 1}})
	if err != nil || len(p.Data) != 1 || !p.Data[0].ReadAttrs || !p.Data[0].ReadTs {
		t.Errorf("PE entity data: %+v %v", p, err)
	}
	// Unauthenticated.
	anon, _ := tb.NewClient(srv.URL)
	if _, err := anon.EntityQuery.CountEntities(ctx, tb.EntityCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}}); err == nil {
		t.Error("anonymous count accepted")
	}
}
