package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// registerPEHandlers installs the PE access model's operations (PE mode only).
func registerPEHandlers(s *Server) {
	both := []tb.Authority{TenantAdmin, CustomerUser}
	h := func(pattern string, fn HandlerFunc) { s.Handle(pattern, Authed(fn, both...)) }

	h("GET /api/entityGroup/{entityGroupId}", s.peGetGroup)
	h("POST /api/entityGroup", s.peSaveGroup)
	h("DELETE /api/entityGroup/{entityGroupId}", s.peDeleteGroup)
	h("GET /api/entityGroups/{groupType}", s.peGroupsByType)
	h("GET /api/entityGroups/{groupType}/all", s.peGroupsByTypeList)
	h("GET /api/entityGroups/{groupType}/shared", s.peSharedGroups)
	h("GET /api/entityGroups/{groupType}/shared/all", s.peSharedGroupsList)
	h("GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}", s.peGroupsByOwner)
	h("GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}/all", s.peGroupsByOwnerList)
	h("GET /api/entityGroup/all/{ownerType}/{ownerId}/{groupType}", s.peGroupAll)
	h("GET /api/entityGroup/{ownerType}/{ownerId}/{groupType}/{groupName}", s.peGroupByName)
	h("POST /api/entityGroup/{entityGroupId}/addEntities", s.peAddEntities)
	h("POST /api/entityGroup/{entityGroupId}/deleteEntities", s.peRemoveEntities)
	h("GET /api/entityGroup/{entityGroupId}/{entityId}", s.peGroupEntity)
	h("GET /api/entityGroup/{entityGroupId}/entities", s.peGroupEntities)
	h("GET /api/entityGroups/{entityType}/{entityId}", s.peGroupsForEntity)
	h("GET /api/entityGroups/list", s.peGroupsByIDs)
	// The unpaged and by-ids routes of PE before 4.3, which the server still serves.
	h("GET /api/entityGroups", s.peGroupsByIDs)
	h("GET /api/owners", s.peOwners)
	h("GET /api/ownerInfos", s.peOwnerInfos)
	h("GET /api/ownerInfo/{ownerType}/{ownerId}", s.peOwnerInfo)
	h("GET /api/entityGroupInfo/{entityGroupId}", s.peGroupEntityInfo)
	h("GET /api/entityGroupInfos", s.peGroupEntityInfosByIDs)
	h("GET /api/entityGroupInfos/{groupType}", s.peGroupEntityInfosByType)
	h("POST /api/entityGroup/{entityGroupId}/makePublic", s.peMakePublic)
	h("POST /api/entityGroup/{entityGroupId}/makePrivate", s.peMakePrivate)
	h("POST /api/entityGroup/{entityGroupId}/share", s.peShare)
	h("POST /api/entityGroup/{entityGroupId}/{userGroupId}/{roleId}/share", s.peShareWithUserGroup)
	for path, t := range map[string]tb.EntityType{"devices": tb.EntityTypeDevice, "assets": tb.EntityTypeAsset,
		"customers": tb.EntityTypeCustomer, "users": tb.EntityTypeUser, "dashboards": tb.EntityTypeDashboard,
		"entityViews": tb.EntityTypeEntityView, "edges": tb.EntityTypeEdge} {
		h("GET /api/entityGroup/{entityGroupId}/"+path, s.peGroupMembersOf(t))
	}
	// The entity views the user may read (the device family serves the other user lists).
	h("GET /api/user/entityViews", func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		return s.listEntityViews(w, r, func(tx *Tx) ([]Record, error) {
			return ReadableRecords(tx, p, tx.ListByTenant(tb.EntityTypeEntityView, p.TenantID)), nil
		}, false)
	})
	h("GET /api/user/customers", func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		pl, err := ParsePageLink(r)
		if err != nil {
			return err
		}
		if err := pl.CheckSort(customerSorts...); err != nil {
			return err
		}
		var recs []Record
		s.store.Read(func(tx *Tx) { recs = ReadableRecords(tx, p, tx.ListByTenant(tb.EntityTypeCustomer, p.TenantID)) })
		return WriteJSON(w, RecordPage(recs, pl, "title"))
	})
	h("GET /api/user/users", func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		return writeUserPage(w, r, func(tx *Tx) ([]Record, error) {
			return ReadableRecords(tx, p, tx.ListByTenant(tb.EntityTypeUser, p.TenantID)), nil
		}, s.store)
	})
	registerPERoleHandlers(s, h)
	s.peInterceptSaves()
}

