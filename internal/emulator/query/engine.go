package query

import (
	"cmp"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// Engine answers entity and alarm queries for one caller over a Source.
type Engine struct {
	Src    Source
	Caller Caller
	// Now is the query time in epoch milliseconds: the ts of entity fields, and the end
	// of an alarm time window.
	Now int64
	// PE enables the Professional Edition filters and the readAttrs/readTs flags.
	PE bool
	// Visible, when set, decides which entities the caller may see, in place of the
	// ownership rule (the Professional Edition permission model).
	Visible func(Entity) bool
	// Groups resolves the members of Professional Edition entity groups; without it
	// the group filters select nothing.
	Groups GroupResolver
}

// normalize returns f as the pointer type UnmarshalEntityFilter produces, so filters
// built as values in Go work too.
func normalize(f tb.EntityFilter) (tb.EntityFilter, error) {
	if f == nil || reflect.ValueOf(f).Kind() == reflect.Pointer {
		return f, nil
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, badRequest(err.Error())
	}
	return tb.UnmarshalEntityFilter(b)
}

// ---- entity fields and latest values ----

type fieldSet map[string]bool

func setOf(keys ...string) fieldSet {
	s := fieldSet{}
	for _, k := range keys {
		s[k] = true
	}
	return s
}

var (
	labeledFields = setOf("createdTime", "entityType", "name", "type", "label", "additionalInfo", "ownerName", "ownerType")
	contactFields = setOf("createdTime", "entityType", "email", "title", "country", "state", "city", "address", "address2",
		"zip", "phone", "additionalInfo")
	tenantFields   = setOf("createdTime", "entityType", "email", "title", "region", "country", "state", "city", "address", "address2", "zip", "phone", "additionalInfo")
	userFields     = setOf("createdTime", "firstName", "lastName", "email", "additionalInfo")
	dashboardField = setOf("createdTime", "entityType", "title")
	commonFields   = setOf("createdTime", "entityType", "name")
	relationFields = setOf("createdTime", "entityType", "name", "type", "label", "firstName", "lastName", "email", "region",
		"title", "country", "state", "city", "address", "address2", "zip", "phone")

	allowedFields = map[tb.EntityType]fieldSet{
		tb.EntityTypeDevice: labeledFields, tb.EntityTypeAsset: labeledFields, tb.EntityTypeEntityView: labeledFields,
		tb.EntityTypeEdge: labeledFields, tb.EntityTypeTenant: tenantFields, tb.EntityTypeCustomer: contactFields,
		tb.EntityTypeUser: userFields, tb.EntityTypeDashboard: dashboardField,
	}
	contactAliases = map[string]string{"name": "title", "label": "title"}
	namedAliases   = map[string]string{"title": "name"}
	fieldAliases   = map[tb.EntityType]map[string]string{
		tb.EntityTypeTenant: contactAliases, tb.EntityTypeCustomer: contactAliases, tb.EntityTypeDashboard: contactAliases,
		tb.EntityTypeDevice: namedAliases, tb.EntityTypeAsset: namedAliases, tb.EntityTypeEntityView: namedAliases,
		tb.EntityTypeEdge: namedAliases, tb.EntityTypeWidgetsBundle: namedAliases,
		tb.EntityTypeUser: {"title": "email", "label": "email", "name": "email"},
	}
)

// field returns the entity field key of ent. exists is false when the entity type has
// no such field (the server then returns "" and ignores key filters on it); present is
// false when the field exists but has no value.
func field(ent Entity, key string, relationQuery bool) (value string, exists, present bool) {
	name := key
	allowed := relationFields
	if !relationQuery {
		if a := fieldAliases[ent.ID.EntityType][key]; a != "" {
			name = a
		}
		if allowed = allowedFields[ent.ID.EntityType]; allowed == nil {
			allowed = commonFields
		}
	}
	if !allowed[name] {
		return "", false, false
	}
	switch name {
	case "entityType":
		return string(ent.ID.EntityType), true, true
	case "createdTime":
		return strconv.FormatInt(ent.CreatedTime, 10), true, true
	case "name":
		if relationQuery {
			v := nameOf(ent)
			return v, true, v != "" || ent.Fields["name"] != ""
		}
	}
	v, ok := ent.Fields[name]
	return v, true, ok
}

var attributeScopes = []string{ClientScope, SharedScope, ServerScope}

func scopeOf(t tb.EntityKeyType) string {
	switch t {
	case tb.EntityKeyClientAttribute:
		return ClientScope
	case tb.EntityKeySharedAttribute:
		return SharedScope
	}
	return ServerScope
}

// latest returns the latest value of an attribute or time series key.
func (e *Engine) latest(id tb.EntityID, k tb.EntityKey) (Value, bool) {
	switch k.Type {
	case tb.EntityKeyTimeSeries:
		return e.Src.Latest(id, k.Key)
	case tb.EntityKeyAttribute:
		var best Value
		found := false
		for _, s := range attributeScopes {
			if v, ok := e.Src.Attribute(id, s, k.Key); ok && (!found || v.Ts > best.Ts) {
				best, found = v, true
			}
		}
		return best, found
	case tb.EntityKeyClientAttribute, tb.EntityKeySharedAttribute, tb.EntityKeyServerAttribute:
		return e.Src.Attribute(id, scopeOf(k.Type), k.Key)
	}
	return Value{}, false
}

// keyValue returns the value of key k of ent for filtering and sorting. exists is false
// for an entity field the entity type does not have.
func (e *Engine) keyValue(ent Entity, k tb.EntityKey, relationQuery bool) (v any, present, exists bool) {
	if k.Type == tb.EntityKeyEntityField {
		s, exists, present := field(ent, k.Key, relationQuery)
		if k.Key == "createdTime" && exists {
			return ent.CreatedTime, true, true
		}
		return s, present, exists
	}
	val, ok := e.latest(ent.ID, k)
	return val.V, ok, true
}

// ---- key filters ----

// resolved operands of a predicate, read from the user, dynamic or default value.
func (e *Engine) dynamicAttribute(d *tb.DynamicValue) (any, bool) {
	if d == nil || d.SourceAttribute == "" {
		return nil, false
	}
	var chain []tb.EntityID
	c := e.Caller
	customer := c.CustomerID != "" && c.CustomerID != tb.NullUUID
	switch d.SourceType {
	case tb.SourceCurrentUser:
		chain = append(chain, tb.NewEntityID(tb.EntityTypeUser, c.UserID))
		if d.Inherit {
			if customer {
				chain = append(chain, tb.NewEntityID(tb.EntityTypeCustomer, c.CustomerID))
			}
			chain = append(chain, tb.NewEntityID(tb.EntityTypeTenant, c.TenantID))
		}
	case tb.SourceCurrentCustomer:
		if customer {
			chain = append(chain, tb.NewEntityID(tb.EntityTypeCustomer, c.CustomerID))
		}
		if d.Inherit || !customer {
			chain = append(chain, tb.NewEntityID(tb.EntityTypeTenant, c.TenantID))
		}
	case tb.SourceCurrentTenant:
		chain = append(chain, tb.NewEntityID(tb.EntityTypeTenant, c.TenantID))
	}
	for _, id := range chain {
		if v, ok := e.Src.Attribute(id, ServerScope, d.SourceAttribute); ok {
			return v.V, true
		}
	}
	return nil, false
}

func (e *Engine) stringOperand(v tb.FilterPredicateValue[string]) string {
	if v.UserValue != nil {
		return *v.UserValue
	}
	if x, ok := e.dynamicAttribute(v.DynamicValue); ok {
		return String(x)
	}
	return v.DefaultValue
}

func (e *Engine) numericOperand(v tb.FilterPredicateValue[float64]) float64 {
	if v.UserValue != nil {
		return *v.UserValue
	}
	if x, ok := e.dynamicAttribute(v.DynamicValue); ok {
		if f, ok := number(x); ok {
			return f
		}
	}
	return v.DefaultValue
}

func (e *Engine) boolOperand(v tb.FilterPredicateValue[bool]) bool {
	if v.UserValue != nil {
		return *v.UserValue
	}
	if x, ok := e.dynamicAttribute(v.DynamicValue); ok {
		if b, ok := boolean(x); ok {
			return b
		}
	}
	return v.DefaultValue
}

func boolean(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		if b, err := strconv.ParseBool(strings.ToLower(x)); err == nil && (strings.EqualFold(x, "true") || strings.EqualFold(x, "false")) {
			return b, true
		}
	}
	return false, false
}

