package emulator_test

import (
	"errors"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestAssets(t *testing.T) {
	srv, c := famTenant(t)
	ctx := t.Context()
	demo := srv.Demo()

	a, err := c.Assets.Save(ctx, &tb.Asset{Name: "Building A", Type: "building", Label: "HQ"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 1 || a.Type != "building" || a.AssetProfileID.IsZero() || a.CustomerID.ID != tb.NullUUID {
		t.Errorf("created %+v", a)
	}
	if p, err := c.AssetProfiles.GetInfo(ctx, a.AssetProfileID.ID); err != nil || p.Name != "building" {
		t.Errorf("auto-created profile %+v, %v", p, err)
	}
	plain, err := c.Assets.Save(ctx, &tb.Asset{Name: "Plain"}, nil)
	if err != nil || plain.Type != "default" || plain.AssetProfileID.ID != demo.AssetProfileID("default") {
		t.Errorf("default profile asset %+v, %v", plain, err)
	}
	_, err = c.Assets.Save(ctx, &tb.Asset{Name: "Building A"}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Asset with such name already exists!")
	_, err = c.Assets.Save(ctx, &tb.Asset{Name: "Q", AssetProfileID: tb.NewEntityID(tb.EntityTypeAssetProfile, "5ed7e4e0-7d4f-11ee-b962-0242ac120002")}, nil)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Asset is referencing non existing asset profile!")

	a.Label = "Headquarters"
	u, err := c.Assets.Save(ctx, a, nil)
	if err != nil || u.Version != 2 {
		t.Fatalf("update %+v, %v", u, err)
	}
	_, err = c.Assets.Save(ctx, a, nil)
	famAPIError(t, err, 409, tb.CodeVersionConflict, "Asset was already changed by someone else")

	// Lists.
	for i, name := range []string{"Building B", "Building C", "Yard"} {
		typ := "building"
		if i == 2 {
			typ = "yard"
		}
		if _, err := c.Assets.Save(ctx, &tb.Asset{Name: name, Type: typ}, nil); err != nil {
			t.Fatal(err)
		}
	}
	page, err := c.Assets.ListTenant(ctx, tb.PageLink{PageSize: 2, SortProperty: "name", SortOrder: tb.DESC}, &tb.AssetListOptions{Type: "building"})
	if err != nil || page.TotalElements != 3 || page.TotalPages != 2 || !page.HasNext || page.Data[0].Name != "Building C" {
		t.Errorf("buildings %+v, %v", page, err)
	}
	var n int
	for _, err := range c.Assets.ListTenantAll(ctx, tb.NewPageLink(2), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("all assets %d", n)
	}
	search, err := c.Assets.ListTenant(ctx, tb.PageLink{PageSize: 10, TextSearch: "headq"}, nil)
	if err != nil || search.TotalElements != 1 {
		t.Errorf("search by label %+v, %v", search, err)
	}
	yardProfile, err := c.AssetProfiles.ListNames(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var yardID string
	for _, p := range yardProfile {
		if p.Name == "yard" {
			yardID = p.ID.ID
		}
	}
	infos, err := c.Assets.ListTenantInfos(ctx, tb.NewPageLink(10), &tb.AssetInfoListOptions{AssetProfileID: yardID})
	if err != nil || infos.TotalElements != 1 || infos.Data[0].AssetProfileName != "yard" {
		t.Errorf("infos by profile %+v, %v", infos, err)
	}
	if got, err := c.Assets.GetByName(ctx, "Yard"); err != nil || got.Type != "yard" {
		t.Errorf("by name %+v, %v", got, err)
	}
	_, err = c.Assets.GetByName(ctx, "Nowhere")
	famAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
	if got, err := c.Assets.ListByIDs(ctx, []string{a.ID.ID, plain.ID.ID}); err != nil || len(got) != 2 {
		t.Errorf("by ids %+v, %v", got, err)
	}
	types, err := c.Assets.ListTypes(ctx)
	if err != nil || len(types) != 3 || types[0].Type != "building" || types[0].EntityType != tb.EntityTypeAsset {
		t.Errorf("types %+v, %v", types, err)
	}

	// Assignment and customer access.
	custA := demo.CustomerID("Customer A")
	if _, err := c.Assets.AssignToCustomer(ctx, custA, a.ID.ID); err != nil {
		t.Fatal(err)
	}
	cust := famLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	info, err := cust.Assets.GetInfo(ctx, a.ID.ID)
	if err != nil || info.CustomerTitle != "Customer A" || info.AssetProfileName != "building" {
		t.Errorf("customer info %+v, %v", info, err)
	}
	if _, err := cust.Assets.Get(ctx, plain.ID.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer reads a tenant asset: %v", err)
	}
	if err := cust.Assets.Delete(ctx, a.ID.ID); !errors.Is(err, tb.ErrPermissionDenied) {
		t.Errorf("customer delete: %v", err)
	}
	cl, err := cust.Assets.ListCustomerInfos(ctx, custA, tb.NewPageLink(10), nil)
	if err != nil || cl.TotalElements != 1 {
		t.Errorf("customer infos %+v, %v", cl, err)
	}
	if cl, err := c.Assets.ListCustomer(ctx, custA, tb.NewPageLink(10), &tb.AssetListOptions{Type: "yard"}); err != nil || cl.TotalElements != 0 {
		t.Errorf("customer yards %+v, %v", cl, err)
	}
	if _, err := c.Assets.UnassignFromCustomer(ctx, a.ID.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Assets.UnassignFromCustomer(ctx, a.ID.ID)
	famAPIError(t, err, 400, tb.CodeBadRequestParams, "Asset isn't assigned to any customer!")
	pub, err := c.Assets.AssignToPublicCustomer(ctx, a.ID.ID)
	if err != nil || pub.CustomerID.IsNull() {
		t.Errorf("public %+v, %v", pub, err)
	}

	// Delete, then not found.
	if err := c.Assets.Delete(ctx, plain.ID.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Assets.Get(ctx, plain.ID.ID); !errors.Is(err, tb.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}
