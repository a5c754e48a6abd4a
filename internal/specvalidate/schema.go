package specvalidate

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

const (
	maxProblems = 20  // per checked body
	maxDepth    = 256 // guards $ref cycles that consume no data
)

type problem struct{ loc, msg string }

// checker validates decoded JSON (numbers as json.Number) against a CE
// schema map, a boolean schema, a peType, or nil, which accepts anything.
type checker struct {
	spec     *Spec
	dir      Direction
	oneOfAny bool // errorUnion quirk
	probs    []problem
}

func (c *checker) fail(loc, format string, args ...any) {
	if len(c.probs) < maxProblems {
		c.probs = append(c.probs, problem{loc, fmt.Sprintf(format, args...)})
	}
}

func (c *checker) check(s, v any, loc string, depth int) {
	if depth > maxDepth {
		return
	}
	switch s := s.(type) {
	case bool:
		if !s {
			c.fail(loc, "no value is allowed here")
		}
	case peType:
		c.pe(s, nil, v, loc, depth)
	case map[string]any:
		c.schema(s, v, loc, depth)
	}
}

func (c *checker) schema(s map[string]any, v any, loc string, depth int) {
	if ref, ok := s["$ref"].(string); ok {
		if t := c.spec.resolve(ref); t != nil {
			c.check(t, v, loc, depth+1)
		} else {
			c.fail(loc, "unresolvable $ref %s", ref)
		}
	}
	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		c.fail(loc, "expected %s, got %s", typeString(t), kind(v))
		return
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return jsonEqual(x, v) }) {
		c.fail(loc, "%s is not one of %s", short(v), short(e))
	}
	switch v := v.(type) {
	case json.Number:
		c.number(s, v, loc)
	case string:
		c.str(s, v, loc)
	case []any:
		c.array(s, v, loc, depth)
	case map[string]any:
		c.object(s, v, loc, depth)
	}
	for _, sub := range asSlice(s["allOf"]) {
		c.check(sub, v, loc, depth+1)
	}
	if subs := asSlice(s["anyOf"]); len(subs) > 0 {
		if n, first := c.matches(subs, v, depth); n == 0 {
			c.fail(loc, "matches none of the %d anyOf schemas (first: %s)", len(subs), first)
		}
	}
	if subs := asSlice(s["oneOf"]); len(subs) > 0 {
		n, first := c.matches(subs, v, depth)
		switch {
		case n == 0:
			c.fail(loc, "matches none of the %d oneOf schemas (first: %s)", len(subs), first)
		case n > 1 && !c.oneOfAny:
			c.fail(loc, "matches %d of the oneOf schemas, want exactly one", n)
		}
	}
}

// matches counts the schemas v satisfies and describes the first problem of
// the first schema it fails.
func (c *checker) matches(subs []any, v any, depth int) (n int, first string) {
	for _, sub := range subs {
		sc := &checker{spec: c.spec, dir: c.dir, oneOfAny: c.oneOfAny}
		sc.check(sub, v, "", depth+1)
		if len(sc.probs) == 0 {
			n++
		} else if first == "" {
			first = strings.TrimPrefix(sc.probs[0].loc+": ", ": ") + sc.probs[0].msg
		}
	}
	return n, first
}

func (c *checker) number(s map[string]any, n json.Number, loc string) {
	switch s["format"] {
	case "int32":
		if !fitsInt(n, 32) {
			c.fail(loc, "%s is out of the int32 range", n)
		}
	case "int64":
		if !fitsInt(n, 64) {
			c.fail(loc, "%s is out of the int64 range", n)
		}
	}
	f, _ := n.Float64()
	if m, ok := s["minimum"].(float64); ok && f < m {
		c.fail(loc, "%s is less than the minimum %v", n, m)
	}
	if m, ok := s["maximum"].(float64); ok && f > m {
		c.fail(loc, "%s is more than the maximum %v", n, m)
	}
	if m, ok := s["exclusiveMinimum"].(float64); ok && f <= m {
		c.fail(loc, "%s is not more than %v", n, m)
	}
	if m, ok := s["exclusiveMaximum"].(float64); ok && f >= m {
		c.fail(loc, "%s is not less than %v", n, m)
	}
}

func (c *checker) str(s map[string]any, v, loc string) {
	n := float64(utf8.RuneCountInString(v))
	if m, ok := s["minLength"].(float64); ok && n < m {
		c.fail(loc, "%s is shorter than %v characters", short(v), m)
	}
	if m, ok := s["maxLength"].(float64); ok && n > m {
		c.fail(loc, "%s is longer than %v characters", short(v), m)
	}
	if p, ok := s["pattern"].(string); ok {
		if re := compiled(p); re != nil && !re.MatchString(v) {
			c.fail(loc, "%s does not match the pattern %s", short(v), p)
		}
	}
	if s["format"] == "uuid" && !isUUID(v) {
		c.fail(loc, "%s is not a UUID", short(v))
	}
}