// match evaluates predicate p on a value; a missing value satisfies no simple predicate.
func (e *Engine) match(p tb.KeyFilterPredicate, v any, present bool) bool {
	switch p := p.(type) {
	case *tb.ComplexFilterPredicate:
		return e.matchComplex(p.Operation, p.Predicates, v, present)
	case tb.ComplexFilterPredicate:
		return e.matchComplex(p.Operation, p.Predicates, v, present)
	case *tb.StringFilterPredicate:
		return present && e.matchString(*p, v)
	case tb.StringFilterPredicate:
		return present && e.matchString(p, v)
	case *tb.NumericFilterPredicate:
		return present && e.matchNumeric(*p, v)
	case tb.NumericFilterPredicate:
		return present && e.matchNumeric(p, v)
	case *tb.BooleanFilterPredicate:
		return present && e.matchBoolean(*p, v)
	case tb.BooleanFilterPredicate:
		return present && e.matchBoolean(p, v)
	}
	return false
}

func (e *Engine) matchComplex(op tb.ComplexOperation, ps []tb.KeyFilterPredicate, v any, present bool) bool {
	if len(ps) == 0 {
		return true
	}
	for _, q := range ps {
		m := e.match(q, v, present)
		if op == tb.ComplexOr && m {
			return true
		}
		if op != tb.ComplexOr && !m {
			return false
		}
	}
	return op != tb.ComplexOr
}

