package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

func registerPERoleHandlers(s *Server, h func(string, HandlerFunc)) {
	h("GET /api/role/{roleId}", s.peGetRole)
	h("POST /api/role", s.peSaveRole)
	h("DELETE /api/role/{roleId}", s.peDeleteRole)
	h("GET /api/roles", s.peRoles)
	h("GET /api/roles/list", s.peRolesByIDs)
	h("GET /api/groupPermission/{groupPermissionId}", s.peGetPermission)
	h("GET /api/groupPermission/info/{groupPermissionId}", s.peGetPermissionInfo)
	h("POST /api/groupPermission", s.peSavePermission)
	h("DELETE /api/groupPermission/{groupPermissionId}", s.peDeletePermission)
	h("GET /api/userGroup/{userGroupId}/groupPermissions", s.peUserGroupPermissions)
	h("POST /api/userGroup/groupPermissions/info", s.peLoadPermissionInfos)
	h("GET /api/entityGroup/{entityGroupId}/groupPermissions", s.peEntityGroupPermissions)
	h("GET /api/permission/{entityType}/{entityId}/{operation}", s.peHasEntityPermission)
	h("POST /api/owner/CUSTOMER/{ownerId}/{entityType}/{entityId}", s.peChangeOwner(tb.EntityTypeCustomer))
	s.Handle("GET /api/permissions/allowedPermissions", Authed(s.peAllowedPermissions))
	s.Handle("POST /api/owner/TENANT/{ownerId}/{entityType}/{entityId}", Authed(s.peChangeOwner(tb.EntityTypeTenant), TenantAdmin))
}

// ---- roles ----

// roleReadable reports whether the caller may read the role: its tenant's and
// customers' roles by the permission model, and the system roles every tenant uses.
func roleReadable(tx *Tx, p *Principal, role Record) bool {
	return role.TenantID == tb.NullUUID || Authorize(tx, p, role, tb.OperationRead) == nil
}

func (s *Server) loadRole(tx *Tx, p *Principal, id string, op tb.Operation) (Record, error) {
	role, ok := peRole(tx, id)
	if !ok {
		return Record{}, NotFound("Role", id)
	}
	if op == tb.OperationRead && roleReadable(tx, p, role) {
		return role, nil
	}
	if role.TenantID == tb.NullUUID {
		return Record{}, PermissionDenied()
	}
	if err := Authorize(tx, p, role, op); err != nil {
		return Record{}, err
	}
	return role, nil
}

