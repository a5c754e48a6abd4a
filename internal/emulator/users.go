package emulator

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	tb "github.com/tbgo/thingsboard"
)

// Users: UserController and the account endpoints of AuthController (activation,
// password change and reset, password policy).

const (
	// activationTTL and resetTTL are the server's default token lifetimes (24 hours).
	activationTTL = 24 * time.Hour
	resetTTL      = 24 * time.Hour
	// tokenExpiryTable maps activation and reset tokens to their expiry (epoch ms).
	tokenExpiryTable = "users.tokenExpiry"
	// userSettingsTable maps "userId/TYPE" to the user's settings JSON object.
	userSettingsTable = "users.settings"
	// dashboardVisitsTable maps a user id to its visited and starred dashboards.
	dashboardVisitsTable = "users.dashboardVisits"
	// mobileSessionsTable maps "userId/mobileToken" to the session.
	mobileSessionsTable = "users.mobileSessions"
)

var userSorts = []string{"createdTime", "firstName", "lastName", "email"}

func init() {
	RegisterModel(tb.EntityTypeUser, modelConverter[tb.User](userKeys))
	Register(func(s *Server) {
		admins := []tb.Authority{SysAdmin, TenantAdmin}
		both := []tb.Authority{TenantAdmin, CustomerUser}
		s.Handle("GET /api/user/{userId}", Authed(s.getUser))
		s.Handle("POST /api/user", Authed(s.saveUser))
		s.Handle("DELETE /api/user/{userId}", Authed(s.deleteUser, admins...))
		s.Handle("GET /api/users", Authed(s.listUsers, both...))
		s.Handle("GET /api/users/list", Authed(s.usersByIDs, both...))
		s.Handle("GET /api/users/info", Authed(s.userEmailInfos, both...))
		s.Handle("GET /api/tenant/{tenantId}/users", Authed(s.tenantAdmins, SysAdmin))
		s.Handle("GET /api/customer/{customerId}/users", Authed(s.customerUsers, TenantAdmin))
		s.Handle("GET /api/user/{userId}/activationLink", Authed(s.activationLink, admins...))
		s.Handle("GET /api/user/{userId}/activationLinkInfo", Authed(s.activationLinkInfo, admins...))
		s.Handle("POST /api/user/sendActivationMail", Authed(s.sendActivationMail, admins...))
		s.Handle("POST /api/user/{userId}/userCredentialsEnabled", Authed(s.setUserCredentialsEnabled, admins...))
		s.Handle("GET /api/user/tokenAccessEnabled", Authed(s.userTokenAccessEnabled, admins...))
		s.Handle("GET /api/user/{userId}/token", Authed(s.userToken, admins...))
		s.Handle("GET /api/noauth/activate", Public(s.checkActivateToken))
		s.Handle("POST /api/noauth/activate", Public(s.activateUser))
		s.Handle("GET /api/noauth/userPasswordPolicy", Public(s.userPasswordPolicy))
		s.Handle("POST /api/auth/changePassword", Authed(s.changePassword))
		s.Handle("POST /api/noauth/resetPasswordByEmail", Public(s.requestPasswordReset))
		s.Handle("GET /api/noauth/resetPassword", Public(s.checkResetToken))
		s.Handle("POST /api/noauth/resetPassword", Public(s.resetPassword))
		s.Handle("GET /api/user/settings/general", Authed(s.getUserSettings))
		s.Handle("POST /api/user/settings", Authed(s.saveUserSettings))
		s.Handle("PUT /api/user/settings/general", Authed(s.putUserSettings))
		s.Handle("DELETE /api/user/settings/{paths}", Authed(s.deleteUserSettings))
		s.Handle("GET /api/user/settings/{type}", Authed(s.getUserSettings))
		s.Handle("PUT /api/user/settings/{type}", Authed(s.putUserSettings))
		s.Handle("DELETE /api/user/settings/{type}/{paths}", Authed(s.deleteUserSettings))
		s.Handle("GET /api/user/lastVisitedDashboards", Authed(s.lastVisitedDashboards, both...))
		s.Handle("GET /api/user/dashboards/{dashboardId}/{action}", Authed(s.reportDashboardAction, both...))
		s.Handle("GET /api/user/mobile/session", Authed(s.getMobileSession))
		s.Handle("POST /api/user/mobile/session", Authed(s.saveMobileSession))
		s.Handle("DELETE /api/user/mobile/session", Authed(s.removeMobileSession))
	})
}

// modelValue is how users, customers, dashboards and tenants are stored: the client's
// model, written as the server writes it, with null for each of its fields (Keys) that
// the model leaves out.
type modelValue[T any] struct {
	Model *T
	Keys  []string
}

// MarshalJSON writes the model with the server's null fields.
func (m *modelValue[T]) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(m.Model)
	if err != nil || len(m.Keys) == 0 {
		return b, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	for _, k := range m.Keys {
		if _, ok := obj[k]; !ok {
			obj[k] = json.RawMessage("null")
		}
	}
	return json.Marshal(obj)
}

// shaped wraps a model for storage or output with the server's fields.
func shaped[T any](v *T, keys []string) *modelValue[T] { return &modelValue[T]{Model: v, Keys: keys} }

