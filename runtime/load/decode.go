package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// Builder accumulates one typed column from driver values.
type Builder struct {
	Kind     types.Kind
	Nullable bool
	vec      eval.Vec
	hasNull  bool
	intern   map[string]string
}

// internLimit caps the distinct strings a Builder interns, so
// low-cardinality columns share one copy of each value.
const internLimit = 1 << 12

// NewBuilder returns a Builder for a column of the given type with room
// for n values.
func NewBuilder(t types.Type, n int) *Builder {
	b := &Builder{Kind: t.Kind, Nullable: t.Nullable}
	b.Reset(n)
	return b
}

// Reset empties the builder, keeping capacity for n values.
func (b *Builder) Reset(n int) {
	b.vec = eval.Vec{Kind: b.Kind}
	b.hasNull = false
	b.vec.Valid = make([]bool, 0, n)
	switch b.Kind {
	case types.Int, types.Time, types.Duration:
		b.vec.I = make([]int64, 0, n)
	case types.Float:
		b.vec.F = make([]float64, 0, n)
	case types.Bool:
		b.vec.B = make([]bool, 0, n)
	case types.String:
		b.vec.S = make([]string, 0, n)
		b.intern = map[string]string{}
	}
}

// Append decodes and appends one value. The error says why a value cannot
// be read as the column's type.
func (b *Builder) Append(v any) error {
	if v == nil {
		if !b.Nullable {
			return fmt.Errorf("null in a column declared %s; declare it %s? if it may be missing", b.Kind, b.Kind)
		}
		b.hasNull = true
		b.vec.Valid = append(b.vec.Valid, false)
		b.appendZero()
		return nil
	}
	if err := b.appendValue(v); err != nil {
		return err
	}
	b.vec.Valid = append(b.vec.Valid, true)
	return nil
}

func (b *Builder) appendZero() {
	switch b.Kind {
	case types.Int, types.Time, types.Duration:
		b.vec.I = append(b.vec.I, 0)
	case types.Float:
		b.vec.F = append(b.vec.F, 0)
	case types.Bool:
		b.vec.B = append(b.vec.B, false)
	case types.String:
		b.vec.S = append(b.vec.S, "")
	}
}

func (b *Builder) appendValue(v any) error {
	switch b.Kind {
	case types.Int, types.Duration:
		x, err := DecodeInt(v)
		b.vec.I = append(b.vec.I, x)
		return err
	case types.Time:
		x, err := DecodeTime(v)
		b.vec.I = append(b.vec.I, x)
		return err
	case types.Float:
		x, err := DecodeFloat(v)
		b.vec.F = append(b.vec.F, x)
		return err
	case types.Bool:
		x, err := DecodeBool(v)
		b.vec.B = append(b.vec.B, x)
		return err
	case types.String:
		b.vec.S = append(b.vec.S, b.internString(DecodeString(v)))
		return nil
	}
	return fmt.Errorf("unsupported column type %s", b.Kind)
}

// internString returns the shared copy of s while few distinct values
// have been seen.
func (b *Builder) internString(s string) string {
	if t, ok := b.intern[s]; ok {
		return t
	}
	if len(b.intern) < internLimit {
		b.intern[s] = s
	}
	return s
}

// Vec returns the built column (Valid nil when there is no null).
func (b *Builder) Vec() eval.Vec {
	v := b.vec
	v.N = len(v.Valid)
	if !b.hasNull {
		v.Valid = nil
	}
	return v
}

// DecodeInt reads an integer value.
func DecodeInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return int64(x), nil
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
	case []byte:
		return DecodeInt(string(x))
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("cannot read %s as an int: store a whole number", show(v))
}

// DecodeFloat reads a number.
func DecodeFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			return x, nil
		}
	case int64:
		return float64(x), nil
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, nil
		}
	case []byte:
		return DecodeFloat(string(x))
	}
	return 0, fmt.Errorf("cannot read %s as a float: store a finite number", show(v))
}

// DecodeBool reads 0/1 integers or the text true/false/1/0.
func DecodeBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case float64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "t", "yes":
			return true, nil
		case "0", "false", "f", "no":
			return false, nil
		}
	case []byte:
		return DecodeBool(string(x))
	}
	return false, fmt.Errorf("cannot read %s as a bool: store 0/1 or true/false", show(v))
}

// DecodeString reads text; numbers become their decimal text.
func DecodeString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// DecodeTime reads ISO-8601 text or integer Unix seconds.
func DecodeTime(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case string:
		if t, ok := ParseTime(x); ok {
			return t, nil
		}
	case []byte:
		if t, ok := ParseTime(x); ok {
			return t, nil
		}
	case time.Time:
		return x.Unix(), nil
	}
	return 0, fmt.Errorf("cannot read %s as a time: store %s", show(v), TimeFormats)
}

// show renders a stored value for an error message.
// sqlLiteral renders v as an SQL literal: numbers as digits, text in
// single quotes.
func sqlLiteral(v any) string {
	switch x := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case []byte:
		return sqlLiteral(string(x))
	}
	return show(v)
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case []byte:
		return strconv.Quote(string(x))
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}
