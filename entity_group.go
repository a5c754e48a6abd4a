package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// EntityGroupService manages entity groups (Professional Edition). See Client.EntityGroups.
//
// An entity group holds entities of one type (DEVICE, ASSET, ENTITY_VIEW, DASHBOARD,
// CUSTOMER, USER or EDGE) and belongs to a tenant or a customer, its owner. Every owner
// has a reserved group "All" per type that holds all of its entities of that type.
//
// The unpaged lists ListByType, ListByOwnerAndType and the by-ids lookup ListByIDs use
// the routes of ThingsBoard 4.3 PE (/api/entityGroups/{groupType}/all,
// /api/entityGroups/{ownerType}/{ownerId}/{groupType}/all, /api/entityGroups/list);
// their Page variants use the paged routes that every PE version serves.
type EntityGroupService service

// Names of the groups that the server creates itself.
const (
	// EntityGroupAllName is the name of an owner's reserved group of all its entities of a type.
	EntityGroupAllName = "All"
	// EntityGroupTenantAdminsName is the tenant's user group of administrators.
	EntityGroupTenantAdminsName = "Tenant Administrators"
	// EntityGroupTenantUsersName is the tenant's user group of read-only users.
	EntityGroupTenantUsersName = "Tenant Users"
	// EntityGroupCustomerAdminsName is a customer's user group of administrators.
	EntityGroupCustomerAdminsName = "Customer Administrators"
	// EntityGroupCustomerUsersName is a customer's user group of read-only users.
	EntityGroupCustomerUsersName = "Customer Users"
	// EntityGroupPublicUsersName is the user group of a public customer.
	EntityGroupPublicUsersName = "Public Users"
)

