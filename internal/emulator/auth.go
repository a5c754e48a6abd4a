package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	tb "github.com/tbgo/thingsboard"
)

// Principal is the authenticated caller of a request.
type Principal struct {
	Authority tb.Authority
	// UserID is the user's UUID (NullUUID for the public user of a public customer).
	UserID string
	// TenantID is NullUUID for the system administrator; CustomerID is NullUUID for
	// tenant administrators and the system administrator.
	TenantID, CustomerID string
	Email                string
	FirstName, LastName  string
	// SessionID is the token's session ("" with an API key).
	SessionID string
	// APIKey is set when the caller authenticated with an API key.
	APIKey bool
	// IsPublic is set for the public user of a public customer.
	IsPublic bool
}

// IsSysAdmin reports whether the caller is the system administrator.
func (p *Principal) IsSysAdmin() bool { return p.Authority == SysAdmin }

// IsTenantAdmin reports whether the caller is a tenant administrator.
func (p *Principal) IsTenantAdmin() bool { return p.Authority == TenantAdmin }

// IsCustomerUser reports whether the caller is a customer user.
func (p *Principal) IsCustomerUser() bool { return p.Authority == CustomerUser }

// UserEntityID, TenantEntityID and CustomerEntityID return the caller's ids as EntityIDs.
func (p *Principal) UserEntityID() tb.EntityID { return tb.NewEntityID(tb.EntityTypeUser, p.UserID) }

// TenantEntityID returns the caller's tenant id.
func (p *Principal) TenantEntityID() tb.EntityID {
	return tb.NewEntityID(tb.EntityTypeTenant, p.TenantID)
}

// CustomerEntityID returns the caller's customer id (NullUUID when none).
func (p *Principal) CustomerEntityID() tb.EntityID {
	return tb.NewEntityID(tb.EntityTypeCustomer, p.CustomerID)
}

// CanAccess reports whether the record is within the caller's reach by ownership:
// for a tenant administrator, the records of its tenant (and the tenant itself); for
// a customer user, the records of its tenant assigned to its customer (and the
// customer itself); for the system administrator, system-level records and tenants.
// Handlers add the rules particular to their entities.
func (p *Principal) CanAccess(rec Record) bool {
	switch p.Authority {
	case SysAdmin:
		return rec.TenantID == tb.NullUUID
	case TenantAdmin:
		return rec.TenantID == p.TenantID || rec.ID.ID == p.TenantID
	case CustomerUser:
		return (rec.TenantID == p.TenantID && rec.CustomerID == p.CustomerID) || rec.ID.ID == p.CustomerID
	}
	return false
}

// tokenRegistry remembers when every token was issued, so that tokens can be
// invalidated exactly: JWT iat has only second resolution.
type tokenRegistry struct {
	mu            sync.Mutex
	seq           uint64
	issued        map[string]issued // by signature
	accessCutoff  uint64            // access tokens with seq <= accessCutoff are outdated
	sessionCutoff map[string]uint64
	userCutoff    map[string]uint64
	twoFactor     map[string]string // lower-case email → code
}

type issued struct {
	seq uint64
	exp int64 // epoch seconds
}

func newTokenRegistry() *tokenRegistry {
	return &tokenRegistry{issued: map[string]issued{}, sessionCutoff: map[string]uint64{},
		userCutoff: map[string]uint64{}, twoFactor: map[string]string{}}
}

func signature(token string) string { return token[strings.LastIndexByte(token, '.')+1:] }

func (tr *tokenRegistry) add(token string, exp, nowSec int64) { tr.addNew(token, exp, nowSec) }

// addNew registers a token unless it was issued before; it reports whether it did.
func (tr *tokenRegistry) addNew(token string, exp, nowSec int64) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if _, dup := tr.issued[signature(token)]; dup {
		return false
	}
	tr.seq++
	tr.issued[signature(token)] = issued{seq: tr.seq, exp: exp}
	if tr.seq%1024 == 0 {
		for k, v := range tr.issued {
			if v.exp < nowSec-60 {
				delete(tr.issued, k)
			}
		}
	}
	return true
}

