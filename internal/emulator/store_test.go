package emulator

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
)

func TestStoreRecords(t *testing.T) {
	clock := NewClock(time.Unix(1_700_000_000, 0))
	st := NewStore(clock)
	var events []Event
	var mu sync.Mutex
	cancel := st.Subscribe(func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() })

	a := st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: "t1", Fields: map[string]string{"name": "b"}})
	if !IsUUID(a.ID.ID) || a.ID.ID[14] != '1' || a.Version != 1 || a.CreatedTime != clock.Millis() || a.CustomerID != tb.NullUUID {
		t.Fatalf("put = %+v", a)
	}
	if a.Fields["createdTime"] == "" {
		t.Error("createdTime field not set")
	}
	clock.Advance(time.Second)
	b := st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: "t1", CustomerID: "c1", Fields: map[string]string{"name": "a"}})
	st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeAsset}, TenantID: "t1"})
	upd := a
	upd.Fields = map[string]string{"name": "b2"}
	upd.CreatedTime = 0
	a2 := st.Put(upd)
	if a2.Version != 2 || a2.CreatedTime != a.CreatedTime {
		t.Errorf("update = %+v", a2)
	}
	devs := st.List(tb.EntityTypeDevice, nil)
	if len(devs) != 2 || devs[0].ID != a.ID || devs[1].ID != b.ID {
		t.Errorf("list order = %v", devs)
	}
	st.Read(func(tx *Tx) {
		if got := tx.ListByCustomer(tb.EntityTypeDevice, "t1", "c1"); len(got) != 1 || got[0].ID != b.ID {
			t.Errorf("by customer = %v", got)
		}
		if !tx.NameTaken(tb.EntityTypeDevice, "t1", "name", "a", a.ID.ID) || tx.NameTaken(tb.EntityTypeDevice, "t1", "name", "a", b.ID.ID) {
			t.Error("NameTaken")
		}
		if r, ok := tx.FindByField(tb.EntityTypeDevice, "t1", "name", "b2"); !ok || r.ID != a.ID {
			t.Error("FindByField")
		}
		if _, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeAsset, a.ID.ID)); ok {
			t.Error("GetTyped ignored the type")
		}
	})
	if _, ok := st.Delete(a.ID.ID); !ok {
		t.Error("delete")
	}
	if _, ok := st.Get(a.ID.ID); ok {
		t.Error("deleted record still there")
	}
	cancel()
	st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}})
	mu.Lock()
	defer mu.Unlock()
	kinds := []EventKind{}
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []EventKind{EntityCreated, EntityCreated, EntityCreated, EntityUpdated, EntityDeleted}
	if !slices.Equal(kinds, want) {
		t.Errorf("events = %v, want %v", kinds, want)
	}
	if events[3].Old == nil || events[3].Old.Fields["name"] != "b" || events[3].Record.Fields["name"] != "b2" {
		t.Errorf("update event = %+v", events[3])
	}
}

