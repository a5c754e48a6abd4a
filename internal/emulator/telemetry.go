package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	tb "github.com/tbgo/thingsboard"
)

// The attribute and time-series endpoints of TelemetryController
// (/api/plugins/telemetry/...). Their validation and access errors are plain-text
// bodies, request parsing failures are JSON errors, as on the server.

func init() {
	Register(func(s *Server) {
		const p = "/api/plugins/telemetry"
		s.Handle("GET "+p+"/{entityType}/{entityId}/keys/attributes", Authed(s.tmAttributeKeys))
		s.Handle("GET "+p+"/{entityType}/{entityId}/keys/attributes/{scope}", Authed(s.tmAttributeKeysByScope))
		s.Handle("GET "+p+"/{entityType}/{entityId}/values/attributes", Authed(s.tmAttributes))
		s.Handle("GET "+p+"/{entityType}/{entityId}/values/attributes/{scope}", Authed(s.tmAttributesByScope))
		s.Handle("GET "+p+"/{entityType}/{entityId}/keys/timeseries", Authed(s.tmTimeseriesKeys))
		s.Handle("GET "+p+"/{entityType}/{entityId}/values/timeseries", Authed(s.tmLatestOrHistory))
		s.Handle("GET "+p+"/{entityType}/{entityId}/values/timeseries/history", Authed(s.tmHistory))
		s.Handle("POST "+p+"/{deviceId}/{scope}", Authed(s.tmSaveAttributesBy(tmPathDevice)))
		s.Handle("POST "+p+"/{entityType}/{entityId}/{scope}", Authed(s.tmSaveAttributesBy(s.tmPathEntity)))
		s.Handle("POST "+p+"/{entityType}/{entityId}/attributes/{scope}", Authed(s.tmSaveAttributesBy(s.tmPathEntity)))
		s.Handle("POST "+p+"/{entityType}/{entityId}/timeseries/{scope}", Authed(s.tmSaveTelemetry))
		s.Handle("POST "+p+"/{entityType}/{entityId}/timeseries/{scope}/{ttl}", Authed(s.tmSaveTelemetry))
		s.Handle("DELETE "+p+"/{entityType}/{entityId}/timeseries/delete", Authed(s.tmDeleteTimeseries))
		s.Handle("DELETE "+p+"/{deviceId}/{scope}", Authed(s.tmDeleteAttributesBy(tmPathDevice)))
		s.Handle("DELETE "+p+"/{entityType}/{entityId}/{scope}", Authed(s.tmDeleteAttributesBy(s.tmPathEntity)))
	})
}

// attributeScopes are the scopes in the order of the server's AttributeScope enum,
// the order of all-scope reads.
var attributeScopes = []string{ClientScope, ServerScope, SharedScope}

// ---- handlers: attributes ----

func (s *Server) tmAttributeKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if err := s.tmValidate(p, opReadAttributes, id); err != nil {
		return err
	}
	keys := []string{}
	s.store.Read(func(tx *Tx) {
		for _, sc := range attributeScopes {
			for _, a := range tx.Attributes(id, sc) {
				keys = append(keys, a.Key)
			}
		}
	})
	return writeKeys(w, keys)
}

func (s *Server) tmAttributeKeysByScope(w http.ResponseWriter, r *http.Request, p *Principal) error {
	scope, err := tmPathScope(r)
	if err != nil {
		return err
	}
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if err := s.tmValidate(p, opReadAttributes, id); err != nil {
		return err
	}
	keys := []string{}
	s.store.Read(func(tx *Tx) {
		for _, a := range tx.Attributes(id, scope) {
			keys = append(keys, a.Key)
		}
	})
	return writeKeys(w, keys)
}

func (s *Server) tmAttributes(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return s.tmReadAttributes(w, r, p, "")
}

func (s *Server) tmAttributesByScope(w http.ResponseWriter, r *http.Request, p *Principal) error {
	scope, err := tmPathScope(r)
	if err != nil {
		return err
	}
	return s.tmReadAttributes(w, r, p, scope)
}