func (s *Server) peGetRole(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "roleId")
	if err != nil {
		return err
	}
	var out *tb.Role
	s.store.Read(func(tx *Tx) {
		var rec Record
		if rec, err = s.loadRole(tx, p, id, tb.OperationRead); err == nil {
			out = modelOf[tb.Role](rec)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// rolePermissionsShape checks that a role's permissions have the shape of its type and
// name known resources and operations.
func rolePermissionsShape(raw json.RawMessage, t tb.RoleType) (tb.RolePermissions, error) {
	var perms tb.RolePermissions
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return perms, BadRequest("Role permissions should be specified!")
	}
	if err := json.Unmarshal(trimmed, &perms); err != nil {
		return perms, BadRequest("Invalid role permissions: %v", err)
	}
	if t == tb.RoleTypeGeneric && perms.Generic == nil || t == tb.RoleTypeGroup && perms.Group == nil {
		return perms, BadRequest("Invalid role permissions for role type %s!", t)
	}
	return perms, nil
}

func (s *Server) peSaveRole(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in struct {
		tb.Role
		RawPermissions json.RawMessage `json:"permissions"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	role := in.Role
	if strings.TrimSpace(role.Name) == "" {
		return BadRequest("Role name should be specified!")
	}
	if role.Type != tb.RoleTypeGeneric && role.Type != tb.RoleTypeGroup {
		return BadRequest("Role type should be specified!")
	}
	perms, err := rolePermissionsShape(in.RawPermissions, role.Type)
	if err != nil {
		return err
	}
	role.Permissions = perms
	var out *tb.Role
	err = s.store.Write(func(tx *Tx) error {
		owner := principalOwner(p)
		if role.ID.IsZero() {
			probe := Record{ID: tb.NewEntityID(tb.EntityTypeRole, ""), TenantID: p.TenantID, CustomerID: ownerCustomerID(owner), OwnerID: owner}
			if err := Authorize(tx, p, probe, tb.OperationCreate); err != nil {
				return err
			}
			role.CreatedTime = 0
		} else {
			old, err := s.loadRole(tx, p, strings.ToLower(role.ID.ID), tb.OperationWrite)
			if err != nil {
				return err
			}
			if old.Fields["type"] != string(role.Type) {
				return BadRequest("Role type can't be changed!")
			}
			if role.Version != 0 && role.Version != old.Version {
				return VersionConflict("Role")
			}
			owner = old.OwnerID
			role.ID, role.CreatedTime = old.ID, old.CreatedTime
		}
		out = modelOf[tb.Role](pePutRole(tx, p.TenantID, owner, role))
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) peDeleteRole(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "roleId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		role, err := s.loadRole(tx, p, id, tb.OperationDelete)
		if err != nil {
			return err
		}
		if len(tx.List(tb.EntityTypeGroupPermission, func(r Record) bool { return r.Fields["roleId"] == role.ID.ID })) > 0 {
			return Errorf(http.StatusBadRequest, tb.CodeInvalidArguments, "Role can't be deleted because it used by user group permissions!")
		}
		tx.Delete(role.ID.ID)
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) peRoles(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if r.URL.Query().Has("roleIds") && !hasPageLink(r) {
		return s.peRolesByIDs(w, r, p)
	}
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort("createdTime", "name", "type", "description"); err != nil {
		return err
	}
	t := r.URL.Query().Get("type")
	if t != "" && t != string(tb.RoleTypeGeneric) && t != string(tb.RoleTypeGroup) {
		return BadRequest("No enum constant org.thingsboard.server.common.data.role.RoleType.%s", t)
	}
	if !HasGenericPermissionFor(s, p, tb.ResourceRole, tb.OperationRead) {
		return PermissionDenied()
	}
	var page tb.Page[any]
	s.store.Read(func(tx *Tx) {
		owner := principalOwner(p)
		recs := tx.List(tb.EntityTypeRole, func(rec Record) bool {
			return rec.TenantID == p.TenantID && rec.OwnerID == owner && (t == "" || rec.Fields["type"] == t)
		})
		page = RecordPage(recs, pl, "name")
	})
	return WriteJSON(w, page)
}

// HasGenericPermissionFor is HasGenericPermission in its own read transaction.
func HasGenericPermissionFor(s *Server, p *Principal, resource tb.Resource, op tb.Operation) bool {
	var ok bool
	s.store.Read(func(tx *Tx) { ok = HasGenericPermission(tx, p, resource, op) })
	return ok
}

func (s *Server) peRolesByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := peIDsParam(r, "roleIds")
	if err != nil {
		return err
	}
	out := []*tb.Role{}
	s.store.Read(func(tx *Tx) {
		for _, id := range ids {
			if role, ok := peRole(tx, id); ok && roleReadable(tx, p, role) {
				out = append(out, modelOf[tb.Role](role))
			}
		}
	})
	return WriteJSON(w, out)
}

// ---- group permissions ----

func loadPermission(tx *Tx, r *http.Request, p *Principal, op tb.Operation) (Record, error) {
	id, err := PathUUID(r, "groupPermissionId")
	if err != nil {
		return Record{}, err
	}
	gp, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeGroupPermission, id))
	if !ok {
		return Record{}, NotFound("Group permission", id)
	}
	if err := Authorize(tx, p, gp, op); err != nil {
		return Record{}, err
	}
	return gp, nil
}

// permissionInfo completes a group permission with the names and owners of its groups
// and its role.
func permissionInfo(tx *Tx, a *access, gp tb.GroupPermission, isUserGroup bool) tb.GroupPermissionInfo {
	info := tb.GroupPermissionInfo{GroupPermission: gp}
	if role, ok := peRole(tx, gp.RoleID.ID); ok {
		info.Role = modelOf[tb.Role](role)
	}
	ownerName := func(owner tb.EntityID) string {
		if rec, ok := tx.GetTyped(owner); ok {
			return entityName(rec)
		}
		return ""
	}
	if ug, ok := peGroup(tx, gp.UserGroupID.ID); ok {
		info.UserGroupName, info.UserGroupOwnerID, info.UserGroupOwnerName = ug.Fields["name"], ug.OwnerID, ownerName(ug.OwnerID)
	}
	if eg, ok := peGroup(tx, gp.EntityGroupID.ID); ok {
		info.EntityGroupName, info.EntityGroupOwnerID, info.EntityGroupOwnerName = eg.Fields["name"], eg.OwnerID, ownerName(eg.OwnerID)
	}
	// Seen from one side, a permission whose other side belongs above the caller's
	// owner cannot be changed by the caller.
	other := info.EntityGroupOwnerID
	if !isUserGroup {
		other = info.UserGroupOwnerID
	}
	info.ReadOnly = !other.IsZero() && !a.ownsChainOf(other)
	return info
}

func (s *Server) peGetPermission(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var out *tb.GroupPermission
	var err error
	s.store.Read(func(tx *Tx) {
		var gp Record
		if gp, err = loadPermission(tx, r, p, tb.OperationRead); err == nil {
			out = modelOf[tb.GroupPermission](gp)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) peGetPermissionInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	raw, err := RequiredParam(r, "isUserGroup", "boolean")
	if err != nil {
		return err
	}
	isUserGroup := strings.EqualFold(raw, "true")
	if !isUserGroup && !strings.EqualFold(raw, "false") {
		return typeMismatch("isUserGroup", raw, "boolean")
	}
	var out tb.GroupPermissionInfo
	s.store.Read(func(tx *Tx) {
		var gp Record
		if gp, err = loadPermission(tx, r, p, tb.OperationRead); err == nil {
			out = permissionInfo(tx, newAccess(tx, p), *modelOf[tb.GroupPermission](gp), isUserGroup)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) peSavePermission(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.GroupPermission
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.RoleID.IsZero() {
		return BadRequest("Group permission role should be specified!")
	}
	if in.UserGroupID.IsZero() {
		return BadRequest("Group permission user group should be specified!")
	}
	var out *tb.GroupPermission
	err := s.store.Write(func(tx *Tx) error {
		a := newAccess(tx, p)
		op := tb.OperationCreate
		if !in.ID.IsZero() {
			old, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeGroupPermission, strings.ToLower(in.ID.ID)))
			if !ok {
				return NotFound("Group permission", in.ID.ID)
			}
			op, in.ID, in.CreatedTime = tb.OperationWrite, old.ID, old.CreatedTime
		}
		if !a.perms.HasGenericPermission(tb.ResourceGroupPermission, op) {
			return PermissionDenied()
		}
		role, err := s.loadRole(tx, p, strings.ToLower(in.RoleID.ID), tb.OperationRead)
		if err != nil {
			return err
		}
		ug, ok := peGroup(tx, strings.ToLower(in.UserGroupID.ID))
		if !ok || ug.TenantID != p.TenantID {
			return NotFound("Entity group", in.UserGroupID.ID)
		}
		if ug.Fields["type"] != string(tb.EntityTypeUser) {
			return BadRequest("Entity group %s is not a user group!", ug.ID.ID)
		}
		if !a.ownsChainOf(ug.OwnerID) {
			return PermissionDenied()
		}
		in.RoleID, in.UserGroupID = role.ID, ug.ID
		var eg *Record
		if in.EntityGroupID.IsZero() || in.EntityGroupID.IsNull() {
			if role.Fields["type"] == string(tb.RoleTypeGroup) {
				return BadRequest("Can't assign Group Role without entity group!")
			}
			in.EntityGroupID, in.EntityGroupType = tb.EntityID{}, ""
		} else {
			if role.Fields["type"] == string(tb.RoleTypeGeneric) {
				return BadRequest("Can't assign Generic Role to entity group!")
			}
			g, ok := peGroup(tx, strings.ToLower(in.EntityGroupID.ID))
			if !ok || g.TenantID != p.TenantID {
				return NotFound("Entity group", in.EntityGroupID.ID)
			}
			if !a.allows(g, tb.OperationShareGroup) && !a.allows(g, tb.OperationWrite) {
				return PermissionDenied()
			}
			eg = &g
			in.EntityGroupID, in.EntityGroupType = g.ID, tb.EntityType(g.Fields["type"])
		}
		egID := ""
		if eg != nil {
			egID = eg.ID.ID
		}
		if len(tx.List(tb.EntityTypeGroupPermission, func(r Record) bool {
			return r.ID != in.ID && r.Fields["userGroupId"] == ug.ID.ID && r.Fields["roleId"] == role.ID.ID && r.Fields["entityGroupId"] == egID
		})) > 0 {
			return Errorf(http.StatusBadRequest, tb.CodeInvalidArguments, "Such group permission already exists!")
		}
		out = modelOf[tb.GroupPermission](pePutPermission(tx, p.TenantID, in))
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) peDeletePermission(w http.ResponseWriter, r *http.Request, p *Principal) error {
	err := s.store.Write(func(tx *Tx) error {
		gp, err := loadPermission(tx, r, p, tb.OperationDelete)
		if err != nil {
			return err
		}
		tx.Delete(gp.ID.ID)
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) groupPermissionList(w http.ResponseWriter, r *http.Request, p *Principal, field string, isUserGroup bool) error {
	var out []tb.GroupPermissionInfo
	var err error
	s.store.Read(func(tx *Tx) {
		name := "entityGroupId"
		if isUserGroup {
			name = "userGroupId"
		}
		var g Record
		if g, err = peLoadGroup(tx, r, p, name, tb.OperationRead); err != nil {
			return
		}
		if isUserGroup && g.Fields["type"] != string(tb.EntityTypeUser) {
			err = BadRequest("Entity group %s is not a user group!", g.ID.ID)
			return
		}
		if !HasGenericPermission(tx, p, tb.ResourceGroupPermission, tb.OperationRead) {
			err = PermissionDenied()
			return
		}
		a := newAccess(tx, p)
		out = []tb.GroupPermissionInfo{}
		for _, gp := range tx.List(tb.EntityTypeGroupPermission, func(rec Record) bool { return rec.Fields[field] == g.ID.ID }) {
			out = append(out, permissionInfo(tx, a, *modelOf[tb.GroupPermission](gp), isUserGroup))
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

func (s *Server) peUserGroupPermissions(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupPermissionList(w, r, p, "userGroupId", true)
}

func (s *Server) peEntityGroupPermissions(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.groupPermissionList(w, r, p, "entityGroupId", false)
}

func (s *Server) peLoadPermissionInfos(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in []tb.GroupPermission
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	out := []tb.GroupPermissionInfo{}
	s.store.Read(func(tx *Tx) {
		a := newAccess(tx, p)
		for _, gp := range in {
			out = append(out, permissionInfo(tx, a, gp, true))
		}
	})
	return WriteJSON(w, out)
}

// ---- permissions of the current user ----

// The server's vocabulary of resources and operations.
var (
	defaultEntityOps = []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationCreate, tb.OperationDelete,
		tb.OperationReadAttributes, tb.OperationWriteAttributes, tb.OperationReadTelemetry, tb.OperationWriteTelemetry, tb.OperationChangeOwner}
	defaultGroupOps = []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationCreate, tb.OperationDelete,
		tb.OperationReadAttributes, tb.OperationWriteAttributes, tb.OperationReadTelemetry, tb.OperationWriteTelemetry,
		tb.OperationAddToGroup, tb.OperationRemoveFromGroup, tb.OperationShareGroup}
	crudOps = []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationCreate, tb.OperationDelete}
	allOps  = []tb.Operation{tb.OperationAll, tb.OperationCreate, tb.OperationRead, tb.OperationWrite, tb.OperationDelete,
		tb.OperationRPCCall, tb.OperationReadCredentials, tb.OperationWriteCredentials, tb.OperationReadAttributes,
		tb.OperationWriteAttributes, tb.OperationReadTelemetry, tb.OperationWriteTelemetry, tb.OperationAddToGroup,
		tb.OperationRemoveFromGroup, tb.OperationChangeOwner, tb.OperationImpersonate, tb.OperationClaimDevices,
		tb.OperationShareGroup, tb.OperationAssignToTenant}
	deviceOps = []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationCreate, tb.OperationDelete,
		tb.OperationRPCCall, tb.OperationReadCredentials, tb.OperationWriteCredentials, tb.OperationReadAttributes,
		tb.OperationWriteAttributes, tb.OperationReadTelemetry, tb.OperationWriteTelemetry, tb.OperationClaimDevices,
		tb.OperationChangeOwner, tb.OperationAssignToTenant}
	rwOps = []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite}
)

// operationsByResource returns the operations that exist for a resource.
func operationsByResource(r tb.Resource) []tb.Operation {
	switch r {
	case tb.ResourceAll:
		return allOps
	case tb.ResourceProfile:
		return []tb.Operation{tb.OperationAll, tb.OperationWrite}
	case tb.ResourceAdminSettings, tb.ResourceWhiteLabeling, tb.ResourceMobileAppSettings:
		return rwOps
	case tb.ResourceAlarm:
		return []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationCreate}
	case tb.ResourceDevice:
		return deviceOps
	case tb.ResourceUser:
		return append(slices.Clone(defaultEntityOps), tb.OperationImpersonate)
	case tb.ResourceAPIUsageState:
		return []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationReadTelemetry}
	case tb.ResourceAuditLog, tb.ResourceQueue, tb.ResourceQueueStats:
		return []tb.Operation{tb.OperationAll, tb.OperationRead}
	case tb.ResourceVersionControl:
		return []tb.Operation{tb.OperationAll, tb.OperationRead, tb.OperationWrite, tb.OperationDelete}
	case tb.ResourceOAuth2Client, tb.ResourceDomain, tb.ResourceMobileApp, tb.ResourceMobileAppBundle,
		tb.ResourceWidgetsBundle, tb.ResourceWidgetType, tb.ResourceGroupPermission, tb.ResourceNotification:
		return crudOps
	case tb.ResourceCustomerGroup, tb.ResourceDeviceGroup, tb.ResourceAssetGroup, tb.ResourceUserGroup,
		tb.ResourceEntityViewGroup, tb.ResourceEdgeGroup, tb.ResourceDashboardGroup:
		return defaultGroupOps
	}
	return defaultEntityOps
}

// resourcesByAuthority are the resources that exist for each authority.
var resourcesByAuthority = map[tb.Authority][]tb.Resource{
	SysAdmin: {tb.ResourceAll, tb.ResourceProfile, tb.ResourceAdminSettings, tb.ResourceDashboard, tb.ResourceAlarm,
		tb.ResourceTenant, tb.ResourceTenantProfile, tb.ResourceUser, tb.ResourceWidgetsBundle, tb.ResourceWidgetType,
		tb.ResourceRole, tb.ResourceWhiteLabeling, tb.ResourceOAuth2Client, tb.ResourceDomain, tb.ResourceMobileApp,
		tb.ResourceMobileAppBundle, tb.ResourceTBResource, tb.ResourceQueue, tb.ResourceQueueStats,
		tb.ResourceNotification, tb.ResourceMobileAppSettings},
	TenantAdmin: {tb.ResourceAll, tb.ResourceProfile, tb.ResourceAlarm, tb.ResourceDevice, tb.ResourceDeviceProfile,
		tb.ResourceAssetProfile, tb.ResourceAPIUsageState, tb.ResourceAsset, tb.ResourceEntityView, tb.ResourceEdge,
		tb.ResourceCustomer, tb.ResourceDashboard, tb.ResourceTenant, tb.ResourceUser, tb.ResourceWidgetsBundle,
		tb.ResourceWidgetType, tb.ResourceRuleChain, tb.ResourceRole, tb.ResourceConverter, tb.ResourceIntegration,
		tb.ResourceSchedulerEvent, tb.ResourceBlobEntity, tb.ResourceCustomerGroup, tb.ResourceUserGroup,
		tb.ResourceDeviceGroup, tb.ResourceAssetGroup, tb.ResourceDashboardGroup, tb.ResourceEntityViewGroup,
		tb.ResourceEdgeGroup, tb.ResourceGroupPermission, tb.ResourceWhiteLabeling, tb.ResourceOAuth2Client,
		tb.ResourceDomain, tb.ResourceMobileApp, tb.ResourceMobileAppBundle, tb.ResourceAuditLog, tb.ResourceTBResource,
		tb.ResourceOTAPackage, tb.ResourceQueue, tb.ResourceQueueStats, tb.ResourceVersionControl,
		tb.ResourceNotification, tb.ResourceMobileAppSettings},
	CustomerUser: {tb.ResourceAll, tb.ResourceProfile, tb.ResourceAlarm, tb.ResourceDevice, tb.ResourceAsset,
		tb.ResourceEntityView, tb.ResourceEdge, tb.ResourceCustomer, tb.ResourceDashboard, tb.ResourceUser,
		tb.ResourceWidgetsBundle, tb.ResourceWidgetType, tb.ResourceRole, tb.ResourceSchedulerEvent,
		tb.ResourceBlobEntity, tb.ResourceCustomerGroup, tb.ResourceUserGroup, tb.ResourceDeviceGroup,
		tb.ResourceAssetGroup, tb.ResourceDashboardGroup, tb.ResourceEntityViewGroup, tb.ResourceEdgeGroup,
		tb.ResourceGroupPermission, tb.ResourceWhiteLabeling, tb.ResourceDomain, tb.ResourceOAuth2Client,
		tb.ResourceAuditLog, tb.ResourceDeviceProfile, tb.ResourceAssetProfile, tb.ResourceMobileAppSettings},
}

func (s *Server) peAllowedPermissions(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	resources := resourcesByAuthority[p.Authority]
	byResource := make(map[tb.Resource][]tb.Operation, len(resources))
	for _, r := range resources {
		byResource[r] = operationsByResource(r)
	}
	out := tb.AllowedPermissionsInfo{OperationsByResource: byResource,
		AllowedForGroupRoleOperations:           groupRoleOperations,
		AllowedForGroupOwnerOnlyOperations:      groupOwnerOnlyOperations,
		AllowedForGroupOwnerOnlyGroupOperations: groupOwnerOnlyGroupOperations,
		AllowedResources:                        resources,
		UserOwnerID:                             principalOwner(p)}
	if p.IsSysAdmin() {
		out.UserOwnerID = tb.NewEntityID(tb.EntityTypeTenant, tb.NullUUID)
	}
	s.store.Read(func(tx *Tx) { out.UserPermissions = mergedPermissions(tx, p) })
	return WriteJSON(w, out)
}

func (s *Server) peHasEntityPermission(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := ParseEntityID(r.PathValue("entityType"), r.PathValue("entityId"))
	if err != nil {
		return err
	}
	op := tb.Operation(r.PathValue("operation"))
	if !slices.Contains(allOps, op) && op != tb.OperationReadCalculatedField && op != tb.OperationWriteCalculatedField {
		return BadRequest("No enum constant org.thingsboard.server.common.data.permission.Operation.%s", op)
	}
	var ok bool
	s.store.Read(func(tx *Tx) {
		rec, found := tx.GetTyped(id)
		if !found {
			err = NotFound(normalName(id.EntityType), id.ID)
			return
		}
		ok = Authorize(tx, p, rec, op) == nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, ok)
}

// ---- owners ----

var ownedTypes = map[tb.EntityType]bool{tb.EntityTypeDevice: true, tb.EntityTypeAsset: true, tb.EntityTypeEntityView: true,
	tb.EntityTypeEdge: true, tb.EntityTypeCustomer: true, tb.EntityTypeUser: true, tb.EntityTypeDashboard: true}

func (s *Server) peChangeOwner(ownerType tb.EntityType) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		ownerID, err := PathUUID(r, "ownerId")
		if err != nil {
			return err
		}
		id, err := ParseEntityID(r.PathValue("entityType"), r.PathValue("entityId"))
		if err != nil {
			return err
		}
		var groups []string
		if b, _ := readBody(r); len(bytes.TrimSpace(b)) > 0 {
			if err := json.Unmarshal(b, &groups); err != nil {
				return BadRequest("JSON parse error: %v", err)
			}
		}
		target := tb.NewEntityID(ownerType, ownerID)
		err = s.store.Write(func(tx *Tx) error {
			a := newAccess(tx, p)
			if ownerType == tb.EntityTypeTenant {
				if ownerID != p.TenantID {
					return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "You aren't authorized to perform this operation!")
				}
			} else if target != a.owner {
				c, ok := tx.GetTyped(target)
				if !ok || c.TenantID != p.TenantID {
					return NotFound("Customer", ownerID)
				}
				if !slices.Contains(peOwnerChain(tx, target), a.owner) {
					return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "You aren't authorized to perform this operation!")
				}
			}
			rec, ok := tx.GetTyped(id)
			if !ok {
				return NotFound(normalName(id.EntityType), id.ID)
			}
			if !ownedTypes[id.EntityType] {
				return BadRequest("EntityType does not support owner change: %s", id.EntityType)
			}
			if !a.allows(rec, tb.OperationChangeOwner) {
				return PermissionDenied()
			}
			var add []Record
			for _, raw := range groups {
				gid, err := ParseUUID(raw)
				if err != nil {
					return err
				}
				g, ok := peGroup(tx, gid)
				if !ok {
					return NotFound("Entity group", gid)
				}
				if !a.allows(g, tb.OperationAddToGroup) {
					return PermissionDenied()
				}
				if g.OwnerID != target {
					return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Unable to add entity to entity group with different owner!")
				}
				if g.Fields["type"] != string(id.EntityType) {
					return BadRequest("Unable to add entity to entity group with different type!")
				}
				if isGroupAll(g) {
					return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Unable to add entity to entity group: Addition to entity group 'All' is forbidden!")
				}
				add = append(add, g)
			}
			if id.EntityType == tb.EntityTypeCustomer && target == id {
				return BadRequest("Unable to change owner of the customer to itself!")
			}
			if peOwner(rec) != target {
				s.moveOwner(tx, rec, target)
			}
			for _, g := range add {
				peAddMember(tx, g.ID.ID, rec.ID.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusOK)
		return nil
	}
}

// moveOwner makes target the owner of rec: the record's customer and its model's
// customerId (and ownerId) change, and it leaves the groups of its previous owner.
func (s *Server) moveOwner(tx *Tx, rec Record, target tb.EntityID) {
	customer := ownerCustomerID(target)
	var m map[string]any
	if err := remarshal(rec.Value, &m); err != nil || m == nil {
		m = map[string]any{}
	}
	if rec.ID.EntityType == tb.EntityTypeCustomer {
		if customer == tb.NullUUID {
			m["parentCustomerId"] = nil
		} else {
			m["parentCustomerId"] = jsonID(tb.EntityTypeCustomer, customer)
		}
	}
	m["customerId"] = jsonID(tb.EntityTypeCustomer, customer)
	if _, ok := m["ownerId"]; ok {
		m["ownerId"] = target
	}
	next := rec
	next.CustomerID, next.OwnerID = customer, target
	next.Fields = map[string]string{}
	for k, v := range rec.Fields {
		next.Fields[k] = v
	}
	stamped := tx.Stamp(next)
	m["version"] = stamped.Version
	if val, err := s.NewValue(rec.ID.EntityType, m); err == nil {
		next.Value = val
	} else {
		next.Value = m
	}
	for _, g := range peGroupsOf(tx, rec) {
		peRemoveMember(tx, g.ID.ID, rec.ID.ID)
	}
	tx.Put(next)
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	_, err := buf.ReadFrom(r.Body)
	return buf.Bytes(), err
}

// ---- entity groups of saved entities ----

// peInterceptSaves makes the save operations of group entities honour their
// entityGroupId and entityGroupIds parameters: the groups are checked before the save
// and the saved entity joins them.
func (s *Server) peInterceptSaves() {
	for pattern, t := range map[string]tb.EntityType{
		"POST /api/device": tb.EntityTypeDevice, "POST /api/device-with-credentials": tb.EntityTypeDevice,
		"POST /api/asset": tb.EntityTypeAsset, "POST /api/customer": tb.EntityTypeCustomer,
		"POST /api/user": tb.EntityTypeUser, "POST /api/dashboard": tb.EntityTypeDashboard,
		"POST /api/entityView": tb.EntityTypeEntityView, "POST /api/edge": tb.EntityTypeEdge,
	} {
		s.Intercept(pattern, s.saveWithGroups(t))
	}
}

func (s *Server) saveWithGroups(t tb.EntityType) Middleware {
	return func(next HandlerFunc) HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
			q := r.URL.Query()
			var raw []string
			if v := q.Get("entityGroupId"); v != "" {
				raw = []string{v}
			} else if v := q.Get("entityGroupIds"); v != "" {
				raw = strings.Split(v, ",")
			}
			if len(raw) == 0 {
				return next(w, r, p)
			}
			var ids []string
			var err error
			s.store.Read(func(tx *Tx) {
				for _, v := range raw {
					var id string
					if id, err = ParseUUID(strings.TrimSpace(v)); err != nil {
						return
					}
					g, ok := peGroup(tx, id)
					if !ok {
						err = NotFound("Entity group", id)
						return
					}
					if err = Authorize(tx, p, g, tb.OperationRead); err != nil {
						return
					}
					if g.Fields["type"] != string(t) {
						err = BadRequest("Entity group type %s doesn't match entity type %s!", g.Fields["type"], t)
						return
					}
					ids = append(ids, id)
				}
			})
			if err != nil {
				return err
			}
			bw := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
			if err := next(bw, r, p); err != nil {
				return err
			}
			if bw.status == http.StatusOK {
				var saved struct {
					ID tb.EntityID `json:"id"`
				}
				if json.Unmarshal(bw.body.Bytes(), &saved) == nil && saved.ID.ID != "" {
					_ = s.store.Write(func(tx *Tx) error {
						for _, gid := range ids {
							if g, ok := peGroup(tx, gid); ok && !isGroupAll(g) {
								peAddMember(tx, gid, saved.ID.ID)
							}
						}
						return nil
					})
				}
			}
			for k, v := range bw.header {
				w.Header()[k] = v
			}
			w.WriteHeader(bw.status)
			_, _ = w.Write(bw.body.Bytes())
			return nil
		}
	}
}

// bufferedWriter keeps a handler's response until the interceptor lets it out.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
