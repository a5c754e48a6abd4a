package emulator

import (
	"net/http"
	"net/url"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Assets: AssetController. Asset records carry the fields name, type and label; the
// stored value is a *thingsboard.Asset.

// assetKind is the asset kind of the handlers shared with the other assignable types.
var assetKind = assignable[tb.Asset]{
	t: tb.EntityTypeAsset, name: "Asset", idParam: "assetId", idsParam: "assetIds", nameParam: "assetName",
	unassigned: "Asset isn't assigned to any customer!",
	types:      func(q entitySearchQuery) []string { return q.AssetTypes },
	fields:     assetFields,
	list: func(s *Server, w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos bool) error {
		return s.listAssets(w, r, keep, infos, infos)
	},
}

// assetFields points at the customerId, ownerId and version of a Asset model.
func assetFields(m *tb.Asset) (customerID, ownerID *tb.EntityID, version *int64) {
	return &m.CustomerID, &m.OwnerID, &m.Version
}

// deleteAssetCheck refuses to delete an asset that entity views show.
func deleteAssetCheck(tx *Tx, rec Record) error {
	if hasEntityViews(tx, rec.ID) {
		return BadRequest("Can't delete asset that has entity views or is referenced in calculated fields!")
	}
	return nil
}

func init() {
	RegisterModel(tb.EntityTypeAsset, JSONModel[tb.Asset]())
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/asset/{assetId}", Authed(assetKind.get(s), both...))
		s.Handle("GET /api/asset/info/{assetId}", Authed(getInfo(s, assetKind, (*Server).assetInfo), both...))
		s.Handle("POST /api/asset", Authed(s.saveAsset, both...))
		s.Handle("DELETE /api/asset/{assetId}", Authed(assetKind.remove(s, deleteAssetCheck), TenantAdmin))
		s.Handle("GET /api/tenant/assets", Authed(assetKind.tenantList(s, false), TenantAdmin))
		s.Handle("GET /api/tenant/asset", Authed(assetKind.byName(s), TenantAdmin))
		s.Handle("GET /api/tenant/assetInfos", Authed(assetKind.tenantList(s, true), TenantAdmin))
		s.Handle("GET /api/customer/{customerId}/assets", Authed(assetKind.customerList(s, false), both...))
		s.Handle("GET /api/customer/{customerId}/assetInfos", Authed(assetKind.customerList(s, true), both...))
		s.Handle("GET /api/user/assets", Authed(s.userAssets, both...))
		s.Handle("GET /api/assets", Authed(assetKind.byIDs(s), both...))
		s.Handle("POST /api/assets", Authed(assetKind.byQuery(s), both...))
		s.Handle("GET /api/asset/types", Authed(assetKind.subtypes(s), both...))
		s.Handle("POST /api/customer/{customerId}/asset/{assetId}", Authed(assetKind.assignToCustomer(s), TenantAdmin))
		s.Handle("DELETE /api/customer/asset/{assetId}", Authed(assetKind.unassignFromCustomer(s), TenantAdmin))
		s.Handle("POST /api/customer/public/asset/{assetId}", Authed(assetKind.assignToPublicCustomer(s), TenantAdmin))
	})
}

var assetSorts = []string{"createdTime", "name", "type", "label", "customerTitle", "assetProfileName"}

// assetOut returns the asset as the API shows it: in PE mode with its ownerId.
func (s *Server) assetOut(rec Record) *tb.Asset { return modelOut(s, rec, assetFields) }

func (s *Server) assetInfo(tx *Tx, rec Record) tb.AssetInfo {
	info := tb.AssetInfo{Asset: *s.assetOut(rec)}
	info.CustomerTitle, info.CustomerIsPublic, _ = customerSummary(tx, rec.CustomerID)
	if prof, ok := tx.GetTyped(info.AssetProfileID); ok {
		info.AssetProfileName = prof.Field("name")
	}
	if s.Edition() == PE {
		if o, ok := tx.GetTyped(info.OwnerID); ok {
			info.OwnerName = o.Field("title")
		}
	}
	return info
}