// ---- parameters ----

var groupTypeSet = map[string]bool{"CUSTOMER": true, "ASSET": true, "DEVICE": true, "USER": true,
	"ENTITY_VIEW": true, "DASHBOARD": true, "EDGE": true}

func parseGroupType(s string) (tb.EntityType, error) {
	t, err := ParseEntityType(s)
	if err != nil {
		return "", err
	}
	if !groupTypeSet[s] {
		return "", BadRequest("Unsupported entity group type: %s", s)
	}
	return t, nil
}

// peOwnerParam reads the ownerType and ownerId path values and checks that the caller
// may read the owner.
func peOwnerParam(tx *Tx, r *http.Request, p *Principal) (tb.EntityID, error) {
	t, err := ParseEntityType(r.PathValue("ownerType"))
	if err != nil {
		return tb.EntityID{}, err
	}
	if t != tb.EntityTypeTenant && t != tb.EntityTypeCustomer {
		return tb.EntityID{}, BadRequest("Unsupported owner type: %s", t)
	}
	id, err := ParseUUID(r.PathValue("ownerId"))
	if err != nil {
		return tb.EntityID{}, err
	}
	owner := tb.NewEntityID(t, id)
	rec, ok := tx.GetTyped(owner)
	if !ok {
		return tb.EntityID{}, NotFound(normalName(t), id)
	}
	if err := Authorize(tx, p, rec, tb.OperationRead); err != nil {
		return tb.EntityID{}, err
	}
	return owner, nil
}

func normalName(t tb.EntityType) string {
	switch t {
	case tb.EntityTypeEntityGroup:
		return "Entity group"
	case tb.EntityTypeEntityView:
		return "Entity view"
	case tb.EntityTypeGroupPermission:
		return "Group permission"
	}
	s := strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
	return strings.ToUpper(s[:1]) + s[1:]
}

// peLoadGroup returns the group with the UUID in the path value name if the caller may
// perform op on it.
func peLoadGroup(tx *Tx, r *http.Request, p *Principal, name string, op tb.Operation) (Record, error) {
	id, err := PathUUID(r, name)
	if err != nil {
		return Record{}, err
	}
	g, ok := peGroup(tx, id)
	if !ok {
		return Record{}, NotFound("Entity group", id)
	}
	if err := Authorize(tx, p, g, op); err != nil {
		return Record{}, err
	}
	return g, nil
}

var groupSorts = []string{"createdTime", "name", "type", "description", "ownerName"}

