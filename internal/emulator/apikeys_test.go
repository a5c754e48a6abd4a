package emulator_test

import (
	"strings"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestAPIKeyLifecycle(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	d := srv.Demo()
	ctx := t.Context()
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)

	key := must(tenant.APIKeys.Create(ctx, d.TenantAdminID, "CI", time.Time{}))(t)
	if !strings.HasPrefix(key.Value, "tb_") || len(key.Value) < 80 || !key.Enabled || key.Expired ||
		key.UserID.ID != d.TenantAdminID || key.TenantID.ID != d.TenantID || key.ID.EntityType != tb.EntityTypeAPIKey {
		t.Fatalf("created = %+v (value %d chars)", key.APIKeyInfo, len(key.Value))
	}
	// The key authenticates as its user.
	byKey := clientWith(t, srv, tb.WithAPIKey(key.Value))
	if me := must(byKey.Users.Current(ctx))(t); me.Email != thingsboardtest.TenantEmail {
		t.Fatalf("key user = %s", me.Email)
	}
	must(byKey.Customers.List(ctx, tb.NewPageLink(10)))(t)

	list := must(tenant.APIKeys.List(ctx, d.TenantAdminID, tb.NewPageLink(10)))(t)
	if list.TotalElements != 1 || list.Data[0].ID != key.ID || list.Data[0].Description != "CI" {
		t.Fatalf("keys = %+v", list)
	}
	upd := must(tenant.APIKeys.UpdateDescription(ctx, key.ID.ID, "CI pipeline"))(t)
	if upd.Description != "CI pipeline" {
		t.Fatalf("description = %q", upd.Description)
	}
	_, err := tenant.APIKeys.UpdateDescription(ctx, key.ID.ID, " ")
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Validation error: description must not be blank")

	// Disabled: refused as an inactive account; enabled again: accepted.
	if k := must(tenant.APIKeys.SetEnabled(ctx, key.ID.ID, false))(t); k.Enabled {
		t.Fatal("still enabled")
	}
	_, err = byKey.Users.Current(ctx)
	wantErr(t, err, 401, tb.CodeAuthentication, "User account is not active")
	must(tenant.APIKeys.SetEnabled(ctx, key.ID.ID, true))(t)
	must(byKey.Users.Current(ctx))(t)

	// Deleted: refused as unknown credentials.
	if err := tenant.APIKeys.Delete(ctx, key.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = byKey.Users.Current(ctx)
	wantErr(t, err, 401, tb.CodeAuthentication, "Invalid username or password")
	err = tenant.APIKeys.Delete(ctx, key.ID.ID)
	wantErr(t, err, 404, tb.CodeItemNotFound, "Api key with id ["+key.ID.ID+"] is not found")
	if p := must(tenant.APIKeys.List(ctx, d.TenantAdminID, tb.NewPageLink(10)))(t); p.TotalElements != 0 {
		t.Fatalf("keys after delete = %+v", p)
	}
}

func TestAPIKeyRules(t *testing.T) {
	start := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	clock := thingsboardtest.NewClock(start)
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithClock(clock))
	d := srv.Demo()
	ctx := t.Context()
	customer := clientAs(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	me := d.UserID(thingsboardtest.CustomerEmail)

	// A customer user keys itself, not the other users of its customer.
	key := must(customer.APIKeys.Create(ctx, me, "mine", clock.Now().Add(time.Hour)))(t)
	_, err := customer.APIKeys.Create(ctx, d.UserID("customerA@thingsboard.org"), "theirs", time.Time{})
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// A key saved without Enabled is created disabled, as on the server.
	off := must(customer.APIKeys.Save(ctx, &tb.APIKeyInfo{UserID: tb.NewEntityID(tb.EntityTypeUser, me), Description: "off"}))(t)
	if off.Enabled || off.Value == "" {
		t.Fatalf("disabled key = %+v", off)
	}
	_, err = clientWith(t, srv, tb.WithAPIKey(off.Value)).Users.Current(ctx)
	wantErr(t, err, 401, tb.CodeAuthentication, "User account is not active")

	byKey := clientWith(t, srv, tb.WithAPIKey(key.Value))
	must(byKey.Users.Current(ctx))(t)
	// An expired key is refused, and listed as expired.
	clock.Advance(2 * time.Hour)
	_, err = byKey.Users.Current(ctx)
	wantErr(t, err, 401, tb.CodeAuthentication, "API key is expired")
	list := must(customer.APIKeys.List(ctx, me, tb.PageLink{PageSize: 10, SortProperty: "description", SortOrder: tb.ASC}))(t)
	if list.TotalElements != 2 || list.Data[0].Description != "mine" || !list.Data[0].Expired || list.Data[1].Expired {
		t.Fatalf("keys = %+v", list.Data)
	}
	if s := must(customer.APIKeys.List(ctx, me, tb.PageLink{PageSize: 10, TextSearch: "OFF"}))(t); s.TotalElements != 1 {
		t.Fatalf("search = %+v", s)
	}
	// Another tenant's key is out of reach.
	tenant := clientAs(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	sys := clientAs(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	sysKey := must(sys.APIKeys.Create(ctx, d.SysAdminID, "sys", time.Time{}))(t)
	_, err = tenant.APIKeys.SetEnabled(ctx, sysKey.ID.ID, false)
	wantErr(t, err, 403, tb.CodePermissionDenied, "")
	// The tenant administrator manages its customer users' keys.
	if k := must(tenant.APIKeys.SetEnabled(ctx, off.ID.ID, true))(t); !k.Enabled {
		t.Fatal("not enabled")
	}
	must(clientWith(t, srv, tb.WithAPIKey(off.Value)).Users.Current(ctx))(t)
	// A deleted user's keys go with it.
	if err := tenant.Users.Delete(ctx, me); err != nil {
		t.Fatal(err)
	}
	_, err = clientWith(t, srv, tb.WithAPIKey(off.Value)).Users.Current(ctx)
	wantErr(t, err, 401, tb.CodeAuthentication, "Invalid username or password")
}

// TestAPIKeyUpdateHidesTheValue: a save with an id updates the key and answers
// "value": null, which the specification's ApiKey (value required) does not allow.
func TestAPIKeyUpdateHidesTheValue(t *testing.T) {
	emu, url := rawServer(t)
	c, err := tb.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := c.Login(ctx, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword); err != nil {
		t.Fatal(err)
	}
	key := must(c.APIKeys.Create(ctx, emu.Demo().TenantAdminID, "first", time.Time{}))(t)
	info := key.APIKeyInfo
	info.Description = "second"
	upd := must(c.APIKeys.Save(ctx, &info))(t)
	if upd.Value != "" || upd.Description != "second" || upd.ID != key.ID {
		t.Fatalf("updated = %+v, value %q", upd.APIKeyInfo, upd.Value)
	}
	info.ExpirationTime = 1
	_, err = c.APIKeys.Save(ctx, &info)
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Cannot update API key expiration time!")
	_, err = c.APIKeys.Save(ctx, &tb.APIKeyInfo{UserID: key.UserID, Description: ""})
	wantErr(t, err, 400, tb.CodeBadRequestParams, "Validation error: description must not be blank")
	byKey, err := tb.NewClient(url, tb.WithAPIKey(key.Value))
	if err != nil {
		t.Fatal(err)
	}
	must(byKey.Users.Current(ctx))(t)
}