func (tr *tokenRegistry) outdated(token string, c *tokenClaims, access bool) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	it, ok := tr.issued[signature(token)]
	if !ok {
		return true
	}
	return it.seq <= tr.sessionCutoff[c.SessionID] || it.seq <= tr.userCutoff[c.UserID] || (access && it.seq <= tr.accessCutoff)
}

// ExpireTokens makes every access token issued so far answer 401 "Token has expired"
// (errorCode 11); refresh tokens keep working, so clients refresh and go on. Tokens
// issued afterwards are valid.
func (s *Server) ExpireTokens() {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.accessCutoff = s.tokens.seq
}

// OutdateUserTokens invalidates every token (access and refresh) issued so far to the
// user, as a password change or credentials reset does.
func (s *Server) OutdateUserTokens(userID string) {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.userCutoff[userID] = s.tokens.seq
}

// outdateSession invalidates every token of the session issued so far (logout).
func (s *Server) outdateSession(sessionID string) {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.sessionCutoff[sessionID] = s.tokens.seq
}

// EnableTwoFactor turns on two-factor authentication for the user with the given
// email; code is the verification code every provider accepts. An empty code turns
// it off.
func (s *Server) EnableTwoFactor(email, code string) {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	if code == "" {
		delete(s.tokens.twoFactor, strings.ToLower(email))
		return
	}
	s.tokens.twoFactor[strings.ToLower(email)] = code
}

func (s *Server) twoFactorCode(email string) (string, bool) {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	c, ok := s.tokens.twoFactor[strings.ToLower(email)]
	return c, ok
}

// Authenticate resolves the caller of r from its X-Authorization or Authorization
// header ("Bearer <jwt>" or "ApiKey <key>"; a JWT wins when both are sent). The
// errors are the server's 401 answers.
func (s *Server) Authenticate(r *http.Request) (*Principal, error) {
	vals := []string{r.Header.Get("X-Authorization"), r.Header.Get("Authorization")}
	for _, v := range vals {
		if tok, ok := strings.CutPrefix(v, "Bearer "); ok {
			return s.AuthenticateToken(strings.TrimSpace(tok))
		}
	}
	for _, v := range vals {
		if key, ok := strings.CutPrefix(v, "ApiKey "); ok {
			return s.AuthenticateAPIKey(strings.TrimSpace(key))
		}
	}
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return nil, errBadCreds
		}
	}
	return nil, errAuthFailed
}

// AuthenticateToken validates an access token (also a two-factor token) and returns
// its principal. Malformed tokens give 401/10; expired, badly signed and outdated
// tokens give 401/11 "Token has expired".
func (s *Server) AuthenticateToken(token string) (*Principal, error) {
	c, err := parseJWT(s.key, token)
	switch err {
	case nil:
	case errBadSignature:
		return nil, errTokenExpired
	default:
		return nil, errBadCreds
	}
	if len(c.Scopes) == 0 || c.Scopes[0] == string(tb.AuthorityRefreshToken) {
		return nil, errBadCreds
	}
	if s.clock.Now().UnixMilli() > c.Exp*1000 || s.tokens.outdated(token, c, true) {
		return nil, errTokenExpired
	}
	return &Principal{Authority: tb.Authority(c.Scopes[0]), UserID: c.UserID, TenantID: c.TenantID,
		CustomerID: c.CustomerID, Email: c.Sub, FirstName: c.FirstName, LastName: c.LastName,
		SessionID: c.SessionID, IsPublic: c.IsPublic}, nil
}

