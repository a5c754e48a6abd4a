package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
)

// start serves a new emulator on loopback.
func start(t *testing.T, opts ...Option) (*Server, string) {
	t.Helper()
	s := New(opts...)
	hs := httptest.NewServer(s)
	t.Cleanup(func() { hs.Close(); s.Close() })
	return s, hs.URL
}

func newClient(t *testing.T, url string, opts ...tb.Option) *tb.Client {
	t.Helper()
	c, err := tb.NewClient(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func login(t *testing.T, url, user, pass string, opts ...tb.Option) *tb.Client {
	t.Helper()
	c := newClient(t, url, opts...)
	if _, err := c.Login(context.Background(), user, pass); err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	return c
}

type answer struct {
	status int
	body   []byte
	header http.Header
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("status %d, body %q: %v", a.status, a.body, err)
	}
	return m
}

// call sends a raw request; headers are "Name: value" strings.
func call(t *testing.T, method, url, body string, headers ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, b, resp.Header}
}

// wantError checks a ThingsBoard error body.
func wantError(t *testing.T, a answer, status int, code tb.ErrorCode, msg string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status = %d, want %d (body %s)", a.status, status, a.body)
	}
	m := a.json(t)
	if m["status"] != float64(status) || m["errorCode"] != float64(code) || m["message"] != msg {
		t.Errorf("body = %s, want status %d, errorCode %d, message %q", a.body, status, code, msg)
	}
	if ts, _ := m["timestamp"].(float64); ts < 1e12 {
		t.Errorf("timestamp = %v, want epoch ms", m["timestamp"])
	}
}

func wantAPIError(t *testing.T, err error, status int, code tb.ErrorCode, msg string) {
	t.Helper()
	var ae *tb.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if ae.StatusCode != status || ae.Code != code || (msg != "" && ae.Message != msg) {
		t.Fatalf("err = %v, want %d/%d %q", ae, status, code, msg)
	}
}

func TestBuildWithEveryRoute(t *testing.T) {
	for _, ed := range []Edition{CE, PE} {
		s := New(WithEdition(ed))
		routes := s.Routes()
		for _, want := range []string{"POST /api/auth/login", "GET /api/auth/user", "GET /api/system/info"} {
			found := false
			for _, r := range routes {
				found = found || r == want
			}
			if !found {
				t.Errorf("%s: route %q missing", ed, want)
			}
		}
		s.Close()
	}
}

func TestDuplicateRoutePanics(t *testing.T) {
	s := New()
	defer func() {
		if recover() == nil {
			t.Error("second handler for GET /api/auth/user did not panic")
		}
	}()
	s.Handle("GET /api/auth/{x}", Authed(s.authUser))
	s.Handle("GET /api/auth/user", Authed(s.authUser))
}

func TestBadPatternPanics(t *testing.T) {
	for _, p := range []string{"/api/x", "get /api/x", "GET /api/x{y}", "GET /api//x"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("pattern %q did not panic", p)
				}
			}()
			New(WithoutDemoData()).Handle(p, Public(func(http.ResponseWriter, *http.Request, *Principal) error { return nil }))
		}()
	}
}

