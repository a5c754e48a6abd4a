package thingsboard

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
)

// groupJSON is an EntityGroupInfo as the server writes it.
const groupJSON = `{"id":{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"},"createdTime":1700000000000,` +
	`"tenantId":{"entityType":"TENANT","id":"` + peTenant + `"},"type":"DEVICE","name":"Water meters",` +
	`"ownerId":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},"additionalInfo":{"description":"Meters","isPublic":true},` +
	`"configuration":null,"externalId":null,"version":2,"groupAll":false,"edgeGroupAll":false,` +
	`"ownerIds":[{"entityType":"CUSTOMER","id":"` + peCustomer + `"},{"entityType":"TENANT","id":"` + peTenant + `"}]}`

func wantGroup() *EntityGroupInfo {
	return &EntityGroupInfo{
		EntityGroup: EntityGroup{
			ID: NewEntityID(EntityTypeEntityGroup, peGroup), CreatedTime: 1700000000000, TenantID: peTenantID,
			Type: EntityTypeDevice, Name: "Water meters", OwnerID: peCustomerID,
			AdditionalInfo: json.RawMessage(`{"description":"Meters","isPublic":true}`),
			Configuration:  json.RawMessage(`null`), Version: 2,
		},
		OwnerIDs: []EntityID{peCustomerID, peTenantID},
	}
}

// allGroupJSON is a tenant's group "All" of devices.
const allGroupJSON = `{"id":{"entityType":"ENTITY_GROUP","id":"` + peGroup2 + `"},"createdTime":1600000000000,` +
	`"type":"DEVICE","name":"All","ownerId":{"entityType":"TENANT","id":"` + peTenant + `"},"groupAll":true,` +
	`"ownerIds":[{"entityType":"TENANT","id":"` + peTenant + `"}]}`

func wantAllGroup() EntityGroupInfo {
	return EntityGroupInfo{
		EntityGroup: EntityGroup{ID: NewEntityID(EntityTypeEntityGroup, peGroup2), CreatedTime: 1600000000000,
			Type: EntityTypeDevice, Name: "All", OwnerID: peTenantID, GroupAll: true},
		OwnerIDs: []EntityID{peTenantID},
	}
}

func onePage(items ...string) string {
	s := `{"data":[`
	for i, it := range items {
		if i > 0 {
			s += ","
		}
		s += it
	}
	return s + `],"totalPages":1,"totalElements":` + jsonInt(len(items)) + `,"hasNext":false}`
}

const shortViewJSON = `{"id":{"entityType":"DEVICE","id":"` + peDevice + `"},"name":"Meter 1","type":"meter","label":"Kitchen"}`

func wantShortView() ShortEntityView {
	return ShortEntityView{ID: peDeviceID, Name: "Meter 1", Properties: map[string]string{"name": "Meter 1", "type": "meter", "label": "Kitchen"}}
}

const ownerTenantJSON = `{"id":{"entityType":"TENANT","id":"` + peTenant + `"},"createdTime":1600000000000,"title":"Tenant",` +
	`"name":"Tenant","region":"Global","tenantProfileId":{"entityType":"TENANT_PROFILE","id":"` + peRole + `"},"email":"t@example.com"}`

const ownerCustomerJSON = `{"id":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},"createdTime":1600000000001,"title":"Customer A",` +
	`"name":"Customer A","tenantId":{"entityType":"TENANT","id":"` + peTenant + `"},"city":"Kyiv","additionalInfo":null}`

