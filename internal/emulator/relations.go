package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Entity relations, as the server serves them: the legacy routes (POST and DELETE /api/relation, GET /api/relations?fromId=...)
// that every version serves, the v2 save and delete of 3.8+, and the path-style
// lists of 4.3.1.2+. Relations live in the store's relation table.

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/relation", Authed(s.relSaveV1))
		s.Handle("POST /api/v2/relation", Authed(s.relSaveV2))
		s.Handle("DELETE /api/relation", Authed(s.relDeleteV1))
		s.Handle("DELETE /api/v2/relation", Authed(s.relDeleteV2))
		s.Handle("DELETE /api/relations", Authed(s.relDeleteForEntity))
		s.Handle("GET /api/relation", Authed(s.relGet))
		s.Handle("GET /api/relations", Authed(s.relFindLegacy))
		s.Handle("GET /api/relations/info", Authed(s.relFindInfoLegacy))
		s.Handle("GET /api/relations/from/{fromType}/{fromId}", Authed(s.relFindPath("from", false, false)))
		s.Handle("GET /api/relations/from/{fromType}/{fromId}/{relationType}", Authed(s.relFindPath("from", true, false)))
		s.Handle("GET /api/relations/to/{toType}/{toId}", Authed(s.relFindPath("to", false, false)))
		s.Handle("GET /api/relations/to/{toType}/{toId}/{relationType}", Authed(s.relFindPath("to", true, false)))
		s.Handle("GET /api/relations/info/from/{fromType}/{fromId}", Authed(s.relFindPath("from", false, true)))
		s.Handle("GET /api/relations/info/to/{toType}/{toId}", Authed(s.relFindPath("to", false, true)))
		s.Handle("POST /api/relations", Authed(s.relFindByQuery(false)))
		s.Handle("POST /api/relations/info", Authed(s.relFindByQuery(true)))
	})
}

// relationGroups are the RelationTypeGroup names of the server.
var relationGroups = map[string]bool{"COMMON": true, "DASHBOARD": true, "RULE_CHAIN": true, "RULE_NODE": true,
	"EDGE": true, "EDGE_AUTO_ASSIGN_RULE_CHAIN": true}

// relParseGroup reads a relationTypeGroup parameter as the server does: blank or
// unknown names mean COMMON.
func relParseGroup(v string) string {
	if relationGroups[v] {
		return v
	}
	return "COMMON"
}

// relNormalName is EntityType.getNormalName: "Device", "Entity View", "Rule chain".
func relNormalName(t tb.EntityType) string {
	if t == tb.EntityTypeEntityView {
		return "Entity View"
	}
	s := strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// relEntityAllowed reports whether the caller may read (or, with write, change) the
// record, following the server's permission checkers: ownership for reads; for
// changes, tenant administrators may not change their tenant entity and customer
// users may change only their customer's devices, assets, entity views, edges and
// alarms.
func relEntityAllowed(p *Principal, rec Record, write bool) bool {
	if !p.CanAccess(rec) {
		return false
	}
	if !write {
		return true
	}
	switch p.Authority {
	case TenantAdmin:
		return rec.ID.ID != p.TenantID
	case CustomerUser:
		switch rec.ID.EntityType {
		case tb.EntityTypeDevice, tb.EntityTypeAsset, tb.EntityTypeEntityView, tb.EntityTypeEdge, tb.EntityTypeAlarm:
			return true
		}
		return false
	}
	return true
}

// relCheckEntity is the server's checkEntityId: the entity must exist (404 "<Type> with
// id [<id>] is not found") and the caller must be allowed to read it, or to change it
// with write (403).
func relCheckEntity(tx *Tx, p *Principal, id tb.EntityID, write bool) (Record, error) {
	rec, ok := tx.GetTyped(id)
	if !ok {
		return Record{}, NotFound(relNormalName(id.EntityType), id.ID)
	}
	if isPE(tx) && !p.IsSysAdmin() {
		op := tb.OperationRead
		if write {
			op = tb.OperationWrite
		}
		return rec, Authorize(tx, p, rec, op)
	}
	if !relEntityAllowed(p, rec, write) {
		return Record{}, PermissionDenied()
	}
	return rec, nil
}

// relCheckCanRelate is checkCanCreateRelation: a tenant administrator may relate its
// own tenant; any other end must be writable.
func relCheckCanRelate(tx *Tx, p *Principal, id tb.EntityID) error {
	if p.IsTenantAdmin() && id.EntityType == tb.EntityTypeTenant && id.ID == p.TenantID {
		return nil
	}
	_, err := relCheckEntity(tx, p, id, true)
	return err
}

// relEntityName is the name the server shows for an entity (name, title or email).
func relEntityName(tx *Tx, id tb.EntityID) (string, bool) {
	rec, ok := tx.GetTyped(id)
	if !ok {
		return "", false
	}
	return cmp.Or(rec.Fields["name"], rec.Fields["title"], rec.Fields["email"]), true
}

// relInfoJSON keeps a relation's additionalInfo; JSON null is no info.
func relInfoJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	return append(json.RawMessage(nil), raw...)
}

