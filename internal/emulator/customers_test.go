package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestCustomerCRUD(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)

	c := must(tenant.Customers.Save(ctx, &tb.Customer{Title: "Customer D", Email: "d@example.com", City: "Kyiv",
		AdditionalInfo: json.RawMessage(`{"description":"fourth"}`)}, nil))(t)
	if c.ID.EntityType != tb.EntityTypeCustomer || c.Version != 1 || c.Name != "Customer D" || c.TenantID.ID != d.TenantID || c.IsPublic() {
		t.Fatalf("created = %+v", c)
	}
	if got := must(tenant.Customers.Get(ctx, c.ID.ID))(t); got.City != "Kyiv" || string(got.AdditionalInfo) != `{"description":"fourth"}` {
		t.Fatalf("got = %+v", got)
	}
	if got := must(tenant.Customers.GetByTitle(ctx, "Customer D"))(t); got.ID != c.ID {
		t.Fatalf("by title = %+v", got)
	}
	_, err := tenant.Customers.GetByTitle(ctx, "Nobody")
	wantErr(t, err, 404, tb.CodeItemNotFound, "Customer with title [Nobody] is not found")
	if title := must(tenant.Customers.GetTitle(ctx, c.ID.ID))(t); title != "Customer D" {
		t.Fatalf("title = %q", title)
	}
	if si := must(tenant.Customers.GetShortInfo(ctx, c.ID.ID))(t); si.Title != "Customer D" || si.Public || si.CustomerID != c.ID {
		t.Fatalf("short info = %+v", si)
	}

	_, err = tenant.Customers.Save(ctx, &tb.Customer{Title: "Customer D"}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Customer with such title already exists!")
	_, err = tenant.Customers.Save(ctx, &tb.Customer{Title: "Public"}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "'Public' title for customer is system reserved!")
	_, err = tenant.Customers.Save(ctx, &tb.Customer{Title: "E", Email: "bad"}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Invalid email address format 'bad'!")
	uniq := must(tenant.Customers.Save(ctx, &tb.Customer{Title: "Customer D"},
		&tb.EntitySaveOptions{NameConflictPolicy: tb.NameConflictUniquify, UniquifyStrategy: tb.UniquifyIncremental}))(t)
	if uniq.Title != "Customer D_1" {
		t.Fatalf("uniquified = %q", uniq.Title)
	}
	rnd := must(tenant.Customers.Save(ctx, &tb.Customer{Title: "Customer D"},
		&tb.EntitySaveOptions{NameConflictPolicy: tb.NameConflictUniquify, UniquifySeparator: "-"}))(t)
	if !strings.HasPrefix(rnd.Title, "Customer D-") || len(rnd.Title) != len("Customer D-")+6 {
		t.Fatalf("random suffix = %q", rnd.Title)
	}

	c.Title = "Customer D renamed"
	c2 := must(tenant.Customers.Save(ctx, c, nil))(t)
	if c2.Version != 2 || c2.Title != "Customer D renamed" || c2.Name != "Customer D renamed" || c2.CreatedTime != c.CreatedTime {
		t.Fatalf("updated = %+v", c2)
	}
	_, err = tenant.Customers.Save(ctx, c, nil)
	wantErr(t, err, 409, tb.CodeVersionConflict, "Customer was already changed by someone else")

	byIDs := must(tenant.Customers.ListByIDs(ctx, []string{c.ID.ID, d.CustomerID("Customer A"), d.TenantID}))(t)
	if len(byIDs) != 2 {
		t.Fatalf("by ids = %+v", byIDs)
	}
	if err := tenant.Customers.Delete(ctx, c.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = tenant.Customers.Get(ctx, c.ID.ID)
	wantErr(t, err, 404, tb.CodeItemNotFound, "Customer with id ["+c.ID.ID+"] is not found")
}

func TestCustomerUserReadsOnlyItsCustomer(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	if c := must(customer.Customers.Get(ctx, d.CustomerID("Customer A")))(t); c.Title != "Customer A" {
		t.Fatalf("own customer = %+v", c)
	}
	_, err := customer.Customers.Get(ctx, d.CustomerID("Customer B"))
	wantErr(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	_, err = customer.Customers.GetTitle(ctx, d.CustomerID("Customer B"))
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("title of another customer: %v", err)
	}
	_, err = customer.Customers.List(ctx, tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = customer.Customers.Save(ctx, &tb.Customer{Title: "Mine"}, nil)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// Another tenant's customer is out of reach of this tenant's administrator.
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	other := must(sys.Tenants.Save(ctx, &tb.Tenant{Title: "Other tenant"}))(t)
	admin := must(sys.Users.Save(ctx, &tb.User{Email: "admin@other.example", Authority: tb.AuthorityTenantAdmin, TenantID: other.ID}, nil))(t)
	tok := must(sys.Users.Token(ctx, admin.ID.ID))(t)
	otherAdmin := clientWith(t, srv, tb.WithToken(tok.Token, tok.RefreshToken))
	oc := must(otherAdmin.Customers.Save(ctx, &tb.Customer{Title: "Customer A"}, nil))(t)
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	_, err = tenant.Customers.Get(ctx, oc.ID.ID)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	if p := must(otherAdmin.Customers.List(ctx, tb.NewPageLink(10)))(t); p.TotalElements != 1 {
		t.Fatalf("other tenant's customers = %+v", p)
	}
}

func TestCustomerPaging(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	for i := range 6 {
		must(tenant.Customers.Save(ctx, &tb.Customer{Title: fmt.Sprintf("Paged %d", i), Country: []string{"UA", "US"}[i%2]}, nil))(t)
	}
	pl := tb.PageLink{PageSize: 4, TextSearch: "paged", SortProperty: "title", SortOrder: tb.DESC}
	p := must(tenant.Customers.List(ctx, pl))(t)
	if p.TotalElements != 6 || p.TotalPages != 2 || !p.HasNext || p.Data[0].Title != "Paged 5" || p.Data[3].Title != "Paged 2" {
		t.Fatalf("page 0 = %+v", p)
	}
	p = must(tenant.Customers.List(ctx, pl.Next()))(t)
	if p.HasNext || len(p.Data) != 2 || p.Data[1].Title != "Paged 0" {
		t.Fatalf("page 1 = %+v", p)
	}
	if all := drain(t, tenant.Customers.ListAll(ctx, tb.NewPageLink(4))); len(all) != 9 {
		t.Fatalf("all = %d customers, want 9", len(all))
	}
	byCountry := must(tenant.Customers.List(ctx, tb.PageLink{PageSize: 10, TextSearch: "Paged", SortProperty: "country", SortOrder: tb.ASC}))(t)
	if byCountry.Data[0].Country != "UA" || byCountry.Data[5].Country != "US" {
		t.Fatalf("by country = %+v", byCountry.Data)
	}
}

func TestCustomerDeleteRemovesUsersAndAssignments(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	custB := d.CustomerID("Customer B")
	thermo := d.DashboardID("Thermostats")
	must(tenant.Dashboards.AssignToCustomer(ctx, custB, thermo))(t)
	userB := clientAs(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	if err := tenant.Customers.Delete(ctx, custB); err != nil {
		t.Fatal(err)
	}
	_, err := tenant.Users.Get(ctx, d.UserID("customerB@thingsboard.org"))
	wantErr(t, err, 404, tb.CodeItemNotFound, "")
	_, err = userB.Users.Current(ctx)
	wantErrStatus(t, err, 401)
	if info := must(tenant.Dashboards.GetInfo(ctx, thermo))(t); len(info.AssignedCustomers) != 0 {
		t.Fatalf("still assigned: %+v", info.AssignedCustomers)
	}
	// The customer's devices go back to the tenant.
	emu := srv.Emulator()
	rec, ok := emu.Store().Get(d.DeviceID("Test Device B1"))
	if !ok || rec.CustomerID != tb.NullUUID {
		t.Fatalf("device B1 = %+v", rec)
	}
	var dev struct {
		CustomerID tb.EntityID `json:"customerId"`
	}
	b, _ := json.Marshal(rec.Value)
	if err := json.Unmarshal(b, &dev); err != nil || dev.CustomerID.ID != tb.NullUUID {
		t.Fatalf("device B1 value = %s", b)
	}
}

func TestCustomerPublicCustomer(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	_, err := tenant.Customers.FindPublic(ctx)
	if !errors.Is(err, tb.ErrNotFound) {
		t.Fatalf("public customer before any public entity: %v", err)
	}
	dash := must(tenant.Dashboards.AssignToPublicCustomer(ctx, d.DashboardID("Thermostats")))(t)
	pub := must(tenant.Customers.FindPublic(ctx))(t)
	if !pub.IsPublic() || pub.Title != "Public" {
		t.Fatalf("public customer = %+v", pub)
	}
	if len(dash.AssignedCustomers) != 1 || !dash.AssignedCustomers[0].Public || dash.AssignedCustomers[0].CustomerID != pub.ID {
		t.Fatalf("assigned = %+v", dash.AssignedCustomers)
	}
	if si := must(tenant.Customers.GetShortInfo(ctx, pub.ID.ID))(t); !si.Public {
		t.Fatalf("short info = %+v", si)
	}
	// The public customer's id logs in as its public user, who sees the public dashboard.
	anon := clientWith(t, srv)
	if _, err := anon.LoginPublic(ctx, pub.ID.ID); err != nil {
		t.Fatal(err)
	}
	if got := must(anon.Dashboards.Get(ctx, dash.ID.ID))(t); got.Title != "Thermostats" {
		t.Fatalf("public dashboard = %+v", got)
	}
	_, err = anon.Dashboards.Get(ctx, d.DashboardID("Gateways"))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// A second public assignment reuses the public customer.
	must(tenant.Dashboards.AssignToPublicCustomer(ctx, d.DashboardID("Gateways")))(t)
	if p := must(tenant.Customers.List(ctx, tb.PageLink{PageSize: 10, TextSearch: "Public"}))(t); p.TotalElements != 1 {
		t.Fatalf("public customers = %+v", p)
	}
	undone := must(tenant.Dashboards.UnassignFromPublicCustomer(ctx, dash.ID.ID))(t)
	if len(undone.AssignedCustomers) != 0 {
		t.Fatalf("still public: %+v", undone.AssignedCustomers)
	}
}

func TestCustomerSaveWithUnknownNameConflictPolicy(t *testing.T) {
	_, url := rawServer(t)
	c, err := tb.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), emulator.TenantEmail, emulator.TenantPassword); err != nil {
		t.Fatal(err)
	}
	_, err = c.Customers.Save(t.Context(), &tb.Customer{Title: "X"}, &tb.EntitySaveOptions{NameConflictPolicy: "MERGE"})
	wantErrStatus(t, err, 400)
	_, err = c.Customers.List(t.Context(), tb.PageLink{PageSize: 10, SortProperty: "name"})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Invalid sort property")
}
