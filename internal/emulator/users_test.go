package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// clientAs returns a client of srv logged in as the given user.
func clientAs(t *testing.T, srv *thingsboardtest.Server, email, password string) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL, tb.WithRetry(tb.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), email, password); err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return c
}

// clientWith returns a client of srv with the given options (a token or an API key).
func clientWith(t *testing.T, srv *thingsboardtest.Server, opts ...tb.Option) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL, append([]tb.Option{tb.WithRetry(tb.RetryPolicy{})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantErr fails unless err is an *APIError with the status, code and (when not
// empty) message.
func wantErr(t *testing.T, err error, status int, code tb.ErrorCode, msg string) {
	t.Helper()
	var ae *tb.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want an *APIError %d/%d", err, status, code)
	}
	if ae.StatusCode != status || ae.Code != code || (msg != "" && ae.Message != msg) {
		t.Fatalf("err = %v, want %d/%d %q", ae, status, code, msg)
	}
}

// must returns a function that fails the test on err and returns v:
// must(c.Users.Get(ctx, id))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// drain collects an iterator.
func drain[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func TestUsersListedByAuthority(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	all := drain(t, tenant.Users.ListAll(ctx, tb.NewPageLink(2)))
	if len(all) != 5 {
		t.Fatalf("tenant admin sees %d users, want 5", len(all))
	}
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	page := must(customer.Users.List(ctx, tb.PageLink{PageSize: 10, SortProperty: "email", SortOrder: tb.ASC}))(t)
	if page.TotalElements != 2 || len(page.Data) != 2 {
		t.Fatalf("customer user sees %+v", page)
	}
	for _, u := range page.Data {
		if u.CustomerID.ID != d.CustomerID("Customer A") {
			t.Errorf("customer user sees %s of customer %s", u.Email, u.CustomerID.ID)
		}
	}
	if page.Data[0].Email != "customer@thingsboard.org" || page.Data[1].Email != "customerA@thingsboard.org" {
		t.Errorf("order = %s, %s", page.Data[0].Email, page.Data[1].Email)
	}
	// A customer user reads the users of its customer, not others.
	must(customer.Users.Get(ctx, d.UserID("customerA@thingsboard.org")))(t)
	_, err := customer.Users.Get(ctx, d.UserID("customerB@thingsboard.org"))
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("other customer's user: %v", err)
	}
	_, err = customer.Users.Get(ctx, d.TenantAdminID)
	wantErr(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	// The customer's users, for a tenant administrator; not for a customer user.
	cu := must(tenant.Users.ListByCustomer(ctx, d.CustomerID("Customer B"), tb.NewPageLink(10)))(t)
	if cu.TotalElements != 1 || cu.Data[0].Email != "customerB@thingsboard.org" {
		t.Fatalf("customer B users = %+v", cu)
	}
	_, err = customer.Users.ListByCustomer(ctx, d.CustomerID("Customer A"), tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// Text search is on the email; sort properties are checked.
	found := must(tenant.Users.List(ctx, tb.PageLink{PageSize: 10, TextSearch: "CUSTOMERB"}))(t)
	if found.TotalElements != 1 {
		t.Fatalf("search = %+v", found)
	}
	// By ids: the unknown and the unreadable are left out.
	ids := []string{d.UserID("customerA@thingsboard.org"), d.UserID("customerB@thingsboard.org"), "5b4ae7a0-0000-1000-8000-000000000000"}
	if us := must(customer.Users.ListByIDs(ctx, ids))(t); len(us) != 1 || us[0].Email != "customerA@thingsboard.org" {
		t.Fatalf("by ids = %+v", us)
	}
	if us := must(tenant.Users.ListByIDs(ctx, ids))(t); len(us) != 2 {
		t.Fatalf("tenant by ids = %+v", us)
	}
	infos := must(customer.Users.ListEmailInfos(ctx, tb.PageLink{PageSize: 10, SortProperty: "email"}))(t)
	if infos.TotalElements != 2 || infos.Data[0].Email != "customer@thingsboard.org" || infos.Data[0].ID.EntityType != tb.EntityTypeUser {
		t.Fatalf("email infos = %+v", infos)
	}
}

func TestUserSystemAdministrator(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	admins := must(sys.Users.ListTenantAdmins(ctx, d.TenantID, tb.NewPageLink(10)))(t)
	if admins.TotalElements != 1 || admins.Data[0].Email != thingsboardtest.TenantEmail {
		t.Fatalf("tenant admins = %+v", admins)
	}
	if u := must(sys.Users.Get(ctx, d.TenantAdminID))(t); u.Authority != tb.AuthorityTenantAdmin {
		t.Fatalf("tenant admin = %+v", u)
	}
	// The system administrator gets 403 on tenant data.
	_, err := sys.Users.Get(ctx, d.UserID(thingsboardtest.CustomerEmail))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = sys.Users.List(ctx, tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = sys.Customers.List(ctx, tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = sys.Dashboards.Get(ctx, d.DashboardID("Thermostats"))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// ... and a tenant administrator on the system administrator.
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	_, err = tenant.Users.Get(ctx, d.SysAdminID)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = tenant.Users.ListTenantAdmins(ctx, d.TenantID, tb.NewPageLink(10))
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	err = sys.Users.Delete(ctx, d.SysAdminID)
	wantErr(t, err, 403, tb.CodePermissionDenied, "Sysadmin is not allowed to delete himself")
	err = sys.Users.Delete(ctx, d.TenantAdminID)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "At least one tenant administrator must remain!")
	// Impersonation: the system administrator acts as the tenant administrator.
	pair := must(sys.Users.Token(ctx, d.TenantAdminID))(t)
	as := clientWith(t, srv, tb.WithToken(pair.Token, pair.RefreshToken))
	if u := must(as.Users.Current(ctx))(t); u.Email != thingsboardtest.TenantEmail {
		t.Fatalf("impersonated = %s", u.Email)
	}
	if ok := must(sys.Users.TokenAccessEnabled(ctx))(t); !ok {
		t.Fatal("token access disabled")
	}
}

func TestUserSaveRules(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	custA := tb.NewEntityID(tb.EntityTypeCustomer, d.CustomerID("Customer A"))

	u := must(tenant.Users.Save(ctx, &tb.User{Email: "new@example.com", Authority: tb.AuthorityCustomerUser, CustomerID: custA, FirstName: "New"}, nil))(t)
	if u.ID.ID == "" || u.Version != 1 || u.TenantID.ID != d.TenantID || u.Name != "new@example.com" || u.CreatedTime == 0 {
		t.Fatalf("created = %+v", u)
	}
	_, err := tenant.Users.Save(ctx, &tb.User{Email: "new@example.com", Authority: tb.AuthorityTenantAdmin}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "User with email 'new@example.com' already present in database!")
	_, err = tenant.Users.Save(ctx, &tb.User{Email: "new@example.com", Authority: tb.AuthorityTenantAdmin}, nil)
	if !errors.Is(err, tb.ErrBadRequest) {
		t.Fatalf("duplicate: %v", err)
	}
	// Customer users cannot create users; tenant administrators cannot create system administrators.
	_, err = customer.Users.Save(ctx, &tb.User{Email: "x@example.com", Authority: tb.AuthorityCustomerUser, CustomerID: custA}, nil)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	_, err = tenant.Users.Save(ctx, &tb.User{Email: "x@example.com", Authority: tb.AuthoritySysAdmin}, nil)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	for _, bad := range []struct {
		user tb.User
		msg  string
	}{
		{tb.User{Authority: tb.AuthorityTenantAdmin}, "User email should be specified!"},
		{tb.User{Email: "not-an-email", Authority: tb.AuthorityTenantAdmin}, "Invalid email address format 'not-an-email'!"},
		{tb.User{Email: "y@example.com", Authority: tb.AuthorityCustomerUser}, "Customer user should be assigned to customer!"},
		{tb.User{Email: "y@example.com", Authority: tb.AuthorityTenantAdmin, CustomerID: custA}, "Tenant administrator can't be assigned to customer!"},
		{tb.User{Email: "y@example.com", Authority: tb.AuthorityCustomerUser, CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, d.TenantID)},
			"User is referencing to non-existent customer!"},
	} {
		_, err := tenant.Users.Save(ctx, &bad.user, nil)
		wantErr(t, err, 400, tb.CodeBadRequestParams, bad.msg)
	}
	// Updates keep createdTime, increment version and enforce optimistic locking.
	u.LastName = "Doe"
	u2 := must(tenant.Users.Save(ctx, u, nil))(t)
	if u2.Version != 2 || u2.CreatedTime != u.CreatedTime || u2.LastName != "Doe" || u2.ID != u.ID {
		t.Fatalf("updated = %+v", u2)
	}
	_, err = tenant.Users.Save(ctx, u, nil) // still version 1
	wantErr(t, err, 409, tb.CodeVersionConflict, "User was already changed by someone else")
	if !errors.Is(err, tb.ErrVersionConflict) {
		t.Fatal("not a version conflict")
	}
	u2.Authority = tb.AuthorityTenantAdmin
	u2.CustomerID = tb.EntityID{}
	_, err = tenant.Users.Save(ctx, u2, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Can't update user authority!")
	// A customer user may change itself, not the other users of its customer.
	me := must(customer.Users.Current(ctx))(t)
	me.FirstName = "Me"
	if got := must(customer.Users.Save(ctx, me, nil))(t); got.FirstName != "Me" {
		t.Fatalf("self update = %+v", got)
	}
	other := must(customer.Users.Get(ctx, u.ID.ID))(t)
	_, err = customer.Users.Save(ctx, other, nil)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// Delete.
	if err := tenant.Users.Delete(ctx, u.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = tenant.Users.Get(ctx, u.ID.ID)
	wantErr(t, err, 404, tb.CodeItemNotFound, "User with id ["+u.ID.ID+"] is not found")
	if !errors.Is(err, tb.ErrNotFound) {
		t.Fatal("not ErrNotFound")
	}
	_, err = customer.Users.Get(ctx, "not-a-uuid")
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Invalid UUID string: not-a-uuid")
}

func TestUserActivationFlow(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	u := must(tenant.Users.Save(ctx, &tb.User{Email: "fresh@example.com", Authority: tb.AuthorityCustomerUser,
		CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, d.CustomerID("Customer B"))}, &tb.UserSaveOptions{SendActivationMail: false}))(t)

	got := must(tenant.Users.Get(ctx, u.ID.ID))(t)
	var info map[string]any
	if err := json.Unmarshal(got.AdditionalInfo, &info); err != nil || info["userCredentialsEnabled"] != false || info["userActivated"] != false {
		t.Fatalf("new user info = %s", got.AdditionalInfo)
	}
	// An inactive user cannot log in.
	c := clientWith(t, srv)
	_, err := c.Login(ctx, "fresh@example.com", "whatever")
	wantErr(t, err, 401, tb.CodeAuthentication, "")

	link := must(tenant.Users.ActivationLink(ctx, u.ID.ID))(t)
	prefix := srv.URL + "/api/noauth/activate?activateToken="
	if !strings.HasPrefix(link, prefix) || len(link) == len(prefix) {
		t.Fatalf("link = %q, want %s...", link, prefix)
	}
	tok := strings.TrimPrefix(link, prefix)
	if got := must(tenant.Users.ActivationToken(ctx, u.ID.ID))(t); got != tok {
		t.Fatalf("token = %q, want %q", got, tok)
	}
	li := must(tenant.Users.ActivationLinkInfo(ctx, u.ID.ID))(t)
	if li.Value != link || li.TTLMs <= 0 || li.TTLMs > 24*3600*1000 {
		t.Fatalf("link info = %+v", li)
	}
	if err := tenant.Users.SendActivationEmail(ctx, "fresh@example.com"); err != nil {
		t.Fatal(err)
	}
	if loc := must(c.Users.CheckActivateToken(ctx, tok))(t); loc != "/login/createPassword?activateToken="+tok {
		t.Fatalf("check = %q", loc)
	}
	_, err = c.Users.CheckActivateToken(ctx, "unknown")
	wantErrStatus(t, err, 409)
	// Enabling credentials that were never activated is refused.
	err = tenant.Users.SetCredentialsEnabled(ctx, u.ID.ID, true)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Enabled user credentials can't have activate token!")

	_, err = c.Users.Activate(ctx, tok, "123", false)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Password must be 6 or more characters in length.")
	pair := must(c.Users.Activate(ctx, tok, "secret-1", false))(t)
	if c.IsAuthenticated() {
		t.Fatal("Activate changed the client's credentials")
	}
	fresh := clientWith(t, srv, tb.WithToken(pair.Token, pair.RefreshToken))
	if me := must(fresh.Users.Current(ctx))(t); me.Email != "fresh@example.com" {
		t.Fatalf("activated user = %s", me.Email)
	}
	clientAs(t, srv, "fresh@example.com", "secret-1")

	_, err = c.Users.Activate(ctx, tok, "secret-2", false)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Unable to find user credentials by activateToken ["+tok+"]")
	_, err = tenant.Users.ActivationLink(ctx, u.ID.ID)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "User is already activated!")
	got = must(tenant.Users.Get(ctx, u.ID.ID))(t)
	if err := json.Unmarshal(got.AdditionalInfo, &info); err != nil || info["userCredentialsEnabled"] != true || info["userActivated"] != true {
		t.Fatalf("activated user info = %s", got.AdditionalInfo)
	}
}

// wantErrStatus fails unless err is an *APIError with the status.
func wantErrStatus(t *testing.T, err error, status int) {
	t.Helper()
	var ae *tb.APIError
	if !errors.As(err, &ae) || ae.StatusCode != status {
		t.Fatalf("err = %v, want status %d", err, status)
	}
}

func TestUserCredentialsEnabled(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	customer := clientAs(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	id := d.UserID("customerB@thingsboard.org")
	if err := tenant.Users.SetCredentialsEnabled(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	// The user's tokens stop working, and it cannot log in.
	_, err := customer.Users.Current(ctx)
	wantErrStatus(t, err, 401)
	_, err = clientWith(t, srv).Login(ctx, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	wantErr(t, err, 401, tb.CodeAuthentication, "User account is not active")
	u := must(tenant.Users.Get(ctx, id))(t)
	if !strings.Contains(string(u.AdditionalInfo), `"userCredentialsEnabled":false`) {
		t.Fatalf("info = %s", u.AdditionalInfo)
	}
	if err := tenant.Users.SetCredentialsEnabled(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	clientAs(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	// A customer user may not do it.
	err = clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword).Users.SetCredentialsEnabled(ctx, id, false)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
}

func TestUserPasswords(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	ctx := t.Context()
	c := clientAs(t, srv, "customerC@thingsboard.org", thingsboardtest.CustomerPassword)
	other := clientAs(t, srv, "customerC@thingsboard.org", thingsboardtest.CustomerPassword)
	err := c.Users.ChangePassword(ctx, "wrong", "new-secret")
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Current password doesn't match!")
	if err := c.Users.ChangePassword(ctx, thingsboardtest.CustomerPassword, "new-secret"); err != nil {
		t.Fatal(err)
	}
	// The client keeps the new pair; the user's other sessions end.
	must(c.Users.Current(ctx))(t)
	_, err = other.Users.Current(ctx)
	wantErrStatus(t, err, 401)
	clientAs(t, srv, "customerC@thingsboard.org", "new-secret")

	policy := must(c.Users.PasswordPolicy(ctx))(t)
	if policy.MinimumLength != 6 || policy.MaximumLength != 72 || policy.AllowWhitespaces == nil || !*policy.AllowWhitespaces {
		t.Fatalf("policy = %+v", policy)
	}
	anon := clientWith(t, srv)
	if err := anon.Users.RequestPasswordReset(ctx, "customerC@thingsboard.org"); err != nil {
		t.Fatal(err)
	}
	if err := anon.Users.RequestPasswordReset(ctx, "nobody@example.com"); err != nil {
		t.Fatal("an unknown email is not reported:", err)
	}
	tok := srv.Emulator().ResetToken("customerC@thingsboard.org")
	if tok == "" {
		t.Fatal("no reset token")
	}
	if loc := must(anon.Users.CheckResetToken(ctx, tok))(t); loc != "/login/resetPassword?resetToken="+tok {
		t.Fatalf("check = %q", loc)
	}
	if err := anon.Users.ResetPassword(ctx, tok, "reset-secret"); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.Current(ctx)
	wantErrStatus(t, err, 401)
	clientAs(t, srv, "customerC@thingsboard.org", "reset-secret")
	err = anon.Users.ResetPassword(ctx, tok, "again-secret")
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Invalid reset token!")
}

func TestUserPagination(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	custC := tb.NewEntityID(tb.EntityTypeCustomer, d.CustomerID("Customer C"))
	for i := range 7 {
		must(tenant.Users.Save(ctx, &tb.User{Email: fmt.Sprintf("page%d@example.com", i), Authority: tb.AuthorityCustomerUser, CustomerID: custC}, nil))(t)
	}
	pl := tb.PageLink{PageSize: 3, TextSearch: "page", SortProperty: "email", SortOrder: tb.DESC}
	p0 := must(tenant.Users.ListByCustomer(ctx, custC.ID, pl))(t)
	if p0.TotalElements != 7 || p0.TotalPages != 3 || !p0.HasNext || len(p0.Data) != 3 || p0.Data[0].Email != "page6@example.com" {
		t.Fatalf("first page = %+v", p0)
	}
	p2 := must(tenant.Users.ListByCustomer(ctx, custC.ID, pl.Next().Next()))(t)
	if p2.HasNext || len(p2.Data) != 1 || p2.Data[0].Email != "page0@example.com" {
		t.Fatalf("last page = %+v", p2)
	}
	all := drain(t, tenant.Users.ListByCustomerAll(ctx, custC.ID, tb.NewPageLink(3)))
	if len(all) != 8 {
		t.Fatalf("all = %d users, want 8", len(all))
	}
	_, err := tenant.Users.List(ctx, tb.PageLink{PageSize: -1})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Page size must not be less than one")
}

func TestUserSettingsDashboardsAndMobileSession(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	c := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	if s := must(c.Users.Settings(ctx))(t); string(s) != "{}" {
		t.Fatalf("settings = %s", s)
	}
	must(c.Users.SaveSettings(ctx, map[string]any{"a": map[string]any{"b": 1, "c": 2}, "d": 3}))(t)
	if err := c.Users.UpdateSettings(ctx, map[string]any{"a": map[string]any{"e": 4}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Users.DeleteSettings(ctx, "a.b", "d"); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(must(c.Users.Settings(ctx))(t), &got); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "map[a:map[c:2 e:4]]" {
		t.Fatalf("settings = %v", got)
	}
	if err := c.Users.UpdateSettingsByType(ctx, "quick_links", map[string]any{"links": []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	if s := must(c.Users.SettingsByType(ctx, "QUICK_LINKS"))(t); !strings.Contains(string(s), `"links":["x"]`) {
		t.Fatalf("quick links = %s", s)
	}
	_, err := c.Users.SettingsByType(ctx, "dashboards")
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Settings with type: dashboards are reserved for internal use!")

	thermo := d.DashboardID("Thermostats")
	must(c.Users.ReportDashboardAction(ctx, d.DashboardID("Gateways"), tb.UserDashboardActionVisit))(t)
	must(c.Users.ReportDashboardAction(ctx, thermo, tb.UserDashboardActionVisit))(t)
	info := must(c.Users.ReportDashboardAction(ctx, thermo, tb.UserDashboardActionStar))(t)
	if len(info.Last) != 2 || info.Last[0].ID != thermo || info.Last[0].Title != "Thermostats" || !info.Last[0].Starred ||
		len(info.Starred) != 1 || info.Starred[0].ID != thermo {
		t.Fatalf("dashboards info = %+v", info)
	}
	if last := must(c.Users.LastVisitedDashboards(ctx))(t); len(last.Last) != 2 {
		t.Fatalf("last = %+v", last)
	}
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	_, err = customer.Users.ReportDashboardAction(ctx, thermo, tb.UserDashboardActionVisit)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")

	if s := must(c.Users.MobileSession(ctx, "fcm-1"))(t); s != nil {
		t.Fatalf("session = %+v", s)
	}
	if err := c.Users.SaveMobileSession(ctx, "fcm-1", tb.MobileSessionInfo{FCMTokenTimestamp: 42}); err != nil {
		t.Fatal(err)
	}
	if s := must(c.Users.MobileSession(ctx, "fcm-1"))(t); s == nil || s.FCMTokenTimestamp != 42 {
		t.Fatalf("session = %+v", s)
	}
	if err := c.Users.RemoveMobileSession(ctx, "fcm-1"); err != nil {
		t.Fatal(err)
	}
	if s := must(c.Users.MobileSession(ctx, "fcm-1"))(t); s != nil {
		t.Fatalf("removed session = %+v", s)
	}
}

// rawServer serves an emulator without the specification check, for the exchanges
// where the server departs from its own OpenAPI description.
func rawServer(t *testing.T, opts ...emulator.Option) (*emulator.Server, string) {
	t.Helper()
	emu := emulator.New(opts...)
	hs := httptest.NewServer(emu)
	t.Cleanup(func() { hs.Close(); emu.Close() })
	return emu, hs.URL
}

// TestUserRequestsOutsideTheSpec sends requests the specification calls invalid, to
// see the server's answers.
func TestUserRequestsOutsideTheSpec(t *testing.T) {
	_, url := rawServer(t)
	ctx := t.Context()
	c, err := tb.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(ctx, emulator.TenantEmail, emulator.TenantPassword); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.List(ctx, tb.PageLink{PageSize: 10, SortProperty: "password"})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Invalid sort property")
	_, err = c.Users.Save(ctx, &tb.User{Email: "y@example.com"}, nil)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "User authority isn't defined!")
}

func TestUserUnknownActivationTokenAnswersConflict(t *testing.T) {
	_, url := rawServer(t)
	resp, err := http.Get(url + "/api/noauth/activate?activateToken=nope")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	c, err := tb.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.Activate(context.Background(), "", "secret-1", false)
	if err == nil {
		t.Fatal("empty token accepted")
	}
}
