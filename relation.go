package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// RelationService manages entity relations. See Client.Relations.
//
// The methods FindByFrom, FindByTo, FindInfoByFrom and FindInfoByTo use the
// query-parameter routes (GET /api/relations?fromId=...) that every server version
// serves, although the 4.3.1.2+ specification no longer lists them. The methods with
// the Path suffix use the path-style routes (GET /api/relations/from/{fromType}/{fromId})
// that only ThingsBoard 4.3.1.2 and later serve.
type RelationService service

// RelationTypeGroup is the group of a relation type. Relations created by users are in
// the COMMON group; the others are kept by the platform itself. A value this package
// does not list decodes and round-trips unchanged.
type RelationTypeGroup string

// Relation type groups.
const (
	RelationTypeGroupCommon                  RelationTypeGroup = "COMMON"
	RelationTypeGroupDashboard               RelationTypeGroup = "DASHBOARD"
	RelationTypeGroupRuleChain               RelationTypeGroup = "RULE_CHAIN"
	RelationTypeGroupRuleNode                RelationTypeGroup = "RULE_NODE"
	RelationTypeGroupEdge                    RelationTypeGroup = "EDGE"
	RelationTypeGroupEdgeAutoAssignRuleChain RelationTypeGroup = "EDGE_AUTO_ASSIGN_RULE_CHAIN"
)

// Relation types that ThingsBoard itself uses. Any other non-blank string is a valid
// relation type too.
const (
	RelationContains      = "Contains"
	RelationManages       = "Manages"
	RelationUses          = "Uses"
	RelationManagedByEdge = "ManagedByEdge"
)

// EntityRelation is a directed, typed link between two entities, such as an asset that
// "Contains" a device.
type EntityRelation struct {
	From EntityID `json:"from"`
	To   EntityID `json:"to"`
	// Type is the relation type, such as RelationContains.
	Type string `json:"type"`
	// TypeGroup is the group of the type. When it is empty, requests send COMMON, the
	// server's default.
	TypeGroup RelationTypeGroup `json:"typeGroup,omitzero"`
	// AdditionalInfo is free-form JSON attached to the relation.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Version is the server's version of the relation (3.8+).
	Version int64 `json:"version,omitzero"`
}

// NewRelation returns a COMMON relation of the given type from one entity to another.
func NewRelation(from EntityID, relationType string, to EntityID) EntityRelation {
	return EntityRelation{From: from, To: to, Type: relationType, TypeGroup: RelationTypeGroupCommon}
}

// EntityRelationInfo is an EntityRelation with the name of the entity at its far end,
// seen from the entity it was listed for: ToName for relations listed from their From
// entity, FromName for relations listed from their To entity. "N/A" names an entity
// that no longer exists.
type EntityRelationInfo struct {
	EntityRelation
	FromName string `json:"fromName,omitzero"`
	ToName   string `json:"toName,omitzero"`
}

// EntityRelationsQuery searches relations by walking them from a root entity, level by
// level, up to Parameters.MaxLevel.
type EntityRelationsQuery struct {
	Parameters RelationsSearchParameters `json:"parameters"`
	// Filters keep only the relations whose type and far-end entity type match one of
	// the filters. The server requires the list; nil is sent as an empty list, which
	// keeps every relation.
	Filters []RelationEntityTypeFilter `json:"filters"`
}

// RelationsSearchParameters are the root and the shape of a relation search.
type RelationsSearchParameters struct {
	// RootID and RootType identify the entity the search starts from.
	RootID   string     `json:"rootId"`
	RootType EntityType `json:"rootType"`
	// Direction is FROM (relations starting at the root) or TO.
	Direction EntitySearchDirection `json:"direction"`
	// RelationTypeGroup limits the search to one group; empty means COMMON.
	RelationTypeGroup RelationTypeGroup `json:"relationTypeGroup,omitzero"`
	// MaxLevel is the depth of the search; 0 means no limit.
	MaxLevel int `json:"maxLevel,omitzero"`
	// FetchLastLevelOnly returns only the relations found at MaxLevel.
	FetchLastLevelOnly bool `json:"fetchLastLevelOnly"`
}

// NewRelationsSearch returns search parameters rooted at root, walking in direction dir
// up to maxLevel levels.
func NewRelationsSearch(root EntityID, dir EntitySearchDirection, maxLevel int) RelationsSearchParameters {
	return RelationsSearchParameters{RootID: root.ID, RootType: root.EntityType, Direction: dir, MaxLevel: maxLevel}
}

