package thingsboard

import (
	"encoding/json"
	"reflect"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// Written from the server's KeyFilterPredicate subtypes (OpenAPI StringFilterPredicate,
// NumericFilterPredicate, BooleanFilterPredicate, ComplexFilterPredicate and
// FilterPredicateValue*), in the form the server writes them (userValue and dynamicValue
// are null when unset).
var predicateCases = []struct {
	name string
	json string
	want KeyFilterPredicate
}{
	{"STRING", `{"type":"STRING","operation":"STARTS_WITH","value":{"defaultValue":"Air","userValue":null,"dynamicValue":null},"ignoreCase":true}`,
		&StringFilterPredicate{Operation: StringStartsWith, Value: PredicateValue("Air"), IgnoreCase: true}},
	{"STRING user value", `{"type":"STRING","operation":"IN","value":{"defaultValue":"","userValue":"a,b","dynamicValue":null},"ignoreCase":false}`,
		&StringFilterPredicate{Operation: StringIn, Value: FilterPredicateValue[string]{UserValue: ptr("a,b")}}},
	{"NUMERIC", `{"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":20,"userValue":null,"dynamicValue":null}}`,
		&NumericFilterPredicate{Operation: NumericGreater, Value: PredicateValue(20.0)}},
	{"NUMERIC fraction", `{"type":"NUMERIC","operation":"LESS_OR_EQUAL","value":{"defaultValue":-0.5,"userValue":2.25,"dynamicValue":null}}`,
		&NumericFilterPredicate{Operation: NumericLessOrEqual, Value: FilterPredicateValue[float64]{DefaultValue: -0.5, UserValue: ptr(2.25)}}},
	{"NUMERIC dynamic", `{"type":"NUMERIC","operation":"GREATER_OR_EQUAL","value":{"defaultValue":0,"userValue":null,
		"dynamicValue":{"sourceType":"CURRENT_CUSTOMER","sourceAttribute":"temperatureThreshold","inherit":true}}}`,
		&NumericFilterPredicate{Operation: NumericGreaterOrEqual, Value: FilterPredicateValue[float64]{
			DynamicValue: &DynamicValue{SourceType: SourceCurrentCustomer, SourceAttribute: "temperatureThreshold", Inherit: true}}}},
	{"BOOLEAN", `{"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true,"userValue":null,"dynamicValue":null}}`,
		&BooleanFilterPredicate{Operation: BooleanEqual, Value: PredicateValue(true)}},
	{"BOOLEAN dynamic", `{"type":"BOOLEAN","operation":"NOT_EQUAL","value":{"defaultValue":false,"userValue":null,
		"dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"enabled","inherit":false}}}`,
		&BooleanFilterPredicate{Operation: BooleanNotEqual, Value: FilterPredicateValue[bool]{
			DynamicValue: &DynamicValue{SourceType: SourceCurrentDevice, SourceAttribute: "enabled"}}}},
	{"COMPLEX nested", `{"type":"COMPLEX","operation":"OR","predicates":[
		{"type":"NUMERIC","operation":"LESS","value":{"defaultValue":10,"userValue":null,"dynamicValue":null}},
		{"type":"COMPLEX","operation":"AND","predicates":[
			{"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":50,"userValue":null,"dynamicValue":null}},
			{"type":"STRING","operation":"NOT_CONTAINS","value":{"defaultValue":"test","userValue":null,
				"dynamicValue":{"sourceType":"CURRENT_TENANT","sourceAttribute":"word","inherit":false}},"ignoreCase":false}]}]}`,
		&ComplexFilterPredicate{Operation: ComplexOr, Predicates: []KeyFilterPredicate{
			&NumericFilterPredicate{Operation: NumericLess, Value: PredicateValue(10.0)},
			&ComplexFilterPredicate{Operation: ComplexAnd, Predicates: []KeyFilterPredicate{
				&NumericFilterPredicate{Operation: NumericGreater, Value: PredicateValue(50.0)},
				&StringFilterPredicate{Operation: StringNotContains, Value: FilterPredicateValue[string]{DefaultValue: "test",
					DynamicValue: &DynamicValue{SourceType: SourceCurrentTenant, SourceAttribute: "word"}}},
			}},
		}}},
	{"COMPLEX empty", `{"type":"COMPLEX","operation":"AND","predicates":[]}`,
		&ComplexFilterPredicate{Operation: ComplexAnd, Predicates: []KeyFilterPredicate{}}},
}

func TestPredicatesRoundTrip(t *testing.T) {
	for _, tc := range predicateCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnmarshalKeyFilterPredicate([]byte(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decoded %#v, want %#v", got, tc.want)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "re-encoded", b, tc.json)
			b, err = json.Marshal(reflect.ValueOf(tc.want).Elem().Interface())
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "encoded value", b, tc.json)
		})
	}
}

func TestKeyFilterRoundTrip(t *testing.T) {
	// The count example of the server's API documentation.
	in := `{"key":{"type":"ATTRIBUTE","key":"active"},"valueType":"BOOLEAN",
		"predicate":{"operation":"EQUAL","value":{"defaultValue":true,"dynamicValue":null},"type":"BOOLEAN"}}`
	var kf KeyFilter
	if err := json.Unmarshal([]byte(in), &kf); err != nil {
		t.Fatal(err)
	}
	want := KeyFilter{Key: AttributeKey("active"), ValueType: ValueTypeBoolean,
		Predicate: &BooleanFilterPredicate{Operation: BooleanEqual, Value: PredicateValue(true)}}
	if !reflect.DeepEqual(kf, want) {
		t.Fatalf("decoded %#v", kf)
	}
	b, _ := json.Marshal(want)
	sameJSON(t, "key filter", b, `{"key":{"type":"ATTRIBUTE","key":"active"},"valueType":"BOOLEAN",
		"predicate":{"type":"BOOLEAN","operation":"EQUAL","value":{"defaultValue":true,"userValue":null,"dynamicValue":null}}}`)
}

func TestUnknownPredicateRoundTrips(t *testing.T) {
	in := `{"type":"REGEX","operation":"MATCHES","value":{"defaultValue":"^a.*$"}}`
	p, err := UnmarshalKeyFilterPredicate([]byte(`{ "type" : "REGEX", "operation":"MATCHES", "value":{"defaultValue":"^a.*$"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := p.(*UnknownPredicate); !ok || u.PredicateType() != "REGEX" {
		t.Fatalf("decoded %#v", p)
	}
	c := ComplexFilterPredicate{Operation: ComplexAnd, Predicates: []KeyFilterPredicate{p}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"COMPLEX","operation":"AND","predicates":[` + in + `]}`; string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
}

func TestPredicateDecodeErrors(t *testing.T) {
	for _, in := range []string{`{"operation":"EQUAL"}`, `{"type":"NUMERIC","value":{"defaultValue":"x"}}`,
		`{"type":"COMPLEX","operation":"OR","predicates":[{"operation":"EQUAL"}]}`} {
		if p, err := UnmarshalKeyFilterPredicate([]byte(in)); err == nil {
			t.Errorf("%s: decoded %#v, want an error", in, p)
		}
	}
	var kf KeyFilter
	if err := json.Unmarshal([]byte(`{"key":{"type":"TIME_SERIES","key":"t"},"predicate":{"type":"NUMERIC","operation":5}}`), &kf); err == nil {
		t.Error("bad predicate decoded without error")
	}
}
