package query

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
)

const now = int64(1_800_000_000_000)

type fixture struct {
	m                                  *mem
	t1, t2, p1, air, building, floor   tb.EntityID
	view, user, otherTenantDevice, cus tb.EntityID
}

func newFixture() *fixture {
	m := newMem()
	f := &fixture{m: m}
	m.put(Entity{ID: tb.NewEntityID(tb.EntityTypeTenant, tenantA), TenantID: tenantA, CustomerID: tb.NullUUID,
		CreatedTime: 1, Fields: map[string]string{"title": "Tenant A", "email": "a@tenant", "createdTime": "1"}})
	m.put(Entity{ID: tb.NewEntityID(tb.EntityTypeCustomer, customerX), TenantID: tenantA, CustomerID: tb.NullUUID,
		CreatedTime: 2, Fields: map[string]string{"title": "Customer X", "city": "Lyon", "createdTime": "2"}})
	f.cus = tb.NewEntityID(tb.EntityTypeCustomer, customerX)
	f.t1 = m.add(tb.EntityTypeDevice, tenantA, customerX, "name", "Thermostat T1", "type", "thermostat", "label", "Hall")
	f.t2 = m.add(tb.EntityTypeDevice, tenantA, "", "name", "Thermostat T2", "type", "thermostat", "label", "")
	f.p1 = m.add(tb.EntityTypeDevice, tenantA, "", "name", "Pump P1", "type", "pump")
	f.air = m.add(tb.EntityTypeDevice, tenantA, "", "name", "air sensor", "type", "sensor", "label", "Lab")
	f.building = m.add(tb.EntityTypeAsset, tenantA, "", "name", "Building A", "type", "building")
	f.floor = m.add(tb.EntityTypeAsset, tenantA, "", "name", "Floor 1", "type", "floor")
	f.view = m.add(tb.EntityTypeEntityView, tenantA, "", "name", "T1 view", "type", "thermostat")
	f.user = m.add(tb.EntityTypeUser, tenantA, customerX, "email", "user@x.com", "firstName", "Ann", "lastName", "Lee")
	f.otherTenantDevice = m.add(tb.EntityTypeDevice, tenantB, "", "name", "Thermostat B1", "type", "thermostat")

	m.tsv(f.t1, "temperature", 25.5, 1000)
	m.tsv(f.t2, "temperature", "18", 2000) // a number stored as a string
	m.tsv(f.p1, "temperature", int64(30), 3000)
	m.tsv(f.air, "temperature", "hot", 4000)
	m.tsv(f.otherTenantDevice, "temperature", 99.0, 5000)
	m.attr(f.t1, ServerScope, "active", true, 100)
	m.attr(f.t2, ServerScope, "active", false, 200)
	m.attr(f.air, ServerScope, "active", false, 300)
	m.attr(f.t1, SharedScope, "model", "T-1000", 400)
	m.attr(f.t1, ClientScope, "model", "T-1000c", 500) // newer: wins for ATTRIBUTE
	m.attr(f.p1, SharedScope, "model", "P-9", 600)

	m.rel(f.building, f.floor, "Contains")
	m.rel(f.floor, f.t1, "Contains")
	m.rel(f.floor, f.p1, "Contains")
	m.rel(f.building, f.t2, "Contains")
	m.rel(f.building, f.air, "Manages")
	m.rel(f.building, f.view, "Contains")
	return f
}

func tenantEngine(f *fixture) *Engine {
	return &Engine{Src: f.m, Now: now, Caller: Caller{Authority: tb.AuthorityTenantAdmin, TenantID: tenantA, CustomerID: tb.NullUUID, UserID: "admin"}}
}

func customerEngine(f *fixture) *Engine {
	return &Engine{Src: f.m, Now: now, Caller: Caller{Authority: tb.AuthorityCustomerUser, TenantID: tenantA, CustomerID: customerX, UserID: f.user.ID}}
}

func devices() tb.EntityFilter { return &tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice} }

