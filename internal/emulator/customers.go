package emulator

import (
	"crypto/rand"
	"encoding/json"
	"math/big"
	"net/http"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Customers: CustomerController.

// publicCustomerTitle is the title of a tenant's public customer.
const publicCustomerTitle = "Public"

var customerSorts = []string{"createdTime", "title", "email", "country", "city"}

func init() {
	RegisterModel(tb.EntityTypeCustomer, modelConverter[tb.Customer](customerKeys))
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/customer/{customerId}", Authed(s.getCustomer, both...))
		s.Handle("GET /api/customer/{customerId}/shortInfo", Authed(s.getCustomerShortInfo, both...))
		s.Handle("GET /api/customer/{customerId}/title", Authed(s.getCustomerTitle, both...))
		s.Handle("POST /api/customer", Authed(s.saveCustomer, TenantAdmin))
		s.Handle("DELETE /api/customer/{customerId}", Authed(s.deleteCustomer, TenantAdmin))
		s.Handle("GET /api/customers", Authed(s.listCustomers, TenantAdmin))
		s.Handle("GET /api/tenant/customers", Authed(s.tenantCustomerByTitle, TenantAdmin))
		s.Handle("GET /api/customers/list", Authed(s.customersByIDs, TenantAdmin))
	})
}

// customerRecordFields are the query-able fields of a customer record.
func customerRecordFields(c *tb.Customer) map[string]string {
	f := map[string]string{"title": c.Title, "name": c.Title, "email": c.Email, "country": c.Country, "state": c.State,
		"city": c.City, "address": c.Address, "address2": c.Address2, "zip": c.Zip, "phone": c.Phone}
	if c.IsPublic() {
		f["isPublic"] = "true"
	}
	return f
}

// isPublicCustomer reports whether a customer record is its tenant's public customer.
func isPublicCustomer(rec Record) bool {
	if rec.Fields["isPublic"] == "true" {
		return true
	}
	c, err := cloneModel[tb.Customer](rec.Value)
	return err == nil && c.IsPublic()
}

// readableCustomer loads a customer the caller may read: 404 when it does not exist;
// 403 when it is another tenant's or, for a customer user, not its own customer.
func readableCustomer(tx *Tx, p *Principal, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, id))
	if !ok {
		return Record{}, NotFound("Customer", id)
	}
	if err := Authorize(tx, p, rec, tb.OperationRead); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// PublicCustomer returns the tenant's public customer, creating it as the server does
// the first time an entity or dashboard of the tenant is made public. Call it inside
// a write transaction.
func (s *Server) PublicCustomer(tx *Tx, tenantID string) (Record, error) {
	for _, rec := range tx.ListByTenant(tb.EntityTypeCustomer, tenantID) {
		if isPublicCustomer(rec) {
			return rec, nil
		}
	}
	c := &tb.Customer{Title: publicCustomerTitle, TenantID: tb.NewEntityID(tb.EntityTypeTenant, tenantID),
		AdditionalInfo: json.RawMessage(`{"isPublic":true}`), Name: publicCustomerTitle}
	return s.putCustomer(tx, c, Record{}), nil
}

// putCustomer stores a customer (old is the stored record on update, zero on create)
// and returns the stored record.
func (s *Server) putCustomer(tx *Tx, c *tb.Customer, old Record) Record {
	rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeCustomer, old.ID.ID), TenantID: c.TenantID.ID,
		CustomerID: tb.NullUUID, OwnerID: tb.NewEntityID(tb.EntityTypeTenant, c.TenantID.ID)})
	c.ID, c.CreatedTime, c.Version, c.Name = rec.ID, rec.CreatedTime, rec.Version, c.Title
	c.TenantID.EntityType = tb.EntityTypeTenant
	if s.cfg.edition == CE {
		c.ParentCustomerID, c.CustomMenuID, c.CustomerID, c.OwnerID = tb.EntityID{}, tb.EntityID{}, tb.EntityID{}, tb.EntityID{}
	} else {
		c.OwnerID = rec.OwnerID
	}
	rec.Fields, rec.Value = customerRecordFields(c), shaped(c, customerKeys)
	return tx.Put(rec)
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rec, err := s.pathCustomer(r, p)
	return writeResult(w, rec.Value, err)
}

// pathCustomer loads the readable customer named by the {customerId} path segment.
func (s *Server) pathCustomer(r *http.Request, p *Principal) (Record, error) {
	id, err := PathUUID(r, "customerId")
	if err != nil {
		return Record{}, err
	}
	var rec Record
	s.store.Read(func(tx *Tx) { rec, err = readableCustomer(tx, p, id) })
	return rec, err
}

func (s *Server) getCustomerShortInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rec, err := s.pathCustomer(r, p)
	if err != nil {
		return err
	}
	return WriteJSON(w, map[string]any{"title": rec.Fields["title"], "isPublic": isPublicCustomer(rec)})
}

func (s *Server) getCustomerTitle(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rec, err := s.pathCustomer(r, p)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/text")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write([]byte(rec.Fields["title"]))
	return err
}

// randomSuffix returns n random lower-case letters and digits.
func randomSuffix(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
		b[i] = chars[k.Int64()]
	}
	return string(b)
}

