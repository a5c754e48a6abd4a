package specvalidate

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Direction tells which half of an exchange a violation concerns.
type Direction string

// The two directions of an exchange.
const (
	Request  Direction = "request"
	Response Direction = "response"
)

// Violation is one difference between an exchange and the spec.
type Violation struct {
	Method    string
	Path      string // the request path from /api/ on, with its query
	Operation string // operationId; empty when no operation matched
	Direction Direction
	Status    int // the response status
	// Location is where the problem is: "path/deviceId", "query/pageSize",
	// "body/data/0/name" (a JSON pointer below the body), "content-type",
	// "status", or "path" and "method" when no operation matched.
	Location string
	Message  string
}

// String renders v on one line.
func (v Violation) String() string {
	op := v.Operation
	if op == "" {
		op = "-"
	}
	return fmt.Sprintf("%s %s [%s] %s %d %s: %s", v.Method, v.Path, op, v.Direction, v.Status, v.Location, v.Message)
}

// Validator records the exchanges it sees and their violations. It is safe
// for concurrent use.
type Validator struct {
	spec *Spec

	mu         sync.Mutex
	exchanges  int
	skipped    int
	violations []Violation
	unmatched  []string
}

// New returns a Validator with no recorded exchanges.
func New(spec *Spec) *Validator { return &Validator{spec: spec} }

// Spec returns the spec v checks against.
func (v *Validator) Spec() *Spec { return v.spec }

// Transport returns a RoundTripper that sends each request through base
// (http.DefaultTransport when nil) and validates the exchange. Request and
// response bodies are read in full and handed on unchanged.
func (v *Validator) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{v: v, base: base}
}

type transport struct {
	v    *Validator
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	var rest io.Reader = bytes.NewReader(respBody)
	if err != nil {
		rest = io.MultiReader(rest, errReader{err})
	}
	resp.Body = io.NopCloser(rest)
	if err == nil {
		t.v.observe(&exchange{method: req.Method, url: req.URL, reqHeader: req.Header, reqBody: reqBody,
			status: resp.StatusCode, respHeader: resp.Header, respBody: respBody})
	}
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func (v *Validator) observe(x *exchange) {
	var (
		out  outcome
		list []Violation
	)
	func() {
		defer func() {
			if p := recover(); p != nil { // a schema shape the checker does not expect
				out, list = checked, []Violation{{Method: x.method, Path: x.url.Path, Status: x.status,
					Direction: Response, Location: "validator", Message: fmt.Sprint("internal error: ", p)}}
			}
		}()
		out, list = v.spec.validate(x)
	}()
	v.mu.Lock()
	defer v.mu.Unlock()
	switch out {
	case ignored:
		return
	case skipped:
		v.skipped++
		return
	case unmatched:
		v.unmatched = append(v.unmatched, x.method+" "+list[0].Path)
	}
	v.exchanges++
	v.violations = append(v.violations, list...)
}

// Exchanges returns the number of /api/ exchanges validated so far,
// unmatched ones included.
func (v *Validator) Exchanges() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.exchanges
}

// Skipped returns the number of /api/ exchanges not examined because the
// REST spec does not describe them (WebSocket, device transport API).
func (v *Validator) Skipped() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.skipped
}

// Violations returns the violations found so far, unmatched requests
// included, in the order they were recorded.
func (v *Validator) Violations() []Violation {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]Violation(nil), v.violations...)
}

// Unmatched returns "METHOD /path?query" for each request to an /api/ path
// that matched no CE or PE operation. Each is also one of the Violations. A
// known path used with an undeclared method is a violation but not unmatched.
func (v *Validator) Unmatched() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.unmatched...)
}

// Report summarizes the results: a count line, then each distinct violation
// (equal but for the request path) once, with how often it occurred.
func (v *Validator) Report() string {
	v.mu.Lock()
	n, skipped, list := v.exchanges, v.skipped, append([]Violation(nil), v.violations...)
	v.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "spec: validated %d exchanges, %d violations", n, len(list))
	if skipped > 0 {
		fmt.Fprintf(&b, " (%d exchanges outside the REST spec skipped)", skipped)
	}
	type key struct {
		method, op, path string // path only for unmatched requests, which are all distinct
		dir              Direction
		status           int
		loc, msg         string
	}
	keyOf := func(x Violation) key {
		k := key{x.Method, x.Operation, "", x.Direction, x.Status, x.Location, x.Message}
		if x.Operation == "" {
			k.path = x.Path
		}
		return k
	}
	counts := map[key]int{}
	var order []Violation
	for _, x := range list {
		if counts[keyOf(x)]++; counts[keyOf(x)] == 1 {
			order = append(order, x)
		}
	}
	for _, x := range order {
		fmt.Fprintf(&b, "\n  %s", x)
		if c := counts[keyOf(x)]; c > 1 {
			fmt.Fprintf(&b, " (%d times)", c)
		}
	}
	return b.String()
}

// Check logs "spec: validated N exchanges, M violations" and fails t with
// the report when there are violations. Call it when the traffic is done,
// for example from t.Cleanup.
func (v *Validator) Check(t testing.TB) {
	t.Helper()
	n, m := v.Exchanges(), len(v.Violations())
	t.Logf("spec: validated %d exchanges, %d violations", n, m)
	if m > 0 {
		t.Error(v.Report())
	}
}
