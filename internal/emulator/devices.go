package emulator

import (
	"crypto/rand"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Devices: DeviceController and the device part of DeviceCredentialsService.
// Device records carry the fields name, type and label; the stored value is a
// *thingsboard.Device. Credentials live in the extension table deviceCredsTable,
// keyed by device UUID.

const deviceCredsTable = "deviceCredentials"

// deviceKind is the device kind of the handlers shared with the other assignable types.
var deviceKind = assignable[tb.Device]{
	t: tb.EntityTypeDevice, name: "Device", idParam: "deviceId", idsParam: "deviceIds", nameParam: "deviceName",
	unassigned: "Device isn't assigned to any customer!",
	types:      func(q entitySearchQuery) []string { return q.DeviceTypes },
	fields:     deviceFields,
	list:       (*Server).listDevices,
}

// deviceFields points at the customerId, ownerId and version of a Device model.
func deviceFields(m *tb.Device) (customerID, ownerID *tb.EntityID, version *int64) {
	return &m.CustomerID, &m.OwnerID, &m.Version
}

// deleteDeviceCheck refuses to delete a device that entity views show, and drops the
// credentials of a device being deleted.
func deleteDeviceCheck(tx *Tx, rec Record) error {
	if hasEntityViews(tx, rec.ID) {
		return BadRequest("Can't delete device that has entity views or is referenced in calculated fields!")
	}
	delete(Table[string, *tb.DeviceCredentials](tx, deviceCredsTable), rec.ID.ID)
	return nil
}

func init() {
	RegisterModel(tb.EntityTypeDevice, JSONModel[tb.Device]())
	RegisterDemoHook(demoDeviceCredentials)
	Register(func(s *Server) {
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/device/{deviceId}", Authed(deviceKind.get(s), both...))
		s.Handle("GET /api/device/info/{deviceId}", Authed(getInfo(s, deviceKind, (*Server).deviceInfo), both...))
		s.Handle("POST /api/device", Authed(s.saveDevice, both...))
		s.Handle("POST /api/device-with-credentials", Authed(s.saveDeviceWithCredentials, both...))
		s.Handle("DELETE /api/device/{deviceId}", Authed(deviceKind.remove(s, deleteDeviceCheck), TenantAdmin))
		s.Handle("GET /api/device/{deviceId}/credentials", Authed(s.getDeviceCredentials, both...))
		s.Handle("POST /api/device/credentials", Authed(s.updateDeviceCredentials, TenantAdmin))
		s.Handle("GET /api/tenant/devices", Authed(deviceKind.tenantList(s, false), TenantAdmin))
		s.Handle("GET /api/tenant/device", Authed(deviceKind.byName(s), TenantAdmin))
		s.Handle("GET /api/tenant/deviceInfos", Authed(deviceKind.tenantList(s, true), TenantAdmin))
		s.Handle("GET /api/customer/{customerId}/devices", Authed(deviceKind.customerList(s, false), both...))
		s.Handle("GET /api/customer/{customerId}/deviceInfos", Authed(deviceKind.customerList(s, true), both...))
		s.Handle("GET /api/user/devices", Authed(s.userDevices, both...))
		s.Handle("GET /api/devices", Authed(deviceKind.byIDs(s), both...))
		s.Handle("POST /api/devices", Authed(deviceKind.byQuery(s), both...))
		s.Handle("GET /api/device/types", Authed(deviceKind.subtypes(s), both...))
		s.Handle("POST /api/customer/{customerId}/device/{deviceId}", Authed(deviceKind.assignToCustomer(s), TenantAdmin))
		s.Handle("DELETE /api/customer/device/{deviceId}", Authed(deviceKind.unassignFromCustomer(s), TenantAdmin))
		s.Handle("POST /api/customer/public/device/{deviceId}", Authed(deviceKind.assignToPublicCustomer(s), TenantAdmin))
	})
}

// demoDeviceCredentials gives every demo device its ACCESS_TOKEN credentials.
func demoDeviceCredentials(s *Server, tx *Tx, d *DemoData) {
	creds := Table[string, *tb.DeviceCredentials](tx, deviceCredsTable)
	for _, dev := range d.Devices {
		rec, _ := tx.Get(dev.ID)
		creds[dev.ID] = &tb.DeviceCredentials{
			ID: tb.DeviceCredentialsID{ID: s.store.NewUUID()}, CreatedTime: rec.CreatedTime,
			DeviceID: tb.NewEntityID(tb.EntityTypeDevice, dev.ID), CredentialsType: tb.CredentialsAccessToken,
			CredentialsID: dev.Token, Version: 1,
		}
	}
}

// ---- helpers shared by the device, asset and entity view handlers ----

// modelOf returns the record's value as a *T: the stored pointer itself (which must
// not be modified), or a decoded copy when the value is a generic JSON object.
func modelOf[T any](rec Record) *T {
	if v, ok := rec.Value.(*T); ok {
		return v
	}
	v := new(T)
	_ = remarshal(rec.Value, v)
	return v
}

// accessibleRecord returns the entity of type t with the given id if the caller may
// see it: 404 "<normalName> with id [..] is not found" when it does not exist, 403
// when it belongs to another tenant or, for a customer user, to another customer.
func accessibleRecord(tx *Tx, p *Principal, t tb.EntityType, normalName, id string) (Record, error) {
	return accessibleRecordFor(tx, p, t, normalName, id, tb.OperationRead)
}

// accessibleRecordFor is accessibleRecord for operation op, checked by Authorize (the
// PE permission model in PE mode).
func accessibleRecordFor(tx *Tx, p *Principal, t tb.EntityType, normalName, id string, op tb.Operation) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(t, id))
	if !ok {
		return Record{}, NotFound(normalName, id)
	}
	if err := Authorize(tx, p, rec, op); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// accessibleCustomer checks the customer of a customer-scoped list or assignment:
// 404 when it does not exist, 403 when it is another tenant's or, for a customer
// user, not the user's own customer.
func accessibleCustomer(tx *Tx, p *Principal, id string) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, id))
	if !ok {
		return Record{}, NotFound("Customer", id)
	}
	if rec.TenantID != p.TenantID || (p.IsCustomerUser() && rec.ID.ID != p.CustomerID) {
		return Record{}, PermissionDenied()
	}
	return rec, nil
}

// customerSummary returns a customer's title and whether it is the tenant's public
// customer.
func customerSummary(tx *Tx, customerID string) (title string, public, ok bool) {
	if customerID == "" || customerID == tb.NullUUID {
		return "", false, false
	}
	rec, found := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, customerID))
	if !found {
		return "", false, false
	}
	return rec.Field("title"), isPublicCustomer(rec), true
}

// ownerOf returns the owner of an entity assigned to customerID (the tenant when it
// is NullUUID).
func ownerOf(tenantID, customerID string) tb.EntityID {
	if customerID == "" || customerID == tb.NullUUID {
		return tb.NewEntityID(tb.EntityTypeTenant, tenantID)
	}
	return tb.NewEntityID(tb.EntityTypeCustomer, customerID)
}

// checkAssignedCustomer validates the customerId of a saved entity: NullUUID (or
// none) is tenant-owned; any other id must be a customer of the tenant.
func checkAssignedCustomer(tx *Tx, tenantID string, id tb.EntityID, what string) (string, error) {
	if id.IsNull() {
		return tb.NullUUID, nil
	}
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, id.ID))
	if !ok {
		return "", BadRequest("Can't assign %s to non-existent customer!", what)
	}
	if rec.TenantID != tenantID {
		return "", BadRequest("Can't assign %s to customer from different tenant!", what)
	}
	return rec.ID.ID, nil
}

// entityFields are the query-able fields of a device, asset or entity view record:
// name, type, label and, when set, the additionalInfo JSON text.
func entityFields(name, typ, label string, info json.RawMessage) map[string]string {
	f := map[string]string{"name": name, "type": typ, "label": label}
	if len(info) > 0 && string(info) != "null" {
		f["additionalInfo"] = string(info)
	}
	return f
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlnum returns n random letters and digits, as the server's generated access
// tokens are.
func randomAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		b[i] = alnum[k.Int64()]
	}
	return string(b)
}