// modelConverter returns the RegisterModel converter of a model type of the users
// family: the demo loader's JSON object becomes a *modelValue[T].
func modelConverter[T any](keys []string) func(map[string]any) (any, error) {
	return func(m map[string]any) (any, error) {
		v := new(T)
		if err := remarshal(m, v); err != nil {
			return nil, err
		}
		return shaped(v, keys), nil
	}
}

// The fields the server writes for each model (CE).
var (
	userKeys = []string{"id", "createdTime", "additionalInfo", "tenantId", "customerId", "email", "authority",
		"firstName", "lastName", "phone", "version", "name"}
	customerKeys = []string{"id", "createdTime", "additionalInfo", "country", "state", "city", "address", "address2",
		"zip", "phone", "email", "title", "tenantId", "externalId", "version", "name"}
	tenantKeys = []string{"id", "createdTime", "additionalInfo", "country", "state", "city", "address", "address2",
		"zip", "phone", "email", "title", "region", "tenantProfileId", "version", "name"}
	tenantInfoKeys    = append(slices.Clone(tenantKeys), "tenantProfileName")
	dashboardInfoKeys = []string{"id", "createdTime", "tenantId", "title", "image", "assignedCustomers", "mobileHide",
		"mobileOrder", "version", "name"}
	dashboardKeys = append(slices.Clone(dashboardInfoKeys), "configuration", "resources", "externalId")
)

// cloneModel returns a copy of a stored model value as a *T: a shallow copy when the
// value holds a *T, a converted one otherwise (a generic JSON map).
func cloneModel[T any](v any) (*T, error) {
	if p, ok := v.(*T); ok && p != nil {
		c := *p
		return &c, nil
	}
	if mv, ok := v.(*modelValue[T]); ok && mv != nil && mv.Model != nil {
		c := *mv.Model
		return &c, nil
	}
	out := new(T)
	if err := remarshal(v, out); err != nil {
		return nil, err
	}
	return out, nil
}

// userRecordFields are the query-able fields of a user record.
func userRecordFields(u *tb.User) map[string]string {
	return map[string]string{"email": u.Email, "name": u.Email, "authority": string(u.Authority),
		"firstName": u.FirstName, "lastName": u.LastName, "phone": u.Phone}
}

// userAccess says whether the caller may read (write false) or change (write true) the
// user: the server's USER permission checkers of the three authorities.
func userAccess(p *Principal, u Record, write bool) bool {
	auth := tb.Authority(u.Fields["authority"])
	switch p.Authority {
	case SysAdmin:
		return auth != CustomerUser
	case TenantAdmin:
		return auth != SysAdmin && u.TenantID == p.TenantID
	case CustomerUser:
		return auth == CustomerUser && u.CustomerID == p.CustomerID && (!write || u.ID.ID == p.UserID)
	}
	return false
}

// checkedUser loads a user the caller may access: 404 when it does not exist, 403
// when it is out of reach.
func checkedUser(tx *Tx, p *Principal, id string, write bool) (Record, error) {
	rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeUser, id))
	if !ok {
		return Record{}, NotFound("User", id)
	}
	if isPE(tx) && !p.IsSysAdmin() {
		op := tb.OperationRead
		if write {
			op = tb.OperationWrite
		}
		if rec.ID.ID == p.UserID {
			return rec, nil
		}
		return rec, Authorize(tx, p, rec, op)
	}
	if !userAccess(p, rec, write) {
		return Record{}, PermissionDenied()
	}
	return rec, nil
}

