package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// The device side of the HTTP transport (DeviceApiController): a device posts time
// series and client attributes and reads its attributes with its access token. The
// server's answers here have empty bodies: 401 for an unknown token, 400 for a payload
// it cannot parse. Every accepted request counts as device activity: the server
// attributes active (true) and lastActivityTime are written as the device state
// service does.

func init() {
	Register(func(s *Server) {
		s.Handle("POST /api/v1/{deviceToken}/telemetry", Public(s.devicePostTelemetry))
		s.Handle("POST /api/v1/{deviceToken}/attributes", Public(s.devicePostAttributes))
		s.Handle("GET /api/v1/{deviceToken}/attributes", Public(s.deviceGetAttributes))
	})
}

// deviceByToken returns the device whose access token is token.
func deviceByToken(tx *Tx, token string) (Record, bool) {
	id, ok := tokenOwner(tx, token)
	if !ok {
		return Record{}, false
	}
	return tx.GetTyped(tb.NewEntityID(tb.EntityTypeDevice, id))
}

// markActive records device activity: active=true and lastActivityTime=now, plus
// lastConnectTime when the device was inactive.
func markActive(tx *Tx, id tb.EntityID) {
	now := tx.Now()
	attrs := []Attribute{{Key: "lastActivityTime", Value: now, LastUpdateTs: now}}
	if a, ok := tx.Attribute(id, ServerScope, "active"); !ok || a.Value != true {
		attrs = append(attrs, Attribute{Key: "active", Value: true, LastUpdateTs: now},
			Attribute{Key: "lastConnectTime", Value: now, LastUpdateTs: now})
	}
	tx.SaveAttributes(id, ServerScope, attrs)
}

func emptyStatus(w http.ResponseWriter, status int) error {
	w.WriteHeader(status)
	return nil
}

func readDeviceBody(r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil || len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	return b, true
}

func (s *Server) devicePostTelemetry(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	body, _ := readDeviceBody(r)
	token := r.PathValue("deviceToken")
	var entries []TsEntry
	var known, parsed bool
	now := s.Now()
	_ = s.store.Write(func(tx *Tx) error {
		dev, ok := deviceByToken(tx, token)
		if !ok {
			return nil
		}
		known = true
		var err error
		if entries, err = parseDeviceTelemetry(body, now); err != nil {
			return nil
		}
		parsed = true
		tx.SaveTimeseries(dev.ID, entries)
		markActive(tx, dev.ID)
		return nil
	})
	switch {
	case !known:
		return emptyStatus(w, http.StatusUnauthorized)
	case !parsed:
		return emptyStatus(w, http.StatusBadRequest)
	}
	return emptyStatus(w, http.StatusOK)
}

func (s *Server) devicePostAttributes(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	body, _ := readDeviceBody(r)
	token := r.PathValue("deviceToken")
	var known, parsed bool
	_ = s.store.Write(func(tx *Tx) error {
		dev, ok := deviceByToken(tx, token)
		if !ok {
			return nil
		}
		known = true
		attrs, err := parseDeviceAttributes(body)
		if err != nil {
			return nil
		}
		parsed = true
		tx.SaveAttributes(dev.ID, ClientScope, attrs)
		markActive(tx, dev.ID)
		return nil
	})
	switch {
	case !known:
		return emptyStatus(w, http.StatusUnauthorized)
	case !parsed:
		return emptyStatus(w, http.StatusBadRequest)
	}
	return emptyStatus(w, http.StatusOK)
}

