package emulator

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	tb "github.com/tbgo/thingsboard"
)

// Attribute scopes.
const (
	ClientScope = "CLIENT_SCOPE"
	ServerScope = "SERVER_SCOPE"
	SharedScope = "SHARED_SCOPE"
)

// Record is one stored entity. Fields holds the entity's query-able fields under the
// server's key names (name, type, label, title, email, firstName, lastName, country,
// state, city, address, address2, zip, phone, authority, ... and createdTime, which
// the store sets); Value is the stored model, a pointer to a model type of package
// thingsboard or a map[string]any JSON object in the server's shape.
//
// Records are immutable once stored: Fields and Value must not be modified by anyone
// after Put, and values returned by Get and List must be treated as read-only. To
// change an entity, build a new value (a copy) and Put it.
type Record struct {
	ID tb.EntityID
	// TenantID is the owning tenant's UUID (NullUUID for system-level entities);
	// CustomerID the assigned customer's UUID (NullUUID when tenant-owned).
	TenantID, CustomerID string
	// OwnerID is the owner entity (tenant or customer); zero when not used.
	OwnerID     tb.EntityID
	CreatedTime int64
	Version     int64
	Fields      map[string]string
	Value       any
}

// Field returns the named field, "" when absent.
func (r Record) Field(name string) string { return r.Fields[name] }

// Attribute is one attribute value. Value is a string, bool, int64, float64 or
// json.RawMessage; LastUpdateTs is epoch milliseconds.
type Attribute struct {
	Key          string
	Value        any
	LastUpdateTs int64
}

// TsPoint is one time-series value at Ts (epoch ms); Value is a string, bool, int64,
// float64 or json.RawMessage.
type TsPoint struct {
	Ts    int64
	Value any
}

// TsEntry is a time-series point with its key.
type TsEntry struct {
	Key string
	TsPoint
}

// Relation is a directed, typed link between two entities. TypeGroup defaults to COMMON.
type Relation struct {
	From, To       tb.EntityID
	Type           string
	TypeGroup      string
	AdditionalInfo json.RawMessage
	Version        int64
}

// UserCredentials are a user's login secrets. Passwords are kept in clear text: this
// is a test server.
type UserCredentials struct {
	UserID        string
	Password      string
	Enabled       bool
	ActivateToken string
	ResetToken    string
}

// APIKey is a ThingsBoard 4.3 API key: Value is the secret sent as "ApiKey <value>".
type APIKey struct {
	ID          string
	UserID      string
	TenantID    string
	Value       string
	Description string
	Enabled     bool
	// ExpirationTime is epoch milliseconds; 0 means the key never expires.
	ExpirationTime int64
	CreatedTime    int64
}

// EventKind tells what changed.
type EventKind int

// Kinds of store events.
const (
	EntityCreated EventKind = iota + 1
	EntityUpdated
	EntityDeleted
	AttributesSaved
	AttributesDeleted
	TimeseriesSaved
	TimeseriesDeleted
	RelationSaved
	RelationDeleted
	// CustomEvent is emitted by Tx.Emit for state kept in extension tables.
	CustomEvent
)

// Event describes one change, delivered to Subscribe listeners after the change is
// committed and the store's lock released.
type Event struct {
	Kind EventKind
	// Entity is the entity that changed (for relations: the relation's From).
	Entity tb.EntityID
	// TenantID and CustomerID own Entity, when the store knows the entity.
	TenantID, CustomerID string
	// Record is the created, updated or deleted record; Old the previous version on update.
	Record, Old *Record
	// Scope is the attribute scope of attribute events.
	Scope string
	// Keys are the attribute or time-series keys that changed. For TimeseriesDeleted
	// they are the keys whose latest value was removed or rewritten.
	Keys []string
	// Attributes are the saved attributes (AttributesSaved).
	Attributes []Attribute
	// Points are the saved points (TimeseriesSaved), or the rewritten latest values
	// (TimeseriesDeleted with rewriteLatest).
	Points []TsEntry
	// Relation is the saved or deleted relation.
	Relation *Relation
	// Name and Data describe a CustomEvent.
	Name string
	Data any
}

