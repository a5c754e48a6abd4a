package emulator_test

import (
	"context"
	"slices"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// grantedSetup makes customerB@thingsboard.org a user whose only permission is READ on
// the tenant's device group "Thermostats" (Thermostat T1 and T2): it leaves Customer B's
// "Customer Users" for a group bound to a GROUP role with READ on that device group.
func grantedSetup(t *testing.T) (srv *thingsboardtest.Server, cb *tb.Client, group *tb.EntityGroupInfo, readable []string) {
	t.Helper()
	ctx := context.Background()
	srv = thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	custB := tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer B"))
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	userB := demo.UserID("customerB@thingsboard.org")

	custUsers := must(c.EntityGroups.GetByOwnerAndName(ctx, custB, tb.EntityTypeUser, tb.EntityGroupCustomerUsersName))
	if err := c.EntityGroups.RemoveEntities(ctx, custUsers.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	ug := must(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeUser, Name: "Thermostat watchers", OwnerID: custB}))
	if err := c.EntityGroups.AddEntities(ctx, ug.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	group = must(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Thermostats"}))
	readable = []string{demo.DeviceID("Thermostat T1"), demo.DeviceID("Thermostat T2")}
	if err := c.EntityGroups.AddEntities(ctx, group.ID.ID, readable); err != nil {
		t.Fatal(err)
	}
	role := must(c.Roles.Save(ctx, tb.NewGroupRole("Readers", tb.OperationRead)))
	must(c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: role.ID, EntityGroupID: group.ID}))
	cb = peLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	return srv, cb, group, readable
}

func dataIDs(page *tb.Page[tb.EntityData]) []string {
	var out []string
	for _, d := range page.Data {
		out = append(out, d.EntityID.ID)
	}
	slices.Sort(out)
	return out
}

// TestPEGroupReadEnforced: a customer user granted READ on one device group sees
// exactly that group's devices in its device list and in entity queries, and gets the
// server's permission error on any other device.
func TestPEGroupReadEnforced(t *testing.T) {
	ctx := context.Background()
	srv, cb, group, readable := grantedSetup(t)
	demo := srv.Demo()
	slices.Sort(readable)

	devices := must(cb.Devices.ListUser(ctx, tb.NewPageLink(100), nil))
	var got []string
	for _, d := range devices.Data {
		got = append(got, d.ID.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, readable) || devices.TotalElements != 2 {
		t.Errorf("/api/user/devices = %v (total %d), want %v", got, devices.TotalElements, readable)
	}

	fields := []tb.EntityKey{{Type: tb.EntityKeyEntityField, Key: "name"}}
	for name, f := range map[string]tb.EntityFilter{
		"entityType":          &tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice},
		"deviceType":          &tb.DeviceTypeFilter{DeviceTypes: []string{"default", "thermostat"}},
		"entityGroup":         &tb.EntityGroupFilter{GroupType: tb.EntityTypeDevice, EntityGroup: group.ID.ID},
		"entitiesByGroupName": &tb.EntitiesByGroupNameFilter{GroupType: tb.EntityTypeDevice, OwnerID: group.OwnerID, EntityGroupNameFilter: "Thermostats"},
	} {
		q := tb.EntityDataQuery{EntityFilter: f, PageLink: tb.EntityDataPageLink{PageSize: 100}, EntityFields: fields}
		page, err := cb.EntityQuery.FindEntityData(ctx, q)
		if err != nil {
			t.Errorf("%s query: %v", name, err)
			continue
		}
		if ids := dataIDs(page); !slices.Equal(ids, readable) {
			t.Errorf("%s query found %v, want %v", name, ids, readable)
		}
		n, err := cb.EntityQuery.CountEntities(ctx, tb.EntityCountQuery{EntityFilter: f})
		if err != nil || n != 2 {
			t.Errorf("%s count = %d, %v; want 2", name, n, err)
		}
	}
	// The group itself, through the group filters.
	for name, f := range map[string]tb.EntityFilter{
		"entityGroupList": &tb.EntityGroupListFilter{GroupType: tb.EntityTypeDevice, EntityGroupList: []string{group.ID.ID}},
		"entityGroupName": &tb.EntityGroupNameFilter{GroupType: tb.EntityTypeDevice, EntityGroupNameFilter: "Therm"},
	} {
		page, err := cb.EntityQuery.FindEntityData(ctx, tb.EntityDataQuery{EntityFilter: f, PageLink: tb.EntityDataPageLink{PageSize: 10}, EntityFields: fields})
		if err != nil {
			t.Errorf("%s query: %v", name, err)
			continue
		}
		if ids := dataIDs(page); !slices.Equal(ids, []string{group.ID.ID}) {
			t.Errorf("%s query found %v, want the group", name, ids)
		}
	}

	if d, err := cb.Devices.Get(ctx, readable[0]); err != nil || d.ID.ID != readable[0] {
		t.Errorf("readable device: %v, %v", d, err)
	}
	for _, name := range []string{"Test Device B1", "DHT11 Demo Device", "Test Device A1"} {
		_, err := cb.Devices.Get(ctx, demo.DeviceID(name))
		wantAPIError(t, err, 403, tb.CodePermissionDenied)
	}
	// READ does not allow writing.
	d := must(cb.Devices.Get(ctx, readable[0]))
	d.Label = "changed"
	_, err := cb.Devices.Save(ctx, d, nil)
	wantAPIError(t, err, 403, tb.CodePermissionDenied)
	_, err = cb.Devices.ListByIDs(ctx, []string{demo.DeviceID("Test Device B1")})
	if err != nil {
		t.Fatal(err)
	}
	if ids := must(cb.Devices.ListByIDs(ctx, []string{demo.DeviceID("Test Device B1"), readable[1]})); len(ids) != 1 || ids[0].ID.ID != readable[1] {
		t.Errorf("devices by ids = %+v", ids)
	}
}

