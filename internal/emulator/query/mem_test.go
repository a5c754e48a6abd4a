package query

import (
	"fmt"
	"maps"
	"slices"

	tb "github.com/tbgo/thingsboard"
)

// mem is an in-memory Source for tests.
type mem struct {
	ents  map[string]Entity
	order []string
	attrs map[tb.EntityID]map[string]map[string]Value
	ts    map[tb.EntityID]map[string]Value
	rels  []Relation
	seq   int
}

func newMem() *mem {
	return &mem{ents: map[string]Entity{}, attrs: map[tb.EntityID]map[string]map[string]Value{}, ts: map[tb.EntityID]map[string]Value{}}
}

const (
	tenantA   = "11111111-0000-0000-0000-00000000000a"
	tenantB   = "11111111-0000-0000-0000-00000000000b"
	customerX = "22222222-0000-0000-0000-00000000000x"
)

// add stores an entity of type t owned by tenant (and customer, or NullUUID) with fields
// given as key, value pairs, and returns its id.
func (m *mem) add(t tb.EntityType, tenant, customer string, kv ...string) tb.EntityID {
	m.seq++
	id := tb.NewEntityID(t, fmt.Sprintf("%08d-0000-1000-8000-000000000000", m.seq))
	if customer == "" {
		customer = tb.NullUUID
	}
	f := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		f[kv[i]] = kv[i+1]
	}
	created := int64(1_700_000_000_000 + m.seq*1000)
	f["createdTime"] = fmt.Sprint(created)
	m.ents[id.ID] = Entity{ID: id, TenantID: tenant, CustomerID: customer, CreatedTime: created, Fields: f}
	m.order = append(m.order, id.ID)
	return id
}

// put stores an entity with a given id.
func (m *mem) put(ent Entity) {
	if _, ok := m.ents[ent.ID.ID]; !ok {
		m.order = append(m.order, ent.ID.ID)
	}
	m.ents[ent.ID.ID] = ent
}

func (m *mem) attr(id tb.EntityID, scope, key string, v any, ts int64) {
	if m.attrs[id] == nil {
		m.attrs[id] = map[string]map[string]Value{}
	}
	if m.attrs[id][scope] == nil {
		m.attrs[id][scope] = map[string]Value{}
	}
	m.attrs[id][scope][key] = Value{V: v, Ts: ts}
}

func (m *mem) tsv(id tb.EntityID, key string, v any, ts int64) {
	if m.ts[id] == nil {
		m.ts[id] = map[string]Value{}
	}
	m.ts[id][key] = Value{V: v, Ts: ts}
}

func (m *mem) rel(from, to tb.EntityID, typ string) {
	m.rels = append(m.rels, Relation{From: from, To: to, Type: typ})
}

func (m *mem) Get(id string) (Entity, bool) { e, ok := m.ents[id]; return e, ok }

func (m *mem) List(t tb.EntityType) []Entity {
	var out []Entity
	for _, id := range m.order {
		if e := m.ents[id]; e.ID.EntityType == t {
			out = append(out, e)
		}
	}
	return out
}

func (m *mem) Attribute(id tb.EntityID, scope, key string) (Value, bool) {
	v, ok := m.attrs[id][scope][key]
	return v, ok
}

func (m *mem) AttributeKeys(id tb.EntityID, scope string) []string {
	return slices.Sorted(maps.Keys(m.attrs[id][scope]))
}

func (m *mem) Latest(id tb.EntityID, key string) (Value, bool) { v, ok := m.ts[id][key]; return v, ok }

func (m *mem) TimeseriesKeys(id tb.EntityID) []string { return slices.Sorted(maps.Keys(m.ts[id])) }

func (m *mem) RelationsFrom(id tb.EntityID) []Relation {
	var out []Relation
	for _, r := range m.rels {
		if r.From == id {
			out = append(out, r)
		}
	}
	return out
}

func (m *mem) RelationsTo(id tb.EntityID) []Relation {
	var out []Relation
	for _, r := range m.rels {
		if r.To == id {
			out = append(out, r)
		}
	}
	return out
}
