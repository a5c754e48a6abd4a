package emulator_test

import (
	"errors"
	"slices"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestDeviceProfiles(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()

	def, err := c.DeviceProfiles.GetDefaultInfo(ctx)
	if err != nil || def.Name != "default" || def.ID.ID != demo.DeviceProfileID("default") || def.TransportType != tb.TransportDefault {
		t.Fatalf("default info %+v, %v", def, err)
	}
	th, err := c.DeviceProfiles.Get(ctx, demo.DeviceProfileID("thermostat"))
	if err != nil || th.Name != "thermostat" || th.Default || len(th.ProfileData.Alarms) == 0 || th.DefaultRuleChainID.IsZero() {
		t.Fatalf("thermostat %+v, %v", th, err)
	}

	p, err := c.DeviceProfiles.Save(ctx, &tb.DeviceProfile{Name: "MQTT sensors", Type: tb.DeviceProfileTypeDefault,
		TransportType: tb.TransportMQTT, Description: "sensors over MQTT"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != 1 || p.ProvisionType != tb.ProvisionDisabled || string(p.ProfileData.TransportConfiguration) != `{"type":"MQTT"}` ||
		p.TenantID.ID != demo.TenantID || p.Default {
		t.Errorf("created %+v", p)
	}
	_, err = c.DeviceProfiles.Save(ctx, &tb.DeviceProfile{Name: "MQTT sensors", Type: tb.DeviceProfileTypeDefault, TransportType: tb.TransportMQTT})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device profile with such name already exists!")
	_, err = c.DeviceProfiles.Save(ctx, &tb.DeviceProfile{Name: "No transport", Type: tb.DeviceProfileTypeDefault})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Device profile transport type should be specified!")
	_, err = c.DeviceProfiles.Save(ctx, &tb.DeviceProfile{Name: "Second default", Type: tb.DeviceProfileTypeDefault, TransportType: tb.TransportDefault, Default: true})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Another default device profile is present in scope of current tenant!")

	p.Description = "changed"
	u, err := c.DeviceProfiles.Save(ctx, p)
	if err != nil || u.Version != 2 || u.Description != "changed" {
		t.Fatalf("update %+v, %v", u, err)
	}
	if _, err := c.DeviceProfiles.Save(ctx, p); !errors.Is(err, tb.ErrVersionConflict) {
		t.Errorf("stale profile: %v", err)
	} else {
		famAPIError(t, err, 409, tb.CodeVersionConflict, "Device profile was already changed by someone else")
	}

	// The default moves; the old default loses its flag.
	nd, err := c.DeviceProfiles.SetDefault(ctx, p.ID.ID)
	if err != nil || !nd.Default {
		t.Fatalf("set default %+v, %v", nd, err)
	}
	if info, err := c.DeviceProfiles.GetDefaultInfo(ctx); err != nil || info.ID != p.ID {
		t.Errorf("default after switch %+v, %v", info, err)
	}
	if old, err := c.DeviceProfiles.Get(ctx, demo.DeviceProfileID("default")); err != nil || old.Default {
		t.Errorf("old default %+v, %v", old, err)
	}
	// New devices without a profile now get the new default.
	d, err := c.Devices.Save(ctx, &tb.Device{Name: "Gets new default"}, nil)
	if err != nil || d.DeviceProfileID != p.ID || d.Type != "MQTT sensors" {
		t.Errorf("device on new default %+v, %v", d, err)
	}

	// Deletion rules.
	err = c.DeviceProfiles.Delete(ctx, p.ID.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Deletion of Default Device Profile is prohibited!")
	err = c.DeviceProfiles.Delete(ctx, demo.DeviceProfileID("thermostat"))
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "The device profile referenced by the devices cannot be deleted!")
	unused, err := c.DeviceProfiles.Save(ctx, &tb.DeviceProfile{Name: "Unused", Type: tb.DeviceProfileTypeDefault, TransportType: tb.TransportCoAP})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeviceProfiles.Delete(ctx, unused.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeviceProfiles.Get(ctx, unused.ID.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("deleted profile: %v", err)
	}

	// Lists, infos, names.
	page, err := c.DeviceProfiles.List(ctx, tb.PageLink{PageSize: 2, SortProperty: "name"})
	if err != nil || page.TotalElements != 3 || page.Data[0].Name != "default" || !page.HasNext {
		t.Errorf("list %+v, %v", page, err)
	}
	var all []string
	for p, err := range c.DeviceProfiles.ListAll(ctx, tb.NewPageLink(1)) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Name)
	}
	if len(all) != 3 {
		t.Errorf("all %v", all)
	}
	mqtt, err := c.DeviceProfiles.ListInfos(ctx, tb.NewPageLink(10), &tb.DeviceProfileInfoListOptions{TransportType: tb.TransportMQTT})
	if err != nil || mqtt.TotalElements != 1 || mqtt.Data[0].ID != p.ID {
		t.Errorf("MQTT infos %+v, %v", mqtt, err)
	}
	infos, err := c.DeviceProfiles.ListInfosByIDs(ctx, []string{p.ID.ID, demo.DeviceProfileID("thermostat")})
	if err != nil || len(infos) != 2 {
		t.Errorf("infos by ids %+v, %v", infos, err)
	}
	names, err := c.DeviceProfiles.ListNames(ctx, false)
	if err != nil || len(names) != 3 || names[0].Name != "MQTT sensors" {
		t.Errorf("names %+v, %v", names, err)
	}
	active, err := c.DeviceProfiles.ListNames(ctx, true)
	if err != nil || len(active) != 3 {
		t.Errorf("active names %+v, %v", active, err)
	}
	if info, err := c.DeviceProfiles.GetInfo(ctx, p.ID.ID); err != nil || info.Name != "MQTT sensors" || info.TransportType != tb.TransportMQTT {
		t.Errorf("info %+v, %v", info, err)
	}

	// Device keys of a profile.
	keys, err := c.DeviceProfiles.ListAttributeKeys(ctx, demo.DeviceProfileID("thermostat"))
	if err != nil || !slices.Contains(keys, "temperatureAlarmThreshold") || !slices.Contains(keys, "active") || !slices.IsSorted(keys) {
		t.Errorf("attribute keys %v, %v", keys, err)
	}
	_ = srv.Emulator().Store().Write(func(tx *emulator.Tx) error {
		tx.SaveTimeseries(tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Thermostat T1")),
			[]emulator.TsEntry{{Key: "temperature", TsPoint: emulator.TsPoint{Ts: 1, Value: 21.5}}})
		return nil
	})
	if ts, err := c.DeviceProfiles.ListTimeseriesKeys(ctx, ""); err != nil || !slices.Equal(ts, []string{"temperature"}) {
		t.Errorf("timeseries keys %v, %v", ts, err)
	}

	// Customer users read infos only.
	cust := famLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	if _, err := cust.DeviceProfiles.GetInfo(ctx, p.ID.ID); err != nil {
		t.Errorf("customer info: %v", err)
	}
	if _, err := cust.DeviceProfiles.Get(ctx, p.ID.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer full profile: %v", err)
	}
}

func TestAssetProfiles(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()
	def, err := c.AssetProfiles.GetDefaultInfo(ctx)
	if err != nil || def.ID.ID != demo.AssetProfileID("default") {
		t.Fatalf("default %+v, %v", def, err)
	}
	p, err := c.AssetProfiles.Save(ctx, &tb.AssetProfile{Name: "Buildings", Description: "all buildings"})
	if err != nil || p.Version != 1 || p.Default {
		t.Fatalf("create %+v, %v", p, err)
	}
	_, err = c.AssetProfiles.Save(ctx, &tb.AssetProfile{Name: "Buildings"})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Asset profile with such name already exists!")
	_, err = c.AssetProfiles.Save(ctx, &tb.AssetProfile{})
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Asset profile name should be specified!")
	a, err := c.Assets.Save(ctx, &tb.Asset{Name: "HQ", AssetProfileID: p.ID}, nil)
	if err != nil || a.Type != "Buildings" {
		t.Fatalf("asset on profile %+v, %v", a, err)
	}
	err = c.AssetProfiles.Delete(ctx, p.ID.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "The asset profile referenced by the assets cannot be deleted!")
	if _, err := c.AssetProfiles.SetDefault(ctx, p.ID.ID); err != nil {
		t.Fatal(err)
	}
	err = c.AssetProfiles.Delete(ctx, p.ID.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Deletion of Default Asset Profile is prohibited!")
	if err := c.AssetProfiles.Delete(ctx, demo.AssetProfileID("default")); err != nil {
		t.Errorf("delete the former default: %v", err)
	}
	page, err := c.AssetProfiles.ListInfos(ctx, tb.NewPageLink(10))
	if err != nil || page.TotalElements != 1 || page.Data[0].Name != "Buildings" {
		t.Errorf("infos %+v, %v", page, err)
	}
	if names, err := c.AssetProfiles.ListNames(ctx, true); err != nil || len(names) != 1 {
		t.Errorf("names %+v, %v", names, err)
	}
	if infos, err := c.AssetProfiles.ListInfosByIDs(ctx, []string{p.ID.ID}); err != nil || len(infos) != 1 {
		t.Errorf("by ids %+v, %v", infos, err)
	}
	if got, err := c.AssetProfiles.Get(ctx, p.ID.ID); err != nil || !got.Default || got.Version != 2 {
		t.Errorf("get %+v, %v", got, err)
	}
	var n int
	for _, err := range c.AssetProfiles.ListAll(ctx, tb.NewPageLink(1)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("ListAll %d", n)
	}
}