func TestStoreAttributesTimeseriesRelations(t *testing.T) {
	clock := NewClock(time.Unix(1_700_000_000, 0))
	st := NewStore(clock)
	dev := st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: "t1"})
	asset := st.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeAsset}, TenantID: "t1"})
	var got []Event
	st.Subscribe(func(e Event) { got = append(got, e) })
	_ = st.Write(func(tx *Tx) error {
		tx.SaveAttributes(dev.ID, SharedScope, []Attribute{{Key: "b", Value: true}, {Key: "a", Value: int64(1), LastUpdateTs: 5}})
		tx.SaveTimeseries(dev.ID, []TsEntry{
			{Key: "t", TsPoint: TsPoint{Ts: 30, Value: 3.0}}, {Key: "t", TsPoint: TsPoint{Ts: 10, Value: 1.0}},
			{Key: "t", TsPoint: TsPoint{Ts: 20, Value: 2.0}}, {Key: "t", TsPoint: TsPoint{Ts: 20, Value: 2.5}},
			{Key: "h", TsPoint: TsPoint{Ts: 5, Value: "x"}},
		})
		tx.SaveRelation(Relation{From: asset.ID, To: dev.ID, Type: "Contains"})
		tx.SaveRelation(Relation{From: asset.ID, To: dev.ID, Type: "Contains", AdditionalInfo: json.RawMessage(`{"a":1}`)})
		tx.SaveRelation(Relation{From: asset.ID, To: dev.ID, Type: "Manages", TypeGroup: "COMMON"})
		return nil
	})
	st.Read(func(tx *Tx) {
		attrs := tx.Attributes(dev.ID, SharedScope)
		if len(attrs) != 2 || attrs[0].Key != "a" || attrs[0].LastUpdateTs != 5 || attrs[1].LastUpdateTs != clock.Millis() {
			t.Errorf("attributes = %+v", attrs)
		}
		pts := tx.Timeseries(dev.ID, "t", 10, 30)
		if len(pts) != 2 || pts[0].Value != 1.0 || pts[1].Value != 2.5 {
			t.Errorf("range = %+v", pts)
		}
		if l := tx.LatestTimeseries(dev.ID); len(l) != 2 || l["t"].Ts != 30 {
			t.Errorf("latest = %+v", l)
		}
		if k := tx.TimeseriesKeys(dev.ID); !slices.Equal(k, []string{"h", "t"}) {
			t.Errorf("keys = %v", k)
		}
		rels := tx.RelationsFrom(asset.ID, "", "")
		if len(rels) != 2 || rels[0].Type != "Contains" || rels[0].Version != 2 || rels[0].TypeGroup != "COMMON" || string(rels[0].AdditionalInfo) != `{"a":1}` {
			t.Errorf("relations = %+v", rels)
		}
		if r := tx.RelationsTo(dev.ID, "Manages", "COMMON"); len(r) != 1 {
			t.Errorf("to = %+v", r)
		}
	})
	_ = st.Write(func(tx *Tx) error {
		if d := tx.DeleteAttributes(dev.ID, SharedScope, []string{"a", "zz"}); !slices.Equal(d, []string{"a"}) {
			t.Errorf("deleted attrs = %v", d)
		}
		tx.DeleteTimeseries(dev.ID, []string{"t"}, 25, 40, true, true)
		if _, ok := tx.DeleteRelation(asset.ID, dev.ID, "Manages", ""); !ok {
			t.Error("delete relation")
		}
		return nil
	})
	st.Read(func(tx *Tx) {
		if l := tx.LatestTimeseries(dev.ID, "t"); l["t"].Ts != 20 {
			t.Errorf("rewritten latest = %+v", l)
		}
	})
	kinds := []EventKind{}
	for _, e := range got {
		kinds = append(kinds, e.Kind)
	}
	want := []EventKind{AttributesSaved, TimeseriesSaved, RelationSaved, RelationSaved, RelationSaved, AttributesDeleted, TimeseriesDeleted, RelationDeleted}
	if !slices.Equal(kinds, want) {
		t.Errorf("events = %v, want %v", kinds, want)
	}
	if got[1].TenantID != "t1" || !slices.Equal(got[1].Keys, []string{"t", "h"}) || got[6].Points[0].Ts != 20 {
		t.Errorf("event details: %+v / %+v", got[1], got[6])
	}
	// Deleting the device removes its data and relations.
	st.Delete(dev.ID.ID)
	st.Read(func(tx *Tx) {
		if len(tx.Attributes(dev.ID, SharedScope)) != 0 || len(tx.TimeseriesKeys(dev.ID)) != 0 || len(tx.RelationsFrom(asset.ID, "", "")) != 0 {
			t.Error("cascade delete left data")
		}
	})
}

func TestStoreTablesAndTransactions(t *testing.T) {
	st := NewStore(NewClock(time.Time{}))
	st.Read(func(tx *Tx) {
		if m := Table[string, int](tx, "counts"); m != nil || m["x"] != 0 {
			t.Error("read of a missing table")
		}
	})
	_ = st.Write(func(tx *Tx) error { Table[string, int](tx, "counts")["x"] = 1; return nil })
	st.Read(func(tx *Tx) {
		if Table[string, int](tx, "counts")["x"] != 1 {
			t.Error("table lost its value")
		}
	})
	func() {
		defer func() {
			if recover() == nil {
				t.Error("wrong table type did not panic")
			}
		}()
		st.Read(func(tx *Tx) { Table[string, string](tx, "counts") })
	}()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("write in a read transaction did not panic")
			}
		}()
		st.Read(func(tx *Tx) { tx.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}}) })
	}()
	// A panicking transaction releases the lock.
	func() {
		defer func() { _ = recover() }()
		_ = st.Write(func(tx *Tx) error { panic("boom") })
	}()
	// Concurrent unique inserts: the check and the insert are atomic.
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = st.Write(func(tx *Tx) error {
				if tx.NameTaken(tb.EntityTypeDevice, "t", "name", "same", "") {
					return BadRequest("Device with such name already exists!")
				}
				tx.Put(Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: "t", Fields: map[string]string{"name": "same"}})
				return nil
			})
		}()
	}
	wg.Wait()
	if n := len(st.List(tb.EntityTypeDevice, nil)); n != 1 {
		t.Errorf("devices named alike = %d, want 1", n)
	}
}

