package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// assignable describes an entity type that a tenant assigns to its customers
// (devices, assets, entity views) for the handlers those types share.
type assignable[T any] struct {
	t          tb.EntityType
	name       string // name in not-found errors: "Device"
	idParam    string // path parameter of the entity id: "deviceId"
	idsParam   string // query parameter of the by-ids lookup: "deviceIds"
	nameParam  string // query parameter of the tenant lookup by name: "deviceName"
	unassigned string // error when unassigning an entity that has no customer
	types      func(entitySearchQuery) []string
	// fields points at the model's customerId, ownerId and version.
	fields func(m *T) (customerID, ownerID *tb.EntityID, version *int64)
	// list answers a page of the records keep selects, as infos or as models.
	list func(s *Server, w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos bool) error
}

// out returns the model of rec as the API shows it: in PE mode with its ownerId.
func (k assignable[T]) out(s *Server, rec Record) *T { return modelOut(s, rec, k.fields) }

// modelOut returns the model of rec as the API shows it: in PE mode with its
// ownerId; fields is the model's assignable.fields.
func modelOut[T any](s *Server, rec Record, fields func(m *T) (customerID, ownerID *tb.EntityID, version *int64)) *T {
	m := *modelOf[T](rec)
	_, owner, _ := fields(&m)
	if s.Edition() == PE {
		*owner = ownerOf(rec.TenantID, rec.CustomerID)
	} else {
		*owner = tb.EntityID{}
	}
	return &m
}

// readOne answers view of the readable entity named by the idParam path segment.
func readOne[V any](s *Server, t tb.EntityType, name, idParam string, view func(s *Server, tx *Tx, rec Record) V) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, idParam)
		if err != nil {
			return err
		}
		var out V
		s.store.Read(func(tx *Tx) {
			var rec Record
			if rec, err = accessibleRecord(tx, p, t, name, id); err == nil {
				out = view(s, tx, rec)
			}
		})
		return writeResult(w, out, err)
	}
}

// get answers the readable entity named by k.idParam.
func (k assignable[T]) get(s *Server) HandlerFunc {
	return readOne(s, k.t, k.name, k.idParam, func(s *Server, _ *Tx, rec Record) *T { return k.out(s, rec) })
}

// getInfo answers view (the Info form) of the readable entity named by k.idParam.
func getInfo[T, V any](s *Server, k assignable[T], view func(s *Server, tx *Tx, rec Record) V) HandlerFunc {
	return readOne(s, k.t, k.name, k.idParam, view)
}

// tenantList answers the tenant's entities; the plain list answers the entity named
// by k.nameParam when the query has that parameter.
func (k assignable[T]) tenantList(s *Server, infos bool) HandlerFunc {
	byName := k.byName(s)
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		if !infos && r.URL.Query().Has(k.nameParam) {
			return byName(w, r, p)
		}
		return k.list(s, w, r, func(tx *Tx) ([]Record, error) {
			return tx.ListByTenant(k.t, p.TenantID), nil
		}, infos)
	}
}

// customerList answers the entities of the customer in the customerId path segment.
func (k assignable[T]) customerList(s *Server, infos bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, "customerId")
		if err != nil {
			return err
		}
		return k.list(s, w, r, func(tx *Tx) ([]Record, error) {
			if _, err := accessibleCustomer(tx, p, id); err != nil {
				return nil, err
			}
			return tx.ListByCustomer(k.t, p.TenantID, id), nil
		}, infos)
	}
}

// byName answers the tenant's entity with the name given in k.nameParam.
func (k assignable[T]) byName(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		name, err := RequiredParam(r, k.nameParam, "String")
		if err != nil {
			return err
		}
		var out *T
		s.store.Read(func(tx *Tx) {
			if rec, ok := tx.FindByField(k.t, p.TenantID, "name", name); ok {
				out = k.out(s, rec)
			}
		})
		if out == nil {
			return ItemNotFound()
		}
		return WriteJSON(w, out)
	}
}

// byIDs answers the readable entities among the ids in k.idsParam.
func (k assignable[T]) byIDs(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		ids, err := idsParam(r, k.idsParam)
		if err != nil {
			return err
		}
		out := []*T{}
		s.store.Read(func(tx *Tx) {
			for _, rec := range byIDs(tx, p, k.t, ids) {
				out = append(out, k.out(s, rec))
			}
		})
		return WriteJSON(w, out)
	}
}