// storeAsset validates and stores an asset sent by p, with the same rules as devices:
// profile by id, by type name (created when missing) or the tenant's default, unique
// names, optimistic locking, customer assignment.
func (s *Server) storeAsset(tx *Tx, p *Principal, in tb.Asset, q url.Values) (Record, error) {
	old, err := assetKind.savedRecord(tx, p, in.ID.ID, in.Version)
	if err != nil {
		return Record{}, err
	}
	if strings.TrimSpace(in.Name) == "" {
		return Record{}, BadRequest("Asset name should be specified!")
	}
	profile, err := savedProfile(tx, p, tb.EntityTypeAssetProfile, in.AssetProfileID, in.Type, "Asset", "asset")
	if err != nil {
		return Record{}, err
	}
	name, customerID, err := assetKind.savedOwner(tx, p, q, in.Name, in.CustomerID, old)
	if err != nil {
		return Record{}, err
	}
	if profile.ID.ID == "" {
		profile = s.putAssetProfile(tx, newAssetProfile(p.TenantID, in.Type))
	}
	rec := assetKind.newRecord(tx, p, customerID, old)
	a := in
	a.ID, a.CreatedTime, a.Version = rec.ID, rec.CreatedTime, rec.Version
	a.TenantID = tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
	a.CustomerID = tb.NewEntityID(tb.EntityTypeCustomer, customerID)
	a.OwnerID = tb.EntityID{}
	a.Name = name
	a.AssetProfileID = profile.ID
	a.Type = profile.Field("name")
	rec.Fields = entityFields(a.Name, a.Type, a.Label, a.AdditionalInfo)
	rec.Value = &a
	return tx.Put(rec), nil
}

func (s *Server) saveAsset(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.Asset
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	return assetKind.store(s, w, func(tx *Tx) (Record, error) { return s.storeAsset(tx, p, in, r.URL.Query()) })
}

// assetFilter is the filter of the asset lists: type, assetProfileId.
type assetFilter struct{ typ, profileID string }

func parseAssetFilter(r *http.Request, withProfile bool) (assetFilter, error) {
	q := r.URL.Query()
	f := assetFilter{typ: strings.TrimSpace(q.Get("type"))}
	if withProfile && f.typ == "" && q.Get("assetProfileId") != "" {
		id, err := ParseUUID(q.Get("assetProfileId"))
		if err != nil {
			return f, err
		}
		f.profileID = id
	}
	return f, nil
}

func (f assetFilter) keep(rec Record) bool {
	if f.typ != "" && rec.Field("type") != f.typ {
		return false
	}
	return f.profileID == "" || profileIDOf(rec).ID == f.profileID
}

func assetExtra(tx *Tx) func(Record) map[string]string {
	return func(rec Record) map[string]string {
		title, _, _ := customerSummary(tx, rec.CustomerID)
		m := map[string]string{"customerTitle": title}
		if prof, ok := tx.GetTyped(profileIDOf(rec)); ok {
			m["assetProfileName"] = prof.Field("name")
		}
		return m
	}
}

// listAssets answers an asset list: keep selects the records, infos picks the
// AssetInfo form, withProfile honours assetProfileId.
func (s *Server) listAssets(w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos, withProfile bool) error {
	return assetListing.answer(s, w, r, keep, infos, func() (func(tx *Tx, rec Record) bool, error) {
		f, err := parseAssetFilter(r, withProfile)
		return func(_ *Tx, rec Record) bool { return f.keep(rec) }, err
	})
}

var assetListing = listing[tb.Asset, tb.AssetInfo]{
	sorts: assetSorts, extra: assetExtra,
	fields: []string{"name", "label"}, infoFields: []string{"name", "label", "type", "customerTitle"},
	out: (*Server).assetOut, info: (*Server).assetInfo,
}

// userAssets is the PE list of the assets the user may read: all of the tenant's for
// a tenant administrator, the customer's for a customer user.
func (s *Server) userAssets(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.listAssets(w, r, func(tx *Tx) ([]Record, error) {
		return ReadableRecords(tx, p, tx.ListByTenant(tb.EntityTypeAsset, p.TenantID)), nil
	}, false, true)
}
