package specvalidate

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// peType is a type name from pe-operations.tsv or pe-models.json: a model
// name, a Java type such as Long or String, or a generic such as
// List<EntityGroupInfo> or Map<String, Object>.
type peType string

// peModel is one entry of pe-models.json: an enum, or an object described
// by its properties, with enums local to the model (such as TypeEnum).
type peModel struct {
	Enum       []string            `json:"enum"`
	Enums      map[string][]string `json:"enums"`
	Properties []struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		Required bool   `json:"required"`
		ReadOnly bool   `json:"readonly"`
	} `json:"properties"`
}

var pageParam = map[string]any{"type": "integer", "format": "int32"}

// loadPE adds the operations of the PE table that the CE spec lacks, and the
// PE variants' extra query names to the CE operations it has.
func (s *Spec) loadPE(shapes map[string]*route, opsPath, modelsPath string) error {
	raw, err := os.ReadFile(modelsPath)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &s.pe); err != nil {
		return fmt.Errorf("specvalidate: %s: %w", modelsPath, err)
	}
	s.extendEntityTypes()
	raw, err = os.ReadFile(opsPath)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n"), "\n")
	col := map[string]int{}
	for i, h := range strings.Split(lines[0], "\t") {
		col[h] = i
	}
	for _, h := range []string{"operationId", "verb", "path", "query", "body", "returns"} {
		if _, ok := col[h]; !ok {
			return fmt.Errorf("specvalidate: %s: no column %q", opsPath, h)
		}
	}
	for n, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) < len(col) {
			return fmt.Errorf("specvalidate: %s:%d: %d fields, want %d", opsPath, n+2, len(f), len(col))
		}
		get := func(c string) string { return strings.TrimSpace(f[col[c]]) }
		op := &operation{id: get("operationId"), method: strings.ToUpper(get("verb")), path: get("path"), source: sourcePE, pe: true,
			query: map[string]*param{}, pathParams: map[string]*param{}, responses: map[string]*content{}}
		names := strings.FieldsFunc(get("query"), func(r rune) bool { return r == ',' })
		if ce := s.planOp(shapes, op.method, op.path); ce != nil {
			s.addPEQuery(ce, names)
			continue
		}
		for _, seg := range strings.Split(op.path, "/") {
			if isVar(seg) {
				op.pathParams[seg[1:len(seg)-1]] = &param{required: true}
			}
		}
		for _, name := range names {
			switch {
			case peHeaderNames[name]:
			case name == "body" || name == "_file":
				op.freeBody = true
			case name == "pageSize" || name == "page":
				op.query[name] = &param{required: true, schema: pageParam}
			default:
				op.query[name] = &param{}
			}
		}
		body := get("body")
		if fix, ok := peQueryFixes[op.id]; ok {
			op.query[fix.enum] = &param{schema: peType(body)}
			if fix.extra != "" {
				op.query[fix.extra] = &param{}
			}
			body = ""
		}
		switch {
		case op.freeBody:
			op.body = &content{media: map[string]any{"*/*": nil}}
		case body != "":
			op.body = &content{media: map[string]any{"application/json": peType(body)}}
		}
		switch ret := get("returns"); ret {
		case "", "void", "String", "File", "Resource":
			op.responses["200"] = &content{media: map[string]any{"*/*": nil}}
		default:
			op.responses["200"] = &content{media: map[string]any{"application/json": peType(ret)}}
		}
		s.add(shapes, op)
	}
	return nil
}

// planOp returns the unconditional operation already registered for method
// on the shape of path, if any.
func (s *Spec) planOp(shapes map[string]*route, method, path string) *operation {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, seg := range segs {
		if isVar(seg) {
			segs[i] = varSeg
		}
	}
	if r := shapes[strings.Join(segs, "/")]; r != nil {
		for _, op := range r.ops[method] {
			if op.when == "" {
				return op
			}
		}
	}
	return nil
}

// addPEQuery records the query names that the PE variant of a CE operation
// adds (entityGroupId, includeCustomers, ...). Multipart operations are left
// alone: the PE table lists their form fields as query names.
func (s *Spec) addPEQuery(op *operation, names []string) {
	if op.source != sourceCE {
		return
	}
	if op.body != nil {
		if _, ok := op.body.media["multipart/form-data"]; ok {
			return
		}
	}
	for _, name := range names {
		if op.query[name] != nil || peHeaderNames[name] || peNotQuery[name] {
			continue
		}
		if op.peQuery == nil {
			op.peQuery = map[string]bool{}
		}
		op.peQuery[name] = true
	}
}

// extendEntityTypes adds the PE entity types (ENTITY_GROUP, ROLE, ...) to the CE
// EntityType enum: a PE server writes them in the models it shares with CE, such as
// the EntityId of an entity query's result for an entity group filter.
func (s *Spec) extendEntityTypes() {
	pe := s.pe["EntityType"]
	ce := asMap(s.schemas["EntityType"])
	values, ok := ce["enum"].([]any)
	if pe == nil || !ok {
		return
	}
	for _, v := range pe.Enum {
		if !slices.ContainsFunc(values, func(x any) bool { return x == v }) {
			values = append(values, v)
		}
	}
	ce["enum"] = values
}
