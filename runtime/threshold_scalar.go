package runtime

import (
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// thresholdScalar is a threshold held without a vector the size of the
// population: one value for every entity (without `by`), or with groups
// set, each entity's group id and the per-group values (see spread).
// held is false until the threshold's step has set it.
type thresholdScalar struct {
	value       float64
	valid, held bool
	groups      *groupTable
}

// groupTable holds a grouped threshold's values by entity: entity i's
// group's value is value[of[i]+1], valid[of[i]+1]; slot 0 is "no group"
// and is null.
type groupTable struct {
	of    []int32
	value []float64
	valid []bool
}

// held returns threshold i's compact form, or nil when it holds a vector
// (a vector set by explain's replay or an entity run wins) or none yet.
func (e *Evaluation) held(i int) *thresholdScalar {
	if i < len(e.Thresholds) && e.Thresholds[i].N == e.Len() {
		return nil
	}
	if i < 0 || i >= len(e.thresholdScalars) || !e.thresholdScalars[i].held {
		return nil
	}
	return &e.thresholdScalars[i]
}

// ThresholdScalar implements eval.ScalarThresholds: kernels that compare
// with a threshold without `by`, or impute by it, read its value without
// a vector.
func (in entityInputs) ThresholdScalar(i int) (float64, bool, bool) {
	s := in.e.held(i)
	if s == nil || s.groups != nil {
		return 0, false, false
	}
	return s.value, s.valid, true
}

// ThresholdGroups implements eval.GroupedThresholds: a where clause
// comparing with a grouped threshold reads each entity's group's value
// from the per-group table.
func (in entityInputs) ThresholdGroups(i int) ([]int32, []float64, []bool, bool) {
	s := in.e.held(i)
	if s == nil || s.groups == nil {
		return nil, nil, nil, false
	}
	return s.groups.of, s.groups.value, s.groups.valid, true
}

// threshold serves threshold i as a vector: its own, or its compact
// form spread out (made on each call; kernels that can read the compact
// form do).
func (in entityInputs) threshold(i int) eval.Vec {
	s := in.e.held(i)
	switch {
	case s == nil:
		return in.get(in.e.Thresholds, i)
	case s.groups != nil:
		return s.groups.spread()
	case !s.valid:
		return eval.Nulls(types.Float, in.Len())
	}
	return eval.Const(types.Float, s.value, in.Len())
}

// ThresholdVec returns threshold i's per-entity values (the entity's
// group's value for a grouped threshold), made from the compact form
// when the evaluation holds one.
func (e *Evaluation) ThresholdVec(i int) eval.Vec {
	return entityInputs{e}.threshold(i)
}

// ThresholdValue returns threshold i's value for entity j (nil for null
// or out of range), without making a vector.
func (e *Evaluation) ThresholdValue(i, j int) any {
	if j < 0 || j >= e.Len() {
		return nil
	}
	s := e.held(i)
	switch {
	case s != nil && s.groups != nil:
		return s.groups.at(j)
	case s != nil && !s.valid:
		return nil
	case s != nil:
		return s.value
	}
	if i < 0 || i >= len(e.Thresholds) || j >= e.Thresholds[i].N {
		return nil
	}
	return e.Thresholds[i].Value(j)
}

// at returns entity j's group's value, nil when null.
func (g *groupTable) at(j int) any {
	s := g.of[j] + 1
	if !g.valid[s] {
		return nil
	}
	return g.value[s]
}
