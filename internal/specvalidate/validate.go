package specvalidate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// exchange is one request and its response, as seen by the transport.
type exchange struct {
	method     string
	url        *url.URL
	reqHeader  http.Header
	reqBody    []byte
	status     int
	respHeader http.Header
	respBody   []byte
}

// outcome of checking one exchange.
type outcome int

const (
	ignored   outcome = iota // not an /api/ path
	skipped                  // an /api/ path outside the REST spec
	checked                  // matched an operation, or failed to
	unmatched                // no operation has this path
)

var errorContent = &content{media: map[string]any{
	"application/json": map[string]any{"$ref": "#/components/schemas/ThingsboardErrorResponse"},
}}

// validate checks x and returns what happened and the violations found.
func (s *Spec) validate(x *exchange) (outcome, []Violation) {
	path, ok := apiPath(x.url.EscapedPath())
	if !ok {
		return ignored, nil
	}
	for _, sp := range skippedPrefixes {
		if strings.HasPrefix(path, sp.prefix) {
			return skipped, nil
		}
	}
	if strings.EqualFold(x.reqHeader.Get("Upgrade"), "websocket") {
		return skipped, nil
	}
	shown := path
	if x.url.RawQuery != "" {
		shown += "?" + x.url.RawQuery
	}
	r := &report{base: Violation{Method: x.method, Path: shown, Status: x.status}}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, seg := range segs {
		if u, err := url.PathUnescape(seg); err == nil {
			segs[i] = u
		}
	}
	query, err := url.ParseQuery(x.url.RawQuery)
	if err != nil {
		r.add(Request, "query", "malformed query: %v", err)
	}
	op, why := s.find(x.method, segs, query)
	if op == nil {
		if why == "" {
			r.add(Request, "path", "no CE or PE operation matches this path")
			return unmatched, r.list
		}
		r.add(Request, "method", "%s", why)
		return checked, r.list
	}
	r.base.Operation = op.id
	s.checkRequest(r, op, x, segs, query)
	s.checkResponse(r, op, x)
	return checked, r.list
}

// report collects the violations of one exchange.
type report struct {
	base Violation
	list []Violation
}

func (r *report) add(dir Direction, loc, format string, args ...any) {
	v := r.base
	v.Direction, v.Location, v.Message = dir, loc, fmt.Sprintf(format, args...)
	r.list = append(r.list, v)
}

// apiPath returns the path from its first /api/ segment on.
func apiPath(p string) (string, bool) {
	if strings.HasPrefix(p, "/api/") {
		return p, true
	}
	if i := strings.Index(p, "/api/"); i >= 0 {
		return p[i:], true
	}
	return "", false
}

// find returns the operation for method on the path segments, or nil and an
// explanation when the path exists without this method (or without the query
// parameters that select a mapping), or nil and "" when no path matches.
func (s *Spec) find(method string, segs []string, query url.Values) (*operation, string) {
	var allowed, conditions []string
	matched := false
	for _, r := range s.routes {
		if !r.match(segs) {
			continue
		}
		matched = true
		list := r.ops[method]
		for _, op := range list {
			if op.when != "" && query.Has(op.when) {
				return op, ""
			}
		}
		for _, op := range list {
			if op.when == "" {
				return op, ""
			}
			conditions = append(conditions, op.when)
		}
		for m := range r.ops {
			if !slices.Contains(allowed, m) {
				allowed = append(allowed, m)
			}
		}
	}
	switch {
	case !matched:
		return nil, ""
	case len(conditions) > 0:
		return nil, fmt.Sprintf("%s on this path needs one of the query parameters %s", method, strings.Join(conditions, ", "))
	}
	slices.Sort(allowed)
	return nil, fmt.Sprintf("method %s is not declared for this path (declared: %s)", method, strings.Join(allowed, ", "))
}

func (r *route) match(segs []string) bool {
	if len(segs) != len(r.segs) {
		return false
	}
	for i, seg := range r.segs {
		if seg != varSeg && seg != segs[i] {
			return false
		}
	}
	return true
}

