package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// RoleService manages roles (Professional Edition). See Client.Roles.
//
// A GENERIC role grants operations on resources wherever the user's owner has them; a
// GROUP role grants operations on the entities of the entity groups that group
// permissions bind it to. ListByIDs uses the route of ThingsBoard 4.3 PE (/api/roles/list).
type RoleService service

// RoleType is GENERIC or GROUP. A value this package does not list round-trips unchanged.
type RoleType string

// Role types.
const (
	RoleTypeGeneric RoleType = "GENERIC"
	RoleTypeGroup   RoleType = "GROUP"
)

// Names of the roles that the server creates for every tenant.
const (
	RoleTenantAdminName     = "Tenant Administrator"
	RoleTenantUserName      = "Tenant User"
	RoleCustomerAdminName   = "Customer Administrator"
	RoleCustomerUserName    = "Customer User"
	RolePublicUserName      = "Public User"
	RolePublicUserGroupName = "Entity Group Public User"
	RoleReadOnlyGroupName   = "Entity Group Read-only User"
	RoleWriteGroupName      = "Entity Group Write User"
)

// RolePermissions are the permissions of a role. The server keeps them as free JSON
// whose shape depends on the role type: for a GENERIC role an object from resource to
// operations ({"DEVICE":["READ"],"ALL":["ALL"]}), for a GROUP role a list of operations
// (["READ","WRITE"]). Generic and Group hold the two shapes; one of them is nil.
type RolePermissions struct {
	Generic map[Resource][]Operation
	Group   []Operation
}

// IsZero reports whether neither shape is set.
func (p RolePermissions) IsZero() bool { return p.Generic == nil && p.Group == nil }

// Allows reports whether the permissions grant op on resource. For GROUP permissions the
// resource is ignored: they apply to the entities of the bound group. ALL as a resource
// or as an operation matches everything, as on the server.
func (p RolePermissions) Allows(resource Resource, op Operation) bool {
	if p.Group != nil {
		return hasOperation(p.Group, op)
	}
	return hasOperation(p.Generic[resource], op) || hasOperation(p.Generic[ResourceAll], op)
}

// UnmarshalJSON accepts an object (GENERIC), an array (GROUP) or null.
func (p *RolePermissions) UnmarshalJSON(b []byte) error {
	*p = RolePermissions{}
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0 || bytes.Equal(t, []byte("null")):
		return nil
	case t[0] == '[':
		ops := []Operation{}
		if err := json.Unmarshal(t, &ops); err != nil {
			return fmt.Errorf("thingsboard: role permissions: %w", err)
		}
		p.Group = ops
		return nil
	case t[0] == '{':
		m := map[Resource][]Operation{}
		if err := json.Unmarshal(t, &m); err != nil {
			return fmt.Errorf("thingsboard: role permissions: %w", err)
		}
		p.Generic = m
		return nil
	}
	return fmt.Errorf("thingsboard: role permissions: want an object or an array, got %.20s", t)
}

// MarshalJSON writes the list when Group is set, else the object ({} when empty).
func (p RolePermissions) MarshalJSON() ([]byte, error) {
	if p.Group != nil {
		return json.Marshal(p.Group)
	}
	if p.Generic == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(p.Generic)
}

// Role is a named set of permissions of a tenant or a customer.
type Role struct {
	// ID is the role's id; zero when creating a role.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// CustomerID is set for a customer's role, the null customer for a tenant's.
	CustomerID EntityID `json:"customerId,omitzero"`
	// OwnerID is the role's tenant or customer (computed by the server).
	OwnerID EntityID `json:"ownerId,omitzero"`
	Name    string   `json:"name"`
	Type    RoleType `json:"type"`
	// Permissions are the role's grants, shaped by Type.
	Permissions RolePermissions `json:"permissions"`
	// ExcludedPermissions is free JSON that newer servers use to subtract permissions.
	ExcludedPermissions json.RawMessage `json:"excludedPermissions,omitzero"`
	// AdditionalInfo is free-form JSON ("description" lives there).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	ExternalID     EntityID        `json:"externalId,omitzero"`
	// Version is the optimistic-locking version (3.8+).
	Version int64 `json:"version,omitzero"`
}

