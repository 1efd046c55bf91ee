// Package eval evaluates typed plan expressions over whole columns at once.
//
// A Vec is one typed column with a validity mask. Compile turns a
// plan.Expr into a Kernel, a closure tree whose nodes each run one tight
// loop over typed slices; expressions the kernels do not cover (and every
// expression when Options.ForceRow is set) are lowered to an expr-lang
// program evaluated row by row with the same semantics.
package eval

import (
	"math"

	"github.com/segc/segc/dsl/types"
)

// Vec is a typed column of N values. Exactly one data slice is set,
// according to Kind: I for int, time (Unix seconds) and duration
// (seconds), F for float, B for bool, S for string. Kind Null carries no
// data. Valid marks non-null values; nil means every value is valid. Vecs
// are treated as immutable once built.
type Vec struct {
	Kind  types.Kind
	N     int
	I     []int64
	F     []float64
	B     []bool
	S     []string
	Valid []bool
}

// Len returns the number of values.
func (v Vec) Len() int { return v.N }

// IsNull reports whether value i is null.
func (v Vec) IsNull(i int) bool {
	return v.Kind == types.Null || (v.Valid != nil && !v.Valid[i])
}

// Value returns value i boxed as nil, int64, float64, bool or string.
func (v Vec) Value(i int) any {
	if v.IsNull(i) {
		return nil
	}
	switch storage(v.Kind) {
	case types.Int:
		return v.I[i]
	case types.Float:
		return v.F[i]
	case types.Bool:
		return v.B[i]
	case types.String:
		return v.S[i]
	}
	return nil
}

// storage maps a kind to the kind of its data slice: time and duration
// are stored as ints.
func storage(k types.Kind) types.Kind {
	if k == types.Time || k == types.Duration {
		return types.Int
	}
	return k
}

// Alloc returns a Vec of kind k and length n with zeroed data, all
// values valid (Valid nil).
func Alloc(k types.Kind, n int) Vec {
	v := Vec{Kind: k, N: n}
	switch storage(k) {
	case types.Int:
		v.I = make([]int64, n)
	case types.Float:
		v.F = make([]float64, n)
	case types.Bool:
		v.B = make([]bool, n)
	case types.String:
		v.S = make([]string, n)
	}
	return v
}

// Nulls returns a Vec of kind k and length n whose values are all null.
func Nulls(k types.Kind, n int) Vec {
	v := Alloc(k, n)
	v.Valid = make([]bool, n)
	return v
}

// FromValues builds a Vec of kind k from boxed values (nil for null);
// values of the wrong Go type, NaN and infinities become null, and ints
// widen to floats for a float Vec.
func FromValues(k types.Kind, vals []any) Vec {
	v := Alloc(k, len(vals))
	for i, x := range vals {
		v.Set(i, x)
	}
	return v
}

// Set stores boxed value x at i (nil, or a value that does not fit the
// kind, makes it null). The Vec must have been made by Alloc or Nulls.
func (v *Vec) Set(i int, x any) {
	ok := v.put(i, x)
	if ok && v.Valid == nil {
		return
	}
	if v.Valid == nil {
		v.Valid = allTrue(v.N)
	}
	v.Valid[i] = ok
}

// put writes x into the data slice and reports whether it was a valid
// value of the Vec's kind.
func (v *Vec) put(i int, x any) bool {
	switch storage(v.Kind) {
	case types.Int:
		n, ok := x.(int64)
		v.I[i] = n
		return ok
	case types.Float:
		switch f := x.(type) {
		case float64:
			v.F[i] = f
			return !math.IsNaN(f) && !math.IsInf(f, 0)
		case int64:
			v.F[i] = float64(f)
			return true
		}
	case types.Bool:
		b, ok := x.(bool)
		v.B[i] = b
		return ok
	case types.String:
		s, ok := x.(string)
		v.S[i] = s
		return ok
	}
	return false
}

// allTrue returns n true values.
func allTrue(n int) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = true
	}
	return b
}

// Bools wraps a non-null bool slice as a Vec.
func Bools(b []bool) Vec { return Vec{Kind: types.Bool, N: len(b), B: b} }

// True returns, for a bool Vec, which values are true (null is not true).
func (v Vec) True() []bool {
	out := make([]bool, v.N)
	if v.Kind != types.Bool {
		return out
	}
	for i := range out {
		out[i] = v.B[i] && (v.Valid == nil || v.Valid[i])
	}
	return out
}

// Const returns a Vec of length n repeating constant c (nil, int64,
// float64, bool or string) as kind k.
func Const(k types.Kind, c any, n int) Vec {
	if c == nil || k == types.Null {
		return Nulls(k, n)
	}
	v := Alloc(k, n)
	switch storage(k) {
	case types.Int:
		x, _ := c.(int64)
		fill(v.I, x)
	case types.Float:
		x, ok := toFloat(c)
		if !ok {
			return Nulls(k, n)
		}
		fill(v.F, x)
	case types.Bool:
		x, _ := c.(bool)
		fill(v.B, x)
	case types.String:
		x, _ := c.(string)
		fill(v.S, x)
	}
	return v
}

func fill[T any](s []T, x T) {
	for i := range s {
		s[i] = x
	}
}

// toFloat converts an int64 or float64 to float64.
func toFloat(c any) (float64, bool) {
	switch x := c.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// andValid combines two validity masks: nil when both are nil.
func andValid(a, b []bool) []bool {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := make([]bool, len(a))
	for i := range out {
		out[i] = a[i] && b[i]
	}
	return out
}

// Gather returns the values at the given row positions, in order.
func (v Vec) Gather(rows []int32) Vec {
	out := Alloc(v.Kind, len(rows))
	if v.Valid != nil {
		out.Valid = make([]bool, len(rows))
		for j, r := range rows {
			out.Valid[j] = v.Valid[r]
		}
	}
	switch storage(v.Kind) {
	case types.Int:
		gather(out.I, v.I, rows)
	case types.Float:
		gather(out.F, v.F, rows)
	case types.Bool:
		gather(out.B, v.B, rows)
	case types.String:
		gather(out.S, v.S, rows)
	}
	return out
}

func gather[T any](dst, src []T, rows []int32) {
	for j, r := range rows {
		dst[j] = src[r]
	}
}
