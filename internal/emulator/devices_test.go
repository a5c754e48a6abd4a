package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// famLogin returns a client of srv logged in as the given user.
func famLogin(t *testing.T, srv *thingsboardtest.Server, email, password string) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), email, password); err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return c
}

// famTenant starts a CE server and logs in its tenant administrator.
func famTenant(t *testing.T, opts ...thingsboardtest.Option) (*thingsboardtest.Server, *tb.Client) {
	t.Helper()
	srv := thingsboardtest.NewServer(t, opts...)
	return srv, famLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
}

// famAPIError returns err as an *APIError with the given status, code and message
// (message "" is not checked), failing the test otherwise.
func famAPIError(t *testing.T, err error, status int, code tb.ErrorCode, message string) *tb.APIError {
	t.Helper()
	var e *tb.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want an APIError %d/%d", err, status, code)
	}
	if e.StatusCode != status || e.Code != code || (message != "" && e.Message != message) {
		t.Fatalf("error %d/%d %q, want %d/%d %q", e.StatusCode, e.Code, e.Message, status, code, message)
	}
	return e
}

func famAttr(srv *thingsboardtest.Server, id tb.EntityID, scope, key string) (emulator.Attribute, bool) {
	var a emulator.Attribute
	var ok bool
	srv.Emulator().Store().Read(func(tx *emulator.Tx) { a, ok = tx.Attribute(id, scope, key) })
	return a, ok
}

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9]{20}$`)

func TestDeviceLifecycle(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()

	// Create with a type that names no profile: the profile is created on the fly.
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Pump 1", Type: "pumps", Label: "Basement"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID.EntityType != tb.EntityTypeDevice || d.ID.ID == "" || d.Version != 1 || d.CreatedTime == 0 {
		t.Errorf("created %+v", d)
	}
	if d.CustomerID != tb.NewEntityID(tb.EntityTypeCustomer, tb.NullUUID) || d.TenantID.ID != srv.Demo().TenantID {
		t.Errorf("owner ids %+v %+v", d.TenantID, d.CustomerID)
	}
	if d.Type != "pumps" || d.DeviceProfileID.IsZero() || string(d.DeviceData.Configuration) != `{"type":"DEFAULT"}` {
		t.Errorf("profile/type/data %+v", d)
	}
	prof, err := c.DeviceProfiles.Get(ctx, d.DeviceProfileID.ID)
	if err != nil || prof.Name != "pumps" || prof.Default || prof.TransportType != tb.TransportDefault {
		t.Errorf("auto-created profile %+v, %v", prof, err)
	}
	// A second device of the same type reuses the profile.
	d2, err := c.Devices.Save(ctx, &tb.Device{Name: "Pump 2", Type: "pumps"}, nil)
	if err != nil || d2.DeviceProfileID != d.DeviceProfileID {
		t.Errorf("second device %+v, %v", d2, err)
	}

	// Credentials: a generated 20-character access token.
	creds, err := c.Devices.GetCredentials(ctx, d.ID.ID)
	if err != nil {
		t.Fatal(err)
	}
	if creds.CredentialsType != tb.CredentialsAccessToken || !tokenRE.MatchString(creds.CredentialsID) || creds.DeviceID != d.ID {
		t.Errorf("credentials %+v", creds)
	}
	// The device state service's attribute.
	if a, ok := famAttr(srv, d.ID, emulator.ServerScope, "active"); !ok || a.Value != false {
		t.Errorf("active attribute %+v %v", a, ok)
	}
	info, err := c.Devices.GetInfo(ctx, d.ID.ID)
	if err != nil || info.DeviceProfileName != "pumps" || info.Active || info.CustomerTitle != "" || info.Name != "Pump 1" {
		t.Errorf("info %+v, %v", info, err)
	}

	// Update: the version increments on every save.
	d.Label = "Cellar"
	u, err := c.Devices.Save(ctx, d, nil)
	if err != nil || u.Version != 2 || u.Label != "Cellar" || u.ID != d.ID || u.CreatedTime != d.CreatedTime {
		t.Fatalf("update %+v, %v", u, err)
	}
	// A stale version is refused; no version overwrites.
	_, err = c.Devices.Save(ctx, d, nil) // still version 1
	if !errors.Is(err, tb.ErrVersionConflict) {
		t.Fatalf("stale save: %v", err)
	}
	famAPIError(t, err, 409, tb.CodeVersionConflict, "Device was already changed by someone else")
	d.Version = 0
	if o, err := c.Devices.Save(ctx, d, nil); err != nil || o.Version != 3 {
		t.Errorf("overwrite %+v, %v", o, err)
	}

	// Duplicate name, unknown profile, unknown id, no name.
	_, err = c.Devices.Save(ctx, &tb.Device{Name: "Pump 1"}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device with such name already exists!")
	_, err = c.Devices.Save(ctx, &tb.Device{Name: "X", DeviceProfileID: tb.NewEntityID(tb.EntityTypeDeviceProfile, "5ed7e4e0-7d4f-11ee-b962-0242ac120002")}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device is referencing non existing device profile!")
	_, err = c.Devices.Save(ctx, &tb.Device{ID: tb.NewEntityID(tb.EntityTypeDevice, "5ed7e4e0-7d4f-11ee-b962-0242ac120002"), Name: "Y"}, nil)
	if !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	_, err = c.Devices.Save(ctx, &tb.Device{Name: " "}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device name should be specified!")

	// Without type or profile the tenant's default profile is used.
	def, err := c.Devices.Save(ctx, &tb.Device{Name: "Plain"}, nil)
	if err != nil || def.Type != "default" || def.DeviceProfileID.ID != srv.Demo().DeviceProfileID("default") {
		t.Errorf("default profile device %+v, %v", def, err)
	}

	// Delete takes credentials, attributes and relations along.
	asset, err := c.Assets.Save(ctx, &tb.Asset{Name: "Basement"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		tx.SaveRelation(emulator.Relation{From: asset.ID, To: d.ID, Type: tb.RelationContains})
		return nil
	})
	if err := c.Devices.Delete(ctx, d.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Devices.Get(ctx, d.ID.ID)
	if !errors.Is(err, tb.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	famAPIError(t, err, 404, tb.CodeItemNotFound, "Device with id ["+d.ID.ID+"] is not found")
	srv.Emulator().Store().Read(func(tx *emulator.Tx) {
		if _, ok := tx.Attribute(d.ID, emulator.ServerScope, "active"); ok {
			t.Error("attributes survive the device")
		}
		if rels := tx.RelationsFrom(asset.ID, "", ""); len(rels) != 0 {
			t.Errorf("relations survive the device: %+v", rels)
		}
	})
	// Its token is free again.
	if _, err := c.Devices.Save(ctx, &tb.Device{Name: "Pump 1b"}, &tb.DeviceSaveOptions{AccessToken: creds.CredentialsID}); err != nil {
		t.Errorf("reusing a deleted device's token: %v", err)
	}
}

func TestDeviceCredentialsAndTokens(t *testing.T) {
	_, c := famTenant(t)
	ctx := t.Context()
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Meter"}, &tb.DeviceSaveOptions{AccessToken: "METER_TOKEN_1"})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.Devices.GetCredentials(ctx, d.ID.ID)
	if err != nil || creds.CredentialsID != "METER_TOKEN_1" || creds.Version != 1 {
		t.Fatalf("credentials %+v, %v", creds, err)
	}
	// A token in use by a demo device is refused.
	_, err = c.Devices.Save(ctx, &tb.Device{Name: "Meter 2"}, &tb.DeviceSaveOptions{AccessToken: "A1_TEST_TOKEN"})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device credentials are already assigned to another device!")
	if _, err := c.Devices.GetByName(ctx, "Meter 2"); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("a refused device was stored: %v", err)
	}

	// Update the token, then reject a duplicate and a stale version.
	creds.CredentialsID = "METER_TOKEN_2"
	saved, err := c.Devices.SaveCredentials(ctx, creds)
	if err != nil || saved.CredentialsID != "METER_TOKEN_2" || saved.Version != 2 || saved.ID != creds.ID {
		t.Fatalf("save credentials %+v, %v", saved, err)
	}
	saved.CredentialsID = "T1_TEST_TOKEN"
	_, err = c.Devices.SaveCredentials(ctx, saved)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device credentials are already assigned to another device!")
	_, err = c.Devices.SaveCredentials(ctx, creds) // version 1
	if !errors.Is(err, tb.ErrVersionConflict) {
		t.Errorf("stale credentials: %v", err)
	}

	// MQTT basic credentials with a new device.
	mc := &tb.DeviceCredentials{}
	mc.SetMQTTBasic(tb.MQTTBasicCredentials{ClientID: "meter-3", UserName: "u", Password: "p"})
	d3, err := c.Devices.SaveWithCredentials(ctx, &tb.Device{Name: "Meter 3", Type: "meters"}, mc, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Devices.GetCredentials(ctx, d3.ID.ID)
	if err != nil || got.CredentialsType != tb.CredentialsMQTTBasic {
		t.Fatalf("mqtt credentials %+v, %v", got, err)
	}
	if m, err := got.MQTTBasic(); err != nil || m.ClientID != "meter-3" || m.Password != "p" {
		t.Errorf("mqtt value %+v, %v", m, err)
	}
	_, err = c.Devices.SaveWithCredentials(ctx, &tb.Device{Name: "Meter 4"},
		&tb.DeviceCredentials{CredentialsType: tb.CredentialsAccessToken, CredentialsID: "METER_TOKEN_2"}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device credentials are already assigned to another device!")
}

func TestDeviceNameConflictPolicy(t *testing.T) {
	_, c := famTenant(t)
	ctx := t.Context()
	inc := &tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{NameConflictPolicy: tb.NameConflictUniquify,
		UniquifyStrategy: tb.UniquifyIncremental, UniquifySeparator: "-"}}
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Test Device A1"}, inc)
	if err != nil || d.Name != "Test Device A1-1" {
		t.Errorf("incremental %+v, %v", d, err)
	}
	d, err = c.Devices.Save(ctx, &tb.Device{Name: "Test Device A1"}, inc)
	if err != nil || d.Name != "Test Device A1-2" {
		t.Errorf("incremental again %+v, %v", d, err)
	}
	d, err = c.Devices.Save(ctx, &tb.Device{Name: "Test Device A1"},
		&tb.DeviceSaveOptions{EntitySaveOptions: tb.EntitySaveOptions{NameConflictPolicy: tb.NameConflictUniquify}})
	if err != nil || !regexp.MustCompile(`^Test Device A1_[a-z0-9]{6}$`).MatchString(d.Name) {
		t.Errorf("random %+v, %v", d, err)
	}
}

func TestDeviceAuthorities(t *testing.T) {
	srv, admin := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()
	cust := famLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword) // Customer A
	a1, b1 := demo.DeviceID("Test Device A1"), demo.DeviceID("Test Device B1")

	if d, err := cust.Devices.Get(ctx, a1); err != nil || d.Name != "Test Device A1" {
		t.Errorf("own device: %+v, %v", d, err)
	}
	if info, err := cust.Devices.GetInfo(ctx, a1); err != nil || info.CustomerTitle != "Customer A" || info.CustomerIsPublic {
		t.Errorf("own device info: %+v, %v", info, err)
	}
	_, err := cust.Devices.Get(ctx, b1)
	if !errors.Is(err, tb.ErrPermissionDenied) {
		t.Fatalf("other customer's device: %v", err)
	}
	famAPIError(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	// Tenant-owned devices are not the customer's either.
	if _, err := cust.Devices.GetCredentials(ctx, demo.DeviceID("DHT11 Demo Device")); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("tenant device credentials: %v", err)
	}
	// A customer user reads its own credentials, cannot create or delete.
	if c, err := cust.Devices.GetCredentials(ctx, a1); err != nil || c.CredentialsID != "A1_TEST_TOKEN" {
		t.Errorf("own credentials %+v, %v", c, err)
	}
	if _, err := cust.Devices.Save(ctx, &tb.Device{Name: "Mine"}, nil); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer create: %v", err)
	}
	if err := cust.Devices.Delete(ctx, a1); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer delete: %v", err)
	}
	// ... but may update its own device, which stays its customer's.
	own, _ := cust.Devices.Get(ctx, a1)
	own.Label = "renamed by customer"
	if u, err := cust.Devices.Save(ctx, own, nil); err != nil || u.CustomerID.ID != demo.CustomerID("Customer A") || u.Label != own.Label {
		t.Errorf("customer update %+v, %v", u, err)
	}
	// Customer lists: its own customer only.
	page, err := cust.Devices.ListCustomer(ctx, demo.CustomerID("Customer A"), tb.NewPageLink(10), nil)
	if err != nil || page.TotalElements != 3 {
		t.Errorf("own customer list %+v, %v", page, err)
	}
	if _, err := cust.Devices.ListCustomer(ctx, demo.CustomerID("Customer B"), tb.NewPageLink(10), nil); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("other customer list: %v", err)
	}
	if _, err := cust.Devices.ListTenant(ctx, tb.NewPageLink(10), nil); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("tenant list as customer: %v", err)
	}
	if devs, err := cust.Devices.ListByIDs(ctx, []string{a1, b1}); err != nil || len(devs) != 1 || devs[0].ID.ID != a1 {
		t.Errorf("by ids as customer %+v, %v", devs, err)
	}

	// The system administrator sees no tenant data.
	sys := famLogin(t, srv, thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword)
	if _, err := sys.Devices.Get(ctx, a1); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("sysadmin get: %v", err)
	}

	// Another tenant's device is forbidden, a missing one not found.
	if _, err := admin.Devices.Get(ctx, "5ed7e4e0-7d4f-11ee-b962-0242ac120002"); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("missing device: %v", err)
	}
	var foreign tb.EntityID
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		rec := tx.Put(emulator.Record{ID: tb.EntityID{EntityType: tb.EntityTypeDevice}, TenantID: "0e4c8b20-7d4f-11ee-b962-0242ac120002",
			Fields: map[string]string{"name": "Foreign", "type": "default"}, Value: &tb.Device{Name: "Foreign"}})
		foreign = rec.ID
		return nil
	})
	if _, err := admin.Devices.Get(ctx, foreign.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("foreign tenant device: %v", err)
	}
	if err := admin.Devices.Delete(ctx, a1); err != nil {
		t.Errorf("tenant delete: %v", err)
	}
}

func TestDeviceLists(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()

	// Nine demo devices, four per page.
	page, err := c.Devices.ListTenant(ctx, tb.NewPageLink(4), nil)
	if err != nil || len(page.Data) != 4 || page.TotalElements != 9 || page.TotalPages != 3 || !page.HasNext {
		t.Fatalf("first page %d items, %+v, %v", len(page.Data), page, err)
	}
	last, err := c.Devices.ListTenant(ctx, tb.PageLink{PageSize: 4, Page: 2}, nil)
	if err != nil || len(last.Data) != 1 || last.HasNext {
		t.Errorf("last page %+v, %v", last, err)
	}
	var names []string
	for d, err := range c.Devices.ListTenantAll(ctx, tb.NewPageLink(2), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, d.Name)
	}
	if len(names) != 9 || names[0] != "Test Device A1" {
		t.Errorf("all devices %v", names)
	}
	// Type filter, text search (name or label) and sorting.
	th, err := c.Devices.ListTenant(ctx, tb.PageLink{PageSize: 10, SortProperty: "name", SortOrder: tb.DESC}, &tb.DeviceListOptions{Type: "thermostat"})
	if err != nil || th.TotalElements != 2 || th.Data[0].Name != "Thermostat T2" {
		t.Errorf("thermostats %+v, %v", th, err)
	}
	srch, err := c.Devices.ListTenant(ctx, tb.PageLink{PageSize: 10, TextSearch: "demo device"}, nil)
	if err != nil || srch.TotalElements != 2 {
		t.Errorf("search %+v, %v", srch, err)
	}
	// Infos: joined names and the activity filter (two demo devices are active).
	infos, err := c.Devices.ListTenantInfos(ctx, tb.PageLink{PageSize: 20, SortProperty: "customerTitle", SortOrder: tb.DESC}, nil)
	if err != nil || infos.TotalElements != 9 || infos.Data[0].CustomerTitle != "Customer C" || infos.Data[0].DeviceProfileName != "default" {
		t.Errorf("infos %+v, %v", infos, err)
	}
	active, err := c.Devices.ListTenantInfos(ctx, tb.NewPageLink(20), &tb.DeviceInfoListOptions{Active: refTo(true)})
	if err != nil || active.TotalElements != 2 {
		t.Errorf("active devices %+v, %v", active, err)
	}
	for _, d := range active.Data {
		if !d.Active {
			t.Errorf("inactive device in the active list: %s", d.Name)
		}
	}
	byProfile, err := c.Devices.ListTenantInfos(ctx, tb.NewPageLink(20), &tb.DeviceInfoListOptions{DeviceProfileID: demo.DeviceProfileID("thermostat")})
	if err != nil || byProfile.TotalElements != 2 {
		t.Errorf("by profile %+v, %v", byProfile, err)
	}
	custA := demo.CustomerID("Customer A")
	cd, err := c.Devices.ListCustomer(ctx, custA, tb.NewPageLink(2), nil)
	if err != nil || cd.TotalElements != 3 || !cd.HasNext {
		t.Errorf("customer devices %+v, %v", cd, err)
	}
	ci, err := c.Devices.ListCustomerInfos(ctx, custA, tb.NewPageLink(10), &tb.DeviceInfoListOptions{Active: refTo(false)})
	if err != nil || ci.TotalElements != 3 || ci.Data[0].CustomerTitle != "Customer A" {
		t.Errorf("customer infos %+v, %v", ci, err)
	}
	if _, err := c.Devices.ListCustomer(ctx, "5ed7e4e0-7d4f-11ee-b962-0242ac120002", tb.NewPageLink(2), nil); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}

	// By name, by ids, types.
	d, err := c.Devices.GetByName(ctx, "Thermostat T1")
	if err != nil || d.ID.ID != demo.DeviceID("Thermostat T1") {
		t.Errorf("by name %+v, %v", d, err)
	}
	_, err = c.Devices.GetByName(ctx, "No such device")
	famAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
	ids := []string{demo.DeviceID("Thermostat T2"), "5ed7e4e0-7d4f-11ee-b962-0242ac120002", demo.DeviceID("Test Device C1")}
	if devs, err := c.Devices.ListByIDs(ctx, ids); err != nil || len(devs) != 2 {
		t.Errorf("by ids %+v, %v", devs, err)
	}
	types, err := c.Devices.ListTypes(ctx)
	if err != nil || len(types) != 2 || types[0].Type != "default" || types[1].Type != "thermostat" || types[0].EntityType != tb.EntityTypeDevice {
		t.Errorf("types %+v, %v", types, err)
	}
}

func refTo[T any](v T) *T { return &v }

func TestDeviceAssignment(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()
	custB := demo.CustomerID("Customer B")
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Roaming"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Devices.AssignToCustomer(ctx, custB, d.ID.ID)
	if err != nil || a.CustomerID.ID != custB || a.Version != 2 {
		t.Fatalf("assign %+v, %v", a, err)
	}
	bUser := famLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	if _, err := bUser.Devices.Get(ctx, d.ID.ID); err != nil {
		t.Errorf("customer B reads its new device: %v", err)
	}
	u, err := c.Devices.UnassignFromCustomer(ctx, d.ID.ID)
	if err != nil || u.CustomerID.ID != tb.NullUUID {
		t.Errorf("unassign %+v, %v", u, err)
	}
	if _, err := bUser.Devices.Get(ctx, d.ID.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer B after unassign: %v", err)
	}
	_, err = c.Devices.UnassignFromCustomer(ctx, d.ID.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device isn't assigned to any customer!")

	pub, err := c.Devices.AssignToPublicCustomer(ctx, d.ID.ID)
	if err != nil || pub.CustomerID.IsNull() {
		t.Fatalf("public %+v, %v", pub, err)
	}
	info, err := c.Devices.GetInfo(ctx, d.ID.ID)
	if err != nil || !info.CustomerIsPublic || info.CustomerTitle != "Public" {
		t.Errorf("public info %+v, %v", info, err)
	}
	// The public customer is reused.
	d2, _ := c.Devices.Save(ctx, &tb.Device{Name: "Roaming 2"}, nil)
	if p2, err := c.Devices.AssignToPublicCustomer(ctx, d2.ID.ID); err != nil || p2.CustomerID != pub.CustomerID {
		t.Errorf("second public %+v, %v", p2, err)
	}
	// The public user sees public devices.
	pc, err := tb.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.LoginPublic(ctx, pub.CustomerID.ID); err != nil {
		t.Fatalf("public login: %v", err)
	}
	if _, err := pc.Devices.Get(ctx, d.ID.ID); err != nil {
		t.Errorf("public user reads a public device: %v", err)
	}

	// Saving with a customer id assigns at creation; an unknown customer is refused.
	born, err := c.Devices.Save(ctx, &tb.Device{Name: "Born assigned", CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, custB)}, nil)
	if err != nil || born.CustomerID.ID != custB {
		t.Errorf("assigned at creation %+v, %v", born, err)
	}
	_, err = c.Devices.Save(ctx, &tb.Device{Name: "Orphan", CustomerID: tb.NewEntityID(tb.EntityTypeCustomer, "5ed7e4e0-7d4f-11ee-b962-0242ac120002")}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Can't assign device to non-existent customer!")
}

func TestDeviceSearchQuery(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()
	building, err := c.Assets.Save(ctx, &tb.Asset{Name: "Building", Type: "building"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	floor, err := c.Assets.Save(ctx, &tb.Asset{Name: "Floor 1", Type: "floor"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t1 := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Thermostat T1"))
	dht := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("DHT11 Demo Device"))
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		tx.SaveRelation(emulator.Relation{From: building.ID, To: floor.ID, Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: floor.ID, To: t1, Type: "Contains"})
		tx.SaveRelation(emulator.Relation{From: building.ID, To: dht, Type: "Manages"})
		return nil
	})
	q := tb.DeviceSearchQuery{Parameters: tb.NewRelationsSearch(building.ID, tb.DirectionFrom, 2), DeviceTypes: []string{"thermostat", "default"}}
	devs, err := c.Devices.FindByQuery(ctx, q)
	if err != nil || len(devs) != 2 {
		t.Fatalf("two levels %+v, %v", devs, err)
	}
	q.RelationType = "Contains"
	if devs, err := c.Devices.FindByQuery(ctx, q); err != nil || len(devs) != 1 || devs[0].ID != t1 {
		t.Errorf("Contains only %+v, %v", devs, err)
	}
	q.Parameters.MaxLevel = 1
	if devs, err := c.Devices.FindByQuery(ctx, q); err != nil || len(devs) != 0 {
		t.Errorf("one level %+v, %v", devs, err)
	}
	q = tb.DeviceSearchQuery{Parameters: tb.NewRelationsSearch(t1, tb.DirectionTo, 1)}
	if devs, err := c.Devices.FindByQuery(ctx, q); err != nil || len(devs) != 0 {
		t.Errorf("assets only upward %+v, %v", devs, err)
	}
	assets, err := c.Assets.FindByQuery(ctx, tb.AssetSearchQuery{Parameters: tb.NewRelationsSearch(t1, tb.DirectionTo, 0), AssetTypes: []string{"building", "floor"}})
	if err != nil || len(assets) != 2 {
		t.Errorf("assets above T1 %+v, %v", assets, err)
	}
	last := tb.NewRelationsSearch(building.ID, tb.DirectionFrom, 2)
	last.FetchLastLevelOnly = true
	if devs, err := c.Devices.FindByQuery(ctx, tb.DeviceSearchQuery{Parameters: last, DeviceTypes: []string{"default", "thermostat"}}); err != nil || len(devs) != 1 || devs[0].ID != t1 {
		t.Errorf("last level only %+v, %v", devs, err)
	}
}

func TestUserDevicesPE(t *testing.T) {
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	ctx := t.Context()
	admin := famLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	cust := famLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	all, err := admin.Devices.ListUser(ctx, tb.NewPageLink(20), nil)
	if err != nil || all.TotalElements != 9 {
		t.Fatalf("tenant admin user devices %+v, %v", all, err)
	}
	if all.Data[0].OwnerID.IsZero() {
		t.Errorf("PE device without ownerId: %+v", all.Data[0])
	}
	mine, err := cust.Devices.ListUser(ctx, tb.NewPageLink(20), &tb.DeviceListOptions{Type: "default"})
	if err != nil || mine.TotalElements != 3 {
		t.Errorf("customer user devices %+v, %v", mine, err)
	}
	for _, d := range mine.Data {
		if !strings.HasPrefix(d.Name, "Test Device A") || d.OwnerID.EntityType != tb.EntityTypeCustomer {
			t.Errorf("customer user sees %s (owner %v)", d.Name, d.OwnerID)
		}
	}
	assets, err := cust.Assets.ListUser(ctx, tb.NewPageLink(20), nil)
	if err != nil || assets.TotalElements != 0 {
		t.Errorf("customer user assets %+v, %v", assets, err)
	}
}

// famUnvalidated serves an emulator without the spec validation that
// thingsboardtest servers get in this test binary, for requests that break the spec
// on purpose; it returns its URL and a tenant administrator's token.
func famUnvalidated(t *testing.T) (string, string) {
	t.Helper()
	s := emulator.New()
	hs := httptest.NewServer(s)
	t.Cleanup(func() { hs.Close(); s.Close() })
	c, err := tb.NewClient(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), thingsboardtest.TenantEmail, thingsboardtest.TenantPassword); err != nil {
		t.Fatal(err)
	}
	return hs.URL, c.Tokens().Token
}

func TestDeviceBadRequests(t *testing.T) {
	url, token := famUnvalidated(t)
	ctx := context.Background()
	for _, tc := range []struct {
		method, path string
		status       int
		message      string
	}{
		{"GET", "/api/device/not-a-uuid", 400, "Invalid UUID string: not-a-uuid"},
		{"GET", "/api/tenant/devices?page=0", 400, "Required request parameter 'pageSize' for method parameter type int is not present"},
		{"GET", "/api/tenant/devices?pageSize=0&page=0", 400, "Page size must not be less than one"},
		{"GET", "/api/devices?deviceIds=x", 400, "Invalid UUID string: x"},
		{"GET", "/api/tenant/device?deviceName=nope", 404, "Requested item wasn't found!"},
		{"GET", "/api/tenant/devices?pageSize=10&page=0&sortProperty=nonsense", 400, "Invalid sort property"},
		{"GET", "/api/tenant/deviceInfos?pageSize=10&page=0&active=maybe", 400, ""},
		{"POST", "/api/device", 400, "Required request body is missing"},
	} {
		req, _ := http.NewRequestWithContext(ctx, tc.method, url+tc.path, nil)
		req.Header.Set("X-Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Message string `json:"message"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || (tc.message != "" && body.Message != tc.message) {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, body.Message, tc.status, tc.message)
		}
	}
}
