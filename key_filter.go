package thingsboard

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// EntityKeyValueType is how a key filter compares a value: as a string, a number, a
// boolean or a date-time (epoch milliseconds, compared as a number).
type EntityKeyValueType string

// Key filter value types.
const (
	ValueTypeString   EntityKeyValueType = "STRING"
	ValueTypeNumeric  EntityKeyValueType = "NUMERIC"
	ValueTypeBoolean  EntityKeyValueType = "BOOLEAN"
	ValueTypeDateTime EntityKeyValueType = "DATE_TIME"
)

// KeyFilter keeps the entities whose value of Key satisfies Predicate.
type KeyFilter struct {
	Key       EntityKey          `json:"key"`
	ValueType EntityKeyValueType `json:"valueType"`
	Predicate KeyFilterPredicate `json:"predicate"`
}

// UnmarshalJSON decodes the predicate by its type.
func (k *KeyFilter) UnmarshalJSON(b []byte) error {
	var aux struct {
		Key       EntityKey          `json:"key"`
		ValueType EntityKeyValueType `json:"valueType"`
		Predicate json.RawMessage    `json:"predicate"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	var p KeyFilterPredicate
	if len(aux.Predicate) > 0 && string(aux.Predicate) != "null" {
		var err error
		if p, err = UnmarshalKeyFilterPredicate(aux.Predicate); err != nil {
			return err
		}
	}
	*k = KeyFilter{Key: aux.Key, ValueType: aux.ValueType, Predicate: p}
	return nil
}

// FilterPredicateType is the "type" discriminator of a key filter predicate.
type FilterPredicateType string

// Predicate types.
const (
	PredicateString  FilterPredicateType = "STRING"
	PredicateNumeric FilterPredicateType = "NUMERIC"
	PredicateBoolean FilterPredicateType = "BOOLEAN"
	PredicateComplex FilterPredicateType = "COMPLEX"
)

// KeyFilterPredicate is the test of a KeyFilter: *StringFilterPredicate,
// *NumericFilterPredicate, *BooleanFilterPredicate, *ComplexFilterPredicate (values work
// too), or an UnknownPredicate decoded from a newer server.
type KeyFilterPredicate interface {
	// PredicateType returns the predicate's "type" discriminator.
	PredicateType() FilterPredicateType
}

// DynamicValueSourceType names where a dynamic predicate value is read from.
type DynamicValueSourceType string

// Dynamic value sources.
const (
	SourceCurrentTenant   DynamicValueSourceType = "CURRENT_TENANT"
	SourceCurrentCustomer DynamicValueSourceType = "CURRENT_CUSTOMER"
	SourceCurrentUser     DynamicValueSourceType = "CURRENT_USER"
	SourceCurrentDevice   DynamicValueSourceType = "CURRENT_DEVICE"
)

// DynamicValue takes a predicate's value from an attribute of the current tenant,
// customer, user or device; Inherit looks further up the owner hierarchy.
type DynamicValue struct {
	SourceType      DynamicValueSourceType `json:"sourceType"`
	SourceAttribute string                 `json:"sourceAttribute"`
	Inherit         bool                   `json:"inherit"`
}

// FilterPredicateValue is a predicate's operand: UserValue when set, else the resolved
// DynamicValue, else DefaultValue.
type FilterPredicateValue[T any] struct {
	DefaultValue T             `json:"defaultValue"`
	UserValue    *T            `json:"userValue"`
	DynamicValue *DynamicValue `json:"dynamicValue"`
}

// PredicateValue returns a constant operand.
func PredicateValue[T any](v T) FilterPredicateValue[T] {
	return FilterPredicateValue[T]{DefaultValue: v}
}

// StringOperation is the comparison of a StringFilterPredicate.
type StringOperation string

// String operations. IN and NOT_IN take a comma-separated list.
const (
	StringEqual       StringOperation = "EQUAL"
	StringNotEqual    StringOperation = "NOT_EQUAL"
	StringStartsWith  StringOperation = "STARTS_WITH"
	StringEndsWith    StringOperation = "ENDS_WITH"
	StringContains    StringOperation = "CONTAINS"
	StringNotContains StringOperation = "NOT_CONTAINS"
	StringIn          StringOperation = "IN"
	StringNotIn       StringOperation = "NOT_IN"
)

// NumericOperation is the comparison of a NumericFilterPredicate.
type NumericOperation string

// Numeric operations.
const (
	NumericEqual          NumericOperation = "EQUAL"
	NumericNotEqual       NumericOperation = "NOT_EQUAL"
	NumericGreater        NumericOperation = "GREATER"
	NumericLess           NumericOperation = "LESS"
	NumericGreaterOrEqual NumericOperation = "GREATER_OR_EQUAL"
	NumericLessOrEqual    NumericOperation = "LESS_OR_EQUAL"
)

// BooleanOperation is the comparison of a BooleanFilterPredicate.
type BooleanOperation string

// Boolean operations.
const (
	BooleanEqual    BooleanOperation = "EQUAL"
	BooleanNotEqual BooleanOperation = "NOT_EQUAL"
)

// ComplexOperation combines the predicates of a ComplexFilterPredicate.
type ComplexOperation string

// Complex operations.
const (
	ComplexAnd ComplexOperation = "AND"
	ComplexOr  ComplexOperation = "OR"
)

// StringFilterPredicate compares a value as a string.
type StringFilterPredicate struct {
	Operation  StringOperation              `json:"operation"`
	Value      FilterPredicateValue[string] `json:"value"`
	IgnoreCase bool                         `json:"ignoreCase"`
}

// PredicateType returns "STRING".
func (StringFilterPredicate) PredicateType() FilterPredicateType { return PredicateString }

// MarshalJSON writes the predicate with its type.
func (p StringFilterPredicate) MarshalJSON() ([]byte, error) {
	type plain StringFilterPredicate
	return marshalWithType(string(PredicateString), plain(p))
}

// NumericFilterPredicate compares a value as a number.
type NumericFilterPredicate struct {
	Operation NumericOperation              `json:"operation"`
	Value     FilterPredicateValue[float64] `json:"value"`
}

// PredicateType returns "NUMERIC".
func (NumericFilterPredicate) PredicateType() FilterPredicateType { return PredicateNumeric }

// MarshalJSON writes the predicate with its type.
func (p NumericFilterPredicate) MarshalJSON() ([]byte, error) {
	type plain NumericFilterPredicate
	return marshalWithType(string(PredicateNumeric), plain(p))
}

// BooleanFilterPredicate compares a value as a boolean.
type BooleanFilterPredicate struct {
	Operation BooleanOperation           `json:"operation"`
	Value     FilterPredicateValue[bool] `json:"value"`
}

// PredicateType returns "BOOLEAN".
func (BooleanFilterPredicate) PredicateType() FilterPredicateType { return PredicateBoolean }

// MarshalJSON writes the predicate with its type.
func (p BooleanFilterPredicate) MarshalJSON() ([]byte, error) {
	type plain BooleanFilterPredicate
	return marshalWithType(string(PredicateBoolean), plain(p))
}

// ComplexFilterPredicate combines nested predicates with AND or OR.
type ComplexFilterPredicate struct {
	Operation  ComplexOperation     `json:"operation"`
	Predicates []KeyFilterPredicate `json:"predicates"`
}

// PredicateType returns "COMPLEX".
func (ComplexFilterPredicate) PredicateType() FilterPredicateType { return PredicateComplex }

// MarshalJSON writes the predicate with its type.
func (p ComplexFilterPredicate) MarshalJSON() ([]byte, error) {
	type plain ComplexFilterPredicate
	q := plain(p)
	q.Predicates = nonNil(q.Predicates)
	return marshalWithType(string(PredicateComplex), q)
}

// UnmarshalJSON decodes the nested predicates by their types.
func (p *ComplexFilterPredicate) UnmarshalJSON(b []byte) error {
	var aux struct {
		Operation  ComplexOperation  `json:"operation"`
		Predicates []json.RawMessage `json:"predicates"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	out := ComplexFilterPredicate{Operation: aux.Operation}
	if aux.Predicates != nil {
		out.Predicates = make([]KeyFilterPredicate, 0, len(aux.Predicates))
	}
	for _, raw := range aux.Predicates {
		q, err := UnmarshalKeyFilterPredicate(raw)
		if err != nil {
			return err
		}
		out.Predicates = append(out.Predicates, q)
	}
	*p = out
	return nil
}

// UnknownPredicate is a predicate of a type this package does not know. It keeps the
// predicate's JSON and encodes back to it unchanged.
type UnknownPredicate struct {
	Type string
	Raw  json.RawMessage
}

// PredicateType returns the predicate's type.
func (p UnknownPredicate) PredicateType() FilterPredicateType { return FilterPredicateType(p.Type) }

// MarshalJSON returns the predicate's original JSON.
func (p UnknownPredicate) MarshalJSON() ([]byte, error) {
	if len(p.Raw) == 0 {
		return marshalWithType(p.Type, struct{}{})
	}
	return p.Raw, nil
}

// UnmarshalKeyFilterPredicate decodes a predicate by its "type" member into a pointer to
// the matching predicate type, or into *UnknownPredicate.
func UnmarshalKeyFilterPredicate(data []byte) (KeyFilterPredicate, error) {
	typ, err := peekType(data)
	if err != nil {
		return nil, fmt.Errorf("thingsboard: key filter predicate: %w", err)
	}
	var p KeyFilterPredicate
	switch FilterPredicateType(typ) {
	case PredicateString:
		p = new(StringFilterPredicate)
	case PredicateNumeric:
		p = new(NumericFilterPredicate)
	case PredicateBoolean:
		p = new(BooleanFilterPredicate)
	case PredicateComplex:
		p = new(ComplexFilterPredicate)
	default:
		var buf bytes.Buffer
		if err := json.Compact(&buf, data); err != nil {
			return nil, fmt.Errorf("thingsboard: key filter predicate: %w", err)
		}
		return &UnknownPredicate{Type: typ, Raw: buf.Bytes()}, nil
	}
	if err := json.Unmarshal(data, p); err != nil {
		return nil, fmt.Errorf("thingsboard: key filter predicate %q: %w", typ, err)
	}
	return p, nil
}