// byQuery answers the entities found by a relation search query.
func (k assignable[T]) byQuery(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		var q entitySearchQuery
		if err := DecodeJSON(r, &q); err != nil {
			return err
		}
		out := []*T{}
		var err error
		s.store.Read(func(tx *Tx) {
			var recs []Record
			if recs, err = relatedRecords(tx, p, q, k.t, k.types(q)); err == nil {
				for _, rec := range recs {
					out = append(out, k.out(s, rec))
				}
			}
		})
		return writeResult(w, out, err)
	}
}

// subtypes answers the types of the caller's entities.
func (k assignable[T]) subtypes(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, p *Principal) error {
		var out []tb.EntitySubtype
		s.store.Read(func(tx *Tx) { out = subtypes(tx, p, k.t) })
		return WriteJSON(w, out)
	}
}

// reassign stores the entity with a new customer.
func (k assignable[T]) reassign(tx *Tx, rec Record, customerID string) Record {
	m := *modelOf[T](rec)
	rec.CustomerID, rec.OwnerID = customerID, ownerOf(rec.TenantID, customerID)
	rec = tx.Stamp(rec)
	customer, _, version := k.fields(&m)
	*customer, *version = tb.NewEntityID(tb.EntityTypeCustomer, customerID), rec.Version
	rec.Value = &m
	return tx.Put(rec)
}

// change loads the writable entity named by k.idParam in a write transaction, after
// the check before (nil for none), and answers the record that fn stores.
func (k assignable[T]) change(s *Server, w http.ResponseWriter, r *http.Request, p *Principal,
	before func(tx *Tx) error, fn func(tx *Tx, rec Record) (Record, error)) error {
	id, err := PathUUID(r, k.idParam)
	if err != nil {
		return err
	}
	return k.store(s, w, func(tx *Tx) (Record, error) {
		if before != nil {
			if err := before(tx); err != nil {
				return Record{}, err
			}
		}
		rec, err := accessibleRecordFor(tx, p, k.t, k.name, id, tb.OperationWrite)
		if err != nil {
			return Record{}, err
		}
		return fn(tx, rec)
	})
}

// store runs fn in a write transaction and answers the record it stores.
func (k assignable[T]) store(s *Server, w http.ResponseWriter, fn func(tx *Tx) (Record, error)) error {
	var out *T
	err := s.store.Write(func(tx *Tx) error {
		rec, err := fn(tx)
		if err != nil {
			return err
		}
		out = k.out(s, rec)
		return nil
	})
	return writeResult(w, out, err)
}

// remove deletes the entity named by k.idParam; before, when not nil, runs first and
// may refuse the deletion or clean up what belongs to the entity.
func (k assignable[T]) remove(s *Server, before func(tx *Tx, rec Record) error) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, k.idParam)
		if err != nil {
			return err
		}
		return writeOK(w, s.store.Write(func(tx *Tx) error {
			rec, err := accessibleRecordFor(tx, p, k.t, k.name, id, tb.OperationDelete)
			if err != nil {
				return err
			}
			if before != nil {
				if err := before(tx, rec); err != nil {
					return err
				}
			}
			tx.Delete(id)
			return nil
		}))
	}
}

// assignToCustomer assigns the entity to the customer in the customerId path segment.
func (k assignable[T]) assignToCustomer(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		customerID, err := PathUUID(r, "customerId")
		if err != nil {
			return err
		}
		return k.change(s, w, r, p, func(tx *Tx) error {
			_, err := accessibleCustomer(tx, p, customerID)
			return err
		}, func(tx *Tx, rec Record) (Record, error) {
			return k.reassign(tx, rec, customerID), nil
		})
	}
}

// unassignFromCustomer gives the entity back to its tenant.
func (k assignable[T]) unassignFromCustomer(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		return k.change(s, w, r, p, nil, func(tx *Tx, rec Record) (Record, error) {
			if rec.CustomerID == tb.NullUUID {
				return Record{}, BadRequest("%s", k.unassigned)
			}
			return k.reassign(tx, rec, tb.NullUUID), nil
		})
	}
}

// assignToPublicCustomer assigns the entity to the tenant's public customer.
func (k assignable[T]) assignToPublicCustomer(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		return k.change(s, w, r, p, nil, func(tx *Tx, rec Record) (Record, error) {
			pub, err := s.PublicCustomer(tx, p.TenantID)
			if err != nil {
				return Record{}, err
			}
			return k.reassign(tx, rec, pub.ID.ID), nil
		})
	}
}