// userWithCredentialsInfo returns the user as GET /api/user/{id} shows it: its
// additionalInfo completed with the state of its credentials.
func userWithCredentialsInfo(tx *Tx, rec Record) (*tb.User, error) {
	u, err := cloneModel[tb.User](rec.Value)
	if err != nil {
		return nil, err
	}
	info := map[string]any{}
	if len(u.AdditionalInfo) > 0 {
		_ = json.Unmarshal(u.AdditionalInfo, &info)
		if info == nil {
			info = map[string]any{}
		}
	}
	cr, _ := tx.Credentials(rec.ID.ID)
	info["userCredentialsEnabled"] = cr.Enabled
	info["userActivated"] = cr.ActivateToken == ""
	info["lastLoginTs"] = nil
	b, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	u.AdditionalInfo = b
	return u, nil
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if r.PathValue("userId") == "dashboards" && s.cfg.edition == CE {
		// A CE server keeps the older GET /api/user/dashboards, hidden from its
		// specification, which answers the user's visited and starred dashboards.
		if p.IsSysAdmin() {
			return PermissionDenied()
		}
		return s.lastVisitedDashboards(w, r, p)
	}
	id, err := PathUUID(r, "userId")
	if err != nil {
		return err
	}
	var out *tb.User
	s.store.Read(func(tx *Tx) {
		var rec Record
		if rec, err = checkedUser(tx, p, id, false); err == nil {
			out, err = userWithCredentialsInfo(tx, rec)
		}
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, shaped(out, userKeys))
}

// emailPattern is the server's email address check (DataValidator).
var emailPattern = regexp.MustCompile("(?i)^[A-Z0-9_!#$%&'*+/=?`{|}~^.-]+@[A-Z0-9.-]+\\.[A-Z]{2,}$")

// validEmail reports whether s is an email address the server accepts.
func validEmail(s string) bool { return emailPattern.MatchString(s) }

func (s *Server) saveUser(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in tb.User
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if !p.IsSysAdmin() {
		in.TenantID = p.TenantEntityID()
	}
	var out *tb.User
	err := s.store.Write(func(tx *Tx) error {
		var old Record
		creating := in.ID.IsZero() || in.ID.ID == ""
		if creating {
			// Creation is checked against the new user itself.
			probe := Record{ID: tb.NewEntityID(tb.EntityTypeUser, ""), TenantID: cmpOrNull(in.TenantID.ID),
				CustomerID: cmpOrNull(in.CustomerID.ID), Fields: map[string]string{"authority": string(in.Authority)}}
			if !userAccess(p, probe, true) || p.IsCustomerUser() {
				return PermissionDenied()
			}
		} else {
			id, err := ParseUUID(in.ID.ID)
			if err != nil {
				return err
			}
			if old, err = checkedUser(tx, p, id, true); err != nil {
				return err
			}
			in.ID.ID = id
		}
		if err := validateUser(tx, &in, old, creating); err != nil {
			return err
		}
		if !creating {
			if err := checkEntityVersion(in.Version, old, "User"); err != nil {
				return err
			}
		}
		for _, other := range tx.List(tb.EntityTypeUser, func(rec Record) bool { return rec.Fields["email"] == in.Email }) {
			if other.ID.ID != in.ID.ID {
				return BadRequest("User with email '%s' already present in database!", in.Email)
			}
		}
		rec := tx.Stamp(Record{ID: tb.NewEntityID(tb.EntityTypeUser, in.ID.ID), TenantID: in.TenantID.ID,
			CustomerID: in.CustomerID.ID, OwnerID: ownerEntity(in.TenantID.ID, in.CustomerID.ID)})
		u := in
		u.ID, u.CreatedTime, u.Version, u.Name = rec.ID, rec.CreatedTime, rec.Version, in.Email
		u.OwnerID = tb.EntityID{}
		if s.cfg.edition == PE {
			u.OwnerID = rec.OwnerID
		} else {
			u.CustomMenuID = tb.EntityID{}
		}
		rec.Fields, rec.Value = userRecordFields(&u), shaped(&u, userKeys)
		tx.Put(rec)
		if creating {
			tx.SetCredentials(UserCredentials{UserID: rec.ID.ID, Enabled: false, ActivateToken: s.newAccountToken(tx, activationTTL)})
		}
		out = &u
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, shaped(out, userKeys))
}

// cmpOrNull returns id, or NullUUID when it is empty.
func cmpOrNull(id string) string {
	if id == "" {
		return tb.NullUUID
	}
	return id
}

// ownerEntity returns the owner of an entity of the tenant assigned to customerID.
func ownerEntity(tenantID, customerID string) tb.EntityID {
	if customerID != "" && customerID != tb.NullUUID {
		return tb.NewEntityID(tb.EntityTypeCustomer, customerID)
	}
	return tb.NewEntityID(tb.EntityTypeTenant, cmpOrNull(tenantID))
}

// checkEntityVersion enforces optimistic locking: a sent version (non-zero) must equal
// the stored one.
func checkEntityVersion(sent int64, stored Record, normalName string) error {
	if sent != 0 && sent != stored.Version {
		return VersionConflict(normalName)
	}
	return nil
}

// validateUser applies UserDataValidator: email, authority, tenant and customer rules.
// It fills the null tenant and customer ids.
func validateUser(tx *Tx, u *tb.User, old Record, creating bool) error {
	if u.Email == "" {
		return BadRequest("User email should be specified!")
	}
	if !validEmail(u.Email) {
		return BadRequest("Invalid email address format '%s'!", u.Email)
	}
	if u.Authority == "" {
		return BadRequest("User authority isn't defined!")
	}
	if u.TenantID.ID == "" {
		u.TenantID = tb.NewEntityID(tb.EntityTypeTenant, tb.NullUUID)
	}
	u.TenantID.EntityType = tb.EntityTypeTenant
	if u.CustomerID.ID == "" {
		u.CustomerID = tb.NewEntityID(tb.EntityTypeCustomer, tb.NullUUID)
	}
	u.CustomerID.EntityType = tb.EntityTypeCustomer
	tenant, customer := u.TenantID.ID, u.CustomerID.ID
	if !creating {
		switch {
		case old.TenantID != tenant:
			return BadRequest("Can't update user tenant id!")
		case old.Fields["authority"] != string(u.Authority):
			return BadRequest("Can't update user authority!")
		case old.CustomerID != customer:
			return BadRequest("Can't update user customer id!")
		}
	}
	switch u.Authority {
	case SysAdmin:
		if tenant != tb.NullUUID || customer != tb.NullUUID {
			return BadRequest("System administrator can't be assigned neither to tenant nor to customer!")
		}
	case TenantAdmin:
		if tenant == tb.NullUUID {
			return BadRequest("Tenant administrator should be assigned to tenant!")
		}
		if customer != tb.NullUUID {
			return BadRequest("Tenant administrator can't be assigned to customer!")
		}
	case CustomerUser:
		if tenant == tb.NullUUID || customer == tb.NullUUID {
			return BadRequest("Customer user should be assigned to customer!")
		}
	default:
		return BadRequest("JSON parse error: Cannot deserialize value of type `org.thingsboard.server.common.data.security.Authority` from String \"%s\"", u.Authority)
	}
	if tenant != tb.NullUUID {
		if _, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeTenant, tenant)); !ok {
			return BadRequest("User is referencing to non-existent tenant!")
		}
	}
	if customer != tb.NullUUID {
		c, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeCustomer, customer))
		if !ok {
			return BadRequest("User is referencing to non-existent customer!")
		}
		if c.TenantID != tenant {
			return BadRequest("User can't be assigned to customer from different tenant!")
		}
	}
	return nil
}

