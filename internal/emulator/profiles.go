package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Device profiles and asset profiles: DeviceProfileController and
// AssetProfileController. Profile records carry the fields name, description and, for
// device profiles, type and transportType; the stored values are
// *thingsboard.DeviceProfile and *thingsboard.AssetProfile.

func init() {
	RegisterModel(tb.EntityTypeDeviceProfile, JSONModel[tb.DeviceProfile]())
	RegisterModel(tb.EntityTypeAssetProfile, JSONModel[tb.AssetProfile]())
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("POST /api/deviceProfile", Authed(s.saveDeviceProfile, TenantAdmin))
		s.Handle("GET /api/deviceProfile/{deviceProfileId}", Authed(deviceProfileKind.read(s, profileValue), TenantAdmin))
		s.Handle("DELETE /api/deviceProfile/{deviceProfileId}", Authed(deviceProfileKind.delete(s), TenantAdmin))
		s.Handle("POST /api/deviceProfile/{deviceProfileId}/default", Authed(deviceProfileKind.setDefault(s), TenantAdmin))
		s.Handle("GET /api/deviceProfileInfo/default", Authed(deviceProfileKind.defaultInfo(s), both...))
		s.Handle("GET /api/deviceProfileInfo/{deviceProfileId}", Authed(deviceProfileKind.read(s, profileInfo), both...))
		s.Handle("GET /api/deviceProfiles", Authed(deviceProfileKind.list(s, false), TenantAdmin))
		s.Handle("GET /api/deviceProfileInfos", Authed(s.deviceProfileInfos, both...))
		s.Handle("GET /api/deviceProfileInfos/list", Authed(deviceProfileKind.infosByIDs(s), both...))
		s.Handle("GET /api/deviceProfile/names", Authed(deviceProfileKind.names(s), both...))
		s.Handle("GET /api/deviceProfile/devices/keys/attributes", Authed(s.deviceProfileAttributeKeys, TenantAdmin))
		s.Handle("GET /api/deviceProfile/devices/keys/timeseries", Authed(s.deviceProfileTimeseriesKeys, TenantAdmin))

		s.Handle("POST /api/assetProfile", Authed(s.saveAssetProfile, TenantAdmin))
		s.Handle("GET /api/assetProfile/{assetProfileId}", Authed(assetProfileKind.read(s, profileValue), TenantAdmin))
		s.Handle("DELETE /api/assetProfile/{assetProfileId}", Authed(assetProfileKind.delete(s), TenantAdmin))
		s.Handle("POST /api/assetProfile/{assetProfileId}/default", Authed(assetProfileKind.setDefault(s), TenantAdmin))
		s.Handle("GET /api/assetProfileInfo/default", Authed(assetProfileKind.defaultInfo(s), both...))
		s.Handle("GET /api/assetProfileInfo/{assetProfileId}", Authed(assetProfileKind.read(s, profileInfo), both...))
		s.Handle("GET /api/assetProfiles", Authed(assetProfileKind.list(s, false), TenantAdmin))
		s.Handle("GET /api/assetProfileInfos", Authed(assetProfileKind.list(s, true), both...))
		s.Handle("GET /api/assetProfileInfos/list", Authed(assetProfileKind.infosByIDs(s), both...))
		s.Handle("GET /api/assetProfile/names", Authed(assetProfileKind.names(s), both...))
	})
}

var profileSorts = []string{"createdTime", "name", "type", "transportType", "description", "isDefault"}

// profileKind describes one of the two profile entity types for the shared handlers.
type profileKind struct {
	t          tb.EntityType
	normalName string // "Device profile"
	plural     string // "devices", for the deletion message
	entityType tb.EntityType
	param      string // path parameter of the profile id: "deviceProfileId"
	idsParam   string // query parameter of the by-ids lookup: "deviceProfileIds"
}

