package eval

import (
	"fmt"
	"math"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// rowFunc is a builtin's row-wise implementation at one call site.
type rowFunc func(env builtins.Env, args []any) any

// callRow resolves the row-wise implementation of a call, specialised
// with Prepare when the builtin has one.
func (c *Compiler) callRow(x *plan.Call) (rowFunc, error) {
	if c.reg == nil {
		return nil, &Error{Loc: x.Loc(), Msg: fmt.Sprintf("internal error: no builtin registry to call %s()", x.Func)}
	}
	b, ok := c.reg.Lookup1(x.Func, builtins.Scalar)
	if !ok || b.Row == nil {
		return nil, &Error{Loc: x.Loc(), Msg: fmt.Sprintf("internal error: %s() is not a scalar builtin", x.Func)}
	}
	if b.Prepare == nil {
		return b.Row, nil
	}
	consts := make([]any, len(x.Args))
	for i, a := range x.Args {
		if k, ok := a.(*plan.Const); ok {
			consts[i] = k.Value
		}
	}
	fn, err := b.Prepare(consts)
	if err != nil {
		return nil, &Error{Loc: x.Loc(), Msg: fmt.Sprintf("%s(): %v", x.Func, err)}
	}
	return fn, nil
}

// compileCall uses a vector kernel for the builtins that have one and
// otherwise calls the builtin's Row for each row.
func (c *Compiler) compileCall(x *plan.Call) (Kernel, error) {
	row, err := c.callRow(x)
	if err != nil {
		return nil, err
	}
	args := make([]plan.Expr, len(x.Args))
	copy(args, x.Args)
	ks, err := c.compileArgs(args...)
	if err != nil {
		return nil, err
	}
	kind, env := x.Type().Kind, builtins.Env{AsOf: c.opts.AsOf}
	if k, ok := extremumConstKernel(x, ks); ok {
		return k, nil
	}
	if vf := vectorBuiltin(x.Func, len(ks), env.AsOf); vf != nil {
		return func(in Inputs) Vec { return vf(evalAll(ks, in), kind) }, nil
	}
	return func(in Inputs) Vec { return rowCall(row, env, evalAll(ks, in), kind, in.Len()) }, nil
}

// evalAll runs each kernel.
func evalAll(ks []Kernel, in Inputs) []Vec {
	vs := make([]Vec, len(ks))
	for i, k := range ks {
		vs[i] = k(in)
	}
	return vs
}

// rowCall applies a row-wise builtin to each row of the argument Vecs.
func rowCall(row rowFunc, env builtins.Env, args []Vec, kind types.Kind, n int) Vec {
	out := Alloc(kind, n)
	vals := make([]any, len(args))
	for i := 0; i < n; i++ {
		for j, a := range args {
			vals[j] = a.Value(i)
		}
		out.Set(i, row(env, vals))
	}
	return out
}

// vectorFunc is a vectorised builtin.
type vectorFunc func(args []Vec, kind types.Kind) Vec

// vectorBuiltin returns the vector kernel of a builtin, or nil. Each
// kernel matches the builtin's Row exactly (see the differential tests).
func vectorBuiltin(name string, nargs int, asOf int64) vectorFunc {
	switch {
	case name == "days_since" && nargs == 1:
		return since(asOf, 86400)
	case name == "hours_since" && nargs == 1:
		return since(asOf, 3600)
	case name == "abs" && nargs == 1:
		return absVec
	case name == "log1p" && nargs == 1:
		return log1pVec
	case name == "min" && nargs >= 2:
		return extremumVec(-1)
	case name == "max" && nargs >= 2:
		return extremumVec(1)
	}
	return nil
}

// since is (as_of - t) in units of the given number of seconds.
func since(asOf int64, unit float64) vectorFunc {
	return func(args []Vec, kind types.Kind) Vec {
		t := args[0]
		if storage(t.Kind) != types.Int {
			return Nulls(kind, t.N)
		}
		out := Alloc(types.Float, t.N)
		for i, v := range t.I {
			out.F[i] = float64(asOf-v) / unit
		}
		out.Valid = t.Valid
		return convert(out, kind)
	}
}

// absVec is abs(); abs of the most negative int is null.
func absVec(args []Vec, kind types.Kind) Vec {
	x := args[0]
	switch storage(x.Kind) {
	case types.Float:
		out := Alloc(x.Kind, x.N)
		for i, v := range x.F {
			out.F[i] = math.Abs(v)
		}
		out.Valid = x.Valid
		return convert(out, kind)
	case types.Int:
		out := Alloc(x.Kind, x.N)
		out.Valid = x.Valid
		for i, v := range x.I {
			if v == math.MinInt64 {
				out.Valid = cloneValid(out.Valid, x.N)
				out.Valid[i] = false
			}
			out.I[i] = max(v, -v)
		}
		return convert(out, kind)
	}
	return Nulls(kind, x.N)
}

// log1pVec is log1p(); null at or below -1.
func log1pVec(args []Vec, kind types.Kind) Vec {
	x := convert(args[0], types.Float)
	if x.Kind != types.Float {
		return Nulls(kind, x.N)
	}
	out := Alloc(types.Float, x.N)
	out.Valid = cloneValid(x.Valid, x.N)
	for i, v := range x.F {
		if v <= -1 {
			out.Valid[i] = false
			continue
		}
		out.F[i] = math.Log1p(v)
	}
	nullNonFinite(&out)
	return convert(out, kind)
}

// extremumVec is the scalar min (sign -1) or max (sign 1): null if any
// argument is null; ties keep the earlier argument.
func extremumVec(sign int) vectorFunc {
	return func(args []Vec, kind types.Kind) Vec {
		n := args[0].N
		for i := range args {
			args[i] = convert(asKind(args[i], kind), kind)
		}
		out := args[0]
		for _, a := range args[1:] {
			out = pick(out, a, sign, kind, n)
		}
		return out
	}
}

// pick chooses, per row, b when it is strictly beyond a in the sign's
// direction, else a.
func pick(a, b Vec, sign int, kind types.Kind, n int) Vec {
	if storage(a.Kind) != storage(b.Kind) || a.Kind == types.Null {
		return Nulls(kind, n)
	}
	out := Alloc(kind, n)
	out.Valid = andValid(a.Valid, b.Valid)
	switch storage(kind) {
	case types.Int:
		pickSlice(out.I, a.I, b.I, sign)
	case types.Float:
		pickSlice(out.F, a.F, b.F, sign)
	case types.String:
		pickSlice(out.S, a.S, b.S, sign)
	default:
		return Nulls(kind, n)
	}
	return out
}

func pickSlice[T int64 | float64 | string](out, a, b []T, sign int) {
	for i := range out {
		out[i] = a[i]
		if (sign > 0 && b[i] > a[i]) || (sign < 0 && b[i] < a[i]) {
			out[i] = b[i]
		}
	}
}
