package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestDashboardCRUD(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	order := 3
	in := &tb.Dashboard{DashboardInfo: tb.DashboardInfo{Title: "Fleet", MobileOrder: &order},
		Configuration: json.RawMessage(`{"widgets":{"w1":{"type":"latest"}},"states":{}}`)}
	dash := must(tenant.Dashboards.Save(ctx, in, nil))(t)
	if dash.Version != 1 || dash.Name != "Fleet" || dash.TenantID.ID != d.TenantID || *dash.MobileOrder != 3 {
		t.Fatalf("created = %+v", dash.DashboardInfo)
	}
	got := must(tenant.Dashboards.Get(ctx, dash.ID.ID))(t)
	var cfg map[string]any
	if err := json.Unmarshal(got.Configuration, &cfg); err != nil || cfg["widgets"] == nil {
		t.Fatalf("configuration = %s", got.Configuration)
	}
	if res := must(tenant.Dashboards.GetWithResources(ctx, dash.ID.ID))(t); res.Resources == nil {
		t.Fatal("no resources list")
	}
	info := must(tenant.Dashboards.GetInfo(ctx, dash.ID.ID))(t)
	if info.Title != "Fleet" || info.ID != dash.ID {
		t.Fatalf("info = %+v", info)
	}
	// The info has no configuration, even in the raw answer.
	req, _ := http.NewRequest("GET", srv.URL+"/api/dashboard/info/"+dash.ID.ID, nil)
	req.Header.Set("X-Authorization", "Bearer "+tenant.Tokens().Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["configuration"]; ok {
		t.Fatalf("info has a configuration: %s", body)
	}
	if _, ok := raw["assignedCustomers"]; !ok {
		t.Fatalf("info has no assignedCustomers: %s", body)
	}

	got.Title = "Fleet overview"
	upd := must(tenant.Dashboards.Save(ctx, got, nil))(t)
	if upd.Version != 2 || upd.Title != "Fleet overview" || string(upd.Configuration) != string(got.Configuration) {
		t.Fatalf("updated = %+v", upd.DashboardInfo)
	}
	_, err = tenant.Dashboards.Save(ctx, got, nil)
	wantErr(t, err, 409, tb.CodeVersionConflict, "Dashboard was already changed by someone else")
	_, err = tenant.Dashboards.Save(ctx, &tb.Dashboard{DashboardInfo: tb.DashboardInfo{Title: "  "}}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Dashboard title should be specified!")

	if err := tenant.Dashboards.Delete(ctx, dash.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = tenant.Dashboards.Get(ctx, dash.ID.ID)
	wantErr(t, err, 404, tb.CodeItemNotFound, "Dashboard with id ["+dash.ID.ID+"] is not found")
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	err = customer.Dashboards.Delete(ctx, d.DashboardID("Gateways"))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// The system administrator reads dashboard infos, not dashboards.
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	must(sys.Dashboards.GetInfo(ctx, d.DashboardID("Gateways")))(t)
	if p := must(sys.Dashboards.ListByTenant(ctx, d.TenantID, tb.NewPageLink(10)))(t); p.TotalElements != 5 {
		t.Fatalf("sysadmin tenant dashboards = %+v", p)
	}
}

func TestDashboardAssignmentAndCustomerAccess(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	userA := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	userB := clientAs(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	custA, custB := d.CustomerID("Customer A"), d.CustomerID("Customer B")
	thermo := d.DashboardID("Thermostats")

	_, err := userA.Dashboards.Get(ctx, thermo)
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("unassigned dashboard: %v", err)
	}
	dash := must(tenant.Dashboards.AssignToCustomer(ctx, custA, thermo))(t)
	if len(dash.AssignedCustomers) != 1 || dash.AssignedCustomers[0].Title != "Customer A" || dash.AssignedCustomers[0].Public ||
		dash.Version != 2 || len(dash.Configuration) == 0 {
		t.Fatalf("assigned = %+v", dash.DashboardInfo)
	}
	if again := must(tenant.Dashboards.AssignToCustomer(ctx, custA, thermo))(t); again.Version != 2 {
		t.Fatalf("re-assignment changed the dashboard: version %d", again.Version)
	}
	if got := must(userA.Dashboards.Get(ctx, thermo))(t); got.Title != "Thermostats" {
		t.Fatalf("customer A reads %+v", got.DashboardInfo)
	}
	_, err = userB.Dashboards.Get(ctx, thermo)
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("another customer's dashboard: %v", err)
	}
	_, err = userB.Dashboards.GetInfo(ctx, thermo)
	wantErr(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")

	list := must(userA.Dashboards.ListByCustomer(ctx, custA, tb.NewPageLink(10), nil))(t)
	if list.TotalElements != 1 || list.Data[0].ID.ID != thermo {
		t.Fatalf("customer A dashboards = %+v", list)
	}
	_, err = userB.Dashboards.ListByCustomer(ctx, custA, tb.NewPageLink(10), nil)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	if ids := must(userB.Dashboards.ListByIDs(ctx, []string{thermo}))(t); len(ids) != 0 {
		t.Fatalf("customer B by ids = %+v", ids)
	}
	if ids := must(userA.Dashboards.ListByIDs(ctx, []string{thermo, d.DashboardID("Gateways")}))(t); len(ids) != 1 {
		t.Fatalf("customer A by ids = %+v", ids)
	}

	// The whole list at once, additions and removals.
	dash = must(tenant.Dashboards.UpdateCustomers(ctx, thermo, []string{custB, d.CustomerID("Customer C")}))(t)
	if dash.IsAssignedTo(custA) || !dash.IsAssignedTo(custB) || len(dash.AssignedCustomers) != 2 {
		t.Fatalf("after update = %+v", dash.AssignedCustomers)
	}
	must(userB.Dashboards.Get(ctx, thermo))(t)
	_, err = userA.Dashboards.Get(ctx, thermo)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	dash = must(tenant.Dashboards.AddCustomers(ctx, thermo, []string{custA}))(t)
	dash = must(tenant.Dashboards.RemoveCustomers(ctx, thermo, []string{custB, d.CustomerID("Customer C")}))(t)
	if len(dash.AssignedCustomers) != 1 || !dash.IsAssignedTo(custA) {
		t.Fatalf("after add and remove = %+v", dash.AssignedCustomers)
	}
	if p := must(tenant.Dashboards.ListByCustomer(ctx, custB, tb.NewPageLink(10), nil))(t); p.TotalElements != 0 {
		t.Fatalf("customer B still lists %+v", p)
	}
	dash = must(tenant.Dashboards.UnassignFromCustomer(ctx, custA, thermo))(t)
	if len(dash.AssignedCustomers) != 0 {
		t.Fatalf("after unassign = %+v", dash.AssignedCustomers)
	}
	_, err = tenant.Dashboards.AddCustomers(ctx, thermo, []string{d.TenantID})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Can't assign dashboard to non-existent customer!")
	_, err = tenant.Dashboards.AssignToCustomer(ctx, d.TenantID, thermo)
	wantErr(t, err, 404, tb.CodeItemNotFound, "Customer with id ["+d.TenantID+"] is not found")

	// A renamed customer's title follows in the dashboards assigned to it.
	must(tenant.Dashboards.AssignToCustomer(ctx, custA, thermo))(t)
	c := must(tenant.Customers.Get(ctx, custA))(t)
	c.Title = "Customer A2"
	must(tenant.Customers.Save(ctx, c, nil))(t)
	if info := must(tenant.Dashboards.GetInfo(ctx, thermo))(t); info.AssignedCustomers[0].Title != "Customer A2" {
		t.Fatalf("assigned title = %+v", info.AssignedCustomers)
	}
}

func TestDashboardListsAndPaging(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	for i := range 4 {
		order := 10 - i
		must(tenant.Dashboards.Save(ctx, &tb.Dashboard{DashboardInfo: tb.DashboardInfo{Title: fmt.Sprintf("Board %d", i),
			MobileHide: i == 0, MobileOrder: &order}}, nil))(t)
	}
	p := must(tenant.Dashboards.List(ctx, tb.PageLink{PageSize: 4, SortProperty: "title", SortOrder: tb.ASC}, nil))(t)
	if p.TotalElements != 9 || p.TotalPages != 3 || !p.HasNext || p.Data[0].Title != "Board 0" || p.Data[3].Title != "Board 3" {
		t.Fatalf("page = %+v", p)
	}
	p = must(tenant.Dashboards.List(ctx, tb.PageLink{PageSize: 4, Page: 2, SortProperty: "title", SortOrder: tb.ASC}, nil))(t)
	if p.HasNext || len(p.Data) != 1 || p.Data[0].Title != "Thermostats" {
		t.Fatalf("last page = %+v", p)
	}
	if all := drain(t, tenant.Dashboards.ListAll(ctx, tb.NewPageLink(2), nil)); len(all) != 9 {
		t.Fatalf("all = %d", len(all))
	}
	if s := must(tenant.Dashboards.List(ctx, tb.PageLink{PageSize: 10, TextSearch: "BOARD"}, nil))(t); s.TotalElements != 4 {
		t.Fatalf("search = %+v", s)
	}
	// Mobile: hidden dashboards are left out, the others come by mobile order.
	m := must(tenant.Dashboards.List(ctx, tb.PageLink{PageSize: 10, TextSearch: "Board"}, &tb.DashboardListOptions{Mobile: true}))(t)
	if m.TotalElements != 3 || m.Data[0].Title != "Board 3" || m.Data[2].Title != "Board 1" {
		t.Fatalf("mobile = %+v", m.Data)
	}
}

func TestDashboardServerTimeAndLimits(t *testing.T) {
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := thingsboardtest.NewClock(start)
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithClock(clock))
	ctx := t.Context()
	c := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	now := must(c.Dashboards.ServerTime(ctx))(t)
	if d := now.Sub(start); d < 0 || d > time.Minute {
		t.Fatalf("server time %v, clock started at %v", now, start)
	}
	clock.Advance(48 * time.Hour)
	later := must(c.Dashboards.ServerTime(ctx))(t)
	if d := later.Sub(now); d < 48*time.Hour || d > 48*time.Hour+time.Minute {
		t.Fatalf("after advancing 48h: %v", d)
	}
	if n := must(c.Dashboards.MaxDatapointsLimit(ctx))(t); n != 50000 {
		t.Fatalf("limit = %d", n)
	}
}

func TestDashboardHome(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	if h := must(tenant.Dashboards.Home(ctx))(t); h != nil {
		t.Fatalf("home before any = %+v", h)
	}
	if h := must(tenant.Dashboards.HomeInfo(ctx))(t); h != nil {
		t.Fatalf("home info before any = %+v", h)
	}
	if h := must(tenant.Dashboards.TenantHomeInfo(ctx))(t); !h.DashboardID.IsZero() || !h.HideDashboardToolbar {
		t.Fatalf("tenant home info = %+v", h)
	}
	thermo := d.DashboardID("Thermostats")
	if err := tenant.Dashboards.SetTenantHomeInfo(ctx, tb.HomeDashboardInfo{DashboardID: tb.NewEntityID(tb.EntityTypeDashboard, thermo)}); err != nil {
		t.Fatal(err)
	}
	h := must(tenant.Dashboards.Home(ctx))(t)
	if h == nil || h.ID.ID != thermo || h.HideDashboardToolbar || len(h.Configuration) == 0 {
		t.Fatalf("home = %+v", h)
	}
	if hi := must(tenant.Dashboards.HomeInfo(ctx))(t); hi == nil || hi.DashboardID.ID != thermo {
		t.Fatalf("home info = %+v", hi)
	}
	// The customer user inherits the tenant's home dashboard only once it may read it.
	if h := must(customer.Dashboards.Home(ctx))(t); h != nil {
		t.Fatalf("customer home before assignment = %+v", h)
	}
	must(tenant.Dashboards.AssignToCustomer(ctx, d.CustomerID("Customer A"), thermo))(t)
	if h := must(customer.Dashboards.Home(ctx))(t); h == nil || h.ID.ID != thermo {
		t.Fatalf("customer home = %+v", h)
	}
	// A user's own home dashboard wins.
	gateways := d.DashboardID("Gateways")
	me := must(tenant.Users.Current(ctx))(t)
	me.AdditionalInfo = json.RawMessage(`{"homeDashboardId":"` + gateways + `","homeDashboardHideToolbar":true}`)
	must(tenant.Users.Save(ctx, me, nil))(t)
	if h := must(tenant.Dashboards.HomeInfo(ctx))(t); h == nil || h.DashboardID.ID != gateways || !h.HideDashboardToolbar {
		t.Fatalf("user home info = %+v", h)
	}
	if h := must(sys.Dashboards.Home(ctx))(t); h != nil {
		t.Fatalf("sysadmin home = %+v", h)
	}
	if err := tenant.Dashboards.SetTenantHomeInfo(ctx, tb.HomeDashboardInfo{}); err != nil {
		t.Fatal(err)
	}
	if h := must(tenant.Dashboards.TenantHomeInfo(ctx))(t); !h.DashboardID.IsZero() {
		t.Fatalf("cleared tenant home info = %+v", h)
	}
	tn := must(tenant.Tenants.Get(ctx, d.TenantID))(t)
	if tn.Version < 3 {
		t.Fatalf("tenant version = %d after two home changes", tn.Version)
	}
}

func TestDashboardUserDashboardsPE(t *testing.T) {
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	if p := must(tenant.Dashboards.ListUserDashboards(ctx, tb.NewPageLink(10), nil))(t); p.TotalElements != 5 {
		t.Fatalf("tenant user dashboards = %+v", p)
	}
	if p := must(customer.Dashboards.ListUserDashboards(ctx, tb.NewPageLink(10), nil))(t); p.TotalElements != 0 {
		t.Fatalf("customer user dashboards before assignment = %+v", p)
	}
	must(tenant.Dashboards.AssignToCustomer(ctx, d.CustomerID("Customer A"), d.DashboardID("Software")))(t)
	all := drain(t, customer.Dashboards.ListUserDashboardsAll(ctx, tb.NewPageLink(1), &tb.UserDashboardListOptions{Operation: "READ"}))
	if len(all) != 1 || all[0].Title != "Software" {
		t.Fatalf("customer user dashboards = %+v", all)
	}
	// Both by-ids forms answer on a PE server.
	if ids := must(tenant.Dashboards.ListByIDs(ctx, []string{d.DashboardID("Software")}))(t); len(ids) != 1 {
		t.Fatalf("by ids = %+v", ids)
	}
	must(customer.Dashboards.CustomerHomeInfo(ctx))(t)
	if err := customer.Dashboards.SetCustomerHomeInfo(ctx, tb.HomeDashboardInfo{DashboardID: tb.NewEntityID(tb.EntityTypeDashboard, d.DashboardID("Software"))}); err != nil {
		t.Fatal(err)
	}
	if h := must(customer.Dashboards.HomeInfo(ctx))(t); h == nil || h.DashboardID.ID != d.DashboardID("Software") {
		t.Fatalf("customer home info = %+v", h)
	}
}

// TestDashboardUserDashboardsCE: a CE server answers GET /api/user/dashboards with the
// hidden older operation, the user's visited and starred dashboards, so the paged
// PE call finds an empty page.
func TestDashboardUserDashboardsCE(t *testing.T) {
	_, url := rawServer(t)
	c, err := tb.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), thingsboardtest.TenantEmail, thingsboardtest.TenantPassword); err != nil {
		t.Fatal(err)
	}
	p := must(c.Dashboards.ListUserDashboards(t.Context(), tb.NewPageLink(10), nil))(t)
	if len(p.Data) != 0 || p.HasNext {
		t.Fatalf("page = %+v", p)
	}
	req, _ := http.NewRequest("GET", url+"/api/user/dashboards", nil)
	req.Header.Set("X-Authorization", "Bearer "+c.Tokens().Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != `{"last":[],"starred":[]}` {
		t.Fatalf("GET /api/user/dashboards: %d %s", resp.StatusCode, body)
	}
}