func TestLoginEveryDemoUser(t *testing.T) {
	s, url := start(t)
	d := s.Demo()
	cases := []struct {
		email, pass string
		auth        tb.Authority
		tenant      string
		customer    string
	}{
		{SysAdminEmail, SysAdminPassword, tb.AuthoritySysAdmin, tb.NullUUID, tb.NullUUID},
		{TenantEmail, TenantPassword, tb.AuthorityTenantAdmin, d.TenantID, tb.NullUUID},
		{CustomerEmail, CustomerPassword, tb.AuthorityCustomerUser, d.TenantID, d.CustomerID("Customer A")},
		{"customerA@thingsboard.org", "customer", tb.AuthorityCustomerUser, d.TenantID, d.CustomerID("Customer A")},
		{"customerB@thingsboard.org", "customer", tb.AuthorityCustomerUser, d.TenantID, d.CustomerID("Customer B")},
		{"customerC@thingsboard.org", "customer", tb.AuthorityCustomerUser, d.TenantID, d.CustomerID("Customer C")},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			c := login(t, url, tc.email, tc.pass)
			u := c.AuthUser()
			if u.Subject != tc.email || u.Authority != tc.auth || u.TenantID != tc.tenant || u.CustomerID != tc.customer ||
				u.UserID != d.UserID(tc.email) || u.SessionID == "" || !u.Enabled || u.IsPublic {
				t.Errorf("claims = %+v", u)
			}
			if got := u.ExpiresAt.Sub(u.IssuedAt); got != 9000*time.Second {
				t.Errorf("lifetime = %v, want 9000s", got)
			}
			a := call(t, "GET", url+"/api/auth/user", "", "X-Authorization: Bearer "+c.Tokens().Token)
			if a.status != 200 {
				t.Fatalf("GET /api/auth/user: %d %s", a.status, a.body)
			}
			m := a.json(t)
			id, _ := m["id"].(map[string]any)
			cust, _ := m["customerId"].(map[string]any)
			ten, _ := m["tenantId"].(map[string]any)
			if id["id"] != u.UserID || id["entityType"] != "USER" || m["email"] != tc.email || m["name"] != tc.email ||
				m["authority"] != string(tc.auth) || cust["id"] != tc.customer || ten["id"] != tc.tenant {
				t.Errorf("user = %s", a.body)
			}
			for _, k := range []string{"createdTime", "firstName", "lastName", "phone", "additionalInfo", "version"} {
				if _, ok := m[k]; !ok {
					t.Errorf("user has no %q: %s", k, a.body)
				}
			}
		})
	}
}

func TestLoginBody(t *testing.T) {
	s, url := start(t)
	a := call(t, "POST", url+"/api/auth/login", `{"username":"tenant@thingsboard.org","password":"tenant"}`)
	if a.status != 200 {
		t.Fatalf("login: %d %s", a.status, a.body)
	}
	m := a.json(t)
	if len(m) != 2 || m["token"] == "" || m["refreshToken"] == "" {
		t.Errorf("login body = %s, want exactly token and refreshToken", a.body)
	}
	// The token is HS512 with the server's claims.
	parts := strings.Split(m["token"].(string), ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", m["token"])
	}
	c, err := parseJWT(s.key, m["token"].(string))
	if err != nil || c.Iss != "thingsboard.io" || c.Exp-c.Iat != 9000 {
		t.Errorf("claims %+v, %v", c, err)
	}
	rc, err := parseJWT(s.key, m["refreshToken"].(string))
	if err != nil || rc.Jti == "" || rc.Scopes[0] != "REFRESH_TOKEN" || rc.SessionID != c.SessionID || rc.Exp-rc.Iat != 604800 {
		t.Errorf("refresh claims %+v, %v", rc, err)
	}

	cases := []struct{ body, msg string }{
		{`{"username":"tenant@thingsboard.org","password":"wrong"}`, "Invalid username or password"},
		{`{"username":"nobody@thingsboard.org","password":"tenant"}`, "Invalid username or password"},
		{`{"username":"tenant@thingsboard.org","password":"tenant","extra":1}`, "Authentication failed"},
		{`{"username":"tenant@thingsboard.org"`, "Authentication failed"},
		{`not json`, "Authentication failed"},
		{`{"username":"","password":"tenant"}`, "Authentication failed"},
	}
	for _, tc := range cases {
		wantError(t, call(t, "POST", url+"/api/auth/login", tc.body), 401, tb.CodeAuthentication, tc.msg)
	}
	wantError(t, call(t, "GET", url+"/api/auth/login", ""), 401, tb.CodeAuthentication, "Authentication method not supported")

	// A disabled user.
	_ = s.Store().Write(func(tx *Tx) error {
		id := s.Demo().UserID("customerB@thingsboard.org")
		cr, _ := tx.Credentials(id)
		cr.Enabled = false
		tx.SetCredentials(cr)
		return nil
	})
	wantError(t, call(t, "POST", url+"/api/auth/login", `{"username":"customerB@thingsboard.org","password":"customer"}`),
		401, tb.CodeAuthentication, "User account is not active")
}