// savedRecord loads the stored record of an entity being saved with id (nil when it
// is created): it must be writable and, for a non-zero version, of that version.
// Customer users may not create one.
func (k assignable[T]) savedRecord(tx *Tx, p *Principal, id string, version int64) (*Record, error) {
	if id == "" {
		if p.IsCustomerUser() {
			return nil, PermissionDenied()
		}
		return nil, nil
	}
	rec, err := accessibleRecordFor(tx, p, k.t, k.name, strings.ToLower(id), tb.OperationWrite)
	if err != nil {
		return nil, err
	}
	if err := checkEntityVersion(version, rec, k.name); err != nil {
		return nil, err
	}
	return &rec, nil
}

// savedOwner resolves the name (by the save's nameConflictPolicy) and the customer of
// a saved entity (old is its stored record, nil on create); a customer user's
// entities are its customer's.
func (k assignable[T]) savedOwner(tx *Tx, p *Principal, q url.Values, name string, customer tb.EntityID, old *Record) (string, string, error) {
	exceptID := ""
	if old != nil {
		exceptID = old.ID.ID
	}
	name, err := resolveName(tx, q, k.t, p.TenantID, name, exceptID, k.name+" with such name already exists!")
	if err != nil {
		return "", "", err
	}
	customerID := p.CustomerID
	if !p.IsCustomerUser() {
		if customerID, err = checkAssignedCustomer(tx, p.TenantID, customer, strings.ToLower(k.name)); err != nil {
			return "", "", err
		}
	}
	return name, customerID, nil
}

// newRecord returns the stamped record of a saved entity of the customer (old is its
// stored record, nil on create).
func (k assignable[T]) newRecord(tx *Tx, p *Principal, customerID string, old *Record) Record {
	rec := Record{ID: tb.NewEntityID(k.t, ""), TenantID: p.TenantID, CustomerID: customerID,
		OwnerID: ownerOf(p.TenantID, customerID)}
	if old != nil {
		rec.ID.ID = old.ID.ID
	}
	return tx.Stamp(rec)
}

// savedProfile resolves the profile (of type t) of a saved device or asset: the one
// with profileID, else the one named typ (zero when missing, to be created), else the
// tenant's default. what names the entity ("Device") and kind the profile ("device").
func savedProfile(tx *Tx, p *Principal, t tb.EntityType, profileID tb.EntityID, typ, what, kind string) (Record, error) {
	switch {
	case !profileID.IsZero():
		rec, ok := tx.GetTyped(tb.NewEntityID(t, strings.ToLower(profileID.ID)))
		if !ok {
			return Record{}, BadRequest("%s is referencing non existing %s profile!", what, kind)
		}
		if rec.TenantID != p.TenantID {
			return Record{}, BadRequest("%s can`t be referencing to %s profile from different tenant!", what, kind)
		}
		return rec, nil
	case typ != "":
		rec, _ := tx.FindByField(t, p.TenantID, "name", typ)
		return rec, nil
	default:
		rec, ok := defaultProfile(tx, t, p.TenantID)
		if !ok {
			return Record{}, BadRequest("%s is referencing non existing %s profile!", what, kind)
		}
		return rec, nil
	}
}

// listing describes the lists of an assignable entity type: the sort properties, the
// computed fields its search and sort use, the fields the plain and the Info lists
// search, and the two forms of an entity.
type listing[T, I any] struct {
	sorts              []string
	extra              func(tx *Tx) func(Record) map[string]string
	fields, infoFields []string
	out                func(s *Server, rec Record) *T
	info               func(s *Server, tx *Tx, rec Record) I
}

// answer answers a page of the records keep selects, in the Info form with infos.
// filter parses the list's filter parameters (after the page link) and returns the
// test a record must pass (nil for none).
func (l listing[T, I]) answer(s *Server, w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos bool,
	filter func() (func(tx *Tx, rec Record) bool, error)) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(l.sorts...); err != nil {
		return err
	}
	test, err := filter()
	if err != nil {
		return err
	}
	var out any
	s.store.Read(func(tx *Tx) {
		var recs []Record
		if recs, err = keep(tx); err != nil {
			return
		}
		if test != nil {
			recs = slices.DeleteFunc(recs, func(rec Record) bool { return !test(tx, rec) })
		}
		if infos {
			page := listRecords(recs, pl, l.extra(tx), l.infoFields...)
			out = mapPage(page, func(rec Record) I { return l.info(s, tx, rec) })
		} else {
			page := listRecords(recs, pl, l.extra(tx), l.fields...)
			out = mapPage(page, func(rec Record) *T { return l.out(s, rec) })
		}
	})
	return writeResult(w, out, err)
}