// tmReadAttributes answers the attribute values of one scope, or of every scope when
// scope is empty, only those with the requested keys when keys are given.
func (s *Server) tmReadAttributes(w http.ResponseWriter, r *http.Request, p *Principal, scope string) error {
	keys := tmKeys(r)
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if err := s.tmValidate(p, opReadAttributes, id); err != nil {
		return err
	}
	scopes := attributeScopes
	if scope != "" {
		scopes = []string{scope}
	}
	var attrs []Attribute
	s.store.Read(func(tx *Tx) {
		for _, sc := range scopes {
			for _, a := range tx.Attributes(id, sc) {
				if len(keys) == 0 || slices.Contains(keys, a.Key) {
					attrs = append(attrs, a)
				}
			}
		}
	})
	b := []byte{'['}
	for i, a := range attrs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"lastUpdateTs":`...)
		b = strconv.AppendInt(b, a.LastUpdateTs, 10)
		b = append(b, `,"key":`...)
		b = appendJSONString(b, a.Key)
		b = append(b, `,"value":`...)
		b = appendKVValue(b, a.Value, true)
		b = append(b, '}')
	}
	b = append(b, ']')
	return writeRawJSON(w, b)
}

// tmSaveAttributesBy answers an attribute save for the entity that entity reads from
// the path.
func (s *Server) tmSaveAttributesBy(entity func(r *http.Request) (tb.EntityID, error)) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		scope, err := tmPathScope(r)
		if err != nil {
			return err
		}
		body, err := tmRequestBody(r)
		if err != nil {
			return err
		}
		id, err := entity(r)
		if err != nil {
			return err
		}
		return s.tmSaveAttributes(w, p, id, scope, body)
	}
}

// tmDeleteAttributesBy answers an attribute deletion for the entity that entity reads
// from the path.
func (s *Server) tmDeleteAttributesBy(entity func(r *http.Request) (tb.EntityID, error)) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		scope, err := tmPathScope(r)
		if err != nil {
			return err
		}
		keys := tmKeys(r)
		id, err := entity(r)
		if err != nil {
			return err
		}
		return s.tmDeleteAttributes(w, p, id, scope, keys)
	}
}

// tmPathDevice reads the device of the {deviceId} path segment.
func tmPathDevice(r *http.Request) (tb.EntityID, error) {
	uuid, err := ParseUUID(r.PathValue("deviceId"))
	if err != nil {
		return tb.EntityID{}, err
	}
	return tb.NewEntityID(tb.EntityTypeDevice, uuid), nil
}

func (s *Server) tmSaveAttributes(w http.ResponseWriter, p *Principal, id tb.EntityID, scope string, body []byte) error {
	if scope != ServerScope && scope != SharedScope {
		return PlainError(http.StatusBadRequest, "Invalid scope: %s", scope)
	}
	if !json.Valid(body) {
		return PlainError(http.StatusBadRequest, "Invalid JSON")
	}
	obj, ok := tmParseObject(body)
	if !ok {
		return PlainError(http.StatusBadRequest, "Request is not a JSON object")
	}
	kvs, err := tmParseValues(obj)
	if err != nil {
		// The converter's exception escapes the controller: a JSON 500.
		return Errorf(http.StatusInternalServerError, tb.CodeGeneral, "%s", err.Error())
	}
	if len(kvs) == 0 {
		return PlainError(http.StatusBadRequest, "No attributes data found in request body!")
	}
	for _, kv := range kvs {
		if strings.TrimSpace(kv.key) == "" {
			return PlainError(http.StatusBadRequest, "Key cannot be blank")
		}
	}
	if err := s.tmValidate(p, opWriteAttributes, id); err != nil {
		return err
	}
	attrs := make([]Attribute, len(kvs))
	for i, kv := range kvs {
		attrs[i] = Attribute{Key: kv.key, Value: kv.value}
	}
	return writeOK(w, s.store.Write(func(tx *Tx) error {
		now := tx.Now()
		for i := range attrs {
			attrs[i].LastUpdateTs = now
		}
		tx.SaveAttributes(id, scope, attrs)
		return nil
	}))
}

func (s *Server) tmDeleteAttributes(w http.ResponseWriter, p *Principal, id tb.EntityID, scope string, keys []string) error {
	if len(keys) == 0 {
		return PlainError(http.StatusBadRequest, "Empty keys: []")
	}
	if err := s.tmValidate(p, opWriteAttributes, id); err != nil {
		return err
	}
	return writeOK(w, s.store.Write(func(tx *Tx) error {
		tx.DeleteAttributes(id, scope, keys)
		return nil
	}))
}

// ---- handlers: time series ----

func (s *Server) tmTimeseriesKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if err := s.tmValidate(p, opReadTelemetry, id); err != nil {
		return err
	}
	keys := []string{}
	s.store.Read(func(tx *Tx) { keys = append(keys, tx.TimeseriesKeys(id)...) })
	return writeKeys(w, keys)
}

// tmLatestOrHistory serves .../values/timeseries: history when both startTs and endTs
// are given (the server maps that form to its history handler), latest values otherwise.
func (s *Server) tmLatestOrHistory(w http.ResponseWriter, r *http.Request, p *Principal) error {
	q := r.URL.Query()
	if q.Has("startTs") && q.Has("endTs") {
		return s.tmHistory(w, r, p)
	}
	strict, err := tmBoolParam(r, "useStrictDataTypes", "java.lang.Boolean", false)
	if err != nil {
		return err
	}
	keys := tmKeys(r)
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if err := s.tmValidate(p, opReadTelemetry, id); err != nil {
		return err
	}
	for _, k := range keys {
		if k == "" {
			return PlainError(http.StatusBadRequest, "Incorrect key %s", k)
		}
	}
	var out []keyedPoints
	s.store.Read(func(tx *Tx) {
		now := tx.Now()
		if len(keys) == 0 {
			latest := tx.LatestTimeseries(id)
			for _, k := range tx.TimeseriesKeys(id) {
				if pt, ok := latest[k]; ok {
					out = appendPoint(out, k, pt)
				}
			}
			return
		}
		latest := tx.LatestTimeseries(id, keys...)
		for _, k := range keys {
			pt, ok := latest[k]
			if !ok {
				// The server answers a key without a latest value with a null value at the current time.
				pt = TsPoint{Ts: now}
			}
			out = appendPoint(out, k, pt)
		}
	})
	return writeRawJSON(w, encodeTimeseries(out, strict))
}

// tmHistory serves .../values/timeseries/history and the startTs/endTs form of
// .../values/timeseries.
func (s *Server) tmHistory(w http.ResponseWriter, r *http.Request, p *Principal) error {
	hq, err := parseHistoryQuery(r)
	if err != nil {
		return err
	}
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if !slices.Contains(aggregations, hq.agg) {
		return BadRequest("No enum constant org.thingsboard.server.common.data.kv.Aggregation.%s", hq.agg)
	}
	if err := s.tmValidate(p, opReadTelemetry, id); err != nil {
		return err
	}
	var out []keyedPoints
	var qerr error
	s.store.Read(func(tx *Tx) { out, qerr = hq.run(tx, id) })
	if qerr != nil {
		return qerr
	}
	return writeRawJSON(w, encodeTimeseries(out, hq.strict))
}

func (s *Server) tmSaveTelemetry(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if ttl := r.PathValue("ttl"); ttl != "" {
		// The TTL is accepted (it only matters to Cassandra storage) but must be a long.
		if _, err := strconv.ParseInt(strings.TrimSpace(ttl), 10, 64); err != nil {
			return tmMismatch("ttl", ttl, "java.lang.Long", fmt.Sprintf("For input string: \"%s\"", ttl))
		}
	}
	body, err := tmRequestBody(r)
	if err != nil {
		return err
	}
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	entries, perr := parseTelemetry(body, s.Now())
	if perr != nil {
		return perr
	}
	if len(entries) == 0 {
		return PlainError(http.StatusBadRequest, "No time series data found in request body!")
	}
	if err := s.tmValidate(p, opWriteTelemetry, id); err != nil {
		return err
	}
	if id.EntityType == tb.EntityTypeEntityView {
		return PlainError(http.StatusBadRequest, "Telemetry data can't be stored for entity view. Read only")
	}
	return writeOK(w, s.store.Write(func(tx *Tx) error {
		tx.SaveTimeseries(id, entries)
		return nil
	}))
}

func (s *Server) tmDeleteTimeseries(w http.ResponseWriter, r *http.Request, p *Principal) error {
	deleteAll, err := tmBoolParam(r, "deleteAllDataForKeys", "boolean", false)
	if err != nil {
		return err
	}
	startTs, hasStart, err := tmLongParam(r, "startTs")
	if err != nil {
		return err
	}
	endTs, hasEnd, err := tmLongParam(r, "endTs")
	if err != nil {
		return err
	}
	deleteLatest, err := tmBoolParam(r, "deleteLatest", "boolean", true)
	if err != nil {
		return err
	}
	rewrite, err := tmBoolParam(r, "rewriteLatestIfDeleted", "boolean", false)
	if err != nil {
		return err
	}
	keys := tmKeys(r)
	id, err := s.tmPathEntity(r)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return PlainError(http.StatusBadRequest, "Empty keys: []")
	}
	if deleteAll {
		startTs, endTs = 0, s.Now()
	} else if !hasStart || !hasEnd {
		return PlainError(http.StatusBadRequest, "When deleteAllDataForKeys is false, start and end timestamp values shouldn't be empty")
	}
	if err := s.tmValidate(p, opWriteTelemetry, id); err != nil {
		return err
	}
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			return PlainError(http.StatusBadRequest, "Incorrect DeleteTsKvQuery. Key can't be empty")
		}
	}
	return writeOK(w, s.store.Write(func(tx *Tx) error {
		tx.DeleteTimeseries(id, keys, startTs, endTs, deleteLatest, rewrite)
		return nil
	}))
}

// ---- entities and access ----

// tmOp is the permission a telemetry request needs.
type tmOp int

const (
	opReadAttributes tmOp = iota
	opReadTelemetry
	opWriteAttributes
	opWriteTelemetry
)

func (op tmOp) read() bool { return op == opReadAttributes || op == opReadTelemetry }

// operation returns the permission model's operation for op.
func (op tmOp) operation() tb.Operation {
	return [...]tb.Operation{tb.OperationReadAttributes, tb.OperationReadTelemetry, tb.OperationWriteAttributes, tb.OperationWriteTelemetry}[op]
}

// entityTypeNames are the names of the server's EntityType enum (CE 4.3).
var entityTypeNames = []string{
	"TENANT", "CUSTOMER", "USER", "DASHBOARD", "ASSET", "DEVICE", "ALARM", "RULE_CHAIN", "RULE_NODE",
	"ENTITY_VIEW", "WIDGETS_BUNDLE", "WIDGET_TYPE", "TENANT_PROFILE", "DEVICE_PROFILE", "ASSET_PROFILE",
	"API_USAGE_STATE", "TB_RESOURCE", "OTA_PACKAGE", "EDGE", "RPC", "QUEUE", "NOTIFICATION_TARGET",
	"NOTIFICATION_TEMPLATE", "NOTIFICATION_REQUEST", "NOTIFICATION", "NOTIFICATION_RULE", "QUEUE_STATS",
	"OAUTH2_CLIENT", "DOMAIN", "MOBILE_APP", "MOBILE_APP_BUNDLE", "CALCULATED_FIELD", "JOB",
	"ADMIN_SETTINGS", "AI_MODEL", "API_KEY",
}

// peEntityTypeNames are the entity types only Professional Edition has.
var peEntityTypeNames = []string{
	"ENTITY_GROUP", "CONVERTER", "INTEGRATION", "SCHEDULER_EVENT", "BLOB_ENTITY", "ROLE", "GROUP_PERMISSION",
	"WHITE_LABELING", "SECRET", "REPORT_TEMPLATE",
}

// tmPathEntity reads the {entityType} and {entityId} path variables as the server's
// EntityIdFactory does: an unknown type or a bad UUID is a JSON 400.
func (s *Server) tmPathEntity(r *http.Request) (tb.EntityID, error) {
	typ := r.PathValue("entityType")
	if !slices.Contains(entityTypeNames, typ) && !(s.cfg.edition == PE && slices.Contains(peEntityTypeNames, typ)) {
		return tb.EntityID{}, BadRequest("No enum constant org.thingsboard.server.common.data.EntityType.%s", typ)
	}
	uuid, err := ParseUUID(r.PathValue("entityId"))
	if err != nil {
		return tb.EntityID{}, err
	}
	return tb.NewEntityID(tb.EntityType(typ), uuid), nil
}

// notFoundMessages are the server's answers, by entity type, when the entity of a
// telemetry request does not exist; the types listed are those its access validator
// supports.
var notFoundMessages = map[tb.EntityType]string{
	tb.EntityTypeDevice:        "Device with requested id wasn't found!",
	tb.EntityTypeDeviceProfile: "Device profile with requested id wasn't found!",
	tb.EntityTypeAsset:         "Asset with requested id wasn't found!",
	tb.EntityTypeAssetProfile:  "Asset profile with requested id wasn't found!",
	tb.EntityTypeRuleChain:     "Rule chain with requested id wasn't found!",
	tb.EntityTypeCustomer:      "Customer with requested id wasn't found!",
	tb.EntityTypeTenant:        "Tenant with requested id wasn't found!",
	tb.EntityTypeTenantProfile: "",
	tb.EntityTypeUser:          "User with requested id wasn't found!",
	tb.EntityTypeEntityView:    "Entity-view with requested id wasn't found!",
	tb.EntityTypeEdge:          "Edge with requested id wasn't found!",
	tb.EntityTypeAPIUsageState: "Api Usage State with requested id wasn't found!",
	tb.EntityTypeTBResource:    "Resource with requested id wasn't found!",
	tb.EntityTypeOTAPackage:    "OtaPackage with requested id wasn't found!",
	tb.EntityTypeRPC:           "Rpc with requested id wasn't found!",
}

const (
	msgSysAdminNotAllowed = "System administrator is not allowed to perform this operation!"
	msgCustomerNotAllowed = "Customer user is not allowed to perform this operation!"
	msgOnlySysAdmin       = "Only system administrator is allowed to perform this operation!"
	msgNoPermission       = "You don't have permission to perform this operation!"
)

// tmValidate checks that the caller may perform op on the entity, as the server's
// AccessValidator does, answering with its plain-text 403 and 404 bodies.
func (s *Server) tmValidate(p *Principal, op tmOp, id tb.EntityID) error {
	t := id.EntityType
	if _, ok := notFoundMessages[t]; !ok {
		return Errorf(http.StatusInternalServerError, tb.CodeGeneral, "Not Implemented!")
	}
	denied := func(msg string) error { return PlainError(http.StatusForbidden, "%s", msg) }
	switch t {
	case tb.EntityTypeDevice, tb.EntityTypeDeviceProfile, tb.EntityTypeAssetProfile, tb.EntityTypeAsset,
		tb.EntityTypeCustomer, tb.EntityTypeEntityView, tb.EntityTypeEdge, tb.EntityTypeOTAPackage, tb.EntityTypeAPIUsageState:
		if p.IsSysAdmin() {
			return denied(msgSysAdminNotAllowed)
		}
		if t == tb.EntityTypeAPIUsageState && op != opReadTelemetry {
			return denied("Allowed only READ_TELEMETRY operation!")
		}
	case tb.EntityTypeRuleChain:
		if p.IsCustomerUser() {
			return denied(msgCustomerNotAllowed)
		}
	case tb.EntityTypeTenant:
		if p.IsCustomerUser() {
			return denied(msgCustomerNotAllowed)
		}
		if p.IsSysAdmin() {
			return nil
		}
	case tb.EntityTypeTenantProfile:
		if p.IsSysAdmin() {
			return nil
		}
		return denied(msgOnlySysAdmin)
	}
	var rec Record
	var found, pe, peAllowed bool
	s.store.Read(func(tx *Tx) {
		if rec, found = tx.GetTyped(id); found && isPE(tx) && !p.IsSysAdmin() {
			pe, peAllowed = true, Authorize(tx, p, rec, op.operation()) == nil
		}
	})
	if !found {
		return PlainError(http.StatusNotFound, "%s", notFoundMessages[t])
	}
	if pe && !peAllowed || !pe && !hasTelemetryPermission(p, op, rec) {
		return denied(msgNoPermission)
	}
	return nil
}

// hasTelemetryPermission applies the server's permission checkers of each authority
// to the attribute and time-series operations.
func hasTelemetryPermission(p *Principal, op tmOp, rec Record) bool {
	t := rec.ID.EntityType
	sameTenant := rec.TenantID == p.TenantID
	switch p.Authority {
	case SysAdmin:
		switch t {
		case tb.EntityTypeUser:
			return rec.Field("authority") != string(CustomerUser)
		case tb.EntityTypeRuleChain, tb.EntityTypeTBResource:
			return rec.TenantID == tb.NullUUID
		}
		return false
	case TenantAdmin:
		switch t {
		case tb.EntityTypeTenant:
			return op.read() && rec.ID.ID == p.TenantID
		case tb.EntityTypeUser:
			return rec.Field("authority") != string(SysAdmin) && sameTenant
		case tb.EntityTypeTBResource:
			return rec.TenantID != tb.NullUUID && sameTenant
		}
		return sameTenant
	case CustomerUser:
		switch t {
		case tb.EntityTypeDevice, tb.EntityTypeAsset, tb.EntityTypeEntityView, tb.EntityTypeEdge:
			return sameTenant && rec.CustomerID == p.CustomerID
		case tb.EntityTypeCustomer:
			return op.read() && rec.ID.ID == p.CustomerID
		case tb.EntityTypeUser:
			return rec.Field("authority") == string(CustomerUser) && rec.CustomerID == p.CustomerID && rec.ID.ID == p.UserID
		}
		return false
	}
	return false
}

// ---- request parameters ----

// tmKeys returns the keys of a request: the repeatable "key" parameter (4.3+)
// when present, else the comma-separated "keys", split as Java's String.split does.
func tmKeys(r *http.Request) []string {
	q := r.URL.Query()
	if vs, ok := q["key"]; ok {
		return vs
	}
	s := strings.Join(q["keys"], ",")
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 {
		return nil
	}
	return parts
}

// tmPathScope reads the {scope} path variable, an AttributeScope enum on the server.
func tmPathScope(r *http.Request) (string, error) {
	v := r.PathValue("scope")
	if slices.Contains(attributeScopes, strings.TrimSpace(v)) {
		return strings.TrimSpace(v), nil
	}
	return "", tmMismatch("scope", v, "org.thingsboard.server.common.data.AttributeScope",
		fmt.Sprintf("Failed to convert from type [java.lang.String] to type [@org.springframework.web.bind.annotation.PathVariable org.thingsboard.server.common.data.AttributeScope] for value [%s]", v))
}

// tmMismatch is Spring's answer to a parameter that does not convert to its type.
func tmMismatch(name, value, javaType, detail string) *Error {
	return BadRequest("Method parameter '%s': Failed to convert value of type 'java.lang.String' to required type '%s'; %s", name, javaType, detail)
}

// tmRequestBody reads a required request body.
func tmRequestBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return nil, BadRequest("Failed to read request body: %v", err)
	}
	if len(b) == 0 {
		return nil, BadRequest("Required request body is missing")
	}
	return b, nil
}

// tmBoolParam reads an optional boolean parameter as Spring converts it ("true", "on",
// "yes", "1" and their opposites, in any case); an empty value gives def.
func tmBoolParam(r *http.Request, name, javaType string, def bool) (bool, error) {
	q := r.URL.Query()
	if !q.Has(name) {
		return def, nil
	}
	v := strings.Join(q[name], ",")
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return def, nil
	case "true", "on", "yes", "1":
		return true, nil
	case "false", "off", "no", "0":
		return false, nil
	}
	return false, tmMismatch(name, v, javaType, fmt.Sprintf("Invalid boolean value [%s]", v))
}

// tmLongParam reads an optional long parameter; ok reports whether it has a value.
func tmLongParam(r *http.Request, name string) (n int64, ok bool, err error) {
	q := r.URL.Query()
	if !q.Has(name) || strings.TrimSpace(q.Get(name)) == "" {
		return 0, false, nil
	}
	v := q.Get(name)
	n, perr := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if perr != nil {
		return 0, false, tmMismatch(name, v, "java.lang.Long", fmt.Sprintf("For input string: \"%s\"", v))
	}
	return n, true, nil
}

// ---- history queries ----

// aggregations are the server's Aggregation enum values.
var aggregations = []string{"MIN", "MAX", "AVG", "SUM", "COUNT", "NONE"}

// intervalTypes are the server's IntervalType enum values.
var intervalTypes = []string{"MILLISECONDS", "WEEK", "WEEK_ISO", "MONTH", "QUARTER"}

// maxTsIntervals is the server's default limit on the number of aggregation intervals
// of one query (database.ts_max_intervals).
const maxTsIntervals = 700

type historyQuery struct {
	keys           []string
	startTs, endTs int64
	intervalType   string // "" when not given
	interval       int64
	timeZone       string
	limit          int64
	agg            string
	orderBy        string
	strict         bool
}

// parseHistoryQuery reads the parameters in the order Spring binds them.
func parseHistoryQuery(r *http.Request) (historyQuery, error) {
	hq := historyQuery{keys: tmKeys(r), limit: 100, agg: "NONE", orderBy: "DESC"}
	q := r.URL.Query()
	for _, name := range []string{"startTs", "endTs"} {
		if !q.Has(name) {
			return hq, BadRequest("Required request parameter '%s' for method parameter type Long is not present", name)
		}
		n, ok, err := tmLongParam(r, name)
		if err != nil {
			return hq, err
		}
		if !ok {
			return hq, BadRequest("Required request parameter '%s' for method parameter type Long is present but converted to null", name)
		}
		if name == "startTs" {
			hq.startTs = n
		} else {
			hq.endTs = n
		}
	}
	if v := strings.TrimSpace(q.Get("intervalType")); v != "" {
		if !slices.Contains(intervalTypes, v) {
			return hq, tmMismatch("intervalType", q.Get("intervalType"), "org.thingsboard.server.common.data.kv.IntervalType",
				fmt.Sprintf("Failed to convert from type [java.lang.String] to type [@org.springframework.web.bind.annotation.RequestParam org.thingsboard.server.common.data.kv.IntervalType] for value [%s]", q.Get("intervalType")))
		}
		hq.intervalType = v
	}
	if n, ok, err := tmLongParam(r, "interval"); err != nil {
		return hq, err
	} else if ok {
		hq.interval = n
	}
	hq.timeZone = q.Get("timeZone")
	if v := q.Get("limit"); strings.TrimSpace(v) != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			return hq, tmMismatch("limit", v, "java.lang.Integer", fmt.Sprintf("For input string: \"%s\"", v))
		}
		hq.limit = n
	}
	if v := q.Get("agg"); v != "" {
		hq.agg = v
	}
	if v := q.Get("orderBy"); v != "" {
		hq.orderBy = v
	}
	strict, err := tmBoolParam(r, "useStrictDataTypes", "java.lang.Boolean", false)
	if err != nil {
		return hq, err
	}
	hq.strict = strict
	return hq, nil
}

// tzLinks are the short zone ids the server maps to regions.
var tzLinks = map[string]string{"EST": "America/New_York", "GMT+0": "GMT", "GMT-0": "GMT", "HST": "US/Hawaii", "MST": "America/Phoenix", "ROC": "Asia/Taipei"}

// location returns the query's time zone; like the server, an unknown or empty zone
// falls back to the server's zone, which is UTC here.
func (hq historyQuery) location() *time.Location {
	name := hq.timeZone
	if l, ok := tzLinks[name]; ok {
		name = l
	}
	if name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// run executes the query for each key, as the server's SQL time-series storage does.
func (hq historyQuery) run(tx *Tx, id tb.EntityID) ([]keyedPoints, error) {
	agg := hq.agg
	var interval int64
	calendar := ""
	switch {
	case agg == "NONE":
	case hq.intervalType == "" || hq.intervalType == "MILLISECONDS":
		if hq.interval == 0 {
			agg = "NONE"
		} else {
			interval = hq.interval
		}
	default:
		calendar = hq.intervalType
		switch calendar {
		case "WEEK", "WEEK_ISO":
			interval = 7 * 24 * 3600 * 1000
		case "MONTH":
			interval = 30 * 24 * 3600 * 1000
		case "QUARTER":
			interval = 90 * 24 * 3600 * 1000
		}
	}
	for _, k := range hq.keys {
		if strings.TrimSpace(k) == "" {
			return nil, PlainError(http.StatusBadRequest, "Incorrect ReadTsKvQuery. Key can't be empty")
		}
		if agg != "NONE" {
			if interval < 1 {
				return nil, PlainError(http.StatusBadRequest, "Invalid TsKvQuery: 'interval' must be greater than 0, but got %d. "+
					"Please check your query parameters and ensure 'endTs' is greater than 'startTs' or increase 'interval'.", interval)
			}
			count := (hq.endTs - hq.startTs) / max(interval, 1000)
			if count > maxTsIntervals || count < 0 {
				return nil, PlainError(http.StatusBadRequest, "Incorrect TsKvQuery. Number of intervals is to high - %d. "+
					"Please increase 'interval' parameter for your query or reduce the time range of the query.", count)
			}
		}
	}
	var out []keyedPoints
	for _, k := range hq.keys {
		if agg == "NONE" {
			if hq.limit < 1 {
				return nil, PlainError(http.StatusBadRequest, "Page size must not be less than one")
			}
			desc := false
			switch strings.ToUpper(strings.TrimSpace(hq.orderBy)) {
			case "ASC":
			case "DESC":
				desc = true
			default:
				return nil, PlainError(http.StatusBadRequest, "Invalid value '%s' for orders given; Has to be either 'desc' or 'asc' (case insensitive)", hq.orderBy)
			}
			pts := tx.Timeseries(id, k, hq.startTs, hq.endTs)
			if desc {
				slices.Reverse(pts)
			}
			if int64(len(pts)) > hq.limit {
				pts = pts[:hq.limit]
			}
			for _, pt := range pts {
				out = appendPoint(out, k, pt)
			}
			continue
		}
		loc := hq.location()
		start, endPeriod := hq.startTs, max(hq.startTs+1, hq.endTs)
		for start < endPeriod {
			var end int64
			if calendar == "" {
				end = start + interval
			} else {
				end = calendarIntervalEnd(start, calendar, loc)
			}
			end = min(max(end, start+1), endPeriod)
			if v, ok := tmAggregate(agg, tx.Timeseries(id, k, start, end)); ok {
				out = appendPoint(out, k, TsPoint{Ts: start + (end-start)/2, Value: v})
			}
			start = end
		}
	}
	return out, nil
}

// calendarIntervalEnd returns the end of the calendar interval that holds startTs:
// the next week (from Sunday, or from Monday for WEEK_ISO), month or quarter, at
// midnight in loc.
func calendarIntervalEnd(startTs int64, intervalType string, loc *time.Location) int64 {
	t := time.UnixMilli(startTs).In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	switch intervalType {
	case "WEEK":
		return day.AddDate(0, 0, 7-int(day.Weekday())).UnixMilli()
	case "WEEK_ISO":
		return day.AddDate(0, 0, 7-(int(day.Weekday())+6)%7).UnixMilli()
	case "MONTH":
		return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc).UnixMilli()
	default: // QUARTER
		first := (t.Month()-1)/3*3 + 1
		return time.Date(t.Year(), first+3, 1, 0, 0, 0, 0, loc).UnixMilli()
	}
}

// tmAggregate reduces the points of one interval as the server's SQL queries do; ok is
// false when the interval yields no value. AVG is always a double; SUM is a long
// unless doubles take part; MIN and MAX compare numbers, or strings when the interval
// has no numbers; COUNT counts booleans, else strings, else JSON values, else numbers.
func tmAggregate(agg string, pts []TsPoint) (any, bool) {
	if len(pts) == 0 {
		return nil, false
	}
	var lsum int64
	var dsum float64
	var bc, jc int64
	var longs extent[int64]
	var doubles extent[float64]
	var strs extent[string]
	for _, p := range pts {
		switch v := p.Value.(type) {
		case int64:
			longs.add(v)
			lsum += v
		case float64:
			doubles.add(v)
			dsum += v
		case bool:
			bc++
		case string:
			strs.add(v)
		default:
			jc++
		}
	}
	lc, dc, sc := longs.n, doubles.n, strs.n
	switch agg {
	case "AVG":
		if lc+dc == 0 {
			return 0.0, true
		}
		return (float64(lsum) + dsum) / float64(lc+dc), true
	case "SUM":
		if dc > 0 {
			return dsum + float64(lsum), true
		}
		return lsum, true
	case "MIN", "MAX":
		isMax := agg == "MAX"
		switch {
		case lc > 0 && dc > 0:
			if isMax {
				return math.Max(doubles.max, float64(longs.max)), true
			}
			return math.Min(doubles.min, float64(longs.min)), true
		case dc > 0:
			return doubles.pick(isMax), true
		case lc > 0:
			return longs.pick(isMax), true
		case sc > 0:
			return strs.pick(isMax), true
		}
		return nil, false
	case "COUNT":
		switch {
		case bc != 0:
			return bc, true
		case sc != 0:
			return sc, true
		case jc != 0:
			return jc, true
		}
		return lc + dc, true
	}
	return nil, false
}

// extent counts values of one type and keeps the least and the greatest.
type extent[T cmp.Ordered] struct {
	n        int64
	min, max T
}

func (e *extent[T]) add(v T) {
	if e.n == 0 || v < e.min {
		e.min = v
	}
	if e.n == 0 || v > e.max {
		e.max = v
	}
	e.n++
}

// pick returns the greatest value with isMax, else the least.
func (e extent[T]) pick(isMax bool) T {
	if isMax {
		return e.max
	}
	return e.min
}

// ---- request values ----

type kv struct {
	key   string
	value any
}

// tmParseObject returns the members of a JSON object in order, with the last value of a
// repeated key at the key's first position (as the server's parser keeps them); ok is
// false when body is not an object.
func tmParseObject(body []byte) (members []rawMember, ok bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	index := map[string]int{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		if i, dup := index[key]; dup {
			members[i].value = raw
			continue
		}
		index[key] = len(members)
		members = append(members, rawMember{key, raw})
	}
	return members, true
}

type rawMember struct {
	key   string
	value json.RawMessage
}

// tmParseValues types the members of a values object as the server's JSON converter
// does (with type casting, its default): strings holding plain decimal numbers and
// JSON numbers become longs or doubles (or strings when out of range), booleans stay
// booleans, objects and arrays are stored as JSON, and null is refused.
func tmParseValues(members []rawMember) ([]kv, error) {
	out := make([]kv, 0, len(members))
	for _, m := range members {
		raw := bytes.TrimSpace(m.value)
		switch raw[0] {
		case '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			if isParsable(s) {
				out = append(out, kv{m.key, numericValue(s)})
			} else {
				out = append(out, kv{m.key, s})
			}
		case 't', 'f':
			out = append(out, kv{m.key, raw[0] == 't'})
		case 'n':
			return nil, errors.New("Can't parse value: null")
		case '{', '[':
			out = append(out, kv{m.key, json.RawMessage(compactJSON(raw))})
		default:
			out = append(out, kv{m.key, numericValue(string(raw))})
		}
	}
	return out, nil
}

// parseTelemetry reads a time-series payload: {"k":v,...} at now, {"ts":..,"values":{..}},
// or an array of either.
func parseTelemetry(body []byte, now int64) ([]TsEntry, *Error) {
	if !json.Valid(body) {
		return nil, PlainError(http.StatusBadRequest, "Unable to parse time series payload: Invalid JSON body!")
	}
	fail := func(msg string) *Error {
		return PlainError(http.StatusBadRequest, "Unable to parse time series payload. Invalid JSON body: %s", msg)
	}
	body = bytes.TrimSpace(body)
	var objects [][]rawMember
	switch body[0] {
	case '{':
		obj, _ := tmParseObject(body)
		objects = append(objects, obj)
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(body, &elems); err != nil {
			return nil, fail(err.Error())
		}
		for _, e := range elems {
			obj, ok := tmParseObject(e)
			if !ok {
				return nil, fail("Can't parse value: " + compactJSON(e))
			}
			objects = append(objects, obj)
		}
	default:
		return nil, fail("Can't parse value: " + compactJSON(body))
	}
	var entries []TsEntry
	for _, obj := range objects {
		ts := now
		values := obj
		var rawTs, rawValues json.RawMessage
		for _, m := range obj {
			switch m.key {
			case "ts":
				rawTs = m.value
			case "values":
				rawValues = m.value
			}
		}
		if rawTs != nil && rawValues != nil {
			var err error
			if ts, err = jsonLong(rawTs); err != nil {
				return nil, fail(err.Error())
			}
			var ok bool
			if values, ok = tmParseObject(rawValues); !ok {
				return nil, fail("Not a JSON Object: " + compactJSON(rawValues))
			}
		}
		kvs, err := tmParseValues(values)
		if err != nil {
			return nil, fail(err.Error())
		}
		for _, kv := range kvs {
			entries = append(entries, TsEntry{Key: kv.key, TsPoint: TsPoint{Ts: ts, Value: kv.value}})
		}
	}
	return entries, nil
}

// jsonLong reads a timestamp as the server's parser does: a number (a fraction is
// truncated), or a string holding a long.
func jsonLong(raw json.RawMessage) (int64, error) {
	raw = bytes.TrimSpace(raw)
	switch raw[0] {
	case '"':
		var s string
		_ = json.Unmarshal(raw, &s)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("For input string: \"%s\"", s)
		}
		return n, nil
	case 't', 'f':
		return 0, fmt.Errorf("For input string: \"%s\"", raw)
	case 'n':
		return 0, fmt.Errorf("JsonNull")
	case '{':
		return 0, fmt.Errorf("JsonObject")
	case '[':
		return 0, fmt.Errorf("JsonArray")
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, nil
	}
	f, _, err := big.ParseFloat(string(raw), 10, 200, big.ToZero)
	if err != nil {
		return 0, fmt.Errorf("For input string: \"%s\"", raw)
	}
	n, _ := f.Int64()
	return n, nil
}

// isParsable reports whether s is a plain decimal number: an optional minus sign,
// digits and at most one decimal point, not ending with the point.
func isParsable(s string) bool {
	if s == "" || s[len(s)-1] == '.' {
		return false
	}
	i := 0
	if s[0] == '-' {
		if len(s) == 1 {
			return false
		}
		i = 1
	}
	points := 0
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			points++
			if points > 1 {
				return false
			}
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// decimal is a number as unscaled digits and a scale (value = unscaled × 10^-scale).
type decimal struct {
	neg      bool
	unscaled *big.Int
	scale    int
}

// maxExponent bounds the exponents the emulator expands into digits.
const maxExponent = 10000

// parseDecimal parses a JSON number or a parsable string.
func parseDecimal(s string) (decimal, bool) {
	d := decimal{}
	if strings.HasPrefix(s, "-") {
		d.neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	e := 0
	if hasExp {
		var err error
		if e, err = strconv.Atoi(exp); err != nil || e > maxExponent || e < -maxExponent {
			return d, false
		}
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" {
		return d, false
	}
	u, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return d, false
	}
	d.unscaled = u
	d.scale = len(frac) - e
	return d, true
}

// strippedScale is the scale after removing trailing zeros (0 for zero).
func (d decimal) strippedScale() int {
	if d.unscaled.Sign() == 0 {
		return 0
	}
	u := new(big.Int).Set(d.unscaled)
	scale := d.scale
	ten, r := big.NewInt(10), new(big.Int)
	for {
		q, m := new(big.Int).QuoRem(u, ten, r)
		if m.Sign() != 0 {
			return scale
		}
		u, scale = q, scale-1
	}
}

// plainString is the number without exponent, as BigDecimal.toPlainString writes it.
func (d decimal) plainString() string {
	digits := d.unscaled.String()
	var s string
	switch {
	case d.scale <= 0:
		if d.unscaled.Sign() == 0 {
			return "0"
		}
		s = digits + strings.Repeat("0", -d.scale)
	case len(digits) > d.scale:
		s = digits[:len(digits)-d.scale] + "." + digits[len(digits)-d.scale:]
	default:
		s = "0." + strings.Repeat("0", d.scale-len(digits)) + digits
	}
	if d.neg && d.unscaled.Sign() != 0 {
		s = "-" + s
	}
	return s
}

// numericValue types a number: integral values without a plain decimal point become
// longs (strings when beyond the long range), others doubles (strings beyond 16
// decimal places).
func numericValue(s string) any {
	d, ok := parseDecimal(s)
	if !ok {
		return s
	}
	simpleDouble := strings.Contains(s, ".") && !strings.ContainsAny(s, "eE")
	if d.strippedScale() <= 0 && !simpleDouble {
		v := new(big.Int).Set(d.unscaled)
		if d.scale < 0 {
			v.Mul(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-d.scale)), nil))
		} else if d.scale > 0 {
			v.Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale)), nil))
		}
		if d.neg {
			v.Neg(v)
		}
		if v.IsInt64() {
			return v.Int64()
		}
		return d.plainString()
	}
	if d.scale <= 16 {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil {
			return f
		}
	}
	return d.plainString()
}

// compactJSON returns raw without insignificant white space.
func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// ---- responses ----

// keyedPoints are the points of one key, in answer order.
type keyedPoints struct {
	key    string
	points []TsPoint
}

func appendPoint(out []keyedPoints, key string, pt TsPoint) []keyedPoints {
	for i := range out {
		if out[i].key == key {
			out[i].points = append(out[i].points, pt)
			return out
		}
	}
	return append(out, keyedPoints{key, []TsPoint{pt}})
}

// encodeTimeseries writes {"key":[{"ts":..,"value":..},...],...}: values as strings
// unless strict.
func encodeTimeseries(data []keyedPoints, strict bool) []byte {
	b := []byte{'{'}
	for i, kp := range data {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, kp.key)
		b = append(b, ":["...)
		for j, pt := range kp.points {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"ts":`...)
			b = strconv.AppendInt(b, pt.Ts, 10)
			b = append(b, `,"value":`...)
			b = appendKVValue(b, pt.Value, strict)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendKVValue writes a stored value: typed when strict, else as the server's string