func pageOf(n int) tb.EntityDataPageLink { return tb.EntityDataPageLink{PageSize: n} }

// names runs q and returns the names of the entities found (ENTITY_FIELD name).
func names(t *testing.T, e *Engine, q tb.EntityDataQuery) []string {
	t.Helper()
	if q.PageLink.PageSize == 0 {
		q.PageLink.PageSize = 100
	}
	q.EntityFields = append(q.EntityFields, tb.FieldKey("name"))
	p, err := e.FindEntityData(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range p.Data {
		n, _ := d.Field("name")
		out = append(out, n)
	}
	return out
}

func want(t *testing.T, got []string, exp ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(exp, "|") {
		t.Errorf("got  %q\nwant %q", got, exp)
	}
}

func numeric(op tb.NumericOperation, v float64) tb.KeyFilterPredicate {
	return &tb.NumericFilterPredicate{Operation: op, Value: tb.PredicateValue(v)}
}

func str(op tb.StringOperation, v string, ignoreCase bool) tb.KeyFilterPredicate {
	return &tb.StringFilterPredicate{Operation: op, Value: tb.PredicateValue(v), IgnoreCase: ignoreCase}
}

func kf(k tb.EntityKey, p tb.KeyFilterPredicate) tb.KeyFilter {
	return tb.KeyFilter{Key: k, Predicate: p}
}

func TestEntityFilters(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	cases := []struct {
		name   string
		filter tb.EntityFilter
		want   []string
	}{
		{"entityType", devices(), []string{"Thermostat T1", "Thermostat T2", "Pump P1", "air sensor"}},
		{"entityType as a value", tb.EntityTypeFilter{EntityType: tb.EntityTypeAsset}, []string{"Building A", "Floor 1"}},
		{"singleEntity", &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(f.p1)}, []string{"Pump P1"}},
		{"singleEntity of another tenant", &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(f.otherTenantDevice)}, nil},
		{"singleEntity CURRENT_TENANT", &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: tb.AliasCurrentTenant}}, []string{"Tenant A"}},
		{"singleEntity CURRENT_USER_OWNER of a tenant admin", &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: tb.AliasCurrentUserOwner}}, []string{"Tenant A"}},
		{"singleEntity CURRENT_CUSTOMER of a tenant admin", &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: tb.AliasCurrentCustomer}}, nil},
		{"entityList", &tb.EntityListFilter{EntityType: tb.EntityTypeDevice, EntityList: []string{f.air.ID, f.t1.ID, f.building.ID, f.otherTenantDevice.ID}},
			[]string{"Thermostat T1", "air sensor"}},
		{"entityName prefix, any case", &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "thermo"}, []string{"Thermostat T1", "Thermostat T2"}},
		{"entityName LIKE pattern", &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "%SENSOR"}, []string{"air sensor"}},
		{"entityName customer title", &tb.EntityNameFilter{EntityType: tb.EntityTypeCustomer, EntityNameFilter: "cust"}, []string{"Customer X"}},
		{"deviceType", &tb.DeviceTypeFilter{DeviceTypes: []string{"pump", "sensor"}}, []string{"Pump P1", "air sensor"}},
		{"deviceType with name", &tb.DeviceTypeFilter{DeviceTypes: []string{"thermostat"}, DeviceNameFilter: "Thermostat T2"}, []string{"Thermostat T2"}},
		{"deviceType deprecated single type", &tb.DeviceTypeFilter{DeviceType: "pump"}, []string{"Pump P1"}},
		{"assetType", &tb.AssetTypeFilter{AssetTypes: []string{"floor"}}, []string{"Floor 1"}},
		{"entityViewType", &tb.EntityViewTypeFilter{EntityViewTypes: []string{"thermostat"}}, []string{"T1 view"}},
		{"edgeType", &tb.EdgeTypeFilter{EdgeTypes: []string{"x"}}, nil},
		{"relationsQuery one level", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom, MaxLevel: 1},
			[]string{"Floor 1", "Thermostat T2", "air sensor", "T1 view"}},
		{"relationsQuery devices two levels deep", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom, MaxLevel: 2,
			Filters: []tb.RelationEntityTypeFilter{{RelationType: "Contains", EntityTypes: []tb.EntityType{tb.EntityTypeDevice}}}},
			[]string{"Thermostat T2", "Thermostat T1", "Pump P1"}},
		{"relationsQuery last level only", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom, MaxLevel: 2, FetchLastLevelOnly: true},
			[]string{"Thermostat T1", "Pump P1"}},
		{"relationsQuery unlimited", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom,
			Filters: []tb.RelationEntityTypeFilter{{EntityTypes: []tb.EntityType{tb.EntityTypeDevice}}}},
			[]string{"Thermostat T2", "air sensor", "Thermostat T1", "Pump P1"}},
		{"relationsQuery negated relation type", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom, MaxLevel: 1,
			Filters: []tb.RelationEntityTypeFilter{{RelationType: "Contains", Negate: true}}}, []string{"air sensor"}},
		{"relationsQuery TO", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.t1), Direction: tb.DirectionTo, MaxLevel: 3},
			[]string{"Floor 1", "Building A"}},
		{"relationsQuery negate (not related)", &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.floor), Direction: tb.DirectionFrom, MaxLevel: 1, Negate: true,
			Filters: []tb.RelationEntityTypeFilter{{RelationType: "Contains", EntityTypes: []tb.EntityType{tb.EntityTypeDevice}}}},
			[]string{"Thermostat T2", "air sensor"}},
		{"relationsQuery multi-root", &tb.RelationsQueryFilter{MultiRoot: true, MultiRootEntitiesType: tb.EntityTypeAsset,
			MultiRootEntityIDs: []string{f.floor.ID}, Direction: tb.DirectionFrom, MaxLevel: 1}, []string{"Thermostat T1", "Pump P1"}},
		{"deviceSearchQuery", &tb.DeviceSearchQueryFilter{RootEntity: tb.AliasEntityID(f.building), RelationType: "Contains", Direction: tb.DirectionFrom,
			MaxLevel: 2, DeviceTypes: []string{"thermostat"}}, []string{"Thermostat T2", "Thermostat T1"}},
		{"assetSearchQuery", &tb.AssetSearchQueryFilter{RootEntity: tb.AliasEntityID(f.t1), RelationType: "Contains", Direction: tb.DirectionTo,
			MaxLevel: 5, AssetTypes: []string{"building"}}, []string{"Building A"}},
		{"entityViewSearchQuery", &tb.EntityViewSearchQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom,
			MaxLevel: 1, EntityViewTypes: []string{"thermostat"}}, []string{"T1 view"}},
		{"edgeSearchQuery", &tb.EdgeSearchQueryFilter{RootEntity: tb.AliasEntityID(f.building), Direction: tb.DirectionFrom, MaxLevel: 1}, nil},
		{"apiUsageState", &tb.APIUsageStateFilter{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want(t, names(t, e, tb.EntityDataQuery{EntityFilter: c.filter}), c.want...)
			n, err := e.CountEntities(tb.EntityCountQuery{EntityFilter: c.filter})
			if err != nil || n != int64(len(c.want)) {
				t.Errorf("count = %d, %v; want %d", n, err, len(c.want))
			}
		})
	}
}