func (c *checker) array(s map[string]any, v []any, loc string, depth int) {
	if items, ok := s["items"]; ok {
		for i, x := range v {
			c.check(items, x, loc+"/"+strconv.Itoa(i), depth+1)
		}
	}
	if m, ok := s["minItems"].(float64); ok && float64(len(v)) < m {
		c.fail(loc, "%d items, want at least %v", len(v), m)
	}
	if m, ok := s["maxItems"].(float64); ok && float64(len(v)) > m {
		c.fail(loc, "%d items, want at most %v", len(v), m)
	}
	if s["uniqueItems"] == true {
		seen := map[string]bool{}
		for i, x := range v {
			b, _ := json.Marshal(x) // map keys are sorted, so equal values encode equally
			if seen[string(b)] {
				c.fail(loc+"/"+strconv.Itoa(i), "duplicate item %s", short(x))
			}
			seen[string(b)] = true
		}
	}
}

func (c *checker) object(s map[string]any, v map[string]any, loc string, depth int) {
	props := asMap(s["properties"])
	required := map[string]bool{}
	for _, r := range asSlice(s["required"]) {
		name, _ := r.(string)
		required[name] = true
		if _, ok := v[name]; !ok && !c.exempt(s, name, 0) {
			c.fail(loc, "missing required property %q", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		val, ok := v[name]
		if !ok || val == nil && !required[name] || c.exempt(s, name, 0) {
			continue
		}
		c.check(props[name], val, loc+"/"+escape(name), depth+1)
	}
	if ap, ok := s["additionalProperties"]; ok {
		for _, name := range slices.Sorted(maps.Keys(v)) {
			if _, declared := props[name]; declared {
				continue
			}
			if ap == false {
				c.fail(loc, "property %q is not allowed", name)
			} else if v[name] != nil {
				c.check(ap, v[name], loc+"/"+escape(name), depth+1)
			}
		}
	}
	if m, ok := s["minProperties"].(float64); ok && float64(len(v)) < m {
		c.fail(loc, "%d properties, want at least %v", len(v), m)
	}
	if m, ok := s["maxProperties"].(float64); ok && float64(len(v)) > m {
		c.fail(loc, "%d properties, want at most %v", len(v), m)
	}
}

// exempt reports whether property name of s is readOnly in a request or
// writeOnly in a response: then it is neither required nor checked.
func (c *checker) exempt(s map[string]any, name string, depth int) bool {
	if depth > 8 {
		return false
	}
	if ps, ok := asMap(s["properties"])[name]; ok {
		key := "readOnly"
		if c.dir == Response {
			key = "writeOnly"
		}
		return c.flag(ps, key)
	}
	for _, sub := range asSlice(s["allOf"]) {
		if sm := c.deref(sub); sm != nil && c.exempt(sm, name, depth+1) {
			return true
		}
	}
	return false
}

// flag reports a boolean keyword of a schema or of the schema it refers to.
func (c *checker) flag(s any, key string) bool {
	m := asMap(s)
	if m[key] == true {
		return true
	}
	t := c.deref(m)
	return t != nil && t[key] == true
}

func (c *checker) deref(s any) map[string]any {
	m := asMap(s)
	if ref, ok := m["$ref"].(string); ok {
		return asMap(c.spec.resolve(ref))
	}
	return m
}

// resolve returns the schema a local reference points to, or nil.
func (s *Spec) resolve(ref string) any {
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok {
		return nil
	}
	return s.schemas[strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")]
}

// pe checks v against a PE type; owner supplies model-local enums.
func (c *checker) pe(t peType, owner *peModel, v any, loc string, depth int) {
	if depth > maxDepth {
		return
	}
	base, args := splitGeneric(string(t))
	want := ""
	switch base {
	case "List", "Set", "Collection":
		arr, ok := v.([]any)
		if !ok {
			want = "array"
			break
		}
		for i, x := range arr {
			if len(args) > 0 {
				c.pe(peType(args[0]), owner, x, loc+"/"+strconv.Itoa(i), depth+1)
			}
		}
	case "Map":
		obj, ok := v.(map[string]any)
		if !ok {
			want = "object"
			break
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if len(args) > 1 && obj[k] != nil {
				c.pe(peType(args[1]), owner, obj[k], loc+"/"+escape(k), depth+1)
			}
		}
	case "String":
		if _, ok := v.(string); !ok {
			want = "string"
		}
	case "Boolean", "boolean":
		if _, ok := v.(bool); !ok {
			want = "boolean"
		}
	case "Integer", "int", "Short":
		if n, ok := v.(json.Number); !ok || !fitsInt(n, 32) {
			want = "int32 integer"
		}
	case "Long", "long":
		if n, ok := v.(json.Number); !ok || !fitsInt(n, 64) {
			want = "int64 integer"
		}
	case "Double", "Float", "BigDecimal", "Number", "double", "float":
		if _, ok := v.(json.Number); !ok {
			want = "number"
		}
	case "UUID":
		if s, ok := v.(string); !ok || !isUUID(s) {
			want = "UUID string"
		}
	default:
		if owner != nil && owner.Enums[base] != nil {
			c.peEnum(base, owner.Enums[base], v, loc)
		} else if m := c.spec.pe[base]; m != nil {
			c.peModel(base, m, v, loc, depth)
		}
	}
	if want != "" {
		c.fail(loc, "expected %s, got %s", want, kind(v))
	}
}

func (c *checker) peEnum(name string, values []string, v any, loc string) {
	s, ok := v.(string)
	if !ok {
		b, _ := json.Marshal(v) // a boolean enum written as strings, such as IsErrorEnum
		s = string(b)
	}
	if !slices.Contains(values, s) {
		c.fail(loc, "%s is not a %s: %s", short(v), name, short(values))
	}
}

func (c *checker) peModel(name string, m *peModel, v any, loc string, depth int) {
	if len(m.Enum) > 0 {
		c.peEnum(name, m.Enum, v, loc)
		return
	}
	if len(m.Properties) == 0 {
		return // no description: any JSON
	}
	obj, ok := v.(map[string]any)
	if !ok {
		c.fail(loc, "expected %s object, got %s", name, kind(v))
		return
	}
	for _, p := range m.Properties {
		key := strings.TrimPrefix(p.Name, "_") // the generator escapes names such as configuration, default, public
		val, present := obj[key]
		skip := p.ReadOnly && c.dir == Request
		switch {
		case !present:
			if p.Required && !skip {
				c.fail(loc, "missing required property %q", key)
			}
		case skip, val == nil && !p.Required:
		default:
			c.pe(peType(p.Type), m, val, loc+"/"+escape(key), depth+1)
		}
	}
}

// splitGeneric splits "Map<String, List<X>>" into "Map" and its top-level
// arguments. A truncated generic such as "Map<String," keeps what it has.
func splitGeneric(t string) (string, []string) {
	t = strings.TrimSpace(t)
	i := strings.IndexByte(t, '<')
	if i < 0 {
		return t, nil
	}
	inner := strings.TrimSuffix(t[i+1:], ">")
	var args []string
	level, start := 0, 0
	for j, r := range inner {
		switch r {
		case '<':
			level++
		case '>':
			level--
		case ',':
			if level == 0 {
				args = append(args, strings.TrimSpace(inner[start:j]))
				start = j + 1
			}
		}
	}
	return t[:i], append(args, strings.TrimSpace(inner[start:]))
}

func typeMatches(t, v any) bool {
	switch t := t.(type) {
	case string:
		return typeIs(t, v)
	case []any:
		return slices.ContainsFunc(t, func(x any) bool { s, _ := x.(string); return typeIs(s, v) })
	}
	return true
}

func typeIs(name string, v any) bool {
	switch v := v.(type) {
	case nil:
		return name == "null"
	case bool:
		return name == "boolean"
	case string:
		return name == "string"
	case []any:
		return name == "array"
	case map[string]any:
		return name == "object"
	case json.Number:
		return name == "number" || name == "integer" && isInteger(v)
	}
	return false
}

func typeString(t any) string {
	if l, ok := t.([]any); ok {
		parts := make([]string, len(l))
		for i, x := range l {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, " or ")
	}
	return fmt.Sprint(t)
}

// kind names the JSON type of v.
func kind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string " + short(v)
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		return "number " + v.String()
	}
	return fmt.Sprintf("%T", v)
}

func isInteger(n json.Number) bool {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		return true
	}
	f, err := n.Float64()
	return err == nil && f == math.Trunc(f)
}

func fitsInt(n json.Number, bits int) bool {
	if !isInteger(n) {
		return false
	}
	if _, err := strconv.ParseInt(n.String(), 10, bits); err == nil {
		return true
	}
	f, err := n.Float64() // an exponent form such as 1e3
	limit := math.Ldexp(1, bits-1)
	return err == nil && strings.ContainsAny(n.String(), "eE.") && f >= -limit && f < limit
}

func jsonEqual(a, b any) bool {
	if x, ok := b.(json.Number); ok {
		f, err := x.Float64()
		return err == nil && a == f
	}
	switch a.(type) {
	case map[string]any, []any:
		ab, _ := json.Marshal(a)
		bb, _ := json.Marshal(b)
		return string(ab) == string(bb)
	}
	return a == b
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'):
			return false
		}
	}
	return true
}

var patterns sync.Map // pattern → *regexp.Regexp, nil when it does not compile

func compiled(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := regexp.Compile(p)
	patterns.Store(p, re)
	return re
}

// short renders v as compact JSON, cut to a readable length.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// escape makes a property name a JSON pointer token.
func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
