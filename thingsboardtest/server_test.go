package thingsboardtest_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func client(t *testing.T, srv *thingsboardtest.Server, opts ...thingsboard.Option) *thingsboard.Client {
	t.Helper()
	c, err := thingsboard.NewClient(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewServer(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	ctx := context.Background()
	c := client(t, srv)
	res, err := c.Login(ctx, thingsboardtest.TenantEmail, thingsboardtest.TenantPassword)
	if err != nil {
		t.Fatal(err)
	}
	if res.User.TenantID != srv.Demo().TenantID || res.User.UserID != srv.Demo().UserID(thingsboardtest.TenantEmail) {
		t.Errorf("user = %+v", res.User)
	}
	info, err := c.System.Info(ctx)
	if err != nil || info.Type != "CE" || srv.Edition() != thingsboardtest.CE {
		t.Fatalf("info = %+v, %v", info, err)
	}
	// Transparent refresh after every token expires.
	srv.ExpireTokens()
	if _, err := c.System.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests("POST /api/auth/token"); n != 1 {
		t.Errorf("refreshes = %d, want 1", n)
	}
	// Moving the clock past the token lifetime has the same effect.
	srv.Clock().Advance(3 * time.Hour)
	if _, err := c.System.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests("POST /api/auth/token"); n != 2 {
		t.Errorf("refreshes = %d, want 2", n)
	}
	if n := srv.Requests("GET /api/system/info"); n != 5 {
		t.Errorf("GET /api/system/info = %d, want 5 (3 calls, 2 replays)", n)
	}
}

func TestFailNextAndAPIKey(t *testing.T) {
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithEdition(thingsboardtest.PE))
	key := srv.CreateAPIKey(srv.Demo().UserID(thingsboardtest.CustomerEmail))
	c := client(t, srv, thingsboard.WithAPIKey(key), thingsboard.WithRetry(thingsboard.RetryPolicy{}))
	ctx := context.Background()
	srv.FailNext(1, http.StatusServiceUnavailable)
	_, err := c.System.Info(ctx)
	if !errors.Is(err, thingsboard.ErrServer) {
		t.Fatalf("err = %v, want a server error", err)
	}
	srv.FailNextWith(1, 409, thingsboard.CodeVersionConflict, "Device was already changed by someone else")
	_, err = c.System.Info(ctx)
	if !errors.Is(err, thingsboard.ErrVersionConflict) {
		t.Fatalf("err = %v, want a version conflict", err)
	}
	info, err := c.System.Info(ctx)
	if err != nil || !info.IsPE() {
		t.Fatalf("info = %+v, %v", info, err)
	}
}

func TestTwoFactorOption(t *testing.T) {
	srv := thingsboardtest.NewServer(t, thingsboardtest.WithTwoFactor(thingsboardtest.CustomerEmail, "777777"))
	c := client(t, srv)
	ctx := context.Background()
	res, err := c.Login(ctx, thingsboardtest.CustomerEmail, thingsboardtest.CustomerPassword)
	if err != nil || !res.TwoFactorRequired {
		t.Fatalf("login = %+v, %v", res, err)
	}
	if res, err = c.TwoFactor.VerifyCode(ctx, "EMAIL", "777777"); err != nil || !res.User.IsCustomerUser() {
		t.Fatalf("verify = %+v, %v", res, err)
	}
}

func TestCloseReleasesGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := thingsboardtest.Start(thingsboardtest.WithoutDemoData())
	if err != nil {
		t.Fatal(err)
	}
	c := client(t, srv)
	if _, err := c.Login(context.Background(), thingsboardtest.SysAdminEmail, thingsboardtest.SysAdminPassword); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv.Close()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d before, %d after Close", before, n)
	}
}