func TestCustomerUserSeesOnlyItsCustomer(t *testing.T) {
	f := newFixture()
	e := customerEngine(f)
	want(t, names(t, e, tb.EntityDataQuery{EntityFilter: devices()}), "Thermostat T1")
	want(t, names(t, e, tb.EntityDataQuery{EntityFilter: &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(f.p1)}}))
	// CURRENT_CUSTOMER and CURRENT_USER_OWNER are its customer; the relation walk still
	// passes through entities it cannot see, but returns only visible ones.
	for _, a := range []tb.EntityType{tb.AliasCurrentCustomer, tb.AliasCurrentUserOwner} {
		p, err := e.FindEntityData(tb.EntityDataQuery{EntityFilter: &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: a}},
			PageLink: pageOf(10), EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("city")}})
		if err != nil || len(p.Data) != 1 || p.Data[0].EntityID != f.cus {
			t.Fatalf("%s: %+v %v", a, p, err)
		}
		if n, _ := p.Data[0].Field("name"); n != "Customer X" {
			t.Errorf("customer name = %q (title expected)", n)
		}
		if c, _ := p.Data[0].Field("city"); c != "Lyon" {
			t.Errorf("customer city = %q", c)
		}
	}
	want(t, names(t, e, tb.EntityDataQuery{EntityFilter: &tb.RelationsQueryFilter{RootEntity: tb.AliasEntityID(f.building),
		Direction: tb.DirectionFrom, MaxLevel: 2}}), "Thermostat T1")
	n, _ := e.CountEntities(tb.EntityCountQuery{EntityFilter: devices()})
	if n != 1 {
		t.Errorf("customer count = %d", n)
	}
	user, err := e.FindEntityData(tb.EntityDataQuery{EntityFilter: &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID{EntityType: tb.AliasCurrentUser}},
		PageLink: pageOf(1), EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("firstName"), tb.FieldKey("label")}})
	if err != nil || len(user.Data) != 1 {
		t.Fatalf("current user: %+v %v", user, err)
	}
	if v, _ := user.Data[0].Field("name"); v != "user@x.com" {
		t.Errorf("user name = %q, want the email", v)
	}
	sys := &Engine{Src: f.m, Now: now, Caller: Caller{Authority: tb.AuthoritySysAdmin, TenantID: tb.NullUUID, CustomerID: tb.NullUUID}}
	want(t, names(t, sys, tb.EntityDataQuery{EntityFilter: devices()}))
}