// writeGroups writes groups as a list, or as a page when the request has a page link.
func (s *Server) writeGroups(w http.ResponseWriter, r *http.Request, tx *Tx, recs []Record, paged bool) error {
	info := func(g Record) tb.EntityGroupInfo { return peGroupInfo(tx, g) }
	if !paged {
		out := make([]tb.EntityGroupInfo, 0, len(recs))
		for _, g := range recs {
			out = append(out, info(g))
		}
		return WriteJSON(w, out)
	}
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(groupSorts...); err != nil {
		return err
	}
	recs = slices.Clone(SearchRecords(recs, pl, "name"))
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	out := tb.Page[tb.EntityGroupInfo]{Data: make([]tb.EntityGroupInfo, len(page.Data)), TotalPages: page.TotalPages,
		TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, g := range page.Data {
		out.Data[i] = info(g)
	}
	return WriteJSON(w, out)
}

func hasPageLink(r *http.Request) bool {
	q := r.URL.Query()
	return q.Has("pageSize") || q.Has("page")
}

// ---- groups ----

func (s *Server) peGetGroup(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var out tb.EntityGroupInfo
	var err error
	s.store.Read(func(tx *Tx) {
		var g Record
		if g, err = peLoadGroup(tx, r, p, "entityGroupId", tb.OperationRead); err == nil {
			out = peGroupInfo(tx, g)
		}
	})
	return writeResult(w, out, err)
}

func (s *Server) peSaveGroup(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.EntityGroup
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Type == "" {
		return BadRequest("Entity group type should be specified!")
	}
	if !groupTypeSet[string(in.Type)] {
		return BadRequest("Unsupported entity group type: %s", in.Type)
	}
	if strings.TrimSpace(in.Name) == "" {
		return BadRequest("Entity group name should be specified!")
	}
	var out tb.EntityGroupInfo
	err := s.store.Write(func(tx *Tx) error {
		a := newAccess(tx, p)
		var owner tb.EntityID
		create := in.ID.IsZero()
		if create {
			owner = in.OwnerID
			if owner.IsZero() || owner.IsNull() {
				owner = a.owner
			} else if !a.ownsChainOf(owner) {
				return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Unable to create entity group: Invalid entity group ownerId!")
			}
			probe := Record{ID: tb.NewEntityID(tb.EntityTypeEntityGroup, ""), TenantID: p.TenantID, OwnerID: owner,
				Fields: map[string]string{"type": string(in.Type)}}
			if !a.allows(probe, tb.OperationCreate) {
				return PermissionDenied()
			}
			in.ID, in.CreatedTime = tb.EntityID{}, 0
		} else {
			old, ok := peGroup(tx, strings.ToLower(in.ID.ID))
			if !ok {
				return NotFound("Entity group", in.ID.ID)
			}
			if !a.allows(old, tb.OperationWrite) {
				return PermissionDenied()
			}
			if old.Fields["type"] != string(in.Type) {
				return BadRequest("Entity group type can't be changed!")
			}
			if isGroupAll(old) && in.Name != tb.EntityGroupAllName {
				return BadRequest("Unable to rename entity group 'All'!")
			}
			if in.Version != 0 && in.Version != old.Version {
				return VersionConflict("Entity group")
			}
			owner = old.OwnerID
			in.ID, in.CreatedTime = old.ID, old.CreatedTime
		}
		if dup, ok := peGroupByName(tx, owner, in.Type, in.Name); ok && dup.ID != in.ID {
			return BadRequest("Entity group with such name, parent and type already exists!")
		}
		out = peGroupInfo(tx, pePutGroup(tx, p.TenantID, owner, in))
		return nil
	})
	return writeResult(w, out, err)
}

func (s *Server) peDeleteGroup(w http.ResponseWriter, r *http.Request, p *Principal) error {
	err := s.store.Write(func(tx *Tx) error {
		g, err := peLoadGroup(tx, r, p, "entityGroupId", tb.OperationDelete)
		if err != nil {
			return err
		}
		if isGroupAll(g) {
			return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Unable to remove entity group: Removal of entity group 'All' is forbidden!")
		}
		if g.Fields["name"] == tb.EntityGroupTenantAdminsName && g.OwnerID.EntityType == tb.EntityTypeTenant {
			admins := tx.List(tb.EntityTypeUser, func(u Record) bool {
				return u.TenantID == g.TenantID && u.Fields["authority"] == string(TenantAdmin)
			})
			if len(admins) > 0 && !slices.ContainsFunc(admins, func(u Record) bool { return !peIsMember(tx, g, u) }) {
				return Errorf(http.StatusBadRequest, tb.CodeInvalidArguments, "At least one tenant administrator must remain!")
			}
		}
		tx.Delete(g.ID.ID)
		return nil
	})
	return writeOK(w, err)
}

// readableGroups returns the groups of the type that the caller may list: its owner's
// when it may read them all, plus (with shared) those its group roles let it read.
func readableGroups(tx *Tx, p *Principal, groupType tb.EntityType, owned, shared bool) []Record {
	a := newAccess(tx, p)
	info := a.perms.ReadGroupPermissions[groupType]
	var out []Record
	if owned && info.HasGenericRead {
		out = peGroups(tx, a.owner, groupType)
	}
	if shared {
		for _, ref := range info.EntityGroupIDs {
			if g, ok := peGroup(tx, ref.ID); ok && !slices.ContainsFunc(out, func(o Record) bool { return o.ID == g.ID }) {
				out = append(out, g)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Record) int { return int(a.CreatedTime - b.CreatedTime) })
	return out
}

func (s *Server) groupsByType(w http.ResponseWriter, r *http.Request, p *Principal, paged, owned, sharedOnly bool) error {
	t, err := parseGroupType(r.PathValue("groupType"))
	if err != nil {
		return err
	}
	shared := sharedOnly
	if !sharedOnly {
		shared = r.URL.Query().Get("includeShared") != "false"
	}
	s.store.Read(func(tx *Tx) {
		err = s.writeGroups(w, r, tx, readableGroups(tx, p, t, owned, shared), paged)
	})
	return err
}

func (s *Server) peGroupsByType(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByType(w, r, p, hasPageLink(r), true, false)
}

func (s *Server) peGroupsByTypeList(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByType(w, r, p, false, true, false)
}

func (s *Server) peSharedGroups(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByType(w, r, p, hasPageLink(r), false, true)
}

func (s *Server) peSharedGroupsList(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByType(w, r, p, false, false, true)
}

func (s *Server) groupsByOwner(w http.ResponseWriter, r *http.Request, p *Principal, paged bool) error {
	var err error
	s.store.Read(func(tx *Tx) {
		var owner tb.EntityID
		if owner, err = peOwnerParam(tx, r, p); err != nil {
			return
		}
		var t tb.EntityType
		if t, err = parseGroupType(r.PathValue("groupType")); err != nil {
			return
		}
		a := newAccess(tx, p)
		if !a.perms.ReadGroupPermissions[t].HasGenericRead {
			err = PermissionDenied()
			return
		}
		err = s.writeGroups(w, r, tx, peGroups(tx, owner, t), paged)
	})
	return err
}

func (s *Server) peGroupsByOwner(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByOwner(w, r, p, hasPageLink(r))
}

func (s *Server) peGroupsByOwnerList(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupsByOwner(w, r, p, false)
}

func (s *Server) ownerGroup(w http.ResponseWriter, r *http.Request, p *Principal, name string) error {
	var out tb.EntityGroupInfo
	var err error
	s.store.Read(func(tx *Tx) {
		var owner tb.EntityID
		if owner, err = peOwnerParam(tx, r, p); err != nil {
			return
		}
		var t tb.EntityType
		if t, err = parseGroupType(r.PathValue("groupType")); err != nil {
			return
		}
		g, ok := peGroupByName(tx, owner, t, name)
		if !ok {
			err = ItemNotFound()
			return
		}
		if err = Authorize(tx, p, g, tb.OperationRead); err == nil {
			out = peGroupInfo(tx, g)
		}
	})
	return writeResult(w, out, err)
}

func (s *Server) peGroupAll(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.ownerGroup(w, r, p, tb.EntityGroupAllName)
}

func (s *Server) peGroupByName(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.ownerGroup(w, r, p, r.PathValue("groupName"))
}

// ---- members ----

func (s *Server) changeMembers(w http.ResponseWriter, r *http.Request, p *Principal, add bool) error {
	var ids []string
	if err := DecodeJSON(r, &ids); err != nil {
		return err
	}
	op, verb := tb.OperationAddToGroup, "add entities to"
	if !add {
		op, verb = tb.OperationRemoveFromGroup, "remove entities from"
	}
	err := s.store.Write(func(tx *Tx) error {
		g, err := peLoadGroup(tx, r, p, "entityGroupId", op)
		if err != nil {
			return err
		}
		if isGroupAll(g) {
			what := "Addition to"
			if !add {
				what = "Removal from"
			}
			return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Unable to %s entity group: %s entity group 'All' is forbidden!", verb, what)
		}
		t := tb.EntityType(g.Fields["type"])
		recs := make([]Record, 0, len(ids))
		for _, raw := range ids {
			id, err := ParseUUID(raw)
			if err != nil {
				return err
			}
			rec, ok := tx.GetTyped(tb.NewEntityID(t, id))
			if !ok {
				return NotFound(normalName(t), id)
			}
			if err := Authorize(tx, p, rec, tb.OperationRead); err != nil {
				return err
			}
			recs = append(recs, rec)
		}
		for _, rec := range recs {
			if add {
				peAddMember(tx, g.ID.ID, rec.ID.ID)
			} else {
				peRemoveMember(tx, g.ID.ID, rec.ID.ID)
			}
		}
		return nil
	})
	return writeOK(w, err)
}

func (s *Server) peAddEntities(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changeMembers(w, r, p, true)
}

func (s *Server) peRemoveEntities(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.changeMembers(w, r, p, false)
}

// entityName returns the name the API shows for an entity: its name, title or email.
func entityName(rec Record) string {
	for _, f := range []string{"name", "title", "email"} {
		if v := rec.Fields[f]; v != "" {
			return v
		}
	}
	return ""
}

// shortView is a group member as the group entity lists show it.
func shortView(rec Record) map[string]any {
	m := map[string]any{"id": rec.ID, "name": entityName(rec), "createdTime": rec.Fields["createdTime"]}
	for _, f := range []string{"type", "label", "title", "email", "firstName", "lastName"} {
		if v := rec.Fields[f]; v != "" {
			m[f] = v
		}
	}
	return m
}

func (s *Server) peGroupEntity(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var out map[string]any
	var err error
	s.store.Read(func(tx *Tx) {
		var g Record
		if g, err = peLoadGroup(tx, r, p, "entityGroupId", tb.OperationRead); err != nil {
			return
		}
		var id string
		if id, err = PathUUID(r, "entityId"); err != nil {
			return
		}
		rec, ok := tx.Get(id)
		if !ok || !peIsMember(tx, g, rec) {
			err = ItemNotFound()
			return
		}
		out = shortView(rec)
	})
	return writeResult(w, out, err)
}

func (s *Server) peGroupEntities(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	var out tb.Page[map[string]any]
	s.store.Read(func(tx *Tx) {
		var g Record
		if g, err = peLoadGroup(tx, r, p, "entityGroupId", tb.OperationRead); err != nil {
			return
		}
		recs := slices.Clone(SearchRecords(peMembers(tx, g), pl, "name", "title", "email"))
		SortRecords(recs, pl)
		page := Paginate(recs, pl)
		out = tb.Page[map[string]any]{Data: make([]map[string]any, len(page.Data)), TotalPages: page.TotalPages,
			TotalElements: page.TotalElements, HasNext: page.HasNext}
		for i, rec := range page.Data {
			out.Data[i] = shortView(rec)
		}
	})
	return writeResult(w, out, err)
}

// peGroupMembersOf lists the members of a group of type t in their own model.
func (s *Server) peGroupMembersOf(t tb.EntityType) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		pl, err := ParsePageLink(r)
		if err != nil {
			return err
		}
		var out tb.Page[any]
		s.store.Read(func(tx *Tx) {
			var g Record
			if g, err = peLoadGroup(tx, r, p, "entityGroupId", tb.OperationRead); err != nil {
				return
			}
			if g.Fields["type"] != string(t) {
				err = BadRequest("Entity group type is %s, not %s!", g.Fields["type"], t)
				return
			}
			recs := slices.Clone(SearchRecords(peMembers(tx, g), pl, "name", "title", "email", "label", "type"))
			SortRecords(recs, pl)
			page := Paginate(recs, pl)
			out = tb.Page[any]{Data: make([]any, len(page.Data)), TotalPages: page.TotalPages,
				TotalElements: page.TotalElements, HasNext: page.HasNext}
			for i, rec := range page.Data {
				out.Data[i] = peEntityOut(rec)
			}
		})
		return writeResult(w, out, err)
	}
}