// resolveName applies the save's nameConflictPolicy (4.3+) to a name that is taken:
// FAIL (the default) answers 400 taken, UNIQUIFY appends uniquifySeparator (default
// "_") and a random suffix, or the first free number with uniquifyStrategy=INCREMENTAL.
func resolveName(tx *Tx, q url.Values, t tb.EntityType, tenantID, name, exceptID, taken string) (string, error) {
	if !tx.NameTaken(t, tenantID, "name", name, exceptID) {
		return name, nil
	}
	switch strings.ToUpper(q.Get("nameConflictPolicy")) {
	case "", "FAIL":
		return "", BadRequest("%s", taken)
	case "UNIQUIFY":
	default:
		return "", BadRequest("Invalid nameConflictPolicy: %s", q.Get("nameConflictPolicy"))
	}
	return uniquifyName(tx, q, t, tenantID, "name", name, exceptID), nil
}

// uniquifyName appends uniquifySeparator (default "_") and a suffix to a taken name
// (the record field given) until it is free: a random one, or the first free number
// with uniquifyStrategy=INCREMENTAL.
func uniquifyName(tx *Tx, q url.Values, t tb.EntityType, tenantID, field, name, exceptID string) string {
	sep := q.Get("uniquifySeparator")
	if sep == "" {
		sep = "_"
	}
	incremental := strings.EqualFold(q.Get("uniquifyStrategy"), "INCREMENTAL")
	for i := 1; ; i++ {
		suffix := strconv.Itoa(i)
		if !incremental {
			suffix = randomSuffix(6)
		}
		if cand := name + sep + suffix; !tx.NameTaken(t, tenantID, field, cand, exceptID) {
			return cand
		}
	}
}

// listRecords searches, sorts and pages records. extra adds computed fields (such as
// customerTitle) used by the search and the sort; the records themselves are not
// changed.
func listRecords(recs []Record, pl PageLink, extra func(Record) map[string]string, searchFields ...string) tb.Page[Record] {
	if extra != nil {
		out := make([]Record, len(recs))
		for i, r := range recs {
			f := make(map[string]string, len(r.Fields)+4)
			for k, v := range r.Fields {
				f[k] = v
			}
			for k, v := range extra(r) {
				f[k] = v
			}
			r.Fields = f
			out[i] = r
		}
		recs = out
	} else {
		recs = slices.Clone(recs)
	}
	recs = SearchRecords(recs, pl, searchFields...)
	SortRecords(recs, pl)
	return Paginate(recs, pl)
}

// mapPage converts the records of a page.
func mapPage[T any](p tb.Page[Record], conv func(Record) T) tb.Page[T] {
	out := tb.Page[T]{Data: make([]T, len(p.Data)), TotalPages: p.TotalPages, TotalElements: p.TotalElements, HasNext: p.HasNext}
	for i, r := range p.Data {
		out.Data[i] = conv(r)
	}
	return out
}