func (s *Spec) checkRequest(r *report, op *operation, x *exchange, segs []string, query url.Values) {
	for i, seg := range op.segs {
		if !isVar(seg) {
			continue
		}
		name := seg[1 : len(seg)-1]
		if segs[i] == "" {
			r.add(Request, "path/"+name, "empty path parameter")
		} else if p := op.pathParams[name]; p != nil {
			if msg := s.paramProblem(p.schema, segs[i]); msg != "" {
				r.add(Request, "path/"+name, "%s", msg)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(query)) {
		p := op.query[name]
		if p == nil {
			if !op.peQuery[name] {
				r.add(Request, "query/"+name, "query parameter %q is not declared", name)
			}
			continue
		}
		for _, val := range query[name] {
			if msg := s.paramProblem(p.schema, val); msg != "" {
				r.add(Request, "query/"+name, "%s", msg)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(op.query)) {
		if op.query[name].required && !query.Has(name) {
			r.add(Request, "query/"+name, "required query parameter %q is missing", name)
		}
	}

	body := bytes.TrimSpace(x.reqBody)
	switch {
	case len(body) == 0:
		if op.body != nil && op.body.required {
			r.add(Request, "body", "the request body is required")
		}
		return
	case op.body == nil:
		r.add(Request, "body", "the operation takes no request body, got %d bytes", len(body))
		return
	case op.freeBody:
		return
	case op.quirks&rawJSONBody != 0:
		if !json.Valid(body) {
			r.add(Request, "body", "the body is not JSON")
		}
		return
	case op.quirks&rawTextBody != 0:
		return
	}
	ct := mediaType(x.reqHeader.Get("Content-Type"))
	schema, key, ok := pickMedia(op.body.media, ct)
	if !ok {
		r.add(Request, "content-type", "Content-Type %q is not declared (declared: %s)", ct, mediaList(op.body.media))
		return
	}
	s.checkBody(r, Request, op, key, schema, body)
}

func (s *Spec) checkResponse(r *report, op *operation, x *exchange) {
	rc, ok := op.responses[strconv.Itoa(x.status)]
	if !ok {
		rc, ok = op.responses["default"]
	}
	if !ok && (slices.Contains(CommonErrorStatuses, x.status) || slices.Contains(op.extra, x.status)) {
		rc, ok = errorContent, true
	}
	if !ok {
		r.add(Response, "status", "status %d is not declared (declared: %s)", x.status, statusList(op.responses))
		return
	}
	body := bytes.TrimSpace(x.respBody)
	ct := mediaType(x.respHeader.Get("Content-Type"))
	plain := x.status >= 400 && (op.quirks&plainTextErrors != 0 || plainTextPath(op.path))
	deferred := op.quirks&deferredResult != 0 && x.status < 300
	switch {
	case len(body) == 0:
		empty := op.quirks&emptyResult != 0 && x.status == 200 || op.quirks&redirect != 0 && x.status/100 == 3
		if len(rc.media) > 0 && !op.pe && !plain && !deferred && !empty && x.method != http.MethodHead && !s.anyValue(rc.media) {
			r.add(Response, "body", "empty body, expected %s", mediaList(rc.media))
		}
		return
	case plain && ct == "text/plain":
		return
	case op.quirks&rawString != 0 && x.status < 300 && !json.Valid(body):
		return
	case op.quirks&twoFactorPair != 0 && x.status == 200 && isPreVerificationPair(body):
		return
	case deferred:
		if !json.Valid(body) {
			r.add(Response, "body", "the body is not JSON")
		}
		return
	case len(rc.media) == 0:
		r.add(Response, "body", "status %d declares no content, got %d bytes of %q", x.status, len(body), ct)
		return
	}
	schema, key, ok := pickMedia(rc.media, ct)
	if !ok {
		r.add(Response, "content-type", "Content-Type %q is not declared for status %d (declared: %s)", ct, x.status, mediaList(rc.media))
		return
	}
	s.checkBody(r, Response, op, key, schema, body)
}

// anyValue reports whether a declared JSON schema places no constraint on
// the value, like JsonNode (a handler returning null gives an empty body).
func (s *Spec) anyValue(media map[string]any) bool {
	sc, ok := media["application/json"]
	if !ok || len(media) != 1 {
		return false
	}
	m := asMap(sc)
	for i := 0; i < 8; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			break
		}
		m = asMap(s.resolve(ref))
	}
	for k := range m {
		switch k {
		case "description", "example", "examples", "title", "deprecated", "readOnly", "writeOnly", "default":
		default:
			return false
		}
	}
	return m != nil
}

// checkBody checks a JSON body against schema; other media are not checked.
func (s *Spec) checkBody(r *report, dir Direction, op *operation, key string, schema any, body []byte) {
	if !isJSON(key) {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		r.add(dir, "body", "invalid JSON: %v", err)
		return
	}
	if dec.More() {
		r.add(dir, "body", "invalid JSON: data after the top-level value")
		return
	}
	c := &checker{spec: s, dir: dir, oneOfAny: op.quirks&errorUnion != 0}
	c.check(schema, v, "body", 0)
	for _, p := range c.probs {
		r.add(dir, p.loc, "%s", p.msg)
	}
}

// paramProblem checks one path or query value against its schema and
// returns a description of the problem, or "".
func (s *Spec) paramProblem(schema any, raw string) string {
	c := &checker{spec: s, dir: Request}
	if m, ok := schema.(map[string]any); ok {
		typ := m["type"]
		if t := c.deref(m); typ == nil && t != nil {
			typ = t["type"]
		}
		if typ == "array" {
			items := asMap(m["items"])
			for _, part := range strings.Split(raw, ",") {
				if msg := s.paramProblem(items, part); msg != "" {
					return msg
				}
			}
			return ""
		}
		v, msg := paramValue(typ, raw)
		if msg != "" {
			return msg
		}
		c.check(m, v, "", 0)
	} else if schema != nil {
		c.check(schema, raw, "", 0)
	}
	if len(c.probs) > 0 {
		return c.probs[0].msg
	}
	return ""
}

// paramValue converts a parameter's text to the JSON value of its type.
func paramValue(typ any, raw string) (any, string) {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(raw, 10, 64); err != nil {
			return nil, fmt.Sprintf("%q is not an integer", raw)
		}
		return json.Number(raw), ""
	case "number":
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			return nil, fmt.Sprintf("%q is not a number", raw)
		}
		return json.Number(raw), ""
	case "boolean":
		switch strings.ToLower(raw) {
		case "true":
			return true, ""
		case "false":
			return false, ""
		}
		return nil, fmt.Sprintf("%q is not a boolean", raw)
	}
	return raw, ""
}

