package query

import (
	"encoding/json"
	"math"
	"strconv"

	tb "github.com/tbgo/thingsboard"
)

// Entity is one stored entity as the engine sees it. Fields holds its query-able fields
// under the server's key names (name, type, label, title, email, ... and createdTime).
type Entity struct {
	ID                   tb.EntityID
	TenantID, CustomerID string
	CreatedTime          int64
	Fields               map[string]string
	// Value is the stored model; alarm queries return it.
	Value any
}

// Value is an attribute or time-series value with its timestamp. V is a string, bool,
// int64, float64 or json.RawMessage.
type Value struct {
	V  any
	Ts int64
}

// Relation is a COMMON relation between two entities.
type Relation struct {
	From, To tb.EntityID
	Type     string
}

// Attribute scopes.
const (
	ClientScope = "CLIENT_SCOPE"
	ServerScope = "SERVER_SCOPE"
	SharedScope = "SHARED_SCOPE"
)

// Source is the data the engine reads. Every method must be safe to call many times
// during one query; the engine never modifies what it is given.
type Source interface {
	// Get returns the entity with the given UUID.
	Get(id string) (Entity, bool)
	// List returns the entities of type t in creation order, in a new slice the
	// engine may modify.
	List(t tb.EntityType) []Entity
	// Attribute returns one attribute of the entity in scope.
	Attribute(id tb.EntityID, scope, key string) (Value, bool)
	// AttributeKeys returns the entity's attribute keys in scope.
	AttributeKeys(id tb.EntityID, scope string) []string
	// Latest returns the latest value of the entity's time series key.
	Latest(id tb.EntityID, key string) (Value, bool)
	// TimeseriesKeys returns the keys that have a latest value.
	TimeseriesKeys(id tb.EntityID) []string
	// RelationsFrom and RelationsTo return the COMMON relations from and to the entity.
	RelationsFrom(id tb.EntityID) []Relation
	RelationsTo(id tb.EntityID) []Relation
}

// Caller is the authenticated user a query runs for.
type Caller struct {
	Authority tb.Authority
	TenantID  string
	// CustomerID is the customer of a customer user, tb.NullUUID otherwise.
	CustomerID string
	UserID     string
}

// Error is a query the server would refuse with 400 (Forbidden: 403).
type Error struct {
	Message   string
	Forbidden bool
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

func badRequest(msg string) error { return &Error{Message: msg} }

// invalidBody is the server's answer to a body it cannot read, such as an entity filter
// of a type it does not know.
func invalidBody() error { return badRequest("Invalid request body") }

// String returns v as the server's entity query writes values: the text form of the
// stored value (booleans "true"/"false", numbers as PostgreSQL prints them, JSON as its
// text).
func String(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return formatDouble(x)
	case json.RawMessage:
		return string(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// formatDouble prints f as PostgreSQL casts a double precision to text: the shortest
// exact digits, in exponent form below 1e-4 and from 1e15.
func formatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	exp := math.Floor(math.Log10(math.Abs(f)))
	if exp < -4 || exp >= 15 {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// number returns v as a number: numeric values, and strings holding a number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case string:
		return parseNumber(x)
	}
	return 0, false
}

func parseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
