package emulator

import (
	"testing"

	tb "github.com/tbgo/thingsboard"
)

func principalOf(t *testing.T, s *Server, email string) *Principal {
	t.Helper()
	u := s.store.List(tb.EntityTypeUser, func(r Record) bool { return r.Fields["email"] == email })
	if len(u) != 1 {
		t.Fatalf("no user %s", email)
	}
	return userPrincipal(u[0])
}

// TestAuthorizeCEIsOwnership checks that in CE mode the central check is the
// ownership rule the handlers used before.
func TestAuthorizeCEIsOwnership(t *testing.T) {
	s := New()
	d := s.Demo()
	for _, email := range []string{SysAdminEmail, TenantEmail, CustomerEmail, "customerB@thingsboard.org"} {
		p := principalOf(t, s, email)
		s.store.Read(func(tx *Tx) {
			for _, typ := range []tb.EntityType{tb.EntityTypeDevice, tb.EntityTypeCustomer, tb.EntityTypeTenant, tb.EntityTypeUser, tb.EntityTypeDashboard} {
				for _, rec := range tx.List(typ, nil) {
					for _, op := range []tb.Operation{tb.OperationRead, tb.OperationWrite, tb.OperationDelete} {
						if got, want := Authorize(tx, p, rec, op) == nil, p.CanAccess(rec); got != want {
							t.Errorf("%s %s %s: allowed %v, ownership says %v", email, op, rec.ID, got, want)
						}
					}
				}
			}
		})
	}
	if d.TenantID == "" {
		t.Fatal("no demo data")
	}
}

func TestAuthorizePE(t *testing.T) {
	s := New(WithEdition(PE))
	d := s.Demo()
	tenant, custA := principalOf(t, s, TenantEmail), principalOf(t, s, CustomerEmail)
	dev := func(name string) Record { r, _ := s.store.Get(d.DeviceID(name)); return r }
	a1, b1, dht := dev("Test Device A1"), dev("Test Device B1"), dev("DHT11 Demo Device")

	// A sub-customer of Customer A with a device: Customer A's users reach it through
	// the owner hierarchy.
	var sub, subDev Record
	_ = s.store.Write(func(tx *Tx) error {
		sub = tx.Put(Record{ID: tb.NewEntityID(tb.EntityTypeCustomer, ""), TenantID: d.TenantID, CustomerID: custA.CustomerID,
			Fields: map[string]string{"title": "Sub", "name": "Sub"}, Value: map[string]any{"title": "Sub"}})
		subDev = tx.Put(Record{ID: tb.NewEntityID(tb.EntityTypeDevice, ""), TenantID: d.TenantID, CustomerID: sub.ID.ID,
			Fields: map[string]string{"name": "Sub device", "type": "default"}, Value: map[string]any{"name": "Sub device"}})
		return nil
	})
	check := func(name string, p *Principal, rec Record, op tb.Operation, want bool) {
		t.Helper()
		var got bool
		s.store.Read(func(tx *Tx) { got = Authorize(tx, p, rec, op) == nil })
		if got != want {
			t.Errorf("%s: %s on %s = %v, want %v", name, op, rec.Fields["name"], got, want)
		}
	}
	check("tenant", tenant, b1, tb.OperationDelete, true)
	check("tenant", tenant, subDev, tb.OperationWrite, true)
	check("customer A", custA, a1, tb.OperationRead, true)
	check("customer A", custA, a1, tb.OperationReadTelemetry, true)
	check("customer A", custA, a1, tb.OperationWrite, false)
	check("customer A", custA, b1, tb.OperationRead, false)
	check("customer A", custA, dht, tb.OperationRead, false)
	check("customer A", custA, subDev, tb.OperationRead, true)
	check("customer A", custA, sub, tb.OperationRead, true)
	var tenantRec Record
	s.store.Read(func(tx *Tx) { tenantRec, _ = tx.Get(d.TenantID) })
	check("customer A", custA, tenantRec, tb.OperationRead, false)
	check("tenant", tenant, tenantRec, tb.OperationRead, true)

	// A GROUP role with DELETE on a tenant group: DELETE is owner-only, so a customer
	// user of another owner does not get it; READ it does.
	_ = s.store.Write(func(tx *Tx) error {
		g := pePutGroup(tx, d.TenantID, tb.NewEntityID(tb.EntityTypeTenant, d.TenantID), tb.EntityGroup{Type: tb.EntityTypeDevice, Name: "Shared"})
		peAddMember(tx, g.ID.ID, dht.ID.ID)
		role := pePutRole(tx, d.TenantID, tb.NewEntityID(tb.EntityTypeTenant, d.TenantID), tb.Role{Name: "rd", Type: tb.RoleTypeGroup,
			Permissions: tb.RolePermissions{Group: []tb.Operation{tb.OperationRead, tb.OperationDelete}}})
		users, _ := peGroupByName(tx, tb.NewEntityID(tb.EntityTypeCustomer, custA.CustomerID), tb.EntityTypeUser, tb.EntityGroupCustomerUsersName)
		peFindOrCreatePermission(tx, d.TenantID, users.ID, role.ID, &g, false)
		return nil
	})
	check("customer A via group", custA, dht, tb.OperationRead, true)
	check("customer A via group", custA, dht, tb.OperationDelete, false)
	check("customer A via group", custA, dht, tb.OperationWrite, false)

	// Deleting the customer removes its groups and roles.
	_ = s.store.Write(func(tx *Tx) error { tx.Delete(sub.ID.ID); return nil })
	s.store.Read(func(tx *Tx) {
		if gs := peGroups(tx, sub.ID, ""); len(gs) != 0 {
			t.Errorf("groups of a deleted customer: %d", len(gs))
		}
	})
}