func relToModel(r Relation) tb.EntityRelation {
	return tb.EntityRelation{From: r.From, To: r.To, Type: r.Type, TypeGroup: tb.RelationTypeGroup(cmp.Or(r.TypeGroup, "COMMON")),
		AdditionalInfo: r.AdditionalInfo, Version: r.Version}
}

// relReadable keeps the relations whose two ends the caller may read
// (filterRelationsByReadPermission).
func relReadable(tx *Tx, p *Principal, rels []Relation) []Relation {
	out := make([]Relation, 0, len(rels))
	for _, r := range rels {
		if _, err := relCheckEntity(tx, p, r.To, false); err != nil {
			continue
		}
		if _, err := relCheckEntity(tx, p, r.From, false); err != nil {
			continue
		}
		out = append(out, r)
	}
	return out
}

func relModels(rels []Relation) []tb.EntityRelation {
	out := make([]tb.EntityRelation, len(rels))
	for i, r := range rels {
		out[i] = relToModel(r)
	}
	return out
}

// relInfos adds the name of the far end: ToName when listed from the From entity,
// FromName otherwise; "N/A" for an entity that no longer exists.
func relInfos(tx *Tx, rels []Relation, fromSide bool) []tb.EntityRelationInfo {
	out := make([]tb.EntityRelationInfo, len(rels))
	for i, r := range rels {
		info := tb.EntityRelationInfo{EntityRelation: relToModel(r)}
		far := r.To
		if !fromSide {
			far = r.From
		}
		name, ok := relEntityName(tx, far)
		if !ok {
			name = "N/A"
		}
		if fromSide {
			info.ToName = name
		} else {
			info.FromName = name
		}
		out[i] = info
	}
	return out
}

// ---- save ----