// newAccountToken returns a new activation or password reset token, valid for ttl.
func (s *Server) newAccountToken(tx *Tx, ttl time.Duration) string {
	tok := randomToken(30)
	Table[string, int64](tx, tokenExpiryTable)[tok] = tx.Now() + ttl.Milliseconds()
	return tok
}

// tokenExpired reports whether an activation or reset token is past its lifetime.
func tokenExpired(tx *Tx, tok string) bool {
	exp, ok := Table[string, int64](tx, tokenExpiryTable)[tok]
	return ok && tx.Now() > exp
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "userId")
	if err != nil {
		return err
	}
	err = s.store.Write(func(tx *Tx) error {
		rec, err := checkedUser(tx, p, id, true)
		if err != nil {
			return err
		}
		auth := tb.Authority(rec.Fields["authority"])
		if auth == SysAdmin && id == p.UserID {
			return Errorf(http.StatusForbidden, tb.CodePermissionDenied, "Sysadmin is not allowed to delete himself")
		}
		if auth == TenantAdmin {
			admins := tx.List(tb.EntityTypeUser, func(u Record) bool {
				return u.TenantID == rec.TenantID && u.Fields["authority"] == string(TenantAdmin)
			})
			if len(admins) == 1 {
				return BadRequest("At least one tenant administrator must remain!")
			}
		}
		s.removeUser(tx, rec)
		return nil
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// removeUser deletes a user with its credentials, API keys and settings, and
// invalidates its tokens.
func (s *Server) removeUser(tx *Tx, rec Record) {
	tx.Delete(rec.ID.ID)
	tx.DeleteCredentials(rec.ID.ID)
	delete(Table[string, *dashboardVisits](tx, dashboardVisitsTable), rec.ID.ID)
	settings := Table[string, map[string]any](tx, userSettingsTable)
	for k := range settings {
		if strings.HasPrefix(k, rec.ID.ID+"/") {
			delete(settings, k)
		}
	}
	s.OutdateUserTokens(rec.ID.ID)
}

// writeUserPage searches (by email), sorts and pages user records.
func writeUserPage(w http.ResponseWriter, r *http.Request, list func(tx *Tx) ([]Record, error), store *Store) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(userSorts...); err != nil {
		return err
	}
	var recs []Record
	store.Read(func(tx *Tx) { recs, err = list(tx) })
	if err != nil {
		return err
	}
	return WriteJSON(w, RecordPage(recs, pl, "email"))
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return writeUserPage(w, r, func(tx *Tx) ([]Record, error) {
		if p.IsTenantAdmin() {
			return tx.ListByTenant(tb.EntityTypeUser, p.TenantID), nil
		}
		return tx.ListByCustomer(tb.EntityTypeUser, p.TenantID, p.CustomerID), nil
	}, s.store)
}

func (s *Server) tenantAdmins(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	tenant, err := PathUUID(r, "tenantId")
	if err != nil {
		return err
	}
	return writeUserPage(w, r, func(tx *Tx) ([]Record, error) {
		return tx.List(tb.EntityTypeUser, func(u Record) bool {
			return u.TenantID == tenant && u.Fields["authority"] == string(TenantAdmin)
		}), nil
	}, s.store)
}

func (s *Server) customerUsers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	customer, err := PathUUID(r, "customerId")
	if err != nil {
		return err
	}
	return writeUserPage(w, r, func(tx *Tx) ([]Record, error) {
		if _, err := readableCustomer(tx, p, customer); err != nil {
			return nil, err
		}
		return tx.ListByCustomer(tb.EntityTypeUser, p.TenantID, customer), nil
	}, s.store)
}

