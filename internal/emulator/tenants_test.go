package emulator_test

import (
	"errors"
	"fmt"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestTenantAdministration(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)

	created := must(sys.Tenants.Save(ctx, &tb.Tenant{Title: "Acme", Region: "EU", Email: "ops@acme.example"}))(t)
	if created.Version != 1 || created.Name != "Acme" || created.TenantProfileID.ID != d.TenantProfileID ||
		created.TenantProfileID.EntityType != tb.EntityTypeTenantProfile {
		t.Fatalf("created = %+v", created)
	}
	info := must(sys.Tenants.GetInfo(ctx, created.ID.ID))(t)
	if info.TenantProfileName != "Default" || info.Title != "Acme" {
		t.Fatalf("info = %+v", info)
	}
	created.City = "Berlin"
	upd := must(sys.Tenants.Save(ctx, created))(t)
	if upd.Version != 2 || upd.City != "Berlin" || upd.CreatedTime != created.CreatedTime {
		t.Fatalf("updated = %+v", upd)
	}
	_, err := sys.Tenants.Save(ctx, created)
	wantErr(t, err, 409, tb.CodeVersionConflict, "Tenant was already changed by someone else")
	_, err = sys.Tenants.Save(ctx, &tb.Tenant{Title: " "})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Tenant title should be specified!")

	for i := range 3 {
		must(sys.Tenants.Save(ctx, &tb.Tenant{Title: fmt.Sprintf("Zeta %d", i)}))(t)
	}
	p := must(sys.Tenants.List(ctx, tb.PageLink{PageSize: 2, SortProperty: "title", SortOrder: tb.DESC}))(t)
	if p.TotalElements != 5 || p.TotalPages != 3 || p.Data[0].Title != "Zeta 2" {
		t.Fatalf("tenants = %+v", p)
	}
	if all := drain(t, sys.Tenants.ListAll(ctx, tb.NewPageLink(2))); len(all) != 5 {
		t.Fatalf("all tenants = %d", len(all))
	}
	infos := must(sys.Tenants.ListInfos(ctx, tb.PageLink{PageSize: 10, TextSearch: "zeta", SortProperty: "tenantProfileName"}))(t)
	if infos.TotalElements != 3 || infos.Data[0].TenantProfileName != "Default" {
		t.Fatalf("infos = %+v", infos)
	}
	if all := drain(t, sys.Tenants.ListInfosAll(ctx, tb.NewPageLink(3))); len(all) != 5 {
		t.Fatalf("all infos = %d", len(all))
	}
	if ts := must(sys.Tenants.ListByIDs(ctx, []string{created.ID.ID, d.TenantID}))(t); len(ts) != 2 {
		t.Fatalf("by ids = %+v", ts)
	}

	// A tenant administrator reads its own tenant only, and no tenant list.
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	if own := must(tenant.Tenants.Get(ctx, d.TenantID))(t); own.Title != "Tenant" {
		t.Fatalf("own tenant = %+v", own)
	}
	_, err = tenant.Tenants.Get(ctx, created.ID.ID)
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("another tenant: %v", err)
	}
	_, err = tenant.Tenants.List(ctx, tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = tenant.Tenants.Save(ctx, &tb.Tenant{Title: "Mine"})
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	if ts := must(tenant.Tenants.ListByIDs(ctx, []string{created.ID.ID, d.TenantID}))(t); len(ts) != 1 || ts[0].ID.ID != d.TenantID {
		t.Fatalf("tenant admin by ids = %+v", ts)
	}
	_, err = clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword).Tenants.Get(ctx, d.TenantID)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
}

func TestTenantLifecycle(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	ctx := t.Context()
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	acme := must(sys.Tenants.Save(ctx, &tb.Tenant{Title: "Acme"}))(t)

	// The system administrator creates the tenant's administrator, who activates the account.
	admin := must(sys.Users.Save(ctx, &tb.User{Email: "admin@acme.example", Authority: tb.AuthorityTenantAdmin, TenantID: acme.ID}, nil))(t)
	if admin.TenantID != acme.ID || admin.CustomerID.ID != tb.NullUUID {
		t.Fatalf("admin = %+v", admin)
	}
	tok := must(sys.Users.ActivationToken(ctx, admin.ID.ID))(t)
	anon := clientWith(t, srv)
	must(anon.Users.Activate(ctx, tok, "acme-secret", false))(t)
	acmeAdmin := clientAs(t, srv, "admin@acme.example", "acme-secret")

	// A new tenant starts with what the server creates: no dashboards or customers,
	// its administrator as only user, and its home dashboard settings.
	if p := must(acmeAdmin.Dashboards.List(ctx, tb.NewPageLink(10), nil))(t); p.TotalElements != 0 {
		t.Fatalf("dashboards = %+v", p)
	}
	if p := must(acmeAdmin.Users.List(ctx, tb.NewPageLink(10)))(t); p.TotalElements != 1 {
		t.Fatalf("users = %+v", p)
	}
	cust := must(acmeAdmin.Customers.Save(ctx, &tb.Customer{Title: "Customer A"}, nil))(t)
	must(acmeAdmin.Users.Save(ctx, &tb.User{Email: "user@acme.example", Authority: tb.AuthorityCustomerUser, CustomerID: cust.ID}, nil))(t)
	must(acmeAdmin.Dashboards.Save(ctx, &tb.Dashboard{DashboardInfo: tb.DashboardInfo{Title: "Acme board"}}, nil))(t)
	records := srv.Emulator().Store().List(tb.EntityTypeDeviceProfile, nil)
	profiles := 0
	for _, r := range records {
		if r.TenantID == acme.ID.ID {
			profiles++
		}
	}
	if profiles != 1 {
		t.Fatalf("acme has %d device profiles, want the default one", profiles)
	}

	// Deleting the tenant removes everything it owns; its users' sessions end.
	if err := sys.Tenants.Delete(ctx, acme.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err := sys.Tenants.Get(ctx, acme.ID.ID)
	wantErr(t, err, 404, tb.CodeItemNotFound, "Tenant with id ["+acme.ID.ID+"] is not found")
	_, err = acmeAdmin.Users.Current(ctx)
	wantErrStatus(t, err, 401)
	for _, typ := range []tb.EntityType{tb.EntityTypeUser, tb.EntityTypeCustomer, tb.EntityTypeDashboard, tb.EntityTypeDeviceProfile} {
		for _, r := range srv.Emulator().Store().List(typ, nil) {
			if r.TenantID == acme.ID.ID {
				t.Errorf("%s %s survived its tenant", typ, r.ID.ID)
			}
		}
	}
	_, err = clientWith(t, srv).Login(ctx, "admin@acme.example", "acme-secret")
	wantErr(t, err, 401, tb.CodeAuthentication, "Invalid username or password")
}
