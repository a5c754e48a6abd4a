package emulator

import (
	"errors"
	"net/http"
	"strings"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator/query"
)

// The Entity Data Query API: entities and alarms selected by an entity filter and key
// filters, answered by package query over the store.

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/entitiesQuery/find", Authed(s.findEntityData))
		s.Handle("POST /api/entitiesQuery/count", Authed(s.countEntities))
		s.Handle("POST /api/alarmsQuery/find", Authed(s.findAlarmData, TenantAdmin, CustomerUser))
		s.Handle("POST /api/alarmsQuery/count", Authed(s.countAlarms, TenantAdmin, CustomerUser))
		s.Handle("POST /api/entitiesQuery/find/keys", Authed(s.findEntityKeys, TenantAdmin, CustomerUser))
		s.Handle("POST /api/v2/entitiesQuery/find/keys", Authed(s.findEntityKeysV2, TenantAdmin, CustomerUser))
	})
}

// querySource reads the store inside one read transaction.
type querySource struct{ tx *Tx }

func toEntity(r Record) query.Entity {
	return query.Entity{ID: r.ID, TenantID: r.TenantID, CustomerID: r.CustomerID, CreatedTime: r.CreatedTime, Fields: r.Fields, Value: r.Value}
}

// Get returns the record with the given UUID.
func (q querySource) Get(id string) (query.Entity, bool) {
	r, ok := q.tx.Get(id)
	if !ok {
		return query.Entity{}, false
	}
	return toEntity(r), true
}

// List returns the records of type t in creation order.
func (q querySource) List(t tb.EntityType) []query.Entity {
	recs := q.tx.List(t, nil)
	out := make([]query.Entity, len(recs))
	for i, r := range recs {
		out[i] = toEntity(r)
	}
	return out
}

// Attribute returns one attribute.
func (q querySource) Attribute(id tb.EntityID, scope, key string) (query.Value, bool) {
	a, ok := q.tx.Attribute(id, scope, key)
	return query.Value{V: a.Value, Ts: a.LastUpdateTs}, ok
}

// AttributeKeys returns the keys of the entity's attributes in scope.
func (q querySource) AttributeKeys(id tb.EntityID, scope string) []string {
	attrs := q.tx.Attributes(id, scope)
	keys := make([]string, len(attrs))
	for i, a := range attrs {
		keys[i] = a.Key
	}
	return keys
}

// Latest returns the latest value of a time series key.
func (q querySource) Latest(id tb.EntityID, key string) (query.Value, bool) {
	p, ok := q.tx.LatestPoint(id, key)
	if !ok {
		return query.Value{}, false
	}
	return query.Value{V: p.Value, Ts: p.Ts}, true
}

// TimeseriesKeys returns the keys with a latest value.
func (q querySource) TimeseriesKeys(id tb.EntityID) []string { return q.tx.TimeseriesKeys(id) }

func toRelations(rs []Relation) []query.Relation {
	out := make([]query.Relation, len(rs))
	for i, r := range rs {
		out[i] = query.Relation{From: r.From, To: r.To, Type: r.Type}
	}
	return out
}

// RelationsFrom returns the COMMON relations from the entity.
func (q querySource) RelationsFrom(id tb.EntityID) []query.Relation {
	return toRelations(q.tx.RelationsFrom(id, "", "COMMON"))
}

// RelationsTo returns the COMMON relations to the entity.
func (q querySource) RelationsTo(id tb.EntityID) []query.Relation {
	return toRelations(q.tx.RelationsTo(id, "", "COMMON"))
}

// runQuery runs fn with a query engine for the caller over a consistent view of the
// store, and turns the engine's refusals into the server's error answers.
func (s *Server) runQuery(p *Principal, fn func(e *query.Engine) error) error {
	var err error
	s.store.Read(func(tx *Tx) {
		e := &query.Engine{Src: querySource{tx}, Now: s.Now(), PE: s.Edition() == PE,
			Caller: query.Caller{Authority: p.Authority, TenantID: p.TenantID, CustomerID: p.CustomerID, UserID: p.UserID}}
		peQueryEngine(tx, p, e)
		err = fn(e)
	})
	var qe *query.Error
	if errors.As(err, &qe) {
		if qe.Forbidden {
			return PermissionDenied()
		}
		return BadRequest("%s", qe.Message)
	}
	return err
}

func (s *Server) findEntityData(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var q tb.EntityDataQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var page *tb.Page[tb.EntityData]
	if err := s.runQuery(p, func(e *query.Engine) (err error) { page, err = e.FindEntityData(q); return }); err != nil {
		return err
	}
	out := tb.Page[entityDataJSON]{Data: make([]entityDataJSON, len(page.Data)), TotalPages: page.TotalPages,
		TotalElements: page.TotalElements, HasNext: page.HasNext}
	for i, d := range page.Data {
		out.Data[i] = entityDataJSON{EntityID: d.EntityID, Latest: d.Latest, Timeseries: d.Timeseries}
		if d.ReadAttrs || d.ReadTs {
			out.Data[i].ReadAttrs, out.Data[i].ReadTs = &d.ReadAttrs, &d.ReadTs
		}
	}
	return WriteJSON(w, out)
}

