package thingsboard

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Tokens is a JWT pair as the server issues it.
type Tokens struct {
	Token        string `json:"token"`
	RefreshToken string `json:"refreshToken,omitempty"`
	// Scope is set only during two-factor login: PRE_VERIFICATION_TOKEN or MFA_CONFIGURATION_TOKEN.
	Scope Authority `json:"scope,omitempty"`
}

// Authority is a user's role, the JWT "scopes" claim.
type Authority string

// Authorities and token scopes.
const (
	AuthoritySysAdmin              Authority = "SYS_ADMIN"
	AuthorityTenantAdmin           Authority = "TENANT_ADMIN"
	AuthorityCustomerUser          Authority = "CUSTOMER_USER"
	AuthorityRefreshToken          Authority = "REFRESH_TOKEN"
	AuthorityPreVerificationToken  Authority = "PRE_VERIFICATION_TOKEN"
	AuthorityMFAConfigurationToken Authority = "MFA_CONFIGURATION_TOKEN"
)

// AuthUser is the logged-in user as the access token's claims describe it.
type AuthUser struct {
	Subject    string    // the user's email (the public id for public users)
	UserID     string    // UUID
	Authority  Authority // SYS_ADMIN, TENANT_ADMIN, CUSTOMER_USER, or a 2FA scope
	TenantID   string
	CustomerID string
	SessionID  string
	FirstName  string
	LastName   string
	Enabled    bool
	IsPublic   bool
	IssuedAt   time.Time
	ExpiresAt  time.Time
}

// IsSystemAdmin, IsTenantAdmin and IsCustomerUser test the user's authority.
func (u *AuthUser) IsSystemAdmin() bool { return u.Authority == AuthoritySysAdmin }

// IsTenantAdmin reports whether the user is a tenant administrator.
func (u *AuthUser) IsTenantAdmin() bool { return u.Authority == AuthorityTenantAdmin }

// IsCustomerUser reports whether the user is a customer user.
func (u *AuthUser) IsCustomerUser() bool { return u.Authority == AuthorityCustomerUser }

// String describes the user without any secret.
func (u *AuthUser) String() string {
	return fmt.Sprintf("AuthUser{%s %s, userId=%s, tenantId=%s, customerId=%s}", u.Subject, u.Authority, u.UserID, u.TenantID, u.CustomerID)
}

type jwtClaims struct {
	Sub        string   `json:"sub"`
	UserID     string   `json:"userId"`
	Scopes     []string `json:"scopes"`
	SessionID  string   `json:"sessionId"`
	Exp        int64    `json:"exp"`
	Iat        int64    `json:"iat"`
	FirstName  string   `json:"firstName"`
	LastName   string   `json:"lastName"`
	Enabled    bool     `json:"enabled"`
	IsPublic   bool     `json:"isPublic"`
	TenantID   string   `json:"tenantId"`
	CustomerID string   `json:"customerId"`
}

// ParseAuthUser decodes the claims of a ThingsBoard access token. It does not verify
// the signature: only the server can.
func ParseAuthUser(token string) (*AuthUser, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("thingsboard: malformed JWT: want three dot-separated parts")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, fmt.Errorf("thingsboard: malformed JWT payload: %w", err)
	}
	var c jwtClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("thingsboard: malformed JWT claims: %w", err)
	}
	u := &AuthUser{Subject: c.Sub, UserID: c.UserID, TenantID: c.TenantID, CustomerID: c.CustomerID,
		SessionID: c.SessionID, FirstName: c.FirstName, LastName: c.LastName, Enabled: c.Enabled, IsPublic: c.IsPublic}
	if len(c.Scopes) > 0 {
		u.Authority = Authority(c.Scopes[0])
	}
	if c.Exp != 0 {
		u.ExpiresAt = time.Unix(c.Exp, 0)
	}
	if c.Iat != 0 {
		u.IssuedAt = time.Unix(c.Iat, 0)
	}
	return u, nil
}

// TokenStore persists a client's tokens between runs.
type TokenStore interface {
	// Load returns the saved tokens; a store with nothing saved returns zero Tokens and no error.
	Load(ctx context.Context) (Tokens, error)
	// Save replaces the saved tokens.
	Save(ctx context.Context, t Tokens) error
	// Clear removes the saved tokens.
	Clear(ctx context.Context) error
}