func TestTokenFailures(t *testing.T) {
	s, url := start(t)
	c := login(t, url, TenantEmail, TenantPassword)
	tok := c.Tokens().Token
	u := url + "/api/auth/user"
	wantError(t, call(t, "GET", u, ""), 401, tb.CodeAuthentication, "Authentication failed")
	wantError(t, call(t, "GET", u, "", "X-Authorization: Bearer garbage"), 401, tb.CodeAuthentication, "Invalid username or password")
	wantError(t, call(t, "GET", u, "", "X-Authorization: Token "+tok), 401, tb.CodeAuthentication, "Invalid username or password")
	wantError(t, call(t, "GET", u, "", "X-Authorization: Bearer "+tok[:len(tok)-4]+"AAAA"), 401, tb.CodeJWTTokenExpired, "Token has expired")
	// Another server's token has a bad signature.
	_, other := start(t)
	c2 := login(t, other, TenantEmail, TenantPassword)
	wantError(t, call(t, "GET", u, "", "X-Authorization: Bearer "+c2.Tokens().Token), 401, tb.CodeJWTTokenExpired, "Token has expired")
	// The refresh token is no access token.
	wantError(t, call(t, "GET", u, "", "X-Authorization: Bearer "+c.Tokens().RefreshToken), 401, tb.CodeAuthentication, "Invalid username or password")
	// Authorization: Bearer is accepted too.
	if a := call(t, "GET", u, "", "Authorization: Bearer "+tok); a.status != 200 {
		t.Errorf("Authorization: Bearer: %d %s", a.status, a.body)
	}
	// Expiry follows the server clock.
	s.Clock().Advance(9001 * time.Second)
	wantError(t, call(t, "GET", u, "", "X-Authorization: Bearer "+tok), 401, tb.CodeJWTTokenExpired, "Token has expired")
	// The client refreshes on its own.
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if n := s.Requests("POST /api/auth/token"); n != 1 {
		t.Errorf("refreshes = %d, want 1", n)
	}
	// An expired refresh token.
	s.Clock().Advance(8 * 24 * time.Hour)
	wantError(t, call(t, "POST", url+"/api/auth/token", `{"refreshToken":"`+c.Tokens().RefreshToken+`"}`), 401, tb.CodeJWTTokenExpired, "Token has expired")
}

func TestRefreshKeepsSession(t *testing.T) {
	_, url := start(t)
	c := login(t, url, CustomerEmail, CustomerPassword)
	before := c.AuthUser()
	old := c.Tokens()
	if err := c.RefreshToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := c.AuthUser()
	if after.SessionID != before.SessionID || c.Tokens().Token == old.Token || c.Tokens().RefreshToken == old.RefreshToken {
		t.Errorf("refresh: session %s → %s", before.SessionID, after.SessionID)
	}
	wantError(t, call(t, "POST", url+"/api/auth/token", `{"refreshToken":"x","more":1}`), 401, tb.CodeAuthentication, "Authentication failed")
	wantError(t, call(t, "POST", url+"/api/auth/token", `{"refreshToken":"x"}`), 401, tb.CodeAuthentication, "Invalid username or password")
	// Both tokens of the session still work: refreshing does not outdate the old pair.
	if a := call(t, "GET", url+"/api/auth/user", "", "X-Authorization: Bearer "+old.Token); a.status != 200 {
		t.Errorf("old token after refresh: %d %s", a.status, a.body)
	}
}

