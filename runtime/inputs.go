package runtime

import (
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// inputs serves the evaluation's vectors to kernels.
func (e *Evaluation) inputs() eval.Inputs { return entityInputs{e} }

// entityInputs serves an Evaluation's vectors to entity-level kernels.
type entityInputs struct{ e *Evaluation }

func (in entityInputs) Len() int                      { return in.e.Len() }
func (in entityInputs) Column(i int) eval.Vec         { return in.get(in.e.Columns, i) }
func (in entityInputs) Feature(i int) eval.Vec        { return in.get(in.e.Features, i) }
func (in entityInputs) Aggregate(i int) eval.Vec      { return in.get(in.e.Aggregates, i) }
func (in entityInputs) Threshold(i int) eval.Vec      { return in.threshold(i) }
func (in entityInputs) EventColumn(_, _ int) eval.Vec { return eval.Nulls(types.Null, in.Len()) }

// Segment is true for final members, never null.
func (in entityInputs) Segment(i int) eval.Vec {
	if i < len(in.e.Members) && in.e.Members[i] != nil {
		return eval.Bools(in.e.Members[i])
	}
	return eval.Bools(make([]bool, in.Len()))
}

// get returns vs[i], or a null Vec when it has not been computed.
func (in entityInputs) get(vs []eval.Vec, i int) eval.Vec {
	if i < len(vs) && vs[i].N == in.Len() && vs[i].Kind != types.Invalid {
		return vs[i]
	}
	return eval.Nulls(types.Null, in.Len())
}

// EvalExpr evaluates an entity-level plan expression over the whole
// population with this run's computed values, for explain to show the
// value of each clause.
func (e *Evaluation) EvalExpr(x plan.Expr) (eval.Vec, error) {
	k, err := e.compiler.Compile(x)
	if err != nil {
		return eval.Vec{}, wrap(err, x.Loc())
	}
	return k(e.inputs()), nil
}

// EntityIndex returns the entity index of a key (int64 or string).
func (e *Evaluation) EntityIndex(key any) (int, bool) {
	switch k := key.(type) {
	case int64:
		i, ok := slices.BinarySearch(e.Outcome.Keys.Ints, k)
		return i, ok && e.Outcome.Keys.Ints != nil
	case string:
		i, ok := slices.BinarySearch(e.Outcome.Keys.Strs, k)
		return i, ok && e.Outcome.Keys.Strs != nil
	}
	return 0, false
}
