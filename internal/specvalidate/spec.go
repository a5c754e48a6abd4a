package specvalidate

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// Spec is a parsed set of operations: the CE OpenAPI document, the legacy
// operations it hides (see hiddenOps) and, when loaded, the PE-only
// operations. It is immutable and safe for concurrent use.
type Spec struct {
	schemas  map[string]any      // components/schemas of the CE document
	pe       map[string]*peModel // PE models by name; nil without PE files
	routes   []*route
	ops      map[string]*operation // by operation id
	counts   map[string]int        // operations by source
	loadTime time.Duration
}

// Source names where an operation's definition comes from.
const (
	sourceCE     = "CE"
	sourceHidden = "CE-hidden"
	sourcePE     = "PE"
)

// route is one path shape, such as /api/device/{}, with the operations
// declared on it by method.
type route struct {
	segs []string // literal segments; varSeg marks a variable
	vars int
	ops  map[string][]*operation // a plain operation first, then conditional ones
}

// operation is one method on one templated path.
type operation struct {
	id, method, path, source string
	segs                     []string          // template segments; "{name}" for variables
	when                     string            // query parameter that selects this mapping (Spring params condition)
	query                    map[string]*param // declared query parameters
	pathParams               map[string]*param
	peQuery                  map[string]bool // extra query names from the PE variant of a CE operation
	body                     *content        // nil: the operation takes no body
	responses                map[string]*content
	freeBody                 bool // PE: the body is of an unknown kind; not checked
	pe                       bool // best-effort PE checks
	quirks                   quirk
	extra                    []int // extra error statuses the server emits
}

type param struct {
	required bool
	schema   any // CE schema map, peType, or nil for unknown
}

// content is a request body or one response status: media type → schema.
type content struct {
	required bool
	media    map[string]any
}

// Load parses the CE OpenAPI document at cePath and, when peOps and peModels
// are not empty, the PE operation table and PE models.
func Load(cePath, peOps, peModels string) (*Spec, error) {
	start := time.Now()
	raw, err := os.ReadFile(cePath)
	if err != nil {
		return nil, err
	}
	var doc struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("specvalidate: %s: %w", cePath, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Paths) == 0 {
		return nil, fmt.Errorf("specvalidate: %s: not an OpenAPI 3 document with paths", cePath)
	}
	s := &Spec{schemas: doc.Components.Schemas, ops: map[string]*operation{}, counts: map[string]int{}}
	shapes := map[string]*route{}
	for path, methods := range doc.Paths {
		for method, raw := range methods {
			if op := ceOperation(strings.ToUpper(method), path, asMap(raw)); op != nil {
				s.add(shapes, op)
			}
		}
	}
	if err := s.addHidden(shapes); err != nil {
		return nil, err
	}
	for _, e := range exceptions {
		for _, id := range e.ops {
			if op := s.ops[id]; op != nil {
				op.quirks |= e.quirks
				op.extra = append(op.extra, e.statuses...)
			}
		}
	}
	if peOps != "" && peModels != "" {
		if err := s.loadPE(shapes, peOps, peModels); err != nil {
			return nil, err
		}
	}
	for _, r := range shapes {
		s.routes = append(s.routes, r)
	}
	sort.Slice(s.routes, func(i, j int) bool { return moreSpecific(s.routes[i], s.routes[j]) })
	s.loadTime = time.Since(start)
	return s, nil
}

// LoadTime reports how long Load took.
func (s *Spec) LoadTime() time.Duration { return s.loadTime }

// Operations reports the number of operations by source: "CE", "CE-hidden"
// (legacy operations the spec omits) and "PE".
func (s *Spec) Operations() map[string]int {
	m := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		m[k] = v
	}
	return m
}

// add registers op on its route. An operation whose method and shape are
// already taken is dropped unless it is conditional (when != ""). Operation
// ids are not unique across CE and PE (getDashboardsByIds): the first keeps
// the id for lookups.
func (s *Spec) add(shapes map[string]*route, op *operation) {
	segs := strings.Split(strings.TrimPrefix(op.path, "/"), "/")
	op.segs = segs
	key := make([]string, len(segs))
	vars := 0
	for i, seg := range segs {
		key[i] = seg
		if isVar(seg) {
			key[i] = varSeg
			vars++
		}
	}
	shape := strings.Join(key, "/")
	r := shapes[shape]
	if r == nil {
		r = &route{segs: key, vars: vars, ops: map[string][]*operation{}}
		shapes[shape] = r
	}
	list := r.ops[op.method]
	if op.when == "" && slices.ContainsFunc(list, func(o *operation) bool { return o.when == "" }) {
		return
	}
	if op.when == "" {
		list = append([]*operation{op}, list...)
	} else {
		list = append(list, op)
	}
	r.ops[op.method] = list
	if s.ops[op.id] == nil {
		s.ops[op.id] = op
	}
	s.counts[op.source]++
}