// peEntityOut returns an entity in its API form with its PE ownerId; dashboards are
// listed as DashboardInfo, without their configuration.
func peEntityOut(rec Record) map[string]any {
	var m map[string]any
	if err := remarshal(rec.Value, &m); err != nil || m == nil {
		m = map[string]any{"id": rec.ID}
	}
	m["ownerId"] = peOwner(rec)
	if rec.ID.EntityType == tb.EntityTypeDashboard {
		delete(m, "configuration")
	}
	return m
}

func (s *Server) peGroupsForEntity(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := ParseEntityID(r.PathValue("entityType"), r.PathValue("entityId"))
	if err != nil {
		return err
	}
	out := []tb.EntityID{}
	s.store.Read(func(tx *Tx) {
		rec, ok := tx.GetTyped(id)
		if !ok {
			err = NotFound(normalName(id.EntityType), id.ID)
			return
		}
		if err = Authorize(tx, p, rec, tb.OperationRead); err != nil {
			return
		}
		for _, g := range peGroupsOf(tx, rec) {
			out = append(out, g.ID)
		}
	})
	return writeResult(w, out, err)
}

// idsParam splits a comma-separated list of UUIDs, as Spring binds a String[].
func peIDsParam(r *http.Request, name string) ([]string, error) {
	raw, err := RequiredParam(r, name, "String[]")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, part := range strings.Split(raw, ",") {
		id, err := ParseUUID(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func (s *Server) peGroupsByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := peIDsParam(r, "entityGroupIds")
	if err != nil {
		return err
	}
	out := []tb.EntityGroupInfo{}
	s.store.Read(func(tx *Tx) {
		readable := Readable(tx, p)
		for _, id := range ids {
			if g, ok := peGroup(tx, id); ok && readable(g) {
				out = append(out, peGroupInfo(tx, g))
			}
		}
	})
	return WriteJSON(w, out)
}

// entityInfo is an entity's id and name.
func entityInfo(rec Record) tb.EntityInfo { return tb.EntityInfo{ID: rec.ID, Name: entityName(rec)} }

func (s *Server) peGroupEntityInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var out tb.EntityInfo
	var err error
	s.store.Read(func(tx *Tx) {
		var g Record
		if g, err = peLoadGroup(tx, r, p, "entityGroupId", tb.OperationRead); err == nil {
			out = entityInfo(g)
		}
	})
	return writeResult(w, out, err)
}

func (s *Server) peGroupEntityInfosByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := peIDsParam(r, "entityGroupIds")
	if err != nil {
		return err
	}
	out := []tb.EntityInfo{}
	s.store.Read(func(tx *Tx) {
		readable := Readable(tx, p)
		for _, id := range ids {
			if g, ok := peGroup(tx, id); ok && readable(g) {
				out = append(out, entityInfo(g))
			}
		}
	})
	return WriteJSON(w, out)
}

