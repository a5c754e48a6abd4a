package emulator_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// arLogin returns a client of srv logged in as the user.
func arLogin(t *testing.T, srv *thingsboardtest.Server, email, password string) *tb.Client {
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

// arAsset creates an asset through c, assigned to customerID unless it is NullUUID.
func arAsset(t *testing.T, c *tb.Client, name, customerID string) tb.EntityID {
	t.Helper()
	ctx := context.Background()
	a, err := c.Assets.Save(ctx, &tb.Asset{Name: name, Type: "building"}, nil)
	if err != nil {
		t.Fatalf("save asset %s: %v", name, err)
	}
	if customerID != tb.NullUUID {
		if _, err := c.Assets.AssignToCustomer(ctx, customerID, a.ID.ID); err != nil {
			t.Fatalf("assign asset %s: %v", name, err)
		}
	}
	return a.ID
}

// arDevice returns the id of a demo device.
func arDevice(srv *thingsboardtest.Server, name string) tb.EntityID {
	return tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID(name))
}

// arWantAPIError fails unless err is an *APIError with the status, code and message
// (any message when msg is empty).
func arWantAPIError(t *testing.T, err error, status int, code tb.ErrorCode, msg string) {
	t.Helper()
	var e *tb.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an API error %d", err, status)
	}
	if e.StatusCode != status || e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("err = %d/%d %q, want %d/%d %q", e.StatusCode, e.Code, e.Message, status, code, msg)
	}
}

