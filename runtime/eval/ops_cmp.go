package eval

import (
	"cmp"

	"github.com/segc/segc/dsl/types"
)

// binaryFunc evaluates a binary operator; kind is the result kind.
type binaryFunc func(x, y Vec, kind types.Kind) Vec

// binaryOp returns the vector implementation of a binary operator.
func binaryOp(op string) (binaryFunc, bool) {
	switch op {
	case "and", "&&":
		return func(x, y Vec, _ types.Kind) Vec { return and(asKind(x, types.Bool), asKind(y, types.Bool)) }, true
	case "or", "||":
		return func(x, y Vec, _ types.Kind) Vec { return or(asKind(x, types.Bool), asKind(y, types.Bool)) }, true
	case "??":
		return coalesce, true
	case "==", "!=", "<", "<=", ">", ">=":
		return func(x, y Vec, _ types.Kind) Vec { return compare(op, x, y) }, true
	case "+", "-", "*", "/", "%":
		return func(x, y Vec, kind types.Kind) Vec { return arith(op, x, y, kind) }, true
	}
	return nil, false
}

// unify brings two operands to one storage kind: a Null-kind operand takes
// the other's kind, and int mixed with float widens to float.
func unify(x, y Vec) (Vec, Vec) {
	switch {
	case x.Kind == types.Null:
		x = asKind(x, y.Kind)
	case y.Kind == types.Null:
		y = asKind(y, x.Kind)
	}
	sx, sy := storage(x.Kind), storage(y.Kind)
	if sx != sy && (sx == types.Float || sy == types.Float) {
		return convert(x, types.Float), convert(y, types.Float)
	}
	return x, y
}

// compare evaluates a comparison; null when either side is null.
func compare(op string, x, y Vec) Vec {
	x, y = unify(x, y)
	out := Alloc(types.Bool, x.N)
	out.Valid = andValid(x.Valid, y.Valid)
	sx, sy := storage(x.Kind), storage(y.Kind)
	if sx != sy || x.Kind == types.Null {
		return Nulls(types.Bool, x.N)
	}
	switch sx {
	case types.Int:
		cmpSlices(op, x.I, y.I, out.B)
	case types.Float:
		cmpSlices(op, x.F, y.F, out.B)
	case types.String:
		cmpSlices(op, x.S, y.S, out.B)
	case types.Bool:
		cmpSlices(op, boolInts(x.B), boolInts(y.B), out.B)
	}
	return out
}

// boolInts maps false to 0 and true to 1 so bools can be compared.
func boolInts(b []bool) []int8 {
	out := make([]int8, len(b))
	for i, v := range b {
		if v {
			out[i] = 1
		}
	}
	return out
}

// cmpSlices writes x[i] op y[i] into out, one tight loop per operator.
func cmpSlices[T cmp.Ordered](op string, x, y []T, out []bool) {
	switch op {
	case "==":
		for i := range out {
			out[i] = x[i] == y[i]
		}
	case "!=":
		for i := range out {
			out[i] = x[i] != y[i]
		}
	case "<":
		for i := range out {
			out[i] = x[i] < y[i]
		}
	case "<=":
		for i := range out {
			out[i] = x[i] <= y[i]
		}
	case ">":
		for i := range out {
			out[i] = x[i] > y[i]
		}
	case ">=":
		for i := range out {
			out[i] = x[i] >= y[i]
		}
	}
}

// asKind returns v unchanged unless it has kind Null, which becomes an
// all-null Vec of kind k.
func asKind(v Vec, k types.Kind) Vec {
	if v.Kind == types.Null && k != types.Null {
		return Nulls(k, v.N)
	}
	return v
}

// convert converts v to kind k: int to float (the plan's Cast), between
// the int-stored kinds, and Null to an all-null Vec; anything else gives
// null values.
func convert(v Vec, k types.Kind) Vec {
	if v.Kind == k {
		return v
	}
	if v.Kind == types.Null {
		return Nulls(k, v.N)
	}
	from, to := storage(v.Kind), storage(k)
	switch {
	case from == to:
		v.Kind = k
		return v
	case from == types.Int && to == types.Float:
		out := Alloc(k, v.N)
		for i, x := range v.I {
			out.F[i] = float64(x)
		}
		out.Valid = v.Valid
		return out
	}
	return Nulls(k, v.N)
}
