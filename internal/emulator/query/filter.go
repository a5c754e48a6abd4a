package query

import (
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// visible reports whether the caller may see the entity: a system administrator sees
// tenants and system-level entities, a tenant administrator its tenant's entities, a
// customer user its customer and the customer's entities.
func (e *Engine) visible(ent Entity) bool {
	if e.Visible != nil {
		return e.Visible(ent)
	}
	c := e.Caller
	switch c.Authority {
	case tb.AuthoritySysAdmin:
		return ent.ID.EntityType == tb.EntityTypeTenant || ent.TenantID == tb.NullUUID || ent.TenantID == ""
	case tb.AuthorityTenantAdmin:
		if ent.ID.EntityType == tb.EntityTypeTenant {
			return ent.ID.ID == c.TenantID
		}
		return ent.TenantID == c.TenantID
	case tb.AuthorityCustomerUser:
		if ent.ID.EntityType == tb.EntityTypeCustomer {
			return ent.ID.ID == c.CustomerID
		}
		return ent.TenantID == c.TenantID && ent.CustomerID == c.CustomerID && c.CustomerID != tb.NullUUID
	}
	return false
}

// list returns the visible entities of type t.
func (e *Engine) list(t tb.EntityType) []Entity {
	all := e.Src.List(t)
	out := all[:0] // List returns a fresh slice: filter it in place
	for _, ent := range all {
		if e.visible(ent) {
			out = append(out, ent)
		}
	}
	return out
}

// get returns a visible entity by id (of the given type when t is not empty).
func (e *Engine) get(t tb.EntityType, id string) (Entity, bool) {
	ent, ok := e.Src.Get(id)
	if !ok || (t != "" && ent.ID.EntityType != t) || !e.visible(ent) {
		return Entity{}, false
	}
	return ent, true
}

// resolveAlias turns a CURRENT_* alias into the entity id it stands for; other ids are
// returned as they are. ok is false when the alias names nothing (a tenant
// administrator's customer).
func (e *Engine) resolveAlias(a tb.AliasEntityID) (tb.EntityID, bool) {
	c := e.Caller
	customer := func() (tb.EntityID, bool) {
		if c.CustomerID == "" || c.CustomerID == tb.NullUUID {
			return tb.EntityID{}, false
		}
		return tb.NewEntityID(tb.EntityTypeCustomer, c.CustomerID), true
	}
	switch a.EntityType {
	case tb.AliasCurrentCustomer:
		return customer()
	case tb.AliasCurrentTenant:
		return tb.NewEntityID(tb.EntityTypeTenant, c.TenantID), c.TenantID != "" && c.TenantID != tb.NullUUID
	case tb.AliasCurrentUser:
		return tb.NewEntityID(tb.EntityTypeUser, c.UserID), c.UserID != ""
	case tb.AliasCurrentUserOwner:
		if id, ok := customer(); ok {
			return id, true
		}
		return tb.NewEntityID(tb.EntityTypeTenant, c.TenantID), c.TenantID != "" && c.TenantID != tb.NullUUID
	}
	return tb.EntityID(a), a.ID != ""
}

// nameOf returns the entity's name as name filters see it: its name, else its title
// (customers, tenants, dashboards), else its email (users).
func nameOf(ent Entity) string {
	if n, ok := ent.Fields["name"]; ok {
		return n
	}
	if t, ok := ent.Fields["title"]; ok {
		return t
	}
	return ent.Fields["email"]
}

// nameMatches reports whether name starts with filter, ignoring case. A filter that
// starts or ends with % is matched as an SQL LIKE pattern, as the server does.
func nameMatches(name, filter string) bool {
	if filter == "" {
		return true
	}
	if strings.HasPrefix(filter, "%") || strings.HasSuffix(filter, "%") {
		return likeFold(name, filter)
	}
	return strings.HasPrefix(strings.ToLower(name), strings.ToLower(filter))
}

// likeFold matches s against an SQL LIKE pattern (% and _), ignoring case.
func likeFold(s, pattern string) bool {
	s, pattern = strings.ToLower(s), strings.ToLower(pattern)
	rs, rp := []rune(s), []rune(pattern)
	var match func(i, j int) bool
	memo := map[[2]int]bool{}
	match = func(i, j int) bool {
		if j == len(rp) {
			return i == len(rs)
		}
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch rp[j] {
		case '%':
			r = match(i, j+1) || (i < len(rs) && match(i+1, j))
		case '_':
			r = i < len(rs) && match(i+1, j+1)
		default:
			r = i < len(rs) && rs[i] == rp[j] && match(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return match(0, 0)
}

// candidate is a matched entity; relation queries may return several entity types, so
// each candidate carries its own type through Entity.ID.
type candidate = Entity

// resolve returns the entities the filter selects, in a stable order.
func (e *Engine) resolve(f tb.EntityFilter) ([]candidate, error) {
	switch f := f.(type) {
	case nil:
		return nil, badRequest("Entity filter is required")
	case *tb.SingleEntityFilter:
		return e.single(f.SingleEntity), nil
	case *tb.EntityListFilter:
		return e.entityList(f.EntityType, f.EntityList), nil
	case *tb.EntityNameFilter:
		return e.byName(f.EntityType, nil, f.EntityNameFilter), nil
	case *tb.EntityTypeFilter:
		return e.list(f.EntityType), nil
	case *tb.AssetTypeFilter:
		return e.byName(tb.EntityTypeAsset, withDeprecated(f.AssetTypes, f.AssetType), f.AssetNameFilter), nil
	case *tb.DeviceTypeFilter:
		return e.byName(tb.EntityTypeDevice, withDeprecated(f.DeviceTypes, f.DeviceType), f.DeviceNameFilter), nil
	case *tb.EntityViewTypeFilter:
		return e.byName(tb.EntityTypeEntityView, withDeprecated(f.EntityViewTypes, f.EntityViewType), f.EntityViewNameFilter), nil
	case *tb.EdgeTypeFilter:
		return e.byName(tb.EntityTypeEdge, withDeprecated(f.EdgeTypes, f.EdgeType), f.EdgeNameFilter), nil
	case *tb.APIUsageStateFilter:
		return e.apiUsageState(f.CustomerID), nil
	case *tb.RelationsQueryFilter:
		return e.relationsQuery(f), nil
	case *tb.AssetSearchQueryFilter:
		return e.searchQuery(tb.EntityTypeAsset, f.RootEntity, f.RelationType, f.Direction, f.MaxLevel, f.FetchLastLevelOnly, f.AssetTypes), nil
	case *tb.DeviceSearchQueryFilter:
		return e.searchQuery(tb.EntityTypeDevice, f.RootEntity, f.RelationType, f.Direction, f.MaxLevel, f.FetchLastLevelOnly, f.DeviceTypes), nil
	case *tb.EntityViewSearchQueryFilter:
		return e.searchQuery(tb.EntityTypeEntityView, f.RootEntity, f.RelationType, f.Direction, f.MaxLevel, f.FetchLastLevelOnly, f.EntityViewTypes), nil
	case *tb.EdgeSearchQueryFilter:
		return e.searchQuery(tb.EntityTypeEdge, f.RootEntity, f.RelationType, f.Direction, f.MaxLevel, f.FetchLastLevelOnly, f.EdgeTypes), nil
	}
	if !e.PE {
		// A Community Edition server cannot read the Professional Edition filters.
		return nil, invalidBody()
	}
	switch f := f.(type) {
	case *tb.StateEntityOwnerFilter:
		return e.stateEntityOwner(f.SingleEntity), nil
	case *tb.EntityGroupFilter:
		return e.groupMembers(f.GroupType, f.EntityGroup), nil
	case *tb.EntityGroupListFilter:
		return e.groupList(f.GroupType, f.EntityGroupList), nil
	case *tb.EntityGroupNameFilter:
		return e.groupsByName(f.GroupType, f.EntityGroupNameFilter), nil
	case *tb.EntitiesByGroupNameFilter:
		return e.entitiesByGroupName(f), nil
	case *tb.SchedulerEventFilter:
		return e.schedulerEvents(f), nil
	}
	return nil, invalidBody()
}

func withDeprecated(types []string, single string) []string {
	if single != "" && !slices.Contains(types, single) {
		return append(slices.Clone(types), single)
	}
	return types
}

func (e *Engine) single(a tb.AliasEntityID) []candidate {
	id, ok := e.resolveAlias(a)
	if !ok {
		return nil
	}
	ent, ok := e.get(id.EntityType, id.ID)
	if !ok {
		return nil
	}
	return []candidate{ent}
}

func (e *Engine) entityList(t tb.EntityType, ids []string) []candidate {
	var out []candidate
	seen := map[string]bool{}
	for _, ent := range e.list(t) {
		if slices.Contains(ids, ent.ID.ID) && !seen[ent.ID.ID] {
			seen[ent.ID.ID] = true
			out = append(out, ent)
		}
	}
	return out
}

// byName returns the entities of type t whose type is one of types (any when types is
// nil) and whose name matches the name filter.
func (e *Engine) byName(t tb.EntityType, types []string, nameFilter string) []candidate {
	var out []candidate
	for _, ent := range e.list(t) {
		if types != nil && !slices.Contains(types, ent.Fields["type"]) {
			continue
		}
		if nameMatches(nameOf(ent), nameFilter) {
			out = append(out, ent)
		}
	}
	return out
}

func (e *Engine) apiUsageState(customer tb.EntityID) []candidate {
	var out []candidate
	for _, ent := range e.list(tb.EntityTypeAPIUsageState) {
		want := tb.NullUUID
		if !customer.IsNull() {
			want = customer.ID
		}
		if ent.CustomerID == want || (ent.CustomerID == "" && want == tb.NullUUID) {
			out = append(out, ent)
		}
	}
	return out
}

// reached is an entity found by walking relations, with the relation that reached it
// at its deepest level.
type reached struct {
	id    tb.EntityID
	level int
	rel   Relation
	order int
}

// walk follows COMMON relations from the roots in direction, breadth first, up to
// maxLevel levels (every level when maxLevel < 1). For each entity it keeps the deepest
// level and every relation that reached it at any level.
func (e *Engine) walk(roots []tb.EntityID, dir tb.EntitySearchDirection, maxLevel int) map[tb.EntityID][]reached {
	const unlimited = 1 << 30
	if maxLevel < 1 {
		maxLevel = unlimited
	}
	found := map[tb.EntityID][]reached{}
	order := 0
	frontier := slices.Clone(roots)
	expanded := map[tb.EntityID]bool{}
	for level := 1; level <= maxLevel && len(frontier) > 0; level++ {
		var next []tb.EntityID
		for _, from := range frontier {
			if expanded[from] {
				continue
			}
			expanded[from] = true
			var rels []Relation
			if dir == tb.DirectionTo {
				rels = e.Src.RelationsTo(from)
			} else {
				rels = e.Src.RelationsFrom(from)
			}
			for _, r := range rels {
				other := r.To
				if dir == tb.DirectionTo {
					other = r.From
				}
				order++
				found[other] = append(found[other], reached{id: other, level: level, rel: r, order: order})
				next = append(next, other)
			}
		}
		frontier = next
	}
	return found
}

// collect turns walk results into visible entities that keep accepts, in the order they
// were first reached, honouring fetchLastLevelOnly.
func (e *Engine) collect(found map[tb.EntityID][]reached, maxLevel int, lastLevelOnly bool, keep func(r reached, ent Entity) bool) []candidate {
	type hit struct {
		ent   Entity
		order int
	}
	var hits []hit
	for id, rs := range found {
		ent, ok := e.get(id.EntityType, id.ID)
		if !ok {
			continue
		}
		first := -1
		for _, r := range rs {
			if lastLevelOnly && maxLevel > 0 && r.level != maxLevel {
				continue
			}
			if keep(r, ent) && (first < 0 || r.order < first) {
				first = r.order
			}
		}
		if first >= 0 {
			hits = append(hits, hit{ent, first})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.order - b.order })
	out := make([]candidate, len(hits))
	for i, h := range hits {
		out[i] = h.ent
	}
	return out
}

func (e *Engine) relationsQuery(f *tb.RelationsQueryFilter) []candidate {
	var roots []tb.EntityID
	if f.MultiRoot {
		for _, id := range f.MultiRootEntityIDs {
			roots = append(roots, tb.NewEntityID(f.MultiRootEntitiesType, id))
		}
	} else if id, ok := e.resolveAlias(f.RootEntity); ok {
		roots = append(roots, id)
	}
	if len(roots) == 0 {
		return nil
	}
	matchesFilters := func(r Relation, other tb.EntityType) bool {
		if len(f.Filters) == 0 {
			return true
		}
		for _, rf := range f.Filters {
			typeOK := rf.RelationType == "" || (r.Type == rf.RelationType) != rf.Negate
			entOK := len(rf.EntityTypes) == 0 || slices.Contains(rf.EntityTypes, other)
			if typeOK && entOK {
				return true
			}
		}
		return false
	}
	found := e.walk(roots, f.Direction, f.MaxLevel)
	related := e.collect(found, f.MaxLevel, f.FetchLastLevelOnly, func(r reached, ent Entity) bool {
		return matchesFilters(r.rel, ent.ID.EntityType)
	})
	if !f.Negate {
		return related
	}
	// Negated: the entities of the filters' entity types that are not related.
	is := map[tb.EntityID]bool{}
	for _, ent := range related {
		is[ent.ID] = true
	}
	for _, r := range roots {
		is[r] = true
	}
	var types []tb.EntityType
	for _, rf := range f.Filters {
		for _, t := range rf.EntityTypes {
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	var out []candidate
	for _, t := range types {
		for _, ent := range e.list(t) {
			if !is[ent.ID] {
				out = append(out, ent)
			}
		}
	}
	return out
}

func (e *Engine) searchQuery(t tb.EntityType, root tb.AliasEntityID, relationType string, dir tb.EntitySearchDirection, maxLevel int, lastLevelOnly bool, types []string) []candidate {
	rootID, ok := e.resolveAlias(root)
	if !ok {
		return nil
	}
	found := e.walk([]tb.EntityID{rootID}, dir, maxLevel)
	return e.collect(found, maxLevel, lastLevelOnly, func(r reached, ent Entity) bool {
		if ent.ID.EntityType != t || (relationType != "" && r.rel.Type != relationType) {
			return false
		}
		return len(types) == 0 || slices.Contains(types, ent.Fields["type"])
	})
}

func (e *Engine) stateEntityOwner(a tb.AliasEntityID) []candidate {
	id, ok := e.resolveAlias(a)
	if !ok {
		return nil
	}
	ent, ok := e.get(id.EntityType, id.ID)
	if !ok {
		return nil
	}
	if ent.CustomerID != "" && ent.CustomerID != tb.NullUUID && ent.ID.EntityType != tb.EntityTypeCustomer {
		return e.single(tb.AliasEntityID{EntityType: tb.EntityTypeCustomer, ID: ent.CustomerID})
	}
	return e.single(tb.AliasEntityID{EntityType: tb.EntityTypeTenant, ID: ent.TenantID})
}

func (e *Engine) schedulerEvents(f *tb.SchedulerEventFilter) []candidate {
	var out []candidate
	for _, ent := range e.list(tb.EntityTypeSchedulerEvent) {
		if f.EventType != "" && ent.Fields["type"] != f.EventType {
			continue
		}
		if f.Originator != nil {
			id, ok := e.resolveAlias(*f.Originator)
			if !ok || ent.Fields["originatorId"] != id.ID {
				continue
			}
		}
		out = append(out, ent)
	}
	return out
}