// arRaw sends a request to the server at base with c's token and returns the status
// and body.
func arRaw(t *testing.T, base string, c *tb.Client, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Authorization", "Bearer "+c.Tokens().Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// arUnchecked serves an emulator without the specification check that thingsboardtest
// servers get in this package's tests, for requests that break the specification on
// purpose (to see the server's answer to them). It returns the emulator, its URL and
// a tenant administrator's client.
func arUnchecked(t *testing.T) (*emulator.Server, string, *tb.Client) {
	t.Helper()
	emu := emulator.New()
	hs := httptest.NewServer(emu)
	t.Cleanup(func() { hs.Close(); emu.Close() })
	c, err := tb.NewClient(hs.URL, tb.WithRetry(tb.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), emulator.TenantEmail, emulator.TenantPassword); err != nil {
		t.Fatal(err)
	}
	return emu, hs.URL, c
}

// arJSONID writes an entity id as JSON.
func arJSONID(id tb.EntityID) string {
	return `{"entityType":"` + string(id.EntityType) + `","id":"` + id.ID + `"}`
}

func arContains(s, sub string) bool { return strings.Contains(s, sub) }

// relKeys returns "from>type>to" names of relations, sorted, for comparisons.
func relKeys(rels []tb.EntityRelation, names map[string]string) []string {
	var out []string
	for _, r := range rels {
		out = append(out, names[r.From.ID]+">"+r.Type+">"+names[r.To.ID])
	}
	sort.Strings(out)
	return out
}

func TestRelationsCRUD(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	building := arAsset(t, c, "Building", tb.NullUUID)
	a1, b1 := arDevice(srv, "Test Device A1"), arDevice(srv, "Test Device B1")
	names := map[string]string{building.ID: "Building", a1.ID: "A1", b1.ID: "B1"}

	// Legacy save: no body; the group defaults to COMMON.
	if err := c.Relations.Save(ctx, &tb.EntityRelation{From: building, To: a1, Type: tb.RelationContains}); err != nil {
		t.Fatal(err)
	}
	saved, err := c.Relations.SaveV2(ctx, &tb.EntityRelation{From: building, To: b1, Type: "Manages",
		AdditionalInfo: []byte(`{"note":"x"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if saved.TypeGroup != tb.RelationTypeGroupCommon || saved.Version != 1 || string(saved.AdditionalInfo) != `{"note":"x"}` {
		t.Errorf("SaveV2 = %+v", saved)
	}
	again, err := c.Relations.SaveV2(ctx, &tb.EntityRelation{From: building, To: b1, Type: "Manages"})
	if err != nil || again.Version != 2 {
		t.Errorf("second save: %+v, %v", again, err)
	}

	got, err := c.Relations.Get(ctx, building, tb.RelationContains, a1, "")
	if err != nil || got.From != building || got.To != a1 || got.TypeGroup != "COMMON" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	_, err = c.Relations.Get(ctx, building, tb.RelationContains, a1, tb.RelationTypeGroupDashboard)
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
	if ok, err := c.Relations.Exists(ctx, a1, tb.RelationContains, building, ""); err != nil || ok {
		t.Errorf("Exists(reversed) = %v, %v", ok, err)
	}

	from, err := c.Relations.FindByFrom(ctx, building, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k := relKeys(from, names); !slices.Equal(k, []string{"Building>Contains>A1", "Building>Manages>B1"}) {
		t.Errorf("FindByFrom = %q", k)
	}
	from, _ = c.Relations.FindByFrom(ctx, building, &tb.RelationFindOptions{RelationType: "Manages"})
	if k := relKeys(from, names); !slices.Equal(k, []string{"Building>Manages>B1"}) {
		t.Errorf("FindByFrom(Manages) = %q", k)
	}
	from, _ = c.Relations.FindByFrom(ctx, building, &tb.RelationFindOptions{TypeGroup: tb.RelationTypeGroupRuleNode})
	if len(from) != 0 {
		t.Errorf("FindByFrom(RULE_NODE) = %v", from)
	}
	to, err := c.Relations.FindByTo(ctx, a1, &tb.RelationFindOptions{RelationType: tb.RelationContains})
	if k := relKeys(to, names); err != nil || !slices.Equal(k, []string{"Building>Contains>A1"}) {
		t.Errorf("FindByTo = %q, %v", k, err)
	}
	pathFrom, err := c.Relations.FindByFromPath(ctx, building, &tb.RelationFindOptions{RelationType: tb.RelationContains})
	if k := relKeys(pathFrom, names); err != nil || !slices.Equal(k, []string{"Building>Contains>A1"}) {
		t.Errorf("FindByFromPath = %q, %v", k, err)
	}
	pathTo, err := c.Relations.FindByToPath(ctx, b1, nil)
	if k := relKeys(pathTo, names); err != nil || !slices.Equal(k, []string{"Building>Manages>B1"}) {
		t.Errorf("FindByToPath = %q, %v", k, err)
	}

	infos, err := c.Relations.FindInfoByFrom(ctx, building, nil)
	if err != nil || len(infos) != 2 {
		t.Fatalf("FindInfoByFrom = %+v, %v", infos, err)
	}
	for _, in := range infos {
		if in.FromName != "" || (in.ToName != "Test Device A1" && in.ToName != "Test Device B1") {
			t.Errorf("info from = %+v", in)
		}
	}
	infos, err = c.Relations.FindInfoByToPath(ctx, a1, nil)
	if err != nil || len(infos) != 1 || infos[0].FromName != "Building" || infos[0].ToName != "" {
		t.Errorf("FindInfoByToPath = %+v, %v", infos, err)
	}
	infos, err = c.Relations.FindInfoByFromPath(ctx, building, &tb.RelationFindOptions{RelationType: "Manages"})
	if err != nil || len(infos) != 1 || infos[0].ToName != "Test Device B1" {
		t.Errorf("FindInfoByFromPath = %+v, %v", infos, err)
	}
	infos, err = c.Relations.FindInfoByTo(ctx, b1, nil)
	if err != nil || len(infos) != 1 || infos[0].FromName != "Building" {
		t.Errorf("FindInfoByTo = %+v, %v", infos, err)
	}

	deleted, err := c.Relations.DeleteV2(ctx, building, "Manages", b1, "")
	if err != nil || deleted.Type != "Manages" || deleted.To != b1 || deleted.Version != 2 {
		t.Fatalf("DeleteV2 = %+v, %v", deleted, err)
	}
	_, err = c.Relations.DeleteV2(ctx, building, "Manages", b1, "")
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
	err = c.Relations.Delete(ctx, building, "Manages", b1, "")
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Requested item wasn't found!")
	if err := c.Relations.Delete(ctx, building, tb.RelationContains, a1, tb.RelationTypeGroupCommon); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Relations.Exists(ctx, building, tb.RelationContains, a1, ""); ok {
		t.Error("relation still exists after Delete")
	}

	// DeleteForEntity removes the COMMON relations in both directions and keeps the others.
	for _, r := range []tb.EntityRelation{
		{From: building, To: a1, Type: "Contains"},
		{From: b1, To: building, Type: "Uses"},
		{From: building, To: b1, Type: "Shows", TypeGroup: tb.RelationTypeGroupDashboard},
		{From: a1, To: b1, Type: "Near"},
	} {
		if err := c.Relations.Save(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Relations.DeleteForEntity(ctx, building); err != nil {
		t.Fatal(err)
	}
	left, _ := c.Relations.FindByFrom(ctx, building, &tb.RelationFindOptions{TypeGroup: tb.RelationTypeGroupDashboard})
	rest, _ := c.Relations.FindByFrom(ctx, a1, nil)
	gone, _ := c.Relations.FindByTo(ctx, building, nil)
	if len(left) != 1 || len(rest) != 1 || len(gone) != 0 {
		t.Errorf("after DeleteForEntity: dashboard %d, other %d, to %d", len(left), len(rest), len(gone))
	}
}

func TestRelationsValidation(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	a1 := arDevice(srv, "Test Device A1")
	missing := tb.NewEntityID(tb.EntityTypeAsset, "6f1c2a30-1d2f-11ef-a3b1-0d0e5c6f7a01")

	err := c.Relations.Save(ctx, &tb.EntityRelation{From: a1, To: missing, Type: "Contains"})
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Asset with id ["+missing.ID+"] is not found")
	_, err = c.Relations.FindByFrom(ctx, missing, nil)
	arWantAPIError(t, err, 404, tb.CodeItemNotFound, "Asset with id ["+missing.ID+"] is not found")

	// A tenant administrator may relate its own tenant, but not change it otherwise.
	tenant := tb.NewEntityID(tb.EntityTypeTenant, srv.Demo().TenantID)
	if err := c.Relations.Save(ctx, &tb.EntityRelation{From: tenant, To: a1, Type: "Owns"}); err != nil {
		t.Fatalf("relating the tenant: %v", err)
	}
	err = c.Relations.DeleteForEntity(ctx, tenant)
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")

}

// TestRelationsServerValidation sends requests that the client would refuse or that
// break the specification, to check the server's own answers.
func TestRelationsServerValidation(t *testing.T) {
	emu, base, c := arUnchecked(t)
	a1 := tb.NewEntityID(tb.EntityTypeDevice, emu.Demo().DeviceID("Test Device A1"))
	tenant := tb.NewEntityID(tb.EntityTypeTenant, emu.Demo().TenantID)
	call := func(method, path, body string) (int, string) { return arRaw(t, base, c, method, path, body) }
	if st, b := call("POST", "/api/v2/relation", `{"from":`+arJSONID(a1)+`,"to":`+arJSONID(tenant)+`,"type":" "}`); st != 400 ||
		!arContains(b, "Validation error: type must not be blank") {
		t.Errorf("blank type: %d %s", st, b)
	}
	if st, b := call("POST", "/api/v2/relation", `{"to":`+arJSONID(tenant)+`,"type":"x"}`); st != 400 ||
		!arContains(b, "Validation error: from must not be null") {
		t.Errorf("no from: %d %s", st, b)
	}
	// Without typeGroup the relation is COMMON.
	if st, b := call("POST", "/api/v2/relation", `{"from":`+arJSONID(tenant)+`,"to":`+arJSONID(a1)+`,"type":"Owns"}`); st != 200 ||
		!arContains(b, `"typeGroup":"COMMON"`) {
		t.Errorf("no typeGroup: %d %s", st, b)
	}
	if st, b := call("DELETE", "/api/v2/relation?fromId=x&fromType=DEVICE&relationType=Contains&toId="+a1.ID+"&toType=DEVICE", ""); st != 400 ||
		!arContains(b, "Invalid UUID string: x") {
		t.Errorf("bad uuid: %d %s", st, b)
	}
	if st, b := call("GET", "/api/relation?fromId="+a1.ID+"&fromType=DEVICE&toId="+a1.ID+"&toType=DEVICE", ""); st != 400 ||
		!arContains(b, "relationType") {
		t.Errorf("missing relationType: %d %s", st, b)
	}
	if st, b := call("GET", "/api/relations?entityId="+a1.ID, ""); st != 400 {
		t.Errorf("no from or to: %d %s", st, b)
	}
	if st, b := call("POST", "/api/relations", `{"parameters":{"rootId":"`+a1.ID+`","rootType":"DEVICE","direction":"FROM"}}`); st != 404 ||
		!arContains(b, "Requested item wasn't found!") {
		t.Errorf("query without filters: %d %s", st, b)
	}
	// An unknown relationTypeGroup parameter means COMMON, as on the server.
	if st, b := call("GET", "/api/relations?fromId="+tenant.ID+"&fromType=TENANT&relationTypeGroup=NOPE", ""); st != 200 ||
		!arContains(b, `"type":"Owns"`) {
		t.Errorf("unknown group: %d %s", st, b)
	}
}

func TestRelationsQuery(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	c := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	ctx := context.Background()
	building := arAsset(t, c, "Building", tb.NullUUID)
	floor := arAsset(t, c, "Floor", tb.NullUUID)
	room := arAsset(t, c, "Room", tb.NullUUID)
	a1, a2 := arDevice(srv, "Test Device A1"), arDevice(srv, "Test Device A2")
	names := map[string]string{building.ID: "Building", floor.ID: "Floor", room.ID: "Room", a1.ID: "A1", a2.ID: "A2"}
	for _, r := range []tb.EntityRelation{
		tb.NewRelation(building, "Contains", floor),
		tb.NewRelation(floor, "Contains", room),
		tb.NewRelation(room, "Contains", a1),
		tb.NewRelation(floor, "Contains", a2), // a leaf at level 2
		tb.NewRelation(building, "Manages", a1),
	} {
		if err := c.Relations.Save(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	query := func(p tb.RelationsSearchParameters, filters ...tb.RelationEntityTypeFilter) []string {
		t.Helper()
		rels, err := c.Relations.FindByQuery(ctx, &tb.EntityRelationsQuery{Parameters: p, Filters: filters})
		if err != nil {
			t.Fatal(err)
		}
		return relKeys(rels, names)
	}
	all := []string{"Building>Contains>Floor", "Building>Manages>A1", "Floor>Contains>A2", "Floor>Contains>Room", "Room>Contains>A1"}
	if got := query(tb.NewRelationsSearch(building, tb.DirectionFrom, 0)); !slices.Equal(got, all) {
		t.Errorf("unlimited = %q", got)
	}
	if got := query(tb.NewRelationsSearch(building, tb.DirectionFrom, 1)); !slices.Equal(got, []string{"Building>Contains>Floor", "Building>Manages>A1"}) {
		t.Errorf("level 1 = %q", got)
	}
	// The last level, and the relations that lead to leaves found earlier.
	last := tb.NewRelationsSearch(building, tb.DirectionFrom, 3)
	last.FetchLastLevelOnly = true
	if got := query(last); !slices.Equal(got, []string{"Building>Manages>A1", "Floor>Contains>A2", "Room>Contains>A1"}) {
		t.Errorf("last level = %q", got)
	}
	if got := query(tb.NewRelationsSearch(building, tb.DirectionFrom, 0),
		tb.RelationEntityTypeFilter{RelationType: "Contains", EntityTypes: []tb.EntityType{tb.EntityTypeDevice}}); !slices.Equal(got, []string{"Floor>Contains>A2", "Room>Contains>A1"}) {
		t.Errorf("filtered = %q", got)
	}
	if got := query(tb.NewRelationsSearch(a1, tb.DirectionTo, 0)); !slices.Equal(got, []string{"Building>Contains>Floor", "Building>Manages>A1", "Floor>Contains>Room", "Room>Contains>A1"}) {
		t.Errorf("to = %q", got)
	}
	infos, err := c.Relations.FindInfoByQuery(ctx, &tb.EntityRelationsQuery{Parameters: tb.NewRelationsSearch(a1, tb.DirectionTo, 1)})
	if err != nil || len(infos) != 2 {
		t.Fatalf("info query = %+v, %v", infos, err)
	}
	for _, in := range infos {
		if in.ToName != "" || (in.FromName != "Room" && in.FromName != "Building") {
			t.Errorf("info = %+v", in)
		}
	}
}

func TestRelationsCustomerAccess(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	tenant := arLogin(t, srv, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	cust := arLogin(t, srv, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword) // Customer A
	ctx := context.Background()
	a1, a2, b1 := arDevice(srv, "Test Device A1"), arDevice(srv, "Test Device A2"), arDevice(srv, "Test Device B1")

	if err := cust.Relations.Save(ctx, &tb.EntityRelation{From: a1, To: a2, Type: "Near"}); err != nil {
		t.Fatalf("customer relating its devices: %v", err)
	}
	err := cust.Relations.Save(ctx, &tb.EntityRelation{From: a1, To: b1, Type: "Near"})
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	if err := tenant.Relations.Save(ctx, &tb.EntityRelation{From: a1, To: b1, Type: "Near"}); err != nil {
		t.Fatal(err)
	}
	// The customer sees only the relation whose both ends it may read.
	rels, err := cust.Relations.FindByFrom(ctx, a1, nil)
	if err != nil || len(rels) != 1 || rels[0].To != a2 {
		t.Errorf("customer FindByFrom = %+v, %v", rels, err)
	}
	rels, _ = tenant.Relations.FindByFrom(ctx, a1, nil)
	if len(rels) != 2 {
		t.Errorf("tenant FindByFrom = %+v", rels)
	}
	_, err = cust.Relations.Get(ctx, a1, "Near", b1, "")
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	_, err = cust.Relations.FindByTo(ctx, b1, nil)
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	_, err = cust.Relations.DeleteV2(ctx, a1, "Near", b1, "")
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
	custA := tb.NewEntityID(tb.EntityTypeCustomer, srv.Demo().CustomerID("Customer A"))
	err = cust.Relations.Save(ctx, &tb.EntityRelation{From: custA, To: a1, Type: "Owns"})
	arWantAPIError(t, err, 403, tb.CodePermissionDenied, "")
}