// EntityGroup is a named group of entities of one type, owned by a tenant or a customer.
type EntityGroup struct {
	// ID is the group's id; zero when creating a group.
	ID          EntityID `json:"id,omitzero"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	TenantID    EntityID `json:"tenantId,omitzero"`
	// Type is the type of the group's entities, such as EntityTypeDevice.
	Type EntityType `json:"type"`
	Name string     `json:"name"`
	// OwnerID is the owning tenant or customer. When zero on creation, the server makes
	// the caller's owner the owner.
	OwnerID EntityID `json:"ownerId,omitzero"`
	// AdditionalInfo is free-form JSON: the server keeps "description" and "isPublic" there.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Configuration is the UI's JSON configuration of the group (columns, actions, ...).
	Configuration json.RawMessage `json:"configuration,omitzero"`
	ExternalID    EntityID        `json:"externalId,omitzero"`
	// Version is the optimistic-locking version (3.8+).
	Version int64 `json:"version,omitzero"`
	// GroupAll marks the owner's reserved group "All" (computed by the server).
	GroupAll bool `json:"groupAll,omitzero"`
	// EdgeGroupAll marks an edge's reserved group "[Edge] ... All" (computed by the server).
	EdgeGroupAll bool `json:"edgeGroupAll,omitzero"`
}

// IsPublic reports whether the group was made public (additionalInfo.isPublic).
func (g *EntityGroup) IsPublic() bool {
	if g == nil || len(g.AdditionalInfo) == 0 {
		return false
	}
	var info struct {
		IsPublic any `json:"isPublic"`
	}
	if json.Unmarshal(g.AdditionalInfo, &info) != nil {
		return false
	}
	switch v := info.IsPublic.(type) {
	case bool:
		return v
	case string:
		b, _ := strconv.ParseBool(v)
		return b
	}
	return false
}

// EntityGroupInfo is an EntityGroup with the chain of its owners: its owner, the
// owner's parent customers and the tenant.
type EntityGroupInfo struct {
	EntityGroup
	OwnerIDs []EntityID `json:"ownerIds,omitzero"`
}

// ShortEntityView is one member of an entity group as GET /api/entityGroup/{id}/entities
// lists it: the entity's id, its name and the other columns configured for the group.
type ShortEntityView struct {
	ID   EntityID
	Name string
	// Properties holds every field but "id", the name included, as the server's
	// strings; a non-string value is kept as its JSON text.
	Properties map[string]string
}

// UnmarshalJSON decodes the server's flat object.
func (v *ShortEntityView) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("thingsboard: short entity view: %w", err)
	}
	*v = ShortEntityView{Properties: map[string]string{}}
	for k, r := range raw {
		if k == "id" {
			if err := json.Unmarshal(r, &v.ID); err != nil {
				return err
			}
			continue
		}
		if bytes.Equal(bytes.TrimSpace(r), []byte("null")) {
			continue
		}
		var s string
		if json.Unmarshal(r, &s) != nil {
			s = string(bytes.TrimSpace(r))
		}
		v.Properties[k] = s
	}
	v.Name = v.Properties["name"]
	return nil
}

// MarshalJSON writes the flat object the server sends.
func (v ShortEntityView) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(v.Properties)+2)
	for k, s := range v.Properties {
		m[k] = s
	}
	if v.Name != "" {
		m["name"] = v.Name
	}
	m["id"] = v.ID
	return json.Marshal(m)
}

// Owner is a tenant or a customer as GET /api/owners lists it (the server's
// ContactBased objects): the fields they share, and the whole object in Raw, which
// Tenant and Customer decode into the full models by the id's entity type.
type Owner struct {
	// ID is a TENANT or CUSTOMER id.
	ID          EntityID `json:"id"`
	CreatedTime int64    `json:"createdTime,omitzero"`
	Title       string   `json:"title,omitzero"`
	Name        string   `json:"name,omitzero"`
	Email       string   `json:"email,omitzero"`
	Phone       string   `json:"phone,omitzero"`
	Country     string   `json:"country,omitzero"`
	State       string   `json:"state,omitzero"`
	City        string   `json:"city,omitzero"`
	Address     string   `json:"address,omitzero"`
	Address2    string   `json:"address2,omitzero"`
	Zip         string   `json:"zip,omitzero"`
	// AdditionalInfo is free-form JSON.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitzero"`
	// Raw is the object as the server sent it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an owner and keeps the raw object.
func (o *Owner) UnmarshalJSON(b []byte) error {
	type plain Owner
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("thingsboard: owner: %w", err)
	}
	*o = Owner(p)
	o.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// IsTenant reports whether the owner is a tenant.
func (o Owner) IsTenant() bool { return o.ID.EntityType == EntityTypeTenant }

// IsCustomer reports whether the owner is a customer.
func (o Owner) IsCustomer() bool { return o.ID.EntityType == EntityTypeCustomer }

// Tenant decodes a tenant owner as a Tenant.
func (o Owner) Tenant() (*Tenant, error) {
	if !o.IsTenant() {
		return nil, fmt.Errorf("thingsboard: owner %s is not a tenant", o.ID)
	}
	t := new(Tenant)
	if err := json.Unmarshal(o.Raw, t); err != nil {
		return nil, fmt.Errorf("thingsboard: owner %s: %w", o.ID, err)
	}
	return t, nil
}

// Customer decodes a customer owner as a Customer.
func (o Owner) Customer() (*Customer, error) {
	if !o.IsCustomer() {
		return nil, fmt.Errorf("thingsboard: owner %s is not a customer", o.ID)
	}
	c := new(Customer)
	if err := json.Unmarshal(o.Raw, c); err != nil {
		return nil, fmt.Errorf("thingsboard: owner %s: %w", o.ID, err)
	}
	return c, nil
}

// DisplayName returns the owner's title, or its name when it has no title.
func (o Owner) DisplayName() string {
	if o.Title != "" {
		return o.Title
	}
	return o.Name
}

// ShareGroupRequest is the body of EntityGroups.Share.
type ShareGroupRequest struct {
	// OwnerID is the owner of the user group "All" to share with when AllUserGroup is true.
	OwnerID EntityID `json:"ownerId,omitzero"`
	// AllUserGroup shares with the user group "All" of OwnerID instead of UserGroupID.
	AllUserGroup bool `json:"allUserGroup"`
	// UserGroupID is the user group to share with when AllUserGroup is false.
	UserGroupID EntityID `json:"userGroupId,omitzero"`
	// ReadElseWrite, used when RoleIDs is empty, makes the server create a read-only
	// role (true) or a write role (false) for the share.
	ReadElseWrite bool `json:"readElseWrite"`
	// RoleIDs are GROUP roles to grant on the shared group.
	RoleIDs []EntityID `json:"roleIds,omitzero"`
}

// EntityGroupListOptions are the optional filters of EntityGroups.ListByType and ListByTypePage.
type EntityGroupListOptions struct {
	// IncludeShared adds the groups shared with the caller by other owners.
	IncludeShared *bool
}

func (o *EntityGroupListOptions) addTo(v url.Values) {
	if o != nil && o.IncludeShared != nil {
		v.Set("includeShared", strconv.FormatBool(*o.IncludeShared))
	}
}

// Get returns the entity group with the given id. A missing group is an *APIError
// matching ErrNotFound.
//
//tb:operation GET /api/entityGroup/{entityGroupId}
func (s *EntityGroupService) Get(ctx context.Context, entityGroupID string) (*EntityGroupInfo, error) {
	if err := checkArgsOf("EntityGroups.Get", "entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[EntityGroupInfo](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s", entityGroupID), nil, nil)
}