func TestKeyFilters(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	temp := tb.TimeSeriesKey("temperature")
	cases := []struct {
		name    string
		filters []tb.KeyFilter
		want    []string
	}{
		{"numeric over numbers and numeric strings", []tb.KeyFilter{kf(temp, numeric(tb.NumericGreater, 20))}, []string{"Thermostat T1", "Pump P1"}},
		{"numeric less includes a string number", []tb.KeyFilter{kf(temp, numeric(tb.NumericLess, 20))}, []string{"Thermostat T2"}},
		{"numeric equal", []tb.KeyFilter{kf(temp, numeric(tb.NumericEqual, 30))}, []string{"Pump P1"}},
		{"numeric not equal skips non-numbers", []tb.KeyFilter{kf(temp, numeric(tb.NumericNotEqual, 30))}, []string{"Thermostat T1", "Thermostat T2"}},
		{"numeric >= and <=", []tb.KeyFilter{kf(temp, numeric(tb.NumericGreaterOrEqual, 18)), kf(temp, numeric(tb.NumericLessOrEqual, 25.5))},
			[]string{"Thermostat T1", "Thermostat T2"}},
		{"boolean attribute any scope", []tb.KeyFilter{kf(tb.AttributeKey("active"), &tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(false)})},
			[]string{"Thermostat T2", "air sensor"}},
		{"boolean not equal; missing values never match", []tb.KeyFilter{kf(tb.AttributeKey("active"), &tb.BooleanFilterPredicate{Operation: tb.BooleanNotEqual, Value: tb.PredicateValue(false)})},
			[]string{"Thermostat T1"}},
		{"scoped attribute", []tb.KeyFilter{kf(tb.EntityKey{Type: tb.EntityKeySharedAttribute, Key: "model"}, str(tb.StringStartsWith, "T-", false))},
			[]string{"Thermostat T1"}},
		{"string on a time series, ignoring case", []tb.KeyFilter{kf(temp, str(tb.StringEqual, "HOT", true))}, []string{"air sensor"}},
		{"string case-sensitive", []tb.KeyFilter{kf(temp, str(tb.StringEqual, "HOT", false))}, nil},
		{"string on a number's text", []tb.KeyFilter{kf(temp, str(tb.StringEqual, "25.5", false))}, []string{"Thermostat T1"}},
		{"entity field contains", []tb.KeyFilter{kf(tb.FieldKey("name"), str(tb.StringContains, "STAT", true))}, []string{"Thermostat T1", "Thermostat T2"}},
		{"entity field ends with", []tb.KeyFilter{kf(tb.FieldKey("name"), str(tb.StringEndsWith, "P1", false))}, []string{"Pump P1"}},
		{"entity field not contains", []tb.KeyFilter{kf(tb.FieldKey("name"), str(tb.StringNotContains, "t", true))}, []string{"Pump P1", "air sensor"}},
		{"entity field in", []tb.KeyFilter{kf(tb.FieldKey("type"), str(tb.StringIn, "pump, sensor", false))}, []string{"Pump P1", "air sensor"}},
		{"entity field not in", []tb.KeyFilter{kf(tb.FieldKey("type"), str(tb.StringNotIn, "pump,sensor", false))}, []string{"Thermostat T1", "Thermostat T2"}},
		{"label equal empty matches an empty label, not a missing one", []tb.KeyFilter{kf(tb.FieldKey("label"), str(tb.StringEqual, "", false))}, []string{"Thermostat T2"}},
		{"title is name for devices", []tb.KeyFilter{kf(tb.FieldKey("title"), str(tb.StringStartsWith, "Pump", false))}, []string{"Pump P1"}},
		{"numeric on createdTime", []tb.KeyFilter{kf(tb.FieldKey("createdTime"), numeric(tb.NumericGreater, float64(f.m.ents[f.p1.ID].CreatedTime)))}, []string{"air sensor"}},
		{"unknown entity field is ignored", []tb.KeyFilter{kf(tb.FieldKey("firstName"), str(tb.StringEqual, "nobody", false))},
			[]string{"Thermostat T1", "Thermostat T2", "Pump P1", "air sensor"}},
		{"complex OR with nested AND", []tb.KeyFilter{kf(temp, &tb.ComplexFilterPredicate{Operation: tb.ComplexOr, Predicates: []tb.KeyFilterPredicate{
			numeric(tb.NumericLess, 20),
			&tb.ComplexFilterPredicate{Operation: tb.ComplexAnd, Predicates: []tb.KeyFilterPredicate{numeric(tb.NumericGreater, 26), numeric(tb.NumericLess, 31)}},
		}})}, []string{"Thermostat T2", "Pump P1"}},
		{"user value overrides default", []tb.KeyFilter{kf(temp, &tb.NumericFilterPredicate{Operation: tb.NumericGreater,
			Value: tb.FilterPredicateValue[float64]{DefaultValue: 0, UserValue: ptr(29.0)}})}, []string{"Pump P1"}},
		{"missing time series never matches", []tb.KeyFilter{kf(tb.TimeSeriesKey("humidity"), numeric(tb.NumericGreater, -1e9))}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want(t, names(t, e, tb.EntityDataQuery{EntityFilter: devices(), KeyFilters: c.filters}), c.want...)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestDynamicPredicateValues(t *testing.T) {
	f := newFixture()
	f.m.attr(tb.NewEntityID(tb.EntityTypeTenant, tenantA), ServerScope, "threshold", int64(20), 1)
	f.m.attr(f.cus, ServerScope, "prefix", "Thermo", 1)
	e := tenantEngine(f)
	dyn := func(src tb.DynamicValueSourceType, attr string, inherit bool) *tb.DynamicValue {
		return &tb.DynamicValue{SourceType: src, SourceAttribute: attr, Inherit: inherit}
	}
	q := tb.EntityDataQuery{EntityFilter: devices(), KeyFilters: []tb.KeyFilter{kf(tb.TimeSeriesKey("temperature"),
		&tb.NumericFilterPredicate{Operation: tb.NumericGreater, Value: tb.FilterPredicateValue[float64]{DefaultValue: 100, DynamicValue: dyn(tb.SourceCurrentTenant, "threshold", false)}})}}
	want(t, names(t, e, q), "Thermostat T1", "Pump P1")
	// Missing attribute: the default value applies.
	q.KeyFilters[0].Predicate = &tb.NumericFilterPredicate{Operation: tb.NumericGreater, Value: tb.FilterPredicateValue[float64]{DefaultValue: 26, DynamicValue: dyn(tb.SourceCurrentUser, "nothing", false)}}
	want(t, names(t, e, q), "Pump P1")
	// A customer user reads its customer's attribute; inherit falls back to the tenant.
	c := customerEngine(f)
	q.KeyFilters = []tb.KeyFilter{kf(tb.FieldKey("name"), &tb.StringFilterPredicate{Operation: tb.StringStartsWith,
		Value: tb.FilterPredicateValue[string]{DefaultValue: "zzz", DynamicValue: dyn(tb.SourceCurrentCustomer, "prefix", false)}})}
	want(t, names(t, c, q), "Thermostat T1")
	q.KeyFilters = []tb.KeyFilter{kf(tb.TimeSeriesKey("temperature"), &tb.NumericFilterPredicate{Operation: tb.NumericGreater,
		Value: tb.FilterPredicateValue[float64]{DefaultValue: 100, DynamicValue: dyn(tb.SourceCurrentUser, "threshold", true)}})}
	want(t, names(t, c, q), "Thermostat T1")
}

func TestSortingAndPaging(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	sorted := func(k tb.EntityKey, dir tb.SortOrder) []string {
		return names(t, e, tb.EntityDataQuery{EntityFilter: devices(), PageLink: tb.EntityDataPageLink{PageSize: 10,
			SortOrder: &tb.EntityDataSortOrder{Key: k, Direction: dir}}})
	}
	// Numbers first by value, then text (the string "18" is text), missing values last.
	want(t, sorted(tb.TimeSeriesKey("temperature"), tb.ASC), "Thermostat T1", "Pump P1", "Thermostat T2", "air sensor")
	want(t, sorted(tb.TimeSeriesKey("temperature"), tb.DESC), "air sensor", "Thermostat T2", "Pump P1", "Thermostat T1")
	want(t, sorted(tb.AttributeKey("active"), tb.ASC), "Thermostat T2", "air sensor", "Thermostat T1", "Pump P1")
	want(t, sorted(tb.AttributeKey("active"), tb.DESC), "Pump P1", "Thermostat T1", "Thermostat T2", "air sensor")
	want(t, sorted(tb.FieldKey("name"), tb.ASC), "air sensor", "Pump P1", "Thermostat T1", "Thermostat T2")
	want(t, sorted(tb.FieldKey("createdTime"), tb.DESC), "air sensor", "Pump P1", "Thermostat T2", "Thermostat T1")

	q := tb.EntityDataQuery{EntityFilter: devices(), PageLink: tb.EntityDataPageLink{PageSize: 3,
		SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("name"), Direction: tb.DESC}}, EntityFields: []tb.EntityKey{tb.FieldKey("name")}}
	p, err := e.FindEntityData(q)
	if err != nil || len(p.Data) != 3 || p.TotalPages != 2 || p.TotalElements != 4 || !p.HasNext {
		t.Fatalf("page 0 = %+v %v", p, err)
	}
	p, err = e.FindEntityData(q.Next())
	if err != nil || len(p.Data) != 1 || p.HasNext || p.TotalPages != 2 {
		t.Fatalf("page 1 = %+v %v", p, err)
	}
	if n, _ := p.Data[0].Field("name"); n != "air sensor" {
		t.Errorf("last = %q", n)
	}
	p, err = e.FindEntityData(q.Next().Next())
	if err != nil || len(p.Data) != 0 || p.HasNext || p.TotalElements != 4 {
		t.Fatalf("page 2 = %+v %v", p, err)
	}
	if _, err := e.FindEntityData(tb.EntityDataQuery{EntityFilter: devices()}); err == nil {
		t.Error("page size 0 accepted")
	}
	p, _ = e.FindEntityData(tb.EntityDataQuery{EntityFilter: &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: "none"}, PageLink: pageOf(10)})
	if p.TotalPages != 0 || p.Data == nil || len(p.Data) != 0 {
		t.Errorf("empty page = %+v", p)
	}
}

