package eval

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// This file holds kernels that fuse two nodes of a common shape into one
// loop, so that the intermediate vector (8 bytes per entity) is never
// made: each gives the values the two nodes give, to the bit (see the
// differential tests).

// chunk is the number of values a fused kernel converts at a time into a
// buffer on its stack.
const chunk = 512

// sinceUnit is the unit in seconds of days_since and hours_since; 0 for
// any other builtin.
func sinceUnit(name string) float64 {
	switch name {
	case "days_since":
		return 86400
	case "hours_since":
		return 3600
	}
	return 0
}

// sinceCompareKernel compiles `days_since(t) op c` (or hours_since) with
// a numeric literal c to one loop: each elapsed time is computed into a
// small buffer and compared, instead of into a float vector the size of
// the population; ok is false for any other comparison.
func (c *Compiler) sinceCompareKernel(op string, expr plan.Expr, lit *plan.Const) (Kernel, bool, error) {
	call, isCall := expr.(*plan.Call)
	if !isCall || len(call.Args) != 1 || call.Type().Kind != types.Float || sinceUnit(call.Func) == 0 {
		return nil, false, nil
	}
	if _, err := c.callRow(call); err != nil {
		return nil, false, err
	}
	k, err := c.compile(call.Args[0])
	if err != nil {
		return nil, false, err
	}
	asOf, unit, v := c.opts.AsOf, sinceUnit(call.Func), lit.Value
	cf, _ := toFloat(v)
	return func(in Inputs) Vec {
		t := k(in)
		if storage(t.Kind) != types.Int {
			out, _ := compareScalar(op, Nulls(types.Float, t.N), v)
			return out
		}
		return sinceCompare(op, t, asOf, unit, cf)
	}, true, nil
}

// sinceCompare is (asOf - t) / unit op c, chunk by chunk; null where t is.
func sinceCompare(op string, t Vec, asOf int64, unit, c float64) Vec {
	out := Alloc(types.Bool, t.N)
	out.Valid = t.Valid
	var buf [chunk]float64
	for lo := 0; lo < t.N; lo += chunk {
		hi := min(lo+chunk, t.N)
		f := buf[:hi-lo]
		for i, v := range t.I[lo:hi] {
			f[i] = float64(asOf-v) / unit
		}
		cmpScalar(op, f, c, out.B[lo:hi])
	}
	return out
}

// extremumConstKernel compiles min or max of an expression and a numeric
// literal (`max(opens_30d, 1)`) to a loop against the scalar, instead of
// broadcasting the literal to a vector the size of the population; ok is
// false for any other call.
func extremumConstKernel(x *plan.Call, ks []Kernel) (Kernel, bool) {
	p, ok := extremumConst(x)
	if !ok {
		return nil, false
	}
	other, kind := ks[1-p.at], x.Type().Kind
	return func(in Inputs) Vec { return p.apply(other(in), kind) }, true
}

// scalarPick is min or max (sign -1 or 1) of an expression and the
// literal c, which is argument at of the call.
type scalarPick struct {
	at   int
	c    Vec // one value, of the call's kind
	sign int
}

// extremumConst recognises min or max of an expression and a numeric
// literal of an int or float call.
func extremumConst(x *plan.Call) (scalarPick, bool) {
	sign := map[string]int{"min": -1, "max": 1}[x.Func]
	kind := x.Type().Kind
	if sign == 0 || len(x.Args) != 2 || (storage(kind) != types.Int && storage(kind) != types.Float) {
		return scalarPick{}, false
	}
	at := -1
	for i, a := range x.Args {
		if k, ok := a.(*plan.Const); ok && numeric(k.Value) {
			at = i
		}
	}
	if at < 0 {
		return scalarPick{}, false
	}
	lit := x.Args[at].(*plan.Const)
	c := convert(asKind(Const(lit.Type().Kind, lit.Value, 1), kind), kind)
	if c.Valid != nil || storage(c.Kind) != storage(kind) {
		return scalarPick{}, false
	}
	return scalarPick{at: at, c: c, sign: sign}, true
}

// operand converts the expression's value to the call's kind (all null
// when it does not fit), as the pick reads it.
func (p scalarPick) operand(v Vec, kind types.Kind) Vec {
	return convert(asKind(v, kind), kind)
}

// apply is the call's value for the expression's value v.
func (p scalarPick) apply(v Vec, kind types.Kind) Vec {
	return pickConst(p.operand(v, kind), p.c, p.at == 0, p.sign, kind)
}

// pickConst is pick of v and the one-value c broadcast, c being the
// first argument when first is set.
func pickConst(v, c Vec, first bool, sign int, kind types.Kind) Vec {
	out := Alloc(kind, v.N)
	out.Valid = v.Valid
	if storage(kind) == types.Int {
		pickScalar(out.I, v.I, c.I[0], first, sign)
	} else {
		pickScalar(out.F, v.F, c.F[0], first, sign)
	}
	return out
}

// pickScalar is pickSlice with one side the scalar c: out[i] is the first
// argument unless the second is strictly beyond it in the sign's
// direction.
func pickScalar[T int64 | float64](out, v []T, c T, first bool, sign int) {
	for i, x := range v[:len(out)] {
		a, b := x, c
		if first {
			a, b = c, x
		}
		out[i] = a
		if (sign > 0 && b > a) || (sign < 0 && b < a) {
			out[i] = b
		}
	}
}

// compileOperands compiles a binary operator's operands. Float
// arithmetic reads int-stored operands as floats (arithFloat), so there
// an int cast to float is left uncast: the cast's float copy of the
// whole vector is never made.
func (c *Compiler) compileOperands(x *plan.Binary) ([]Kernel, error) {
	switch x.Op {
	case "+", "-", "*", "/", "%":
		if storage(x.Type().Kind) == types.Float {
			return c.compileEach(c.compileNumber, x.X, x.Y)
		}
	}
	return c.compileArgs(x.X, x.Y)
}

// compileEach compiles each expression with compile.
func (c *Compiler) compileEach(compile func(plan.Expr) (Kernel, error), es ...plan.Expr) ([]Kernel, error) {
	ks := make([]Kernel, len(es))
	for i, e := range es {
		k, err := compile(e)
		if err != nil {
			return nil, err
		}
		ks[i] = k
	}
	return ks, nil
}

// compileNumber compiles an operand of float arithmetic: a cast to float
// gives its operand's ints as they are and converts anything else as the
// cast would.
func (c *Compiler) compileNumber(e plan.Expr) (Kernel, error) {
	cast, ok := e.(*plan.Cast)
	if !ok || cast.Type().Kind != types.Float {
		return c.compile(e)
	}
	k, err := c.compile(cast.X)
	if err != nil {
		return nil, err
	}
	return func(in Inputs) Vec {
		v := k(in)
		if storage(v.Kind) == types.Int {
			return v
		}
		return convert(v, types.Float)
	}, nil
}
