package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

// allowedJSON is a customer user's answer: GENERIC read of devices through a "Customer
// User"-like role, and READ plus RPC_CALL on the entities of one device group.
const allowedJSON = `{
 "operationsByResource":{"DEVICE":["ALL","READ","WRITE","RPC_CALL"],"DEVICE_GROUP":["ALL","READ","WRITE","ADD_TO_GROUP"]},
 "allowedForGroupRoleOperations":["ALL","CREATE","READ","WRITE","DELETE","RPC_CALL","READ_ATTRIBUTES","READ_TELEMETRY","SHARE_GROUP"],
 "allowedForGroupOwnerOnlyOperations":["CREATE","DELETE"],
 "allowedForGroupOwnerOnlyGroupOperations":["CREATE","WRITE","DELETE"],
 "allowedResources":["ALL","DEVICE","DEVICE_GROUP","PROFILE"],
 "userPermissions":{
  "genericPermissions":{"PROFILE":["ALL"],"ASSET":["READ"]},
  "groupPermissions":{"` + peGroup + `":{"entityType":"DEVICE","operations":["READ","RPC_CALL"]}},
  "readGroupPermissions":{"DEVICE":{"entityGroupIds":[{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"}],"hasGenericRead":false},
                          "ASSET":{"entityGroupIds":[],"hasGenericRead":false}},
  "readEntityPermissions":{"DEVICE":{"entityGroupIds":[{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"}],"hasGenericRead":false}},
  "readAttrPermissions":{},
  "readTsPermissions":{}},
 "userOwnerId":{"entityType":"CUSTOMER","id":"` + peCustomer + `"}}`

func wantAllowed() *AllowedPermissionsInfo {
	groupRef := []EntityID{NewEntityID(EntityTypeEntityGroup, peGroup)}
	return &AllowedPermissionsInfo{
		OperationsByResource: map[Resource][]Operation{
			ResourceDevice:      {OperationAll, OperationRead, OperationWrite, OperationRPCCall},
			ResourceDeviceGroup: {OperationAll, OperationRead, OperationWrite, OperationAddToGroup},
		},
		AllowedForGroupRoleOperations: []Operation{OperationAll, OperationCreate, OperationRead, OperationWrite, OperationDelete,
			OperationRPCCall, OperationReadAttributes, OperationReadTelemetry, OperationShareGroup},
		AllowedForGroupOwnerOnlyOperations:      []Operation{OperationCreate, OperationDelete},
		AllowedForGroupOwnerOnlyGroupOperations: []Operation{OperationCreate, OperationWrite, OperationDelete},
		AllowedResources:                        []Resource{ResourceAll, ResourceDevice, ResourceDeviceGroup, ResourceProfile},
		UserPermissions: MergedUserPermissions{
			GenericPermissions: map[Resource][]Operation{ResourceProfile: {OperationAll}, ResourceAsset: {OperationRead}},
			GroupPermissions:   map[string]MergedGroupPermissionInfo{peGroup: {EntityType: EntityTypeDevice, Operations: []Operation{OperationRead, OperationRPCCall}}},
			ReadGroupPermissions: map[EntityType]MergedGroupTypePermissionInfo{
				EntityTypeDevice: {EntityGroupIDs: groupRef},
				EntityTypeAsset:  {EntityGroupIDs: []EntityID{}},
			},
			ReadEntityPermissions: map[EntityType]MergedGroupTypePermissionInfo{EntityTypeDevice: {EntityGroupIDs: groupRef}},
			ReadAttrPermissions:   map[EntityType]MergedGroupTypePermissionInfo{},
			ReadTsPermissions:     map[EntityType]MergedGroupTypePermissionInfo{},
		},
		UserOwnerID: peCustomerID,
	}
}

func userPermissionCases() []peCase {
	return []peCase{
		{name: "UserPermissions.GetAllowed", method: "GET", path: "/api/permissions/allowedPermissions", answer: allowedJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.UserPermissions.GetAllowed(ctx) },
			want: wantAllowed()},
		{name: "UserPermissions.HasEntityPermission", method: "GET", path: "/api/permission/DEVICE/" + peDevice + "/RPC_CALL",
			answer: "true",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UserPermissions.HasEntityPermission(ctx, peDeviceID, OperationRPCCall)
			},
			want: true},
	}
}

func TestUserPermissionService(t *testing.T) { runPECases(t, userPermissionCases()) }