var (
	deviceProfileKind = profileKind{tb.EntityTypeDeviceProfile, "Device profile", "devices", tb.EntityTypeDevice,
		"deviceProfileId", "deviceProfileIds"}
	assetProfileKind = profileKind{tb.EntityTypeAssetProfile, "Asset profile", "assets", tb.EntityTypeAsset,
		"assetProfileId", "assetProfileIds"}
)

// defaultProfile returns the tenant's default profile of type t.
func defaultProfile(tx *Tx, t tb.EntityType, tenantID string) (Record, bool) {
	for _, rec := range tx.ListByTenant(t, tenantID) {
		if profileIsDefault(rec) {
			return rec, true
		}
	}
	return Record{}, false
}

func profileIsDefault(rec Record) bool {
	switch rec.ID.EntityType {
	case tb.EntityTypeDeviceProfile:
		return modelOf[tb.DeviceProfile](rec).Default
	case tb.EntityTypeAssetProfile:
		return modelOf[tb.AssetProfile](rec).Default
	}
	return false
}

// profileFields are the query-able fields of a profile record.
func profileFields(rec Record) map[string]string {
	switch v := rec.Value.(type) {
	case *tb.DeviceProfile:
		return map[string]string{"name": v.Name, "description": v.Description, "type": string(v.Type),
			"transportType": string(v.TransportType), "isDefault": strconv.FormatBool(v.Default)}
	case *tb.AssetProfile:
		return map[string]string{"name": v.Name, "description": v.Description, "isDefault": strconv.FormatBool(v.Default)}
	}
	return rec.Fields
}

// tenantProfileRecord returns a profile of the caller's tenant: 404 when missing,
// 403 when it belongs to another tenant.
func tenantProfileRecord(tx *Tx, p *Principal, k profileKind, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(k.t, id))
	if !ok {
		return Record{}, NotFound(k.normalName, id)
	}
	if rec.TenantID != p.TenantID {
		return Record{}, PermissionDenied()
	}
	return rec, nil
}

// newDeviceProfile returns the profile the server creates for a device type that has
// none (findOrCreateDeviceProfile) or for a new tenant.
func newDeviceProfile(tenantID, name string, isDefault bool) *tb.DeviceProfile {
	return &tb.DeviceProfile{
		TenantID: tb.NewEntityID(tb.EntityTypeTenant, tenantID), Name: name, Description: "Default device profile",
		Type: tb.DeviceProfileTypeDefault, TransportType: tb.TransportDefault, ProvisionType: tb.ProvisionDisabled,
		ProfileData: tb.DefaultDeviceProfileData(), Default: isDefault,
	}
}

// newAssetProfile returns the profile the server creates for an asset type that has
// none.
func newAssetProfile(tenantID, name string) *tb.AssetProfile {
	return &tb.AssetProfile{TenantID: tb.NewEntityID(tb.EntityTypeTenant, tenantID), Name: name, Description: "Default asset profile"}
}

// putDeviceProfile stores p (a new profile when its ID is zero) and returns the record.
func (s *Server) putDeviceProfile(tx *Tx, p *tb.DeviceProfile) Record {
	rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeDeviceProfile, p.ID.ID), TenantID: p.TenantID.ID,
		OwnerID: tb.NewEntityID(tb.EntityTypeTenant, p.TenantID.ID)})
	v := *p
	v.ID, v.CreatedTime, v.Version = rec.ID, rec.CreatedTime, rec.Version
	rec.Value = &v
	rec.Fields = profileFields(rec)
	return tx.Put(rec)
}

func (s *Server) putAssetProfile(tx *Tx, p *tb.AssetProfile) Record {
	rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeAssetProfile, p.ID.ID), TenantID: p.TenantID.ID,
		OwnerID: tb.NewEntityID(tb.EntityTypeTenant, p.TenantID.ID)})
	v := *p
	v.ID, v.CreatedTime, v.Version = rec.ID, rec.CreatedTime, rec.Version
	rec.Value = &v
	rec.Fields = profileFields(rec)
	return tx.Put(rec)
}

