package eval

import (
	"cmp"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// Narrow clears the members for which a where/require clause is not
// true (null is not true), reading the clause's operands in place.
type Narrow func(in Inputs, members []bool)

// CompileNarrow compiles a clause comparing an expression with a numeric
// literal (`frequency >= 5`) or with a threshold (`monetary >=
// percentile(monetary, 90)`) to a Narrow, which ands the comparison into
// the members without making its bool vector. ok is false for any other
// clause, and with Options.ForceRow: evaluate it with Compile then.
func (c *Compiler) CompileNarrow(e plan.Expr) (Narrow, bool, error) {
	x, isBinary := e.(*plan.Binary)
	if c.opts.ForceRow || !isBinary || !plan.IsComparison(x.Op) {
		return nil, false, nil
	}
	op, other, scalar, ok := narrowOperands(x)
	if !ok {
		return nil, false, nil
	}
	if isSinceCall(other) {
		return c.narrowSince(x, op, other.(*plan.Call))
	}
	groups := narrowGroupSource(x)
	k, err := c.compileNumber(other) // ints cast to float compare chunk by chunk
	if err != nil {
		return nil, false, err
	}
	full, err := c.compile(x)
	if err != nil {
		return nil, false, err
	}
	return func(in Inputs, members []bool) {
		if v, valid, held := scalar(in); held {
			if !valid {
				clear(members)
				return
			}
			if narrowScalar(op, k(in), v, members) {
				return
			}
		}
		if of, value, valid, held := groups(in); held && narrowGroups(op, k(in), of, value, valid, members) {
			return
		}
		andTrue(members, full(in))
	}, true, nil
}

// scalarSource returns a comparison's scalar operand for the inputs: its
// value, whether it is non-null, and whether there is one (a threshold
// held as a vector has none).
type scalarSource func(in Inputs) (value any, valid, held bool)

// narrowOperands splits a comparison with a numeric literal or threshold
// on one side into the operator as seen from the other side, the other
// side and the scalar's source; ok is false for any other shape.
func narrowOperands(x *plan.Binary) (string, plan.Expr, scalarSource, bool) {
	op, other, side := x.Op, x.X, x.Y
	if isScalarOperand(x.X) && !isScalarOperand(x.Y) {
		op, other, side = plan.FlipComparison(op), x.Y, x.X
	}
	switch s := side.(type) {
	case *plan.Const:
		v := s.Value
		return op, other, func(Inputs) (any, bool, bool) { return v, true, true }, numeric(v)
	case *plan.ThresholdRef:
		i := s.Threshold
		return op, other, func(in Inputs) (any, bool, bool) {
			v, valid, held := thresholdScalar(in, i)
			return v, valid, held
		}, true
	}
	return "", nil, nil, false
}

// narrowGroupSource returns the groups of a comparison's threshold for
// the inputs (held false when it has none or is not held as groups).
func narrowGroupSource(x *plan.Binary) func(Inputs) ([]int32, []float64, []bool, bool) {
	_, ref, _, ok := thresholdOperand(x)
	if !ok || isScalarOperand(x.X) && isScalarOperand(x.Y) {
		return func(Inputs) ([]int32, []float64, []bool, bool) { return nil, nil, nil, false }
	}
	i := ref.Threshold
	return func(in Inputs) ([]int32, []float64, []bool, bool) { return thresholdGroups(in, i) }
}

// isScalarOperand reports whether e is a literal or a threshold.
func isScalarOperand(e plan.Expr) bool {
	switch e.(type) {
	case *plan.Const, *plan.ThresholdRef:
		return true
	}
	return false
}

// isSinceCall reports whether e is days_since or hours_since, whose
// comparison with a literal has its own fused kernel (sinceCompareKernel).
func isSinceCall(e plan.Expr) bool {
	call, ok := e.(*plan.Call)
	return ok && len(call.Args) == 1 && sinceUnit(call.Func) != 0
}

// narrowScalar ands x op c (null is not true) into members, as
// compareScalar's result would be; false, with members unchanged, for a
// vector it does not cover.
func narrowScalar(op string, x Vec, c any, members []bool) bool {
	sx := storage(x.Kind)
	if sx != types.Int && sx != types.Float {
		return false
	}
	m := members[:x.N]
	switch cv := c.(type) {
	case int64:
		if sx == types.Int {
			andScalar(op, x.I, cv, m)
		} else {
			andScalar(op, x.F, float64(cv), m)
		}
	case float64:
		if sx == types.Int {
			andIntFloat(op, x.I, cv, m)
		} else {
			andScalar(op, x.F, cv, m)
		}
	default:
		return false
	}
	andValidMask(m, x.Valid)
	return true
}

// andIntFloat is andScalar of ints widened to float, a chunk at a time
// through a buffer on the stack.
func andIntFloat(op string, x []int64, c float64, out []bool) {
	var buf [chunk]float64
	for lo := 0; lo < len(out); lo += chunk {
		hi := min(lo+chunk, len(out))
		f := buf[:hi-lo]
		for i, v := range x[lo:hi] {
			f[i] = float64(v)
		}
		andScalar(op, f, c, out[lo:hi])
	}
}

// andScalar ands x[i] op c into out, one branch-free loop per operator.
func andScalar[T cmp.Ordered](op string, x []T, c T, out []bool) {
	x = x[:len(out)]
	switch op {
	case "==":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v == c) != 0
		}
	case "!=":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v != c) != 0
		}
	case "<":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v < c) != 0
		}
	case "<=":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v <= c) != 0
		}
	case ">":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v > c) != 0
		}
	case ">=":
		for i, v := range x {
			out[i] = bit(out[i])&bit(v >= c) != 0
		}
	}
}