func (s *Server) userEmailInfos(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pl, err := ParsePageLink(r)
	if err != nil {
		return err
	}
	if err := pl.CheckSort(userSorts...); err != nil {
		return err
	}
	var recs []Record
	s.store.Read(func(tx *Tx) {
		recs = tx.List(tb.EntityTypeUser, func(u Record) bool {
			return u.TenantID == p.TenantID && (p.IsTenantAdmin() || u.CustomerID == p.CustomerID)
		})
	})
	recs = SearchRecords(recs, pl, "email", "firstName", "lastName")
	recs = slices.Clone(recs)
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	out := tb.Page[tb.UserEmailInfo]{Data: make([]tb.UserEmailInfo, len(page.Data)), TotalPages: page.TotalPages,
		TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, u := range page.Data {
		out.Data[i] = tb.UserEmailInfo{ID: u.ID, Email: u.Fields["email"], FirstName: u.Fields["firstName"], LastName: u.Fields["lastName"]}
	}
	return WriteJSON(w, out)
}

// uuidListParam reads a required comma-separated (or repeated) list of UUIDs.
func uuidListParam(r *http.Request, name string) ([]string, error) {
	if _, err := RequiredParam(r, name, "Set"); err != nil {
		return nil, err
	}
	var ids []string
	for _, v := range r.URL.Query()[name] {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			id, err := ParseUUID(s)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

func (s *Server) usersByIDs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ids, err := uuidListParam(r, "userIds")
	if err != nil {
		return err
	}
	out := []any{}
	s.store.Read(func(tx *Tx) {
		for _, id := range ids {
			if rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeUser, id)); ok && rec.TenantID == p.TenantID && userAccess(p, rec, false) {
				out = append(out, rec.Value)
			}
		}
	})
	return WriteJSON(w, out)
}

// activationLinkOf returns the activation link of an inactive user and its remaining
// lifetime; 400 "User is already activated!" for an active user.
func (s *Server) activationLinkOf(r *http.Request, p *Principal) (tb.UserActivationLink, error) {
	id, err := PathUUID(r, "userId")
	if err != nil {
		return tb.UserActivationLink{}, err
	}
	var link tb.UserActivationLink
	err = s.store.Write(func(tx *Tx) error {
		if _, err := checkedUser(tx, p, id, false); err != nil {
			return err
		}
		cr, _ := tx.Credentials(id)
		if cr.Enabled || cr.ActivateToken == "" {
			return BadRequest("User is already activated!")
		}
		exp := Table[string, int64](tx, tokenExpiryTable)[cr.ActivateToken]
		if exp-tx.Now() < (15 * time.Minute).Milliseconds() {
			// The server renews a link that expires within 15 minutes.
			delete(Table[string, int64](tx, tokenExpiryTable), cr.ActivateToken)
			cr.ActivateToken = s.newAccountToken(tx, activationTTL)
			tx.SetCredentials(cr)
			exp = Table[string, int64](tx, tokenExpiryTable)[cr.ActivateToken]
		}
		link = tb.UserActivationLink{Value: baseURL(r) + "/api/noauth/activate?activateToken=" + cr.ActivateToken, TTLMs: exp - tx.Now()}
		return nil
	})
	return link, err
}

// baseURL is the server's own address as the request names it.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) activationLink(w http.ResponseWriter, r *http.Request, p *Principal) error {
	link, err := s.activationLinkOf(r, p)
	if err != nil {
		return err
	}
	WriteText(w, http.StatusOK, link.Value)
	return nil
}

func (s *Server) activationLinkInfo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	link, err := s.activationLinkOf(r, p)
	if err != nil {
		return err
	}
	return WriteJSON(w, link)
}

