package eval

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// rowEnv is the expr-lang environment of one row: its methods read the
// current row of the kernel's inputs. Each kernel run has its own rowEnv,
// so row kernels are safe to run concurrently.
type rowEnv struct {
	in   Inputs
	row  int
	vecs map[[3]int]Vec
}

// input returns (and caches for the run) one input Vec.
func (e *rowEnv) input(kind, a, b int) Vec {
	key := [3]int{kind, a, b}
	v, ok := e.vecs[key]
	if !ok {
		v = fetchInput(e.in, kind, a, b)
		e.vecs[key] = v
	}
	return v
}

// The input sources a lowered program reads.
const (
	srcColumn = iota
	srcEventColumn
	srcFeature
	srcSegment
	srcAggregate
	srcThreshold
	srcState
	srcTimeIn
	srcTrigger
	srcCluster
)

func fetchInput(in Inputs, kind, a, b int) Vec {
	switch kind {
	case srcColumn:
		return in.Column(a)
	case srcEventColumn:
		return in.EventColumn(a, b)
	case srcFeature:
		return in.Feature(a)
	case srcSegment:
		return in.Segment(a)
	case srcAggregate:
		return in.Aggregate(a)
	case srcState, srcTimeIn, srcTrigger:
		return fetchTime(in, kind, a, b)
	case srcCluster:
		return fetchCluster(in, a, b)
	}
	return in.Threshold(a)
}

// In reads input (src, a, b) at the current row.
func (e *rowEnv) In(src, a, b int) any { return e.input(src, a, b).Value(e.row) }

// lowering accumulates the expr-lang source of an expression together
// with its constants and call sites.
type lowering struct {
	c      *Compiler
	consts []any
	calls  []rowFunc
	sb     strings.Builder
}

// compileRow compiles e to an expr-lang program run once per row.
func (c *Compiler) compileRow(e plan.Expr) (Kernel, error) {
	l := &lowering{c: c}
	if err := l.lower(e); err != nil {
		return nil, err
	}
	prog, err := expr.Compile(l.sb.String(), l.options()...)
	if err != nil {
		return nil, &Error{Loc: e.Loc(), Msg: "internal error: lowering to expr-lang: " + err.Error()}
	}
	kind := e.Type().Kind
	return func(in Inputs) Vec { return runRows(prog, in, kind) }, nil
}

// runRows evaluates prog at every row of in.
func runRows(prog *vm.Program, in Inputs, kind types.Kind) Vec {
	env := &rowEnv{in: in, vecs: map[[3]int]Vec{}}
	out := Alloc(kind, in.Len())
	var machine vm.VM
	for env.row = 0; env.row < in.Len(); env.row++ {
		v, err := machine.Run(prog, env)
		if err != nil {
			v = nil
		}
		out.Set(env.row, v)
	}
	return out
}

// options registers the operator functions, the constants table and one
// function per builtin call site (its Row).
func (l *lowering) options() []expr.Option {
	consts := l.consts
	opts := []expr.Option{
		expr.Env(&rowEnv{}),
		expr.Function("k", func(p ...any) (any, error) { return consts[p[0].(int)], nil }),
	}
	opts = append(opts, operatorFunctions()...)
	env := builtins.Env{AsOf: l.c.opts.AsOf}
	for i, fn := range l.calls {
		opts = append(opts, expr.Function(fmt.Sprintf("call%d", i), func(p ...any) (any, error) {
			return fn(env, p), nil
		}))
	}
	return opts
}

// operatorFunctions are the row-wise operators as expr-lang functions.
func operatorFunctions() []expr.Option {
	bin := func(name string, f func(a, b any) any) expr.Option {
		return expr.Function(name, func(p ...any) (any, error) { return f(p[0], p[1]), nil })
	}
	un := func(name string, f func(a any) any) expr.Option {
		return expr.Function(name, func(p ...any) (any, error) { return f(p[0]), nil })
	}
	opts := []expr.Option{
		bin("op_and", rowAnd), bin("op_or", rowOr), bin("op_coalesce", rowCoalesce),
		un("op_not", rowNot), un("op_neg", rowNeg), un("op_float", rowToFloat),
		expr.Function("op_in", func(p ...any) (any, error) { return rowIn(p[0], p[1:]), nil }),
	}
	for name, op := range map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="} {
		opts = append(opts, bin("op_"+name, func(a, b any) any { return rowCompare(op, a, b) }))
	}
	for name, op := range map[string]string{"add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%"} {
		opts = append(opts,
			bin("op_"+name, func(a, b any) any { return rowArith(op, a, b, false) }),
			bin("op_f"+name, func(a, b any) any { return rowArith(op, a, b, true) }))
	}
	return opts
}