func TestTextSearch(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	search := func(text string, latest ...tb.EntityKey) []string {
		return names(t, e, tb.EntityDataQuery{EntityFilter: devices(), PageLink: tb.EntityDataPageLink{PageSize: 10, TextSearch: text}, LatestValues: latest})
	}
	want(t, search("STAT"), "Thermostat T1", "Thermostat T2")
	want(t, search("hot"))
	want(t, search("hot", tb.TimeSeriesKey("temperature")), "air sensor")
	want(t, search("t-1000", tb.AttributeKey("model")), "Thermostat T1")
}

func TestLatestValuesShape(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	p, err := e.FindEntityData(tb.EntityDataQuery{EntityFilter: &tb.SingleEntityFilter{SingleEntity: tb.AliasEntityID(f.t1)}, PageLink: pageOf(1),
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type"), tb.FieldKey("createdTime"), tb.FieldKey("entityType"), tb.FieldKey("email")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature"), tb.TimeSeriesKey("humidity"), tb.AttributeKey("model"),
			{Type: tb.EntityKeySharedAttribute, Key: "model"}, {Type: tb.EntityKeyServerAttribute, Key: "active"}, {Type: tb.EntityKeyClientAttribute, Key: "active"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	exp := `{"data":[{"entityId":{"entityType":"DEVICE","id":"` + f.t1.ID + `"},"latest":{` +
		`"ATTRIBUTE":{"model":{"ts":500,"value":"T-1000c"}},` +
		`"CLIENT_ATTRIBUTE":{"active":{"ts":0,"value":""}},` +
		`"ENTITY_FIELD":{"createdTime":{"ts":1800000000000,"value":"1700000001000"},"email":{"ts":1800000000000,"value":""},` +
		`"entityType":{"ts":1800000000000,"value":"DEVICE"},"name":{"ts":1800000000000,"value":"Thermostat T1"},"type":{"ts":1800000000000,"value":"thermostat"}},` +
		`"SERVER_ATTRIBUTE":{"active":{"ts":100,"value":"true"}},` +
		`"SHARED_ATTRIBUTE":{"model":{"ts":400,"value":"T-1000"}},` +
		`"TIME_SERIES":{"humidity":{"ts":0,"value":""},"temperature":{"ts":1000,"value":"25.5"}}},"timeseries":{}}],` +
		`"totalPages":1,"totalElements":1,"hasNext":false}`
	if string(b) != exp {
		t.Errorf("got\n%s\nwant\n%s", b, exp)
	}
	pe := tenantEngine(f)
	pe.PE = true
	p, _ = pe.FindEntityData(tb.EntityDataQuery{EntityFilter: devices(), PageLink: pageOf(1)})
	if !p.Data[0].ReadAttrs || !p.Data[0].ReadTs {
		t.Error("PE results lack readAttrs/readTs")
	}
}

func TestValueText(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{{true, "true"}, {int64(-42), "-42"}, {21.5, "21.5"}, {42.0, "42"}, {1e20, "1e+20"}, {0.00001, "1e-05"},
		{123456789.25, "123456789.25"}, {json.RawMessage(`{"a":1}`), `{"a":1}`}, {"x", "x"}, {nil, ""}} {
		if got := String(c.v); got != c.want {
			t.Errorf("String(%#v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestProfessionalFilters(t *testing.T) {
	f := newFixture()
	ce := tenantEngine(f)
	group := &tb.EntityGroupFilter{GroupType: tb.EntityTypeDevice, EntityGroup: "g1"}
	_, err := ce.FindEntityData(tb.EntityDataQuery{EntityFilter: group, PageLink: pageOf(10)})
	var qe *Error
	if !errors.As(err, &qe) || qe.Message != "Invalid request body" {
		t.Fatalf("CE answer to a PE filter: %v", err)
	}
	if _, err := ce.CountEntities(tb.EntityCountQuery{EntityFilter: &tb.UnknownFilter{Type: "future"}}); err == nil {
		t.Error("unknown filter accepted")
	}
	pe := tenantEngine(f)
	pe.PE = true
	for _, flt := range []tb.EntityFilter{group, &tb.EntityGroupListFilter{GroupType: tb.EntityTypeDevice, EntityGroupList: []string{"g"}},
		&tb.EntityGroupNameFilter{GroupType: tb.EntityTypeDevice, EntityGroupNameFilter: "All"},
		&tb.EntitiesByGroupNameFilter{GroupType: tb.EntityTypeDevice, EntityGroupNameFilter: "All"}, &tb.SchedulerEventFilter{}} {
		n, err := pe.CountEntities(tb.EntityCountQuery{EntityFilter: flt})
		if err != nil || n != 0 {
			t.Errorf("%T: %d %v", flt, n, err)
		}
	}
	want(t, names(t, pe, tb.EntityDataQuery{EntityFilter: &tb.StateEntityOwnerFilter{SingleEntity: tb.AliasEntityID(f.t1)}}), "Customer X")
	p, _ := pe.FindEntityData(tb.EntityDataQuery{EntityFilter: &tb.StateEntityOwnerFilter{SingleEntity: tb.AliasEntityID(f.p1)}, PageLink: pageOf(1)})
	if len(p.Data) != 1 || p.Data[0].EntityID.EntityType != tb.EntityTypeTenant {
		t.Errorf("owner of a tenant device = %+v", p.Data)
	}
	if _, err := pe.FindEntityData(tb.EntityDataQuery{PageLink: pageOf(1)}); err == nil {
		t.Error("nil filter accepted")
	}
}

func TestFindKeys(t *testing.T) {
	f := newFixture()
	e := tenantEngine(f)
	q := tb.EntityDataQuery{EntityFilter: devices(), PageLink: pageOf(1000)}
	k, err := e.FindKeys(q, true, true, "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(k)
	if string(b) != `{"entityTypes":["DEVICE"],"timeseries":["temperature"],"attribute":["active","model"]}` {
		t.Errorf("v1 = %s", b)
	}
	k, _ = e.FindKeys(q, false, true, SharedScope)
	b, _ = json.Marshal(k)
	if string(b) != `{"entityTypes":["DEVICE"],"timeseries":[],"attribute":["model"]}` {
		t.Errorf("v1 shared = %s", b)
	}
	k2, err := e.FindKeysV2(q, true, true, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(k2)
	exp := `{"entityTypes":["DEVICE"],"timeseries":[{"key":"temperature","sample":{"ts":4000,"value":"hot"}}],` +
		`"attributes":{"CLIENT_SCOPE":[{"key":"model","sample":{"ts":500,"value":"T-1000c"}}],` +
		`"SERVER_SCOPE":[{"key":"active","sample":{"ts":300,"value":false}}],` +
		`"SHARED_SCOPE":[{"key":"model","sample":{"ts":600,"value":"P-9"}}]}}`
	if string(b) != exp {
		t.Errorf("v2 =\n%s\nwant\n%s", b, exp)
	}
	k2, _ = e.FindKeysV2(tb.EntityDataQuery{EntityFilter: &tb.AssetTypeFilter{AssetTypes: []string{"building"}}, PageLink: pageOf(10)}, false, true, nil, false)
	b, _ = json.Marshal(k2)
	if string(b) != `{"entityTypes":["ASSET"],"attributes":{"SERVER_SCOPE":[]}}` {
		t.Errorf("v2 assets = %s", b)
	}
	if _, err := e.FindKeysV2(q, false, false, nil, false); err == nil {
		t.Error("v2 without timeseries and attributes accepted")
	}
}