// Save creates the group (zero ID) or updates it, and returns it as stored.
//
//tb:operation POST /api/entityGroup
func (s *EntityGroupService) Save(ctx context.Context, g *EntityGroup) (*EntityGroupInfo, error) {
	if g == nil {
		return nil, fmt.Errorf("thingsboard: EntityGroups.Save: nil group")
	}
	if err := checkArgsOf("EntityGroups.Save", "name", g.Name, "type", string(g.Type)); err != nil {
		return nil, err
	}
	return call[EntityGroupInfo](ctx, s.client, http.MethodPost, "/api/entityGroup", nil, g)
}

// Delete deletes the group; its entities stay in their owner's group "All".
//
//tb:operation DELETE /api/entityGroup/{entityGroupId}
func (s *EntityGroupService) Delete(ctx context.Context, entityGroupID string) error {
	if err := checkArgsOf("EntityGroups.Delete", "entityGroupID", entityGroupID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/entityGroup/%s", entityGroupID), nil, nil, nil)
}

// ListByType returns every group of the given type that the caller's owner has, and
// with IncludeShared the groups shared with it. It uses the 4.3 route; see ListByTypePage
// for older servers.
//
//tb:operation GET /api/entityGroups/{groupType}/all
func (s *EntityGroupService) ListByType(ctx context.Context, groupType EntityType, opts *EntityGroupListOptions) ([]EntityGroupInfo, error) {
	if err := checkArgsOf("EntityGroups.ListByType", "groupType", string(groupType)); err != nil {
		return nil, err
	}
	q := url.Values{}
	opts.addTo(q)
	var out []EntityGroupInfo
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/entityGroups/%s/all", string(groupType)), q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByTypePage returns one page of the groups of the given type.
//
//tb:operation GET /api/entityGroups/{groupType}
func (s *EntityGroupService) ListByTypePage(ctx context.Context, groupType EntityType, pl PageLink, opts *EntityGroupListOptions) (*Page[EntityGroupInfo], error) {
	if err := checkArgsOf("EntityGroups.ListByTypePage", "groupType", string(groupType)); err != nil {
		return nil, err
	}
	q := pl.Values()
	opts.addTo(q)
	return call[Page[EntityGroupInfo]](ctx, s.client, http.MethodGet, pathf("/api/entityGroups/%s", string(groupType)), q, nil)
}

// ListByTypeAll iterates over every group of the given type, page by page.
//
//tb:operation GET /api/entityGroups/{groupType}
func (s *EntityGroupService) ListByTypeAll(ctx context.Context, groupType EntityType, pl PageLink, opts *EntityGroupListOptions) iter.Seq2[EntityGroupInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[EntityGroupInfo], error) {
		return s.ListByTypePage(ctx, groupType, l, opts)
	})
}