// uniqueCustomerTitle applies the save's nameConflictPolicy to a customer title:
// FAIL (the default) keeps the title, UNIQUIFY appends uniquifySeparator (default "_")
// and a random suffix, or the first free number with uniquifyStrategy=INCREMENTAL.
func uniqueCustomerTitle(tx *Tx, r *http.Request, tenantID, title, exceptID string) (string, error) {
	q := r.URL.Query()
	switch strings.ToUpper(q.Get("nameConflictPolicy")) {
	case "", "FAIL":
		return title, nil
	case "UNIQUIFY":
	default:
		return "", typeMismatch("nameConflictPolicy", q.Get("nameConflictPolicy"), "NameConflictPolicy")
	}
	if !tx.NameTaken(tb.EntityTypeCustomer, tenantID, "title", title, exceptID) {
		return title, nil
	}
	return uniquifyName(tx, q, tb.EntityTypeCustomer, tenantID, "title", title, exceptID), nil
}

// savedEntity loads with load the stored record of an entity being saved with id (the
// zero record when id is empty, a create) and checks a sent non-zero version against
// it; name is the entity's name in the version conflict error.
func savedEntity(id string, version int64, name string, load func(id string) (Record, error)) (Record, error) {
	if id == "" {
		return Record{}, nil
	}
	uuid, err := ParseUUID(id)
	if err != nil {
		return Record{}, err
	}
	old, err := load(uuid)
	if err != nil {
		return Record{}, err
	}
	if err := checkEntityVersion(version, old, name); err != nil {
		return Record{}, err
	}
	return old, nil
}

func (s *Server) saveCustomer(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.Customer
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	in.TenantID = p.TenantEntityID()
	var out Record
	err := s.store.Write(func(tx *Tx) error {
		old, err := savedEntity(in.ID.ID, in.Version, "Customer", func(id string) (Record, error) {
			return readableCustomer(tx, p, id)
		})
		if err != nil {
			return err
		}
		if old.ID.ID == "" || old.Fields["title"] != in.Title {
			title, err := uniqueCustomerTitle(tx, r, p.TenantID, in.Title, old.ID.ID)
			if err != nil {
				return err
			}
			in.Title = title
		}
		if strings.TrimSpace(in.Title) == "" {
			return BadRequest("Customer title should be specified!")
		}
		if in.Title == publicCustomerTitle {
			return BadRequest("'Public' title for customer is system reserved!")
		}
		if in.Email != "" && !validEmail(in.Email) {
			return BadRequest("Invalid email address format '%s'!", in.Email)
		}
		if tx.NameTaken(tb.EntityTypeCustomer, p.TenantID, "title", in.Title, old.ID.ID) {
			return BadRequest("Customer with such title already exists!")
		}
		c := in
		out = s.putCustomer(tx, &c, old)
		if !isPublicCustomer(out) {
			s.refreshAssignedCustomer(tx, out)
		}
		return nil
	})
	return writeResult(w, out.Value, err)
}

func (s *Server) deleteCustomer(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "customerId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		rec, err := readableCustomer(tx, p, id)
		if err != nil {
			return err
		}
		s.unassignCustomerDashboards(tx, rec)
		for _, t := range []tb.EntityType{tb.EntityTypeDevice, tb.EntityTypeAsset, tb.EntityTypeEntityView, tb.EntityTypeEdge} {
			for _, e := range tx.ListByCustomer(t, rec.TenantID, id) {
				if err := s.moveToTenant(tx, e); err != nil {
					return err
				}
			}
		}
		for _, u := range tx.ListByCustomer(tb.EntityTypeUser, rec.TenantID, id) {
			s.removeUser(tx, u)
		}
		tx.Delete(id)
		return nil
	})
	return writeOK(w, err)
}

// moveToTenant unassigns an entity from its customer, as deleting the customer does:
// the record and its model value (rebuilt with the converter registered for its type)
// get the null customer id.
func (s *Server) moveToTenant(tx *Tx, rec Record) error {
	if rec.Value != nil {
		var m map[string]any
		if err := remarshal(rec.Value, &m); err != nil {
			return err
		}
		if _, ok := m["customerId"]; ok {
			m["customerId"] = jsonID(tb.EntityTypeCustomer, tb.NullUUID)
		}
		if _, ok := m["ownerId"]; ok {
			m["ownerId"] = jsonID(tb.EntityTypeTenant, rec.TenantID)
		}
		m["version"] = tx.Stamp(rec).Version
		val, err := s.NewValue(rec.ID.EntityType, m)
		if err != nil {
			return err
		}
		rec.Value = val
	}
	rec.CustomerID, rec.OwnerID = tb.NullUUID, tb.NewEntityID(tb.EntityTypeTenant, rec.TenantID)
	tx.Put(rec)
	return nil
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(customerSorts...); err != nil {
		return err
	}
	var recs []Record
	s.store.Read(func(tx *Tx) { recs = tx.ListByTenant(tb.EntityTypeCustomer, p.TenantID) })
	return WriteJSON(w, RecordPage(recs, pl, "title"))
}

func (s *Server) tenantCustomerByTitle(w http.ResponseWriter, r *http.Request, p *Principal) error {
	title, err := RequiredParam(r, "customerTitle", "String")
	if err != nil {
		return err
	}
	rec, ok := Record{}, false
	s.store.Read(func(tx *Tx) { rec, ok = tx.FindByField(tb.EntityTypeCustomer, p.TenantID, "title", title) })
	if !ok {
		return Errorf(http.StatusNotFound, tb.CodeItemNotFound, "Customer with title [%s] is not found", title)
	}
	return WriteJSON(w, rec.Value)
}

func (s *Server) customersByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := uuidListParam(r, "customerIds")
	if err != nil {
		return err
	}
	out := []any{}
	s.store.Read(func(tx *Tx) {
		for _, id := range ids {
			if rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, id)); ok && rec.TenantID == p.TenantID {
				out = append(out, rec.Value)
			}
		}
	})
	return WriteJSON(w, out)
}