// AuthenticateAPIKey validates an API key and returns the principal of its user.
func (s *Server) AuthenticateAPIKey(value string) (*Principal, error) {
	var (
		key  APIKey
		user Record
		cr   UserCredentials
		ok   bool
	)
	s.store.Read(func(tx *Tx) {
		if key, ok = tx.APIKeyByValue(value); ok {
			user, ok = tx.Get(key.UserID)
			cr, _ = tx.Credentials(key.UserID)
		}
	})
	switch {
	case !ok:
		return nil, errBadCreds
	case !key.Enabled || !cr.Enabled:
		return nil, errNotActive
	case key.ExpirationTime > 0 && s.Now() >= key.ExpirationTime:
		return nil, Unauthorized(tb.CodeAuthentication, "API key is expired")
	}
	p := userPrincipal(user)
	p.APIKey = true
	return p, nil
}

// CreateAPIKey creates an enabled, never-expiring API key for the user and returns
// its secret value.
func (s *Server) CreateAPIKey(userID string) string {
	value := "tb_" + randomToken(64)
	_ = s.store.Write(func(tx *Tx) error {
		rec, _ := tx.Get(userID)
		tx.PutAPIKey(APIKey{ID: s.store.NewUUID(), UserID: userID, TenantID: rec.TenantID, Value: value,
			Description: "API key", Enabled: true, CreatedTime: tx.Now()})
		return nil
	})
	return value
}

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func userPrincipal(u Record) *Principal {
	return &Principal{Authority: tb.Authority(u.Fields["authority"]), UserID: u.ID.ID, TenantID: u.TenantID,
		CustomerID: u.CustomerID, Email: u.Fields["email"], FirstName: u.Fields["firstName"], LastName: u.Fields["lastName"]}
}