// Store is the emulator's in-memory database, guarded by one RWMutex. Simple reads
// and writes have methods on Store; compound operations that must be atomic (check a
// name is free, then insert; delete an entity and everything that refers to it) run
// in Write, and consistent multi-step reads in Read.
//
// Other files keep their own state in extension tables (see Table), guarded by the
// same lock.
type Store struct {
	mu     sync.RWMutex
	emitMu sync.Mutex // orders event delivery; held while listeners run
	clock  *Clock

	seq     uint64
	records map[string]*stored
	byType  map[tb.EntityType]map[string]*stored
	attrs   map[tb.EntityID]map[string]map[string]Attribute
	ts      map[tb.EntityID]map[string]*series
	rels    map[relKey]*storedRel
	creds   map[string]UserCredentials
	apiKeys map[string]APIKey // by value
	tables  map[string]any

	umu       sync.Mutex
	uuidNode  [6]byte
	uuidSeq   uint16
	uuidLast  int64
	lmu       sync.Mutex
	listeners map[int]func(Event)
	nextL     int
	hooks     []func(*Tx, Event)
}

type stored struct {
	rec Record
	seq uint64
}

type series struct {
	points []TsPoint // sorted by Ts
	latest *TsPoint
}

type relKey struct {
	from, to   tb.EntityID
	typ, group string
}

type storedRel struct {
	rel Relation
	seq uint64
}

// NewStore returns an empty store that takes time from clock.
func NewStore(clock *Clock) *Store {
	st := &Store{
		clock:     clock,
		records:   map[string]*stored{},
		byType:    map[tb.EntityType]map[string]*stored{},
		attrs:     map[tb.EntityID]map[string]map[string]Attribute{},
		ts:        map[tb.EntityID]map[string]*series{},
		rels:      map[relKey]*storedRel{},
		creds:     map[string]UserCredentials{},
		apiKeys:   map[string]APIKey{},
		tables:    map[string]any{},
		listeners: map[int]func(Event){},
	}
	var b [8]byte
	_, _ = rand.Read(st.uuidNode[:])
	st.uuidNode[0] |= 0x01 // multicast bit: not a real MAC address
	_, _ = rand.Read(b[:])
	st.uuidSeq = binary.BigEndian.Uint16(b[:])
	return st
}

// Tx is a transaction: a view of the store while its lock is held. A Tx is valid only
// inside the function passed to Store.Read or Store.Write; write methods panic in a
// read transaction.
type Tx struct {
	st     *Store
	write  bool
	events []Event
}

// Read runs fn with the store read-locked.
func (st *Store) Read(fn func(tx *Tx)) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	fn(&Tx{st: st})
}

// Write runs fn with the store locked for writing and then delivers the events of
// its changes. Changes are not rolled back when fn returns an error: check first,
// then change. fn must not call Read or Write.
func (st *Store) Write(fn func(tx *Tx) error) error {
	tx := &Tx{st: st, write: true}
	st.mu.Lock()
	locked := true
	defer func() {
		if locked {
			st.mu.Unlock()
		}
	}()
	err := fn(tx)
	st.emitMu.Lock()
	defer st.emitMu.Unlock()
	st.mu.Unlock()
	locked = false
	st.deliver(tx.events)
	return err
}

// OnWrite registers fn to run inside the writing transaction after every entity Put
// or Delete, with its event (EntityCreated, EntityUpdated or EntityDeleted), so that
// dependent state changes atomically with the entity (for example the entity groups a
// new PE customer gets). fn may write through tx; its own writes run the hooks again.
// Register hooks before the store is used.
func (st *Store) OnWrite(fn func(tx *Tx, ev Event)) {
	st.lmu.Lock()
	defer st.lmu.Unlock()
	st.hooks = append(st.hooks, fn)
}

func (tx *Tx) runHooks(ev Event) {
	tx.st.lmu.Lock()
	hooks := tx.st.hooks
	tx.st.lmu.Unlock()
	for _, fn := range hooks {
		fn(tx, ev)
	}
}

// Subscribe calls fn for every change, in commit order, until cancel is called.
// Listeners run synchronously in the writer's goroutine after the store's lock is
// released: they must not block, must return quickly, and must not write to the
// store (they may read it). Hand work to another goroutine if needed.
func (st *Store) Subscribe(fn func(Event)) (cancel func()) {
	st.lmu.Lock()
	id := st.nextL
	st.nextL++
	st.listeners[id] = fn
	st.lmu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			st.lmu.Lock()
			delete(st.listeners, id)
			st.lmu.Unlock()
		})
	}
}