// writeInfoPage searches, sorts and pages records as EntityInfo.
func writeInfoPage(w http.ResponseWriter, pl PageLink, recs []Record, searchFields ...string) error {
	recs = slices.Clone(SearchRecords(recs, pl, searchFields...))
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	out := tb.Page[tb.EntityInfo]{Data: make([]tb.EntityInfo, len(page.Data)), TotalPages: page.TotalPages,
		TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, rec := range page.Data {
		out.Data[i] = entityInfo(rec)
	}
	return WriteJSON(w, out)
}

func (s *Server) peGroupEntityInfosByType(w http.ResponseWriter, r *http.Request, p *Principal) error {
	t, err := parseGroupType(r.PathValue("groupType"))
	if err != nil {
		return err
	}
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(groupSorts...); err != nil {
		return err
	}
	shared := r.URL.Query().Get("includeShared") != "false"
	s.store.Read(func(tx *Tx) { err = writeInfoPage(w, pl, readableGroups(tx, p, t, true, shared), "name") })
	return err
}

// ownerRecords returns the owners the caller can assign entities to.
func ownerRecords(tx *Tx, p *Principal) []Record {
	a := newAccess(tx, p)
	var recs []Record
	if p.IsTenantAdmin() {
		if t, ok := tx.GetTyped(p.TenantEntityID()); ok {
			recs = append(recs, t)
		}
	}
	return append(recs, tx.List(tb.EntityTypeCustomer, func(c Record) bool {
		return c.TenantID == p.TenantID && (c.ID.ID == p.CustomerID || a.ownsChainOf(peOwner(c)))
	})...)
}

func (s *Server) peOwnerInfos(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort("createdTime", "title", "name"); err != nil {
		return err
	}
	s.store.Read(func(tx *Tx) { err = writeInfoPage(w, pl, ownerRecords(tx, p), "title", "name") })
	return err
}

func (s *Server) peOwnerInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var out tb.EntityInfo
	var err error
	s.store.Read(func(tx *Tx) {
		var owner tb.EntityID
		if owner, err = peOwnerParam(tx, r, p); err == nil {
			rec, _ := tx.GetTyped(owner)
			out = entityInfo(rec)
		}
	})
	return writeResult(w, out, err)
}

