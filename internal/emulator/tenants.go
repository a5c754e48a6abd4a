package emulator

import (
	"net/http"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Tenants: TenantController (system administrator).

var tenantSorts = []string{"createdTime", "title", "email", "country", "state", "city", "address", "address2", "zip", "phone"}

// tenantOwnedTypes are the entity types a tenant's deletion removes.
var tenantOwnedTypes = []tb.EntityType{
	tb.EntityTypeCustomer, tb.EntityTypeUser, tb.EntityTypeDashboard, tb.EntityTypeAsset, tb.EntityTypeDevice,
	tb.EntityTypeAlarm, tb.EntityTypeRuleChain, tb.EntityTypeRuleNode, tb.EntityTypeEntityView, tb.EntityTypeWidgetsBundle,
	tb.EntityTypeWidgetType, tb.EntityTypeDeviceProfile, tb.EntityTypeAssetProfile, tb.EntityTypeAPIUsageState,
	tb.EntityTypeTBResource, tb.EntityTypeOTAPackage, tb.EntityTypeEdge, tb.EntityTypeRPC, tb.EntityTypeQueue,
	tb.EntityTypeNotificationTarget, tb.EntityTypeNotificationTemplate, tb.EntityTypeNotificationRequest,
	tb.EntityTypeNotification, tb.EntityTypeNotificationRule, tb.EntityTypeCalculatedField, tb.EntityTypeJob,
	tb.EntityTypeAIModel, tb.EntityTypeEntityGroup, tb.EntityTypeConverter, tb.EntityTypeIntegration,
	tb.EntityTypeSchedulerEvent, tb.EntityTypeBlobEntity, tb.EntityTypeRole, tb.EntityTypeGroupPermission,
}

func init() {
	RegisterModel(tb.EntityTypeTenant, modelConverter[tb.Tenant](tenantKeys))
	Register(func(s *Server) {
		both := []tb.Authority{SysAdmin, TenantAdmin}
		s.Handle("GET /api/tenant/{tenantId}", Authed(s.getTenant, both...))
		s.Handle("GET /api/tenant/info/{tenantId}", Authed(s.getTenantInfo, both...))
		s.Handle("POST /api/tenant", Authed(s.saveTenant, SysAdmin))
		s.Handle("DELETE /api/tenant/{tenantId}", Authed(s.deleteTenant, both...))
		s.Handle("GET /api/tenants", Authed(s.listTenants, SysAdmin))
		s.Handle("GET /api/tenantInfos", Authed(s.listTenantInfos, SysAdmin))
		s.Handle("GET /api/tenants/list", Authed(s.tenantsByIDs, both...))
	})
}

// tenantRecordFields are the query-able fields of a tenant record.
func tenantRecordFields(t *tb.Tenant) map[string]string {
	return map[string]string{"title": t.Title, "name": t.Title, "region": t.Region, "email": t.Email, "country": t.Country,
		"state": t.State, "city": t.City, "address": t.Address, "address2": t.Address2, "zip": t.Zip, "phone": t.Phone}
}

// readableTenant loads a tenant the caller may read: every tenant for the system
// administrator, its own for a tenant administrator.
func readableTenant(tx *Tx, p *Principal, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeTenant, id))
	if !ok {
		return Record{}, NotFound("Tenant", id)
	}
	if !p.IsSysAdmin() && rec.ID.ID != p.TenantID {
		return Record{}, PermissionDenied()
	}
	return rec, nil
}

// tenantProfile describes a stored tenant profile.
type tenantProfile struct {
	Name    string `json:"name"`
	Default bool   `json:"default"`
}

// tenantProfileOf returns the name of a tenant profile and whether it is the default.
func tenantProfileOf(tx *Tx, id string) (tenantProfile, bool) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeTenantProfile, id))
	if !ok {
		return tenantProfile{}, false
	}
	var tp tenantProfile
	_ = remarshal(rec.Value, &tp)
	if tp.Name == "" {
		tp.Name = rec.Fields["name"]
	}
	return tp, true
}

// defaultTenantProfileID returns the id of the default tenant profile.
func defaultTenantProfileID(tx *Tx) string {
	for _, rec := range tx.List(tb.EntityTypeTenantProfile, nil) {
		if tp, _ := tenantProfileOf(tx, rec.ID.ID); tp.Default {
			return rec.ID.ID
		}
	}
	return ""
}

