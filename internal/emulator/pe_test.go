package emulator_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// peLogin starts a PE emulator and logs in as the given demo user.
func peLogin(t *testing.T, srv *thingsboardtest.Server, email, password string) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL, tb.WithRetry(tb.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), email, password); err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return c
}

func groupNames(gs []tb.EntityGroupInfo) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Name)
	}
	slices.Sort(out)
	return out
}

// peMust returns v, and panics (failing the test with the call's stack) on an error.
func peMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func peWantError(t *testing.T, err error, status int, code tb.ErrorCode) {
	t.Helper()
	var e *tb.APIError
	if !errors.As(err, &e) || e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want %d with errorCode %d", err, status, code)
	}
}

func TestPEDefaultGroupsRolesAndPermissions(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	tenant := tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID)
	custA := tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer A"))
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)

	for _, gt := range tb.EntityGroupTypes() {
		all := peMust(c.EntityGroups.GetAllGroup(ctx, tenant, gt))
		if !all.GroupAll || all.Type != gt || all.OwnerID != tenant || !slices.Equal(all.OwnerIDs, []tb.EntityID{tenant}) {
			t.Errorf("tenant group All of %s = %+v", gt, all)
		}
		list := peMust(c.EntityGroups.ListByType(ctx, gt, nil))
		if len(list) == 0 || list[0].Name != "All" {
			t.Errorf("%s groups = %v", gt, groupNames(list))
		}
		custAll := peMust(c.EntityGroups.GetAllGroup(ctx, custA, gt))
		if !slices.Equal(custAll.OwnerIDs, []tb.EntityID{custA, tenant}) {
			t.Errorf("customer group All of %s owners = %v", gt, custAll.OwnerIDs)
		}
	}
	users := peMust(c.EntityGroups.ListByType(ctx, tb.EntityTypeUser, nil))
	if got := groupNames(users); !slices.Equal(got, []string{"All", "Tenant Administrators", "Tenant Users"}) {
		t.Errorf("tenant user groups = %v", got)
	}
	custUsers := peMust(c.EntityGroups.ListByOwnerAndType(ctx, custA, tb.EntityTypeUser))
	if got := groupNames(custUsers); !slices.Equal(got, []string{"All", "Customer Administrators", "Customer Users"}) {
		t.Errorf("customer user groups = %v", got)
	}
	page := peMust(c.EntityGroups.ListByOwnerAndTypePage(ctx, custA, tb.EntityTypeUser, tb.PageLink{PageSize: 2, SortProperty: "name"}))
	if page.TotalElements != 3 || !page.HasNext || page.Data[0].Name != "All" {
		t.Errorf("paged customer user groups = %+v", page)
	}

	// The tenant administrator is in "Tenant Administrators", bound to the system role
	// "Tenant Administrator" that grants everything.
	admins := peMust(c.EntityGroups.GetByOwnerAndName(ctx, tenant, tb.EntityTypeUser, "Tenant Administrators"))
	members := peMust(c.EntityGroups.ListEntities(ctx, admins.ID.ID, tb.NewPageLink(10)))
	if len(members.Data) != 1 || members.Data[0].Name != thingsboardtest.TenantEmail {
		t.Errorf("Tenant Administrators members = %+v", members.Data)
	}
	perms := peMust(c.GroupPermissions.ListByUserGroup(ctx, admins.ID.ID))
	if len(perms) != 1 || perms[0].Role == nil || perms[0].Role.Name != "Tenant Administrator" ||
		!perms[0].Role.Permissions.Allows(tb.ResourceDevice, tb.OperationDelete) || perms[0].UserGroupName != "Tenant Administrators" {
		t.Errorf("Tenant Administrators permissions = %+v", perms)
	}
	roles := peMust(c.Roles.List(ctx, tb.NewPageLink(20), nil))
	var roleNames []string
	for _, r := range roles.Data {
		roleNames = append(roleNames, r.Name)
	}
	slices.Sort(roleNames)
	if !slices.Equal(roleNames, []string{"Customer Administrator", "Customer User"}) {
		t.Errorf("tenant roles = %v", roleNames)
	}
	custUserGroup := peMust(c.EntityGroups.GetByOwnerAndName(ctx, custA, tb.EntityTypeUser, "Customer Users"))
	cm := peMust(c.EntityGroups.ListEntities(ctx, custUserGroup.ID.ID, tb.NewPageLink(10)))
	if cm.TotalElements != 2 {
		t.Errorf("Customer A's Customer Users has %d members, want the 2 demo users", cm.TotalElements)
	}

	// Allowed permissions: everything for the tenant administrator, read-only for a
	// demo customer user.
	allowed := peMust(c.UserPermissions.GetAllowed(ctx))
	if !allowed.HasGenericPermission(tb.ResourceDevice, tb.OperationRead) || !allowed.HasGenericPermission(tb.ResourceDeviceGroup, tb.OperationWrite) ||
		allowed.UserOwnerID != tenant || !allowed.HasReadGroupsPermission(tb.EntityTypeDevice) {
		t.Errorf("tenant allowed permissions = %+v", allowed)
	}
	cu := peLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	callowed := peMust(cu.UserPermissions.GetAllowed(ctx))
	if !callowed.HasGenericPermission(tb.ResourceDevice, tb.OperationRead) || callowed.HasGenericPermission(tb.ResourceDevice, tb.OperationWrite) ||
		callowed.UserOwnerID != custA || !slices.Contains(callowed.AllowedResources, tb.ResourceDeviceGroup) {
		t.Errorf("customer allowed permissions = %+v", callowed)
	}
	cgroups := peMust(cu.EntityGroups.ListByType(ctx, tb.EntityTypeDevice, nil))
	if got := groupNames(cgroups); !slices.Equal(got, []string{"All"}) || cgroups[0].OwnerID != custA {
		t.Errorf("customer device groups = %v", cgroups)
	}
	// A customer user cannot read the tenant's groups.
	_, err := cu.EntityGroups.GetAllGroup(ctx, tenant, tb.EntityTypeDevice)
	peWantError(t, err, 403, tb.CodePermissionDenied)
}