// deviceGetAttributes answers {"client":{...},"shared":{...}}: the requested keys of
// each scope (clientKeys, sharedKeys, comma-separated), every attribute of both when
// neither is given; an empty section is left out.
func (s *Server) deviceGetAttributes(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	q := r.URL.Query()
	split := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, k := range strings.Split(v, ",") {
				if k = strings.TrimSpace(k); k != "" {
					out = append(out, k)
				}
			}
		}
		return out
	}
	clientKeys, sharedKeys := split("clientKeys"), split("sharedKeys")
	all := !q.Has("clientKeys") && !q.Has("sharedKeys")
	out := map[string]map[string]any{}
	known := false
	_ = s.store.Write(func(tx *Tx) error {
		dev, ok := deviceByToken(tx, r.PathValue("deviceToken"))
		if !ok {
			return nil
		}
		known = true
		section := func(name, scope string, keys []string, wanted bool) {
			if !wanted && !all {
				return
			}
			m := map[string]any{}
			for _, a := range tx.Attributes(dev.ID, scope) {
				if all || slices.Contains(keys, a.Key) {
					m[a.Key] = a.Value
				}
			}
			if len(m) > 0 {
				out[name] = m
			}
		}
		section("client", ClientScope, clientKeys, q.Has("clientKeys"))
		section("shared", SharedScope, sharedKeys, q.Has("sharedKeys"))
		markActive(tx, dev.ID)
		return nil
	})
	if !known {
		return emptyStatus(w, http.StatusUnauthorized)
	}
	return WriteJSON(w, out)
}

// errPayload is a payload the JSON converter rejects.
var errPayload = BadRequest("Invalid payload")

// parseDeviceTelemetry parses a time series payload as the server's JSON converter does:
// {"k":v,...} (timestamp now), {"ts":ms,"values":{...}}, or an array of either. The
// values are typed with deviceValue; null values are skipped.
func parseDeviceTelemetry(body []byte, now int64) ([]TsEntry, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil || dec.More() {
		return nil, errPayload
	}
	var items []any
	switch v := root.(type) {
	case []any:
		items = v
	case map[string]any:
		items = []any{v}
	default:
		return nil, errPayload
	}
	var out []TsEntry
	for _, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, errPayload
		}
		ts, values := now, obj
		if rawTs, hasTs := obj["ts"]; hasTs {
			if vals, ok := obj["values"].(map[string]any); ok {
				n, ok := rawTs.(json.Number)
				if !ok {
					return nil, errPayload
				}
				t, err := strconv.ParseInt(n.String(), 10, 64)
				if err != nil {
					return nil, errPayload
				}
				ts, values = t, vals
			}
		}
		for _, k := range sortedKeys(values) {
			v, ok, err := deviceValue(values[k])
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, TsEntry{Key: k, TsPoint: TsPoint{Ts: ts, Value: v}})
			}
		}
	}
	return out, nil
}

// parseDeviceAttributes parses an attributes payload, a JSON object, typing the values with
// deviceValue; null values are skipped.
func parseDeviceAttributes(body []byte) ([]Attribute, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
		return nil, errPayload
	}
	var out []Attribute
	for _, k := range sortedKeys(obj) {
		v, ok, err := deviceValue(obj[k])
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, Attribute{Key: k, Value: v})
		}
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// deviceValue types a JSON value (decoded with UseNumber) as the server stores it, with
// type casting on, the server's default: a number without '.' that fits in a long is
// an int64 ("4.2e1" too, being integral), other numbers float64; a string that parses
// as a number is that number, other strings stay strings; bools stay bools; objects and
// arrays are kept as JSON (json.RawMessage). ok is false for null. An integral number
// too big for a long becomes a string.
func deviceValue(v any) (val any, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case bool:
		return x, true, nil
	case json.Number:
		return deviceNumber(x.String(), true), true, nil
	case string:
		if n := deviceNumber(x, false); n != nil {
			return n, true, nil
		}
		return x, true, nil
	case map[string]any, []any:
		b, err := json.Marshal(x)
		if err != nil {
			return nil, false, errPayload
		}
		return json.RawMessage(b), true, nil
	}
	return nil, false, errPayload
}

// deviceNumber returns s as an int64 or float64, nil when s is not a number. A JSON
// number (fromJSON) that overflows a long is returned as the string itself.
func deviceNumber(s string, fromJSON bool) any {
	if s == "" || strings.TrimSpace(s) != s {
		return nil
	}
	if strings.ContainsAny(s, "eE") {
		f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
		if err != nil {
			return nil
		}
		if f.IsInt() {
			if i, acc := f.Int64(); acc == big.Exact {
				return i
			}
			if fromJSON {
				return s
			}
		}
		v, _ := f.Float64()
		if math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	if strings.Contains(s, ".") {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return v
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return i
	}
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		if fromJSON {
			return s
		}
		return nil
	}
	return nil
}