// MarshalJSON writes the role; a GROUP role without permissions sends an empty list,
// the shape the server expects for that type.
func (r Role) MarshalJSON() ([]byte, error) {
	type plain Role
	p := plain(r)
	if p.Type == RoleTypeGroup && p.Permissions.IsZero() {
		p.Permissions.Group = []Operation{}
	}
	return json.Marshal(p)
}

// NewGenericRole returns a GENERIC role granting perms.
func NewGenericRole(name string, perms map[Resource][]Operation) *Role {
	if perms == nil {
		perms = map[Resource][]Operation{}
	}
	return &Role{Name: name, Type: RoleTypeGeneric, Permissions: RolePermissions{Generic: perms}}
}

// NewGroupRole returns a GROUP role granting ops on the groups it will be bound to.
func NewGroupRole(name string, ops ...Operation) *Role {
	return &Role{Name: name, Type: RoleTypeGroup, Permissions: RolePermissions{Group: append([]Operation{}, ops...)}}
}

// RoleListOptions are the optional filters of Roles.List.
type RoleListOptions struct {
	// Type keeps only roles of this type.
	Type RoleType
}

// Get returns the role with the given id. A missing role is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/role/{roleId}
func (s *RoleService) Get(ctx context.Context, roleID string) (*Role, error) {
	if err := checkArgsOf("Roles.Get", "roleID", roleID); err != nil {
		return nil, err
	}
	return call[Role](ctx, s.client, http.MethodGet, pathf("/api/role/%s", roleID), nil, nil)
}

// Save creates the role (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/role
func (s *RoleService) Save(ctx context.Context, r *Role) (*Role, error) {
	if r == nil {
		return nil, fmt.Errorf("thingsboard: Roles.Save: nil role")
	}
	if err := checkArgsOf("Roles.Save", "name", r.Name, "type", string(r.Type)); err != nil {
		return nil, err
	}
	return call[Role](ctx, s.client, http.MethodPost, "/api/role", nil, r)
}

// Delete deletes the role. The server refuses a role that group permissions still use.
//
//tb:operation DELETE /api/role/{roleId}
func (s *RoleService) Delete(ctx context.Context, roleID string) error {
	if err := checkArgsOf("Roles.Delete", "roleID", roleID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/role/%s", roleID), nil, nil, nil)
}

// List returns one page of the roles of the caller's owner.
//
//tb:operation GET /api/roles
func (s *RoleService) List(ctx context.Context, pl PageLink, opts *RoleListOptions) (*Page[Role], error) {
	q := pl.Values()
	if opts != nil && opts.Type != "" {
		q.Set("type", string(opts.Type))
	}
	return call[Page[Role]](ctx, s.client, http.MethodGet, "/api/roles", q, nil)
}

// ListAll iterates over every role of the caller's owner.
//
//tb:operation GET /api/roles
func (s *RoleService) ListAll(ctx context.Context, pl PageLink, opts *RoleListOptions) iter.Seq2[Role, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[Role], error) {
		return s.List(ctx, l, opts)
	})
}

// ListByIDs returns the roles with the given ids.
//
//tb:operation GET /api/roles/list
func (s *RoleService) ListByIDs(ctx context.Context, roleIDs []string) ([]Role, error) {
	if err := peCheckIDs("Roles.ListByIDs", "roleIDs", roleIDs); err != nil {
		return nil, err
	}
	var out []Role
	q := url.Values{"roleIds": {strings.Join(roleIDs, ",")}}
	if err := s.client.do(ctx, http.MethodGet, "/api/roles/list", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