// peOwners lists the owners the caller can assign entities to: its own tenant or
// customer and the customers below it.
func (s *Server) peOwners(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort("createdTime", "title", "name", "email", "country", "city"); err != nil {
		return err
	}
	var out tb.Page[any]
	s.store.Read(func(tx *Tx) {
		recs := slices.Clone(SearchRecords(ownerRecords(tx, p), pl, "title", "name"))
		SortRecords(recs, pl)
		page := Paginate(recs, pl)
		out = tb.Page[any]{Data: make([]any, len(page.Data)), TotalPages: page.TotalPages,
			TotalElements: page.TotalElements, HasNext: page.HasNext}
		for i, rec := range page.Data {
			out.Data[i] = rec.Value
		}
	})
	return WriteJSON(w, out)
}

// ---- public groups and sharing ----

var publicGroupTypes = map[string]bool{"ASSET": true, "DEVICE": true, "ENTITY_VIEW": true, "DASHBOARD": true, "EDGE": true}

// publicUserGroupPermissions are those of the "Entity Group Public User" role.
var publicUserGroupPermissions = []tb.Operation{tb.OperationRead, tb.OperationRPCCall, tb.OperationReadAttributes, tb.OperationReadTelemetry}

// withInfo returns the group's additionalInfo with key set to v (removed when v is nil).
func withInfo(info json.RawMessage, key string, v any) json.RawMessage {
	m := map[string]any{}
	_ = jsonUnmarshal(info, &m)
	if m == nil {
		m = map[string]any{}
	}
	if v == nil {
		delete(m, key)
	} else {
		m[key] = v
	}
	return jsonMarshal(m)
}