// checkProfileSave runs the checks shared by both profile saves and returns the stored
// record on update.
func checkProfileSave(tx *Tx, p *Principal, k profileKind, id tb.EntityID, name string, version int64, isDefault bool) (*Record, error) {
	var old *Record
	if id.ID != "" {
		rec, err := tenantProfileRecord(tx, p, k, strings.ToLower(id.ID))
		if err != nil {
			return nil, err
		}
		if err := checkEntityVersion(version, rec, k.normalName); err != nil {
			return nil, err
		}
		old = &rec
	}
	if strings.TrimSpace(name) == "" {
		return nil, BadRequest("%s name should be specified!", k.normalName)
	}
	exceptID := ""
	if old != nil {
		exceptID = old.ID.ID
	}
	if tx.NameTaken(k.t, p.TenantID, "name", name, exceptID) {
		return nil, BadRequest("%s with such name already exists!", k.normalName)
	}
	if isDefault {
		if def, ok := defaultProfile(tx, k.t, p.TenantID); ok && def.ID.ID != exceptID {
			return nil, BadRequest("Another default %s is present in scope of current tenant!", strings.ToLower(k.normalName))
		}
	}
	return old, nil
}

func (s *Server) saveDeviceProfile(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.DeviceProfile
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	var out *tb.DeviceProfile
	err := s.store.Write(func(tx *Tx) error {
		old, err := checkProfileSave(tx, p, deviceProfileKind, in.ID, in.Name, in.Version, in.Default)
		if err != nil {
			return err
		}
		if in.Type == "" {
			return BadRequest("Device profile type should be specified!")
		}
		if in.TransportType == "" {
			return BadRequest("Device profile transport type should be specified!")
		}
		if in.ProvisionType == "" {
			in.ProvisionType = tb.ProvisionDisabled
		}
		def := tb.DefaultDeviceProfileData()
		if in.ProfileData.Configuration == nil {
			in.ProfileData.Configuration = def.Configuration
		}
		if in.ProfileData.TransportConfiguration == nil {
			in.ProfileData.TransportConfiguration = json.RawMessage(`{"type":"` + string(in.TransportType) + `"}`)
		}
		if in.ProfileData.ProvisionConfiguration == nil {
			in.ProfileData.ProvisionConfiguration = json.RawMessage(`{"type":"` + string(in.ProvisionType) + `","provisionDeviceSecret":null}`)
		}
		in.TenantID = tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
		if old != nil {
			in.ID = old.ID
		} else {
			in.ID = tb.EntityID{}
		}
		out = modelOf[tb.DeviceProfile](s.putDeviceProfile(tx, &in))
		return nil
	})
	return writeResult(w, out, err)
}

func (s *Server) saveAssetProfile(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.AssetProfile
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	var out *tb.AssetProfile
	err := s.store.Write(func(tx *Tx) error {
		old, err := checkProfileSave(tx, p, assetProfileKind, in.ID, in.Name, in.Version, in.Default)
		if err != nil {
			return err
		}
		in.TenantID = tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
		if old != nil {
			in.ID = old.ID
		} else {
			in.ID = tb.EntityID{}
		}
		out = modelOf[tb.AssetProfile](s.putAssetProfile(tx, &in))
		return nil
	})
	return writeResult(w, out, err)
}

// read answers view of the profile named by the k.param path segment.
func (k profileKind) read(s *Server, view func(Record) any) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, k.param)
		if err != nil {
			return err
		}
		var out any
		s.store.Read(func(tx *Tx) {
			var rec Record
			if rec, err = tenantProfileRecord(tx, p, k, id); err == nil {
				out = view(rec)
			}
		})
		return writeResult(w, out, err)
	}
}

// delete refuses to delete the default profile and a profile in use.
func (k profileKind) delete(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, k.param)
		if err != nil {
			return err
		}
		err = s.store.Write(func(tx *Tx) error {
			rec, err := tenantProfileRecord(tx, p, k, id)
			if err != nil {
				return err
			}
			if profileIsDefault(rec) {
				return BadRequest("Deletion of Default %s is prohibited!", titleWords(k.normalName))
			}
			if profileInUse(tx, k, rec) {
				return BadRequest("The %s referenced by the %s cannot be deleted!", strings.ToLower(k.normalName), k.plural)
			}
			tx.Delete(id)
			return nil
		})
		return writeOK(w, err)
	}
}