// RelationFindOptions narrows the FindBy... methods.
type RelationFindOptions struct {
	// RelationType keeps only relations of this type; empty keeps every type.
	RelationType string
	// TypeGroup is the group to search; empty means COMMON.
	TypeGroup RelationTypeGroup
}

func (o *RelationFindOptions) relationType() string {
	if o == nil {
		return ""
	}
	return o.RelationType
}

func (o *RelationFindOptions) addGroup(v url.Values) {
	if o != nil && o.TypeGroup != "" {
		v.Set("relationTypeGroup", string(o.TypeGroup))
	}
}

// relationBody validates r and returns the copy that is sent, with the default group.
func relationBody(method string, r *EntityRelation) (*EntityRelation, error) {
	if r == nil {
		return nil, fmt.Errorf("thingsboard: Relations.%s: nil relation", method)
	}
	if err := relationCheckEnds(method, r.From, r.Type, r.To); err != nil {
		return nil, err
	}
	body := *r
	if body.TypeGroup == "" {
		body.TypeGroup = RelationTypeGroupCommon
	}
	return &body, nil
}

func relationCheckEnds(method string, from EntityID, relationType string, to EntityID) error {
	if err := checkEntityID("Relations."+method+": from", from); err != nil {
		return err
	}
	if err := checkEntityID("Relations."+method+": to", to); err != nil {
		return err
	}
	if relationType == "" {
		return fmt.Errorf("thingsboard: Relations.%s: empty relation type", method)
	}
	return nil
}

// relationKeyQuery is the query that names one relation.
func relationKeyQuery(from EntityID, relationType string, to EntityID, group RelationTypeGroup) url.Values {
	v := url.Values{}
	v.Set("fromId", from.ID)
	v.Set("fromType", string(from.EntityType))
	v.Set("relationType", relationType)
	if group != "" {
		v.Set("relationTypeGroup", string(group))
	}
	v.Set("toId", to.ID)
	v.Set("toType", string(to.EntityType))
	return v
}

// Save creates the relation, or updates its additional info when it exists. Both
// entities must be writable by the caller. It works with every server version; SaveV2
// also returns the saved relation.
//
//tb:operation POST /api/relation
func (s *RelationService) Save(ctx context.Context, r *EntityRelation) error {
	body, err := relationBody("Save", r)
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, "/api/relation", nil, body, nil)
}

// SaveV2 creates or updates the relation and returns it as saved (ThingsBoard 3.8+).
//
//tb:operation POST /api/v2/relation
func (s *RelationService) SaveV2(ctx context.Context, r *EntityRelation) (*EntityRelation, error) {
	body, err := relationBody("SaveV2", r)
	if err != nil {
		return nil, err
	}
	return call[EntityRelation](ctx, s.client, http.MethodPost, "/api/v2/relation", nil, body)
}

// Delete deletes the relation of the given type from one entity to another. An empty
// group means COMMON. It works with every server version; DeleteV2 also returns the
// deleted relation.
//
//tb:operation DELETE /api/relation
func (s *RelationService) Delete(ctx context.Context, from EntityID, relationType string, to EntityID, group RelationTypeGroup) error {
	if err := relationCheckEnds("Delete", from, relationType, to); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, "/api/relation", relationKeyQuery(from, relationType, to, group), nil, nil)
}

// DeleteV2 deletes the relation and returns it (ThingsBoard 3.8+). A missing relation
// is an *APIError matching ErrNotFound.
//
//tb:operation DELETE /api/v2/relation
func (s *RelationService) DeleteV2(ctx context.Context, from EntityID, relationType string, to EntityID, group RelationTypeGroup) (*EntityRelation, error) {
	if err := relationCheckEnds("DeleteV2", from, relationType, to); err != nil {
		return nil, err
	}
	return call[EntityRelation](ctx, s.client, http.MethodDelete, "/api/v2/relation", relationKeyQuery(from, relationType, to, group), nil)
}

// DeleteForEntity deletes every COMMON relation from and to the entity.
//
//tb:operation DELETE /api/relations
func (s *RelationService) DeleteForEntity(ctx context.Context, entity EntityID) error {
	if err := checkEntityID("Relations.DeleteForEntity: entity", entity); err != nil {
		return err
	}
	v := url.Values{}
	v.Set("entityId", entity.ID)
	v.Set("entityType", string(entity.EntityType))
	return s.client.do(ctx, http.MethodDelete, "/api/relations", v, nil, nil)
}

