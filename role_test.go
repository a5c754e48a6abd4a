package thingsboard

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const genericRoleJSON = `{"id":{"entityType":"ROLE","id":"` + peRole + `"},"createdTime":1700000000000,` +
	`"tenantId":{"entityType":"TENANT","id":"` + peTenant + `"},"customerId":{"entityType":"CUSTOMER","id":"` + NullUUID + `"},` +
	`"name":"Operators","type":"GENERIC","permissions":{"DEVICE":["READ","RPC_CALL"],"ALL":["READ_TELEMETRY"]},` +
	`"additionalInfo":{"description":"Field operators"},"version":1,` +
	`"ownerId":{"entityType":"TENANT","id":"` + peTenant + `"}}`

const groupRoleJSON = `{"id":{"entityType":"ROLE","id":"` + peRole + `"},"createdTime":1700000000001,` +
	`"tenantId":{"entityType":"TENANT","id":"` + peTenant + `"},"name":"Readers","type":"GROUP","permissions":["READ"],` +
	`"additionalInfo":null,"ownerId":{"entityType":"TENANT","id":"` + peTenant + `"}}`

func wantGenericRole() *Role {
	return &Role{ID: NewEntityID(EntityTypeRole, peRole), CreatedTime: 1700000000000, TenantID: peTenantID,
		CustomerID: NewEntityID(EntityTypeCustomer, NullUUID), OwnerID: peTenantID, Name: "Operators", Type: RoleTypeGeneric,
		Permissions: RolePermissions{Generic: map[Resource][]Operation{
			ResourceDevice: {OperationRead, OperationRPCCall}, ResourceAll: {OperationReadTelemetry}}},
		AdditionalInfo: json.RawMessage(`{"description":"Field operators"}`), Version: 1}
}

func wantGroupRole() *Role {
	return &Role{ID: NewEntityID(EntityTypeRole, peRole), CreatedTime: 1700000000001, TenantID: peTenantID, OwnerID: peTenantID,
		Name: "Readers", Type: RoleTypeGroup, Permissions: RolePermissions{Group: []Operation{OperationRead}},
		AdditionalInfo: json.RawMessage(`null`)}
}

func roleCases() []peCase {
	return []peCase{
		{name: "Roles.Get", method: "GET", path: "/api/role/" + peRole, answer: genericRoleJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Roles.Get(ctx, peRole) },
			want: wantGenericRole()},
		{name: "Roles.Save", method: "POST", path: "/api/role", model: "Role",
			body:   `{"name":"Readers","type":"GROUP","permissions":["READ"]}`,
			answer: groupRoleJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Roles.Save(ctx, NewGroupRole("Readers", OperationRead))
			},
			want: wantGroupRole()},
		{name: "Roles.Delete", method: "DELETE", path: "/api/role/" + peRole,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Roles.Delete(ctx, peRole) }},
		{name: "Roles.List", method: "GET", path: "/api/roles", query: pageQuery(10, "type", "GROUP"),
			answer: onePage(groupRoleJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Roles.List(ctx, NewPageLink(10), &RoleListOptions{Type: RoleTypeGroup})
			},
			want: &Page[Role]{Data: []Role{*wantGroupRole()}, TotalPages: 1, TotalElements: 1}},
		{name: "Roles.ListAll", method: "GET", path: "/api/roles", query: pageQuery(50),
			answer: onePage(genericRoleJSON, groupRoleJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return drain(c.Roles.ListAll(ctx, NewPageLink(50), nil))
			},
			want: []Role{*wantGenericRole(), *wantGroupRole()}},
		{name: "Roles.ListByIDs", method: "GET", path: "/api/roles/list", query: url.Values{"roleIds": {peRole}},
			answer: "[" + genericRoleJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Roles.ListByIDs(ctx, []string{peRole})
			},
			want: []Role{*wantGenericRole()}},
	}
}

func TestRoleService(t *testing.T) { runPECases(t, roleCases()) }

func TestRolePermissionsJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want RolePermissions
	}{
		{`{"ALL":["ALL"]}`, RolePermissions{Generic: map[Resource][]Operation{ResourceAll: {OperationAll}}}},
		{`{}`, RolePermissions{Generic: map[Resource][]Operation{}}},
		{`["READ","WRITE","FUTURE_OP"]`, RolePermissions{Group: []Operation{OperationRead, OperationWrite, "FUTURE_OP"}}},
		{`[]`, RolePermissions{Group: []Operation{}}},
		{`null`, RolePermissions{}},
	} {
		var got RolePermissions
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s decoded as %#v, want %#v", tc.in, got, tc.want)
		}
		if tc.in == "null" {
			continue
		}
		b, _ := json.Marshal(got)
		var a, w any
		json.Unmarshal(b, &a)
		json.Unmarshal([]byte(tc.in), &w)
		if !reflect.DeepEqual(a, w) {
			t.Errorf("%s encoded back as %s", tc.in, b)
		}
	}
	for _, bad := range []string{`"READ"`, `{"DEVICE":"READ"}`, `[1]`, `7`} {
		var p RolePermissions
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s decoded without error: %#v", bad, p)
		}
	}
	// A role with neither shape sends the shape of its type.
	b, _ := json.Marshal(Role{Name: "g", Type: RoleTypeGroup})
	if !strings.Contains(string(b), `"permissions":[]`) {
		t.Errorf("empty GROUP role = %s", b)
	}
	b, _ = json.Marshal(Role{Name: "r", Type: RoleTypeGeneric})
	if !strings.Contains(string(b), `"permissions":{}`) {
		t.Errorf("empty GENERIC role = %s", b)
	}
	b, _ = json.Marshal(NewGenericRole("all", map[Resource][]Operation{ResourceAll: {OperationAll}}))
	if string(b) != `{"name":"all","type":"GENERIC","permissions":{"ALL":["ALL"]}}` {
		t.Errorf("NewGenericRole = %s", b)
	}
}

func TestRolePermissionsAllows(t *testing.T) {
	generic := wantGenericRole().Permissions
	for _, tc := range []struct {
		r    Resource
		op   Operation
		want bool
	}{
		{ResourceDevice, OperationRead, true},
		{ResourceDevice, OperationRPCCall, true},
		{ResourceDevice, OperationWrite, false},
		{ResourceAsset, OperationReadTelemetry, true}, // through ALL
		{ResourceAsset, OperationRead, false},
	} {
		if got := generic.Allows(tc.r, tc.op); got != tc.want {
			t.Errorf("generic Allows(%s, %s) = %v, want %v", tc.r, tc.op, got, tc.want)
		}
	}
	group := RolePermissions{Group: []Operation{OperationRead}}
	if !group.Allows("", OperationRead) || group.Allows("", OperationWrite) {
		t.Error("group permissions wrong")
	}
	if !(RolePermissions{Group: []Operation{OperationAll}}).Allows(ResourceDevice, OperationDelete) {
		t.Error("ALL operation does not cover DELETE")
	}
}