// titleWords capitalizes every word: "Device profile" → "Device Profile".
func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// profileInUse reports whether some entity references the profile.
func profileInUse(tx *Tx, k profileKind, prof Record) bool {
	for _, rec := range tx.ListByTenant(k.entityType, prof.TenantID) {
		if profileIDOf(rec) == prof.ID {
			return true
		}
	}
	return false
}

// profileIDOf returns the profile id of a device or asset record.
func profileIDOf(rec Record) tb.EntityID {
	switch rec.ID.EntityType {
	case tb.EntityTypeDevice:
		return modelOf[tb.Device](rec).DeviceProfileID
	case tb.EntityTypeAsset:
		return modelOf[tb.Asset](rec).AssetProfileID
	}
	return tb.EntityID{}
}

// setDefault makes a profile the default, clearing the flag of the previous one.
func (k profileKind) setDefault(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		id, err := PathUUID(r, k.param)
		if err != nil {
			return err
		}
		var out any
		err = s.store.Write(func(tx *Tx) error {
			rec, err := tenantProfileRecord(tx, p, k, id)
			if err != nil {
				return err
			}
			if profileIsDefault(rec) {
				out = rec.Value
				return nil
			}
			if old, ok := defaultProfile(tx, k.t, p.TenantID); ok {
				s.putProfileDefault(tx, old, false)
			}
			out = s.putProfileDefault(tx, rec, true).Value
			return nil
		})
		return writeResult(w, out, err)
	}
}

func (s *Server) putProfileDefault(tx *Tx, rec Record, isDefault bool) Record {
	switch rec.ID.EntityType {
	case tb.EntityTypeDeviceProfile:
		v := *modelOf[tb.DeviceProfile](rec)
		v.Default = isDefault
		return s.putDeviceProfile(tx, &v)
	default:
		v := *modelOf[tb.AssetProfile](rec)
		v.Default = isDefault
		return s.putAssetProfile(tx, &v)
	}
}

// profileValue returns the full form of a profile record.
func profileValue(rec Record) any { return rec.Value }

// profileInfo returns the short form of a profile record.
func profileInfo(rec Record) any {
	switch v := rec.Value.(type) {
	case *tb.DeviceProfile:
		return tb.DeviceProfileInfo{ID: v.ID, TenantID: v.TenantID, Name: v.Name, Image: v.Image,
			DefaultDashboardID: v.DefaultDashboardID, Type: v.Type, TransportType: v.TransportType}
	case *tb.AssetProfile:
		return tb.AssetProfileInfo{ID: v.ID, TenantID: v.TenantID, Name: v.Name, Image: v.Image, DefaultDashboardID: v.DefaultDashboardID}
	}
	return rec.Value
}

// defaultInfo answers the short form of the tenant's default profile.
func (k profileKind) defaultInfo(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		var out any
		s.store.Read(func(tx *Tx) {
			if rec, ok := defaultProfile(tx, k.t, p.TenantID); ok {
				out = profileInfo(rec)
			}
		})
		if out == nil {
			return ItemNotFound()
		}
		return WriteJSON(w, out)
	}
}

// list answers the tenant's profiles, in the short form with info.
func (k profileKind) list(s *Server, info bool) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		return s.listProfiles(w, r, p, k, info, nil)
	}
}