func (st *Store) deliver(events []Event) {
	if len(events) == 0 {
		return
	}
	st.lmu.Lock()
	ids := slices.Sorted(maps.Keys(st.listeners))
	fns := make([]func(Event), len(ids))
	for i, id := range ids {
		fns[i] = st.listeners[id]
	}
	st.lmu.Unlock()
	for _, ev := range events {
		for _, fn := range fns {
			fn(ev)
		}
	}
}

func (tx *Tx) mustWrite() {
	if !tx.write {
		panic("emulator: store write in a read transaction")
	}
}

// Emit queues a CustomEvent (or any event) for delivery after the transaction.
func (tx *Tx) Emit(ev Event) {
	tx.mustWrite()
	tx.events = append(tx.events, ev)
}

// Now returns the store clock's time in epoch milliseconds.
func (tx *Tx) Now() int64 { return tx.st.clock.Millis() }

// NewUUID returns a new time-based (version 1) UUID, as ThingsBoard uses for entity ids.
func (st *Store) NewUUID() string {
	st.umu.Lock()
	defer st.umu.Unlock()
	// 100-ns intervals since 1582-10-15.
	t := st.clock.Now().UnixNano()/100 + 0x01B21DD213814000
	if t <= st.uuidLast {
		t = st.uuidLast + 1
	}
	st.uuidLast = t
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x",
		uint32(t), uint16(t>>32), uint16(t>>48)&0x0fff|0x1000,
		st.uuidSeq&0x3fff|0x8000, st.uuidNode[:])
}

// randomUUID returns a random (version 4) UUID.
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// ---- entities ----

// Get returns the record with the given UUID.
func (tx *Tx) Get(id string) (Record, bool) {
	s, ok := tx.st.records[id]
	if !ok {
		return Record{}, false
	}
	return s.rec, true
}

// GetTyped returns the record with the given id if it has that entity type.
func (tx *Tx) GetTyped(id tb.EntityID) (Record, bool) {
	r, ok := tx.Get(id.ID)
	if !ok || r.ID.EntityType != id.EntityType {
		return Record{}, false
	}
	return r, true
}

// Stamp returns rec as Put would store it, without storing it: a new entity (empty
// ID.ID) gets a new time-based id, CreatedTime now and Version 1; an existing one
// keeps its CreatedTime and gets the next Version. Use it to fill the id, createdTime
// and version of the model value before Put, in the same transaction.
func (tx *Tx) Stamp(rec Record) Record {
	if rec.ID.EntityType == "" {
		panic("emulator: record without an entity type")
	}
	if rec.ID.ID == "" {
		rec.ID.ID = tx.st.NewUUID()
	}
	if old, ok := tx.st.records[rec.ID.ID]; ok {
		if rec.CreatedTime == 0 {
			rec.CreatedTime = old.rec.CreatedTime
		}
		rec.Version = old.rec.Version + 1
	} else {
		if rec.CreatedTime == 0 {
			rec.CreatedTime = tx.Now()
		}
		rec.Version = max(rec.Version, 1)
	}
	if rec.TenantID == "" {
		rec.TenantID = tb.NullUUID
	}
	if rec.CustomerID == "" {
		rec.CustomerID = tb.NullUUID
	}
	return rec
}

// Put stores rec (see Stamp for the id, createdTime and version it gets) and returns
// the stored record. Fields is copied; Value is stored as is and must not be modified
// afterwards.
func (tx *Tx) Put(rec Record) Record {
	tx.mustWrite()
	rec = tx.Stamp(rec)
	fields := make(map[string]string, len(rec.Fields)+1)
	maps.Copy(fields, rec.Fields)
	fields["createdTime"] = strconv.FormatInt(rec.CreatedTime, 10)
	rec.Fields = fields
	st := tx.st
	old, existed := st.records[rec.ID.ID]
	s := &stored{rec: rec}
	if existed {
		s.seq = old.seq
		if old.rec.ID.EntityType != rec.ID.EntityType {
			delete(st.byType[old.rec.ID.EntityType], rec.ID.ID)
		}
	} else {
		st.seq++
		s.seq = st.seq
	}
	st.records[rec.ID.ID] = s
	if st.byType[rec.ID.EntityType] == nil {
		st.byType[rec.ID.EntityType] = map[string]*stored{}
	}
	st.byType[rec.ID.EntityType][rec.ID.ID] = s
	ev := Event{Kind: EntityCreated, Entity: rec.ID, TenantID: rec.TenantID, CustomerID: rec.CustomerID, Record: &rec}
	if existed {
		ev.Kind = EntityUpdated
		o := old.rec
		ev.Old = &o
	}
	tx.events = append(tx.events, ev)
	tx.runHooks(ev)
	return rec
}