// authState is the client's single source of credentials, shared by REST and WebSocket.
type authState struct {
	mu       sync.Mutex
	apiKey   string
	tokens   Tokens
	user     *AuthUser // claims of tokens.Token
	refExp   time.Time
	store    TokenStore
	loaded   bool
	margin   time.Duration
	inflight *refreshCall
	now      func() time.Time
}

type refreshCall struct {
	done chan struct{}
	err  error
}

func newAuthState() *authState {
	return &authState{margin: 60 * time.Second, now: time.Now}
}

// setTokens must be called with mu held (or before the client is shared).
func (a *authState) setTokens(t Tokens) {
	a.tokens = t
	a.user, a.refExp = nil, time.Time{}
	if t.Token != "" {
		if u, err := ParseAuthUser(t.Token); err == nil {
			a.user = u
		}
	}
	if t.RefreshToken != "" {
		if u, err := ParseAuthUser(t.RefreshToken); err == nil {
			a.refExp = u.ExpiresAt
		}
	}
}

func (a *authState) load(ctx context.Context) error {
	if a.loaded || a.store == nil {
		a.loaded = true
		return nil
	}
	t, err := a.store.Load(ctx)
	if err != nil {
		return fmt.Errorf("thingsboard: loading tokens: %w", err)
	}
	a.loaded = true
	if a.tokens.Token == "" {
		a.setTokens(t)
	}
	return nil
}

func (a *authState) refreshable() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.apiKey == "" && a.tokens.RefreshToken != ""
}

// credential returns the X-Authorization value for the next request, refreshing the
// token first when it expires within the margin.
func (a *authState) credential(ctx context.Context, c *Client) (string, error) {
	a.mu.Lock()
	if a.apiKey != "" {
		k := a.apiKey
		a.mu.Unlock()
		return "ApiKey " + k, nil
	}
	if err := a.load(ctx); err != nil {
		a.mu.Unlock()
		return "", err
	}
	tok, user, canRefresh := a.tokens.Token, a.user, a.tokens.RefreshToken != ""
	a.mu.Unlock()
	if tok == "" {
		return "", ErrNotAuthenticated
	}
	if user != nil && (user.Authority == AuthorityPreVerificationToken || user.Authority == AuthorityMFAConfigurationToken) {
		return "", ErrTwoFactorRequired
	}
	if canRefresh && user != nil && !user.ExpiresAt.IsZero() && a.now().Add(a.margin).After(user.ExpiresAt) {
		nt, err := a.refresh(ctx, c, tok)
		if err != nil {
			return "", err
		}
		tok = nt
	}
	return "Bearer " + tok, nil
}

// refresh exchanges the refresh token for a new pair, once for any number of callers
// that saw the same stale token. It returns the current access token.
func (a *authState) refresh(ctx context.Context, c *Client, stale string) (string, error) {
	a.mu.Lock()
	if a.tokens.Token != "" && a.tokens.Token != stale {
		t := a.tokens.Token
		a.mu.Unlock()
		return t, nil
	}
	if call := a.inflight; call != nil {
		a.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		if call.err != nil {
			return "", call.err
		}
		a.mu.Lock()
		t := a.tokens.Token
		a.mu.Unlock()
		return t, nil
	}
	rt := a.tokens.RefreshToken
	if rt == "" {
		a.mu.Unlock()
		return "", ErrNotAuthenticated
	}
	call := &refreshCall{done: make(chan struct{})}
	a.inflight = call
	a.mu.Unlock()

	var pair Tokens
	// The refresh serves every waiting caller, so the first caller's cancellation must not abort it.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	err := c.send(rctx, &request{method: http.MethodPost, path: "/api/auth/token", noAuth: true,
		body: map[string]string{"refreshToken": rt}, out: &pair})
	cancel()
	if err == nil && pair.Token == "" {
		err = errors.New("thingsboard: refresh answered without a token")
	}
	a.mu.Lock()
	if err == nil {
		a.setTokens(pair)
	}
	call.err = err
	a.inflight = nil
	a.mu.Unlock()
	close(call.done)
	if err != nil {
		return "", fmt.Errorf("thingsboard: refreshing token: %w", err)
	}
	a.persist(ctx, pair)
	return pair.Token, nil
}

func (a *authState) persist(ctx context.Context, t Tokens) {
	if a.store != nil {
		_ = a.store.Save(context.WithoutCancel(ctx), t)
	}
}

// LoginResult is the outcome of a login.
type LoginResult struct {
	// User is the logged-in user, from the token's claims.
	User *AuthUser
	// TwoFactorRequired is set when the server asks for a second factor: the client
	// holds a pre-verification token, and only Client.TwoFactor calls work until
	// TwoFactor.VerifyCode succeeds.
	TwoFactorRequired bool
	// TwoFactorSetupRequired is set when 2FA is enforced but not yet configured for the user.
	TwoFactorSetupRequired bool
}