func TestHasGenericPermission(t *testing.T) {
	perms := func(g map[Resource][]Operation) *AllowedPermissionsInfo {
		return &AllowedPermissionsInfo{UserPermissions: MergedUserPermissions{GenericPermissions: g}}
	}
	tenantAdmin := perms(map[Resource][]Operation{ResourceAll: {OperationAll}})
	readOnly := perms(map[Resource][]Operation{ResourceAll: {OperationRead, OperationReadTelemetry}, ResourceProfile: {OperationAll}})
	deviceOnly := perms(map[Resource][]Operation{ResourceDevice: {OperationAll}, ResourceAsset: {OperationRead}})
	for _, tc := range []struct {
		name string
		a    *AllowedPermissionsInfo
		r    Resource
		op   Operation
		want bool
	}{
		{"ALL/ALL covers any pair", tenantAdmin, ResourceDevice, OperationDelete, true},
		{"ALL/ALL covers unknown resources", tenantAdmin, "FUTURE", "FUTURE_OP", true},
		{"ALL resource, listed operation", readOnly, ResourceAsset, OperationRead, true},
		{"ALL resource, other operation", readOnly, ResourceAsset, OperationWrite, false},
		{"resource ALL operation", readOnly, ResourceProfile, OperationWrite, true},
		{"resource with ALL operation", deviceOnly, ResourceDevice, OperationRPCCall, true},
		{"resource without the operation", deviceOnly, ResourceAsset, OperationWrite, false},
		{"resource not granted", deviceOnly, ResourceCustomer, OperationRead, false},
		{"customer user", wantAllowed(), ResourceDevice, OperationRead, false},
		{"customer user asset", wantAllowed(), ResourceAsset, OperationRead, true},
		{"nil info", nil, ResourceDevice, OperationRead, false},
		{"no permissions", perms(nil), ResourceDevice, OperationRead, false},
	} {
		if got := tc.a.HasGenericPermission(tc.r, tc.op); got != tc.want {
			t.Errorf("%s: HasGenericPermission(%s, %s) = %v, want %v", tc.name, tc.r, tc.op, got, tc.want)
		}
	}
	if !readOnly.HasReadGenericPermission(ResourceDashboard) || deviceOnly.HasReadGenericPermission(ResourceDashboard) {
		t.Error("HasReadGenericPermission wrong")
	}
	if !tenantAdmin.HasGenericEntityGroupTypePermission(OperationWrite, EntityTypeDevice) ||
		tenantAdmin.HasGenericEntityGroupTypePermission(OperationWrite, EntityTypeTenant) ||
		deviceOnly.HasGenericEntityGroupTypePermission(OperationRead, EntityTypeDevice) {
		t.Error("HasGenericEntityGroupTypePermission wrong")
	}
	if !tenantAdmin.HasGenericEntityGroupPermission(OperationRead, &EntityGroup{Type: EntityTypeAsset}) ||
		tenantAdmin.HasGenericEntityGroupPermission(OperationRead, nil) {
		t.Error("HasGenericEntityGroupPermission wrong")
	}
}

func TestGroupPermissionChecks(t *testing.T) {
	a := wantAllowed()
	shared := &EntityGroupInfo{EntityGroup: EntityGroup{ID: NewEntityID(EntityTypeEntityGroup, peGroup), Type: EntityTypeDevice,
		OwnerID: peTenantID}, OwnerIDs: []EntityID{peTenantID}}
	other := &EntityGroupInfo{EntityGroup: EntityGroup{ID: NewEntityID(EntityTypeEntityGroup, peGroup2), Type: EntityTypeDevice,
		OwnerID: peCustomerID}, OwnerIDs: []EntityID{peCustomerID, peTenantID}}
	assets := &EntityGroupInfo{EntityGroup: EntityGroup{ID: NewEntityID(EntityTypeEntityGroup, peGroup2), Type: EntityTypeAsset,
		OwnerID: peCustomerID}, OwnerIDs: []EntityID{peCustomerID, peTenantID}}
	for _, tc := range []struct {
		name string
		got  bool
		want bool
	}{
		{"READ members of the bound group", a.HasGroupEntityPermission(OperationRead, shared), true},
		{"RPC_CALL members of the bound group", a.HasGroupEntityPermission(OperationRPCCall, shared), true},
		{"WRITE members of the bound group", a.HasGroupEntityPermission(OperationWrite, shared), false},
		{"owner-only DELETE on another owner's group", a.HasGroupEntityPermission(OperationDelete, shared), false},
		{"READ members of an unbound own group", a.HasGroupEntityPermission(OperationRead, other), false},
		{"READ assets through the generic role in an own group", a.HasGroupEntityPermission(OperationRead, assets), true},
		{"READ the bound group itself", a.HasEntityGroupPermission(OperationRead, shared), true},
		{"WRITE the group itself is owner-only", a.HasEntityGroupPermission(OperationWrite, shared), false},
		{"operation not allowed for group roles", a.HasGroupEntityPermission(OperationChangeOwner, shared), false},
		{"nil group", a.HasGroupEntityPermission(OperationRead, nil), false},
		{"directly owned", a.IsDirectlyOwnedGroup(other), true},
		{"not directly owned", a.IsDirectlyOwnedGroup(shared), false},
		{"owned through the chain", a.IsOwnedGroup(other), true},
		{"not owned", a.IsOwnedGroup(shared), false},
		{"direct owner", a.IsDirectOwner(peCustomerID), true},
		{"not direct owner", a.IsDirectOwner(peTenantID), false},
		{"read device groups", a.HasReadGroupsPermission(EntityTypeDevice), true},
		{"read asset groups", a.HasReadGroupsPermission(EntityTypeAsset), false},
		{"read user groups", a.HasReadGroupsPermission(EntityTypeUser), false},
		{"merged group permission", a.UserPermissions.HasGroupPermission(peGroup, OperationRPCCall), true},
		{"merged group permission other group", a.UserPermissions.HasGroupPermission(peGroup2, OperationRead), false},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	var nilInfo *AllowedPermissionsInfo
	if nilInfo.HasEntityGroupPermission(OperationRead, shared) || nilInfo.IsOwnedGroup(shared) || nilInfo.HasReadGroupsPermission(EntityTypeDevice) {
		t.Error("nil info grants something")
	}
	// Unknown enum values from a newer server decode and round-trip.
	var m MergedGroupPermissionInfo
	if err := json.Unmarshal([]byte(`{"entityType":"FUTURE","operations":["FUTURE_OP"]}`), &m); err != nil || m.Operations[0] != "FUTURE_OP" {
		t.Errorf("unknown operation: %#v, %v", m, err)
	}
}
