package eval

import (
	"math"

	"github.com/segc/segc/dsl/types"
)

// arith evaluates + - * / % into a Vec of the given result kind. Ints
// wrap on overflow; `/` of a float result is float division; x/0 and x%0
// are null, as are float results that are NaN or infinite.
func arith(op string, x, y Vec, kind types.Kind) Vec {
	x, y = unify(x, y)
	if x.Kind == types.Null || y.Kind == types.Null {
		return Nulls(kind, x.N)
	}
	if storage(kind) == types.Float {
		return arithFloat(op, convert(x, types.Float), convert(y, types.Float), kind)
	}
	if storage(x.Kind) != types.Int || storage(y.Kind) != types.Int || storage(kind) != types.Int {
		return Nulls(kind, x.N)
	}
	return arithInt(op, x, y, kind)
}

func arithInt(op string, x, y Vec, kind types.Kind) Vec {
	out := Alloc(kind, x.N)
	out.Valid = andValid(x.Valid, y.Valid)
	if op == "/" || op == "%" {
		divInt(op, x.I, y.I, &out)
		return out
	}
	ringOp(op, x.I, y.I, out.I)
	return out
}

// ringOp computes r = a op b elementwise for +, - and *, the operators int
// and float kernels share.
func ringOp[T int64 | float64](op string, a, b, r []T) {
	switch op {
	case "+":
		for i := range r {
			r[i] = a[i] + b[i]
		}
	case "-":
		for i := range r {
			r[i] = a[i] - b[i]
		}
	case "*":
		for i := range r {
			r[i] = a[i] * b[i]
		}
	}
}

// divInt is integer division or remainder, null where the divisor is 0.
func divInt(op string, a, b []int64, out *Vec) {
	for _, d := range b {
		if d == 0 {
			out.Valid = cloneValid(out.Valid, out.N)
			break
		}
	}
	for i := range a {
		if b[i] == 0 {
			out.Valid[i] = false
			continue
		}
		if op == "/" {
			out.I[i] = a[i] / b[i]
		} else {
			out.I[i] = a[i] % b[i]
		}
	}
}

func arithFloat(op string, x, y Vec, kind types.Kind) Vec {
	out := Alloc(kind, x.N)
	out.Valid = andValid(x.Valid, y.Valid)
	a, b, r := x.F, y.F, out.F
	switch op {
	case "+", "-", "*":
		ringOp(op, a, b, r)
	case "/":
		for i := range r {
			r[i] = a[i] / b[i]
		}
	case "%":
		for i := range r {
			r[i] = math.Mod(a[i], b[i])
		}
	}
	nullNonFinite(&out)
	return out
}

// nullNonFinite makes NaN and infinite values null (segc has no such
// values; division by zero lands here too).
func nullNonFinite(out *Vec) {
	own := false
	for i, f := range out.F {
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			continue
		}
		if !own {
			out.Valid = cloneValid(out.Valid, out.N)
			own = true
		}
		out.Valid[i] = false
	}
}

// cloneValid returns a private copy of a validity mask (all true for nil).
func cloneValid(v []bool, n int) []bool {
	if v == nil {
		return allTrue(n)
	}
	return append([]bool(nil), v...)
}

// neg negates an int-stored or float Vec; the most negative int wraps.
func neg(x Vec) Vec {
	out := Alloc(x.Kind, x.N)
	out.Valid = x.Valid
	switch storage(x.Kind) {
	case types.Int:
		for i, v := range x.I {
			out.I[i] = -v
		}
	case types.Float:
		for i, v := range x.F {
			out.F[i] = -v
		}
	default:
		return Nulls(x.Kind, x.N)
	}
	return out
}