func TestUUIDsAreUniqueAndTimeBased(t *testing.T) {
	st := NewStore(NewClock(time.Time{}))
	seen := map[string]bool{}
	for range 10000 {
		u := st.NewUUID()
		if seen[u] || !IsUUID(u) || u[14] != '1' {
			t.Fatalf("uuid %s (dup %v)", u, seen[u])
		}
		seen[u] = true
	}
	if r := randomUUID(); !IsUUID(r) || r[14] != '4' {
		t.Errorf("random uuid %s", r)
	}
}

func TestPaging(t *testing.T) {
	req := func(q string) PageLink {
		t.Helper()
		pl, err := ParsePageLink(httptest.NewRequest("GET", "/api/x?"+q, nil))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return pl
	}
	bad := map[string]string{
		"page=0":                          "Required request parameter 'pageSize' for method parameter type int is not present",
		"pageSize=1":                      "Required request parameter 'page' for method parameter type int is not present",
		"pageSize=x&page=0":               "Method parameter 'pageSize': Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: \"x\"",
		"pageSize=0&page=0":               "Page size must not be less than one",
		"pageSize=1&page=-1":              "Page index must not be less than zero",
		"pageSize=1&page=0&sortOrder=UP":  "Unsupported sort order 'UP'! Only 'ASC' or 'DESC' types are allowed.",
		"pageSize=1&page=0&sortOrder=asc": "",
	}
	for q, msg := range bad {
		_, err := ParsePageLink(httptest.NewRequest("GET", "/api/x?"+q, nil))
		if msg == "" {
			if err != nil {
				t.Errorf("%s: %v", q, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || e.Status != 400 || e.Code != tb.CodeBadRequestParams || e.Message != msg {
			t.Errorf("%s: %v", q, err)
		}
	}
	recs := []Record{}
	for i, n := range []string{"Bravo", "alpha", "Charlie", "delta", "Alphabet"} {
		recs = append(recs, Record{CreatedTime: int64(10 - i), Fields: map[string]string{"name": n, "createdTime": string(rune('9' - i))}, Value: n})
	}
	p := RecordPage(recs, req("pageSize=2&page=0&textSearch=ALPH&sortProperty=name&sortOrder=desc"), "name")
	if p.TotalElements != 2 || p.TotalPages != 1 || p.HasNext || p.Data[0] != "Alphabet" || p.Data[1] != "alpha" {
		t.Errorf("search page = %+v", p)
	}
	p = RecordPage(recs, req("pageSize=2&page=1&sortProperty=name"))
	if p.TotalElements != 5 || p.TotalPages != 3 || !p.HasNext || p.Data[0] != "Bravo" || p.Data[1] != "Charlie" {
		t.Errorf("sorted page = %+v", p)
	}
	p = RecordPage(recs, req("pageSize=2&page=7"))
	if len(p.Data) != 0 || p.Data == nil || p.HasNext {
		t.Errorf("past the end = %+v", p)
	}
	if err := req("pageSize=1&page=0&sortProperty=nope").CheckSort("name"); err == nil {
		t.Error("CheckSort accepted an unknown property")
	}
	if _, err := ParseEntityID("DEVICE", "784f394c-42b6-11ee-be56-0242ac120002"); err != nil {
		t.Error(err)
	}
	if _, err := ParseEntityID("DEVIC", "784f394c-42b6-11ee-be56-0242ac120002"); err == nil {
		t.Error("bad entity type accepted")
	}
}

func TestDecodeJSON(t *testing.T) {
	var v struct{ Name string }
	if err := DecodeJSON(httptest.NewRequest("POST", "/", stringsReader(`{"name":"x","unknown":1}`)), &v); err != nil || v.Name != "x" {
		t.Errorf("lenient decode: %v %+v", err, v)
	}
	for _, body := range []string{"", "{", `{"name":1}`} {
		err := DecodeJSON(httptest.NewRequest("POST", "/", stringsReader(body)), &v)
		if e, ok := err.(*Error); !ok || e.Status != 400 || e.Code != tb.CodeBadRequestParams {
			t.Errorf("%q: %v", body, err)
		}
	}
}

func TestOperationsTable(t *testing.T) {
	ops := Operations()
	if len(ops) != 714 {
		t.Errorf("operations = %d, want 714", len(ops))
	}
	var pe int
	seen := map[string]bool{}
	for _, op := range ops {
		if seen[op.Pattern()] {
			t.Errorf("duplicate %s", op.Pattern())
		}
		seen[op.Pattern()] = true
		if op.PEOnly {
			pe++
		}
	}
	if pe != 245 || !seen["GET /api/device/{deviceId}"] || !seen["GET /api/entityGroup/{entityGroupId}"] {
		t.Errorf("pe-only = %d", pe)
	}
}
