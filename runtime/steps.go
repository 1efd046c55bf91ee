package runtime

import (
	"cmp"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/holdout"
	"github.com/segc/segc/runtime/store"
)

// steps runs the plan's steps in order.
func (r *run) steps() error {
	ev := r.ev
	ev.Features = make([]eval.Vec, len(r.p.Features))
	ev.Thresholds = make([]eval.Vec, len(r.p.Thresholds))
	ev.thresholdScalars = make([]thresholdScalar, len(r.p.Thresholds))
	ev.Members = make([][]bool, len(r.p.Segments))
	ev.Holdouts = make([][]bool, len(r.p.Segments))
	ev.Lifecycles = make([]*LifecycleResult, len(r.p.Lifecycles))
	ev.Triggers = make([]*TriggerResult, len(r.p.Triggers))
	ev.Clusters = make([]*ClusterResult, len(r.p.Clusters))
	r.pub = r.newPublisher()
	if err := r.runSteps(); err != nil {
		return err
	}
	r.startDeferred()
	return nil
}

// runSteps runs the steps on both cores (parallelSteps) or, with one
// worker, one after another in plan order.
func (r *run) runSteps() error {
	if w := r.stepWorkers(); w > 1 && len(r.p.Steps) > 1 {
		return r.parallelSteps(w)
	}
	for _, s := range r.p.Steps {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if err := r.step(s); err != nil {
			return err
		}
	}
	return nil
}

// step runs one plan step.
func (r *run) step(s plan.Step) error {
	switch s.Kind {
	case plan.ComputeFeature:
		return runStep(r.p.Features, s, r.feature)
	case plan.ComputeThreshold:
		return runStep(r.p.Thresholds, s, r.threshold)
	case plan.ComputeSegment:
		return runStep(r.p.Segments, s, r.segment)
	case plan.ComputeLifecycle:
		return runStep(r.p.Lifecycles, s, r.publishedLifecycle)
	case plan.ComputeTrigger:
		return runStep(r.p.Triggers, s, r.trigger)
	case plan.ComputeCluster:
		return runStep(r.p.Clusters, s, r.cluster)
	}
	return internal(plan.Loc{}, "unknown step kind %q", s.Kind)
}

// feature computes one feature; a failed one is left empty.
func (r *run) feature(f *plan.Feature) error {
	v, err := r.eval(f.Value)
	r.ev.Features[f.Index] = eval.Vec{}
	if err == nil {
		r.ev.Features[f.Index] = v
	}
	return err
}

// eval evaluates an entity-level expression over the population.
func (r *run) eval(e plan.Expr) (eval.Vec, error) {
	if e == nil {
		return eval.Vec{}, internal(plan.Loc{}, "missing expression")
	}
	k, err := r.ev.compiler.Compile(e)
	if err != nil {
		return eval.Vec{}, wrap(err, e.Loc())
	}
	return k(r.ev.inputs()), nil
}

// condition evaluates a where/require clause to "is true" per entity;
// a nil clause is true everywhere. It narrows everyone by the clause
// (andCondition), so a comparison's bool vector and its "is true" copy
// are never made.
func (r *run) condition(e plan.Expr) ([]bool, error) {
	out := make([]bool, r.ev.Len())
	fill(out, true)
	if err := r.andCondition(out, e); err != nil {
		return nil, err
	}
	return out, nil
}

// segment computes final members: parent member, where true and require
// true; members the holdout hash selects go to the holdout instead. The
// clauses are read in place (no "is true" copy of each).
func (r *run) segment(s *plan.Segment) error {
	members, err := r.parentMembers(s)
	if err != nil {
		return err
	}
	for _, e := range []plan.Expr{s.Where, s.Require} {
		if err := r.andCondition(members, e); err != nil {
			return err
		}
	}
	if s.Holdout > 0 {
		r.ev.Holdouts[s.Index] = r.splitHoldout(s, members)
	}
	r.ev.Members[s.Index] = members
	r.publish(s)
	return nil
}

// parentMembers returns a new membership to narrow: a copy of the
// parent's members, or everyone for a top-level segment.
func (r *run) parentMembers(s *plan.Segment) ([]bool, error) {
	if s.Parent < 0 {
		out := make([]bool, r.ev.Len())
		fill(out, true)
		return out, nil
	}
	if s.Parent >= len(r.ev.Members) || r.ev.Members[s.Parent] == nil {
		return nil, internal(s.Loc, "segment %s is evaluated before its parent", s.Name)
	}
	return slices.Clone(r.ev.Members[s.Parent]), nil
}