func (s *Server) setPublic(w http.ResponseWriter, r *http.Request, p *Principal, public bool) error {
	err := s.store.Write(func(tx *Tx) error {
		g, err := peLoadGroup(tx, r, p, "entityGroupId", tb.OperationWrite)
		if err != nil {
			return err
		}
		if !publicGroupTypes[g.Fields["type"]] {
			return BadRequest("Entity group of type %s can't be made public!", g.Fields["type"])
		}
		m := *peGroupModel(g)
		if m.IsPublic() == public {
			if public {
				return BadRequest("Entity group is already public!")
			}
			return BadRequest("Entity group is not public!")
		}
		pub, err := s.PublicCustomer(tx, g.TenantID)
		if err != nil {
			return err
		}
		users := peFindOrCreateUserGroup(tx, g.TenantID, pub.ID, tb.EntityGroupPublicUsersName, descPublicUsers)
		if public {
			m.AdditionalInfo = withInfo(m.AdditionalInfo, "isPublic", true)
			m.AdditionalInfo = withInfo(m.AdditionalInfo, "publicCustomerId", pub.ID.ID)
			role := peFindOrCreateRole(tx, g.TenantID, pub.ID, tb.RoleTypeGroup, tb.RolePublicUserGroupName,
				"Autogenerated Public User group role with read-only permissions.", tb.RolePermissions{Group: publicUserGroupPermissions})
			peFindOrCreatePermission(tx, g.TenantID, users.ID, role.ID, &g, true)
		} else {
			m.AdditionalInfo = withInfo(m.AdditionalInfo, "isPublic", nil)
			m.AdditionalInfo = withInfo(m.AdditionalInfo, "publicCustomerId", nil)
			for _, gp := range tx.List(tb.EntityTypeGroupPermission, func(r Record) bool {
				return r.Fields["entityGroupId"] == g.ID.ID && r.Fields["userGroupId"] == users.ID.ID
			}) {
				tx.Delete(gp.ID.ID)
			}
		}
		pePutGroup(tx, g.TenantID, g.OwnerID, m)
		return nil
	})
	return writeOK(w, err)
}

