package emulator

import (
	"encoding/json"
	"slices"

	tb "github.com/tbgo/thingsboard"
)

// Authorize is the access check every handler runs before it reads or changes an
// entity: nil when the caller p may perform op on the record, else the server's 403
// "You don't have permission to perform this operation!" (errorCode 20).
//
// In CE mode the rule is ownership (Principal.CanAccess). In PE mode it is the
// server's permission model: the GENERIC roles of the user's groups apply to the
// entities that the user's owner (its tenant, or its customer and sub-customers) owns,
// and GROUP roles apply to the entities of the groups they are bound to.
func Authorize(tx *Tx, p *Principal, rec Record, op tb.Operation) error {
	if newAccess(tx, p).allows(rec, op) {
		return nil
	}
	return PermissionDenied()
}

// Readable returns the predicate "p may READ the record", for filtering lists. It
// computes the caller's permissions once: use it within the transaction it was made in.
func Readable(tx *Tx, p *Principal) func(Record) bool {
	a := newAccess(tx, p)
	return func(rec Record) bool { return a.allows(rec, tb.OperationRead) }
}

// Allowed returns the predicate "p may perform op on the record".
func Allowed(tx *Tx, p *Principal, op tb.Operation) func(Record) bool {
	a := newAccess(tx, p)
	return func(rec Record) bool { return a.allows(rec, op) }
}

// HasGenericPermission reports whether the caller's GENERIC roles grant op on the
// resource (always true in CE mode, where roles do not exist).
func HasGenericPermission(tx *Tx, p *Principal, resource tb.Resource, op tb.Operation) bool {
	a := newAccess(tx, p)
	return a.perms == nil || a.perms.HasGenericPermission(resource, op)
}

// access is one caller's view of the permission model within a transaction.
type access struct {
	tx    *Tx
	p     *Principal
	owner tb.EntityID
	perms *tb.MergedUserPermissions // nil in CE mode
	// chains caches owner chains.
	chains map[tb.EntityID][]tb.EntityID
	// allGroups and memberOf index the groups on first use: the group "All" by owner
	// and type, and the explicit groups of each entity.
	allGroups map[[2]tb.EntityID]Record
	memberOf  map[string][]Record
}

// groupsOf is peGroupsOf over the access's index.
func (a *access) groupsOf(rec Record) []Record {
	if a.memberOf == nil {
		a.allGroups, a.memberOf = map[[2]tb.EntityID]Record{}, map[string][]Record{}
		for _, g := range a.tx.List(tb.EntityTypeEntityGroup, nil) {
			if isGroupAll(g) {
				a.allGroups[[2]tb.EntityID{g.OwnerID, {EntityType: tb.EntityType(g.Fields["type"])}}] = g
			}
		}
		for gid, set := range Table[string, map[string]bool](a.tx, peMembersTable) {
			g, ok := peGroup(a.tx, gid)
			if !ok {
				continue
			}
			for id := range set {
				a.memberOf[id] = append(a.memberOf[id], g)
			}
		}
	}
	var out []Record
	if g, ok := a.allGroups[[2]tb.EntityID{peOwner(rec), {EntityType: rec.ID.EntityType}}]; ok {
		out = append(out, g)
	}
	return append(out, a.memberOf[rec.ID.ID]...)
}

func newAccess(tx *Tx, p *Principal) *access {
	a := &access{tx: tx, p: p, owner: principalOwner(p), chains: map[tb.EntityID][]tb.EntityID{}}
	if isPE(tx) {
		m := mergedPermissions(tx, p)
		a.perms = &m
	}
	return a
}

func (a *access) chain(owner tb.EntityID) []tb.EntityID {
	if c, ok := a.chains[owner]; ok {
		return c
	}
	c := peOwnerChain(a.tx, owner)
	a.chains[owner] = c
	return c
}

// ownsChainOf reports whether the caller's owner is in the owner chain of owner.
func (a *access) ownsChainOf(owner tb.EntityID) bool { return slices.Contains(a.chain(owner), a.owner) }