// andCondition clears the members for which the where/require clause e
// is not true (null is not true); a nil clause is true everywhere. A
// conjunction narrows by each side in turn: `x and y` is true exactly
// where both are (three-valued), so its own vector is never made; a
// comparison with a literal or threshold narrows in place
// (eval.CompileNarrow), so neither is its bool vector.
func (r *run) andCondition(members []bool, e plan.Expr) error {
	if e == nil {
		return nil
	}
	if x, ok := e.(*plan.Binary); ok && (x.Op == "and" || x.Op == "&&") {
		if err := r.andCondition(members, x.X); err != nil {
			return err
		}
		return r.andCondition(members, x.Y)
	}
	narrow, ok, err := r.ev.compiler.CompileNarrow(e)
	if err != nil {
		return wrap(err, e.Loc())
	}
	if ok {
		narrow(r.ev.inputs(), members)
		return nil
	}
	v, err := r.eval(e)
	if err != nil {
		return err
	}
	if v.Kind != types.Bool && v.Kind != types.Null {
		return internal(e.Loc(), "condition has type %s, not bool", v.Kind)
	}
	if v.Kind != types.Bool {
		clear(members)
		return nil
	}
	b := v.B[:len(members)]
	if v.Valid == nil {
		for i, x := range b {
			members[i] = boolInt(members[i])&boolInt(x) != 0
		}
		return nil
	}
	valid := v.Valid[:len(members)]
	for i, x := range b {
		members[i] = boolInt(members[i])&boolInt(x)&boolInt(valid[i]) != 0
	}
	return nil
}

// fill sets every element of s to x.
func fill[T any](s []T, x T) {
	for i := range s {
		s[i] = x
	}
}

// splitHoldout moves the members the holdout hash selects out of members
// and returns them.
func (r *run) splitHoldout(s *plan.Segment, members []bool) []bool {
	held := make([]bool, len(members))
	keys := r.ev.Outcome.Keys
	for i, m := range members {
		if !m {
			continue
		}
		key := ""
		if keys.Ints != nil {
			key = holdout.IntKey(keys.Ints[i])
		} else {
			key = keys.Strs[i]
		}
		if holdout.In(s.Name, key, s.Holdout) {
			held[i], members[i] = true, false
		}
	}
	return held
}

// collect builds the Outcome's segments: plan order, each holdout right
// after its segment.
func (r *run) collect() error {
	out := r.ev.Outcome
	for _, s := range r.p.Segments {
		out.Segments = append(out.Segments, r.segmentsOf(s)...)
	}
	r.lifecycleOutcome()
	r.triggerOutcome()
	r.sortThresholds()
	return r.clusterOutcome()
}

// sortThresholds puts threshold rows in plan order (steps may compute
// thresholds in another order), keeping each threshold's group order.
func (r *run) sortThresholds() {
	rows := r.ev.Outcome.Thresholds
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(r.thresholdOf[a], r.thresholdOf[b]) })
	sorted := make([]store.ThresholdRow, len(rows))
	for i, o := range order {
		sorted[i] = rows[o]
	}
	r.ev.Outcome.Thresholds = sorted
}

// indexes lists the true positions, ascending, in a slice of their
// number (counted first: growing it by appends allocated about three
// times the members' size). Both loops are branch-free: on members in no
// order, a branch per entity mispredicted often.
func indexes(b []bool) []int32 {
	n := 0
	for _, x := range b {
		n += boolInt(x)
	}
	out := make([]int32, n+1) // the loop writes one past the last member
	k := 0
	for i, x := range b {
		out[k] = int32(i)
		k += boolInt(x)
	}
	return out[:n:n]
}

// runStep runs fn on the plan element a step names. An index out of range
// is an internal error (a compiler bug, never bad input).
func runStep[T any](items []T, s plan.Step, fn func(T) error) error {
	if s.Index < 0 || s.Index >= len(items) {
		return internal(plan.Loc{}, "step reads %s %d of %d", s.Kind, s.Index, len(items))
	}
	return fn(items[s.Index])
}