func (e *Engine) matchString(p tb.StringFilterPredicate, v any) bool {
	s, operand := String(v), e.stringOperand(p.Value)
	if p.IgnoreCase {
		s, operand = strings.ToLower(s), strings.ToLower(operand)
	}
	switch p.Operation {
	case tb.StringEqual:
		return s == operand
	case tb.StringNotEqual:
		return s != operand
	case tb.StringStartsWith:
		return strings.HasPrefix(s, operand)
	case tb.StringEndsWith:
		return strings.HasSuffix(s, operand)
	case tb.StringContains:
		return strings.Contains(s, operand)
	case tb.StringNotContains:
		return !strings.Contains(s, operand)
	case tb.StringIn, tb.StringNotIn:
		in := false
		for _, item := range strings.Split(operand, ",") {
			if strings.TrimSpace(item) == s {
				in = true
				break
			}
		}
		return in == (p.Operation == tb.StringIn)
	}
	return false
}

func (e *Engine) matchNumeric(p tb.NumericFilterPredicate, v any) bool {
	f, ok := number(v)
	if !ok {
		return false
	}
	x := e.numericOperand(p.Value)
	switch p.Operation {
	case tb.NumericEqual:
		return f == x
	case tb.NumericNotEqual:
		return f != x
	case tb.NumericGreater:
		return f > x
	case tb.NumericLess:
		return f < x
	case tb.NumericGreaterOrEqual:
		return f >= x
	case tb.NumericLessOrEqual:
		return f <= x
	}
	return false
}

func (e *Engine) matchBoolean(p tb.BooleanFilterPredicate, v any) bool {
	b, ok := boolean(v)
	if !ok {
		return false
	}
	switch p.Operation {
	case tb.BooleanEqual:
		return b == e.boolOperand(p.Value)
	case tb.BooleanNotEqual:
		return b != e.boolOperand(p.Value)
	}
	return false
}

// keep reports whether ent passes every key filter.
func (e *Engine) keep(ent Entity, filters []tb.KeyFilter, relationQuery bool) bool {
	for _, kf := range filters {
		if kf.Predicate == nil {
			continue
		}
		v, present, exists := e.keyValue(ent, kf.Key, relationQuery)
		if !exists {
			continue // the server drops conditions on fields the entity type lacks
		}
		if !e.match(kf.Predicate, v, present) {
			return false
		}
	}
	return true
}