// listProfiles answers a paged profile list; info selects the short form and keep,
// when not nil, filters the records.
func (s *Server) listProfiles(w http.ResponseWriter, r *http.Request, p *Principal, k profileKind, info bool, keep func(Record) bool) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(profileSorts...); err != nil {
		return err
	}
	var out tb.Page[any]
	s.store.Read(func(tx *Tx) {
		recs := tx.ListByTenant(k.t, p.TenantID)
		if keep != nil {
			recs = slices.DeleteFunc(recs, func(rec Record) bool { return !keep(rec) })
		}
		page := listRecords(recs, pl, func(rec Record) map[string]string {
			return map[string]string{"isDefault": strconv.FormatBool(profileIsDefault(rec))}
		}, "name")
		out = mapPage(page, func(rec Record) any {
			if info {
				return profileInfo(rec)
			}
			return rec.Value
		})
	})
	return WriteJSON(w, out)
}

func (s *Server) deviceProfileInfos(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var keep func(Record) bool
	if tt := r.URL.Query().Get("transportType"); tt != "" {
		switch tb.DeviceTransportType(tt) {
		case tb.TransportDefault, tb.TransportMQTT, tb.TransportCoAP, tb.TransportLwM2M, tb.TransportSNMP:
		default:
			return typeMismatch("transportType", tt, "org.thingsboard.server.common.data.DeviceTransportType")
		}
		keep = func(rec Record) bool { return rec.Field("transportType") == tt }
	}
	return s.listProfiles(w, r, p, deviceProfileKind, true, keep)
}

// infosByIDs answers the short form of the tenant's profiles among the ids in k.idsParam.
func (k profileKind) infosByIDs(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		ids, err := idsParam(r, k.idsParam)
		if err != nil {
			return err
		}
		out := []any{}
		s.store.Read(func(tx *Tx) {
			for _, id := range ids {
				if rec, ok := tx.GetTyped(tb.NewEntityID(k.t, id)); ok && rec.TenantID == p.TenantID {
					out = append(out, profileInfo(rec))
				}
			}
		})
		return WriteJSON(w, out)
	}
}

// names answers the id and name of the tenant's profiles, sorted by name; with
// activeOnly only the profiles that entities use.
func (k profileKind) names(s *Server) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		activeOnly := false
		if v := r.URL.Query().Get("activeOnly"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return typeMismatch("activeOnly", v, "boolean")
			}
			activeOnly = b
		}
		out := []tb.EntityInfo{}
		s.store.Read(func(tx *Tx) {
			for _, rec := range tx.ListByTenant(k.t, p.TenantID) {
				if activeOnly && !profileInUse(tx, k, rec) {
					continue
				}
				out = append(out, tb.EntityInfo{ID: rec.ID, Name: rec.Field("name")})
			}
		})
		slices.SortFunc(out, func(a, b tb.EntityInfo) int { return strings.Compare(a.Name, b.Name) })
		return WriteJSON(w, out)
	}
}

// profileDeviceKeys answers the sorted attribute or time series keys of the devices
// of a profile (of every device of the tenant when no deviceProfileId is given).
func (s *Server) profileDeviceKeys(w http.ResponseWriter, r *http.Request, p *Principal, attributes bool) error {
	profileID := ""
	if v := r.URL.Query().Get("deviceProfileId"); v != "" {
		id, err := ParseUUID(v)
		if err != nil {
			return err
		}
		profileID = id
	}
	keys := []string{}
	s.store.Read(func(tx *Tx) {
		for _, rec := range tx.ListByTenant(tb.EntityTypeDevice, p.TenantID) {
			if profileID != "" && profileIDOf(rec).ID != profileID {
				continue
			}
			var ks []string
			if attributes {
				for _, scope := range []string{ClientScope, ServerScope, SharedScope} {
					for _, a := range tx.Attributes(rec.ID, scope) {
						ks = append(ks, a.Key)
					}
				}
			} else {
				ks = tx.TimeseriesKeys(rec.ID)
			}
			for _, k := range ks {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
	})
	slices.Sort(keys)
	return WriteJSON(w, keys)
}

func (s *Server) deviceProfileAttributeKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.profileDeviceKeys(w, r, p, true)
}

func (s *Server) deviceProfileTimeseriesKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.profileDeviceKeys(w, r, p, false)
}