func (a *access) allows(rec Record, op tb.Operation) bool {
	p := a.p
	if a.perms == nil || p.IsSysAdmin() {
		return p.CanAccess(rec)
	}
	if rec.ID.EntityType == tb.EntityTypeTenant {
		return rec.ID.ID == p.TenantID && p.IsTenantAdmin() && a.perms.HasGenericPermission(tb.ResourceTenant, op)
	}
	if rec.TenantID != p.TenantID {
		return false
	}
	switch rec.ID.EntityType {
	case tb.EntityTypeEntityGroup:
		return a.allowsGroup(rec, op)
	case tb.EntityTypeDevice, tb.EntityTypeAsset, tb.EntityTypeCustomer, tb.EntityTypeDashboard,
		tb.EntityTypeEntityView, tb.EntityTypeEdge, tb.EntityTypeUser:
		return a.allowsGroupEntity(rec, op)
	case tb.EntityTypeRole, tb.EntityTypeSchedulerEvent, tb.EntityTypeBlobEntity:
		return a.ownsChainOf(peOwner(rec)) && a.perms.HasGenericPermission(tb.EntityResource(rec.ID.EntityType), op)
	case tb.EntityTypeGroupPermission:
		return a.perms.HasGenericPermission(tb.ResourceGroupPermission, op)
	case tb.EntityTypeAlarm:
		// A generic grant on alarms, and the alarm is the customer's or its originator
		// is within reach.
		if !a.perms.HasGenericPermission(tb.ResourceAlarm, op) {
			return false
		}
		if p.IsTenantAdmin() || rec.CustomerID == p.CustomerID {
			return true
		}
		o, ok := a.tx.Get(rec.Fields["originatorId"])
		return ok && o.ID.EntityType != tb.EntityTypeAlarm && a.allows(o, op)
	}
	// Entities without groups or owners: the CE rule (customer users also read the
	// tenant's profiles, OTA packages, resources and widgets), and a generic grant for
	// their resource.
	if !p.CanAccess(rec) && !(p.IsCustomerUser() && op == tb.OperationRead && customerReadableTypes[rec.ID.EntityType]) {
		return false
	}
	r := tb.EntityResource(rec.ID.EntityType)
	return r == "" || a.perms.HasGenericPermission(r, op)
}

// allowsGroupEntity is the server's check of entities that belong to groups: generic
// roles within the caller's owner hierarchy, else group roles of the groups that hold
// the entity.
func (a *access) allowsGroupEntity(rec Record, op tb.Operation) bool {
	resource := tb.EntityResource(rec.ID.EntityType)
	if op == tb.OperationClaimDevices {
		return a.perms.HasGenericPermission(resource, op)
	}
	own := (rec.ID.EntityType == tb.EntityTypeCustomer && rec.ID.ID == a.p.CustomerID) || a.ownsChainOf(peOwner(rec))
	if own && a.perms.HasGenericPermission(resource, op) {
		return true
	}
	if !allowedForGroupRole(op) {
		return false
	}
	if len(a.perms.GroupPermissions) == 0 {
		return false
	}
	for _, g := range a.groupsOf(rec) {
		if a.perms.HasGroupPermission(g.ID.ID, op) {
			if !allowedForGroupOwnerOnly(op) || a.ownsChainOf(g.OwnerID) {
				return true
			}
		}
	}
	return false
}

// allowsGroup is the server's check of operations on an entity group itself.
func (a *access) allowsGroup(g Record, op tb.Operation) bool {
	resource := tb.GroupResource(tb.EntityType(g.Fields["type"]))
	if op == tb.OperationCreate {
		return a.perms.HasGenericPermission(resource, op)
	}
	if a.ownsChainOf(g.OwnerID) && a.perms.HasGenericPermission(resource, op) {
		return true
	}
	if !allowedForGroupRole(op) || groupOperationOwnerOnly(op) {
		return false
	}
	return a.perms.HasGroupPermission(g.ID.ID, op)
}

// customerReadableTypes are the tenant-level entities customer users may read.
var customerReadableTypes = map[tb.EntityType]bool{tb.EntityTypeDeviceProfile: true, tb.EntityTypeAssetProfile: true,
	tb.EntityTypeOTAPackage: true, tb.EntityTypeTBResource: true, tb.EntityTypeWidgetsBundle: true, tb.EntityTypeWidgetType: true}

// The operation flags of the server's Operation enum.
var (
	groupRoleOperations = []tb.Operation{tb.OperationAll, tb.OperationCreate, tb.OperationRead, tb.OperationWrite,
		tb.OperationDelete, tb.OperationRPCCall, tb.OperationReadCredentials, tb.OperationWriteCredentials,
		tb.OperationReadAttributes, tb.OperationWriteAttributes, tb.OperationReadTelemetry, tb.OperationWriteTelemetry,
		tb.OperationShareGroup}
	groupOwnerOnlyOperations      = []tb.Operation{tb.OperationCreate, tb.OperationDelete}
	groupOwnerOnlyGroupOperations = []tb.Operation{tb.OperationCreate, tb.OperationWrite, tb.OperationDelete,
		tb.OperationWriteAttributes, tb.OperationWriteTelemetry}
)

func allowedForGroupRole(op tb.Operation) bool { return slices.Contains(groupRoleOperations, op) }
func allowedForGroupOwnerOnly(op tb.Operation) bool {
	return slices.Contains(groupOwnerOnlyOperations, op)
}
func groupOperationOwnerOnly(op tb.Operation) bool {
	return slices.Contains(groupOwnerOnlyGroupOperations, op)
}