// ListByOwnerAndType returns every group of the given type owned by owner (a TENANT or
// CUSTOMER id). It uses the 4.3 route; see ListByOwnerAndTypePage for older servers.
//
//tb:operation GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}/all
func (s *EntityGroupService) ListByOwnerAndType(ctx context.Context, owner EntityID, groupType EntityType) ([]EntityGroupInfo, error) {
	const m = "EntityGroups.ListByOwnerAndType"
	if err := peCheckOwner(m, owner); err != nil {
		return nil, err
	}
	if err := checkArgsOf(m, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	var out []EntityGroupInfo
	p := pathf("/api/entityGroups/%s/%s/%s/all", string(owner.EntityType), owner.ID, string(groupType))
	if err := s.client.do(ctx, http.MethodGet, p, nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByOwnerAndTypePage returns one page of the groups of the given type owned by owner.
//
//tb:operation GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}
func (s *EntityGroupService) ListByOwnerAndTypePage(ctx context.Context, owner EntityID, groupType EntityType, pl PageLink) (*Page[EntityGroupInfo], error) {
	const m = "EntityGroups.ListByOwnerAndTypePage"
	if err := peCheckOwner(m, owner); err != nil {
		return nil, err
	}
	if err := checkArgsOf(m, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	out := new(Page[EntityGroupInfo])
	p := pathf("/api/entityGroups/%s/%s/%s", string(owner.EntityType), owner.ID, string(groupType))
	if err := s.client.do(ctx, http.MethodGet, p, pl.Values(), nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByOwnerAndTypeAll iterates over every group of the given type owned by owner.
//
//tb:operation GET /api/entityGroups/{ownerType}/{ownerId}/{groupType}
func (s *EntityGroupService) ListByOwnerAndTypeAll(ctx context.Context, owner EntityID, groupType EntityType, pl PageLink) iter.Seq2[EntityGroupInfo, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[EntityGroupInfo], error) {
		return s.ListByOwnerAndTypePage(ctx, owner, groupType, l)
	})
}

// GetAllGroup returns the reserved group "All" of the given type of owner (a TENANT or
// CUSTOMER id).
//
//tb:operation GET /api/entityGroup/all/{ownerType}/{ownerId}/{groupType}
func (s *EntityGroupService) GetAllGroup(ctx context.Context, owner EntityID, groupType EntityType) (*EntityGroupInfo, error) {
	const m = "EntityGroups.GetAllGroup"
	if err := peCheckOwner(m, owner); err != nil {
		return nil, err
	}
	if err := checkArgsOf(m, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	g := new(EntityGroupInfo)
	p := pathf("/api/entityGroup/all/%s/%s/%s", string(owner.EntityType), owner.ID, string(groupType))
	if err := s.client.do(ctx, http.MethodGet, p, nil, nil, g); err != nil {
		return nil, err
	}
	return g, nil
}

// GetByOwnerAndName returns the group of the given type and name owned by owner. A
// missing group is an *APIError matching ErrNotFound.
//
//tb:operation GET /api/entityGroup/{ownerType}/{ownerId}/{groupType}/{groupName}
func (s *EntityGroupService) GetByOwnerAndName(ctx context.Context, owner EntityID, groupType EntityType, name string) (*EntityGroupInfo, error) {
	const m = "EntityGroups.GetByOwnerAndName"
	if err := peCheckOwner(m, owner); err != nil {
		return nil, err
	}
	if err := checkArgsOf(m, "groupType", string(groupType), "name", name); err != nil {
		return nil, err
	}
	g := new(EntityGroupInfo)
	p := pathf("/api/entityGroup/%s/%s/%s/%s", string(owner.EntityType), owner.ID, string(groupType), name)
	if err := s.client.do(ctx, http.MethodGet, p, nil, nil, g); err != nil {
		return nil, err
	}
	return g, nil
}

// AddEntities adds the entities (UUIDs of the group's type) to the group. Entities that
// already belong to it are ignored.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/addEntities
func (s *EntityGroupService) AddEntities(ctx context.Context, entityGroupID string, entityIDs []string) error {
	const m = "EntityGroups.AddEntities"
	if err := checkArgsOf(m, "entityGroupID", entityGroupID); err != nil {
		return err
	}
	if err := peCheckIDs(m, "entityIDs", entityIDs); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/addEntities", entityGroupID), nil, entityIDs, nil)
}

// RemoveEntities removes the entities (UUIDs) from the group.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/deleteEntities
func (s *EntityGroupService) RemoveEntities(ctx context.Context, entityGroupID string, entityIDs []string) error {
	const m = "EntityGroups.RemoveEntities"
	if err := checkArgsOf(m, "entityGroupID", entityGroupID); err != nil {
		return err
	}
	if err := peCheckIDs(m, "entityIDs", entityIDs); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/deleteEntities", entityGroupID), nil, entityIDs, nil)
}

// GetEntity returns one member of the group. An entity that is not a member is an
// *APIError matching ErrNotFound.
//
//tb:operation GET /api/entityGroup/{entityGroupId}/{entityId}
func (s *EntityGroupService) GetEntity(ctx context.Context, entityGroupID, entityID string) (*ShortEntityView, error) {
	if err := checkArgsOf("EntityGroups.GetEntity", "entityGroupID", entityGroupID, "entityID", entityID); err != nil {
		return nil, err
	}
	return call[ShortEntityView](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s/%s", entityGroupID, entityID), nil, nil)
}

// ListEntities returns one page of the group's members.
//
//tb:operation GET /api/entityGroup/{entityGroupId}/entities
func (s *EntityGroupService) ListEntities(ctx context.Context, entityGroupID string, pl PageLink) (*Page[ShortEntityView], error) {
	if err := checkArgsOf("EntityGroups.ListEntities", "entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[Page[ShortEntityView]](ctx, s.client, http.MethodGet, pathf("/api/entityGroup/%s/entities", entityGroupID), pl.Values(), nil)
}

// ListEntitiesAll iterates over every member of the group.
//
//tb:operation GET /api/entityGroup/{entityGroupId}/entities
func (s *EntityGroupService) ListEntitiesAll(ctx context.Context, entityGroupID string, pl PageLink) iter.Seq2[ShortEntityView, error] {
	return All(ctx, pl, func(ctx context.Context, l PageLink) (*Page[ShortEntityView], error) {
		return s.ListEntities(ctx, entityGroupID, l)
	})
}

// ListForEntity returns the ids (ENTITY_GROUP) of the groups that hold the entity.
//
//tb:operation GET /api/entityGroups/{entityType}/{entityId}
func (s *EntityGroupService) ListForEntity(ctx context.Context, entity EntityID) ([]EntityID, error) {
	if err := checkEntityID("EntityGroups.ListForEntity: entity", entity); err != nil {
		return nil, err
	}
	var out []EntityID
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/entityGroups/%s/%s", string(entity.EntityType), entity.ID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListByIDs returns the groups with the given ids that the caller may read. It uses the
// 4.3 route.
//
//tb:operation GET /api/entityGroups/list
func (s *EntityGroupService) ListByIDs(ctx context.Context, entityGroupIDs []string) ([]EntityGroupInfo, error) {
	if err := peCheckIDs("EntityGroups.ListByIDs", "entityGroupIDs", entityGroupIDs); err != nil {
		return nil, err
	}
	var out []EntityGroupInfo
	q := url.Values{"entityGroupIds": {strings.Join(entityGroupIDs, ",")}}
	if err := s.client.do(ctx, http.MethodGet, "/api/entityGroups/list", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListOwners returns one page of the owners the caller may assign entities to: its
// tenant or customer and their sub-customers.
//
//tb:operation GET /api/owners
func (s *EntityGroupService) ListOwners(ctx context.Context, pl PageLink) (*Page[Owner], error) {
	return call[Page[Owner]](ctx, s.client, http.MethodGet, "/api/owners", pl.Values(), nil)
}

// ListOwnersAll iterates over every owner the caller may assign entities to.
//
//tb:operation GET /api/owners
func (s *EntityGroupService) ListOwnersAll(ctx context.Context, pl PageLink) iter.Seq2[Owner, error] {
	return All(ctx, pl, s.ListOwners)
}

// MakePublic makes the group public: its entities become readable by the tenant's
// public customer (dashboards, devices, assets and entity views).
//
//tb:operation POST /api/entityGroup/{entityGroupId}/makePublic
func (s *EntityGroupService) MakePublic(ctx context.Context, entityGroupID string) error {
	if err := checkArgsOf("EntityGroups.MakePublic", "entityGroupID", entityGroupID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/makePublic", entityGroupID), nil, nil, nil)
}

// MakePrivate undoes MakePublic.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/makePrivate
func (s *EntityGroupService) MakePrivate(ctx context.Context, entityGroupID string) error {
	if err := checkArgsOf("EntityGroups.MakePrivate", "entityGroupID", entityGroupID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/makePrivate", entityGroupID), nil, nil, nil)
}

// Share grants a user group access to the entity group, as req describes.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/share
func (s *EntityGroupService) Share(ctx context.Context, entityGroupID string, req *ShareGroupRequest) error {
	if err := checkArgsOf("EntityGroups.Share", "entityGroupID", entityGroupID); err != nil {
		return err
	}
	if req == nil {
		return fmt.Errorf("thingsboard: EntityGroups.Share: nil request")
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/share", entityGroupID), nil, req, nil)
}

// ShareWithUserGroup grants the user group userGroupID the GROUP role roleID on the
// entity group.
//
//tb:operation POST /api/entityGroup/{entityGroupId}/{userGroupId}/{roleId}/share
func (s *EntityGroupService) ShareWithUserGroup(ctx context.Context, entityGroupID, userGroupID, roleID string) error {
	if err := checkArgsOf("EntityGroups.ShareWithUserGroup", "entityGroupID", entityGroupID, "userGroupID", userGroupID, "roleID", roleID); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/entityGroup/%s/%s/%s/share", entityGroupID, userGroupID, roleID), nil, nil, nil)
}

// AssignToEdge assigns the group to an edge and returns the group.
//
//tb:operation POST /api/edge/{edgeId}/entityGroup/{entityGroupId}/{groupType}
func (s *EntityGroupService) AssignToEdge(ctx context.Context, edgeID, entityGroupID string, groupType EntityType) (*EntityGroup, error) {
	if err := checkArgsOf("EntityGroups.AssignToEdge", "edgeID", edgeID, "entityGroupID", entityGroupID, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	return call[EntityGroup](ctx, s.client, http.MethodPost, pathf("/api/edge/%s/entityGroup/%s/%s", edgeID, entityGroupID, string(groupType)), nil, nil)
}

// UnassignFromEdge removes the group from an edge and returns the group.
//
//tb:operation DELETE /api/edge/{edgeId}/entityGroup/{entityGroupId}/{groupType}
func (s *EntityGroupService) UnassignFromEdge(ctx context.Context, edgeID, entityGroupID string, groupType EntityType) (*EntityGroup, error) {
	if err := checkArgsOf("EntityGroups.UnassignFromEdge", "edgeID", edgeID, "entityGroupID", entityGroupID, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	return call[EntityGroup](ctx, s.client, http.MethodDelete, pathf("/api/edge/%s/entityGroup/%s/%s", edgeID, entityGroupID, string(groupType)), nil, nil)
}

// ListEdgeGroups returns every group of the given type assigned to the edge.
//
//tb:operation GET /api/allEntityGroups/edge/{edgeId}/{groupType}
func (s *EntityGroupService) ListEdgeGroups(ctx context.Context, edgeID string, groupType EntityType) ([]EntityGroupInfo, error) {
	if err := checkArgsOf("EntityGroups.ListEdgeGroups", "edgeID", edgeID, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	var out []EntityGroupInfo
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/allEntityGroups/edge/%s/%s", edgeID, string(groupType)), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListEdgeGroupsPage returns one page of the groups of the given type assigned to the edge.
//
//tb:operation GET /api/entityGroups/edge/{edgeId}/{groupType}
func (s *EntityGroupService) ListEdgeGroupsPage(ctx context.Context, edgeID string, groupType EntityType, pl PageLink) (*Page[EntityGroupInfo], error) {
	if err := checkArgsOf("EntityGroups.ListEdgeGroupsPage", "edgeID", edgeID, "groupType", string(groupType)); err != nil {
		return nil, err
	}
	return call[Page[EntityGroupInfo]](ctx, s.client, http.MethodGet, pathf("/api/entityGroups/edge/%s/%s", edgeID, string(groupType)), pl.Values(), nil)
}

// ListShared returns every group of the given type that other owners shared with the
// caller. It uses the 4.3 route; see ListSharedPage for older servers.
//
//tb:operation GET /api/entityGroups/{groupType}/shared/all
func (s *EntityGroupService) ListShared(ctx context.Context, groupType EntityType) ([]EntityGroupInfo, error) {
	if err := checkArgsOf("EntityGroups.ListShared", "groupType", string(groupType)); err != nil {
		return nil, err
	}
	var out []EntityGroupInfo
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/entityGroups/%s/shared/all", string(groupType)), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListSharedPage returns one page of the groups of the given type shared with the caller.
//
//tb:operation GET /api/entityGroups/{groupType}/shared
func (s *EntityGroupService) ListSharedPage(ctx context.Context, groupType EntityType, pl PageLink) (*Page[EntityGroupInfo], error) {
	if err := checkArgsOf("EntityGroups.ListSharedPage", "groupType", string(groupType)); err != nil {
		return nil, err
	}
	return call[Page[EntityGroupInfo]](ctx, s.client, http.MethodGet, pathf("/api/entityGroups/%s/shared", string(groupType)), pl.Values(), nil)
}

// GetEntityInfo returns the group's id and name.
//
//tb:operation GET /api/entityGroupInfo/{entityGroupId}
func (s *EntityGroupService) GetEntityInfo(ctx context.Context, entityGroupID string) (*EntityInfo, error) {
	if err := checkArgsOf("EntityGroups.GetEntityInfo", "entityGroupID", entityGroupID); err != nil {
		return nil, err
	}
	return call[EntityInfo](ctx, s.client, http.MethodGet, pathf("/api/entityGroupInfo/%s", entityGroupID), nil, nil)
}

// ListEntityInfosByIDs returns the ids and names of the groups with the given ids that
// the caller may read.
//
//tb:operation GET /api/entityGroupInfos
func (s *EntityGroupService) ListEntityInfosByIDs(ctx context.Context, entityGroupIDs []string) ([]EntityInfo, error) {
	if err := peCheckIDs("EntityGroups.ListEntityInfosByIDs", "entityGroupIDs", entityGroupIDs); err != nil {
		return nil, err
	}
	var out []EntityInfo
	q := url.Values{"entityGroupIds": {strings.Join(entityGroupIDs, ",")}}
	if err := s.client.do(ctx, http.MethodGet, "/api/entityGroupInfos", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetOwnerInfo returns the id and name of a tenant or customer owner.
//
//tb:operation GET /api/ownerInfo/{ownerType}/{ownerId}
func (s *EntityGroupService) GetOwnerInfo(ctx context.Context, owner EntityID) (*EntityInfo, error) {
	if err := peCheckOwner("EntityGroups.GetOwnerInfo", owner); err != nil {
		return nil, err
	}
	return call[EntityInfo](ctx, s.client, http.MethodGet, pathf("/api/ownerInfo/%s/%s", string(owner.EntityType), owner.ID), nil, nil)
}

// ListOwnerInfos returns one page of the ids and names of the owners ListOwners lists.
//
//tb:operation GET /api/ownerInfos
func (s *EntityGroupService) ListOwnerInfos(ctx context.Context, pl PageLink) (*Page[EntityInfo], error) {
	return call[Page[EntityInfo]](ctx, s.client, http.MethodGet, "/api/ownerInfos", pl.Values(), nil)
}
