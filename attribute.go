package thingsboard

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AttributeService reads, writes and deletes entity attributes over REST. See Client.Attributes.
type AttributeService service

// AttributeScope is the scope of an attribute: CLIENT_SCOPE (reported by the device),
// SERVER_SCOPE (private to the server) or SHARED_SCOPE (shared with the device).
// A value this package does not list round-trips unchanged.
type AttributeScope string

// Attribute scopes.
const (
	ClientScope AttributeScope = "CLIENT_SCOPE"
	ServerScope AttributeScope = "SERVER_SCOPE"
	SharedScope AttributeScope = "SHARED_SCOPE"
)

// AttributeKV is one attribute as the server returns it. The server keeps attribute
// types, so Value is one of nil, bool, string, int64, float64, json.Number (an integer
// beyond int64), map[string]any or []any (numbers inside JSON values are json.Number,
// so no precision is lost). The accessors convert for the common cases.
type AttributeKV struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
	// LastUpdateTs is the epoch-millisecond time of the last update.
	LastUpdateTs int64 `json:"lastUpdateTs"`
}

// UnmarshalJSON decodes the server's {"key","value","lastUpdateTs"} form, keeping
// integers exact.
func (a *AttributeKV) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key          string          `json:"key"`
		Value        json.RawMessage `json:"value"`
		LastUpdateTs int64           `json:"lastUpdateTs"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("thingsboard: attribute: %w", err)
	}
	v, err := decodeKVValue(raw.Value)
	if err != nil {
		return fmt.Errorf("thingsboard: attribute %q: %w", raw.Key, err)
	}
	*a = AttributeKV{Key: raw.Key, Value: v, LastUpdateTs: raw.LastUpdateTs}
	return nil
}

// LastUpdate returns LastUpdateTs as a time.Time.
func (a AttributeKV) LastUpdate() time.Time { return TimeOf(a.LastUpdateTs) }

// String returns the value as text: a string as is, numbers and booleans in JSON
// notation, JSON values encoded, nil as "".
func (a AttributeKV) String() string { return kvString(a.Value) }

// Float64 returns a numeric value, or a string holding a number, as a float64.
func (a AttributeKV) Float64() (float64, error) { return kvFloat64(a.Value) }

// Int64 returns an integral value, or a string holding an integer, as an int64.
func (a AttributeKV) Int64() (int64, error) { return kvInt64(a.Value) }

// Bool returns a boolean value, or the string "true" or "false", as a bool.
func (a AttributeKV) Bool() (bool, error) { return kvBool(a.Value) }

// Decode stores the value in the value pointed to by v, as json.Unmarshal would. A
// string value is decoded as the JSON text it holds when it is valid JSON.
func (a AttributeKV) Decode(v any) error { return kvDecode(a.Value, v) }

// Keys returns the attribute keys of the entity, of every scope.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/keys/attributes
func (s *AttributeService) Keys(ctx context.Context, id EntityID) ([]string, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	var keys []string
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/keys/attributes", string(id.EntityType), id.ID), nil, nil, &keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// KeysByScope returns the attribute keys of the entity in one scope.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/keys/attributes/{scope}
func (s *AttributeService) KeysByScope(ctx context.Context, id EntityID, scope AttributeScope) ([]string, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	if err := checkScope(scope); err != nil {
		return nil, err
	}
	var keys []string
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/keys/attributes/%s", string(id.EntityType), id.ID, string(scope)), nil, nil, &keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// Get returns the entity's attributes of every scope (client, then server, then shared
// attributes), only those with the given keys when keys are given.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/values/attributes
func (s *AttributeService) Get(ctx context.Context, id EntityID, keys ...string) ([]AttributeKV, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	q, err := keysQuery(keys, false)
	if err != nil {
		return nil, err
	}
	var out []AttributeKV
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/values/attributes", string(id.EntityType), id.ID), q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetByScope returns the entity's attributes of one scope, only those with the given
// keys when keys are given.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/values/attributes/{scope}
func (s *AttributeService) GetByScope(ctx context.Context, id EntityID, scope AttributeScope, keys ...string) ([]AttributeKV, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	if err := checkScope(scope); err != nil {
		return nil, err
	}
	q, err := keysQuery(keys, false)
	if err != nil {
		return nil, err
	}
	var out []AttributeKV
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/values/attributes/%s", string(id.EntityType), id.ID, string(scope)), q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Save creates or updates attributes of the entity in scope, which must be ServerScope
// or SharedScope (the server refuses ClientScope with a 400 "Invalid scope" error).
// Values keep their JSON type: booleans, integers (int64), floating-point numbers,
// strings (a string holding a number is stored as that number by the server's default
// configuration), and maps, slices or structs stored as JSON. Nil values are refused.
//
//tb:operation POST /api/plugins/telemetry/{entityType}/{entityId}/attributes/{scope}
func (s *AttributeService) Save(ctx context.Context, id EntityID, scope AttributeScope, attrs map[string]any) error {
	if err := checkEntityID("id", id); err != nil {
		return err
	}
	if err := checkSaveAttributes(scope, attrs); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/plugins/telemetry/%s/%s/attributes/%s", string(id.EntityType), id.ID, string(scope)), nil, attrs, nil)
}

// SaveV1 is Save through the server's older path, which behaves the same.
//
//tb:operation POST /api/plugins/telemetry/{entityType}/{entityId}/{scope}
func (s *AttributeService) SaveV1(ctx context.Context, id EntityID, scope AttributeScope, attrs map[string]any) error {
	if err := checkEntityID("id", id); err != nil {
		return err
	}
	if err := checkSaveAttributes(scope, attrs); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/plugins/telemetry/%s/%s/%s", string(id.EntityType), id.ID, string(scope)), nil, attrs, nil)
}

// SaveDevice is Save for the device with the given UUID, through the server's device
// shortcut path.
//
//tb:operation POST /api/plugins/telemetry/{deviceId}/{scope}
func (s *AttributeService) SaveDevice(ctx context.Context, deviceID string, scope AttributeScope, attrs map[string]any) error {
	if strings.TrimSpace(deviceID) == "" {
		return errors.New("thingsboard: empty deviceID")
	}
	if err := checkSaveAttributes(scope, attrs); err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodPost, pathf("/api/plugins/telemetry/%s/%s", deviceID, string(scope)), nil, attrs, nil)
}

// Delete deletes the attributes with the given keys from scope. Keys the entity does
// not have are ignored by the server. At least one key is required.
//
//tb:operation DELETE /api/plugins/telemetry/{entityType}/{entityId}/{scope}
func (s *AttributeService) Delete(ctx context.Context, id EntityID, scope AttributeScope, keys ...string) error {
	if err := checkEntityID("id", id); err != nil {
		return err
	}
	if err := checkScope(scope); err != nil {
		return err
	}
	q, err := keysQuery(keys, true)
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/plugins/telemetry/%s/%s/%s", string(id.EntityType), id.ID, string(scope)), q, nil, nil)
}

// DeleteDevice is Delete for the device with the given UUID, through the server's
// device shortcut path.
//
//tb:operation DELETE /api/plugins/telemetry/{deviceId}/{scope}
func (s *AttributeService) DeleteDevice(ctx context.Context, deviceID string, scope AttributeScope, keys ...string) error {
	if strings.TrimSpace(deviceID) == "" {
		return errors.New("thingsboard: empty deviceID")
	}
	if err := checkScope(scope); err != nil {
		return err
	}
	q, err := keysQuery(keys, true)
	if err != nil {
		return err
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/plugins/telemetry/%s/%s", deviceID, string(scope)), q, nil, nil)
}

func checkScope(scope AttributeScope) error {
	if strings.TrimSpace(string(scope)) == "" {
		return errors.New("thingsboard: empty attribute scope")
	}
	return nil
}

func checkSaveAttributes(scope AttributeScope, attrs map[string]any) error {
	if err := checkScope(scope); err != nil {
		return err
	}
	if len(attrs) == 0 {
		return errors.New("thingsboard: no attributes to save")
	}
	for k, v := range attrs {
		if strings.TrimSpace(k) == "" {
			return errors.New("thingsboard: blank attribute key")
		}
		if v == nil {
			return fmt.Errorf("thingsboard: attribute %q has a nil value, which the server refuses", k)
		}
	}
	return nil
}

// keysQuery returns keys as the comma-separated "keys" parameter that every server
// version accepts. Keys may not be blank or hold a comma.
func keysQuery(keys []string, required bool) (url.Values, error) {
	if len(keys) == 0 {
		if required {
			return nil, errors.New("thingsboard: no keys given")
		}
		return nil, nil
	}
	for _, k := range keys {
		if strings.TrimSpace(k) == "" {
			return nil, errors.New("thingsboard: blank key")
		}
		if strings.Contains(k, ",") {
			return nil, fmt.Errorf("thingsboard: key %q holds a comma, which the server reads as a separator", k)
		}
	}
	return url.Values{"keys": {strings.Join(keys, ",")}}, nil
}

// decodeKVValue decodes a value of an attribute or time series entry: integers to
// int64 (json.Number beyond its range), other numbers to float64, JSON values with
// json.Number inside.
func decodeKVValue(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if n, ok := v.(json.Number); ok {
		return numberValue(n), nil
	}
	return v, nil
}

// numberValue converts a JSON number: integral notation to int64, the rest to float64;
// an integer beyond int64 stays a json.Number.
func numberValue(n json.Number) any {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return n
}

func kvString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func kvFloat64(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case int:
		return float64(x), nil
	case json.Number:
		return strconv.ParseFloat(string(x), 64)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("thingsboard: value %q is not a number", x)
		}
		return f, nil
	}
	return 0, fmt.Errorf("thingsboard: value of type %s is not a number", kvTypeName(v))
}

func kvInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case float64:
		return floatToInt64(x)
	case json.Number:
		return parseInt64(string(x))
	case string:
		return parseInt64(strings.TrimSpace(x))
	}
	return 0, fmt.Errorf("thingsboard: value of type %s is not an integer", kvTypeName(v))
}

func parseInt64(s string) (int64, error) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("thingsboard: value %q is not an integer", s)
	}
	return floatToInt64(f)
}

func floatToInt64(f float64) (int64, error) {
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("thingsboard: value %v is not an integer in the int64 range", f)
	}
	return int64(f), nil
}

func kvBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return false, fmt.Errorf("thingsboard: value %q is not a boolean", x)
	}
	return false, fmt.Errorf("thingsboard: value of type %s is not a boolean", kvTypeName(v))
}

func kvDecode(v any, dst any) error {
	if s, ok := v.(string); ok {
		// A string may hold JSON (time series values without strict data types).
		if json.Valid([]byte(s)) && json.Unmarshal([]byte(s), dst) == nil {
			return nil
		}
		b, _ := json.Marshal(s)
		if err := json.Unmarshal(b, dst); err != nil {
			return fmt.Errorf("thingsboard: decoding value: %w", err)
		}
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("thingsboard: encoding value: %w", err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("thingsboard: decoding value: %w", err)
	}
	return nil
}

func kvTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}