// idsParam parses a required comma-separated list of UUIDs (deviceIds=a,b).
func idsParam(r *http.Request, name string) ([]string, error) {
	if _, err := RequiredParam(r, name, "String[]"); err != nil {
		return nil, err
	}
	var ids []string
	for _, part := range r.URL.Query()[name] {
		for _, s := range strings.Split(part, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			id, err := ParseUUID(s)
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, BadRequest("Parameter '%s' can't be empty!", name)
	}
	return ids, nil
}

// byIDs returns the records of type t with the given ids that the caller may read,
// in the order of ids; unknown and foreign ids are left out.
func byIDs(tx *Tx, p *Principal, t tb.EntityType, ids []string) []Record {
	var out []Record
	for _, id := range ids {
		rec, ok := tx.GetTyped(tb.NewEntityID(t, id))
		if !ok || Authorize(tx, p, rec, tb.OperationRead) != nil {
			continue
		}
		out = append(out, rec)
	}
	return out
}

// entitySearchQuery is the body of the device, asset and entity view search queries.
type entitySearchQuery struct {
	Parameters      *tb.RelationsSearchParameters `json:"parameters"`
	RelationType    string                        `json:"relationType"`
	DeviceTypes     []string                      `json:"deviceTypes"`
	AssetTypes      []string                      `json:"assetTypes"`
	EntityViewTypes []string                      `json:"entityViewTypes"`
}

// relatedRecords walks the relations from the query's root and returns the records of
// type t found at the far ends whose type is in types and that the caller may read.
func relatedRecords(tx *Tx, p *Principal, q entitySearchQuery, t tb.EntityType, types []string) ([]Record, error) {
	if q.Parameters == nil || types == nil {
		return nil, BadRequest("Invalid request body")
	}
	params := *q.Parameters
	root := tb.NewEntityID(params.RootType, params.RootID)
	if rec, ok := tx.Get(root.ID); ok && rec.ID.EntityType != tb.EntityTypeTenant && rec.TenantID != p.TenantID {
		return nil, PermissionDenied()
	}
	group := string(params.RelationTypeGroup)
	if group == "" {
		group = "COMMON"
	}
	maxLevel := params.MaxLevel
	if maxLevel <= 0 {
		maxLevel = int(^uint(0) >> 1)
	}
	from := !strings.EqualFold(string(params.Direction), "TO")
	seen := map[tb.EntityID]bool{root: true}
	var found []tb.EntityID
	level := []tb.EntityID{root}
	for depth := 1; depth <= maxLevel && len(level) > 0; depth++ {
		var next []tb.EntityID
		for _, id := range level {
			var rels []Relation
			if from {
				rels = tx.RelationsFrom(id, q.RelationType, group)
			} else {
				rels = tx.RelationsTo(id, q.RelationType, group)
			}
			for _, rel := range rels {
				far := rel.To
				if !from {
					far = rel.From
				}
				if seen[far] {
					continue
				}
				seen[far] = true
				next = append(next, far)
				if !params.FetchLastLevelOnly || depth == maxLevel {
					found = append(found, far)
				}
			}
		}
		level = next
	}
	if params.FetchLastLevelOnly && maxLevel == int(^uint(0)>>1) {
		found = level
	}
	var out []Record
	for _, id := range found {
		if id.EntityType != t {
			continue
		}
		rec, ok := tx.GetTyped(id)
		if !ok || Authorize(tx, p, rec, tb.OperationRead) != nil {
			continue
		}
		if slices.Contains(types, rec.Field("type")) {
			out = append(out, rec)
		}
	}
	return out, nil
}

// subtypes returns the distinct, sorted "type" fields of the tenant's records of type
// t (of the customer's, for a customer user) as EntitySubtype values.
func subtypes(tx *Tx, p *Principal, t tb.EntityType) []tb.EntitySubtype {
	recs := tx.ListByTenant(t, p.TenantID)
	var types []string
	for _, r := range recs {
		if p.IsCustomerUser() && r.CustomerID != p.CustomerID {
			continue
		}
		if typ := r.Field("type"); !slices.Contains(types, typ) {
			types = append(types, typ)
		}
	}
	slices.Sort(types)
	out := make([]tb.EntitySubtype, len(types))
	for i, typ := range types {
		out[i] = tb.EntitySubtype{TenantID: tb.NewEntityID(tb.EntityTypeTenant, p.TenantID), EntityType: t, Type: typ}
	}
	return out
}

// ---- devices ----

var deviceSorts = []string{"createdTime", "name", "deviceProfileName", "label", "customerTitle", "type"}

// deviceOut returns the device as the API shows it: in PE mode with its ownerId.
func (s *Server) deviceOut(rec Record) *tb.Device { return modelOut(s, rec, deviceFields) }

// deviceInfo joins a device with its customer, its profile's name and its activity.
func (s *Server) deviceInfo(tx *Tx, rec Record) tb.DeviceInfo {
	info := tb.DeviceInfo{Device: *s.deviceOut(rec)}
	info.CustomerTitle, info.CustomerIsPublic, _ = customerSummary(tx, rec.CustomerID)
	if prof, ok := tx.GetTyped(info.DeviceProfileID); ok {
		info.DeviceProfileName = prof.Field("name")
	}
	if a, ok := tx.Attribute(rec.ID, ServerScope, "active"); ok {
		info.Active, _ = a.Value.(bool)
	}
	if s.Edition() == PE {
		if t, ok := tx.GetTyped(info.OwnerID); ok {
			info.OwnerName = t.Field("title")
		}
	}
	return info
}

// defaultDeviceData is the deviceData of a device saved without one.
func defaultDeviceData() tb.DeviceData {
	return tb.DeviceData{Configuration: json.RawMessage(`{"type":"DEFAULT"}`), TransportConfiguration: json.RawMessage(`{"type":"DEFAULT"}`)}
}

// storeDevice validates and stores a device sent by p: create or update, profile
// resolution (by id, by the type name with auto-creation, or the tenant's default),
// per-tenant name uniqueness, optimistic locking and customer assignment. newCreds,
// when not nil, is called for a new device before anything is stored, to check the
// credentials it will get; it returns them.
func (s *Server) storeDevice(tx *Tx, p *Principal, in tb.Device, q url.Values, newCreds func(deviceID string) (*tb.DeviceCredentials, error)) (Record, error) {
	old, err := deviceKind.savedRecord(tx, p, in.ID.ID, in.Version)
	if err != nil {
		return Record{}, err
	}
	if strings.TrimSpace(in.Name) == "" {
		return Record{}, BadRequest("Device name should be specified!")
	}
	profile, err := savedProfile(tx, p, tb.EntityTypeDeviceProfile, in.DeviceProfileID, in.Type, "Device", "device")
	if err != nil {
		return Record{}, err
	}
	name, customerID, err := deviceKind.savedOwner(tx, p, q, in.Name, in.CustomerID, old)
	if err != nil {
		return Record{}, err
	}
	rec := deviceKind.newRecord(tx, p, customerID, old)
	var creds *tb.DeviceCredentials
	if old == nil && newCreds != nil {
		if creds, err = newCreds(rec.ID.ID); err != nil {
			return Record{}, err
		}
	}
	if profile.ID.ID == "" { // a profile named by the device's type, created on the fly
		profile = s.putDeviceProfile(tx, newDeviceProfile(p.TenantID, in.Type, false))
	}
	d := in
	d.ID, d.CreatedTime, d.Version = rec.ID, rec.CreatedTime, rec.Version
	d.TenantID = tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
	d.CustomerID = tb.NewEntityID(tb.EntityTypeCustomer, customerID)
	d.OwnerID = tb.EntityID{}
	d.Name = name
	d.DeviceProfileID = profile.ID
	d.Type = profile.Field("name")
	if d.DeviceData.Configuration == nil && d.DeviceData.TransportConfiguration == nil {
		d.DeviceData = defaultDeviceData()
	}
	rec.Fields = entityFields(d.Name, d.Type, d.Label, d.AdditionalInfo)
	rec.Value = &d
	rec = tx.Put(rec)
	if old == nil {
		if creds != nil {
			creds.DeviceID = rec.ID
			creds.ID = tb.DeviceCredentialsID{ID: s.store.NewUUID()}
			creds.CreatedTime, creds.Version = rec.CreatedTime, 1
			Table[string, *tb.DeviceCredentials](tx, deviceCredsTable)[rec.ID.ID] = creds
		}
		// What the device state service writes for a new device.
		tx.SaveAttributes(rec.ID, ServerScope, []Attribute{{Key: "active", Value: false}})
	}
	return rec, nil
}

// tokenOwner returns the id of the device whose ACCESS_TOKEN credentials are token.
func tokenOwner(tx *Tx, token string) (string, bool) {
	for id, c := range Table[string, *tb.DeviceCredentials](tx, deviceCredsTable) {
		if c.CredentialsType == tb.CredentialsAccessToken && c.CredentialsID == token {
			return id, true
		}
	}
	return "", false
}

// checkCredentials validates credentials for the device deviceID, as
// DeviceCredentialsService does, and returns them normalized.
func checkCredentials(tx *Tx, deviceID string, c tb.DeviceCredentials) (*tb.DeviceCredentials, error) {
	if c.CredentialsType == "" {
		return nil, BadRequest("Device credentials type should be specified")
	}
	switch c.CredentialsType {
	case tb.CredentialsAccessToken:
		if strings.TrimSpace(c.CredentialsID) == "" {
			return nil, BadRequest("Device credentials id should be specified")
		}
		if strings.ContainsAny(c.CredentialsID, " \t/?#%") {
			return nil, BadRequest("Access token should not contain any whitespaces or the URL reserved characters!")
		}
		c.CredentialsValue = ""
	case tb.CredentialsMQTTBasic:
		var m tb.MQTTBasicCredentials
		if err := json.Unmarshal([]byte(c.CredentialsValue), &m); err != nil {
			return nil, BadRequest("Invalid credentials body for simple mqtt credentials!")
		}
		if m.ClientID == "" && m.UserName == "" {
			return nil, BadRequest("Both mqtt client id and user name are empty!")
		}
		c.CredentialsID = "mqtt_basic:" + m.ClientID + "|" + m.UserName
	case tb.CredentialsX509:
		if strings.TrimSpace(c.CredentialsValue) == "" {
			return nil, BadRequest("Device credentials value should be specified")
		}
		if c.CredentialsID == "" {
			c.CredentialsID = "x509:" + strconv.Itoa(len(c.CredentialsValue)) + ":" + randomAlnum(16)
		}
	default:
		if c.CredentialsID == "" {
			return nil, BadRequest("Device credentials id should be specified")
		}
	}
	for id, other := range Table[string, *tb.DeviceCredentials](tx, deviceCredsTable) {
		if id != deviceID && other.CredentialsType == c.CredentialsType && other.CredentialsID == c.CredentialsID {
			return nil, BadRequest("Device credentials are already assigned to another device!")
		}
	}
	return &c, nil
}

func (s *Server) saveDevice(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.Device
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	q := r.URL.Query()
	return deviceKind.store(s, w, func(tx *Tx) (Record, error) {
		return s.storeDevice(tx, p, in, q, func(deviceID string) (*tb.DeviceCredentials, error) {
			token := q.Get("accessToken")
			if token == "" {
				for {
					token = randomAlnum(20)
					if _, used := tokenOwner(tx, token); !used {
						break
					}
				}
			}
			return checkCredentials(tx, deviceID, tb.DeviceCredentials{CredentialsType: tb.CredentialsAccessToken, CredentialsID: token})
		})
	})
}

func (s *Server) saveDeviceWithCredentials(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in struct {
		Device      *tb.Device            `json:"device"`
		Credentials *tb.DeviceCredentials `json:"credentials"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Device == nil || in.Credentials == nil {
		return ItemNotFound()
	}
	q := r.URL.Query()
	return deviceKind.store(s, w, func(tx *Tx) (Record, error) {
		if in.Device.ID.ID != "" {
			// Updating an existing device replaces its credentials as well.
			id := strings.ToLower(in.Device.ID.ID)
			if _, err := accessibleRecordFor(tx, p, tb.EntityTypeDevice, "Device", id, tb.OperationWrite); err != nil {
				return Record{}, err
			}
			creds, err := checkCredentials(tx, id, *in.Credentials)
			if err != nil {
				return Record{}, err
			}
			rec, err := s.storeDevice(tx, p, *in.Device, q, nil)
			if err != nil {
				return Record{}, err
			}
			table := Table[string, *tb.DeviceCredentials](tx, deviceCredsTable)
			if old := table[id]; old != nil {
				creds.ID, creds.CreatedTime, creds.Version = old.ID, old.CreatedTime, old.Version+1
			} else {
				creds.ID, creds.CreatedTime, creds.Version = tb.DeviceCredentialsID{ID: s.store.NewUUID()}, tx.Now(), 1
			}
			creds.DeviceID = rec.ID
			table[id] = creds
			return rec, nil
		}
		return s.storeDevice(tx, p, *in.Device, q, func(deviceID string) (*tb.DeviceCredentials, error) {
			return checkCredentials(tx, deviceID, *in.Credentials)
		})
	})
}

func (s *Server) getDeviceCredentials(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "deviceId")
	if err != nil {
		return err
	}
	var out *tb.DeviceCredentials
	s.store.Read(func(tx *Tx) {
		if _, err = accessibleRecordFor(tx, p, tb.EntityTypeDevice, "Device", id, tb.OperationReadCredentials); err != nil {
			return
		}
		if c := Table[string, *tb.DeviceCredentials](tx, deviceCredsTable)[id]; c != nil {
			cp := *c
			out = &cp
		}
	})
	if err != nil {
		return err
	}
	if out == nil {
		return ItemNotFound()
	}
	return WriteJSON(w, out)
}

func (s *Server) updateDeviceCredentials(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.DeviceCredentials
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.DeviceID.ID == "" {
		return BadRequest("Incorrect deviceId null")
	}
	id, err := ParseUUID(in.DeviceID.ID)
	if err != nil {
		return err
	}
	var out *tb.DeviceCredentials
	err = s.store.Write(func(tx *Tx) error {
		if _, err := accessibleRecordFor(tx, p, tb.EntityTypeDevice, "Device", id, tb.OperationWriteCredentials); err != nil {
			return err
		}
		table := Table[string, *tb.DeviceCredentials](tx, deviceCredsTable)
		old := table[id]
		if old == nil || in.ID.ID == "" || !strings.EqualFold(in.ID.ID, old.ID.ID) {
			return BadRequest("Unable to update non-existent device credentials!")
		}
		if in.Version != 0 && in.Version != old.Version {
			return VersionConflict("Entity")
		}
		c, err := checkCredentials(tx, id, in)
		if err != nil {
			return err
		}
		c.ID, c.CreatedTime, c.Version = old.ID, old.CreatedTime, old.Version+1
		c.DeviceID = tb.NewEntityID(tb.EntityTypeDevice, id)
		table[id] = c
		cp := *c
		out = &cp
		return nil
	})
	return writeResult(w, out, err)
}

// deviceFilter is the filter of the device lists: type, deviceProfileId, active.
type deviceFilter struct {
	typ, profileID string
	active         *bool
}

func parseDeviceFilter(r *http.Request, withInfo bool) (deviceFilter, error) {
	q := r.URL.Query()
	f := deviceFilter{typ: strings.TrimSpace(q.Get("type"))}
	if !withInfo {
		return f, nil
	}
	if f.typ == "" && q.Get("deviceProfileId") != "" {
		id, err := ParseUUID(q.Get("deviceProfileId"))
		if err != nil {
			return f, err
		}
		f.profileID = id
	}
	if v := q.Get("active"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, typeMismatch("active", v, "java.lang.Boolean")
		}
		f.active = &b
	}
	return f, nil
}

func (f deviceFilter) keep(tx *Tx, rec Record) bool {
	if f.typ != "" && rec.Field("type") != f.typ {
		return false
	}
	if f.profileID != "" && modelOf[tb.Device](rec).DeviceProfileID.ID != f.profileID {
		return false
	}
	if f.active != nil {
		a, _ := tx.Attribute(rec.ID, ServerScope, "active")
		active, _ := a.Value.(bool)
		if active != *f.active {
			return false
		}
	}
	return true
}

// deviceExtra adds the joined fields devices sort and search by.
func deviceExtra(tx *Tx) func(Record) map[string]string {
	return func(rec Record) map[string]string {
		title, _, _ := customerSummary(tx, rec.CustomerID)
		m := map[string]string{"customerTitle": title}
		if prof, ok := tx.GetTyped(modelOf[tb.Device](rec).DeviceProfileID); ok {
			m["deviceProfileName"] = prof.Field("name")
		}
		return m
	}
}

// listDevices answers a device list: keep selects the records, infos picks the
// DeviceInfo form.
func (s *Server) listDevices(w http.ResponseWriter, r *http.Request, keep func(tx *Tx) ([]Record, error), infos bool) error {
	return deviceListing.answer(s, w, r, keep, infos, func() (func(tx *Tx, rec Record) bool, error) {
		f, err := parseDeviceFilter(r, infos)
		return f.keep, err
	})
}

var deviceListing = listing[tb.Device, tb.DeviceInfo]{
	sorts: deviceSorts, extra: deviceExtra,
	fields: []string{"name", "label"}, infoFields: []string{"name", "label", "type", "customerTitle"},
	out: (*Server).deviceOut, info: (*Server).deviceInfo,
}

// userDevices is the PE list of the devices the user may read: all of the tenant's
// for a tenant administrator, the customer's for a customer user.
func (s *Server) userDevices(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.listDevices(w, r, func(tx *Tx) ([]Record, error) {
		return ReadableRecords(tx, p, tx.ListByTenant(tb.EntityTypeDevice, p.TenantID)), nil
	}, false)
}