// Delete removes the record with the given UUID together with its attributes, time
// series and relations (in both directions), and returns it.
func (tx *Tx) Delete(id string) (Record, bool) {
	tx.mustWrite()
	st := tx.st
	s, ok := st.records[id]
	if !ok {
		return Record{}, false
	}
	rec := s.rec
	delete(st.records, id)
	delete(st.byType[rec.ID.EntityType], id)
	delete(st.attrs, rec.ID)
	delete(st.ts, rec.ID)
	for k, r := range st.rels {
		if k.from == rec.ID || k.to == rec.ID {
			delete(st.rels, k)
			rel := r.rel
			tx.events = append(tx.events, Event{Kind: RelationDeleted, Entity: rel.From, Relation: &rel})
		}
	}
	ev := Event{Kind: EntityDeleted, Entity: rec.ID, TenantID: rec.TenantID, CustomerID: rec.CustomerID, Record: &rec}
	tx.events = append(tx.events, ev)
	tx.runHooks(ev)
	return rec, true
}

// List returns the records of type t for which keep returns true (all of them when
// keep is nil), in creation order.
func (tx *Tx) List(t tb.EntityType, keep func(Record) bool) []Record {
	all := tx.st.byType[t]
	ss := make([]*stored, 0, len(all))
	for _, s := range all {
		if keep == nil || keep(s.rec) {
			ss = append(ss, s)
		}
	}
	slices.SortFunc(ss, func(a, b *stored) int {
		return cmp.Or(cmp.Compare(a.rec.CreatedTime, b.rec.CreatedTime), cmp.Compare(a.seq, b.seq))
	})
	out := make([]Record, len(ss))
	for i, s := range ss {
		out[i] = s.rec
	}
	return out
}

// ListByTenant returns the records of type t owned by the tenant, in creation order.
func (tx *Tx) ListByTenant(t tb.EntityType, tenantID string) []Record {
	return tx.List(t, func(r Record) bool { return r.TenantID == tenantID })
}

// ListByCustomer returns the records of type t of the tenant assigned to the customer.
func (tx *Tx) ListByCustomer(t tb.EntityType, tenantID, customerID string) []Record {
	return tx.List(t, func(r Record) bool { return r.TenantID == tenantID && r.CustomerID == customerID })
}

// FindByField returns the first record of type t in the tenant whose field equals
// value exactly. An empty tenantID matches every tenant.
func (tx *Tx) FindByField(t tb.EntityType, tenantID, field, value string) (Record, bool) {
	return tx.find(t, tenantID, func(r Record) bool { return r.Fields[field] == value })
}

// FindByFieldFold is FindByField with a case-insensitive comparison (emails).
func (tx *Tx) FindByFieldFold(t tb.EntityType, tenantID, field, value string) (Record, bool) {
	return tx.find(t, tenantID, func(r Record) bool { return strings.EqualFold(r.Fields[field], value) })
}

func (tx *Tx) find(t tb.EntityType, tenantID string, match func(Record) bool) (Record, bool) {
	recs := tx.List(t, func(r Record) bool { return (tenantID == "" || r.TenantID == tenantID) && match(r) })
	if len(recs) == 0 {
		return Record{}, false
	}
	return recs[0], true
}

// NameTaken reports whether another record of type t in the tenant (not exceptID)
// has field equal to value: the server's per-tenant uniqueness rule for names.
func (tx *Tx) NameTaken(t tb.EntityType, tenantID, field, value, exceptID string) bool {
	for _, s := range tx.st.byType[t] {
		if s.rec.TenantID == tenantID && s.rec.ID.ID != exceptID && s.rec.Fields[field] == value {
			return true
		}
	}
	return false
}

// ---- attributes ----

func (tx *Tx) owner(id tb.EntityID) (string, string) {
	if s, ok := tx.st.records[id.ID]; ok {
		return s.rec.TenantID, s.rec.CustomerID
	}
	return "", ""
}