func (s *Server) relSave(r *http.Request, p *Principal) (Relation, error) {
	var body struct {
		From           *tb.EntityID    `json:"from"`
		To             *tb.EntityID    `json:"to"`
		Type           *string         `json:"type"`
		TypeGroup      *string         `json:"typeGroup"`
		AdditionalInfo json.RawMessage `json:"additionalInfo"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return Relation{}, err
	}
	group := "COMMON"
	if body.TypeGroup != nil {
		if !relationGroups[*body.TypeGroup] {
			return Relation{}, BadRequest("JSON parse error: Cannot deserialize value of type `org.thingsboard.server.common.data.relation.RelationTypeGroup` from String \"%s\": not one of the values accepted for Enum class", *body.TypeGroup)
		}
		group = *body.TypeGroup
	}
	var problems []string
	if body.From == nil || body.From.IsZero() {
		problems = append(problems, "from must not be null")
	}
	if body.To == nil || body.To.IsZero() {
		problems = append(problems, "to must not be null")
	}
	if body.Type == nil || strings.TrimSpace(*body.Type) == "" {
		problems = append(problems, "type must not be blank")
	} else if len(*body.Type) > 255 {
		problems = append(problems, "type length must be equal or less than 255")
	}
	if len(problems) > 0 {
		return Relation{}, BadRequest("Validation error: %s", strings.Join(problems, ", "))
	}
	for _, id := range []*tb.EntityID{body.From, body.To} {
		if _, err := ParseEntityID(string(id.EntityType), id.ID); err != nil {
			return Relation{}, err
		}
		id.ID = strings.ToLower(id.ID)
	}
	rel := Relation{From: *body.From, To: *body.To, Type: *body.Type, TypeGroup: group, AdditionalInfo: relInfoJSON(body.AdditionalInfo)}
	err := s.store.Write(func(tx *Tx) error {
		if err := relCheckCanRelate(tx, p, rel.From); err != nil {
			return err
		}
		if err := relCheckCanRelate(tx, p, rel.To); err != nil {
			return err
		}
		rel = tx.SaveRelation(rel)
		return nil
	})
	return rel, err
}

func (s *Server) relSaveV1(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if _, err := s.relSave(r, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) relSaveV2(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rel, err := s.relSave(r, p)
	if err != nil {
		return err
	}
	return WriteJSON(w, relToModel(rel))
}

// ---- one relation: get and delete ----

// relKeyParams reads the query parameters that name one relation.
func relKeyParams(r *http.Request) (from, to tb.EntityID, typ, group string, err error) {
	vals := map[string]string{}
	for _, name := range []string{"fromId", "fromType", "relationType", "toId", "toType"} {
		if vals[name], err = RequiredParam(r, name, "String"); err != nil {
			return
		}
	}
	for _, name := range []string{"fromId", "fromType", "toId", "toType"} {
		if strings.TrimSpace(vals[name]) == "" {
			err = BadRequest("Parameter '%s' can't be empty!", name)
			return
		}
	}
	if from, err = ParseEntityID(vals["fromType"], vals["fromId"]); err != nil {
		return
	}
	if to, err = ParseEntityID(vals["toType"], vals["toId"]); err != nil {
		return
	}
	return from, to, vals["relationType"], relParseGroup(r.URL.Query().Get("relationTypeGroup")), nil
}

func (s *Server) relDelete(r *http.Request, p *Principal) (Relation, error) {
	from, to, typ, group, err := relKeyParams(r)
	if err != nil {
		return Relation{}, err
	}
	var rel Relation
	err = s.store.Write(func(tx *Tx) error {
		if err := relCheckCanRelate(tx, p, from); err != nil {
			return err
		}
		if err := relCheckCanRelate(tx, p, to); err != nil {
			return err
		}
		var ok bool
		if rel, ok = tx.DeleteRelation(from, to, typ, group); !ok {
			return ItemNotFound()
		}
		return nil
	})
	return rel, err
}

func (s *Server) relDeleteV1(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if _, err := s.relDelete(r, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) relDeleteV2(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rel, err := s.relDelete(r, p)
	if err != nil {
		return err
	}
	return WriteJSON(w, relToModel(rel))
}

func (s *Server) relGet(w http.ResponseWriter, r *http.Request, p *Principal) error {
	from, to, typ, group, err := relKeyParams(r)
	if err != nil {
		return err
	}
	var rel Relation
	var found bool
	s.store.Read(func(tx *Tx) {
		if _, err = relCheckEntity(tx, p, from, false); err != nil {
			return
		}
		if _, err = relCheckEntity(tx, p, to, false); err != nil {
			return
		}
		rel, found = tx.GetRelation(from, to, typ, group)
	})
	if err != nil {
		return err
	}
	if !found {
		return ItemNotFound()
	}
	return WriteJSON(w, relToModel(rel))
}

// relDeleteForEntity deletes the COMMON relations from and to the entity.
func (s *Server) relDeleteForEntity(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := RequiredParam(r, "entityId", "String")
	if err != nil {
		return err
	}
	typ, err := RequiredParam(r, "entityType", "String")
	if err != nil {
		return err
	}
	if strings.TrimSpace(id) == "" {
		return BadRequest("Parameter 'entityId' can't be empty!")
	}
	if strings.TrimSpace(typ) == "" {
		return BadRequest("Parameter 'entityType' can't be empty!")
	}
	entity, err := ParseEntityID(typ, id)
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, err := relCheckEntity(tx, p, entity, true); err != nil {
			return err
		}
		rels := append(tx.RelationsFrom(entity, "", "COMMON"), tx.RelationsTo(entity, "", "COMMON")...)
		for _, rel := range rels {
			tx.DeleteRelation(rel.From, rel.To, rel.Type, rel.TypeGroup)
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// ---- lists ----

// relList lists the relations at one end of the entity ("from" or "to"), of one type
// when typ is not empty, in the group, that the caller may see.
func (s *Server) relList(p *Principal, end string, entity tb.EntityID, typ, group string, info bool) (any, error) {
	var out any
	var err error
	s.store.Read(func(tx *Tx) {
		if _, err = relCheckEntity(tx, p, entity, false); err != nil {
			return
		}
		var rels []Relation
		if end == "from" {
			rels = tx.RelationsFrom(entity, typ, group)
		} else {
			rels = tx.RelationsTo(entity, typ, group)
		}
		rels = relReadable(tx, p, rels)
		if info {
			out = relInfos(tx, rels, end == "from")
		} else {
			out = relModels(rels)
		}
	})
	return out, err
}

// relEndParams reads <end>Id and <end>Type, which the route already required.
func relEndParams(r *http.Request, end string) (tb.EntityID, error) {
	q := r.URL.Query()
	id, typ := q.Get(end+"Id"), q.Get(end+"Type")
	if strings.TrimSpace(id) == "" {
		return tb.EntityID{}, BadRequest("Parameter '%sId' can't be empty!", end)
	}
	if strings.TrimSpace(typ) == "" {
		return tb.EntityID{}, BadRequest("Parameter '%sType' can't be empty!", end)
	}
	return ParseEntityID(typ, id)
}

// relLegacyEnd picks the variant of the query-parameter routes that Spring would:
// the one whose required parameters (fromId and fromType, or toId and toType) are all
// present.
func relLegacyEnd(r *http.Request, withType bool) (string, error) {
	q := r.URL.Query()
	for _, end := range []string{"from", "to"} {
		if q.Has(end+"Id") && q.Has(end+"Type") {
			return end, nil
		}
	}
	conds := `"fromId, fromType" OR "toId, toType"`
	if withType {
		conds = `"fromId, fromType" OR "fromId, fromType, relationType" OR "toId, toType" OR "toId, toType, relationType"`
	}
	return "", BadRequest("Parameter conditions %s not met for actual request parameters: %s", conds, r.URL.RawQuery)
}

// relFindLegacy serves GET /api/relations?fromId&fromType[&relationType] and the to form.
func (s *Server) relFindLegacy(w http.ResponseWriter, r *http.Request, p *Principal) error {
	end, err := relLegacyEnd(r, true)
	if err != nil {
		return err
	}
	entity, err := relEndParams(r, end)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	typ := ""
	if q.Has("relationType") {
		if typ = q.Get("relationType"); strings.TrimSpace(typ) == "" {
			return BadRequest("Parameter 'relationType' can't be empty!")
		}
	}
	out, err := s.relList(p, end, entity, typ, relParseGroup(q.Get("relationTypeGroup")), false)
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// relFindInfoLegacy serves GET /api/relations/info?fromId&fromType and the to form.
func (s *Server) relFindInfoLegacy(w http.ResponseWriter, r *http.Request, p *Principal) error {
	end, err := relLegacyEnd(r, false)
	if err != nil {
		return err
	}
	entity, err := relEndParams(r, end)
	if err != nil {
		return err
	}
	out, err := s.relList(p, end, entity, "", relParseGroup(r.URL.Query().Get("relationTypeGroup")), true)
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// relFindPath serves the path-style lists of 4.3.1.2+.
func (s *Server) relFindPath(end string, withType, info bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		entity, err := ParseEntityID(r.PathValue(end+"Type"), r.PathValue(end+"Id"))
		if err != nil {
			return err
		}
		typ := ""
		if withType {
			typ = r.PathValue("relationType")
		}
		out, err := s.relList(p, end, entity, typ, relParseGroup(r.URL.Query().Get("relationTypeGroup")), info)
		if err != nil {
			return err
		}
		return WriteJSON(w, out)
	}
}

// ---- relation query ----

// relQuery is the body of POST /api/relations[/info].
type relQuery struct {
	Parameters *struct {
		RootID             string `json:"rootId"`
		RootType           string `json:"rootType"`
		Direction          string `json:"direction"`
		RelationTypeGroup  string `json:"relationTypeGroup"`
		MaxLevel           int    `json:"maxLevel"`
		FetchLastLevelOnly bool   `json:"fetchLastLevelOnly"`
	} `json:"parameters"`
	Filters *[]tb.RelationEntityTypeFilter `json:"filters"`
}

// RelationWalk describes a walk along relations from a root entity, the way the
// server's relations query and alarm propagation walk them.
type RelationWalk struct {
	Root tb.EntityID
	// Direction is "FROM" (follow relations that start at each entity) or anything
	// else (follow relations that end at it, as the server does for TO and null).
	Direction string
	// Group is the relation type group; empty means COMMON.
	Group string
	// MaxLevel is the depth; 0 or less means no limit.
	MaxLevel int
	// FetchLastLevelOnly keeps the relations of the last level, and the relations
	// leading to entities that have no further relations.
	FetchLastLevelOnly bool
}

// WalkRelations walks the relations level by level (breadth first), visiting each
// related entity once, and returns the relations found, each once, in the order found.
func WalkRelations(tx *Tx, q RelationWalk) []Relation {
	maxLvl := q.MaxLevel
	if maxLvl <= 0 {
		maxLvl = int(^uint(0) >> 1)
	}
	group := cmp.Or(q.Group, "COMMON")
	from := q.Direction == "FROM"
	type task struct {
		lvl  int
		root tb.EntityID
		prev []Relation
	}
	seen := map[tb.EntityID]bool{}
	type relID struct {
		from, to tb.EntityID
		typ, grp string
	}
	added := map[relID]bool{}
	var result []Relation
	add := func(rs []Relation) {
		for _, r := range rs {
			k := relID{r.From, r.To, r.Type, r.TypeGroup}
			if !added[k] {
				added[k] = true
				result = append(result, r)
			}
		}
	}
	queue := []task{{lvl: 1, root: q.Root}}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		var rels []Relation
		if from {
			rels = tx.RelationsFrom(t.root, "", group)
		} else {
			rels = tx.RelationsTo(t.root, "", group)
		}
		var children []tb.EntityID
		childRels := map[tb.EntityID][]Relation{}
		for _, r := range rels {
			child := r.From
			if from {
				child = r.To
			}
			if !seen[child] {
				seen[child] = true
				children = append(children, child)
				childRels[child] = nil
			}
			if q.FetchLastLevelOnly {
				if _, ok := childRels[child]; ok {
					childRels[child] = append(childRels[child], r)
				}
			}
		}
		if q.FetchLastLevelOnly {
			if len(rels) == 0 {
				add(t.prev)
			} else if t.lvl == maxLvl {
				add(rels)
			}
		} else {
			add(rels)
		}
		if t.lvl < maxLvl {
			for _, c := range children {
				queue = append(queue, task{lvl: t.lvl + 1, root: c, prev: childRels[c]})
			}
		}
	}
	return result
}

// relMatchFilters is the relations query's filter test: some filter's relation type
// (any when empty) and entity types (any when empty) match the relation's far end.
// Negate is not used by this query.
func relMatchFilters(filters []tb.RelationEntityTypeFilter, r Relation, from bool) bool {
	if len(filters) == 0 {
		return true
	}
	far := r.From
	if from {
		far = r.To
	}
	for _, f := range filters {
		if f.RelationType != "" && f.RelationType != r.Type {
			continue
		}
		if len(f.EntityTypes) == 0 {
			return true
		}
		for _, t := range f.EntityTypes {
			if t == far.EntityType {
				return true
			}
		}
	}
	return false
}

func (s *Server) relFindByQuery(info bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		var q relQuery
		if err := DecodeJSON(r, &q); err != nil {
			return err
		}
		if q.Parameters == nil || q.Filters == nil {
			return ItemNotFound()
		}
		prm := q.Parameters
		if prm.Direction != "" && prm.Direction != "FROM" && prm.Direction != "TO" {
			return BadRequest("JSON parse error: Cannot deserialize value of type `org.thingsboard.server.common.data.relation.EntitySearchDirection` from String \"%s\"", prm.Direction)
		}
		if prm.RelationTypeGroup != "" && !relationGroups[prm.RelationTypeGroup] {
			return BadRequest("JSON parse error: Cannot deserialize value of type `org.thingsboard.server.common.data.relation.RelationTypeGroup` from String \"%s\"", prm.RelationTypeGroup)
		}
		root, err := ParseEntityID(prm.RootType, prm.RootID)
		if err != nil {
			return err
		}
		var out any
		s.store.Read(func(tx *Tx) {
			if _, err = relCheckEntity(tx, p, root, false); err != nil {
				return
			}
			rels := WalkRelations(tx, RelationWalk{Root: root, Direction: prm.Direction, Group: prm.RelationTypeGroup,
				MaxLevel: prm.MaxLevel, FetchLastLevelOnly: prm.FetchLastLevelOnly})
			kept := rels[:0:0]
			for _, rel := range rels {
				if relMatchFilters(*q.Filters, rel, prm.Direction == "FROM") {
					kept = append(kept, rel)
				}
			}
			kept = relReadable(tx, p, kept)
			if info {
				out = relInfos(tx, kept, prm.Direction == "FROM")
			} else {
				out = relModels(kept)
			}
		})
		if err != nil {
			return err
		}
		return WriteJSON(w, out)
	}
}