// varSeg stands for a path variable in a route's segments.
const varSeg = "{}"

func isVar(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// moreSpecific orders routes: fewer variables first, then a literal segment
// before a variable at the first position where they differ.
func moreSpecific(a, b *route) bool {
	if a.vars != b.vars {
		return a.vars < b.vars
	}
	for i := 0; i < len(a.segs) && i < len(b.segs); i++ {
		if (a.segs[i] == varSeg) != (b.segs[i] == varSeg) {
			return a.segs[i] != varSeg
		}
	}
	return strings.Join(a.segs, "/") < strings.Join(b.segs, "/")
}

// ceOperation converts one OpenAPI operation object.
func ceOperation(method, path string, raw map[string]any) *operation {
	switch method {
	case "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE":
	default:
		return nil // path-level keys such as parameters or summary
	}
	id, _ := raw["operationId"].(string)
	if id == "" {
		id = method + " " + path
	}
	op := &operation{id: id, method: method, path: path, source: sourceCE,
		query: map[string]*param{}, pathParams: map[string]*param{}, responses: map[string]*content{}}
	for _, p := range asSlice(raw["parameters"]) {
		pm, _ := p.(map[string]any)
		name, _ := pm["name"].(string)
		req, _ := pm["required"].(bool)
		pp := &param{required: req, schema: pm["schema"]}
		switch pm["in"] {
		case "query":
			op.query[name] = pp
		case "path":
			op.pathParams[name] = pp
		}
	}
	if rb, ok := raw["requestBody"].(map[string]any); ok {
		op.body = mediaContent(rb)
		op.body.required, _ = rb["required"].(bool)
	}
	for code, r := range asMap(raw["responses"]) {
		op.responses[code] = mediaContent(asMap(r))
	}
	return op
}

func mediaContent(m map[string]any) *content {
	c := &content{media: map[string]any{}}
	for mt, v := range asMap(m["content"]) {
		c.media[mt] = asMap(v)["schema"]
	}
	return c
}

// addHidden registers the legacy operations of hiddenOps, built from the
// spec operation each one resembles.
func (s *Spec) addHidden(shapes map[string]*route) error {
	for _, h := range hiddenOps {
		like := s.ops[h.like]
		if like == nil {
			return fmt.Errorf("specvalidate: hidden operation %s: no spec operation %q", h.id, h.like)
		}
		op := &operation{id: h.id, method: h.method, path: h.path, source: sourceHidden, when: h.when,
			query: like.query, pathParams: map[string]*param{}, body: like.body, responses: like.responses}
		for _, seg := range strings.Split(h.path, "/") {
			if isVar(seg) {
				name := seg[1 : len(seg)-1]
				op.pathParams[name] = &param{required: true, schema: like.pathParams[name].schemaOrString()}
			}
		}
		if h.query != "" {
			op.query = map[string]*param{}
			for _, name := range strings.Split(h.query, ",") {
				name, req := strings.CutSuffix(name, "!")
				p := like.query[name]
				if p == nil {
					p = like.pathParams[name]
				}
				op.query[name] = &param{required: req, schema: p.schemaOrString()}
			}
		}
		if h.body == "*" {
			op.body = &content{media: map[string]any{"application/json": map[string]any{}}}
		}
		if h.noContent {
			op.responses = with200(like.responses, &content{media: map[string]any{}})
		}
		s.add(shapes, op)
	}
	return nil
}

func (p *param) schemaOrString() any {
	if p == nil || p.schema == nil {
		return map[string]any{"type": "string"}
	}
	return p.schema
}

// with200 copies responses, replacing the 200 response with c.
func with200(rs map[string]*content, c *content) map[string]*content {
	out := make(map[string]*content, len(rs))
	for k, v := range rs {
		out[k] = v
	}
	out["200"] = c
	return out
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { s, _ := v.([]any); return s }