// Get returns the relation of the given type from one entity to another. An empty
// group means COMMON. A missing relation is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/relation
func (s *RelationService) Get(ctx context.Context, from EntityID, relationType string, to EntityID, group RelationTypeGroup) (*EntityRelation, error) {
	if err := relationCheckEnds("Get", from, relationType, to); err != nil {
		return nil, err
	}
	return call[EntityRelation](ctx, s.client, http.MethodGet, "/api/relation", relationKeyQuery(from, relationType, to, group), nil)
}

// Exists reports whether the relation exists: Get, with a missing relation reported as
// false instead of an error.
//
//tb:operation GET /api/relation
func (s *RelationService) Exists(ctx context.Context, from EntityID, relationType string, to EntityID, group RelationTypeGroup) (bool, error) {
	_, err := s.Get(ctx, from, relationType, to, group)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return false, err
}

// findEnd lists the relations at one end ("from" or "to") through the query-parameter
// route of every server version.
func (s *RelationService) findEnd(ctx context.Context, method, end string, id EntityID, opts *RelationFindOptions, path string, out any) error {
	if err := checkEntityID("Relations."+method+": "+end, id); err != nil {
		return err
	}
	v := url.Values{}
	v.Set(end+"Id", id.ID)
	v.Set(end+"Type", string(id.EntityType))
	if rt := opts.relationType(); rt != "" && path == "/api/relations" {
		v.Set("relationType", rt)
	}
	opts.addGroup(v)
	return s.client.do(ctx, http.MethodGet, path, v, nil, out)
}

