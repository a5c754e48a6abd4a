package emulator

import (
	"net/http"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Entity views: EntityViewController (CRUD, lists, assignment). Entity view records
// carry the fields name and type; the stored value is a *thingsboard.EntityView. The
// views do not filter telemetry: reading a view's data is not emulated.

// entityViewKind is the entity view kind of the handlers shared with the other assignable types.
var entityViewKind = assignable[tb.EntityView]{
	t: tb.EntityTypeEntityView, name: "Entity view", idParam: "entityViewId", idsParam: "entityViewIds", nameParam: "entityViewName",
	unassigned: "Entity View isn't assigned to any customer!",
	types:      func(q entitySearchQuery) []string { return q.EntityViewTypes },
	fields:     entityViewFields,
	list:       (*Server).listEntityViews,
}

// entityViewFields points at the customerId, ownerId and version of an EntityView model.
func entityViewFields(m *tb.EntityView) (customerID, ownerID *tb.EntityID, version *int64) {
	return &m.CustomerID, &m.OwnerID, &m.Version
}

func init() {
	RegisterModel(tb.EntityTypeEntityView, JSONModel[tb.EntityView]())
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/entityView/{entityViewId}", Authed(entityViewKind.get(s), both...))
		s.Handle("GET /api/entityView/info/{entityViewId}", Authed(getInfo(s, entityViewKind, (*Server).entityViewInfo), both...))
		s.Handle("POST /api/entityView", Authed(s.saveEntityView, both...))
		s.Handle("DELETE /api/entityView/{entityViewId}", Authed(entityViewKind.remove(s, nil), TenantAdmin))
		s.Handle("GET /api/tenant/entityViews", Authed(entityViewKind.tenantList(s, false), TenantAdmin))
		s.Handle("GET /api/tenant/entityView", Authed(entityViewKind.byName(s), TenantAdmin))
		s.Handle("GET /api/tenant/entityViewInfos", Authed(entityViewKind.tenantList(s, true), TenantAdmin))
		s.Handle("GET /api/customer/{customerId}/entityViews", Authed(entityViewKind.customerList(s, false), both...))
		s.Handle("GET /api/customer/{customerId}/entityViewInfos", Authed(entityViewKind.customerList(s, true), both...))
		s.Handle("GET /api/entityViews/list", Authed(entityViewKind.byIDs(s), both...))
		s.Handle("GET /api/entityViews", Authed(entityViewKind.byIDs(s), both...))
		s.Handle("POST /api/entityViews", Authed(entityViewKind.byQuery(s), both...))
		s.Handle("GET /api/entityView/types", Authed(entityViewKind.subtypes(s), both...))
		s.Handle("POST /api/customer/{customerId}/entityView/{entityViewId}", Authed(entityViewKind.assignToCustomer(s), TenantAdmin))
		s.Handle("DELETE /api/customer/entityView/{entityViewId}", Authed(entityViewKind.unassignFromCustomer(s), TenantAdmin))
		s.Handle("POST /api/customer/public/entityView/{entityViewId}", Authed(entityViewKind.assignToPublicCustomer(s), TenantAdmin))
	})
}

var entityViewSorts = []string{"createdTime", "name", "type", "customerTitle"}

// hasEntityViews reports whether some entity view shows the entity.
func hasEntityViews(tx *Tx, id tb.EntityID) bool {
	rec, ok := tx.Get(id.ID)
	if !ok {
		return false
	}
	for _, v := range tx.ListByTenant(tb.EntityTypeEntityView, rec.TenantID) {
		if modelOf[tb.EntityView](v).EntityID == id {
			return true
		}
	}
	return false
}

// entityViewOut returns the entity view as the API shows it: in PE mode with its ownerId.
func (s *Server) entityViewOut(rec Record) *tb.EntityView { return modelOut(s, rec, entityViewFields) }

func (s *Server) entityViewInfo(tx *Tx, rec Record) tb.EntityViewInfo {
	info := tb.EntityViewInfo{EntityView: *s.entityViewOut(rec)}
	info.CustomerTitle, info.CustomerIsPublic, _ = customerSummary(tx, rec.CustomerID)
	if s.Edition() == PE {
		if o, ok := tx.GetTyped(info.OwnerID); ok {
			info.OwnerName = o.Field("title")
		}
	}
	return info
}

func (s *Server) saveEntityView(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.EntityView
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	q := r.URL.Query()
	return entityViewKind.store(s, w, func(tx *Tx) (Record, error) {
		old, err := entityViewKind.savedRecord(tx, p, in.ID.ID, in.Version)
		if err != nil {
			return Record{}, err
		}
		if strings.TrimSpace(in.Type) == "" {
			return Record{}, BadRequest("Entity View type should be specified!")
		}
		if strings.TrimSpace(in.Name) == "" {
			return Record{}, BadRequest("Entity view name should be specified!")
		}
		if in.EntityID.IsZero() {
			return Record{}, BadRequest("Entity view entity id should be specified!")
		}
		if target, ok := tx.GetTyped(tb.NewEntityID(in.EntityID.EntityType, strings.ToLower(in.EntityID.ID))); !ok || target.TenantID != p.TenantID {
			return Record{}, BadRequest("Entity view is referencing to non-existent entity!")
		}
		name, customerID, err := entityViewKind.savedOwner(tx, p, q, in.Name, in.CustomerID, old)
		if err != nil {
			return Record{}, err
		}
		rec := entityViewKind.newRecord(tx, p, customerID, old)
		v := in
		v.ID, v.CreatedTime, v.Version = rec.ID, rec.CreatedTime, rec.Version
		v.TenantID = tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
		v.CustomerID = tb.NewEntityID(tb.EntityTypeCustomer, customerID)
		v.OwnerID = tb.EntityID{}
		v.Name = name
		v.EntityID.ID = strings.ToLower(v.EntityID.ID)
		rec.Fields = entityFields(v.Name, v.Type, "", v.AdditionalInfo)
		rec.Value = &v
		return tx.Put(rec), nil
	})
}

func entityViewExtra(tx *Tx) func(Record) map[string]string {
	return func(rec Record) map[string]string {
		title, _, _ := customerSummary(tx, rec.CustomerID)
		return map[string]string{"customerTitle": title}
	}
}

// listEntityViews answers an entity view list filtered by the type parameter.
func (s *Server) listEntityViews(w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos bool) error {
	return entityViewListing.answer(s, w, r, keep, infos, func() (func(tx *Tx, rec Record) bool, error) {
		typ := strings.TrimSpace(r.URL.Query().Get("type"))
		if typ == "" {
			return nil, nil
		}
		return func(_ *Tx, rec Record) bool { return rec.Field("type") == typ }, nil
	})
}

var entityViewListing = listing[tb.EntityView, tb.EntityViewInfo]{
	sorts: entityViewSorts, extra: entityViewExtra,
	fields: []string{"name"}, infoFields: []string{"name", "type", "customerTitle"},
	out: (*Server).entityViewOut, info: (*Server).entityViewInfo,
}
