package thingsboardtest

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator"
)

// Option configures a Server.
type Option = emulator.Option

// Edition is the ThingsBoard edition a Server emulates: CE or PE.
type Edition = emulator.Edition

// Editions.
const (
	CE = emulator.CE
	PE = emulator.PE
)

// Clock is a server's time source: real time shifted by an adjustable offset. See
// Server.Clock.
type Clock = emulator.Clock

// DemoData holds the ids of the demo entities. See Server.Demo.
type DemoData = emulator.DemoData

// DemoDevice is one demo device with its access token.
type DemoDevice = emulator.DemoDevice

// Demo credentials.
const (
	SysAdminEmail    = emulator.SysAdminEmail
	SysAdminPassword = emulator.SysAdminPassword
	TenantEmail      = emulator.TenantEmail
	TenantPassword   = emulator.TenantPassword
	CustomerEmail    = emulator.CustomerEmail
	CustomerPassword = emulator.CustomerPassword
)

// NewClock returns a clock that reads start now and then advances with real time
// (real time when start is zero), for WithClock.
func NewClock(start time.Time) *Clock { return emulator.NewClock(start) }

// WithEdition sets the edition (CE by default). A CE server answers 404 to the
// operations only PE has, as a real CE server does.
func WithEdition(e Edition) Option { return emulator.WithEdition(e) }

// WithClock makes the server take its time (tokens, createdTime, timestamps) from clock.
func WithClock(c *Clock) Option { return emulator.WithClock(c) }

// WithTokenLifetimes sets the access and refresh token lifetimes (default 9000 s and
// 604800 s); zero keeps the default.
func WithTokenLifetimes(access, refresh time.Duration) Option {
	return emulator.WithTokenLifetimes(access, refresh)
}

// WithoutDemoData starts the server with only the system administrator.
func WithoutDemoData() Option { return emulator.WithoutDemoData() }

// WithTwoFactor enables two-factor authentication for the user with the given email;
// code is the verification code every provider accepts.
func WithTwoFactor(email, code string) Option { return emulator.WithTwoFactor(email, code) }

// Server is an in-memory ThingsBoard listening on a loopback port.
type Server struct {
	// URL is the base URL, such as "http://127.0.0.1:41234".
	URL string

	emu  *emulator.Server
	hs   *http.Server
	done chan struct{}
	once sync.Once
}

// NewServer starts a server on 127.0.0.1 and closes it when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("thingsboardtest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server on 127.0.0.1 on a free port. Close it when done.
func Start(opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	emu := emulator.New(opts...)
	s := &Server{URL: "http://" + ln.Addr().String(), emu: emu, done: make(chan struct{}),
		hs: &http.Server{Handler: emulator.HTTPHandler(emu), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(s.done)
		_ = s.hs.Serve(ln) // returns http.ErrServerClosed after Close
	}()
	return s, nil
}

// Close stops the server: it closes every connection, including WebSockets, and
// waits for the server's goroutines to end. It is safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		s.emu.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.hs.Shutdown(ctx); err != nil {
			_ = s.hs.Close()
		}
		<-s.done
	})
}

// Edition returns the emulated edition.
func (s *Server) Edition() Edition { return s.emu.Edition() }

// Demo returns the ids of the demo data: Demo().TenantID, Demo().DeviceID("Test Device A1"),
// Demo().CustomerID("Customer A"), Demo().UserID("tenant@thingsboard.org"), ...
func (s *Server) Demo() *DemoData { return s.emu.Demo() }

// Clock returns the server's clock; Advance and Set move it, for example past the
// expiry of the access tokens.
func (s *Server) Clock() *Clock { return s.emu.Clock() }

// ExpireTokens makes every access token issued so far answer 401 "Token has expired"
// (errorCode 11). Refresh tokens keep working, so clients refresh transparently.
func (s *Server) ExpireTokens() { s.emu.ExpireTokens() }

// FailNext makes the next n API requests fail with status and a ThingsBoard-shaped
// body, for example 429 with errorCode 33 "Too many requests for current tenant!".
func (s *Server) FailNext(n, status int) { s.emu.FailNext(n, status) }

// FailNextWith makes the next n API requests fail with status and the body
// {"status":status,"message":message,"errorCode":code,"timestamp":...}.
func (s *Server) FailNextWith(n, status int, code thingsboard.ErrorCode, message string) {
	s.emu.FailNextWith(n, emulator.Errorf(status, code, "%s", message))
}

// Requests returns how many requests the server received for pattern: with wildcards
// ("GET /api/device/{deviceId}") every request routed to that operation; without,
// requests for exactly that method and path ("POST /api/auth/token").
func (s *Server) Requests(pattern string) int { return s.emu.Requests(pattern) }

// DropWebSockets closes every open WebSocket connection abruptly.
func (s *Server) DropWebSockets() { s.emu.DropWebSockets() }

// CreateAPIKey creates an enabled API key for the user and returns its value, to use
// with thingsboard.WithAPIKey.
func (s *Server) CreateAPIKey(userID string) string { return s.emu.CreateAPIKey(userID) }

// EnableTwoFactor turns on two-factor authentication for the user with the given
// email (code is the verification code to accept); an empty code turns it off.
func (s *Server) EnableTwoFactor(email, code string) { s.emu.EnableTwoFactor(email, code) }

// Emulator returns the server's inside, for tests within this module.
func (s *Server) Emulator() *emulator.Server { return s.emu }
