package emulator

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	tb "github.com/tbgo/thingsboard"
)

// Edition is the ThingsBoard edition the server emulates.
type Edition string

// Editions.
const (
	CE Edition = "CE"
	PE Edition = "PE"
)

// Version is the ThingsBoard version the emulator reports.
const Version = "4.3.1.3"

// Option configures a Server.
type Option func(*config)

type config struct {
	edition    Edition
	clock      *Clock
	accessTTL  time.Duration
	refreshTTL time.Duration
	noDemo     bool
	twoFactor  map[string]string // email → verification code
	ws         wsConfig          // WebSocket timings and limits (ws.go)
}

// WithEdition sets the edition (CE by default). In CE mode the operations that only
// PE has answer 404, as on a CE server, and handlers registered for them are ignored.
func WithEdition(e Edition) Option { return func(c *config) { c.edition = e } }

// WithClock makes the server take its time from clock.
func WithClock(clock *Clock) Option { return func(c *config) { c.clock = clock } }

// WithTokenLifetimes sets the access and refresh token lifetimes (default 9000 s and
// 604800 s, the server's defaults). A zero duration keeps the default.
func WithTokenLifetimes(access, refresh time.Duration) Option {
	return func(c *config) {
		if access > 0 {
			c.accessTTL = access
		}
		if refresh > 0 {
			c.refreshTTL = refresh
		}
	}
}

// WithoutDemoData starts the server with only the system administrator.
func WithoutDemoData() Option { return func(c *config) { c.noDemo = true } }

// WithTwoFactor enables two-factor authentication for the user with the given email:
// login answers with a pre-verification token, and code is the verification code
// the user must send with any provider.
func WithTwoFactor(email, code string) Option {
	return func(c *config) {
		if c.twoFactor == nil {
			c.twoFactor = map[string]string{}
		}
		c.twoFactor[strings.ToLower(email)] = code
	}
}

// Server is the in-memory ThingsBoard. It is an http.Handler; start it with
// net/http or httptest (package thingsboardtest does that).
type Server struct {
	cfg    config
	clock  *Clock
	store  *Store
	router *router
	// routeMu guards router: Handle may run while requests are served.
	routeMu sync.RWMutex
	demo    *DemoData
	tokens  *tokenRegistry
	key     []byte
	models  map[tb.EntityType]func(map[string]any) (any, error)
	// intercepts wrap handlers, by normalized route pattern (guarded by routeMu).
	intercepts map[string][]Middleware

	mu        sync.Mutex
	counts    map[string]int // by normalized route pattern
	paths     map[string]int // by "METHOD /concrete/path"
	faults    []fault
	dropHooks []func()
	closeHook []func()
	closed    bool
	done      chan struct{}
}

type fault struct {
	n   int
	err *Error
}

var (
	regMu     sync.Mutex
	registry  []func(*Server)
	demoHooks []func(s *Server, tx *Tx, d *DemoData)
	modelReg  = map[tb.EntityType]func(map[string]any) (any, error){}
)

// Register adds a function that installs routes (and any other setup) on every new
// Server. Call it from an init function in the file that implements the handlers:
//
//	func init() {
//		Register(func(s *Server) {
//			s.Handle("GET /api/customer/{customerId}", Authed(s.getCustomer, TenantAdmin, CustomerUser))
//		})
//	}
func Register(fn func(s *Server)) {
	regMu.Lock()
	defer regMu.Unlock()
	registry = append(registry, fn)
}

// RegisterDemoHook adds a function run after the demo data is loaded, in the same
// transaction, for example to add device credentials or PE entity groups.
func RegisterDemoHook(fn func(s *Server, tx *Tx, d *DemoData)) {
	regMu.Lock()
	defer regMu.Unlock()
	demoHooks = append(demoHooks, fn)
}

// RegisterModel sets how the demo loader turns the generic JSON object of an entity
// of type t into its stored Value, for example a *thingsboard.Device. Without one the
// map itself is stored. See JSONModel.
func RegisterModel(t tb.EntityType, convert func(m map[string]any) (any, error)) {
	regMu.Lock()
	defer regMu.Unlock()
	modelReg[t] = convert
}

