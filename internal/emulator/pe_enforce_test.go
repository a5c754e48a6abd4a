package emulator_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// peGrantedSetup makes customerB@thingsboard.org a user whose only permission is READ on
// the tenant's device group "Thermostats" (Thermostat T1 and T2): it leaves Customer B's
// "Customer Users" for a group bound to a GROUP role with READ on that device group.
func peGrantedSetup(t *testing.T) (srv *thingsboardtest.Server, cb *tb.Client, group *tb.EntityGroupInfo, readable []string) {
	t.Helper()
	ctx := context.Background()
	srv = thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	custB := tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer B"))
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	userB := demo.UserID("customerB@thingsboard.org")

	custUsers := peMust(c.EntityGroups.GetByOwnerAndName(ctx, custB, tb.EntityTypeUser, tb.EntityGroupCustomerUsersName))
	if err := c.EntityGroups.RemoveEntities(ctx, custUsers.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	ug := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeUser, Name: "Thermostat watchers", OwnerID: custB}))
	if err := c.EntityGroups.AddEntities(ctx, ug.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	group = peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Thermostats"}))
	readable = []string{demo.DeviceID("Thermostat T1"), demo.DeviceID("Thermostat T2")}
	if err := c.EntityGroups.AddEntities(ctx, group.ID.ID, readable); err != nil {
		t.Fatal(err)
	}
	role := peMust(c.Roles.Save(ctx, tb.NewGroupRole("Readers", tb.OperationRead)))
	peMust(c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: role.ID, EntityGroupID: group.ID}))
	cb = peLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	return srv, cb, group, readable
}

func peDataIDs(page *tb.Page[tb.EntityData]) []string {
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
	srv, cb, group, readable := peGrantedSetup(t)
	demo := srv.Demo()
	slices.Sort(readable)

	devices := peMust(cb.Devices.ListUser(ctx, tb.NewPageLink(100), nil))
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
		if ids := peDataIDs(page); !slices.Equal(ids, readable) {
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
		if ids := peDataIDs(page); !slices.Equal(ids, []string{group.ID.ID}) {
			t.Errorf("%s query found %v, want the group", name, ids)
		}
	}

	if d, err := cb.Devices.Get(ctx, readable[0]); err != nil || d.ID.ID != readable[0] {
		t.Errorf("readable device: %v, %v", d, err)
	}
	for _, name := range []string{"Test Device B1", "DHT11 Demo Device", "Test Device A1"} {
		_, err := cb.Devices.Get(ctx, demo.DeviceID(name))
		peWantError(t, err, 403, tb.CodePermissionDenied)
	}
	// READ does not allow writing.
	d := peMust(cb.Devices.Get(ctx, readable[0]))
	d.Label = "changed"
	_, err := cb.Devices.Save(ctx, d, nil)
	peWantError(t, err, 403, tb.CodePermissionDenied)
	_, err = cb.Devices.ListByIDs(ctx, []string{demo.DeviceID("Test Device B1")})
	if err != nil {
		t.Fatal(err)
	}
	if ids := peMust(cb.Devices.ListByIDs(ctx, []string{demo.DeviceID("Test Device B1"), readable[1]})); len(ids) != 1 || ids[0].ID.ID != readable[1] {
		t.Errorf("devices by ids = %+v", ids)
	}

	// READ alone does not open attributes and time series: their operations do.
	t1 := tb.NewEntityID(tb.EntityTypeDevice, readable[0])
	_, err = cb.Attributes.Get(ctx, t1)
	var apiErr *tb.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
		t.Errorf("attributes with READ only: %v", err)
	}
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ug := peMust(c.EntityGroups.GetByOwnerAndName(ctx, tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer B")), tb.EntityTypeUser, "Thermostat watchers"))
	attrRole := peMust(c.Roles.Save(ctx, tb.NewGroupRole("Attribute readers", tb.OperationReadAttributes, tb.OperationReadTelemetry)))
	peMust(c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: attrRole.ID, EntityGroupID: group.ID}))
	if attrs, err := cb.Attributes.Get(ctx, t1); err != nil || len(attrs) == 0 {
		t.Errorf("attributes with READ_ATTRIBUTES: %v, %v", attrs, err)
	}
	if _, err := cb.Attributes.Get(ctx, tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Test Device B1"))); err == nil {
		t.Error("attributes of an unshared device")
	}

	// The other user lists keep to what the user may read: here nothing.
	if p := peMust(cb.Customers.ListUserCustomers(ctx, tb.NewPageLink(10))); p.TotalElements != 0 {
		t.Errorf("user customers = %+v", p.Data)
	}
	if p := peMust(cb.Users.ListUserUsers(ctx, tb.NewPageLink(10))); p.TotalElements != 0 {
		t.Errorf("user users = %+v", p.Data)
	}
	if p := peMust(cb.Dashboards.ListUserDashboards(ctx, tb.NewPageLink(10), nil)); p.TotalElements != 0 {
		t.Errorf("user dashboards = %+v", p.Data)
	}
}