func TestLogoutInvalidatesSession(t *testing.T) {
	_, url := start(t)
	c := login(t, url, TenantEmail, TenantPassword)
	other := login(t, url, TenantEmail, TenantPassword)
	old := c.Tokens()
	if err := c.RefreshToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	cur := c.Tokens()
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{old.Token, cur.Token} {
		wantError(t, call(t, "GET", url+"/api/auth/user", "", "X-Authorization: Bearer "+tok), 401, tb.CodeJWTTokenExpired, "Token has expired")
	}
	wantError(t, call(t, "POST", url+"/api/auth/token", `{"refreshToken":"`+cur.RefreshToken+`"}`), 401, tb.CodeAuthentication, "Token is outdated")
	// Another session of the same user is untouched.
	if _, err := other.System.Info(context.Background()); err != nil {
		t.Errorf("other session: %v", err)
	}
}

func TestExpireTokensExact(t *testing.T) {
	clock := NewClock(time.Unix(1_700_000_000, 0))
	s, url := start(t, WithClock(clock))
	c := login(t, url, TenantEmail, TenantPassword)
	before := c.Tokens().Token
	s.ExpireTokens()
	c2 := login(t, url, TenantEmail, TenantPassword) // same second: iat equal
	wantError(t, call(t, "GET", url+"/api/auth/user", "", "X-Authorization: Bearer "+before), 401, tb.CodeJWTTokenExpired, "Token has expired")
	if a := call(t, "GET", url+"/api/auth/user", "", "X-Authorization: Bearer "+c2.Tokens().Token); a.status != 200 {
		t.Errorf("token issued after ExpireTokens: %d %s", a.status, a.body)
	}
}

func TestExpireTokensOneRefreshForManyCallers(t *testing.T) {
	s, url := start(t)
	c := login(t, url, TenantEmail, TenantPassword)
	s.ExpireTokens()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			info, err := c.System.Info(context.Background())
			if err == nil && info.Type != "CE" {
				err = errors.New("type " + info.Type)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := s.Requests("POST /api/auth/token"); n != 1 {
		t.Errorf("POST /api/auth/token = %d, want exactly 1", n)
	}
	if n := s.Requests("GET /api/system/info"); n < 101 {
		t.Errorf("GET /api/system/info = %d, want at least 101 (100 + replays)", n)
	}
}

func TestFailNext(t *testing.T) {
	s, url := start(t)
	fast := tb.WithRetry(tb.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})
	c := login(t, url, TenantEmail, TenantPassword, fast)
	s.FailNext(2, 503)
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatalf("after 2 × 503 with retries: %v", err)
	}
	if n := s.Requests("GET /api/system/info"); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
	noRetry := login(t, url, TenantEmail, TenantPassword, tb.WithRetry(tb.RetryPolicy{}))
	s.FailNext(1, 429)
	_, err := noRetry.System.Info(context.Background())
	wantAPIError(t, err, 429, tb.CodeTooManyRequests, "Too many requests for current tenant!")
	if !errors.Is(err, tb.ErrRateLimited) {
		t.Errorf("%v is not ErrRateLimited", err)
	}
	s.FailNext(1, 500)
	_, err = noRetry.System.Info(context.Background())
	wantAPIError(t, err, 500, tb.CodeGeneral, "Internal Server Error")
	if _, err := noRetry.System.Info(context.Background()); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}