// form of it (null stays null).
func appendKVValue(b []byte, v any, strict bool) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	if !strict {
		return appendJSONString(b, valueString(v))
	}
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return appendJSONString(b, javaDouble(x))
		}
		return append(b, javaDouble(x)...)
	case json.RawMessage:
		return appendJacksonJSON(b, x)
	}
	return appendJSONString(b, fmt.Sprint(v))
}

// valueString is the server's string form of a value: doubles as Java writes them,
// JSON as its text.
func valueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return javaDouble(x)
	case json.RawMessage:
		return string(x)
	}
	return fmt.Sprint(v)
}

// javaDouble formats f as Java's Double.toString does: "21.5", "42.0", "1.0E7", "1.0E-4".
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// appendJacksonJSON writes a stored JSON value as the server re-serializes it: the
// same structure and member order, with fractional numbers written as Java doubles.
func appendJacksonJSON(b []byte, raw json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	out, err := appendJSONTokens(b, dec)
	if err != nil {
		return append(b, compactJSON(raw)...)
	}
	return out
}

func appendJSONTokens(b []byte, dec *json.Decoder) ([]byte, error) {
	t, err := dec.Token()
	if err != nil {
		return b, err
	}
	switch v := t.(type) {
	case json.Delim:
		closing := byte('}')
		if v == '[' {
			closing = ']'
		}
		b = append(b, byte(v))
		first := true
		for dec.More() {
			if !first {
				b = append(b, ',')
			}
			first = false
			if v == '{' {
				k, err := dec.Token()
				if err != nil {
					return b, err
				}
				b = appendJSONString(b, k.(string))
				b = append(b, ':')
			}
			if b, err = appendJSONTokens(b, dec); err != nil {
				return b, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return b, err
		}
		return append(b, closing), nil
	case string:
		return appendJSONString(b, v), nil
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, ".eE") {
			if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
				return append(b, javaDouble(f)...), nil
			}
		}
		return append(b, s...), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	default:
		return append(b, "null"...), nil
	}
}

// appendJSONString writes s as a JSON string without HTML escaping, as the server does.
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
}

func writeKeys(w http.ResponseWriter, keys []string) error {
	b := []byte{'['}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
	}
	return writeRawJSON(w, append(b, ']'))
}

func writeRawJSON(w http.ResponseWriter, b []byte) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}