func entityGroupCases() []peCase {
	yes := true
	return []peCase{
		{name: "EntityGroups.Get", method: "GET", path: "/api/entityGroup/" + peGroup, answer: groupJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.EntityGroups.Get(ctx, peGroup) },
			want: wantGroup()},
		{name: "EntityGroups.Save", method: "POST", path: "/api/entityGroup", model: "EntityGroup",
			body:   `{"type":"DEVICE","name":"Water meters","ownerId":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},"additionalInfo":{"description":"Meters"}}`,
			answer: groupJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.Save(ctx, &EntityGroup{Type: EntityTypeDevice, Name: "Water meters", OwnerID: peCustomerID,
					AdditionalInfo: json.RawMessage(`{"description":"Meters"}`)})
			},
			want: wantGroup()},
		{name: "EntityGroups.Delete", method: "DELETE", path: "/api/entityGroup/" + peGroup,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.EntityGroups.Delete(ctx, peGroup) }},
		{name: "EntityGroups.ListByType", method: "GET", path: "/api/entityGroups/DEVICE/all",
			query:  url.Values{"includeShared": {"true"}},
			answer: "[" + allGroupJSON + "," + groupJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListByType(ctx, EntityTypeDevice, &EntityGroupListOptions{IncludeShared: &yes})
			},
			want: []EntityGroupInfo{wantAllGroup(), *wantGroup()}},
		{name: "EntityGroups.ListByTypePage", method: "GET", path: "/api/entityGroups/ASSET",
			query: pageQuery(5, "textSearch", "wat", "sortProperty", "name", "sortOrder", "DESC"), answer: onePage(groupJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				pl := PageLink{PageSize: 5, TextSearch: "wat", SortProperty: "name", SortOrder: DESC}
				return c.EntityGroups.ListByTypePage(ctx, EntityTypeAsset, pl, nil)
			},
			want: &Page[EntityGroupInfo]{Data: []EntityGroupInfo{*wantGroup()}, TotalPages: 1, TotalElements: 1}},
		{name: "EntityGroups.ListByTypeAll", method: "GET", path: "/api/entityGroups/DEVICE",
			query: pageQuery(10, "includeShared", "false"), answer: onePage(allGroupJSON, groupJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				f := false
				return drain(c.EntityGroups.ListByTypeAll(ctx, EntityTypeDevice, NewPageLink(10), &EntityGroupListOptions{IncludeShared: &f}))
			},
			want: []EntityGroupInfo{wantAllGroup(), *wantGroup()}},
		{name: "EntityGroups.ListByOwnerAndType", method: "GET", path: "/api/entityGroups/CUSTOMER/" + peCustomer + "/DEVICE/all",
			answer: "[" + groupJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListByOwnerAndType(ctx, peCustomerID, EntityTypeDevice)
			},
			want: []EntityGroupInfo{*wantGroup()}},
		{name: "EntityGroups.ListByOwnerAndTypePage", method: "GET", path: "/api/entityGroups/TENANT/" + peTenant + "/USER",
			query: pageQuery(20), answer: onePage(),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListByOwnerAndTypePage(ctx, peTenantID, EntityTypeUser, NewPageLink(20))
			},
			want: &Page[EntityGroupInfo]{Data: []EntityGroupInfo{}, TotalPages: 1}},
		{name: "EntityGroups.ListByOwnerAndTypeAll", method: "GET", path: "/api/entityGroups/TENANT/" + peTenant + "/DEVICE",
			query: pageQuery(10), answer: onePage(allGroupJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return drain(c.EntityGroups.ListByOwnerAndTypeAll(ctx, peTenantID, EntityTypeDevice, NewPageLink(10)))
			},
			want: []EntityGroupInfo{wantAllGroup()}},
		{name: "EntityGroups.GetAllGroup", method: "GET", path: "/api/entityGroup/all/TENANT/" + peTenant + "/DEVICE",
			answer: allGroupJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.GetAllGroup(ctx, peTenantID, EntityTypeDevice)
			},
			want: func() *EntityGroupInfo { g := wantAllGroup(); return &g }()},
		{name: "EntityGroups.GetByOwnerAndName", method: "GET",
			path:   "/api/entityGroup/CUSTOMER/" + peCustomer + "/DEVICE/Water%20meters",
			answer: groupJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.GetByOwnerAndName(ctx, peCustomerID, EntityTypeDevice, "Water meters")
			},
			want: wantGroup()},
		{name: "EntityGroups.AddEntities", method: "POST", path: "/api/entityGroup/" + peGroup + "/addEntities",
			body: `["` + peDevice + `","` + peDevice2 + `"]`, model: "List<String>",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.EntityGroups.AddEntities(ctx, peGroup, []string{peDevice, peDevice2})
			}},
		{name: "EntityGroups.RemoveEntities", method: "POST", path: "/api/entityGroup/" + peGroup + "/deleteEntities",
			body: `["` + peDevice + `"]`, model: "List<String>",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.EntityGroups.RemoveEntities(ctx, peGroup, []string{peDevice})
			}},
		{name: "EntityGroups.GetEntity", method: "GET", path: "/api/entityGroup/" + peGroup + "/" + peDevice,
			answer: shortViewJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.GetEntity(ctx, peGroup, peDevice)
			},
			want: func() *ShortEntityView { v := wantShortView(); return &v }()},
		{name: "EntityGroups.ListEntities", method: "GET", path: "/api/entityGroup/" + peGroup + "/entities",
			query: pageQuery(10), answer: onePage(shortViewJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListEntities(ctx, peGroup, NewPageLink(10))
			},
			want: &Page[ShortEntityView]{Data: []ShortEntityView{wantShortView()}, TotalPages: 1, TotalElements: 1}},
		{name: "EntityGroups.ListEntitiesAll", method: "GET", path: "/api/entityGroup/" + peGroup + "/entities",
			query: pageQuery(10), answer: onePage(shortViewJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return drain(c.EntityGroups.ListEntitiesAll(ctx, peGroup, NewPageLink(10)))
			},
			want: []ShortEntityView{wantShortView()}},
		{name: "EntityGroups.ListForEntity", method: "GET", path: "/api/entityGroups/DEVICE/" + peDevice,
			answer: `[{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"},{"entityType":"ENTITY_GROUP","id":"` + peGroup2 + `"}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListForEntity(ctx, peDeviceID)
			},
			want: []EntityID{NewEntityID(EntityTypeEntityGroup, peGroup), NewEntityID(EntityTypeEntityGroup, peGroup2)}},
		{name: "EntityGroups.ListByIDs", method: "GET", path: "/api/entityGroups/list",
			query: url.Values{"entityGroupIds": {peGroup + "," + peGroup2}}, answer: "[" + groupJSON + "," + allGroupJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListByIDs(ctx, []string{peGroup, peGroup2})
			},
			want: []EntityGroupInfo{*wantGroup(), wantAllGroup()}},
		{name: "EntityGroups.ListOwners", method: "GET", path: "/api/owners", query: pageQuery(10),
			answer: onePage(ownerTenantJSON, ownerCustomerJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListOwners(ctx, NewPageLink(10))
			},
			want: &Page[Owner]{Data: wantOwners(), TotalPages: 1, TotalElements: 2}},
		{name: "EntityGroups.ListOwnersAll", method: "GET", path: "/api/owners", query: pageQuery(2),
			answer: onePage(ownerTenantJSON, ownerCustomerJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return drain(c.EntityGroups.ListOwnersAll(ctx, NewPageLink(2)))
			},
			want: wantOwners()},
		{name: "EntityGroups.MakePublic", method: "POST", path: "/api/entityGroup/" + peGroup + "/makePublic",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.EntityGroups.MakePublic(ctx, peGroup) }},
		{name: "EntityGroups.MakePrivate", method: "POST", path: "/api/entityGroup/" + peGroup + "/makePrivate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.EntityGroups.MakePrivate(ctx, peGroup)
			}},
		{name: "EntityGroups.Share", method: "POST", path: "/api/entityGroup/" + peGroup + "/share", model: "ShareGroupRequest",
			body: `{"allUserGroup":false,"userGroupId":{"entityType":"ENTITY_GROUP","id":"` + peUserGroup + `"},"readElseWrite":true,` +
				`"roleIds":[{"entityType":"ROLE","id":"` + peRole + `"}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.EntityGroups.Share(ctx, peGroup, &ShareGroupRequest{UserGroupID: NewEntityID(EntityTypeEntityGroup, peUserGroup),
					ReadElseWrite: true, RoleIDs: []EntityID{NewEntityID(EntityTypeRole, peRole)}})
			}},
		{name: "EntityGroups.ShareWithUserGroup", method: "POST", path: "/api/entityGroup/" + peGroup + "/" + peUserGroup + "/" + peRole + "/share",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.EntityGroups.ShareWithUserGroup(ctx, peGroup, peUserGroup, peRole)
			}},
		{name: "EntityGroups.AssignToEdge", method: "POST", path: "/api/edge/" + peEdge + "/entityGroup/" + peGroup + "/DEVICE",
			answer: groupJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.AssignToEdge(ctx, peEdge, peGroup, EntityTypeDevice)
			},
			want: &wantGroup().EntityGroup},
		{name: "EntityGroups.UnassignFromEdge", method: "DELETE", path: "/api/edge/" + peEdge + "/entityGroup/" + peGroup + "/DEVICE",
			answer: groupJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.UnassignFromEdge(ctx, peEdge, peGroup, EntityTypeDevice)
			},
			want: &wantGroup().EntityGroup},
		{name: "EntityGroups.ListEdgeGroups", method: "GET", path: "/api/allEntityGroups/edge/" + peEdge + "/ASSET",
			answer: "[]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListEdgeGroups(ctx, peEdge, EntityTypeAsset)
			},
			want: []EntityGroupInfo{}},
		{name: "EntityGroups.ListEdgeGroupsPage", method: "GET", path: "/api/entityGroups/edge/" + peEdge + "/DEVICE",
			query: pageQuery(10), answer: onePage(groupJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListEdgeGroupsPage(ctx, peEdge, EntityTypeDevice, NewPageLink(10))
			},
			want: &Page[EntityGroupInfo]{Data: []EntityGroupInfo{*wantGroup()}, TotalPages: 1, TotalElements: 1}},
		{name: "EntityGroups.ListShared", method: "GET", path: "/api/entityGroups/DEVICE/shared/all", answer: "[" + groupJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListShared(ctx, EntityTypeDevice)
			},
			want: []EntityGroupInfo{*wantGroup()}},
		{name: "EntityGroups.ListSharedPage", method: "GET", path: "/api/entityGroups/DEVICE/shared", query: pageQuery(10),
			answer: onePage(groupJSON),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListSharedPage(ctx, EntityTypeDevice, NewPageLink(10))
			},
			want: &Page[EntityGroupInfo]{Data: []EntityGroupInfo{*wantGroup()}, TotalPages: 1, TotalElements: 1}},
		{name: "EntityGroups.GetEntityInfo", method: "GET", path: "/api/entityGroupInfo/" + peGroup, answer: groupInfoJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.EntityGroups.GetEntityInfo(ctx, peGroup) },
			want: &EntityInfo{ID: NewEntityID(EntityTypeEntityGroup, peGroup), Name: "Water meters"}},
		{name: "EntityGroups.ListEntityInfosByIDs", method: "GET", path: "/api/entityGroupInfos",
			query: url.Values{"entityGroupIds": {peGroup}}, answer: "[" + groupInfoJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListEntityInfosByIDs(ctx, []string{peGroup})
			},
			want: []EntityInfo{{ID: NewEntityID(EntityTypeEntityGroup, peGroup), Name: "Water meters"}}},
		{name: "EntityGroups.GetOwnerInfo", method: "GET", path: "/api/ownerInfo/CUSTOMER/" + peCustomer,
			answer: `{"id":{"entityType":"CUSTOMER","id":"` + peCustomer + `"},"name":"Customer A"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.GetOwnerInfo(ctx, peCustomerID)
			},
			want: &EntityInfo{ID: peCustomerID, Name: "Customer A"}},
		{name: "EntityGroups.ListOwnerInfos", method: "GET", path: "/api/ownerInfos", query: pageQuery(10),
			answer: onePage(`{"id":{"entityType":"TENANT","id":"` + peTenant + `"},"name":"Tenant"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityGroups.ListOwnerInfos(ctx, NewPageLink(10))
			},
			want: &Page[EntityInfo]{Data: []EntityInfo{{ID: peTenantID, Name: "Tenant"}}, TotalPages: 1, TotalElements: 1}},
	}
}