func TestUnknownAndUnimplemented(t *testing.T) {
	s, url := start(t)
	c := login(t, url, TenantEmail, TenantPassword)
	auth := "X-Authorization: Bearer " + c.Tokens().Token
	// Unauthenticated requests fail authentication first, as on the server.
	wantError(t, call(t, "GET", url+"/api/no/such/path", ""), 401, tb.CodeAuthentication, "Authentication failed")
	wantError(t, call(t, "GET", url+"/api/no/such/path", "", auth), 404, tb.CodeItemNotFound, "Not Found")
	wantError(t, call(t, "DELETE", url+"/api/auth/user", "", auth), 405, tb.CodeBadRequestParams, "Request method 'DELETE' is not supported")
	wantError(t, call(t, "GET", url+"/api/widgetsBundles", "", auth), 501, tb.CodeGeneral, "Not implemented in the emulator: GET /api/widgetsBundles")
	for _, id := range []string{"784f394c-42b6-11ee-be56-0242ac120002", "884f394c-42b6-11ee-be56-0242ac120002"} {
		wantError(t, call(t, "GET", url+"/api/otaPackage/"+id, "", auth), 501, tb.CodeGeneral, "Not implemented in the emulator: GET /api/otaPackage/{otaPackageId}")
	}
	if n := s.Requests("GET /api/otaPackage/{id}"); n != 2 {
		t.Errorf("Requests(GET /api/otaPackage/{id}) = %d, want 2", n)
	}
	if n := s.Requests("GET /api/otaPackage/784f394c-42b6-11ee-be56-0242ac120002"); n != 1 {
		t.Errorf("Requests(concrete path) = %d, want 1", n)
	}
	// PE-only operations are unknown paths on a CE server.
	wantError(t, call(t, "GET", url+"/api/entityGroups/DEVICE", "", auth), 404, tb.CodeItemNotFound, "Not Found")

	_, peURL := start(t, WithEdition(PE))
	pc := login(t, peURL, TenantEmail, TenantPassword)
	wantError(t, call(t, "GET", peURL+"/api/converters?pageSize=10&page=0", "", "X-Authorization: Bearer "+pc.Tokens().Token),
		501, tb.CodeGeneral, "Not implemented in the emulator: GET /api/converters")
	info, err := pc.System.Info(context.Background())
	if err != nil || info.Type != "PE" || !info.IsPE() {
		t.Errorf("PE info = %+v, %v", info, err)
	}
}

