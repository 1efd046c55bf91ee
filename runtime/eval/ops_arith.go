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
		return arithFloat(op, numberOperand(x), numberOperand(y), kind)
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

// numberOperand is x when it is stored as ints or floats, which
// arithFloat reads as floats; otherwise x converted to float (all null).
func numberOperand(x Vec) Vec {
	if s := storage(x.Kind); s == types.Int || s == types.Float {
		return x
	}
	return convert(x, types.Float)
}

// arithFloat is float arithmetic over x and y as floats. An operand
// stored as ints is widened a chunk at a time into a buffer on the stack,
// never into a float copy of the whole vector.
func arithFloat(op string, x, y Vec, kind types.Kind) Vec {
	if storage(x.Kind) == types.Float && storage(y.Kind) == types.Float {
		out := Alloc(kind, x.N)
		out.Valid = andValid(x.Valid, y.Valid)
		floatOp(op, x.F, y.F, out.F)
		nullNonFinite(&out)
		return out
	}
	return arithChunks(op, x.N, andValid(x.Valid, y.Valid), vecFloats(x), vecFloats(y), kind)
}

// floatReader returns values lo to hi of an operand as floats, in buf
// when they must be computed.
type floatReader func(lo, hi int, buf []float64) []float64

// vecFloats reads an int- or float-stored Vec as floats (floatsOf).
func vecFloats(v Vec) floatReader {
	return func(lo, hi int, buf []float64) []float64 { return floatsOf(v, lo, hi, buf) }
}

// arithChunks is float arithmetic over n values of two operands read a
// chunk at a time; valid is the result's validity before NaN and
// infinities are made null.
func arithChunks(op string, n int, valid []bool, x, y floatReader, kind types.Kind) Vec {
	out := Alloc(kind, n)
	out.Valid = valid
	var bx, by [chunk]float64
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		floatOp(op, x(lo, hi, bx[:]), y(lo, hi, by[:]), out.F[lo:hi])
	}
	nullNonFinite(&out)
	return out
}

// floatsOf returns values lo to hi of an int- or float-stored Vec as
// floats: the Vec's own slice, or the ints widened into buf.
func floatsOf(v Vec, lo, hi int, buf []float64) []float64 {
	if storage(v.Kind) == types.Float {
		return v.F[lo:hi]
	}
	f := buf[:hi-lo]
	for i, x := range v.I[lo:hi] {
		f[i] = float64(x)
	}
	return f
}

// floatOp writes a op b into r.
func floatOp(op string, a, b, r []float64) {
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