func TestPEGroupMembershipAndRoles(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	tenant := tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID)
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)

	g := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Thermostats"}))
	if g.OwnerID != tenant || g.ID.IsZero() || g.GroupAll {
		t.Fatalf("saved group = %+v", g)
	}
	_, err := c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Thermostats"})
	peWantError(t, err, 400, tb.CodeBadRequestParams)
	t1, t2 := demo.DeviceID("Thermostat T1"), demo.DeviceID("Thermostat T2")
	if err := c.EntityGroups.AddEntities(ctx, g.ID.ID, []string{t1, t2}); err != nil {
		t.Fatal(err)
	}
	members := peMust(c.EntityGroups.ListEntities(ctx, g.ID.ID, tb.PageLink{PageSize: 10, SortProperty: "name", SortOrder: tb.DESC}))
	if members.TotalElements != 2 || members.Data[0].Name != "Thermostat T2" || members.Data[0].ID.ID != t2 {
		t.Errorf("members = %+v", members)
	}
	v := peMust(c.EntityGroups.GetEntity(ctx, g.ID.ID, t1))
	if v.Name != "Thermostat T1" || v.Properties["type"] != "thermostat" {
		t.Errorf("group entity = %+v", v)
	}
	ofT1 := peMust(c.EntityGroups.ListForEntity(ctx, tb.NewEntityID(tb.EntityTypeDevice, t1)))
	if len(ofT1) != 2 || ofT1[1] != g.ID {
		t.Errorf("groups of T1 = %v", ofT1)
	}
	if err := c.EntityGroups.RemoveEntities(ctx, g.ID.ID, []string{t1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EntityGroups.GetEntity(ctx, g.ID.ID, t1); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("removed member: %v", err)
	}
	all := peMust(c.EntityGroups.GetAllGroup(ctx, tenant, tb.EntityTypeDevice))
	peWantError(t, c.EntityGroups.AddEntities(ctx, all.ID.ID, []string{t1}), 403, tb.CodePermissionDenied)
	peWantError(t, c.EntityGroups.Delete(ctx, all.ID.ID), 403, tb.CodePermissionDenied)
	allMembers := peMust(c.EntityGroups.ListEntities(ctx, all.ID.ID, tb.NewPageLink(100)))
	if allMembers.TotalElements != 4 { // DHT11, Raspberry Pi, T1, T2: the tenant's own devices
		t.Errorf("tenant group All has %d devices, want 4", allMembers.TotalElements)
	}
	byIDs := peMust(c.EntityGroups.ListByIDs(ctx, []string{g.ID.ID, all.ID.ID}))
	if len(byIDs) != 2 {
		t.Errorf("groups by ids = %v", groupNames(byIDs))
	}

	// Roles and group permissions.
	role := peMust(c.Roles.Save(ctx, tb.NewGroupRole("Readers", tb.OperationRead)))
	if role.Type != tb.RoleTypeGroup || !slices.Equal(role.Permissions.Group, []tb.Operation{tb.OperationRead}) || role.OwnerID != tenant {
		t.Fatalf("saved role = %+v", role)
	}
	if got := peMust(c.Roles.Get(ctx, role.ID.ID)); got.Name != "Readers" {
		t.Errorf("role = %+v", got)
	}
	if got := peMust(c.Roles.ListByIDs(ctx, []string{role.ID.ID})); len(got) != 1 {
		t.Errorf("roles by ids = %+v", got)
	}
	groles := peMust(c.Roles.List(ctx, tb.NewPageLink(10), &tb.RoleListOptions{Type: tb.RoleTypeGroup}))
	if groles.TotalElements != 1 || groles.Data[0].Name != "Readers" {
		t.Errorf("GROUP roles = %+v", groles)
	}
	bad := &tb.Role{Name: "Bad", Type: tb.RoleTypeGroup, Permissions: tb.RolePermissions{Generic: map[tb.Resource][]tb.Operation{}}}
	_, err = c.Roles.Save(ctx, bad)
	peWantError(t, err, 400, tb.CodeBadRequestParams)

	ug := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeUser, Name: "Operators"}))
	gp := peMust(c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: role.ID, EntityGroupID: g.ID}))
	if gp.EntityGroupType != tb.EntityTypeDevice || gp.ID.IsZero() || gp.Name == "" {
		t.Errorf("saved permission = %+v", gp)
	}
	_, err = c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: role.ID, EntityGroupID: g.ID})
	peWantError(t, err, 400, tb.CodeInvalidArguments)
	generic := peMust(c.Roles.Save(ctx, tb.NewGenericRole("Viewers", map[tb.Resource][]tb.Operation{tb.ResourceAll: {tb.OperationRead}})))
	_, err = c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: generic.ID, EntityGroupID: g.ID})
	peWantError(t, err, 400, tb.CodeBadRequestParams)
	info := peMust(c.GroupPermissions.GetInfo(ctx, gp.ID.ID, false))
	if info.EntityGroupName != "Thermostats" || info.UserGroupName != "Operators" || info.Role == nil || info.Role.Name != "Readers" || info.ReadOnly {
		t.Errorf("permission info = %+v", info)
	}
	onGroup := peMust(c.GroupPermissions.ListByEntityGroup(ctx, g.ID.ID))
	if len(onGroup) != 1 || onGroup[0].ID != gp.ID {
		t.Errorf("permissions on the group = %+v", onGroup)
	}
	loaded := peMust(c.GroupPermissions.LoadInfos(ctx, []tb.GroupPermission{*gp}))
	if len(loaded) != 1 || loaded[0].EntityGroupName != "Thermostats" {
		t.Errorf("loaded infos = %+v", loaded)
	}
	// A role in use cannot be deleted; once its permission is gone it can.
	peWantError(t, c.Roles.Delete(ctx, role.ID.ID), 400, tb.CodeInvalidArguments)
	if err := c.GroupPermissions.Delete(ctx, gp.ID.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Roles.Delete(ctx, role.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Roles.Get(ctx, role.ID.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("deleted role: %v", err)
	}
	if err := c.EntityGroups.Delete(ctx, g.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EntityGroups.Get(ctx, g.ID.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("deleted group: %v", err)
	}
}

// TestPEGroupRoleGrantsRead grants a customer user READ on one tenant device group and
// checks what the permission model lets it read.
func TestPEGroupRoleGrantsRead(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	custB := tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer B"))
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	userB := demo.UserID("customerB@thingsboard.org")

	// customerB leaves "Customer Users" (its read-only role on everything of Customer B)
	// and joins a new group whose only permission is READ on the tenant's "Thermostats".
	custUsers := peMust(c.EntityGroups.GetByOwnerAndName(ctx, custB, tb.EntityTypeUser, "Customer Users"))
	if err := c.EntityGroups.RemoveEntities(ctx, custUsers.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	ug := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeUser, Name: "Thermostat watchers", OwnerID: custB}))
	if err := c.EntityGroups.AddEntities(ctx, ug.ID.ID, []string{userB}); err != nil {
		t.Fatal(err)
	}
	g := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Thermostats"}))
	t1, t2 := demo.DeviceID("Thermostat T1"), demo.DeviceID("Thermostat T2")
	if err := c.EntityGroups.AddEntities(ctx, g.ID.ID, []string{t1, t2}); err != nil {
		t.Fatal(err)
	}
	role := peMust(c.Roles.Save(ctx, tb.NewGroupRole("Readers", tb.OperationRead)))
	peMust(c.GroupPermissions.Save(ctx, &tb.GroupPermission{UserGroupID: ug.ID, RoleID: role.ID, EntityGroupID: g.ID}))

	cb := peLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	allowed := peMust(cb.UserPermissions.GetAllowed(ctx))
	if allowed.HasGenericPermission(tb.ResourceDevice, tb.OperationRead) {
		t.Error("generic device read granted")
	}
	if !allowed.UserPermissions.HasGroupPermission(g.ID.ID, tb.OperationRead) || allowed.UserPermissions.HasGroupPermission(g.ID.ID, tb.OperationWrite) {
		t.Errorf("group permissions = %+v", allowed.UserPermissions.GroupPermissions)
	}
	if ids := allowed.UserPermissions.ReadEntityPermissions[tb.EntityTypeDevice].EntityGroupIDs; !slices.Equal(ids, []tb.EntityID{g.ID}) {
		t.Errorf("readEntityPermissions DEVICE = %v", ids)
	}
	for _, tc := range []struct {
		device string
		op     tb.Operation
		want   bool
	}{
		{t1, tb.OperationRead, true},
		{t2, tb.OperationRead, true},
		{t1, tb.OperationWrite, false},
		{demo.DeviceID("DHT11 Demo Device"), tb.OperationRead, false},
		{demo.DeviceID("Test Device B1"), tb.OperationRead, false}, // its own customer's, but no generic role now
	} {
		got := peMust(cb.UserPermissions.HasEntityPermission(ctx, tb.NewEntityID(tb.EntityTypeDevice, tc.device), tc.op))
		if got != tc.want {
			t.Errorf("permission %s on %s = %v, want %v", tc.op, tc.device, got, tc.want)
		}
	}
	// The shared group is listed with includeShared, and its members too.
	shared := peMust(cb.EntityGroups.ListByType(ctx, tb.EntityTypeDevice, nil))
	if got := groupNames(shared); !slices.Equal(got, []string{"Thermostats"}) {
		t.Errorf("customer device groups = %v", got)
	}
	mem := peMust(cb.EntityGroups.ListEntities(ctx, g.ID.ID, tb.NewPageLink(10)))
	if mem.TotalElements != 2 {
		t.Errorf("members seen by the customer = %+v", mem)
	}
	_, err := cb.EntityGroups.ListByOwnerAndType(ctx, custB, tb.EntityTypeDevice)
	peWantError(t, err, 403, tb.CodePermissionDenied)
}