// TestPEDefaultCustomerUserReads: a demo customer user (in "Customer Users") reads
// every device of its customer and nothing else, as on the server.
func TestPEDefaultCustomerUserReads(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	ca := peLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	devices := peMust(ca.Devices.ListUser(ctx, tb.PageLink{PageSize: 10, SortProperty: "name"}, nil))
	var names []string
	for _, d := range devices.Data {
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"Test Device A1", "Test Device A2", "Test Device A3"}) {
		t.Errorf("customer A's devices = %v", names)
	}
	_, err := ca.Devices.Get(ctx, demo.DeviceID("Test Device B1"))
	peWantError(t, err, 403, tb.CodePermissionDenied)
	tenant := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	all := peMust(tenant.Devices.ListUser(ctx, tb.NewPageLink(100), nil))
	if all.TotalElements != int64(len(demo.Devices)) {
		t.Errorf("tenant sees %d devices, want %d", all.TotalElements, len(demo.Devices))
	}
	if views := peMust(ca.EntityViews.ListUser(ctx, tb.NewPageLink(10), nil)); views.TotalElements != 0 {
		t.Errorf("customer entity views = %+v", views)
	}
	if cs := peMust(ca.Customers.ListUserCustomers(ctx, tb.NewPageLink(10))); cs.TotalElements != 1 || cs.Data[0].Title != "Customer A" {
		t.Errorf("customer A's user customers = %+v", cs.Data)
	}
	if us := peMust(ca.Users.ListUserUsers(ctx, tb.NewPageLink(10))); us.TotalElements != 2 {
		t.Errorf("customer A's user users = %+v", us.Data)
	}
	// A device created in a group joins it.
	g := peMust(tenant.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "New"}))
	nd := peMust(tenant.Devices.Save(ctx, &tb.Device{Name: "Grouped"}, &tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{EntityGroupID: g.ID.ID}}))
	if v, err := tenant.EntityGroups.GetEntity(ctx, g.ID.ID, nd.ID.ID); err != nil || v.Name != "Grouped" {
		t.Errorf("new device in its group: %+v, %v", v, err)
	}
	tAll := peMust(tenant.EntityGroups.GetAllGroup(ctx, tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID), tb.EntityTypeDevice))
	if _, err := tenant.EntityGroups.GetEntity(ctx, tAll.ID.ID, nd.ID.ID); err != nil {
		t.Errorf("new device not in the tenant's All: %v", err)
	}
	asset := tb.EntityTypeAsset
	_, err = tenant.Devices.Save(ctx, &tb.Device{Name: "Wrong group"}, &tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{
		EntityGroupID: peMust(tenant.EntityGroups.GetAllGroup(ctx, tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID), asset)).ID.ID}})
	peWantError(t, err, 400, tb.CodeBadRequestParams)
	members := peMust(tenant.Devices.ListByEntityGroup(ctx, g.ID.ID, tb.NewPageLink(10)))
	if len(members.Data) != 1 || members.Data[0].Name != "Grouped" || members.Data[0].OwnerID.ID != demo.TenantID {
		t.Errorf("group's devices = %+v", members.Data)
	}
}
