package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// MaxTextLen caps keys, ids and string attributes, in bytes.
const MaxTextLen = 4096

// Event is one validated event: its values in Schema.Columns order, ready
// to bind, and its id (nil without an id column).
type Event struct {
	Values []any
	ID     any
}

// FieldError says what is wrong with one field of one event of a batch.
// Field is "" for the object as a whole.
type FieldError struct {
	Index   int    `json:"index"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Decode validates every object of a batch. It returns the events, or
// every problem found (a batch is accepted whole or rejected whole).
// Objects must have been decoded with json.Decoder.UseNumber.
func (s *Schema) Decode(objs []map[string]any) ([]Event, []FieldError) {
	events := make([]Event, 0, len(objs))
	var errs []FieldError
	for i, obj := range objs {
		ev, bad := s.decodeOne(i, obj)
		errs = append(errs, bad...)
		if len(bad) == 0 {
			events = append(events, ev)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return events, nil
}

// decodeOne validates one object.
func (s *Schema) decodeOne(i int, obj map[string]any) (Event, []FieldError) {
	if obj == nil {
		return Event{}, []FieldError{{Index: i, Message: "an event must be a JSON object"}}
	}
	var errs []FieldError
	ev := Event{Values: make([]any, len(s.Columns))}
	for j, c := range s.Columns {
		v, err := s.value(c, obj[c.Name])
		if err != nil {
			errs = append(errs, FieldError{Index: i, Field: c.Name, Message: err.Error()})
			continue
		}
		ev.Values[j] = v
		if c.Role == RoleID {
			ev.ID = v
		}
	}
	return ev, append(errs, s.unknownFields(i, obj)...)
}

// unknownFields reports fields the log does not declare, in name order.
func (s *Schema) unknownFields(i int, obj map[string]any) []FieldError {
	var names []string
	for name := range obj {
		if !s.declares(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	errs := make([]FieldError, len(names))
	for k, name := range names {
		errs[k] = FieldError{Index: i, Field: name, Message: fmt.Sprintf("event log %s declares no column %q", s.Log.Name, name)}
	}
	return errs
}

func (s *Schema) declares(name string) bool {
	for _, c := range s.Columns {
		if c.Name == name {
			return true
		}
	}
	return false
}

// value converts one JSON value to what is stored for column c.
func (s *Schema) value(c Column, raw any) (any, error) {
	if raw == nil {
		return nil, nullError(c)
	}
	switch c.Role {
	case RoleKey:
		return keyValue(c.Type.Kind, raw)
	case RoleTime:
		return s.timeValue(raw)
	case RoleID:
		return idValue(raw)
	}
	return attrValue(c.Type.Kind, raw)
}

// nullError is nil for a nullable attribute and says what is required
// otherwise.
func nullError(c Column) error {
	switch {
	case c.Role == RoleKey:
		return fmt.Errorf("the entity key is required")
	case c.Role == RoleTime:
		return fmt.Errorf("the event time is required: RFC 3339 text, \"YYYY-MM-DD HH:MM:SS\" or Unix seconds")
	case c.Role == RoleID:
		return fmt.Errorf("the event id is required: the log declares an id column, which makes resending safe")
	case !c.Type.Nullable:
		return fmt.Errorf("required: the column is declared %s, not %s?", c.Type.Kind, c.Type.Kind)
	}
	return nil
}

// keyValue checks an entity key against the declared key type.
func keyValue(k types.Kind, raw any) (any, error) {
	if k == types.Int {
		n, err := intOf(raw)
		if err != nil {
			return nil, fmt.Errorf("the entity key must be an integer: %v", err)
		}
		return n, nil
	}
	return textOf(raw, "the entity key")
}

// idValue accepts a non-empty string or an integer.
func idValue(raw any) (any, error) {
	if _, ok := raw.(json.Number); ok {
		n, err := intOf(raw)
		if err != nil {
			return nil, fmt.Errorf("the event id must be a string or an integer: %v", err)
		}
		return n, nil
	}
	return textOf(raw, "the event id")
}

// textOf accepts a non-empty, valid UTF-8 string of at most MaxTextLen bytes.
func textOf(raw any, what string) (string, error) {
	str, ok := raw.(string)
	switch {
	case !ok:
		return "", fmt.Errorf("%s must be a string, not %s", what, jsonKind(raw))
	case str == "":
		return "", fmt.Errorf("%s must not be empty", what)
	case len(str) > MaxTextLen || !utf8.ValidString(str):
		return "", fmt.Errorf("%s must be valid UTF-8 of at most %d bytes", what, MaxTextLen)
	}
	return str, nil
}

// timeValue reads the event time and stores it the way the table does.
func (s *Schema) timeValue(raw any) (any, error) {
	secs, err := unixOf(raw)
	if err != nil {
		return nil, err
	}
	if s.timeAsInt {
		return secs, nil
	}
	return store.FormatTime(unixTime(secs)), nil
}

// unixOf reads a time: ISO-8601 / RFC 3339 text or integer Unix seconds.
func unixOf(raw any) (int64, error) {
	switch v := raw.(type) {
	case json.Number:
		n, err := strconv.ParseInt(v.String(), 10, 64)
		if err != nil || n < minUnix || n > maxUnix {
			return 0, fmt.Errorf("%s is not a time: give Unix seconds as an integer between years 1 and 9999", v)
		}
		return n, nil
	case string:
		if n, ok := load.ParseTime(v); ok {
			return n, nil
		}
		return 0, fmt.Errorf("%q is not a time: write RFC 3339 (2026-06-30T12:00:00Z), \"YYYY-MM-DD HH:MM:SS\" (UTC) or Unix seconds", v)
	}
	return 0, fmt.Errorf("a time must be text or Unix seconds, not %s", jsonKind(raw))
}

// The Unix seconds of 0001-01-01 and 9999-12-31 23:59:59.
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// attrValue converts an attribute of declared kind k.
func attrValue(k types.Kind, raw any) (any, error) {
	switch k {
	case types.Int, types.Duration:
		return intOf(raw)
	case types.Float:
		return floatOf(raw)
	case types.Bool:
		return boolOf(raw)
	case types.String:
		return textOf(raw, "the value")
	case types.Time:
		secs, err := unixOf(raw)
		if err != nil {
			return nil, err
		}
		return store.FormatTime(unixTime(secs)), nil
	}
	return nil, fmt.Errorf("columns of type %s cannot be ingested", k)
}

func intOf(raw any) (int64, error) {
	num, ok := raw.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expected an integer, not %s", jsonKind(raw))
	}
	n, err := strconv.ParseInt(num.String(), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s is not a 64-bit integer", num)
	}
	return n, nil
}

func floatOf(raw any) (float64, error) {
	num, ok := raw.(json.Number)
	if !ok {
		return 0, fmt.Errorf("expected a number, not %s", jsonKind(raw))
	}
	f, err := strconv.ParseFloat(num.String(), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%s is not a finite number", num)
	}
	return f, nil
}

func boolOf(raw any) (int64, error) {
	b, ok := raw.(bool)
	if !ok {
		return 0, fmt.Errorf("expected true or false, not %s", jsonKind(raw))
	}
	if b {
		return 1, nil
	}
	return 0, nil
}

// jsonKind names a decoded JSON value's kind for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}