// sendActivationMail finds the user and checks it is inactive; the emulator sends no
// mail, so the call succeeds as if a mail server had accepted the message.
func (s *Server) sendActivationMail(w http.ResponseWriter, r *http.Request, p *Principal) error {
	email, err := RequiredParam(r, "email", "String")
	if err != nil {
		return err
	}
	s.store.Read(func(tx *Tx) {
		rec, ok := tx.FindByField(tb.EntityTypeUser, "", "email", email)
		switch {
		case !ok:
			err = ItemNotFound()
		case !userAccess(p, rec, false):
			err = PermissionDenied()
		default:
			if cr, _ := tx.Credentials(rec.ID.ID); cr.Enabled || cr.ActivateToken == "" {
				err = BadRequest("User is already activated!")
			}
		}
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) setUserCredentialsEnabled(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "userId")
	if err != nil {
		return err
	}
	enabled := true
	if v := r.URL.Query().Get("userCredentialsEnabled"); v != "" {
		switch strings.ToLower(v) {
		case "true":
		case "false":
			enabled = false
		default:
			return typeMismatch("userCredentialsEnabled", v, "boolean")
		}
	}
	err = s.store.Write(func(tx *Tx) error {
		if _, err := checkedUser(tx, p, id, true); err != nil {
			return err
		}
		cr, _ := tx.Credentials(id)
		if enabled && cr.ActivateToken != "" {
			return BadRequest("Enabled user credentials can't have activate token!")
		}
		cr.UserID, cr.Enabled = id, enabled
		tx.SetCredentials(cr)
		return nil
	})
	if err != nil {
		return err
	}
	if !enabled {
		s.OutdateUserTokens(id)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) userTokenAccessEnabled(w http.ResponseWriter, _ *http.Request, _ *Principal) error {
	return WriteJSON(w, true)
}

// userToken issues a token pair of another user: a system administrator may act as a
// tenant administrator, a tenant administrator as a user of its tenant.
func (s *Server) userToken(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "userId")
	if err != nil {
		return err
	}
	var rec Record
	s.store.Read(func(tx *Tx) { rec, err = checkedUser(tx, p, id, false) })
	if err != nil {
		return err
	}
	return s.writePair(w, userPrincipal(rec), "")
}

func (s *Server) checkActivateToken(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	tok, err := RequiredParam(r, "activateToken", "String")
	if err != nil {
		return err
	}
	found, expired := false, false
	s.store.Read(func(tx *Tx) {
		for _, u := range tx.List(tb.EntityTypeUser, nil) {
			if cr, ok := tx.Credentials(u.ID.ID); ok && cr.ActivateToken != "" && cr.ActivateToken == tok {
				found, expired = true, tokenExpired(tx, tok)
				return
			}
		}
	})
	switch {
	case !found:
		w.WriteHeader(http.StatusConflict)
	case expired:
		seeOther(w, "/activationLinkExpired")
	default:
		seeOther(w, "/login/createPassword?activateToken="+tok)
	}
	return nil
}

// seeOther answers with the server's redirect to a page of the web UI: 303, a Location
// header and no body.
func seeOther(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	w.WriteHeader(http.StatusSeeOther)
}

// checkPassword applies the default password policy: 6 to 72 characters.
func checkPassword(password string) error {
	n := len([]rune(password))
	if n < 6 {
		return BadRequest("Password must be 6 or more characters in length.")
	}
	if n > 72 {
		return BadRequest("Password must be no more than 72 characters in length.")
	}
	return nil
}

func (s *Server) activateUser(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		ActivateToken string `json:"activateToken"`
		Password      string `json:"password"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	if err := checkPassword(body.Password); err != nil {
		return err
	}
	if body.ActivateToken == "" {
		return BadRequest("Incorrect activateToken %s", body.ActivateToken)
	}
	var user Record
	err := s.store.Write(func(tx *Tx) error {
		for _, u := range tx.List(tb.EntityTypeUser, nil) {
			cr, ok := tx.Credentials(u.ID.ID)
			if !ok || cr.ActivateToken != body.ActivateToken {
				continue
			}
			if cr.Enabled {
				return BadRequest("User credentials already activated")
			}
			if tokenExpired(tx, cr.ActivateToken) {
				return BadRequest("Activation token expired")
			}
			delete(Table[string, int64](tx, tokenExpiryTable), cr.ActivateToken)
			cr.Enabled, cr.ActivateToken, cr.Password = true, "", body.Password
			tx.SetCredentials(cr)
			user = u
			return nil
		}
		return BadRequest("Unable to find user credentials by activateToken [%s]", body.ActivateToken)
	})
	if err != nil {
		return err
	}
	return s.writePair(w, userPrincipal(user), "")
}

func (s *Server) userPasswordPolicy(w http.ResponseWriter, _ *http.Request, _ *Principal) error {
	return WriteJSON(w, map[string]any{"minimumLength": 6, "maximumLength": 72, "minimumUppercaseLetters": nil,
		"minimumLowercaseLetters": nil, "minimumDigits": nil, "minimumSpecialCharacters": nil, "allowWhitespaces": true,
		"forceUserToResetPasswordIfNotValid": false, "passwordExpirationPeriodDays": nil, "passwordReuseFrequencyDays": nil})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var body struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	err := s.store.Write(func(tx *Tx) error {
		cr, ok := tx.Credentials(p.UserID)
		if !ok || cr.Password != body.CurrentPassword {
			return BadRequest("Current password doesn't match!")
		}
		if err := checkPassword(body.NewPassword); err != nil {
			return err
		}
		if body.NewPassword == cr.Password {
			return BadRequest("New password should be different from existing!")
		}
		cr.Password = body.NewPassword
		tx.SetCredentials(cr)
		return nil
	})
	if err != nil {
		return err
	}
	s.OutdateUserTokens(p.UserID)
	return s.writePair(w, p, p.SessionID)
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		Email string `json:"email"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	// The server answers 200 whatever happens, so that emails cannot be probed.
	_ = s.store.Write(func(tx *Tx) error {
		u, ok := tx.FindByField(tb.EntityTypeUser, "", "email", body.Email)
		if !ok {
			return nil
		}
		if cr, ok := tx.Credentials(u.ID.ID); ok && cr.Enabled {
			cr.ResetToken = s.newAccountToken(tx, resetTTL)
			tx.SetCredentials(cr)
		}
		return nil
	})
	w.WriteHeader(http.StatusOK)
	return nil
}

// ResetToken returns the password reset token the server generated for the user
// with the given email after a reset request ("" when none), standing in for the
// e-mail the real server would send.
func (s *Server) ResetToken(email string) string {
	var tok string
	s.store.Read(func(tx *Tx) {
		if u, ok := tx.FindByField(tb.EntityTypeUser, "", "email", email); ok {
			cr, _ := tx.Credentials(u.ID.ID)
			tok = cr.ResetToken
		}
	})
	return tok
}

// userByResetToken finds the credentials holding a reset token.
func userByResetToken(tx *Tx, tok string) (UserCredentials, bool) {
	for _, u := range tx.List(tb.EntityTypeUser, nil) {
		if cr, ok := tx.Credentials(u.ID.ID); ok && cr.ResetToken != "" && cr.ResetToken == tok {
			return cr, true
		}
	}
	return UserCredentials{}, false
}

func (s *Server) checkResetToken(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	tok, err := RequiredParam(r, "resetToken", "String")
	if err != nil {
		return err
	}
	found, expired := false, false
	s.store.Read(func(tx *Tx) {
		_, found = userByResetToken(tx, tok)
		expired = found && tokenExpired(tx, tok)
	})
	switch {
	case !found:
		w.WriteHeader(http.StatusConflict)
	case expired:
		seeOther(w, "/passwordResetLinkExpired")
	default:
		seeOther(w, "/login/resetPassword?resetToken="+tok)
	}
	return nil
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		ResetToken string `json:"resetToken"`
		Password   string `json:"password"`
	}
	if err := DecodeJSON(r, &body); err != nil {
		return err
	}
	var userID string
	err := s.store.Write(func(tx *Tx) error {
		cr, ok := userByResetToken(tx, body.ResetToken)
		if !ok || body.ResetToken == "" {
			return BadRequest("Invalid reset token!")
		}
		if tokenExpired(tx, cr.ResetToken) {
			return BadRequest("Password reset token expired")
		}
		if err := checkPassword(body.Password); err != nil {
			return err
		}
		if body.Password == cr.Password {
			return BadRequest("New password should be different from existing!")
		}
		delete(Table[string, int64](tx, tokenExpiryTable), cr.ResetToken)
		cr.Password, cr.ResetToken = body.Password, ""
		tx.SetCredentials(cr)
		userID = cr.UserID
		return nil
	})
	if err != nil {
		return err
	}
	s.OutdateUserTokens(userID)
	w.WriteHeader(http.StatusOK)
	return nil
}