// andValidMask clears out where valid is false; nil valid is all valid.
func andValidMask(out, valid []bool) {
	if valid == nil {
		return
	}
	valid = valid[:len(out)]
	for i, ok := range valid {
		out[i] = bit(out[i])&bit(ok) != 0
	}
}

// andTrue ands "v is true" into members: a bool v's true values, none
// of any other kind (a null clause).
func andTrue(members []bool, v Vec) {
	if v.Kind != types.Bool {
		clear(members)
		return
	}
	m := members[:min(len(members), v.N)]
	for i, b := range v.B[:len(m)] {
		m[i] = bit(m[i])&bit(b) != 0
	}
	andValidMask(m, v.Valid)
}

// narrowGroups ands x op (each entity's group's value) into members, as
// comparing x with the threshold's vector would (int x widened to float;
// null where either is); false, with members unchanged, for a vector it
// does not cover.
func narrowGroups(op string, x Vec, of []int32, value []float64, valid []bool, members []bool) bool {
	m := members[:x.N]
	switch storage(x.Kind) {
	case types.Int:
		andGroups(op, x.I, of[:x.N], value, m)
	case types.Float:
		andGroups(op, x.F, of[:x.N], value, m)
	default:
		return false
	}
	for i, g := range of[:x.N] {
		m[i] = bit(m[i])&bit(valid[g+1]) != 0
	}
	andValidMask(m, x.Valid)
	return true
}

// andGroups ands float64(x[i]) op value[of[i]+1] into out, one
// branch-free loop per operator.
func andGroups[T int64 | float64](op string, x []T, of []int32, value []float64, out []bool) {
	x = x[:len(out)]
	switch op {
	case "==":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) == value[g+1]) != 0
		}
	case "!=":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) != value[g+1]) != 0
		}
	case "<":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) < value[g+1]) != 0
		}
	case "<=":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) <= value[g+1]) != 0
		}
	case ">":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) > value[g+1]) != 0
		}
	case ">=":
		for i, g := range of {
			out[i] = bit(out[i])&bit(float64(x[i]) >= value[g+1]) != 0
		}
	}
}

// narrowSince narrows by `days_since(t) op c` (or hours_since) with a
// numeric literal c as sinceCompare computes it, a chunk of elapsed times
// at a time, without its bool vector; ok is false when the literal is
// not on the other side (a threshold).
func (c *Compiler) narrowSince(x *plan.Binary, op string, call *plan.Call) (Narrow, bool, error) {
	lit, isConst := x.Y.(*plan.Const)
	if !isConst {
		lit, isConst = x.X.(*plan.Const)
	}
	if !isConst || call.Type().Kind != types.Float {
		return nil, false, nil
	}
	if _, err := c.callRow(call); err != nil {
		return nil, false, err
	}
	k, err := c.compile(call.Args[0])
	if err != nil {
		return nil, false, err
	}
	full, err := c.compile(x)
	if err != nil {
		return nil, false, err
	}
	asOf, unit := c.opts.AsOf, sinceUnit(call.Func)
	cf, _ := toFloat(lit.Value)
	return func(in Inputs, members []bool) {
		t := k(in)
		if storage(t.Kind) != types.Int {
			andTrue(members, full(in))
			return
		}
		andSince(op, t, asOf, unit, cf, members[:t.N])
	}, true, nil
}

// andSince ands (asOf - t) / unit op c (null where t is) into out.
func andSince(op string, t Vec, asOf int64, unit, c float64, out []bool) {
	var buf [chunk]float64
	for lo := 0; lo < t.N; lo += chunk {
		hi := min(lo+chunk, t.N)
		f := buf[:hi-lo]
		for i, v := range t.I[lo:hi] {
			f[i] = float64(asOf-v) / unit
		}
		andScalar(op, f, c, out[lo:hi])
	}
	andValidMask(out, t.Valid)
}