// tenantInfoOf returns the tenant with the name of its profile.
func tenantInfoOf(tx *Tx, rec Record) (tb.TenantInfo, error) {
	t, err := cloneModel[tb.Tenant](rec.Value)
	if err != nil {
		return tb.TenantInfo{}, err
	}
	tp, _ := tenantProfileOf(tx, t.TenantProfileID.ID)
	return tb.TenantInfo{Tenant: *t, TenantProfileName: tp.Name}, nil
}

func (s *Server) getTenant(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "tenantId")
	if err != nil {
		return err
	}
	var rec Record
	s.store.Read(func(tx *Tx) { rec, err = readableTenant(tx, p, id) })
	if err != nil {
		return err
	}
	return WriteJSON(w, rec.Value)
}

func (s *Server) getTenantInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "tenantId")
	if err != nil {
		return err
	}
	var info tb.TenantInfo
	s.store.Read(func(tx *Tx) {
		var rec Record
		if rec, err = readableTenant(tx, p, id); err == nil {
			info, err = tenantInfoOf(tx, rec)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, shaped(&info, tenantInfoKeys))
}

func (s *Server) saveTenant(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var in tb.Tenant
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	var out Record
	err := s.store.Write(func(tx *Tx) error {
		var old Record
		if in.ID.ID != "" {
			id, err := ParseUUID(in.ID.ID)
			if err != nil {
				return err
			}
			var ok bool
			if old, ok = tx.GetTyped(tb.NewEntityID(tb.EntityTypeTenant, id)); !ok {
				return NotFound("Tenant", id)
			}
			if err := checkEntityVersion(in.Version, old, "Tenant"); err != nil {
				return err
			}
		}
		if strings.TrimSpace(in.Title) == "" {
			return BadRequest("Tenant title should be specified!")
		}
		if in.Email != "" && !validEmail(in.Email) {
			return BadRequest("Invalid email address format '%s'!", in.Email)
		}
		if in.TenantProfileID.ID == "" {
			in.TenantProfileID = tb.NewEntityID(tb.EntityTypeTenantProfile, defaultTenantProfileID(tx))
		} else if _, ok := tenantProfileOf(tx, strings.ToLower(in.TenantProfileID.ID)); !ok {
			return BadRequest("Tenant is referencing to non-existent tenant profile!")
		}
		in.TenantProfileID.EntityType = tb.EntityTypeTenantProfile
		t := in
		rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeTenant, old.ID.ID), TenantID: tb.NullUUID, CustomerID: tb.NullUUID})
		t.ID, t.CreatedTime, t.Version, t.Name = rec.ID, rec.CreatedTime, rec.Version, t.Title
		rec.Fields, rec.Value = tenantRecordFields(&t), shaped(&t, tenantKeys)
		out = tx.Put(rec)
		if old.ID.ID == "" {
			s.initTenant(tx, rec.ID.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out.Value)
}

// initTenant creates what the server creates with a new tenant: the root rule chain
// and the default device and asset profiles.
func (s *Server) initTenant(tx *Tx, tenantID string) {
	null := tb.NullUUID
	owner := tb.NewEntityID(tb.EntityTypeTenant, tenantID)
	tenantJSON := jsonID(tb.EntityTypeTenant, tenantID)
	put := func(t tb.EntityType, fields map[string]string, m map[string]any) string {
		rec := tx.Stamp(Record{ID: tb.EntityID{EntityType: t}, TenantID: tenantID, CustomerID: null, OwnerID: owner, Fields: fields})
		m["id"], m["createdTime"], m["version"] = jsonID(t, rec.ID.ID), rec.CreatedTime, rec.Version
		val, err := s.NewValue(t, m)
		if err != nil {
			val = m
		}
		rec.Value = val
		tx.Put(rec)
		return rec.ID.ID
	}
	put(tb.EntityTypeRuleChain, map[string]string{"name": "Root Rule Chain", "type": "CORE"},
		map[string]any{"tenantId": tenantJSON, "name": "Root Rule Chain", "type": "CORE", "firstRuleNodeId": nil, "root": true,
			"debugMode": false, "configuration": nil, "additionalInfo": nil, "externalId": nil})
	put(tb.EntityTypeDeviceProfile, map[string]string{"name": "default", "type": "DEFAULT", "transportType": "DEFAULT", "description": "Default device profile"},
		map[string]any{"tenantId": tenantJSON, "name": "default", "description": "Default device profile", "image": nil,
			"type": "DEFAULT", "transportType": "DEFAULT", "provisionType": "DISABLED",
			"defaultRuleChainId": nil, "defaultDashboardId": nil, "defaultQueueName": nil,
			"profileData": map[string]any{
				"configuration":          map[string]any{"type": "DEFAULT"},
				"transportConfiguration": map[string]any{"type": "DEFAULT"},
				"provisionConfiguration": map[string]any{"type": "DISABLED", "provisionDeviceSecret": nil},
				"alarms":                 nil,
			},
			"provisionDeviceKey": nil, "firmwareId": nil, "softwareId": nil, "defaultEdgeRuleChainId": nil,
			"externalId": nil, "default": true})
	put(tb.EntityTypeAssetProfile, map[string]string{"name": "default", "description": "Default asset profile"},
		map[string]any{"tenantId": tenantJSON, "name": "default", "description": "Default asset profile", "image": nil,
			"defaultRuleChainId": nil, "defaultDashboardId": nil, "defaultQueueName": nil, "defaultEdgeRuleChainId": nil,
			"externalId": nil, "default": true})
}

func (s *Server) deleteTenant(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "tenantId")
	if err != nil {
		return err
	}
	var users []string
	err = s.store.Write(func(tx *Tx) error {
		if _, err := readableTenant(tx, p, id); err != nil {
			return err
		}
		for _, t := range tenantOwnedTypes {
			for _, rec := range tx.ListByTenant(t, id) {
				if t == tb.EntityTypeUser {
					// Also removes the user's API keys.
					tx.DeleteCredentials(rec.ID.ID)
					users = append(users, rec.ID.ID)
				}
				tx.Delete(rec.ID.ID)
			}
		}
		tx.Delete(id)
		return nil
	})
	if err != nil {
		return err
	}
	for _, u := range users {
		s.OutdateUserTokens(u)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// writeTenantPage searches (by title), sorts and pages tenants; infos adds the
// profile names.
func (s *Server) writeTenantPage(w http.ResponseWriter, r *http.Request, infos bool) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	sorts := tenantSorts
	if infos {
		sorts = append(slices.Clone(sorts), "tenantProfileName")
	}
	if err := pl.CheckSort(sorts...); err != nil {
		return err
	}
	var (
		recs  []Record
		names = map[string]string{}
	)
	s.store.Read(func(tx *Tx) {
		recs = tx.List(tb.EntityTypeTenant, nil)
		for i, rec := range recs {
			info, err := tenantInfoOf(tx, rec)
			if err != nil {
				continue
			}
			names[rec.ID.ID] = info.TenantProfileName
			f := make(map[string]string, len(rec.Fields)+1)
			for k, v := range rec.Fields {
				f[k] = v
			}
			f["tenantProfileName"] = info.TenantProfileName
			recs[i].Fields = f
		}
	})
	recs = SearchRecords(recs, pl, "title")
	recs = slices.Clone(recs)
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	if !infos {
		vals := tb.Page[any]{Data: make([]any, len(page.Data)), TotalPages: page.TotalPages,
			TotalElements: page.TotalElements, HasNext: page.HasNext}
		for i, rec := range page.Data {
			vals.Data[i] = rec.Value
		}
		return WriteJSON(w, vals)
	}
	out := tb.Page[*modelValue[tb.TenantInfo]]{Data: make([]*modelValue[tb.TenantInfo], 0, len(page.Data)),
		TotalPages: page.TotalPages, TotalElements: page.TotalElements, HasNext: page.HasNext}
	for _, rec := range page.Data {
		t, err := cloneModel[tb.Tenant](rec.Value)
		if err != nil {
			return err
		}
		out.Data = append(out.Data, shaped(&tb.TenantInfo{Tenant: *t, TenantProfileName: names[rec.ID.ID]}, tenantInfoKeys))
	}
	return WriteJSON(w, out)
}

func (s *Server) listTenants(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	return s.writeTenantPage(w, r, false)
}

func (s *Server) listTenantInfos(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	return s.writeTenantPage(w, r, true)
}

func (s *Server) tenantsByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := uuidListParam(r, "tenantIds")
	if err != nil {
		return err
	}
	out := []any{}
	s.store.Read(func(tx *Tx) {
		for _, id := range ids {
			if rec, err := readableTenant(tx, p, id); err == nil {
				out = append(out, rec.Value)
			}
		}
	})
	return WriteJSON(w, out)
}