// entityDataJSON is EntityData as the server writes it: aggLatest is null outside
// subscriptions, and only Professional Edition servers write readAttrs and readTs.
type entityDataJSON struct {
	EntityID   tb.EntityID                                `json:"entityId"`
	ReadAttrs  *bool                                      `json:"readAttrs,omitempty"`
	ReadTs     *bool                                      `json:"readTs,omitempty"`
	Latest     map[tb.EntityKeyType]map[string]tb.TsValue `json:"latest"`
	Timeseries map[string][]tb.TsValue                    `json:"timeseries"`
	AggLatest  map[int]tb.ComparisonTsValue               `json:"aggLatest"`
}

func (s *Server) countEntities(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var q tb.EntityCountQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var n int64
	if err := s.runQuery(p, func(e *query.Engine) (err error) { n, err = e.CountEntities(q); return }); err != nil {
		return err
	}
	return WriteJSON(w, n)
}

func (s *Server) findAlarmData(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var q tb.AlarmDataQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var page any
	if err := s.runQuery(p, func(e *query.Engine) (err error) { page, err = e.FindAlarmData(q); return }); err != nil {
		return err
	}
	return WriteJSON(w, page)
}

func (s *Server) countAlarms(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var q tb.AlarmCountQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var n int64
	if err := s.runQuery(p, func(e *query.Engine) (err error) { n, err = e.CountAlarms(q); return }); err != nil {
		return err
	}
	return WriteJSON(w, n)
}

// boolParam reads a boolean query parameter as Spring converts it; def applies when
// the parameter is absent, and a required parameter without a default must be present.
func boolParam(r *http.Request, name string, def *bool) (bool, error) {
	q := r.URL.Query()
	if !q.Has(name) {
		if def == nil {
			_, err := RequiredParam(r, name, "boolean")
			return false, err
		}
		return *def, nil
	}
	v := q.Get(name)
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "on", "yes", "1":
		return true, nil
	case "false", "off", "no", "0":
		return false, nil
	case "":
		if def != nil {
			return *def, nil
		}
	}
	return false, typeMismatch(name, v, "boolean")
}

var attributeScopeNames = map[string]bool{ClientScope: true, ServerScope: true, SharedScope: true}

func scopeParam(name, v string) error {
	if !attributeScopeNames[v] {
		return BadRequest("Method parameter '%s': Failed to convert value of type 'java.lang.String' to required type "+
			"'org.thingsboard.server.common.data.AttributeScope'; Failed to convert from type [java.lang.String] to type "+
			"[@org.springframework.web.bind.annotation.RequestParam org.thingsboard.server.common.data.AttributeScope] for value [%s]", name, v)
	}
	return nil
}

func (s *Server) findEntityKeys(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ts, err := boolParam(r, "timeseries", nil)
	if err != nil {
		return err
	}
	attrs, err := boolParam(r, "attributes", nil)
	if err != nil {
		return err
	}
	scope := r.URL.Query().Get("scope")
	if scope != "" {
		if err := scopeParam("scope", scope); err != nil {
			return err
		}
	}
	var q tb.EntityDataQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var keys *tb.AvailableEntityKeys
	if err := s.runQuery(p, func(e *query.Engine) (err error) { keys, err = e.FindKeys(q, ts, attrs, scope); return }); err != nil {
		return err
	}
	return WriteJSON(w, keys)
}

func (s *Server) findEntityKeysV2(w http.ResponseWriter, r *http.Request, p *Principal) error {
	yes, no := true, false
	ts, err := boolParam(r, "includeTimeseries", &yes)
	if err != nil {
		return err
	}
	attrs, err := boolParam(r, "includeAttributes", &yes)
	if err != nil {
		return err
	}
	samples, err := boolParam(r, "includeSamples", &no)
	if err != nil {
		return err
	}
	var scopes []string
	for _, v := range r.URL.Query()["scopes"] {
		for _, sc := range strings.Split(v, ",") {
			if sc = strings.TrimSpace(sc); sc == "" {
				continue
			}
			if err := scopeParam("scopes", sc); err != nil {
				return err
			}
			scopes = append(scopes, sc)
		}
	}
	var q tb.EntityDataQuery
	if err := DecodeJSON(r, &q); err != nil {
		return err
	}
	var keys *tb.AvailableEntityKeysV2
	if err := s.runQuery(p, func(e *query.Engine) (err error) {
		keys, err = e.FindKeysV2(q, ts, attrs, scopes, samples)
		return
	}); err != nil {
		return err
	}
	return WriteJSON(w, keys)
}