func TestPermissionDenied(t *testing.T) {
	s := New()
	s.Handle("GET /api/test/tenantOnly", Authed(func(w http.ResponseWriter, _ *http.Request, p *Principal) error {
		return WriteJSON(w, p.Email)
	}, TenantAdmin))
	s.Handle("GET /api/test/panic", Authed(func(http.ResponseWriter, *http.Request, *Principal) error { panic("oops") }))
	hs := httptest.NewServer(s)
	defer hs.Close()
	c := login(t, hs.URL, CustomerEmail, CustomerPassword)
	wantError(t, call(t, "GET", hs.URL+"/api/test/panic", "", "X-Authorization: Bearer "+c.Tokens().Token),
		500, tb.CodeGeneral, "emulator: GET /api/test/panic: oops")
	wantError(t, call(t, "GET", hs.URL+"/api/test/tenantOnly", "", "X-Authorization: Bearer "+c.Tokens().Token),
		403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	tc := login(t, hs.URL, TenantEmail, TenantPassword)
	if a := call(t, "GET", hs.URL+"/api/test/tenantOnly", "", "X-Authorization: Bearer "+tc.Tokens().Token); string(a.body) != `"tenant@thingsboard.org"` {
		t.Errorf("tenant: %d %s", a.status, a.body)
	}
}

func TestRouting(t *testing.T) {
	s := New(WithoutDemoData())
	var got []string
	h := func(name string) Handler {
		return Public(func(w http.ResponseWriter, r *http.Request, _ *Principal) error {
			id, err := PathUUID(r, "id")
			if name == "byId" && err != nil {
				return err
			}
			got = append(got, name+":"+id+":"+r.PathValue("type")+r.PathValue("name"))
			w.WriteHeader(204)
			return nil
		})
	}
	s.Handle("GET /api/noauth/thing/{id}", h("byId"))
	s.Handle("GET /api/noauth/thing/info", h("info"))
	s.Handle("GET /api/noauth/thing/{type}/{id}", h("typed"))
	s.Handle("GET /api/noauth/thing/info/{name}", h("named"))
	hs := httptest.NewServer(s)
	defer hs.Close()
	id := "784f394c-42b6-11ee-be56-0242ac120002"
	for _, p := range []string{"/thing/info", "/thing/" + id, "/thing/DEVICE/" + id, "/thing/info/a%2Fb"} {
		if a := call(t, "GET", hs.URL+"/api/noauth"+p, ""); a.status != 204 {
			t.Errorf("%s: %d %s", p, a.status, a.body)
		}
	}
	want := []string{"info::", "byId:" + id + ":", "typed:" + id + ":DEVICE", "named::a/b"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("routes = %q, want %q", got, want)
	}
	wantError(t, call(t, "GET", hs.URL+"/api/noauth/thing/123", ""), 400, tb.CodeBadRequestParams, "Invalid UUID string: 123")
}

func TestAPIKey(t *testing.T) {
	s, url := start(t)
	key := s.CreateAPIKey(s.Demo().UserID(TenantEmail))
	c := newClient(t, url, tb.WithAPIKey(key))
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"X-Authorization: ApiKey " + key, "Authorization: ApiKey " + key} {
		a := call(t, "GET", url+"/api/auth/user", "", h)
		if a.status != 200 || a.json(t)["email"] != TenantEmail {
			t.Errorf("%s: %d %s", h[:15], a.status, a.body)
		}
	}
	wantError(t, call(t, "GET", url+"/api/auth/user", "", "X-Authorization: ApiKey tb_nope"), 401, tb.CodeAuthentication, "Invalid username or password")
	_ = s.Store().Write(func(tx *Tx) error {
		k, _ := tx.APIKeyByValue(key)
		k.ExpirationTime = tx.Now() - 1
		tx.PutAPIKey(k)
		return nil
	})
	wantError(t, call(t, "GET", url+"/api/auth/user", "", "X-Authorization: ApiKey "+key), 401, tb.CodeAuthentication, "API key is expired")
	_ = s.Store().Write(func(tx *Tx) error {
		k, _ := tx.APIKeyByValue(key)
		k.Enabled = false
		tx.PutAPIKey(k)
		return nil
	})
	_, err := c.System.Info(context.Background())
	wantAPIError(t, err, 401, tb.CodeAuthentication, "User account is not active")
}

func TestTwoFactor(t *testing.T) {
	s, url := start(t, WithTwoFactor(TenantEmail, "123456"))
	c := newClient(t, url)
	ctx := context.Background()
	res, err := c.Login(ctx, TenantEmail, TenantPassword)
	if err != nil || !res.TwoFactorRequired {
		t.Fatalf("login = %+v, %v", res, err)
	}
	if _, err := c.System.Info(ctx); !errors.Is(err, tb.ErrTwoFactorRequired) {
		t.Errorf("call before verification: %v", err)
	}
	// The pre-verification token is refused by ordinary endpoints.
	wantError(t, call(t, "GET", url+"/api/system/info", "", "X-Authorization: Bearer "+c.Tokens().Token),
		403, tb.CodePermissionDenied, "You don't have permission to perform this operation!")
	provs, err := c.TwoFactor.Providers(ctx)
	if err != nil || len(provs) == 0 || provs[0].Type != "TOTP" || !provs[0].Default {
		t.Fatalf("providers = %+v, %v", provs, err)
	}
	if err := c.TwoFactor.SendCode(ctx, "EMAIL"); err != nil {
		t.Fatal(err)
	}
	_, err = c.TwoFactor.VerifyCode(ctx, "TOTP", "000000")
	wantAPIError(t, err, 400, tb.CodeBadRequestParams, "Verification code is incorrect")
	res, err = c.TwoFactor.VerifyCode(ctx, "TOTP", "123456")
	if err != nil || res.TwoFactorRequired || res.User.Authority != tb.AuthorityTenantAdmin {
		t.Fatalf("verify = %+v, %v", res, err)
	}
	if _, err := c.System.Info(ctx); err != nil {
		t.Error(err)
	}
	s.EnableTwoFactor(TenantEmail, "")
	if res, err := newClient(t, url).Login(ctx, TenantEmail, TenantPassword); err != nil || res.TwoFactorRequired {
		t.Errorf("after disabling 2FA: %+v, %v", res, err)
	}
}