func TestPEOwnerChangeAndSharing(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	demo := srv.Demo()
	tenant := tb.NewEntityID(tb.EntityTypeTenant, demo.TenantID)
	custB := tb.NewEntityID(tb.EntityTypeCustomer, demo.CustomerID("Customer B"))
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	dht := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("DHT11 Demo Device"))

	bGroup := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Sensors", OwnerID: custB}))
	tenantGroup := peMust(c.EntityGroups.Save(ctx, &tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Demo"}))
	if err := c.EntityGroups.AddEntities(ctx, tenantGroup.ID.ID, []string{dht.ID}); err != nil {
		t.Fatal(err)
	}
	// Groups of another owner are refused.
	peWantError(t, c.Owners.ChangeToCustomer(ctx, custB.ID, dht, tenantGroup.ID.ID), 403, tb.CodePermissionDenied)
	if err := c.Owners.ChangeToCustomer(ctx, custB.ID, dht, bGroup.ID.ID); err != nil {
		t.Fatal(err)
	}
	groups := peMust(c.EntityGroups.ListForEntity(ctx, dht))
	bAll := peMust(c.EntityGroups.GetAllGroup(ctx, custB, tb.EntityTypeDevice))
	if !slices.Equal(groups, []tb.EntityID{bAll.ID, bGroup.ID}) {
		t.Errorf("groups after the owner change = %v, want Customer B's All and Sensors", groups)
	}
	tAll := peMust(c.EntityGroups.GetAllGroup(ctx, tenant, tb.EntityTypeDevice))
	if _, err := c.EntityGroups.GetEntity(ctx, tAll.ID.ID, dht.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("device still in the tenant's All: %v", err)
	}
	// Customer B's user reads it through its generic read-only role.
	cb := peLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	if !peMust(cb.UserPermissions.HasEntityPermission(ctx, dht, tb.OperationRead)) {
		t.Error("customer B cannot read its new device")
	}
	if err := c.Owners.ChangeToTenant(ctx, tenant.ID, dht); err != nil {
		t.Fatal(err)
	}
	if peMust(cb.UserPermissions.HasEntityPermission(ctx, dht, tb.OperationRead)) {
		t.Error("customer B still reads the device after it went back to the tenant")
	}
	peWantError(t, cb.Owners.ChangeToTenant(ctx, tenant.ID, dht), 403, tb.CodePermissionDenied)

	// Sharing a group with Customer B's users gives them a read-only GROUP role on it.
	// (The owner changes took the device out of the tenant's groups.)
	if _, err := c.EntityGroups.GetEntity(ctx, tenantGroup.ID.ID, dht.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("device kept its old group: %v", err)
	}
	if err := c.EntityGroups.AddEntities(ctx, tenantGroup.ID.ID, []string{dht.ID}); err != nil {
		t.Fatal(err)
	}
	if peMust(cb.UserPermissions.HasEntityPermission(ctx, dht, tb.OperationRead)) {
		t.Error("tenant device readable before the share")
	}
	custUsers := peMust(c.EntityGroups.GetByOwnerAndName(ctx, custB, tb.EntityTypeUser, "Customer Users"))
	if err := c.EntityGroups.Share(ctx, tenantGroup.ID.ID, &tb.ShareGroupRequest{UserGroupID: custUsers.ID, ReadElseWrite: true}); err != nil {
		t.Fatal(err)
	}
	perms := peMust(c.GroupPermissions.ListByEntityGroup(ctx, tenantGroup.ID.ID))
	if len(perms) != 1 || perms[0].Role == nil || perms[0].Role.Name != tb.RoleReadOnlyGroupName || perms[0].UserGroupID != custUsers.ID {
		t.Fatalf("permissions after share = %+v", perms)
	}
	if !peMust(cb.UserPermissions.HasEntityPermission(ctx, dht, tb.OperationRead)) {
		t.Error("shared group not readable")
	}

	// Public groups.
	if err := c.EntityGroups.MakePublic(ctx, tenantGroup.ID.ID); err != nil {
		t.Fatal(err)
	}
	if g := peMust(c.EntityGroups.Get(ctx, tenantGroup.ID.ID)); !g.IsPublic() {
		t.Errorf("group not public: %s", g.AdditionalInfo)
	}
	peWantError(t, c.EntityGroups.MakePublic(ctx, tenantGroup.ID.ID), 400, tb.CodeBadRequestParams)
	if err := c.EntityGroups.MakePrivate(ctx, tenantGroup.ID.ID); err != nil {
		t.Fatal(err)
	}
	if g := peMust(c.EntityGroups.Get(ctx, tenantGroup.ID.ID)); g.IsPublic() {
		t.Error("group still public")
	}
	owners := peMust(c.EntityGroups.ListOwners(ctx, tb.PageLink{PageSize: 10, SortProperty: "title"}))
	if owners.TotalElements != 5 || !owners.Data[0].IsCustomer() {
		t.Errorf("owners = %+v", owners)
	}
	if cust, err := owners.Data[0].Customer(); err != nil || cust.Title != "Customer A" {
		t.Errorf("first owner = %+v, %v", cust, err)
	}
	infos := peMust(c.EntityGroups.ListOwnerInfos(ctx, tb.PageLink{PageSize: 10, SortProperty: "title", SortOrder: tb.DESC}))
	if infos.TotalElements != 5 || infos.Data[0].Name != "Tenant" {
		t.Errorf("owner infos = %+v", infos)
	}
	if oi := peMust(c.EntityGroups.GetOwnerInfo(ctx, custB)); oi.Name != "Customer B" || oi.ID != custB {
		t.Errorf("owner info = %+v", oi)
	}
	if gi := peMust(c.EntityGroups.GetEntityInfo(ctx, tenantGroup.ID.ID)); gi.Name != "Demo" {
		t.Errorf("group info = %+v", gi)
	}
	if gis := peMust(c.EntityGroups.ListEntityInfosByIDs(ctx, []string{tenantGroup.ID.ID, bGroup.ID.ID})); len(gis) != 2 {
		t.Errorf("group infos = %+v", gis)
	}
	if shared := peMust(cb.EntityGroups.ListShared(ctx, tb.EntityTypeDevice)); len(shared) != 1 || shared[0].ID != tenantGroup.ID {
		t.Errorf("groups shared with customer B = %v", groupNames(shared))
	}
	if page := peMust(cb.EntityGroups.ListSharedPage(ctx, tb.EntityTypeDevice, tb.NewPageLink(5))); page.TotalElements != 1 {
		t.Errorf("shared page = %+v", page)
	}
}

func TestPEOnlyOnPE(t *testing.T) {
	ctx := context.Background()
	srv := thingsboardtest.NewServer(t)
	c := peLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	_, err := c.EntityGroups.ListByType(ctx, tb.EntityTypeDevice, nil)
	peWantError(t, err, 404, tb.CodeItemNotFound)
	_, err = c.UserPermissions.GetAllowed(ctx)
	peWantError(t, err, 404, tb.CodeItemNotFound)
}