func (s *Server) peMakePublic(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.setPublic(w, r, p, true)
}

func (s *Server) peMakePrivate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.setPublic(w, r, p, false)
}

// shareGroup binds the GROUP roles to the user group on the entity group.
func shareGroup(tx *Tx, p *Principal, g, userGroup Record, roles []Record) error {
	if userGroup.Fields["type"] != string(tb.EntityTypeUser) {
		return BadRequest("Entity group %s is not a user group!", userGroup.ID.ID)
	}
	for _, role := range roles {
		if role.Fields["type"] != string(tb.RoleTypeGroup) {
			return BadRequest("Can't assign Generic Role to entity group!")
		}
	}
	for _, role := range roles {
		peFindOrCreatePermission(tx, g.TenantID, userGroup.ID, role.ID, &g, false)
	}
	return nil
}

func (s *Server) peShare(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var req tb.ShareGroupRequest
	if err := DecodeJSON(r, &req); err != nil {
		return err
	}
	err := s.store.Write(func(tx *Tx) error {
		g, err := peLoadGroup(tx, r, p, "entityGroupId", tb.OperationShareGroup)
		if err != nil {
			return err
		}
		var userGroup Record
		if req.AllUserGroup {
			owner := req.OwnerID
			if owner.IsZero() {
				return BadRequest("Owner id should be specified!")
			}
			ug, ok := peGroupByName(tx, owner, tb.EntityTypeUser, tb.EntityGroupAllName)
			if !ok {
				return ItemNotFound()
			}
			userGroup = ug
		} else {
			ug, ok := peGroup(tx, strings.ToLower(req.UserGroupID.ID))
			if !ok || ug.TenantID != p.TenantID {
				return NotFound("Entity group", req.UserGroupID.ID)
			}
			userGroup = ug
		}
		var roles []Record
		if len(req.RoleIDs) > 0 {
			for _, id := range req.RoleIDs {
				role, ok := peRole(tx, strings.ToLower(id.ID))
				if !ok || (role.TenantID != p.TenantID && role.TenantID != tb.NullUUID) {
					return NotFound("Role", id.ID)
				}
				roles = append(roles, role)
			}
		} else {
			owner := principalOwner(p)
			name, desc := tb.RoleWriteGroupName, "Autogenerated group role with write permissions."
			perms := tb.RolePermissions{Group: []tb.Operation{tb.OperationAll}}
			if req.ReadElseWrite {
				name, desc = tb.RoleReadOnlyGroupName, "Autogenerated group role with read-only permissions."
				perms = tb.RolePermissions{Group: []tb.Operation{tb.OperationRead, tb.OperationRPCCall,
					tb.OperationReadCredentials, tb.OperationReadAttributes, tb.OperationReadTelemetry}}
			}
			roles = []Record{peFindOrCreateRole(tx, p.TenantID, owner, tb.RoleTypeGroup, name, desc, perms)}
		}
		return shareGroup(tx, p, g, userGroup, roles)
	})
	return writeOK(w, err)
}

func (s *Server) peShareWithUserGroup(w http.ResponseWriter, r *http.Request, p *Principal) error {
	err := s.store.Write(func(tx *Tx) error {
		g, err := peLoadGroup(tx, r, p, "entityGroupId", tb.OperationShareGroup)
		if err != nil {
			return err
		}
		ugID, err := PathUUID(r, "userGroupId")
		if err != nil {
			return err
		}
		roleID, err := PathUUID(r, "roleId")
		if err != nil {
			return err
		}
		ug, ok := peGroup(tx, ugID)
		if !ok || ug.TenantID != p.TenantID {
			return NotFound("Entity group", ugID)
		}
		role, ok := peRole(tx, roleID)
		if !ok || (role.TenantID != p.TenantID && role.TenantID != tb.NullUUID) {
			return NotFound("Role", roleID)
		}
		return shareGroup(tx, p, g, ug, []Record{role})
	})
	return writeOK(w, err)
}