func plainTextPath(template string) bool {
	for _, p := range plainTextPrefixes {
		if strings.HasPrefix(template, p.prefix) {
			return true
		}
	}
	return false
}

func mediaType(header string) string {
	if header == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(header))
	}
	return mt
}

func isJSON(mt string) bool { return mt == "application/json" || strings.HasSuffix(mt, "+json") }

// pickMedia finds the declared media type for ct: an exact match, a
// wildcard such as image/* or */*, or application/json for any JSON type. A
// missing Content-Type is taken as application/json.
func pickMedia(media map[string]any, ct string) (any, string, bool) {
	if ct == "" {
		ct = "application/json"
	}
	if sc, ok := media[ct]; ok {
		return sc, ct, true
	}
	if isJSON(ct) {
		if sc, ok := media["application/json"]; ok {
			return sc, "application/json", true
		}
	}
	if major, _, ok := strings.Cut(ct, "/"); ok {
		if sc, ok := media[major+"/*"]; ok {
			return sc, major + "/*", true
		}
	}
	sc, ok := media["*/*"]
	return sc, "*/*", ok
}

func mediaList(media map[string]any) string {
	return strings.Join(slices.Sorted(maps.Keys(media)), ", ")
}

func statusList(rs map[string]*content) string {
	return strings.Join(slices.Sorted(maps.Keys(rs)), ", ")
}

// isPreVerificationPair reports whether body is exactly a two-factor login answer:
// a token and a pre-verification or MFA-configuration scope.
func isPreVerificationPair(body []byte) bool {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil || len(m) != 2 {
		return false
	}
	tok, _ := m["token"].(string)
	scope, _ := m["scope"].(string)
	return tok != "" && (scope == "PRE_VERIFICATION_TOKEN" || scope == "MFA_CONFIGURATION_TOKEN")
}