// TestPEDefaultCustomerUserReads: a demo customer user (in "Customer Users") reads
// every device of its customer and nothing else, as on the server.
func TestPEDefaultCustomerUserReads(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	ca := peLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	devices := must(ca.Devices.ListUser(ctx, tb.PageLink{PageSize: 10, SortProperty: "name"}, nil))
	var names []string
	for _, d := range devices.Data {
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"Test Device A1", "Test Device A2", "Test Device A3"}) {
		t.Errorf("customer A's devices = %v", names)
	}
	_, err := ca.Devices.Get(ctx, demo.DeviceID("Test Device B1"))
	wantAPIError(t, err, 403, tb.CodePermissionDenied)
	tenant := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	all := must(tenant.Devices.ListUser(ctx, tb.NewPageLink(100), nil))
	if all.TotalElements != int64(len(demo.Devices)) {
		t.Errorf("tenant sees %d devices, want %d", all.TotalElements, len(demo.Devices))
	}
	if views := must(ca.EntityViews.ListUser(ctx, tb.NewPageLink(10), nil)); views.TotalElements != 0 {
		t.Errorf("customer entity views = %+v", views)
	}
	// A device created in a group joins it.
	g := must(tenant.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "New"}))
	nd := must(tenant.Devices.Save(ctx, &tb.Device{Name: "Grouped"}, &tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{EntityGroupID: g.ID.ID}}))
	if v, err := tenant.EntityGroups.GetEntity(ctx, g.ID.ID, nd.ID.ID); err != nil || v.Name != "Grouped" {
		t.Errorf("new device in its group: %+v, %v", v, err)
	}
	tAll := must(tenant.EntityGroups.GetAllGroup(ctx, tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID), tb.EntityTypeDevice))
	if _, err := tenant.EntityGroups.GetEntity(ctx, tAll.ID.ID, nd.ID.ID); err != nil {
		t.Errorf("new device not in the tenant's All: %v", err)
	}
	asset := tb.EntityTypeAsset
	_, err = tenant.Devices.Save(ctx, &tb.Device{Name: "Wrong group"}, &tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{
		EntityGroupID: must(tenant.EntityGroups.GetAllGroup(ctx, tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID), asset)).ID.ID}})
	wantAPIError(t, err, 400, tb.CodeBadRequestParams)
	members := must(tenant.Devices.ListByEntityGroup(ctx, g.ID.ID, tb.NewPageLink(10)))
	if len(members.Data) != 1 || members.Data[0].Name != "Grouped" || members.Data[0].OwnerID.ID != demo.TenantID {
		t.Errorf("group's devices = %+v", members.Data)
	}
}