// jwtPair is the JwtPair body: {"token","refreshToken"} (plus "scope" for 2FA).
type jwtPair struct {
	Token        string `json:"token"`
	RefreshToken string `json:"refreshToken,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// IssueTokens returns a new access and refresh token pair for p in the given
// session (a new session when sessionID is empty).
func (s *Server) IssueTokens(p *Principal, sessionID string) (token, refreshToken string, err error) {
	if sessionID == "" {
		sessionID = randomUUID()
	}
	now := s.clock.Now()
	iat := now.Unix()
	var exp int64
	for {
		// Access tokens have no jti: two issued to one session within a second would
		// be identical, and a client could not tell the new one from the old. Moving
		// iat a second on keeps every token distinct.
		exp = iat + int64(s.cfg.accessTTL/time.Second)
		token, err = signJWT(s.key, accessClaims{Sub: p.Email, UserID: p.UserID, Scopes: []string{string(p.Authority)},
			SessionID: sessionID, Exp: exp, Iss: jwtIssuer, Iat: iat, FirstName: p.FirstName, LastName: p.LastName,
			Enabled: true, IsPublic: p.IsPublic, TenantID: p.TenantID, CustomerID: p.CustomerID})
		if err != nil {
			return "", "", err
		}
		if s.tokens.addNew(token, exp, now.Unix()) {
			break
		}
		iat++
	}
	rexp := iat + int64(s.cfg.refreshTTL/time.Second)
	refreshToken, err = signJWT(s.key, refreshClaims{Sub: p.Email, UserID: p.UserID,
		Scopes: []string{string(tb.AuthorityRefreshToken)}, SessionID: sessionID, IsPublic: p.IsPublic,
		Jti: randomUUID(), Iss: jwtIssuer, Iat: iat, Exp: rexp})
	if err != nil {
		return "", "", err
	}
	s.tokens.add(refreshToken, rexp, iat)
	return token, refreshToken, nil
}

func (s *Server) writePair(w http.ResponseWriter, p *Principal, sessionID string) error {
	t, rt, err := s.IssueTokens(p, sessionID)
	if err != nil {
		return err
	}
	return WriteJSON(w, jwtPair{Token: t, RefreshToken: rt})
}

// decodeStrict decodes a login-filter body: a JSON object with only the fields of v.
func decodeStrict(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errAuthFailed
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || dec.More() {
		return errAuthFailed
	}
	return nil
}

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/auth/login", Public(s.login))
		s.Handle("POST /api/auth/token", Public(s.refresh))
		s.Handle("POST /api/auth/login/public", Public(s.loginPublic))
		s.Handle("POST /api/auth/logout", Authed(s.logout))
		s.Handle("GET /api/auth/user", Authed(s.authUser))
		s.Handle("GET /api/system/info", Authed(s.systemInfo))
		s.Handle("GET /api/auth/2fa/providers", Authed(s.twoFAProviders, PreVerification))
		s.Handle("POST /api/auth/2fa/verification/send", Authed(s.twoFASend, PreVerification))
		s.Handle("POST /api/auth/2fa/verification/check", Authed(s.twoFACheck, PreVerification))
		for _, p := range []string{"/api/auth/login", "/api/auth/token", "/api/auth/login/public"} {
			for _, m := range []string{"GET", "PUT", "DELETE", "PATCH"} {
				s.Handle(m+" "+p, Public(authMethodNotSupported))
			}
		}
	})
}

func authMethodNotSupported(http.ResponseWriter, *http.Request, *Principal) error {
	return Unauthorized(tb.CodeAuthentication, "Authentication method not supported")
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		Username *string `json:"username"`
		Password *string `json:"password"`
	}
	if err := decodeStrict(r, &body); err != nil {
		return err
	}
	if body.Username == nil || body.Password == nil || strings.TrimSpace(*body.Username) == "" || *body.Password == "" {
		return errAuthFailed
	}
	var (
		user Record
		cr   UserCredentials
		ok   bool
	)
	s.store.Read(func(tx *Tx) {
		if user, ok = tx.FindByFieldFold(tb.EntityTypeUser, "", "email", strings.TrimSpace(*body.Username)); ok {
			cr, ok = tx.Credentials(user.ID.ID)
		}
	})
	if !ok || cr.Password == "" || cr.Password != *body.Password {
		return errBadCreds
	}
	if !cr.Enabled {
		return errNotActive
	}
	p := userPrincipal(user)
	if _, on := s.twoFactorCode(p.Email); on {
		now := s.clock.Now()
		exp := now.Add(30 * time.Minute).Unix()
		tok, err := signJWT(s.key, mfaClaims{Sub: p.Email, UserID: p.UserID, Scopes: []string{string(PreVerification)},
			SessionID: randomUUID(), Exp: exp, Iss: jwtIssuer, Iat: now.Unix(), TenantID: p.TenantID, CustomerID: p.CustomerID})
		if err != nil {
			return err
		}
		s.tokens.add(tok, exp, now.Unix())
		return WriteJSON(w, jwtPair{Token: tok, Scope: string(PreVerification)})
	}
	return s.writePair(w, p, "")
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		RefreshToken *string `json:"refreshToken"`
	}
	if err := decodeStrict(r, &body); err != nil {
		return err
	}
	if body.RefreshToken == nil || *body.RefreshToken == "" {
		return errAuthFailed
	}
	c, err := parseJWT(s.key, *body.RefreshToken)
	switch err {
	case nil:
	case errBadSignature:
		return errTokenExpired
	default:
		return errBadCreds
	}
	if len(c.Scopes) != 1 || c.Scopes[0] != string(tb.AuthorityRefreshToken) {
		return errBadCreds
	}
	if s.clock.Now().UnixMilli() > c.Exp*1000 {
		return errTokenExpired
	}
	if s.tokens.outdated(*body.RefreshToken, c, false) {
		return Unauthorized(tb.CodeAuthentication, "Token is outdated")
	}
	var p *Principal
	if c.IsPublic {
		if p, err = s.publicPrincipal(c.Sub); err != nil {
			return err
		}
	} else {
		var (
			user Record
			cr   UserCredentials
			ok   bool
		)
		s.store.Read(func(tx *Tx) {
			if user, ok = tx.GetTyped(tb.NewEntityID(tb.EntityTypeUser, c.UserID)); ok {
				cr, ok = tx.Credentials(c.UserID)
			}
		})
		if !ok {
			return errBadCreds
		}
		if !cr.Enabled {
			return errNotActive
		}
		p = userPrincipal(user)
	}
	return s.writePair(w, p, c.SessionID)
}

// publicPrincipal returns the public user of the public customer publicID.
func (s *Server) publicPrincipal(publicID string) (*Principal, error) {
	cust, ok := s.store.Get(publicID)
	if !ok || cust.ID.EntityType != tb.EntityTypeCustomer || cust.Fields["isPublic"] != "true" {
		return nil, errBadCreds
	}
	return &Principal{Authority: CustomerUser, UserID: tb.NullUUID, TenantID: cust.TenantID, CustomerID: cust.ID.ID,
		Email: publicID, FirstName: "Public", LastName: "Public", IsPublic: true}, nil
}

func (s *Server) loginPublic(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var body struct {
		PublicID *string `json:"publicId"`
	}
	if err := decodeStrict(r, &body); err != nil {
		return err
	}
	if body.PublicID == nil || *body.PublicID == "" {
		return errAuthFailed
	}
	p, err := s.publicPrincipal(*body.PublicID)
	if err != nil {
		return err
	}
	return s.writePair(w, p, "")
}

func (s *Server) logout(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	if p.SessionID != "" {
		s.outdateSession(p.SessionID)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) authUser(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	rec, ok := s.store.Get(p.UserID)
	if !ok || rec.ID.EntityType != tb.EntityTypeUser {
		return NotFound("User", p.UserID)
	}
	return WriteJSON(w, rec.Value)
}

func (s *Server) systemInfo(w http.ResponseWriter, _ *http.Request, _ *Principal) error {
	version := Version
	if s.cfg.edition == PE {
		version += "PE"
	}
	return WriteJSON(w, map[string]string{"version": version, "artifact": "application",
		"name": "ThingsBoard Server Application", "type": string(s.cfg.edition)})
}

// twoFAProvider is TwoFaProviderInfo.
type twoFAProvider struct {
	Type                          string  `json:"type"`
	Default                       bool    `json:"default"`
	Contact                       *string `json:"contact"`
	MinVerificationCodeSendPeriod int     `json:"minVerificationCodeSendPeriod"`
}

var twoFAProviderTypes = []string{"TOTP", "EMAIL", "BACKUP_CODE"}

func (s *Server) twoFAProviders(w http.ResponseWriter, _ *http.Request, p *Principal) error {
	contact := maskEmail(p.Email)
	return WriteJSON(w, []twoFAProvider{
		{Type: "TOTP", Default: true},
		{Type: "EMAIL", Contact: &contact, MinVerificationCodeSendPeriod: 30},
	})
}

func maskEmail(email string) string {
	user, domain, ok := strings.Cut(email, "@")
	if !ok || len(user) < 3 {
		return email
	}
	return user[:1] + strings.Repeat("*", len(user)-2) + user[len(user)-1:] + "@" + domain
}

func (s *Server) checkProvider(r *http.Request) error {
	pt := r.URL.Query().Get("providerType")
	if pt == "" {
		return BadRequest("Required request parameter 'providerType' for method parameter type TwoFaProviderType is not present")
	}
	for _, t := range twoFAProviderTypes {
		if t == pt {
			return nil
		}
	}
	return BadRequest("Provider is not available")
}

func (s *Server) twoFASend(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	if err := s.checkProvider(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) twoFACheck(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := s.checkProvider(r); err != nil {
		return err
	}
	code, on := s.twoFactorCode(p.Email)
	if !on || r.URL.Query().Get("verificationCode") != code {
		return BadRequest("Verification code is incorrect")
	}
	user, ok := s.store.Get(p.UserID)
	if !ok {
		return errBadCreds
	}
	return s.writePair(w, userPrincipal(user), "")
}
