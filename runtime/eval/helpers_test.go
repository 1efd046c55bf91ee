package eval

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// testInputs serves entity columns, features, segments, aggregates and
// thresholds from fixed Vecs.
type testInputs struct {
	n    int
	cols []Vec
}

func (t testInputs) Len() int                     { return t.n }
func (t testInputs) Column(i int) Vec             { return t.cols[i] }
func (t testInputs) EventColumn(log, col int) Vec { return t.cols[col] }
func (t testInputs) Feature(i int) Vec            { return t.cols[i] }
func (t testInputs) Segment(i int) Vec            { return t.cols[i] }
func (t testInputs) Aggregate(i int) Vec          { return t.cols[i] }
func (t testInputs) Threshold(i int) Vec          { return t.cols[i] }

func ty(k types.Kind) types.Type { return types.Type{Kind: k, Nullable: true} }

func cst(v any, k types.Kind) *plan.Const { return &plan.Const{Node: plan.Node{T: ty(k)}, Value: v} }

func col(i int, k types.Kind) *plan.ColumnRef {
	return &plan.ColumnRef{Node: plan.Node{T: ty(k)}, Column: i}
}

func bin(op string, x, y plan.Expr, k types.Kind) *plan.Binary {
	return &plan.Binary{Node: plan.Node{T: ty(k)}, Op: op, X: x, Y: y}
}

func un(op string, x plan.Expr, k types.Kind) *plan.Unary {
	return &plan.Unary{Node: plan.Node{T: ty(k)}, Op: op, X: x}
}

func cast(x plan.Expr) *plan.Cast { return &plan.Cast{Node: plan.Node{T: ty(types.Float)}, X: x} }

func call(name string, k types.Kind, args ...plan.Expr) *plan.Call {
	return &plan.Call{Node: plan.Node{T: ty(k)}, Func: name, Args: args}
}

func in(x plan.Expr, list ...*plan.Const) *plan.In {
	return &plan.In{Node: plan.Node{T: ty(types.Bool)}, X: x, List: list}
}

// values unboxes a Vec for comparisons.
func values(v Vec) []any {
	out := make([]any, v.N)
	for i := range out {
		out[i] = v.Value(i)
	}
	return out
}
