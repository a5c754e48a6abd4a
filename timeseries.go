package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// TimeseriesService reads, writes and deletes time series over REST. See Client.Timeseries.
type TimeseriesService service

// Aggregation is the function that reduces the points of each interval of a history
// query: NONE, MIN, MAX, AVG, SUM or COUNT.
type Aggregation string

// Aggregation functions.
const (
	AggNone  Aggregation = "NONE"
	AggMin   Aggregation = "MIN"
	AggMax   Aggregation = "MAX"
	AggAvg   Aggregation = "AVG"
	AggSum   Aggregation = "SUM"
	AggCount Aggregation = "COUNT"
)

// IntervalType selects fixed or calendar aggregation intervals: MILLISECONDS (fixed
// intervals of HistoryQuery.Interval), WEEK (starting on Sunday), WEEK_ISO (starting on
// Monday), MONTH or QUARTER, the calendar ones computed in HistoryQuery.TimeZone.
type IntervalType string

// Interval types.
const (
	IntervalMilliseconds IntervalType = "MILLISECONDS"
	IntervalWeek         IntervalType = "WEEK"
	IntervalWeekISO      IntervalType = "WEEK_ISO"
	IntervalMonth        IntervalType = "MONTH"
	IntervalQuarter      IntervalType = "QUARTER"
)

// TsPoint is one point of a time series. By default the server sends every value as a
// string ("21.5", "true", JSON as text); with strict data types it sends the stored
// type, and Value is then one of bool, string, int64, float64, json.Number (an integer
// beyond int64), map[string]any or []any. The accessors work for both forms. Value is
// nil for a requested key without data.
type TsPoint struct {
	// Ts is the epoch-millisecond timestamp.
	Ts    int64 `json:"ts"`
	Value any   `json:"value"`
}

