package runtime

import (
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// thresholdScalar is a threshold without `by`: one value for every
// entity, held instead of a vector the size of the population. held is
// false until the threshold's step has set it.
type thresholdScalar struct {
	value       float64
	valid, held bool
}

// ThresholdScalar implements eval.ScalarThresholds: kernels that compare
// with a threshold, or impute by it, read its value without a vector. A
// threshold holding a vector (a grouped one, or one set by explain's
// replay or an entity run) is not a scalar.
func (in entityInputs) ThresholdScalar(i int) (float64, bool, bool) {
	e := in.e
	if i < len(e.Thresholds) && e.Thresholds[i].N == e.Len() {
		return 0, false, false
	}
	if i >= len(e.thresholdScalars) || !e.thresholdScalars[i].held {
		return 0, false, false
	}
	s := e.thresholdScalars[i]
	return s.value, s.valid, true
}

// threshold serves threshold i as a vector: its own, or a scalar's value
// repeated (made on each call; kernels that can read the scalar do).
func (in entityInputs) threshold(i int) eval.Vec {
	if v, valid, held := in.ThresholdScalar(i); held {
		if !valid {
			return eval.Nulls(types.Float, in.Len())
		}
		return eval.Const(types.Float, v, in.Len())
	}
	return in.get(in.e.Thresholds, i)
}

// ThresholdVec returns threshold i's per-entity values (the entity's
// group's value for a grouped threshold): Thresholds[i], or for a
// threshold without `by` held as one value, that value repeated.
func (e *Evaluation) ThresholdVec(i int) eval.Vec {
	return entityInputs{e}.threshold(i)
}

// ThresholdValue returns threshold i's value for entity j (nil for null
// or out of range), without making a vector.
func (e *Evaluation) ThresholdValue(i, j int) any {
	if j < 0 || j >= e.Len() {
		return nil
	}
	if v, valid, held := (entityInputs{e}).ThresholdScalar(i); held {
		if !valid {
			return nil
		}
		return v
	}
	if i < 0 || i >= len(e.Thresholds) || j >= e.Thresholds[i].N {
		return nil
	}
	return e.Thresholds[i].Value(j)
}