// ---- sorting ----

// sortValue is a value in the server's sort order: numbers first, then text.
type sortValue struct {
	num    float64
	hasNum bool
	str    string
	hasStr bool
}

func (e *Engine) sortValue(ent Entity, k tb.EntityKey, relationQuery bool) sortValue {
	v, present, _ := e.keyValue(ent, k, relationQuery)
	if !present {
		return sortValue{}
	}
	switch x := v.(type) {
	case int64:
		return sortValue{num: float64(x), hasNum: true}
	case float64:
		return sortValue{num: x, hasNum: true}
	case int:
		return sortValue{num: float64(x), hasNum: true}
	}
	return sortValue{str: String(v), hasStr: true}
}

// compareNullsLast orders present values before missing ones.
func compareNullsLast[T any](a, b T, ha, hb bool, c func(T, T) int) int {
	switch {
	case ha && hb:
		return c(a, b)
	case ha:
		return -1
	case hb:
		return 1
	}
	return 0
}

func compareText(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}

// compareSort orders ascending with missing values last; descending is its exact
// reverse (missing values first), as PostgreSQL orders NULLs.
func compareSort(a, b sortValue) int {
	return cmp.Or(compareNullsLast(a.num, b.num, a.hasNum, b.hasNum, cmp.Compare[float64]),
		compareNullsLast(a.str, b.str, a.hasStr, b.hasStr, compareText))
}

