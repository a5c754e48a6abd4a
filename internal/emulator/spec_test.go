package emulator

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/tbgo/thingsboard/internal/specvalidate"
)

// TestAuthConformsToSpec drives the authentication endpoints, successes and
// failures, through the OpenAPI validator.
func TestAuthConformsToSpec(t *testing.T) {
	v := specvalidate.ForTest(t)
	s := New(WithTwoFactor("customerC@thingsboard.org", "424242"))
	hs := httptest.NewServer(v.Middleware(s))
	defer hs.Close()
	ctx := context.Background()
	for _, u := range [][2]string{{SysAdminEmail, SysAdminPassword}, {TenantEmail, TenantPassword}, {CustomerEmail, CustomerPassword}} {
		c := login(t, hs.URL, u[0], u[1])
		a := call(t, "GET", hs.URL+"/api/auth/user", "", "X-Authorization: Bearer "+c.Tokens().Token)
		if a.status != 200 {
			t.Fatalf("user: %d %s", a.status, a.body)
		}
		if err := c.RefreshToken(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
	}
	call(t, "POST", hs.URL+"/api/auth/login", `{"username":"tenant@thingsboard.org","password":"nope"}`)
	call(t, "POST", hs.URL+"/api/auth/token", `{"refreshToken":"nope"}`)
	call(t, "GET", hs.URL+"/api/auth/user", "")
	call(t, "GET", hs.URL+"/api/auth/user", "", "X-Authorization: Bearer nope")

	// The spec's JwtPair requires refreshToken, which the server omits when it asks
	// for a second factor, so the 2FA login itself bypasses the validator.
	raw := httptest.NewServer(s)
	defer raw.Close()
	c := newClient(t, raw.URL)
	if _, err := c.Login(ctx, "customerC@thingsboard.org", "customer"); err != nil {
		t.Fatal(err)
	}
	pre := "X-Authorization: Bearer " + c.Tokens().Token
	for _, step := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/auth/2fa/providers", 200},
		{"POST", "/api/auth/2fa/verification/send?providerType=EMAIL", 200},
		{"POST", "/api/auth/2fa/verification/check?providerType=EMAIL&verificationCode=1", 400},
		{"POST", "/api/auth/2fa/verification/check?providerType=EMAIL&verificationCode=424242", 200},
	} {
		if a := call(t, step.method, hs.URL+step.path, "", pre); a.status != step.status {
			t.Errorf("%s %s: %d %s", step.method, step.path, a.status, a.body)
		}
	}
	key := s.CreateAPIKey(s.Demo().UserID(TenantEmail))
	if a := call(t, "GET", hs.URL+"/api/auth/user", "", "X-Authorization: ApiKey "+key); a.status != 200 {
		t.Fatalf("api key: %d", a.status)
	}
	v.Check(t)
}
