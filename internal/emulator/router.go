package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// HandlerFunc serves one operation. p is the authenticated caller (nil for Public
// handlers on paths that need no authentication). A handler either writes a response
// and returns nil, or writes nothing and returns an error, which the server writes:
// an *Error as ThingsBoard's error body, anything else as 500.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, p *Principal) error

// Handler is a HandlerFunc with its access rule; build it with Authed or Public.
type Handler struct {
	fn     HandlerFunc
	auths  []tb.Authority
	public bool
}

// Short names for the authorities, for Authed.
const (
	SysAdmin         = tb.AuthoritySysAdmin
	TenantAdmin      = tb.AuthorityTenantAdmin
	CustomerUser     = tb.AuthorityCustomerUser
	PreVerification  = tb.AuthorityPreVerificationToken
	MFAConfiguration = tb.AuthorityMFAConfigurationToken
)

// Authed returns a handler for authenticated callers with one of the given
// authorities; with none, any user (SYS_ADMIN, TENANT_ADMIN or CUSTOMER_USER) is
// allowed. Other callers get 403 "You don't have permission to perform this operation!".
func Authed(fn HandlerFunc, auths ...tb.Authority) Handler {
	if len(auths) == 0 {
		auths = []tb.Authority{SysAdmin, TenantAdmin, CustomerUser}
	}
	return Handler{fn: fn, auths: auths}
}

// Public returns a handler that needs no authentication (login, the device API,
// the WebSocket endpoint). On a path that needs authentication (see IsPublicPath) the
// server still authenticates the caller first and passes the principal.
func Public(fn HandlerFunc) Handler { return Handler{fn: fn, public: true} }

// route is one (method, path template) pair: a handler, or a placeholder for an
// operation of the real API that no handler implements yet.
type route struct {
	method  string
	pattern string   // as written: "GET /api/device/{deviceId}"
	key     string   // normalized: "GET /api/device/{}"
	names   []string // wildcard name per segment, "" for literal segments
	handler *Handler
	op      *Operation
}

// node is a path-segment trie node. Matching prefers literal segments over
// wildcards at every level, as Spring's most-specific-pattern rule does for
// ThingsBoard's paths, and backtracks when a literal branch does not match.
type node struct {
	lit    map[string]*node
	wild   *node
	routes map[string]*route // by method
}

type router struct {
	root  node
	byKey map[string]*route
}

func newRouter() *router { return &router{byKey: map[string]*route{}} }

// parsePattern splits "METHOD /a/{b}/c" into the method and the path segments.
func parsePattern(pattern string) (method string, segs []string, err error) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || method == "" || method != strings.ToUpper(method) || !strings.HasPrefix(path, "/") {
		return "", nil, fmt.Errorf("emulator: bad route pattern %q: want \"METHOD /path\"", pattern)
	}
	segs = strings.Split(path[1:], "/")
	for i, s := range segs {
		if s == "" && i < len(segs)-1 {
			return "", nil, fmt.Errorf("emulator: bad route pattern %q: empty segment", pattern)
		}
		if strings.ContainsAny(s, "{}") && !(strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && len(s) > 2 && !strings.ContainsAny(s[1:len(s)-1], "{}")) {
			return "", nil, fmt.Errorf("emulator: bad route pattern %q: a wildcard must be a whole segment", pattern)
		}
	}
	return method, segs, nil
}

func isWild(seg string) bool { return strings.HasPrefix(seg, "{") }

// normalize returns the pattern with wildcard names removed, the key under which
// requests are counted and duplicates detected.
func normalize(method string, segs []string) string {
	var b strings.Builder
	b.WriteString(method)
	b.WriteString(" ")
	for _, s := range segs {
		b.WriteString("/")
		if isWild(s) {
			b.WriteString("{}")
		} else {
			b.WriteString(s)
		}
	}
	return b.String()
}

// NormalizePattern returns pattern with its wildcard names erased ("GET /api/device/{}"),
// so patterns that differ only in wildcard names compare equal.
func NormalizePattern(pattern string) string {
	method, segs, err := parsePattern(pattern)
	if err != nil {
		return pattern
	}
	return normalize(method, segs)
}

// add inserts a route; a second handler for the same normalized pattern is an error.
func (rt *router) add(pattern string, h *Handler, op *Operation) error {
	method, segs, err := parsePattern(pattern)
	if err != nil {
		return err
	}
	key := normalize(method, segs)
	if old, ok := rt.byKey[key]; ok {
		if h != nil && old.handler != nil {
			return fmt.Errorf("emulator: route %q registered twice (also as %q)", pattern, old.pattern)
		}
		if h != nil {
			old.handler, old.pattern, old.names = h, pattern, wildNames(segs)
		}
		if op != nil {
			old.op = op
		}
		return nil
	}
	r := &route{method: method, pattern: pattern, key: key, names: wildNames(segs), handler: h, op: op}
	n := &rt.root
	for _, s := range segs {
		if isWild(s) {
			if n.wild == nil {
				n.wild = &node{}
			}
			n = n.wild
			continue
		}
		if n.lit == nil {
			n.lit = map[string]*node{}
		}
		if n.lit[s] == nil {
			n.lit[s] = &node{}
		}
		n = n.lit[s]
	}
	if n.routes == nil {
		n.routes = map[string]*route{}
	}
	n.routes[method] = r
	rt.byKey[key] = r
	return nil
}

func wildNames(segs []string) []string {
	names := make([]string, len(segs))
	for i, s := range segs {
		if isWild(s) {
			names[i] = s[1 : len(s)-1]
		}
	}
	return names
}

// match finds the route for method and the (unescaped) path segments. When the path
// matches routes of other methods only, it returns nil and their methods.
func (rt *router) match(method string, segs []string) (*route, []string) {
	var allowed []string
	var found *route
	var walk func(n *node, i int) bool
	walk = func(n *node, i int) bool {
		if i == len(segs) {
			if r, ok := n.routes[method]; ok {
				found = r
				return true
			}
			for m := range n.routes {
				if !slices.Contains(allowed, m) {
					allowed = append(allowed, m)
				}
			}
			return false
		}
		if c := n.lit[segs[i]]; c != nil && walk(c, i+1) {
			return true
		}
		return n.wild != nil && segs[i] != "" && walk(n.wild, i+1)
	}
	walk(&rt.root, 0)
	slices.Sort(allowed)
	return found, allowed
}

// splitPath splits an escaped URL path into unescaped segments.
func splitPath(escaped string) ([]string, bool) {
	if !strings.HasPrefix(escaped, "/") {
		return nil, false
	}
	segs := strings.Split(escaped[1:], "/")
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// IsPublicPath reports whether the server lets requests to path through without
// authentication: everything outside /api/, and /api/noauth/**, the login and
// refresh endpoints, the device API /api/v1/**, the WebSocket endpoints and a few
// others, as ThingsBoard's security configuration does.
func IsPublicPath(path string) bool {
	if !strings.HasPrefix(path, "/api/") {
		return path != "/api"
	}
	switch path {
	case "/api/auth/login", "/api/auth/login/public", "/api/auth/token", "/api/admin/mail/oauth2/code":
		return true
	}
	for _, p := range []string{"/api/noauth/", "/api/v1/", "/api/ws/", "/api/images/public/", "/api/license/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	if path == "/api/ws" {
		return true
	}
	if rest, ok := strings.CutPrefix(path, "/api/device-connectivity/"); ok {
		if _, tail, ok := strings.Cut(rest, "/"); ok && tail == "certificate/download" {
			return true
		}
	}
	return false
}
