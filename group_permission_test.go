package thingsboard

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
)

const permJSON = `{"id":{"entityType":"GROUP_PERMISSION","id":"` + pePerm + `"},"createdTime":1700000000000,` +
	`"tenantId":{"entityType":"TENANT","id":"` + peTenant + `"},` +
	`"userGroupId":{"entityType":"ENTITY_GROUP","id":"` + peUserGroup + `"},"roleId":{"entityType":"ROLE","id":"` + peRole + `"},` +
	`"entityGroupId":{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"},"entityGroupType":"DEVICE",` +
	`"name":"GROUP_[` + peUserGroup + `]_[` + peRole + `]_[` + peGroup + `]_[DEVICE]","public":false}`

func wantPerm() *GroupPermission {
	return &GroupPermission{ID: NewEntityID(EntityTypeGroupPermission, pePerm), CreatedTime: 1700000000000, TenantID: peTenantID,
		UserGroupID: NewEntityID(EntityTypeEntityGroup, peUserGroup), RoleID: NewEntityID(EntityTypeRole, peRole),
		EntityGroupID: NewEntityID(EntityTypeEntityGroup, peGroup), EntityGroupType: EntityTypeDevice,
		Name: "GROUP_[" + peUserGroup + "]_[" + peRole + "]_[" + peGroup + "]_[DEVICE]"}
}

// permInfoJSON is permJSON with the info fields.
var permInfoJSON = permJSON[:len(permJSON)-1] + `,"role":` + groupRoleJSON + `,"entityGroupName":"Water meters",` +
	`"entityGroupOwnerId":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},"entityGroupOwnerName":"Customer A",` +
	`"userGroupName":"Customer Users","userGroupOwnerId":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},` +
	`"userGroupOwnerName":"Customer A","readOnly":true}`

func wantPermInfo() GroupPermissionInfo {
	return GroupPermissionInfo{GroupPermission: *wantPerm(), Role: wantGroupRole(), EntityGroupName: "Water meters",
		EntityGroupOwnerID: peCustomerID, EntityGroupOwnerName: "Customer A", UserGroupName: "Customer Users",
		UserGroupOwnerID: peCustomerID, UserGroupOwnerName: "Customer A", ReadOnly: true}
}

func groupPermissionCases() []peCase {
	newPerm := func() *GroupPermission {
		return &GroupPermission{UserGroupID: NewEntityID(EntityTypeEntityGroup, peUserGroup), RoleID: NewEntityID(EntityTypeRole, peRole),
			EntityGroupID: NewEntityID(EntityTypeEntityGroup, peGroup), EntityGroupType: EntityTypeDevice}
	}
	newPermJSON := `{"userGroupId":{"entityType":"ENTITY_GROUP","id":"` + peUserGroup + `"},"roleId":{"entityType":"ROLE","id":"` + peRole + `"},` +
		`"entityGroupId":{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"},"entityGroupType":"DEVICE","public":false}`
	return []peCase{
		{name: "GroupPermissions.Get", method: "GET", path: "/api/groupPermission/" + pePerm, answer: permJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.GroupPermissions.Get(ctx, pePerm) },
			want: wantPerm()},
		{name: "GroupPermissions.GetInfo", method: "GET", path: "/api/groupPermission/info/" + pePerm,
			query: url.Values{"isUserGroup": {"true"}}, answer: permInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GroupPermissions.GetInfo(ctx, pePerm, true)
			},
			want: func() *GroupPermissionInfo { p := wantPermInfo(); return &p }()},
		{name: "GroupPermissions.Save", method: "POST", path: "/api/groupPermission", model: "GroupPermission",
			body: newPermJSON, answer: permJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.GroupPermissions.Save(ctx, newPerm()) },
			want: wantPerm()},
		{name: "GroupPermissions.Delete", method: "DELETE", path: "/api/groupPermission/" + pePerm,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.GroupPermissions.Delete(ctx, pePerm) }},
		{name: "GroupPermissions.ListByUserGroup", method: "GET", path: "/api/userGroup/" + peUserGroup + "/groupPermissions",
			answer: "[" + permInfoJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GroupPermissions.ListByUserGroup(ctx, peUserGroup)
			},
			want: []GroupPermissionInfo{wantPermInfo()}},
		{name: "GroupPermissions.LoadInfos", method: "POST", path: "/api/userGroup/groupPermissions/info", model: "List<GroupPermission>",
			body: "[" + newPermJSON + "]", answer: "[" + permInfoJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GroupPermissions.LoadInfos(ctx, []GroupPermission{*newPerm()})
			},
			want: []GroupPermissionInfo{wantPermInfo()}},
		{name: "GroupPermissions.ListByEntityGroup", method: "GET", path: "/api/entityGroup/" + peGroup + "/groupPermissions",
			answer: "[]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GroupPermissions.ListByEntityGroup(ctx, peGroup)
			},
			want: []GroupPermissionInfo{}},
	}
}

func TestGroupPermissionService(t *testing.T) { runPECases(t, groupPermissionCases()) }

func TestGroupPermissionPublicFlag(t *testing.T) {
	for _, in := range []string{`{"public":true}`, `{"isPublic":true}`, `{"public":true,"isPublic":false}`} {
		var p GroupPermission
		if err := json.Unmarshal([]byte(in), &p); err != nil || !p.Public {
			t.Errorf("%s: Public = %v, %v", in, p.Public, err)
		}
	}
	var info GroupPermissionInfo
	if err := json.Unmarshal([]byte(`{"isPublic":true,"readOnly":true,"userGroupName":"u"}`), &info); err != nil {
		t.Fatal(err)
	}
	want := GroupPermissionInfo{GroupPermission: GroupPermission{Public: true}, ReadOnly: true, UserGroupName: "u"}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("info = %#v", info)
	}
	if err := json.Unmarshal([]byte(`{"roleId":7}`), &info); err == nil {
		t.Error("a bad role id decoded")
	}
}