const groupInfoJSON = `{"id":{"entityType":"ENTITY_GROUP","id":"` + peGroup + `"},"name":"Water meters"}`

func wantOwners() []Owner {
	return []Owner{
		{ID: peTenantID, CreatedTime: 1600000000000, Title: "Tenant", Name: "Tenant", Email: "t@example.com", Raw: json.RawMessage(ownerTenantJSON)},
		{ID: peCustomerID, CreatedTime: 1600000000001, Title: "Customer A", Name: "Customer A", City: "Kyiv",
			AdditionalInfo: json.RawMessage("null"), Raw: json.RawMessage(ownerCustomerJSON)},
	}
}

func TestEntityGroupService(t *testing.T) { runPECases(t, entityGroupCases()) }

func TestEntityGroupModels(t *testing.T) {
	g := wantGroup()
	if !g.IsPublic() {
		t.Error("IsPublic = false for additionalInfo.isPublic true")
	}
	for _, info := range []string{``, `null`, `{}`, `{"isPublic":false}`, `{"isPublic":"nope"}`, `[1]`} {
		if (&EntityGroup{AdditionalInfo: json.RawMessage(info)}).IsPublic() {
			t.Errorf("IsPublic true for %q", info)
		}
	}
	if !(&EntityGroup{AdditionalInfo: json.RawMessage(`{"isPublic":"true"}`)}).IsPublic() {
		t.Error("IsPublic false for the string true")
	}
	// A new group sends neither id nor server-computed flags.
	b, _ := json.Marshal(EntityGroup{Type: EntityTypeAsset, Name: "A"})
	if string(b) != `{"type":"ASSET","name":"A"}` {
		t.Errorf("new group JSON = %s", b)
	}
	// ShortEntityView keeps unknown columns, including non-string ones, and round-trips.
	var v ShortEntityView
	if err := json.Unmarshal([]byte(`{"id":{"entityType":"ASSET","id":"`+peDevice+`"},"name":"A","count":3,"gone":null}`), &v); err != nil {
		t.Fatal(err)
	}
	want := ShortEntityView{ID: NewEntityID(EntityTypeAsset, peDevice), Name: "A", Properties: map[string]string{"name": "A", "count": "3"}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("ShortEntityView = %#v, want %#v", v, want)
	}
	b, _ = json.Marshal(v)
	var back ShortEntityView
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("round trip %s = %#v, %v", b, back, err)
	}
	if err := json.Unmarshal([]byte(`[1]`), &v); err == nil {
		t.Error("a list decoded as a short entity view")
	}
	// Owners tell tenants from customers by their id.
	ow := wantOwners()
	if !ow[0].IsTenant() || ow[0].IsCustomer() || !ow[1].IsCustomer() || ow[1].DisplayName() != "Customer A" {
		t.Errorf("owner kinds wrong: %+v", ow)
	}
	if tn, err := ow[0].Tenant(); err != nil || tn.Region != "Global" || tn.TenantProfileID.EntityType != EntityTypeTenantProfile {
		t.Errorf("Tenant() = %+v, %v", tn, err)
	}
	if cu, err := ow[1].Customer(); err != nil || cu.Title != "Customer A" || cu.TenantID != peTenantID || cu.City != "Kyiv" {
		t.Errorf("Customer() = %+v, %v", cu, err)
	}
	if _, err := ow[0].Customer(); err == nil {
		t.Error("a tenant decoded as a customer")
	}
	if _, err := ow[1].Tenant(); err == nil {
		t.Error("a customer decoded as a tenant")
	}
	if _, err := (Owner{ID: peTenantID, Raw: json.RawMessage(`{"title":7}`)}).Tenant(); err == nil {
		t.Error("a bad tenant decoded")
	}
	if (Owner{Name: "n"}).DisplayName() != "n" {
		t.Error("DisplayName does not fall back to the name")
	}
}
