package eval

import (
	"fmt"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// Inputs supplies the columns a kernel reads. Every Vec it returns has
// length Len(). Entity-level evaluation implements Column, Feature,
// Segment, Aggregate and Threshold; event-level evaluation implements
// EventColumn. Methods a context does not support return a null Vec.
type Inputs interface {
	Len() int
	Column(i int) Vec
	EventColumn(log, col int) Vec
	Feature(i int) Vec
	Segment(i int) Vec
	Aggregate(i int) Vec
	Threshold(i int) Vec
}

// Kernel evaluates a compiled expression over all rows of its inputs. A
// Kernel holds no mutable state and may run concurrently.
type Kernel func(in Inputs) Vec

// Options tune compilation.
type Options struct {
	// ForceRow evaluates every expression with the row-wise expr-lang
	// fallback instead of the vector kernels (for differential testing).
	ForceRow bool
	// AsOf is the run's as-of instant in Unix seconds, for builtins such
	// as days_since.
	AsOf int64
}

// Compiler compiles plan expressions against a builtin registry.
type Compiler struct {
	reg  *builtins.Registry
	opts Options
}

// NewCompiler returns a Compiler; reg may be nil when no expression calls
// a builtin.
func NewCompiler(reg *builtins.Registry, opts Options) *Compiler {
	return &Compiler{reg: reg, opts: opts}
}

// Error is a compile error at a plan location.
type Error struct {
	Loc plan.Loc
	Msg string
}

// Error implements error.
func (e *Error) Error() string {
	if s := e.Loc.String(); s != "" {
		return s + ": " + e.Msg
	}
	return e.Msg
}

// Compile turns e into a Kernel.
func (c *Compiler) Compile(e plan.Expr) (Kernel, error) {
	if c.opts.ForceRow {
		return c.compileRow(e)
	}
	return c.compile(e)
}

// compile builds the vector kernel of e, falling back to the row engine
// for a node it does not cover.
func (c *Compiler) compile(e plan.Expr) (Kernel, error) {
	kind := e.Type().Kind
	switch x := e.(type) {
	case *plan.Const:
		v := x.Value
		return func(in Inputs) Vec { return Const(kind, v, in.Len()) }, nil
	case *plan.ColumnRef:
		i := x.Column
		return func(in Inputs) Vec { return in.Column(i) }, nil
	case *plan.EventColumnRef:
		l, col := x.Log, x.Column
		return func(in Inputs) Vec { return in.EventColumn(l, col) }, nil
	case *plan.FeatureRef:
		i := x.Feature
		return func(in Inputs) Vec { return in.Feature(i) }, nil
	case *plan.SegmentRef:
		i := x.Segment
		return func(in Inputs) Vec { return in.Segment(i) }, nil
	case *plan.AggregateRef:
		i := x.Aggregate
		return func(in Inputs) Vec { return in.Aggregate(i) }, nil
	case *plan.ThresholdRef:
		i := x.Threshold
		return func(in Inputs) Vec { return in.Threshold(i) }, nil
	case *plan.Unary:
		return c.compileUnary(x)
	case *plan.Binary:
		return c.compileBinary(x)
	case *plan.Cast:
		return c.compileCast(x)
	case *plan.In:
		return c.compileIn(x)
	case *plan.Call:
		return c.compileCall(x)
	case nil:
		return nil, &Error{Msg: "internal error: missing expression"}
	}
	if k, ok := compileTimeRef(e); ok {
		return k, nil
	}
	if k, ok := compileClusterRef(e); ok {
		return k, nil
	}
	return nil, &Error{Loc: e.Loc(), Msg: fmt.Sprintf("internal error: cannot evaluate %T", e)}
}

// compileArgs compiles each expression.
func (c *Compiler) compileArgs(es ...plan.Expr) ([]Kernel, error) {
	return c.compileEach(c.compile, es...)
}

func (c *Compiler) compileUnary(x *plan.Unary) (Kernel, error) {
	ks, err := c.compileArgs(x.X)
	if err != nil {
		return nil, err
	}
	k := ks[0]
	switch x.Op {
	case "not", "!":
		return func(in Inputs) Vec { return not(asKind(k(in), types.Bool)) }, nil
	case "-":
		kind := x.Type().Kind
		return func(in Inputs) Vec { return neg(asKind(k(in), kind)) }, nil
	}
	return c.compileRow(x)
}

func (c *Compiler) compileCast(x *plan.Cast) (Kernel, error) {
	ks, err := c.compileArgs(x.X)
	if err != nil {
		return nil, err
	}
	k, kind := ks[0], x.Type().Kind
	return func(in Inputs) Vec { return convert(k(in), kind) }, nil
}

func (c *Compiler) compileBinary(x *plan.Binary) (Kernel, error) {
	if k, ok, err := c.compareConstKernel(x); ok || err != nil {
		return k, err
	}
	if k, ok, err := c.arithPickKernel(x); ok || err != nil {
		return k, err
	}
	if k, ok, err := c.compareThresholdKernel(x); ok || err != nil {
		return k, err
	}
	if k, ok, err := c.coalesceThresholdKernel(x); ok || err != nil {
		return k, err
	}
	ks, err := c.compileOperands(x)
	if err != nil {
		return nil, err
	}
	kx, ky, kind := ks[0], ks[1], x.Type().Kind
	op, ok := binaryOp(x.Op)
	if !ok {
		return c.compileRow(x)
	}
	return func(in Inputs) Vec { return op(kx(in), ky(in), kind) }, nil
}

func (c *Compiler) compileIn(x *plan.In) (Kernel, error) {
	ks, err := c.compileArgs(x.X)
	if err != nil {
		return nil, err
	}
	list := make([]any, len(x.List))
	for i, cst := range x.List {
		list[i] = cst.Value
	}
	k := ks[0]
	return func(in Inputs) Vec { return inList(k(in), list) }, nil
}