// userGroupsOf returns the user groups the caller belongs to: its owner's group "All"
// of users and the groups it was added to; for the public user of a public customer,
// that customer's "Public Users".
func userGroupsOf(tx *Tx, p *Principal) []Record {
	if p.IsPublic {
		if g, ok := peGroupByName(tx, principalOwner(p), tb.EntityTypeUser, tb.EntityGroupPublicUsersName); ok {
			return []Record{g}
		}
		return nil
	}
	user, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeUser, p.UserID))
	if !ok {
		return nil
	}
	return peGroupsOf(tx, user)
}

// mergedPermissions merges the roles granted to the caller's user groups, as the
// server's user permissions service does.
func mergedPermissions(tx *Tx, p *Principal) tb.MergedUserPermissions {
	generic := map[tb.Resource][]tb.Operation{}
	groups := map[string]tb.MergedGroupPermissionInfo{}
	if p.IsSysAdmin() {
		generic[tb.ResourceAll] = []tb.Operation{tb.OperationAll}
	}
	for _, ug := range userGroupsOf(tx, p) {
		for _, gp := range tx.List(tb.EntityTypeGroupPermission, func(r Record) bool { return r.Fields["userGroupId"] == ug.ID.ID }) {
			role, ok := peRole(tx, gp.Fields["roleId"])
			if !ok {
				continue
			}
			perms := modelOf[tb.Role](role).Permissions
			if eg := gp.Fields["entityGroupId"]; eg != "" {
				if role.Fields["type"] != string(tb.RoleTypeGroup) {
					continue
				}
				g, ok := peGroup(tx, eg)
				if !ok {
					continue
				}
				info := groups[eg]
				info.EntityType = tb.EntityType(g.Fields["type"])
				info.Operations = unionOps(info.Operations, perms.Group)
				groups[eg] = info
				continue
			}
			if role.Fields["type"] != string(tb.RoleTypeGeneric) {
				continue
			}
			for res, ops := range perms.Generic {
				generic[res] = unionOps(generic[res], ops)
			}
		}
	}
	m := tb.MergedUserPermissions{GenericPermissions: generic, GroupPermissions: groups,
		ReadGroupPermissions:  map[tb.EntityType]tb.MergedGroupTypePermissionInfo{},
		ReadEntityPermissions: map[tb.EntityType]tb.MergedGroupTypePermissionInfo{},
		ReadAttrPermissions:   map[tb.EntityType]tb.MergedGroupTypePermissionInfo{},
		ReadTsPermissions:     map[tb.EntityType]tb.MergedGroupTypePermissionInfo{}}
	for _, t := range tb.EntityGroupTypes() {
		m.ReadGroupPermissions[t] = tb.MergedGroupTypePermissionInfo{EntityGroupIDs: []tb.EntityID{},
			HasGenericRead: m.HasGenericPermission(tb.GroupResource(t), tb.OperationRead)}
	}
	for _, name := range allEntityTypeNames() {
		t := tb.EntityType(name)
		r := tb.EntityResource(t)
		gen := func(op tb.Operation) tb.MergedGroupTypePermissionInfo {
			return tb.MergedGroupTypePermissionInfo{EntityGroupIDs: []tb.EntityID{}, HasGenericRead: m.HasGenericPermission(r, op)}
		}
		m.ReadEntityPermissions[t] = gen(tb.OperationRead)
		m.ReadAttrPermissions[t] = gen(tb.OperationReadAttributes)
		m.ReadTsPermissions[t] = gen(tb.OperationReadTelemetry)
	}
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		info := groups[id]
		ref := tb.NewEntityID(tb.EntityTypeEntityGroup, id)
		add := func(mm map[tb.EntityType]tb.MergedGroupTypePermissionInfo, op tb.Operation) {
			if x, ok := mm[info.EntityType]; ok && hasOp(info.Operations, op) {
				x.EntityGroupIDs = append(x.EntityGroupIDs, ref)
				mm[info.EntityType] = x
			}
		}
		add(m.ReadGroupPermissions, tb.OperationRead)
		add(m.ReadEntityPermissions, tb.OperationRead)
		add(m.ReadAttrPermissions, tb.OperationReadAttributes)
		add(m.ReadTsPermissions, tb.OperationReadTelemetry)
	}
	return m
}

func hasOp(ops []tb.Operation, op tb.Operation) bool {
	return slices.Contains(ops, tb.OperationAll) || slices.Contains(ops, op)
}

func unionOps(a, b []tb.Operation) []tb.Operation {
	out := slices.Clone(a)
	for _, op := range b {
		if !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	if out == nil {
		out = []tb.Operation{}
	}
	return out
}

// allEntityTypeNames returns the entity type names the server knows, sorted.
func allEntityTypeNames() []string {
	out := make([]string, 0, len(entityTypes))
	for t := range entityTypes {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func jsonMarshal(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func jsonUnmarshal(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// ReadableRecords returns the records that p may READ, in their order.
func ReadableRecords(tx *Tx, p *Principal, recs []Record) []Record {
	readable := Readable(tx, p)
	out := recs[:0:0]
	for _, rec := range recs {
		if readable(rec) {
			out = append(out, rec)
		}
	}
	return out
}