// settingsType returns the settings type of a request: GENERAL, or the {type} path
// segment (case-insensitive). Reserved and unknown types are refused.
func settingsType(r *http.Request) (string, error) {
	t := r.PathValue("type")
	if t == "" {
		return "GENERAL", nil
	}
	switch up := strings.ToUpper(t); up {
	case "GENERAL", "QUICK_LINKS", "DOC_LINKS", "GETTING_STARTED", "NOTIFICATIONS", "MOBILE":
		return up, nil
	case "DASHBOARDS":
		return "", BadRequest("Settings with type: %s are reserved for internal use!", t)
	default:
		return "", BadRequest("Settings type \"%s\" is not supported!", t)
	}
}

func (s *Server) getUserSettings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	typ, err := settingsType(r)
	if err != nil {
		return err
	}
	var out map[string]any
	s.store.Read(func(tx *Tx) { out = Table[string, map[string]any](tx, userSettingsTable)[p.UserID+"/"+typ] })
	if out == nil {
		out = map[string]any{}
	}
	return WriteJSON(w, out)
}

func (s *Server) saveUserSettings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in map[string]any
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	if in == nil {
		in = map[string]any{}
	}
	_ = s.store.Write(func(tx *Tx) error {
		Table[string, map[string]any](tx, userSettingsTable)[p.UserID+"/GENERAL"] = in
		return nil
	})
	return WriteJSON(w, in)
}

// mergeSettings merges src into a copy of dst: objects are merged key by key, any
// other value replaces the old one.
func mergeSettings(dst, src map[string]any) map[string]any {
	out := make(map[string]any, len(dst)+len(src))
	for k, v := range dst {
		out[k] = v
	}
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			if old, ok := out[k].(map[string]any); ok {
				out[k] = mergeSettings(old, sub)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func (s *Server) putUserSettings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	typ, err := settingsType(r)
	if err != nil {
		return err
	}
	var in map[string]any
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	_ = s.store.Write(func(tx *Tx) error {
		t := Table[string, map[string]any](tx, userSettingsTable)
		t[p.UserID+"/"+typ] = mergeSettings(t[p.UserID+"/"+typ], in)
		return nil
	})
	w.WriteHeader(http.StatusOK)
	return nil
}

// withoutPath returns a copy of m without the dotted path.
func withoutPath(m map[string]any, path []string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	if len(path) == 1 {
		delete(out, path[0])
	} else if sub, ok := out[path[0]].(map[string]any); ok {
		out[path[0]] = withoutPath(sub, path[1:])
	}
	return out
}

func (s *Server) deleteUserSettings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	typ, err := settingsType(r)
	if err != nil {
		return err
	}
	paths := r.PathValue("paths")
	_ = s.store.Write(func(tx *Tx) error {
		t := Table[string, map[string]any](tx, userSettingsTable)
		m := t[p.UserID+"/"+typ]
		for _, path := range strings.Split(paths, ",") {
			if path != "" && m != nil {
				m = withoutPath(m, strings.Split(path, "."))
			}
		}
		if m != nil {
			t[p.UserID+"/"+typ] = m
		}
		return nil
	})
	w.WriteHeader(http.StatusOK)
	return nil
}

