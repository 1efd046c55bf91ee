package eval

import (
	"cmp"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// compareConstKernel compiles a comparison of an expression with a
// numeric literal (`frequency >= 5`, `0.5 < click_to_open`) to a loop
// against the scalar, instead of broadcasting the literal to a vector the
// size of the population; ok is false for anything else.
func (c *Compiler) compareConstKernel(x *plan.Binary) (Kernel, bool, error) {
	op, expr, lit := x.Op, x.X, x.Y
	if cst, isConst := x.X.(*plan.Const); isConst {
		if _, yConst := x.Y.(*plan.Const); yConst {
			return nil, false, nil
		}
		op, expr, lit = plan.FlipComparison(op), x.Y, cst
	}
	cst, isConst := lit.(*plan.Const)
	if !isConst || !plan.IsComparison(op) || !numeric(cst.Value) {
		return nil, false, nil
	}
	if k, ok, err := c.sinceCompareKernel(op, expr, cst); ok || err != nil {
		return k, ok, err
	}
	compile := c.compile
	if _, isFloat := cst.Value.(float64); isFloat {
		compile = c.compileNumber // ints cast to float compare chunk by chunk
	}
	k, err := compile(expr)
	if err != nil {
		return nil, false, err
	}
	full, _ := binaryOp(op)
	v, kind := cst.Value, cst.Type().Kind
	return func(in Inputs) Vec {
		xv := k(in)
		if out, ok := compareScalar(op, xv, v); ok {
			return out
		}
		return full(xv, Const(kind, v, in.Len()), types.Bool)
	}, true, nil
}

// numeric reports whether a literal is an int64 or float64.
func numeric(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

// compareScalar compares x with the scalar c as compare would compare x
// with c broadcast (int mixed with float compares as float; a null x is
// a null result); ok is false for vectors it does not cover.
func compareScalar(op string, x Vec, c any) (Vec, bool) {
	sx := storage(x.Kind)
	if sx != types.Int && sx != types.Float {
		return Vec{}, false
	}
	out := Alloc(types.Bool, x.N)
	out.Valid = x.Valid
	switch cv := c.(type) {
	case int64:
		if sx == types.Int {
			cmpScalar(op, x.I, cv, out.B)
		} else {
			cmpScalar(op, x.F, float64(cv), out.B)
		}
	case float64:
		if sx == types.Int {
			cmpIntFloat(op, x.I, cv, out.B)
		} else {
			cmpScalar(op, x.F, cv, out.B)
		}
	}
	return out, true
}

// cmpIntFloat compares ints, widened to float, with a float: a chunk at
// a time through a buffer on the stack, not a float copy of the vector.
func cmpIntFloat(op string, x []int64, c float64, out []bool) {
	var buf [chunk]float64
	for lo := 0; lo < len(out); lo += chunk {
		hi := min(lo+chunk, len(out))
		f := buf[:hi-lo]
		for i, v := range x[lo:hi] {
			f[i] = float64(v)
		}
		cmpScalar(op, f, c, out[lo:hi])
	}
}

// cmpScalar writes x[i] op c into out, one tight loop per operator.
func cmpScalar[T cmp.Ordered](op string, x []T, c T, out []bool) {
	switch op {
	case "==":
		for i := range out {
			out[i] = x[i] == c
		}
	case "!=":
		for i := range out {
			out[i] = x[i] != c
		}
	case "<":
		for i := range out {
			out[i] = x[i] < c
		}
	case "<=":
		for i := range out {
			out[i] = x[i] <= c
		}
	case ">":
		for i := range out {
			out[i] = x[i] > c
		}
	case ">=":
		for i := range out {
			out[i] = x[i] >= c
		}
	}
}
