package emulator_test

import (
	"errors"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestEntityViews(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()
	t1 := tb.NewEntityID(tb.EntityTypeDevice, demo.DeviceID("Thermostat T1"))

	v, err := c.EntityViews.Save(ctx, &tb.EntityView{EntityID: t1, Name: "T1 temperature", Type: "climate",
		Keys: &tb.EntityViewKeys{Timeseries: []string{"temperature"}}, StartTimeMS: 1000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.EntityID != t1 || v.Keys == nil || v.Keys.Timeseries[0] != "temperature" || v.StartTimeMS != 1000 {
		t.Errorf("created %+v", v)
	}
	_, err = c.EntityViews.Save(ctx, &tb.EntityView{EntityID: t1, Name: "T1 temperature", Type: "climate"}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Entity view with such name already exists!")
	_, err = c.EntityViews.Save(ctx, &tb.EntityView{EntityID: t1, Name: "No type"}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Entity View type should be specified!")

	v.EndTimeMS = 2000
	u, err := c.EntityViews.Save(ctx, v, nil)
	if err != nil || u.Version != 2 || u.EndTimeMS != 2000 {
		t.Fatalf("update %+v, %v", u, err)
	}
	_, err = c.EntityViews.Save(ctx, v, nil)
	famAPIError(t, err, 409, tb.CodeVersionConflict, "Entity view was already changed by someone else")

	// A device with a view cannot be deleted.
	err = c.Devices.Delete(ctx, t1.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Can't delete device that has entity views or is referenced in calculated fields!")

	// Lists and lookups.
	if _, err := c.EntityViews.Save(ctx, &tb.EntityView{EntityID: t1, Name: "T1 humidity", Type: "humidity"}, nil); err != nil {
		t.Fatal(err)
	}
	page, err := c.EntityViews.ListTenant(ctx, tb.PageLink{PageSize: 1, SortProperty: "name"}, nil)
	if err != nil || page.TotalElements != 2 || !page.HasNext || page.Data[0].Name != "T1 humidity" {
		t.Errorf("tenant list %+v, %v", page, err)
	}
	typed, err := c.EntityViews.ListTenantInfos(ctx, tb.NewPageLink(10), &tb.EntityViewInfoListOptions{Type: "climate"})
	if err != nil || typed.TotalElements != 1 || typed.Data[0].Name != "T1 temperature" {
		t.Errorf("infos of a type %+v, %v", typed, err)
	}
	var n int
	for _, err := range c.EntityViews.ListTenantAll(ctx, tb.NewPageLink(1), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("all views %d", n)
	}
	if got, err := c.EntityViews.ListByIDs(ctx, []string{v.ID.ID}); err != nil || len(got) != 1 {
		t.Errorf("by ids %+v, %v", got, err)
	}
	types, err := c.EntityViews.ListTypes(ctx)
	if err != nil || len(types) != 2 || types[0].Type != "climate" {
		t.Errorf("types %+v, %v", types, err)
	}

	// Assignment.
	custB := demo.CustomerID("Customer B")
	if a, err := c.EntityViews.AssignToCustomer(ctx, custB, v.ID.ID); err != nil || a.CustomerID.ID != custB {
		t.Fatalf("assign %+v, %v", a, err)
	}
	info, err := c.EntityViews.GetInfo(ctx, v.ID.ID)
	if err != nil || info.CustomerTitle != "Customer B" {
		t.Errorf("info %+v, %v", info, err)
	}
	bUser := famLogin(t, srv, "customerB@thingsboard.org", thingsboardtest.CustomerPassword)
	if got, err := bUser.EntityViews.ListCustomer(ctx, custB, tb.NewPageLink(10), nil); err != nil || got.TotalElements != 1 {
		t.Errorf("customer B views %+v, %v", got, err)
	}
	aUser := famLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	if _, err := aUser.EntityViews.Get(ctx, v.ID.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer A reads B's view: %v", err)
	}
	if _, err := c.EntityViews.UnassignFromCustomer(ctx, v.ID.ID); err != nil {
		t.Fatal(err)
	}
	if p, err := c.EntityViews.AssignToPublicCustomer(ctx, v.ID.ID); err != nil || p.CustomerID.IsNull() {
		t.Errorf("public %+v, %v", p, err)
	}

	// Delete the views, then the device goes too.
	for view, err := range c.EntityViews.ListTenantAll(ctx, tb.NewPageLink(10), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if err := c.EntityViews.Delete(ctx, view.ID.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.EntityViews.Get(ctx, v.ID.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("deleted view: %v", err)
	}
	if err := c.Devices.Delete(ctx, t1.ID); err != nil {
		t.Errorf("device without views: %v", err)
	}
}

// The legacy by-name route that every server version serves.
func TestEntityViewByName(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	dev := tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID("Thermostat T2"))
	v, err := c.EntityViews.Save(ctx, &tb.EntityView{EntityID: dev, Name: "T2 view", Type: "climate"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.EntityViews.GetByName(ctx, "T2 view"); err != nil || got.ID != v.ID {
		t.Errorf("by name %+v, %v", got, err)
	}
	_, err = c.EntityViews.GetByName(ctx, "missing")
	famAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
}
