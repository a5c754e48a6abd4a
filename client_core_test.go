package thingsboard

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// makeJWT builds an unsigned token carrying claims; the client never verifies signatures.
func makeJWT(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS512"}`)) + "." + enc.EncodeToString(b) + ".c2ln"
}

func tokenPair(n int, exp time.Time) Tokens {
	return Tokens{
		Token: makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"TENANT_ADMIN"}, "userId": "u1",
			"tenantId": "t1", "customerId": NullUUID, "sessionId": "s1", "exp": exp.Unix(), "iat": time.Now().Unix(), "n": n}),
		RefreshToken: makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"REFRESH_TOKEN"}, "exp": time.Now().Add(time.Hour).Unix(), "n": n}),
	}
}

func TestParseAuthUser(t *testing.T) {
	tok := makeJWT(map[string]any{"sub": "a@b.c", "userId": "u", "scopes": []string{"CUSTOMER_USER"}, "tenantId": "t",
		"customerId": "c", "firstName": "F", "lastName": "L", "enabled": true, "isPublic": false, "sessionId": "s", "exp": 100, "iat": 50})
	u, err := ParseAuthUser(tok)
	if err != nil {
		t.Fatal(err)
	}
	if !u.IsCustomerUser() || u.Subject != "a@b.c" || u.CustomerID != "c" || u.FirstName != "F" || u.ExpiresAt.Unix() != 100 || !u.Enabled {
		t.Fatalf("user %+v", u)
	}
	for _, bad := range []string{"", "a.b", "a.!!!.c", "a." + base64.RawURLEncoding.EncodeToString([]byte("[1]")) + ".c"} {
		if _, err := ParseAuthUser(bad); err == nil {
			t.Errorf("ParseAuthUser(%q) succeeded", bad)
		}
	}
}

func TestNewClientRejectsBadInput(t *testing.T) {
	for _, u := range []string{"", "localhost:8080", "ftp://x", "http://"} {
		if _, err := NewClient(u); err == nil {
			t.Errorf("NewClient(%q) succeeded", u)
		}
	}
	if _, err := NewClient("http://x", WithAPIKey(" ")); err == nil {
		t.Error("empty API key accepted")
	}
	if _, err := NewClient("http://x", WithRetry(RetryPolicy{MaxRetries: -1})); err == nil {
		t.Error("negative retries accepted")
	}
}

func TestNotAuthenticated(t *testing.T) {
	c, err := NewClient("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.System.Info(context.Background()); !errors.Is(err, ErrNotAuthenticated) {
		t.Fatalf("err = %v", err)
	}
}

func TestAPIKeyHeader(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("GET /api/system/info", func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("X-Authorization"); got != "ApiKey tb_secret" {
			t.Errorf("X-Authorization = %q", got)
		}
		writeJSON(w, 200, `{"version":"4.3.1.3","type":"PE"}`)
	})
	c, _ := NewClient(srv.URL, WithAPIKey("tb_secret"))
	info, err := c.System.Info(context.Background())
	if err != nil || !info.IsPE() || info.Version != "4.3.1.3" {
		t.Fatalf("info=%+v err=%v", info, err)
	}
	if !c.IsAuthenticated() || c.AuthUser() != nil {
		t.Fatal("API-key client state wrong")
	}
}