func TestPublicLogin(t *testing.T) {
	s, url := start(t)
	custA := s.Demo().CustomerID("Customer A")
	wantError(t, call(t, "POST", url+"/api/auth/login/public", `{"publicId":"`+custA+`"}`), 401, tb.CodeAuthentication, "Invalid username or password")
	_ = s.Store().Write(func(tx *Tx) error {
		r, _ := tx.Get(custA)
		r.Fields = fieldsWith(r.Fields, "isPublic", "true")
		tx.Put(r)
		return nil
	})
	c := newClient(t, url)
	res, err := c.LoginPublic(context.Background(), custA)
	if err != nil {
		t.Fatal(err)
	}
	if u := res.User; !u.IsPublic || u.UserID != tb.NullUUID || u.CustomerID != custA || u.Subject != custA || u.FirstName != "Public" {
		t.Errorf("public user = %+v", u)
	}
	if err := c.RefreshToken(context.Background()); err != nil {
		t.Errorf("public refresh: %v", err)
	}
}

func fieldsWith(f map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range f {
		if a != k {
			out[a] = b
		}
	}
	return out
}

func TestDemoData(t *testing.T) {
	s := New()
	d := s.Demo()
	if d.TenantID == "" || d.DeviceID("Test Device A1") == "" || d.DeviceToken("DHT11 Demo Device") != "DHT11_DEMO_TOKEN" {
		t.Fatalf("demo = %+v", d)
	}
	var active, inactive int
	s.Store().Read(func(tx *Tx) {
		devs := tx.ListByTenant(tb.EntityTypeDevice, d.TenantID)
		if len(devs) != 9 {
			t.Errorf("devices = %d, want 9", len(devs))
		}
		for _, r := range devs {
			a, ok := tx.Attribute(r.ID, ServerScope, "active")
			if !ok {
				t.Errorf("%s has no active attribute", r.Fields["name"])
			}
			if a.Value == true {
				active++
			} else {
				inactive++
			}
		}
		if got := tx.ListByCustomer(tb.EntityTypeDevice, d.TenantID, d.CustomerID("Customer A")); len(got) != 3 {
			t.Errorf("Customer A devices = %d, want 3", len(got))
		}
		a1, _ := tx.Get(d.DeviceID("Test Device A1"))
		var m map[string]any
		if err := remarshal(a1.Value, &m); err != nil {
			t.Fatal(err)
		}
		if m["name"] != "Test Device A1" || m["type"] != "default" || a1.CustomerID != d.CustomerID("Customer A") {
			t.Errorf("A1 = %+v", a1)
		}
		if v, _ := tx.Attribute(tb.NewEntityID(tb.EntityTypeDevice, d.DeviceID("Thermostat T2")), ServerScope, "temperatureAlarmThreshold"); v.Value != int64(25) {
			t.Errorf("T2 threshold = %#v", v.Value)
		}
	})
	if active == 0 || inactive == 0 {
		t.Errorf("active %d, inactive %d: want both", active, inactive)
	}
	if d.DashboardID("Thermostats") == "" || d.DeviceProfileID("thermostat") == "" || d.AssetProfileID("default") == "" {
		t.Error("missing demo dashboards or profiles")
	}
	if New(WithoutDemoData()).Demo().TenantID != "" {
		t.Error("WithoutDemoData loaded the tenant")
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
