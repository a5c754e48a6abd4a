package query

import (
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// GroupResolver gives the engine the members of Professional Edition entity groups.
// Groups themselves are entities of type ENTITY_GROUP in the Source, with the fields
// "name", "type" (the type of their entities) and "ownerId" (the UUID of their tenant
// or customer).
type GroupResolver interface {
	// GroupMembers returns the ids of the entities in the group with the given UUID.
	GroupMembers(groupID string) []tb.EntityID
}

// group returns a visible entity group of the given type.
func (e *Engine) group(groupType tb.EntityType, id string) (Entity, bool) {
	g, ok := e.get(tb.EntityTypeEntityGroup, id)
	if !ok || (groupType != "" && g.Fields["type"] != string(groupType)) {
		return Entity{}, false
	}
	return g, true
}

// members returns the visible members of a group, in creation order.
func (e *Engine) members(g Entity) []candidate {
	if e.Groups == nil {
		return nil
	}
	var out []candidate
	for _, id := range e.Groups.GroupMembers(g.ID.ID) {
		if ent, ok := e.get(tb.EntityType(g.Fields["type"]), id.ID); ok {
			out = append(out, ent)
		}
	}
	slices.SortStableFunc(out, func(a, b Entity) int { return int(a.CreatedTime - b.CreatedTime) })
	return out
}

// groupMembers resolves the entityGroup filter: the entities of one group.
func (e *Engine) groupMembers(groupType tb.EntityType, id string) []candidate {
	g, ok := e.group(groupType, strings.ToLower(id))
	if !ok {
		return nil
	}
	return e.members(g)
}

// groupList resolves the entityGroupList filter: the listed groups themselves.
func (e *Engine) groupList(groupType tb.EntityType, ids []string) []candidate {
	var out []candidate
	for _, g := range e.list(tb.EntityTypeEntityGroup) {
		if g.Fields["type"] == string(groupType) && slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, g.ID.ID) }) {
			out = append(out, g)
		}
	}
	return out
}

// groupsByName resolves the entityGroupName filter: the groups of the type whose name
// starts with the filter.
func (e *Engine) groupsByName(groupType tb.EntityType, nameFilter string) []candidate {
	var out []candidate
	for _, g := range e.list(tb.EntityTypeEntityGroup) {
		if g.Fields["type"] == string(groupType) && nameMatches(g.Fields["name"], nameFilter) {
			out = append(out, g)
		}
	}
	return out
}

// entitiesByGroupName resolves the entitiesByGroupName filter: the entities of the
// group with exactly that name owned by the filter's owner, or by the caller's.
func (e *Engine) entitiesByGroupName(f *tb.EntitiesByGroupNameFilter) []candidate {
	owner := f.OwnerID.ID
	if owner == "" {
		owner = e.Caller.TenantID
		if e.Caller.CustomerID != "" && e.Caller.CustomerID != tb.NullUUID {
			owner = e.Caller.CustomerID
		}
	}
	for _, g := range e.list(tb.EntityTypeEntityGroup) {
		if g.Fields["type"] == string(f.GroupType) && strings.EqualFold(g.Fields["ownerId"], owner) && g.Fields["name"] == f.EntityGroupNameFilter {
			return e.members(g)
		}
	}
	return nil
}