// dashboardVisits are a user's last visited (newest first, at most 10) and starred dashboards.
type dashboardVisits struct {
	Last    []tb.LastVisitedDashboardInfo
	Starred []tb.StarredDashboardInfo
}

// dashboardsInfoOf returns the user's lists with the dashboards' current titles,
// leaving out deleted dashboards.
func dashboardsInfoOf(tx *Tx, userID string) tb.UserDashboardsInfo {
	out := tb.UserDashboardsInfo{Last: []tb.LastVisitedDashboardInfo{}, Starred: []tb.StarredDashboardInfo{}}
	v := Table[string, *dashboardVisits](tx, dashboardVisitsTable)[userID]
	if v == nil {
		return out
	}
	title := func(id string) (string, bool) {
		rec, ok := tx.GetTyped(tb.NewEntityID(tb.EntityTypeDashboard, id))
		return rec.Fields["title"], ok
	}
	for _, d := range v.Last {
		if t, ok := title(d.ID); ok {
			d.Title = t
			out.Last = append(out.Last, d)
		}
	}
	for _, d := range v.Starred {
		if t, ok := title(d.ID); ok {
			d.Title = t
			out.Starred = append(out.Starred, d)
		}
	}
	return out
}

func (s *Server) lastVisitedDashboards(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	var out tb.UserDashboardsInfo
	s.store.Read(func(tx *Tx) { out = dashboardsInfoOf(tx, p.UserID) })
	return WriteJSON(w, out)
}

func (s *Server) reportDashboardAction(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := PathUUID(r, "dashboardId")
	if err != nil {
		return err
	}
	action := strings.ToUpper(r.PathValue("action"))
	if action != "VISIT" && action != "STAR" && action != "UNSTAR" {
		return BadRequest("Action \"%s\" is not supported!", r.PathValue("action"))
	}
	var out tb.UserDashboardsInfo
	err = s.store.Write(func(tx *Tx) error {
		if _, err := readableDashboard(tx, p, id); err != nil {
			return err
		}
		t := Table[string, *dashboardVisits](tx, dashboardVisitsTable)
		old := t[p.UserID]
		v := &dashboardVisits{}
		if old != nil {
			v.Last, v.Starred = slices.Clone(old.Last), slices.Clone(old.Starred)
		}
		starred := slices.IndexFunc(v.Starred, func(d tb.StarredDashboardInfo) bool { return d.ID == id })
		switch action {
		case "VISIT":
			v.Last = slices.DeleteFunc(v.Last, func(d tb.LastVisitedDashboardInfo) bool { return d.ID == id })
			v.Last = slices.Insert(v.Last, 0, tb.LastVisitedDashboardInfo{ID: id, Starred: starred >= 0, LastVisited: tx.Now()})
			if len(v.Last) > 10 {
				v.Last = v.Last[:10]
			}
		case "STAR":
			if starred < 0 {
				v.Starred = append(v.Starred, tb.StarredDashboardInfo{ID: id, StarredAt: tx.Now()})
			}
		case "UNSTAR":
			if starred >= 0 {
				v.Starred = slices.Delete(v.Starred, starred, starred+1)
			}
		}
		for i := range v.Last {
			v.Last[i].Starred = slices.ContainsFunc(v.Starred, func(d tb.StarredDashboardInfo) bool { return d.ID == v.Last[i].ID })
		}
		t[p.UserID] = v
		out = dashboardsInfoOf(tx, p.UserID)
		return nil
	})
	if err != nil {
		return err
	}
	return WriteJSON(w, out)
}

// mobileToken returns the required X-Mobile-Token header.
func mobileToken(r *http.Request) (string, error) {
	tok := r.Header.Get("X-Mobile-Token")
	if tok == "" {
		return "", BadRequest("Required request header 'X-Mobile-Token' for method parameter type String is not present")
	}
	return tok, nil
}

func (s *Server) getMobileSession(w http.ResponseWriter, r *http.Request, p *Principal) error {
	tok, err := mobileToken(r)
	if err != nil {
		return err
	}
	var sess *tb.MobileSessionInfo
	s.store.Read(func(tx *Tx) { sess = Table[string, *tb.MobileSessionInfo](tx, mobileSessionsTable)[p.UserID+"/"+tok] })
	if sess == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		return nil
	}
	return WriteJSON(w, sess)
}

func (s *Server) saveMobileSession(w http.ResponseWriter, r *http.Request, p *Principal) error {
	tok, err := mobileToken(r)
	if err != nil {
		return err
	}
	var in tb.MobileSessionInfo
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	_ = s.store.Write(func(tx *Tx) error {
		Table[string, *tb.MobileSessionInfo](tx, mobileSessionsTable)[p.UserID+"/"+tok] = &in
		return nil
	})
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) removeMobileSession(w http.ResponseWriter, r *http.Request, p *Principal) error {
	tok, err := mobileToken(r)
	if err != nil {
		return err
	}
	_ = s.store.Write(func(tx *Tx) error {
		delete(Table[string, *tb.MobileSessionInfo](tx, mobileSessionsTable), p.UserID+"/"+tok)
		return nil
	})
	w.WriteHeader(http.StatusOK)
	return nil
}
