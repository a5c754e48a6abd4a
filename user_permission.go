package thingsboard

import (
	"context"
	"net/http"
	"slices"
)

// UserPermissionService reads the current user's permissions (Professional Edition). See Client.UserPermissions.
type UserPermissionService service

// MergedGroupPermissionInfo is what a user may do on the entities of one entity group.
type MergedGroupPermissionInfo struct {
	// EntityType is the type of the group's entities.
	EntityType EntityType  `json:"entityType"`
	Operations []Operation `json:"operations"`
}

// MergedGroupTypePermissionInfo says which entities of one type a user may read: all
// of its owner's (HasGenericRead) and those of the listed groups.
type MergedGroupTypePermissionInfo struct {
	EntityGroupIDs []EntityID `json:"entityGroupIds"`
	HasGenericRead bool       `json:"hasGenericRead"`
}

// MergedUserPermissions are the permissions of all the roles granted to all the user
// groups a user belongs to, merged.
type MergedUserPermissions struct {
	// GenericPermissions are the operations granted by GENERIC roles, by resource.
	GenericPermissions map[Resource][]Operation `json:"genericPermissions"`
	// GroupPermissions are the operations granted by GROUP roles, by entity group UUID.
	GroupPermissions map[string]MergedGroupPermissionInfo `json:"groupPermissions"`
	// ReadGroupPermissions say which entity groups of each group type the user may read.
	ReadGroupPermissions map[EntityType]MergedGroupTypePermissionInfo `json:"readGroupPermissions"`
	// ReadEntityPermissions, ReadAttrPermissions and ReadTsPermissions say, by entity
	// type, where the user may read entities, their attributes and their time series.
	ReadEntityPermissions map[EntityType]MergedGroupTypePermissionInfo `json:"readEntityPermissions"`
	ReadAttrPermissions   map[EntityType]MergedGroupTypePermissionInfo `json:"readAttrPermissions"`
	ReadTsPermissions     map[EntityType]MergedGroupTypePermissionInfo `json:"readTsPermissions"`
}

// HasGenericPermission reports whether GENERIC roles grant op on resource: the
// resource's operations or those of the ALL resource hold op or ALL.
func (m *MergedUserPermissions) HasGenericPermission(resource Resource, op Operation) bool {
	if m == nil {
		return false
	}
	return hasOperation(m.GenericPermissions[resource], op) || hasOperation(m.GenericPermissions[ResourceAll], op)
}

// HasGroupPermission reports whether GROUP roles grant op on the entities of the group
// with the given UUID.
func (m *MergedUserPermissions) HasGroupPermission(entityGroupID string, op Operation) bool {
	if m == nil {
		return false
	}
	info, ok := m.GroupPermissions[entityGroupID]
	return ok && hasOperation(info.Operations, op)
}

// AllowedPermissionsInfo is the answer of UserPermissions.GetAllowed: the vocabulary of
// resources and operations for the user's authority, and the user's merged permissions.
type AllowedPermissionsInfo struct {
	// OperationsByResource lists the operations that exist for each resource.
	OperationsByResource map[Resource][]Operation `json:"operationsByResource"`
	// AllowedForGroupRoleOperations are the operations a GROUP role may hold.
	AllowedForGroupRoleOperations []Operation `json:"allowedForGroupRoleOperations"`
	// AllowedForGroupOwnerOnlyOperations are entity operations that a GROUP role only
	// grants to users of the group's owner.
	AllowedForGroupOwnerOnlyOperations []Operation `json:"allowedForGroupOwnerOnlyOperations"`
	// AllowedForGroupOwnerOnlyGroupOperations are group operations that a GROUP role
	// never grants on the group itself.
	AllowedForGroupOwnerOnlyGroupOperations []Operation `json:"allowedForGroupOwnerOnlyGroupOperations"`
	// AllowedResources are the resources that exist for the user's authority.
	AllowedResources []Resource `json:"allowedResources"`
	// UserPermissions are the user's merged permissions.
	UserPermissions MergedUserPermissions `json:"userPermissions"`
	// UserOwnerID is the user's tenant or customer.
	UserOwnerID EntityID `json:"userOwnerId"`
}

// HasGenericPermission reports whether the user's GENERIC roles grant op on resource,
// with the server's semantics: a grant on the ALL resource covers every resource and
// the ALL operation covers every operation.
func (a *AllowedPermissionsInfo) HasGenericPermission(resource Resource, op Operation) bool {
	if a == nil {
		return false
	}
	return a.UserPermissions.HasGenericPermission(resource, op)
}

// HasReadGenericPermission is HasGenericPermission(resource, OperationRead).
func (a *AllowedPermissionsInfo) HasReadGenericPermission(resource Resource) bool {
	return a.HasGenericPermission(resource, OperationRead)
}