// UnmarshalJSON decodes the server's {"ts","value"} form, keeping integers exact.
func (v *TsPoint) UnmarshalJSON(b []byte) error {
	var raw struct {
		Ts    int64           `json:"ts"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("thingsboard: time series value: %w", err)
	}
	val, err := decodeKVValue(raw.Value)
	if err != nil {
		return fmt.Errorf("thingsboard: time series value: %w", err)
	}
	*v = TsPoint{Ts: raw.Ts, Value: val}
	return nil
}

// Time returns Ts as a time.Time.
func (v TsPoint) Time() time.Time { return TimeOf(v.Ts) }

// String returns the value as text: a string as is, numbers and booleans in JSON
// notation, JSON values encoded, nil as "".
func (v TsPoint) String() string { return kvString(v.Value) }

// Float64 returns a numeric value, or a string holding a number, as a float64.
func (v TsPoint) Float64() (float64, error) { return kvFloat64(v.Value) }

// Int64 returns an integral value, or a string holding an integer, as an int64.
func (v TsPoint) Int64() (int64, error) { return kvInt64(v.Value) }

// Bool returns a boolean value, or the string "true" or "false", as a bool.
func (v TsPoint) Bool() (bool, error) { return kvBool(v.Value) }

// Decode stores the value in the value pointed to by dst, as json.Unmarshal would. A
// string holding JSON (the default form of JSON values) is decoded as that JSON.
func (v TsPoint) Decode(dst any) error { return kvDecode(v.Value, dst) }

// TelemetryPayload is the body of TimeseriesService.Save: TelemetryValues,
// TelemetryRecord or TelemetryRecords.
type TelemetryPayload interface {
	telemetryPayload() error
}

// TelemetryValues are values saved at the server's current time, sent as
// {"temperature":21.5,"on":true}. Strings holding numbers are stored as numbers by the
// server's default configuration. Nil values are refused (servers since 4.2 reject them).
type TelemetryValues map[string]any

// TelemetryRecord is values at one timestamp, sent as {"ts":...,"values":{...}}.
type TelemetryRecord struct {
	// Ts is the epoch-millisecond timestamp of the values; it may not be 0.
	Ts     int64          `json:"ts"`
	Values map[string]any `json:"values"`
}

// TelemetryRecords are several records, sent as a JSON array.
type TelemetryRecords []TelemetryRecord

func (v TelemetryValues) telemetryPayload() error {
	if err := checkTelemetryValues(v); err != nil {
		return err
	}
	_, ts := v["ts"]
	_, values := v["values"]
	if ts && values {
		return errors.New(`thingsboard: telemetry values with both "ts" and "values" keys would be read as a timestamped record; use TelemetryRecord`)
	}
	return nil
}

func (r TelemetryRecord) telemetryPayload() error {
	if r.Ts == 0 {
		return errors.New("thingsboard: telemetry record without a timestamp (use TelemetryValues for the server's time)")
	}
	return checkTelemetryValues(r.Values)
}

func (rs TelemetryRecords) telemetryPayload() error {
	if len(rs) == 0 {
		return errors.New("thingsboard: no telemetry records to save")
	}
	for i, r := range rs {
		if err := r.telemetryPayload(); err != nil {
			return fmt.Errorf("%w (record %d)", err, i)
		}
	}
	return nil
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func checkTelemetryValues(m map[string]any) error {
	if len(m) == 0 {
		return errors.New("thingsboard: no telemetry values to save")
	}
	for k, v := range m {
		if strings.TrimSpace(k) == "" {
			return errors.New("thingsboard: blank telemetry key")
		}
		if v == nil {
			return fmt.Errorf("thingsboard: telemetry key %q has a nil value, which the server refuses", k)
		}
	}
	return nil
}

// Keys returns the time series keys of the entity (the keys with a latest value).
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/keys/timeseries
func (s *TimeseriesService) Keys(ctx context.Context, id EntityID) ([]string, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	var keys []string
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/keys/timeseries", string(id.EntityType), id.ID), nil, nil, &keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// LatestQuery selects latest values.
type LatestQuery struct {
	// Keys are the keys to read; none reads every key of the entity.
	Keys []string
	// UseStrictDataTypes asks for typed values instead of strings.
	UseStrictDataTypes bool
}

// Latest returns the latest value of each time series key of the entity, keyed by
// time series key. A requested key without data may be present with a nil Value.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/values/timeseries
func (s *TimeseriesService) Latest(ctx context.Context, id EntityID, q LatestQuery) (map[string]TsPoint, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	v, err := keysQuery(q.Keys, false)
	if err != nil {
		return nil, err
	}
	if q.UseStrictDataTypes {
		if v == nil {
			v = url.Values{}
		}
		v.Set("useStrictDataTypes", "true")
	}
	var raw map[string][]TsPoint
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/values/timeseries", string(id.EntityType), id.ID), v, nil, &raw); err != nil {
		return nil, err
	}
	out := make(map[string]TsPoint, len(raw))
	for k, vals := range raw {
		if len(vals) > 0 {
			out[k] = vals[0]
		}
	}
	return out, nil
}

// HistoryQuery selects a range of time series data.
type HistoryQuery struct {
	// Keys are the keys to read; at least one is required.
	Keys []string
	// StartTs and EndTs bound the range, in epoch milliseconds.
	StartTs, EndTs int64
	// Agg reduces the points of each interval; empty means AggNone (raw points).
	Agg Aggregation
	// Interval is the aggregation interval in milliseconds, for IntervalMilliseconds.
	Interval int64
	// IntervalType selects calendar intervals; empty means fixed intervals of Interval.
	IntervalType IntervalType
	// TimeZone is the IANA zone of calendar intervals, such as "Europe/Kyiv".
	TimeZone string
	// Limit caps the number of raw points per key (server default 100); it applies
	// when Agg is AggNone.
	Limit int
	// OrderBy orders the points by time: ASC or DESC (server default DESC).
	OrderBy SortOrder
	// UseStrictDataTypes asks for typed values instead of strings.
	UseStrictDataTypes bool
}

func (q HistoryQuery) values() (url.Values, error) {
	v, err := keysQuery(q.Keys, true)
	if err != nil {
		return nil, err
	}
	if q.EndTs < q.StartTs {
		return nil, fmt.Errorf("thingsboard: history range ends (%d) before it starts (%d)", q.EndTs, q.StartTs)
	}
	if q.Interval < 0 || q.Limit < 0 {
		return nil, errors.New("thingsboard: negative history interval or limit")
	}
	v.Set("startTs", strconv.FormatInt(q.StartTs, 10))
	v.Set("endTs", strconv.FormatInt(q.EndTs, 10))
	if q.Agg != "" {
		v.Set("agg", string(q.Agg))
	}
	if q.Interval != 0 {
		v.Set("interval", strconv.FormatInt(q.Interval, 10))
	}
	if q.IntervalType != "" {
		v.Set("intervalType", string(q.IntervalType))
	}
	if q.TimeZone != "" {
		v.Set("timeZone", q.TimeZone)
	}
	if q.Limit != 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.OrderBy != "" {
		v.Set("orderBy", string(q.OrderBy))
	}
	if q.UseStrictDataTypes {
		v.Set("useStrictDataTypes", "true")
	}
	return v, nil
}

// History returns the points of the selected keys between q.StartTs and q.EndTs,
// aggregated when q.Agg is set, keyed by time series key. Keys without data in the
// range are absent. It uses the query form of the values path that every server
// version serves.
//
//tb:operation GET /api/plugins/telemetry/{entityType}/{entityId}/values/timeseries
func (s *TimeseriesService) History(ctx context.Context, id EntityID, q HistoryQuery) (map[string][]TsPoint, error) {
	if err := checkEntityID("id", id); err != nil {
		return nil, err
	}
	v, err := q.values()
	if err != nil {
		return nil, err
	}
	out := map[string][]TsPoint{}
	if err := s.client.do(ctx, http.MethodGet, pathf("/api/plugins/telemetry/%s/%s/values/timeseries", string(id.EntityType), id.ID), v, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveTimeseriesOptions are the optional parts of TimeseriesService.Save.
type SaveTimeseriesOptions struct {
	// Scope is the path's scope segment, which the server ignores; empty means "ANY".
	Scope string
	// TTL is how long the data is kept (whole seconds; honoured by Cassandra storage).
	// Zero uses the tenant profile's default.
	TTL time.Duration
}

// Save stores time series data for the entity: TelemetryValues at the server's time,
// a TelemetryRecord, or TelemetryRecords. opts may be nil.
//
//tb:operation POST /api/plugins/telemetry/{entityType}/{entityId}/timeseries/{scope}
//tb:operation POST /api/plugins/telemetry/{entityType}/{entityId}/timeseries/{scope}/{ttl}
func (s *TimeseriesService) Save(ctx context.Context, id EntityID, data TelemetryPayload, opts *SaveTimeseriesOptions) error {
	if err := checkEntityID("id", id); err != nil {
		return err
	}
	if data == nil || isNilPointer(data) {
		return errors.New("thingsboard: nil telemetry data")
	}
	if err := data.telemetryPayload(); err != nil {
		return err
	}
	scope, ttl := "ANY", time.Duration(0)
	if opts != nil {
		if strings.TrimSpace(opts.Scope) != "" {
			scope = opts.Scope
		}
		ttl = opts.TTL
	}
	if ttl < 0 || (ttl > 0 && ttl < time.Second) {
		return fmt.Errorf("thingsboard: telemetry TTL %v is not a positive number of seconds", ttl)
	}
	path := pathf("/api/plugins/telemetry/%s/%s/timeseries/%s", string(id.EntityType), id.ID, scope)
	if ttl > 0 {
		path += "/" + strconv.FormatInt(int64(ttl/time.Second), 10)
	}
	return s.client.do(ctx, http.MethodPost, path, nil, data, nil)
}

// DeleteTimeseriesOptions select what TimeseriesService.Delete removes.
type DeleteTimeseriesOptions struct {
	// DeleteAllDataForKeys removes every point of the keys; otherwise the points
	// between StartTs and EndTs (epoch milliseconds) are removed.
	DeleteAllDataForKeys bool
	StartTs, EndTs       int64
	// KeepLatest keeps the latest values even when their timestamps fall in the range
	// (the server's deleteLatest=false).
	KeepLatest bool
	// RewriteLatestIfDeleted replaces a deleted latest value with the newest point
	// left before the range.
	RewriteLatestIfDeleted bool
}

// Delete removes time series data of the given keys, all of it or a time range.
//
//tb:operation DELETE /api/plugins/telemetry/{entityType}/{entityId}/timeseries/delete
func (s *TimeseriesService) Delete(ctx context.Context, id EntityID, keys []string, opts DeleteTimeseriesOptions) error {
	if err := checkEntityID("id", id); err != nil {
		return err
	}
	v, err := keysQuery(keys, true)
	if err != nil {
		return err
	}
	if opts.DeleteAllDataForKeys {
		v.Set("deleteAllDataForKeys", "true")
	} else {
		if opts.EndTs <= 0 || opts.EndTs < opts.StartTs {
			return fmt.Errorf("thingsboard: delete range [%d, %d] is empty; set StartTs and EndTs or DeleteAllDataForKeys", opts.StartTs, opts.EndTs)
		}
		v.Set("startTs", strconv.FormatInt(opts.StartTs, 10))
		v.Set("endTs", strconv.FormatInt(opts.EndTs, 10))
	}
	if opts.KeepLatest {
		v.Set("deleteLatest", "false")
	}
	if opts.RewriteLatestIfDeleted {
		v.Set("rewriteLatestIfDeleted", "true")
	}
	return s.client.do(ctx, http.MethodDelete, pathf("/api/plugins/telemetry/%s/%s/timeseries/delete", string(id.EntityType), id.ID), v, nil, nil)
}