// Attributes returns the entity's attributes in scope, sorted by key.
func (tx *Tx) Attributes(id tb.EntityID, scope string) []Attribute {
	m := tx.st.attrs[id][scope]
	out := make([]Attribute, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// Attribute returns one attribute.
func (tx *Tx) Attribute(id tb.EntityID, scope, key string) (Attribute, bool) {
	a, ok := tx.st.attrs[id][scope][key]
	return a, ok
}

// SaveAttributes stores attributes in scope; a zero LastUpdateTs is set to now.
func (tx *Tx) SaveAttributes(id tb.EntityID, scope string, attrs []Attribute) {
	tx.mustWrite()
	if len(attrs) == 0 {
		return
	}
	st := tx.st
	if st.attrs[id] == nil {
		st.attrs[id] = map[string]map[string]Attribute{}
	}
	if st.attrs[id][scope] == nil {
		st.attrs[id][scope] = map[string]Attribute{}
	}
	now := tx.Now()
	saved := make([]Attribute, len(attrs))
	keys := make([]string, len(attrs))
	for i, a := range attrs {
		if a.LastUpdateTs == 0 {
			a.LastUpdateTs = now
		}
		st.attrs[id][scope][a.Key] = a
		saved[i], keys[i] = a, a.Key
	}
	t, c := tx.owner(id)
	tx.events = append(tx.events, Event{Kind: AttributesSaved, Entity: id, TenantID: t, CustomerID: c, Scope: scope, Keys: keys, Attributes: saved})
}

// DeleteAttributes removes keys from scope and returns the keys that existed.
func (tx *Tx) DeleteAttributes(id tb.EntityID, scope string, keys []string) []string {
	tx.mustWrite()
	m := tx.st.attrs[id][scope]
	var deleted []string
	for _, k := range keys {
		if _, ok := m[k]; ok {
			delete(m, k)
			deleted = append(deleted, k)
		}
	}
	if len(deleted) > 0 {
		t, c := tx.owner(id)
		tx.events = append(tx.events, Event{Kind: AttributesDeleted, Entity: id, TenantID: t, CustomerID: c, Scope: scope, Keys: deleted})
	}
	return deleted
}

// ---- time series ----

// SaveTimeseries stores points; a point with the same key and ts replaces the old
// one. The latest value of a key moves to a point with a ts at least as new.
func (tx *Tx) SaveTimeseries(id tb.EntityID, entries []TsEntry) {
	tx.mustWrite()
	if len(entries) == 0 {
		return
	}
	st := tx.st
	if st.ts[id] == nil {
		st.ts[id] = map[string]*series{}
	}
	var keys []string
	for _, e := range entries {
		s := st.ts[id][e.Key]
		if s == nil {
			s = &series{}
			st.ts[id][e.Key] = s
		}
		i, found := slices.BinarySearchFunc(s.points, e.Ts, func(p TsPoint, ts int64) int { return cmp.Compare(p.Ts, ts) })
		if found {
			s.points[i] = e.TsPoint
		} else {
			s.points = slices.Insert(s.points, i, e.TsPoint)
		}
		if s.latest == nil || e.Ts >= s.latest.Ts {
			p := e.TsPoint
			s.latest = &p
		}
		if !slices.Contains(keys, e.Key) {
			keys = append(keys, e.Key)
		}
	}
	t, c := tx.owner(id)
	tx.events = append(tx.events, Event{Kind: TimeseriesSaved, Entity: id, TenantID: t, CustomerID: c, Keys: keys, Points: slices.Clone(entries)})
}

// Timeseries returns the points of key with startTs <= ts < endTs, oldest first.
func (tx *Tx) Timeseries(id tb.EntityID, key string, startTs, endTs int64) []TsPoint {
	s := tx.st.ts[id][key]
	if s == nil {
		return nil
	}
	lo, _ := slices.BinarySearchFunc(s.points, startTs, func(p TsPoint, ts int64) int { return cmp.Compare(p.Ts, ts) })
	hi, _ := slices.BinarySearchFunc(s.points, endTs, func(p TsPoint, ts int64) int { return cmp.Compare(p.Ts, ts) })
	if hi < lo {
		return nil
	}
	return slices.Clone(s.points[lo:hi])
}

// LatestTimeseries returns the latest value of each key (every key when none are given).
func (tx *Tx) LatestTimeseries(id tb.EntityID, keys ...string) map[string]TsPoint {
	m := tx.st.ts[id]
	out := map[string]TsPoint{}
	if len(keys) == 0 {
		keys = slices.Collect(maps.Keys(m))
	}
	for _, k := range keys {
		if s := m[k]; s != nil && s.latest != nil {
			out[k] = *s.latest
		}
	}
	return out
}

// LatestPoint returns the latest value of one time series key, without building a map:
// queries over many entities read one key of each.
func (tx *Tx) LatestPoint(id tb.EntityID, key string) (TsPoint, bool) {
	if s := tx.st.ts[id][key]; s != nil && s.latest != nil {
		return *s.latest, true
	}
	return TsPoint{}, false
}

// TimeseriesKeys returns the keys that have a latest value, sorted.
func (tx *Tx) TimeseriesKeys(id tb.EntityID) []string {
	var keys []string
	for k, s := range tx.st.ts[id] {
		if s.latest != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// DeleteTimeseries removes the points of keys with startTs <= ts < endTs. When
// deleteLatest is set and a key's latest value falls in the range, it is removed too,
// or, with rewriteLatest, replaced by the newest remaining point.
func (tx *Tx) DeleteTimeseries(id tb.EntityID, keys []string, startTs, endTs int64, deleteLatest, rewriteLatest bool) {
	tx.mustWrite()
	var changed []string
	var rewritten []TsEntry
	for _, k := range keys {
		s := tx.st.ts[id][k]
		if s == nil {
			continue
		}
		s.points = slices.DeleteFunc(s.points, func(p TsPoint) bool { return p.Ts >= startTs && p.Ts < endTs })
		if deleteLatest && s.latest != nil && s.latest.Ts >= startTs && s.latest.Ts < endTs {
			s.latest = nil
			changed = append(changed, k)
			if rewriteLatest && len(s.points) > 0 {
				p := s.points[len(s.points)-1]
				s.latest = &p
				rewritten = append(rewritten, TsEntry{Key: k, TsPoint: p})
			}
		}
		if s.latest == nil && len(s.points) == 0 {
			delete(tx.st.ts[id], k)
		}
	}
	if len(changed) > 0 {
		t, c := tx.owner(id)
		tx.events = append(tx.events, Event{Kind: TimeseriesDeleted, Entity: id, TenantID: t, CustomerID: c, Keys: changed, Points: rewritten})
	}
}

// ---- relations ----

func relKeyOf(r Relation) relKey {
	return relKey{from: r.From, to: r.To, typ: r.Type, group: cmp.Or(r.TypeGroup, "COMMON")}
}

// SaveRelation creates or replaces the relation (same from, to, type and group) and
// returns it with its new Version. An empty TypeGroup is COMMON.
func (tx *Tx) SaveRelation(r Relation) Relation {
	tx.mustWrite()
	k := relKeyOf(r)
	r.TypeGroup = k.group
	if old, ok := tx.st.rels[k]; ok {
		r.Version = old.rel.Version + 1
		old.rel = r
	} else {
		tx.st.seq++
		r.Version = 1
		tx.st.rels[k] = &storedRel{rel: r, seq: tx.st.seq}
	}
	tx.events = append(tx.events, Event{Kind: RelationSaved, Entity: r.From, Relation: &r})
	return r
}

// GetRelation returns one relation.
func (tx *Tx) GetRelation(from, to tb.EntityID, typ, group string) (Relation, bool) {
	s, ok := tx.st.rels[relKeyOf(Relation{From: from, To: to, Type: typ, TypeGroup: group})]
	if !ok {
		return Relation{}, false
	}
	return s.rel, true
}

// DeleteRelation removes one relation and returns it.
func (tx *Tx) DeleteRelation(from, to tb.EntityID, typ, group string) (Relation, bool) {
	tx.mustWrite()
	k := relKeyOf(Relation{From: from, To: to, Type: typ, TypeGroup: group})
	s, ok := tx.st.rels[k]
	if !ok {
		return Relation{}, false
	}
	delete(tx.st.rels, k)
	r := s.rel
	tx.events = append(tx.events, Event{Kind: RelationDeleted, Entity: r.From, Relation: &r})
	return r, true
}

// RelationsFrom returns the relations from the entity, in creation order; an empty
// typ or group matches any.
func (tx *Tx) RelationsFrom(from tb.EntityID, typ, group string) []Relation {
	return tx.relations(func(k relKey) bool { return k.from == from }, typ, group)
}

// RelationsTo returns the relations to the entity, in creation order; an empty typ
// or group matches any.
func (tx *Tx) RelationsTo(to tb.EntityID, typ, group string) []Relation {
	return tx.relations(func(k relKey) bool { return k.to == to }, typ, group)
}

func (tx *Tx) relations(match func(relKey) bool, typ, group string) []Relation {
	var ss []*storedRel
	for k, s := range tx.st.rels {
		if match(k) && (typ == "" || k.typ == typ) && (group == "" || k.group == group) {
			ss = append(ss, s)
		}
	}
	slices.SortFunc(ss, func(a, b *storedRel) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]Relation, len(ss))
	for i, s := range ss {
		out[i] = s.rel
	}
	return out
}

// ---- users, API keys ----

// Credentials returns a user's credentials.
func (tx *Tx) Credentials(userID string) (UserCredentials, bool) {
	c, ok := tx.st.creds[userID]
	return c, ok
}

// SetCredentials stores a user's credentials.
func (tx *Tx) SetCredentials(c UserCredentials) {
	tx.mustWrite()
	tx.st.creds[c.UserID] = c
}

// DeleteCredentials removes a user's credentials and API keys.
func (tx *Tx) DeleteCredentials(userID string) {
	tx.mustWrite()
	delete(tx.st.creds, userID)
	for v, k := range tx.st.apiKeys {
		if k.UserID == userID {
			delete(tx.st.apiKeys, v)
		}
	}
}

// PutAPIKey stores an API key (replacing the key with the same ID).
func (tx *Tx) PutAPIKey(k APIKey) {
	tx.mustWrite()
	for v, old := range tx.st.apiKeys {
		if old.ID == k.ID {
			delete(tx.st.apiKeys, v)
		}
	}
	tx.st.apiKeys[k.Value] = k
}

// APIKeyByValue returns the API key with the given secret value.
func (tx *Tx) APIKeyByValue(value string) (APIKey, bool) {
	k, ok := tx.st.apiKeys[value]
	return k, ok
}

// APIKeyByID returns the API key with the given id.
func (tx *Tx) APIKeyByID(id string) (APIKey, bool) {
	for _, k := range tx.st.apiKeys {
		if k.ID == id {
			return k, true
		}
	}
	return APIKey{}, false
}

// APIKeys returns a user's API keys, oldest first.
func (tx *Tx) APIKeys(userID string) []APIKey {
	var out []APIKey
	for _, k := range tx.st.apiKeys {
		if k.UserID == userID {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b APIKey) int {
		return cmp.Or(cmp.Compare(a.CreatedTime, b.CreatedTime), strings.Compare(a.ID, b.ID))
	})
	return out
}

// DeleteAPIKey removes the API key with the given id.
func (tx *Tx) DeleteAPIKey(id string) bool {
	tx.mustWrite()
	for v, k := range tx.st.apiKeys {
		if k.ID == id {
			delete(tx.st.apiKeys, v)
			return true
		}
	}
	return false
}

// ---- extension tables ----

// Table returns the store's extension table called name, a map guarded by the store
// lock, so it must only be used inside the transaction. In a write transaction a
// missing table is created; in a read transaction it reads as nil (an empty map).
// Every use of a name must agree on K and V.
//
//	creds := emulator.Table[string, *thingsboard.DeviceCredentials](tx, "deviceCredentials")
func Table[K comparable, V any](tx *Tx, name string) map[K]V {
	if t, ok := tx.st.tables[name]; ok {
		m, ok := t.(map[K]V)
		if !ok {
			panic(fmt.Sprintf("emulator: table %q has type %T, not %T", name, t, m))
		}
		return m
	}
	if !tx.write {
		return nil
	}
	m := map[K]V{}
	tx.st.tables[name] = m
	return m
}

// ---- convenience wrappers ----

// Get returns the record with the given UUID.
func (st *Store) Get(id string) (rec Record, ok bool) {
	st.Read(func(tx *Tx) { rec, ok = tx.Get(id) })
	return
}

// List returns the records of type t that keep accepts (all when nil), in creation order.
func (st *Store) List(t tb.EntityType, keep func(Record) bool) (recs []Record) {
	st.Read(func(tx *Tx) { recs = tx.List(t, keep) })
	return
}

// Put stores rec in its own transaction; see Tx.Put.
func (st *Store) Put(rec Record) (out Record) {
	_ = st.Write(func(tx *Tx) error { out = tx.Put(rec); return nil })
	return
}

// Delete removes a record in its own transaction; see Tx.Delete.
func (st *Store) Delete(id string) (rec Record, ok bool) {
	_ = st.Write(func(tx *Tx) error { rec, ok = tx.Delete(id); return nil })
	return
}