// HasReadGroupsPermission reports whether the user may read some entity groups of the
// given type: all of them, or at least one by a GROUP role.
func (a *AllowedPermissionsInfo) HasReadGroupsPermission(groupType EntityType) bool {
	if a == nil {
		return false
	}
	info, ok := a.UserPermissions.ReadGroupPermissions[groupType]
	return ok && (info.HasGenericRead || len(info.EntityGroupIDs) > 0)
}

// HasGenericEntityGroupTypePermission reports whether GENERIC roles grant op on entity
// groups of the given type (the resource GroupResource(groupType)).
func (a *AllowedPermissionsInfo) HasGenericEntityGroupTypePermission(op Operation, groupType EntityType) bool {
	r := GroupResource(groupType)
	return r != "" && a.HasGenericPermission(r, op)
}

// HasGenericEntityGroupPermission is HasGenericEntityGroupTypePermission for the group's type.
func (a *AllowedPermissionsInfo) HasGenericEntityGroupPermission(op Operation, g *EntityGroup) bool {
	return g != nil && a.HasGenericEntityGroupTypePermission(op, g.Type)
}

// HasEntityGroupPermission reports whether the user may perform op on the group itself
// (rename it, delete it, add members, ...): through GENERIC roles when the user's owner
// owns the group, else through GROUP roles bound to it.
func (a *AllowedPermissionsInfo) HasEntityGroupPermission(op Operation, g *EntityGroupInfo) bool {
	return a.checkEntityGroup(op, g, true)
}

// HasGroupEntityPermission reports whether the user may perform op on the entities of
// the group: through GENERIC roles when the user's owner owns the group, else through
// GROUP roles bound to it.
func (a *AllowedPermissionsInfo) HasGroupEntityPermission(op Operation, g *EntityGroupInfo) bool {
	return a.checkEntityGroup(op, g, false)
}

func (a *AllowedPermissionsInfo) checkEntityGroup(op Operation, g *EntityGroupInfo, isGroup bool) bool {
	if a == nil || g == nil {
		return false
	}
	resource := EntityResource(g.Type)
	if isGroup {
		resource = GroupResource(g.Type)
	}
	if resource != "" && a.IsOwnedGroup(g) && a.HasGenericPermission(resource, op) {
		return true
	}
	if !slices.Contains(a.AllowedForGroupRoleOperations, op) {
		return false
	}
	if isGroup {
		if slices.Contains(a.AllowedForGroupOwnerOnlyGroupOperations, op) {
			return false
		}
	} else if slices.Contains(a.AllowedForGroupOwnerOnlyOperations, op) && !a.IsOwnedGroup(g) {
		return false
	}
	return a.UserPermissions.HasGroupPermission(g.ID.ID, op)
}

// IsDirectlyOwnedGroup reports whether the user's owner is the group's owner.
func (a *AllowedPermissionsInfo) IsDirectlyOwnedGroup(g *EntityGroupInfo) bool {
	return a != nil && g != nil && !g.OwnerID.IsZero() && a.UserOwnerID == g.OwnerID
}

// IsOwnedGroup reports whether the user's owner is in the group's owner chain: it owns
// the group or one of the group owner's parents.
func (a *AllowedPermissionsInfo) IsOwnedGroup(g *EntityGroupInfo) bool {
	return a != nil && g != nil && slices.Contains(g.OwnerIDs, a.UserOwnerID)
}

// IsDirectOwner reports whether ownerID is the user's owner.
func (a *AllowedPermissionsInfo) IsDirectOwner(ownerID EntityID) bool {
	return a != nil && a.UserOwnerID == ownerID
}

// GetAllowed returns the current user's permissions.
//
//tb:operation GET /api/permissions/allowedPermissions
func (s *UserPermissionService) GetAllowed(ctx context.Context) (*AllowedPermissionsInfo, error) {
	return call[AllowedPermissionsInfo](ctx, s.client, http.MethodGet, "/api/permissions/allowedPermissions", nil, nil)
}

// HasEntityPermission asks the server whether the current user may perform op on the entity.
//
//tb:operation GET /api/permission/{entityType}/{entityId}/{operation}
func (s *UserPermissionService) HasEntityPermission(ctx context.Context, entity EntityID, op Operation) (bool, error) {
	const m = "UserPermissions.HasEntityPermission"
	if err := checkEntityID(m+": entity", entity); err != nil {
		return false, err
	}
	if err := checkArgsOf(m, "operation", string(op)); err != nil {
		return false, err
	}
	var out bool
	p := pathf("/api/permission/%s/%s/%s", string(entity.EntityType), entity.ID, string(op))
	if err := s.client.do(ctx, http.MethodGet, p, nil, nil, &out); err != nil {
		return false, err
	}
	return out, nil
}