// Login authenticates with a username (email) and password and keeps the tokens for
// every later call.
//
//tb:operation POST /api/auth/login
func (c *Client) Login(ctx context.Context, username, password string) (*LoginResult, error) {
	var pair Tokens
	err := c.send(ctx, &request{method: http.MethodPost, path: "/api/auth/login", noAuth: true,
		body: map[string]string{"username": username, "password": password}, out: &pair})
	if err != nil {
		return nil, err
	}
	return c.acceptTokens(ctx, pair)
}

// LoginPublic logs in as the public user of a public customer.
//
//tb:operation POST /api/auth/login/public
func (c *Client) LoginPublic(ctx context.Context, publicID string) (*LoginResult, error) {
	var pair Tokens
	err := c.send(ctx, &request{method: http.MethodPost, path: "/api/auth/login/public", noAuth: true,
		body: map[string]string{"publicId": publicID}, out: &pair})
	if err != nil {
		return nil, err
	}
	return c.acceptTokens(ctx, pair)
}

func (c *Client) acceptTokens(ctx context.Context, pair Tokens) (*LoginResult, error) {
	if pair.Token == "" {
		return nil, errors.New("thingsboard: login answered without a token")
	}
	user, err := ParseAuthUser(pair.Token)
	if err != nil {
		return nil, err
	}
	c.auth.mu.Lock()
	c.auth.setTokens(pair)
	c.auth.loaded = true
	c.auth.mu.Unlock()
	res := &LoginResult{User: user}
	switch {
	case pair.Scope == AuthorityPreVerificationToken || user.Authority == AuthorityPreVerificationToken:
		res.TwoFactorRequired = true
	case pair.Scope == AuthorityMFAConfigurationToken || user.Authority == AuthorityMFAConfigurationToken:
		res.TwoFactorSetupRequired = true
	default:
		c.auth.persist(ctx, pair)
	}
	return res, nil
}

// Logout ends the session on the server and forgets the tokens. The tokens are
// forgotten even when the server call fails; that failure is returned.
//
//tb:operation POST /api/auth/logout
func (c *Client) Logout(ctx context.Context) error {
	var err error
	if c.IsAuthenticated() {
		err = c.do(ctx, http.MethodPost, "/api/auth/logout", nil, nil, nil)
	}
	c.auth.mu.Lock()
	c.auth.setTokens(Tokens{})
	store := c.auth.store
	c.auth.mu.Unlock()
	if store != nil {
		if cerr := store.Clear(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = fmt.Errorf("thingsboard: clearing token store: %w", cerr)
		}
	}
	return err
}

// RefreshToken exchanges the refresh token for a new token pair now. The client also
// does this by itself before the token expires.
//
//tb:operation POST /api/auth/token
func (c *Client) RefreshToken(ctx context.Context) error {
	c.auth.mu.Lock()
	stale := c.auth.tokens.Token
	c.auth.mu.Unlock()
	_, err := c.auth.refresh(ctx, c, stale)
	return err
}

// IsAuthenticated reports whether the client holds an API key or a full access token.
func (c *Client) IsAuthenticated() bool {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	if c.auth.apiKey != "" {
		return true
	}
	return c.auth.tokens.Token != "" && c.auth.user != nil &&
		c.auth.user.Authority != AuthorityPreVerificationToken && c.auth.user.Authority != AuthorityMFAConfigurationToken
}

// AuthUser returns the logged-in user decoded from the access token, or nil when the
// client has no token (an API-key client has no claims to decode).
func (c *Client) AuthUser() *AuthUser {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	if c.auth.user == nil {
		return nil
	}
	u := *c.auth.user
	return &u
}

// Tokens returns the current token pair, for example to save it elsewhere.
func (c *Client) Tokens() Tokens {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	return c.auth.tokens
}

// accessToken returns a valid access token for the WebSocket, refreshing it first when
// needed; with an API key it returns the key and apiKey true.
func (c *Client) accessToken(ctx context.Context) (token string, apiKey bool, err error) {
	cred, err := c.auth.credential(ctx, c)
	if err != nil {
		return "", false, err
	}
	if k, ok := strings.CutPrefix(cred, "ApiKey "); ok {
		return k, true, nil
	}
	return strings.TrimPrefix(cred, "Bearer "), false, nil
}