func TestRetryOn429HonoursRetryAfter(t *testing.T) {
	c, mux := setup(t)
	c.retry = RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 50 * time.Millisecond}
	var n atomic.Int32
	mux.HandleFunc("POST /api/x", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"status":429,"message":"Too many requests for current tenant!","errorCode":33,"timestamp":1}`)
			return
		}
		writeJSON(w, 200, `{}`)
	})
	if err := c.do(context.Background(), "POST", "/api/x", nil, map[string]int{"a": 1}, nil); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 2 {
		t.Fatalf("requests = %d", n.Load())
	}
}

func TestRetryGivesUpAndDoesNotRetryUnsafe5xx(t *testing.T) {
	c, mux := setup(t)
	c.retry = RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	var gets, posts atomic.Int32
	mux.HandleFunc("GET /api/x", func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		writeJSON(w, 429, `{"status":429,"message":"Too many requests for current tenant!","errorCode":33,"timestamp":1}`)
	})
	mux.HandleFunc("POST /api/x", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.WriteHeader(503)
	})
	err := c.do(context.Background(), "GET", "/api/x", nil, nil, nil)
	if !errors.Is(err, ErrRateLimited) || gets.Load() != 3 {
		t.Fatalf("err=%v gets=%d", err, gets.Load())
	}
	err = c.do(context.Background(), "POST", "/api/x", nil, nil, nil)
	if !errors.Is(err, ErrServer) || posts.Load() != 1 {
		t.Fatalf("err=%v posts=%d", err, posts.Load())
	}
}

func TestRedirectPolicy(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("X-Authorization"); h != "" {
			t.Errorf("credential followed the redirect to another host: %q", h)
		}
		writeJSON(w, 200, `{"version":"x"}`)
	}))
	defer other.Close()
	c, mux := setup(t)
	// 127.0.0.1 and localhost are different hosts for the redirect check.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	mux.HandleFunc("GET /api/system/info", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+"/api/system/info", http.StatusFound)
	})
	mux.HandleFunc("POST /api/y", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/api/z", http.StatusFound)
	})
	if _, err := c.System.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := c.do(context.Background(), "POST", "/api/y", nil, map[string]int{}, nil)
	if err == nil || !strings.Contains(err.Error(), "POST") || !strings.Contains(err.Error(), "GET") {
		t.Fatalf("POST→GET redirect: err = %v", err)
	}
}

// refreshServer answers /api/auth/token with a new pair and /api/x with 401/11 for
// any token but the newest.
type refreshServer struct {
	mu       sync.Mutex
	current  string
	refresh  atomic.Int32
	n        int
	validFor time.Duration
}

func (s *refreshServer) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/auth/token", func(w http.ResponseWriter, r *http.Request) {
		s.refresh.Add(1)
		time.Sleep(20 * time.Millisecond) // let concurrent callers pile up
		s.mu.Lock()
		s.n++
		p := tokenPair(s.n, time.Now().Add(s.validFor))
		s.current = p.Token
		s.mu.Unlock()
		b, _ := json.Marshal(map[string]string{"token": p.Token, "refreshToken": p.RefreshToken})
		writeJSON(w, 200, string(b))
	})
	mux.HandleFunc("GET /api/x", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		ok := r.Header.Get("X-Authorization") == "Bearer "+s.current
		s.mu.Unlock()
		if !ok {
			writeJSON(w, 401, `{"status":401,"message":"Token has expired","errorCode":11,"timestamp":1}`)
			return
		}
		writeJSON(w, 200, `"ok"`)
	})
	return mux
}

func TestConcurrentCallersShareOneRefreshOn401(t *testing.T) {
	rs := &refreshServer{validFor: time.Hour}
	srv := httptest.NewServer(rs.handler(t))
	defer srv.Close()
	stale := tokenPair(0, time.Now().Add(time.Hour)) // valid by its claims, rejected by the server
	store := NewMemoryTokenStore()
	c, _ := NewClient(srv.URL, WithToken(stale.Token, stale.RefreshToken), WithTokenStore(store))
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out string
			errs <- c.do(context.Background(), "GET", "/api/x", nil, nil, &out)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := rs.refresh.Load(); got != 1 {
		t.Fatalf("refresh requests = %d, want 1", got)
	}
	saved, _ := store.Load(context.Background())
	if saved.Token != c.Tokens().Token || saved.Token == stale.Token {
		t.Fatal("refreshed tokens were not saved to the store")
	}
}

func TestProactiveRefreshBeforeExpiry(t *testing.T) {
	rs := &refreshServer{validFor: time.Hour}
	srv := httptest.NewServer(rs.handler(t))
	defer srv.Close()
	soon := tokenPair(0, time.Now().Add(10*time.Second)) // inside the 60 s margin
	rs.current = "none"
	c, _ := NewClient(srv.URL, WithToken(soon.Token, soon.RefreshToken))
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out string
			if err := c.do(context.Background(), "GET", "/api/x", nil, nil, &out); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := rs.refresh.Load(); got != 1 {
		t.Fatalf("refresh requests = %d, want 1", got)
	}
}

func TestExpiredTokenWithoutRefreshTokenFails(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /api/x", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"status":401,"message":"Token has expired","errorCode":11,"timestamp":1}`)
	})
	err := c.do(context.Background(), "GET", "/api/x", nil, nil, nil)
	if !errors.Is(err, ErrTokenExpired) || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Path != "/api/x" || apiErr.Method != "GET" {
		t.Fatalf("APIError = %+v", apiErr)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatal("token leaked into the error")
	}
}

func TestTwoFactorLoginIsATypedResult(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	pre := makeJWT(map[string]any{"sub": "tenant@thingsboard.org", "scopes": []string{"PRE_VERIFICATION_TOKEN"}, "exp": time.Now().Add(time.Hour).Unix()})
	full := tokenPair(1, time.Now().Add(time.Hour))
	mux.HandleFunc("POST /api/auth/login", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"tenant@thingsboard.org","password":"tenant"}`)
		writeJSON(w, 200, fmt.Sprintf(`{"token":%q,"scope":"PRE_VERIFICATION_TOKEN"}`, pre))
	})
	mux.HandleFunc("POST /api/auth/2fa/verification/send", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"providerType": "EMAIL"})
		if r.Header.Get("X-Authorization") != "Bearer "+pre {
			t.Error("send without the pre-verification token")
		}
	})
	mux.HandleFunc("POST /api/auth/2fa/verification/check", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"providerType": "EMAIL", "verificationCode": "123456"})
		writeJSON(w, 200, fmt.Sprintf(`{"token":%q,"refreshToken":%q}`, full.Token, full.RefreshToken))
	})
	c, _ := NewClient(srv.URL)
	res, err := c.Login(context.Background(), "tenant@thingsboard.org", "tenant")
	if err != nil || !res.TwoFactorRequired {
		t.Fatalf("res=%+v err=%v", res, err)
	}
	if c.IsAuthenticated() {
		t.Fatal("authenticated before the second factor")
	}
	if _, err := c.System.Info(context.Background()); !errors.Is(err, ErrTwoFactorRequired) {
		t.Fatalf("call before verification: %v", err)
	}
	if err := c.TwoFactor.SendCode(context.Background(), "EMAIL"); err != nil {
		t.Fatal(err)
	}
	res, err = c.TwoFactor.VerifyCode(context.Background(), "EMAIL", "123456")
	if err != nil || res.TwoFactorRequired || !c.IsAuthenticated() || c.AuthUser().Subject != "tenant@thingsboard.org" {
		t.Fatalf("verify: res=%+v err=%v", res, err)
	}
}

func TestFileTokenStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	s := NewFileTokenStore(path)
	ctx := context.Background()
	if got, err := s.Load(ctx); err != nil || got.Token != "" {
		t.Fatalf("empty load: %+v %v", got, err)
	}
	if err := s.Save(ctx, Tokens{Token: "a", RefreshToken: "b"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := NewFileTokenStore(path).Load(ctx); got.Token != "a" || got.RefreshToken != "b" {
		t.Fatalf("reload: %+v", got)
	}
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Load(ctx); got.Token != "" {
		t.Fatal("clear kept the tokens")
	}
}