// FindByFrom lists the relations that start at the entity, of one type when
// opts.RelationType is set. opts may be nil (every COMMON relation).
//
//tb:operation GET /api/relations
func (s *RelationService) FindByFrom(ctx context.Context, from EntityID, opts *RelationFindOptions) ([]EntityRelation, error) {
	var out []EntityRelation
	if err := s.findEnd(ctx, "FindByFrom", "from", from, opts, "/api/relations", &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByTo lists the relations that end at the entity, of one type when
// opts.RelationType is set. opts may be nil (every COMMON relation).
//
//tb:operation GET /api/relations
func (s *RelationService) FindByTo(ctx context.Context, to EntityID, opts *RelationFindOptions) ([]EntityRelation, error) {
	var out []EntityRelation
	if err := s.findEnd(ctx, "FindByTo", "to", to, opts, "/api/relations", &out); err != nil {
		return nil, err
	}
	return out, nil
}

// relationFilterInfos keeps the relations of type rt (all of them when rt is empty).
func relationFilterInfos(in []EntityRelationInfo, rt string) []EntityRelationInfo {
	if rt == "" {
		return in
	}
	out := in[:0]
	for _, r := range in {
		if r.Type == rt {
			out = append(out, r)
		}
	}
	return out
}

// FindInfoByFrom lists the relations that start at the entity, with the name of the
// entity each one leads to (ToName). The server has no relation type parameter for
// this list, so opts.RelationType, when set, is applied to the answer. opts may be nil.
//
//tb:operation GET /api/relations/info
func (s *RelationService) FindInfoByFrom(ctx context.Context, from EntityID, opts *RelationFindOptions) ([]EntityRelationInfo, error) {
	var out []EntityRelationInfo
	if err := s.findEnd(ctx, "FindInfoByFrom", "from", from, opts, "/api/relations/info", &out); err != nil {
		return nil, err
	}
	return relationFilterInfos(out, opts.relationType()), nil
}

// FindInfoByTo lists the relations that end at the entity, with the name of the entity
// each one comes from (FromName). opts.RelationType, when set, is applied to the
// answer. opts may be nil.
//
//tb:operation GET /api/relations/info
func (s *RelationService) FindInfoByTo(ctx context.Context, to EntityID, opts *RelationFindOptions) ([]EntityRelationInfo, error) {
	var out []EntityRelationInfo
	if err := s.findEnd(ctx, "FindInfoByTo", "to", to, opts, "/api/relations/info", &out); err != nil {
		return nil, err
	}
	return relationFilterInfos(out, opts.relationType()), nil
}

// findPath lists relations through a path-style route of ThingsBoard 4.3.1.2+.
func (s *RelationService) findPath(ctx context.Context, method, end string, id EntityID, opts *RelationFindOptions, info bool, out any) error {
	if err := checkEntityID("Relations."+method+": "+end, id); err != nil {
		return err
	}
	path := pathf("/api/relations/"+end+"/%s/%s", string(id.EntityType), id.ID)
	if info {
		path = pathf("/api/relations/info/"+end+"/%s/%s", string(id.EntityType), id.ID)
	} else if rt := opts.relationType(); rt != "" {
		path += pathf("/%s", rt)
	}
	v := url.Values{}
	opts.addGroup(v)
	return s.client.do(ctx, http.MethodGet, path, v, nil, out)
}

// FindByFromPath is FindByFrom through the path-style routes that only ThingsBoard
// 4.3.1.2 and later serve. opts may be nil.
//
//tb:operation GET /api/relations/from/{fromType}/{fromId}
//tb:operation GET /api/relations/from/{fromType}/{fromId}/{relationType}
func (s *RelationService) FindByFromPath(ctx context.Context, from EntityID, opts *RelationFindOptions) ([]EntityRelation, error) {
	var out []EntityRelation
	if err := s.findPath(ctx, "FindByFromPath", "from", from, opts, false, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindByToPath is FindByTo through the path-style routes that only ThingsBoard
// 4.3.1.2 and later serve. opts may be nil.
//
//tb:operation GET /api/relations/to/{toType}/{toId}
//tb:operation GET /api/relations/to/{toType}/{toId}/{relationType}
func (s *RelationService) FindByToPath(ctx context.Context, to EntityID, opts *RelationFindOptions) ([]EntityRelation, error) {
	var out []EntityRelation
	if err := s.findPath(ctx, "FindByToPath", "to", to, opts, false, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindInfoByFromPath is FindInfoByFrom through the path-style route that only
// ThingsBoard 4.3.1.2 and later serve. opts.RelationType, when set, is applied to the
// answer. opts may be nil.
//
//tb:operation GET /api/relations/info/from/{fromType}/{fromId}
func (s *RelationService) FindInfoByFromPath(ctx context.Context, from EntityID, opts *RelationFindOptions) ([]EntityRelationInfo, error) {
	var out []EntityRelationInfo
	if err := s.findPath(ctx, "FindInfoByFromPath", "from", from, opts, true, &out); err != nil {
		return nil, err
	}
	return relationFilterInfos(out, opts.relationType()), nil
}

// FindInfoByToPath is FindInfoByTo through the path-style route that only ThingsBoard
// 4.3.1.2 and later serve. opts.RelationType, when set, is applied to the answer.
// opts may be nil.
//
//tb:operation GET /api/relations/info/to/{toType}/{toId}
func (s *RelationService) FindInfoByToPath(ctx context.Context, to EntityID, opts *RelationFindOptions) ([]EntityRelationInfo, error) {
	var out []EntityRelationInfo
	if err := s.findPath(ctx, "FindInfoByToPath", "to", to, opts, true, &out); err != nil {
		return nil, err
	}
	return relationFilterInfos(out, opts.relationType()), nil
}

func relationQueryBody(method string, q *EntityRelationsQuery) (*EntityRelationsQuery, error) {
	if q == nil {
		return nil, fmt.Errorf("thingsboard: Relations.%s: nil query", method)
	}
	if q.Parameters.RootID == "" {
		return nil, fmt.Errorf("thingsboard: Relations.%s: empty root id", method)
	}
	if q.Parameters.RootType == "" {
		return nil, fmt.Errorf("thingsboard: Relations.%s: empty root entity type", method)
	}
	body := *q
	if body.Parameters.Direction == "" {
		body.Parameters.Direction = DirectionFrom
	}
	if body.Filters == nil {
		body.Filters = []RelationEntityTypeFilter{}
	}
	return &body, nil
}

// FindByQuery searches relations from a root entity. An empty direction means FROM.
//
//tb:operation POST /api/relations
func (s *RelationService) FindByQuery(ctx context.Context, q *EntityRelationsQuery) ([]EntityRelation, error) {
	body, err := relationQueryBody("FindByQuery", q)
	if err != nil {
		return nil, err
	}
	var out []EntityRelation
	if err := s.client.do(ctx, http.MethodPost, "/api/relations", nil, body, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FindInfoByQuery is FindByQuery with the name of the far end of each relation: ToName
// for a FROM search, FromName for a TO search.
//
//tb:operation POST /api/relations/info
func (s *RelationService) FindInfoByQuery(ctx context.Context, q *EntityRelationsQuery) ([]EntityRelationInfo, error) {
	body, err := relationQueryBody("FindInfoByQuery", q)
	if err != nil {
		return nil, err
	}
	var out []EntityRelationInfo
	if err := s.client.do(ctx, http.MethodPost, "/api/relations/info", nil, body, &out); err != nil {
		return nil, err
	}
	return out, nil
}
