package emulator

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

func TestNumericValueTyping(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"42", int64(42)},
		{"-7", int64(-7)},
		{"42.0", 42.0},
		{"21.5", 21.5},
		{"4.2e1", int64(42)}, // integral in exponent notation: a long
		{"4.25e1", 42.5},     // fractional: a double
		{"1E3", int64(1000)}, // upper-case exponent
		{"0", int64(0)},      // zero
		{"-0", int64(0)},     // negative zero is the long 0
		{"0.0", 0.0},         // a plain decimal point makes a double
		{".5", 0.5},          // a parsable string without integer part
		{"9223372036854775807", int64(math.MaxInt64)},
		{"9223372036854775808", "9223372036854775808"}, // beyond long: a string
		{"1e30", "1000000000000000000000000000000"},
		{"-1e19", "-10000000000000000000"},
		{"0.1234567890123456", 0.1234567890123456},     // 16 decimals: a double
		{"0.12345678901234567", "0.12345678901234567"}, // 17: a string
		{"1.5e-20", "0.000000000000000000015"},
		{"1.0000000000000000000", "1.0000000000000000000"},
	}
	for _, tt := range tests {
		if got := numericValue(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("numericValue(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestIsParsable(t *testing.T) {
	for s, want := range map[string]bool{
		"42": true, "-4.5": true, ".5": true, "0": true,
		"": false, "-": false, "4.": false, "1e5": false, "+5": false, " 42": false, "1.2.3": false, "0x10": false, "NaN": false,
	} {
		if got := isParsable(s); got != want {
			t.Errorf("isParsable(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseValues(t *testing.T) {
	obj, ok := tmParseObject([]byte(`{"s":"text","n":"12","b":false,"d":1.25,"j":{"x": [1, 2]},"a":[],"s":"last"}`))
	if !ok {
		t.Fatal("not an object")
	}
	kvs, err := tmParseValues(obj)
	if err != nil {
		t.Fatal(err)
	}
	want := []kv{
		{"s", "last"}, // a repeated key keeps its first position and its last value
		{"n", int64(12)},
		{"b", false},
		{"d", 1.25},
		{"j", json.RawMessage(`{"x":[1,2]}`)},
		{"a", json.RawMessage(`[]`)},
	}
	if !reflect.DeepEqual(kvs, want) {
		t.Errorf("tmParseValues = %#v, want %#v", kvs, want)
	}
	if _, err := tmParseValues([]rawMember{{"k", json.RawMessage(`null`)}}); err == nil || err.Error() != "Can't parse value: null" {
		t.Errorf("null: %v", err)
	}
}

func TestParseTelemetryForms(t *testing.T) {
	entries, err := parseTelemetry([]byte(`[{"ts":5,"values":{"a":1}},{"b":"x"},{"ts":"7","values":{"c":true}},{"ts":8.9,"values":{"d":2}}]`), 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []TsEntry{
		{Key: "a", TsPoint: TsPoint{Ts: 5, Value: int64(1)}},
		{Key: "b", TsPoint: TsPoint{Ts: 100, Value: "x"}},
		{Key: "c", TsPoint: TsPoint{Ts: 7, Value: true}},
		{Key: "d", TsPoint: TsPoint{Ts: 8, Value: int64(2)}},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("entries = %+v, want %+v", entries, want)
	}
	// An object with only one of "ts" and "values" is plain values.
	entries, err = parseTelemetry([]byte(`{"ts":5,"v":1}`), 100)
	if err != nil || len(entries) != 2 || entries[0].Ts != 100 || entries[0].Key != "ts" {
		t.Errorf("ts without values: %+v, %v", entries, err)
	}
}

func TestJavaDouble(t *testing.T) {
	tenth := 0.1
	for f, want := range map[float64]string{
		21.5: "21.5", 42: "42.0", -3: "-3.0", 0.001: "0.001", 1e-4: "1.0E-4", 1e7: "1.0E7",
		1234567.5: "1234567.5", 12345678.9: "1.23456789E7", 1.5e-10: "1.5E-10", 0: "0.0",
		math.Inf(1): "Infinity", tenth + 0.2: "0.30000000000000004",
	} {
		if got := javaDouble(f); got != want {
			t.Errorf("javaDouble(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestValueEncoding(t *testing.T) {
	tests := []struct {
		v             any
		strict, loose string
	}{
		{"a<b", `"a<b"`, `"a<b"`},
		{true, `true`, `"true"`},
		{int64(-5), `-5`, `"-5"`},
		{2.0, `2.0`, `"2.0"`},
		{json.RawMessage(`{"b":1.50,"a":[1e2,3]}`), `{"b":1.5,"a":[100.0,3]}`, `"{\"b\":1.50,\"a\":[1e2,3]}"`},
		{nil, `null`, `null`},
	}
	for _, tt := range tests {
		if got := string(appendKVValue(nil, tt.v, true)); got != tt.strict {
			t.Errorf("strict %v = %s, want %s", tt.v, got, tt.strict)
		}
		if got := string(appendKVValue(nil, tt.v, false)); got != tt.loose {
			t.Errorf("loose %v = %s, want %s", tt.v, got, tt.loose)
		}
	}
}

func TestAggregateMixedTypes(t *testing.T) {
	pts := func(vs ...any) []TsPoint {
		out := make([]TsPoint, len(vs))
		for i, v := range vs {
			out[i] = TsPoint{Ts: int64(i), Value: v}
		}
		return out
	}
	tests := []struct {
		agg  string
		in   []TsPoint
		want any
		ok   bool
	}{
		{"AVG", pts(int64(1), int64(2)), 1.5, true},
		{"AVG", pts(true, "x"), 0.0, true},
		{"SUM", pts(int64(1), int64(2)), int64(3), true},
		{"SUM", pts(int64(1), 0.5, "x"), 1.5, true},
		{"MAX", pts(int64(3), 2.5), 3.0, true},
		{"MIN", pts(int64(3), 2.5), 2.5, true},
		{"MAX", pts("b", "c", "a"), "c", true},
		{"MIN", pts(true, false), nil, false},
		{"COUNT", pts(int64(1), true, "s"), int64(1), true},
		{"COUNT", pts(int64(1), "s", "t"), int64(2), true},
		{"COUNT", pts(int64(1), json.RawMessage(`{}`)), int64(1), true},
		{"COUNT", pts(int64(1), 2.0), int64(2), true},
		{"SUM", nil, nil, false},
	}
	for _, tt := range tests {
		got, ok := tmAggregate(tt.agg, tt.in)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %v = %#v %v, want %#v %v", tt.agg, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCalendarIntervalEnd(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	at := func(loc *time.Location, s string) int64 {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	tests := []struct {
		typ   string
		loc   *time.Location
		start string
		end   string
	}{
		{"WEEK", time.UTC, "2024-05-15 10:00", "2024-05-19 00:00"},     // Wednesday → Sunday
		{"WEEK", time.UTC, "2024-05-19 00:00", "2024-05-26 00:00"},     // Sunday → next Sunday
		{"WEEK_ISO", time.UTC, "2024-05-19 10:00", "2024-05-20 00:00"}, // Sunday → Monday
		{"WEEK_ISO", time.UTC, "2024-05-20 00:00", "2024-05-27 00:00"},
		{"MONTH", kyiv, "2024-01-31 23:30", "2024-02-01 00:00"},
		{"QUARTER", kyiv, "2024-03-05 12:00", "2024-04-01 00:00"},
		{"QUARTER", time.UTC, "2024-11-05 12:00", "2025-01-01 00:00"},
	}
	for _, tt := range tests {
		if got, want := calendarIntervalEnd(at(tt.loc, tt.start), tt.typ, tt.loc), at(tt.loc, tt.end); got != want {
			t.Errorf("%s from %s = %v, want %v", tt.typ, tt.start, time.UnixMilli(got).In(tt.loc), time.UnixMilli(want).In(tt.loc))
		}
	}
}

func TestRequestKeys(t *testing.T) {
	for query, want := range map[string][]string{
		"keys=a,b":           {"a", "b"},
		"keys=a,,b,,":        {"a", "", "b"}, // Java's split drops trailing empty strings only
		"keys=,":             nil,
		"":                   nil,
		"keys=a&keys=b":      {"a", "b"},
		"key=x&key=y&keys=z": {"x", "y"}, // the repeatable form wins
	} {
		r := httptest.NewRequest("GET", "/x?"+query, nil)
		if got := tmKeys(r); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, want %#v", query, got, want)
		}
	}
}