// JSONModel returns a converter for RegisterModel that decodes the JSON object into a
// new *T.
func JSONModel[T any]() func(map[string]any) (any, error) {
	return func(m map[string]any) (any, error) {
		v := new(T)
		if err := remarshal(m, v); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// New returns a server with the demo data loaded and every registered route installed.
// It panics when two handlers claim the same route or a pattern is malformed.
func New(opts ...Option) *Server {
	cfg := config{edition: CE, accessTTL: 9000 * time.Second, refreshTTL: 604800 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.edition != PE {
		cfg.edition = CE
	}
	if cfg.clock == nil {
		cfg.clock = NewClock(time.Time{})
	}
	s := &Server{
		cfg:    cfg,
		clock:  cfg.clock,
		store:  NewStore(cfg.clock),
		router: newRouter(),
		tokens: newTokenRegistry(),
		key:    make([]byte, 64),
		counts: map[string]int{},
		paths:  map[string]int{},
		done:   make(chan struct{}),

		intercepts: map[string][]Middleware{},
	}
	_, _ = rand.Read(s.key)
	for i := range operations {
		op := &operations[i]
		if op.PEOnly && cfg.edition == CE {
			continue
		}
		if err := s.router.add(op.Pattern(), nil, op); err != nil {
			panic(err)
		}
	}
	regMu.Lock()
	fns := slices.Clone(registry)
	hooks := slices.Clone(demoHooks)
	s.models = make(map[tb.EntityType]func(map[string]any) (any, error), len(modelReg))
	for k, v := range modelReg {
		s.models[k] = v
	}
	regMu.Unlock()
	for _, fn := range fns {
		fn(s)
	}
	s.loadData(hooks)
	return s
}

// Handle installs h for pattern, "METHOD /path/{wildcard}/..." (wildcards are whole
// segments; handlers read them with r.PathValue or PathUUID). Literal segments take
// precedence over wildcards. In CE mode a pattern of a PE-only operation is ignored.
// It panics on a malformed pattern or when the route already has a handler.
func (s *Server) Handle(pattern string, h Handler) {
	if h.fn == nil {
		panic(fmt.Sprintf("emulator: nil handler for %q", pattern))
	}
	if s.cfg.edition == CE && peOnly[NormalizePattern(pattern)] {
		return
	}
	s.routeMu.Lock()
	defer s.routeMu.Unlock()
	if err := s.router.add(pattern, &h, nil); err != nil {
		panic(err)
	}
}

// Middleware wraps the handler function of a route.
type Middleware func(next HandlerFunc) HandlerFunc

// Intercept wraps the handler of pattern, whenever it is installed, with mw: for
// behaviour that cuts across families, such as the entity groups that PE save
// operations take in their entityGroupId parameters. The last Intercept runs first.
func (s *Server) Intercept(pattern string, mw Middleware) {
	s.routeMu.Lock()
	defer s.routeMu.Unlock()
	key := NormalizePattern(pattern)
	s.intercepts[key] = append(s.intercepts[key], mw)
}

// peOnly holds the normalized patterns of the PE-only operations.
var peOnly = func() map[string]bool {
	m := map[string]bool{}
	for _, op := range operations {
		if op.PEOnly {
			m[NormalizePattern(op.Pattern())] = true
		}
	}
	return m
}()

// Routes returns the patterns that have a handler, sorted.
func (s *Server) Routes() []string {
	s.routeMu.RLock()
	defer s.routeMu.RUnlock()
	var out []string
	for _, r := range s.router.byKey {
		if r.handler != nil {
			out = append(out, r.pattern)
		}
	}
	sortStrings(out)
	return out
}

// Edition returns the emulated edition.
func (s *Server) Edition() Edition { return s.cfg.edition }

// Store returns the server's data store.
func (s *Server) Store() *Store { return s.store }

// Clock returns the server's clock.
func (s *Server) Clock() *Clock { return s.clock }

// Now returns the server clock's time in epoch milliseconds.
func (s *Server) Now() int64 { return s.clock.Millis() }

// NewValue turns the generic JSON object of an entity of type t into the value to
// store, with the converter registered by RegisterModel, or returns m itself.
func (s *Server) NewValue(t tb.EntityType, m map[string]any) (any, error) {
	if conv := s.models[t]; conv != nil {
		return conv(m)
	}
	return m, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, ok := splitPath(r.URL.EscapedPath())
	var rt *route
	var allowed []string
	var mws []Middleware
	if ok {
		s.routeMu.RLock()
		rt, allowed = s.router.match(r.Method, segs)
		if rt != nil {
			mws = s.intercepts[rt.key]
		}
		s.routeMu.RUnlock()
	}
	s.count(r.Method+" "+r.URL.Path, rt)
	isAPI := strings.HasPrefix(r.URL.Path, "/api/")
	if isAPI {
		if e := s.takeFault(); e != nil {
			s.WriteError(w, e)
			return
		}
	}
	var p *Principal
	if !IsPublicPath(r.URL.Path) {
		var err error
		if p, err = s.Authenticate(r); err != nil {
			s.WriteError(w, err)
			return
		}
	}
	switch {
	case rt == nil && len(allowed) > 0:
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.WriteError(w, Errorf(http.StatusMethodNotAllowed, tb.CodeBadRequestParams, "Request method '%s' is not supported", r.Method))
		return
	case rt == nil:
		s.WriteError(w, Errorf(http.StatusNotFound, tb.CodeItemNotFound, "Not Found"))
		return
	case rt.handler == nil:
		s.WriteError(w, Errorf(http.StatusNotImplemented, tb.CodeGeneral, "Not implemented in the emulator: %s", rt.pattern))
		return
	}
	h := rt.handler
	if !h.public {
		if p == nil {
			var err error
			if p, err = s.Authenticate(r); err != nil {
				s.WriteError(w, err)
				return
			}
		}
		if !h.allows(p.Authority) {
			s.WriteError(w, PermissionDenied())
			return
		}
	}
	for i, name := range rt.names {
		if name != "" {
			r.SetPathValue(name, segs[i])
		}
	}
	defer func() {
		// A failing handler answers 500 like the server, instead of cutting the connection.
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.WriteError(w, Errorf(http.StatusInternalServerError, tb.CodeGeneral, "emulator: %s: %v", rt.pattern, v))
		}
	}()
	fn := h.fn
	for _, mw := range mws {
		fn = mw(fn)
	}
	if err := fn(w, r, p); err != nil {
		s.WriteError(w, err)
	}
}

func (h *Handler) allows(a tb.Authority) bool {
	for _, x := range h.auths {
		if x == a {
			return true
		}
	}
	return false
}

func (s *Server) count(concrete string, rt *route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths[concrete]++
	if rt != nil {
		s.counts[rt.key]++
	}
}

// Requests returns how many requests the server received for pattern: a route
// pattern with wildcards ("GET /api/device/{deviceId}", wildcard names do not matter)
// counts every request routed to it; a pattern without wildcards counts requests
// for exactly that method and path ("POST /api/auth/token").
func (s *Server) Requests(pattern string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.Contains(pattern, "{") {
		return s.counts[NormalizePattern(pattern)]
	}
	return s.paths[pattern]
}

// FailNext makes the next n requests under /api/ fail with status and a
// ThingsBoard-shaped body: 429 gives errorCode 33 "Too many requests for current
// tenant!", other statuses the code the server maps them to and the status text.
func (s *Server) FailNext(n int, status int) {
	e := Errorf(status, tb.CodeForStatus(status), "%s", http.StatusText(status))
	if status == http.StatusTooManyRequests {
		e.Message = "Too many requests for current tenant!"
	}
	s.FailNextWith(n, e)
}

// FailNextWith makes the next n requests under /api/ answer with e.
func (s *Server) FailNextWith(n int, e *Error) {
	if n <= 0 || e == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{n: n, err: e})
}

func (s *Server) takeFault() *Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return nil
	}
	f := &s.faults[0]
	f.n--
	e := f.err
	if f.n == 0 {
		s.faults = s.faults[1:]
	}
	return e
}

// OnDropWebSockets registers fn to be called by DropWebSockets.
func (s *Server) OnDropWebSockets(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropHooks = append(s.dropHooks, fn)
}

// DropWebSockets closes every open WebSocket connection abruptly (through the hooks
// registered with OnDropWebSockets).
func (s *Server) DropWebSockets() {
	s.mu.Lock()
	hooks := append([]func(){}, s.dropHooks...)
	s.mu.Unlock()
	for _, fn := range hooks {
		fn()
	}
}

// Done is closed when the server is closed; long-running handlers (long polls,
// WebSockets) should stop when it is.
func (s *Server) Done() <-chan struct{} { return s.done }

// OnClose registers fn to be called by Close, to stop background work.
func (s *Server) OnClose(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeHook = append(s.closeHook, fn)
}

// Close stops the server's background work (through the OnClose hooks). It does not
// close listeners: whoever serves the handler does that. Close is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	hooks := s.closeHook
	s.mu.Unlock()
	for i := len(hooks) - 1; i >= 0; i-- {
		hooks[i]()
	}
}