func sortEntities[T any](items []T, dir tb.SortOrder, key func(T) sortValue) {
	keys := make([]sortValue, len(items))
	idx := make([]int32, len(items))
	for i := range items {
		idx[i] = int32(i)
		keys[i] = key(items[i])
	}
	desc := strings.EqualFold(string(dir), string(tb.DESC))
	slices.SortFunc(idx, func(a, b int32) int {
		c := compareSort(keys[a], keys[b])
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a, b)) // ties keep their order
	})
	sorted := make([]T, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// ---- entity data queries ----

// filterEntities resolves the filter and applies the key filters.
func (e *Engine) filterEntities(f tb.EntityFilter, keyFilters []tb.KeyFilter) ([]Entity, bool, error) {
	f, err := normalize(f)
	if err != nil {
		return nil, false, err
	}
	ents, err := e.resolve(f)
	if err != nil {
		return nil, false, err
	}
	_, relationQuery := f.(*tb.RelationsQueryFilter)
	out := ents[:0]
	for _, ent := range ents {
		if e.keep(ent, keyFilters, relationQuery) {
			out = append(out, ent)
		}
	}
	return out, relationQuery, nil
}

// CountEntities answers POST /api/entitiesQuery/count.
func (e *Engine) CountEntities(q tb.EntityCountQuery) (int64, error) {
	ents, _, err := e.filterEntities(q.EntityFilter, q.KeyFilters)
	if err != nil {
		return 0, err
	}
	return int64(len(ents)), nil
}

func checkPage(pageSize, page int) error {
	if pageSize < 1 {
		return badRequest("Page size must not be less than one!")
	}
	if page < 0 {
		return badRequest("Page index must not be less than zero!")
	}
	return nil
}

// selection lists the keys whose values text search looks at: entity fields, latest
// values and the sort key.
func selection(q tb.EntityDataQuery) []tb.EntityKey {
	keys := append(slices.Clone(q.EntityFields), q.LatestValues...)
	if so := q.PageLink.SortOrder; so != nil && !slices.Contains(keys, so.Key) {
		keys = append(keys, so.Key)
	}
	return keys
}

// text returns the value of k as the query returns it.
func (e *Engine) text(ent Entity, k tb.EntityKey, relationQuery bool) (TsValueOut, bool) {
	if k.Type == tb.EntityKeyEntityField {
		v, _, _ := field(ent, k.Key, relationQuery)
		return TsValueOut{Ts: e.Now, Value: v}, true
	}
	if k.Type == tb.EntityKeyAlarmField {
		return TsValueOut{}, false
	}
	if v, ok := e.latest(ent.ID, k); ok {
		return TsValueOut{Ts: v.Ts, Value: String(v.V)}, true
	}
	return TsValueOut{}, true
}

// TsValueOut is a value as entity queries return it.
type TsValueOut = tb.TsValue

func (e *Engine) matchesText(ent Entity, keys []tb.EntityKey, search string, relationQuery bool) bool {
	search = strings.ToLower(search)
	for _, k := range keys {
		if v, ok := e.text(ent, k, relationQuery); ok && strings.Contains(strings.ToLower(v.Value), search) {
			return true
		}
	}
	return false
}

// latestOf builds the "latest" member of a result: entity fields with the query time,
// attributes and time series with their timestamps, {0, ""} for missing values.
func (e *Engine) latestOf(ent Entity, fields, latest []tb.EntityKey, relationQuery bool) map[tb.EntityKeyType]map[string]tb.TsValue {
	out := map[tb.EntityKeyType]map[string]tb.TsValue{}
	add := func(k tb.EntityKey) {
		v, ok := e.text(ent, k, relationQuery)
		if !ok {
			return
		}
		m := out[k.Type]
		if m == nil {
			m = map[string]tb.TsValue{}
			out[k.Type] = m
		}
		m[k.Key] = v
	}
	for _, k := range fields {
		add(k)
	}
	for _, k := range latest {
		add(k)
	}
	return out
}

// page returns the page of items and the page metadata.
func page[T any](items []T, pageSize, page int) (data []T, totalPages int, hasNext bool) {
	total := len(items)
	totalPages = (total + pageSize - 1) / pageSize
	start := min(page*pageSize, total)
	end := min(start+pageSize, total)
	return items[start:end], totalPages, end < total
}

// FindEntityData answers POST /api/entitiesQuery/find.
func (e *Engine) FindEntityData(q tb.EntityDataQuery) (*tb.Page[tb.EntityData], error) {
	if err := checkPage(q.PageLink.PageSize, q.PageLink.Page); err != nil {
		return nil, err
	}
	ents, rq, err := e.filterEntities(q.EntityFilter, q.KeyFilters)
	if err != nil {
		return nil, err
	}
	if q.PageLink.TextSearch != "" {
		sel := selection(q)
		kept := ents[:0:0]
		for _, ent := range ents {
			if e.matchesText(ent, sel, q.PageLink.TextSearch, rq) {
				kept = append(kept, ent)
			}
		}
		ents = kept
	}
	if so := q.PageLink.SortOrder; so != nil && so.Key.Key != "" {
		sortEntities(ents, so.Direction, func(ent Entity) sortValue { return e.sortValue(ent, so.Key, rq) })
	}
	data, totalPages, hasNext := page(ents, q.PageLink.PageSize, q.PageLink.Page)
	out := &tb.Page[tb.EntityData]{Data: make([]tb.EntityData, len(data)), TotalPages: totalPages,
		TotalElements: int64(len(ents)), HasNext: hasNext}
	for i, ent := range data {
		out.Data[i] = tb.EntityData{
			EntityID:   ent.ID,
			Latest:     e.latestOf(ent, q.EntityFields, q.LatestValues, rq),
			Timeseries: map[string][]tb.TsValue{},
			ReadAttrs:  e.PE,
			ReadTs:     e.PE,
		}
	}
	return out, nil
}

// keyEntities returns the entities find-keys looks at: the query's page, at most 100.
func (e *Engine) keyEntities(q tb.EntityDataQuery) ([]Entity, error) {
	if q.PageLink.PageSize < 1 || q.PageLink.PageSize > 100 {
		q.PageLink.PageSize = 100
	}
	q.PageLink.Page = max(q.PageLink.Page, 0)
	p, err := e.FindEntityData(q)
	if err != nil {
		return nil, err
	}
	out := make([]Entity, 0, len(p.Data))
	for _, d := range p.Data {
		if ent, ok := e.Src.Get(d.EntityID.ID); ok {
			out = append(out, ent)
		}
	}
	return out, nil
}

// FindKeys answers POST /api/entitiesQuery/find/keys.
func (e *Engine) FindKeys(q tb.EntityDataQuery, timeseries, attributes bool, scope string) (*tb.AvailableEntityKeys, error) {
	ents, err := e.keyEntities(q)
	if err != nil {
		return nil, err
	}
	types, ts, attrs := map[tb.EntityType]bool{}, map[string]bool{}, map[string]bool{}
	scopes := attributeScopes
	if scope != "" {
		scopes = []string{scope}
	}
	for _, ent := range ents {
		types[ent.ID.EntityType] = true
		if timeseries {
			for _, k := range e.Src.TimeseriesKeys(ent.ID) {
				ts[k] = true
			}
		}
		if attributes {
			for _, s := range scopes {
				for _, k := range e.Src.AttributeKeys(ent.ID, s) {
					attrs[k] = true
				}
			}
		}
	}
	out := &tb.AvailableEntityKeys{EntityTypes: sortedKeys(types), Timeseries: sortedKeys(ts), Attribute: sortedKeys(attrs)}
	return out, nil
}

func sortedKeys[K ~string](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// FindKeysV2 answers POST /api/v2/entitiesQuery/find/keys.
func (e *Engine) FindKeysV2(q tb.EntityDataQuery, timeseries, attributes bool, scopes []string, samples bool) (*tb.AvailableEntityKeysV2, error) {
	if !timeseries && !attributes {
		return nil, badRequest("At least one of 'includeTimeseries' or 'includeAttributes' must be true")
	}
	ents, err := e.keyEntities(q)
	if err != nil {
		return nil, err
	}
	types := map[tb.EntityType]bool{}
	type sample struct {
		v  Value
		ok bool
	}
	tsKeys := map[string]sample{}
	attrKeys := map[string]map[string]sample{}
	keep := func(m map[string]sample, k string, v Value, ok bool) {
		old, seen := m[k]
		if !seen || (ok && (!old.ok || v.Ts > old.v.Ts)) {
			m[k] = sample{v, ok}
		}
	}
	for _, ent := range ents {
		types[ent.ID.EntityType] = true
		if timeseries {
			for _, k := range e.Src.TimeseriesKeys(ent.ID) {
				v, ok := e.Src.Latest(ent.ID, k)
				keep(tsKeys, k, v, ok)
			}
		}
		if attributes {
			entScopes := scopes
			if len(entScopes) == 0 {
				entScopes = []string{ServerScope}
				if ent.ID.EntityType == tb.EntityTypeDevice {
					entScopes = attributeScopes
				}
			}
			for _, s := range entScopes {
				if s != ServerScope && ent.ID.EntityType != tb.EntityTypeDevice {
					continue // only devices have client and shared attributes
				}
				if attrKeys[s] == nil {
					attrKeys[s] = map[string]sample{}
				}
				for _, k := range e.Src.AttributeKeys(ent.ID, s) {
					v, ok := e.Src.Attribute(ent.ID, s, k)
					keep(attrKeys[s], k, v, ok)
				}
			}
		}
	}
	infos := func(m map[string]sample) []tb.KeyInfo {
		out := make([]tb.KeyInfo, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			ki := tb.KeyInfo{Key: k}
			if s := m[k]; samples && s.ok {
				raw, err := json.Marshal(s.v.V)
				if rm, isRaw := s.v.V.(json.RawMessage); isRaw {
					raw, err = rm, nil
				}
				if err == nil {
					ki.Sample = &tb.KeySample{Ts: s.v.Ts, Value: raw}
				}
			}
			out = append(out, ki)
		}
		return out
	}
	out := &tb.AvailableEntityKeysV2{EntityTypes: sortedKeys(types)}
	if timeseries {
		out.Timeseries = infos(tsKeys)
		if out.Timeseries == nil {
			out.Timeseries = []tb.KeyInfo{}
		}
	}
	if attributes && len(attrKeys) > 0 {
		out.Attributes = map[string][]tb.KeyInfo{}
		for s, m := range attrKeys {
			out.Attributes[s] = infos(m)
		}
	}
	return out, nil
}
