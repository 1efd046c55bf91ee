package eval

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// ScalarThresholds is implemented by Inputs that may hold a threshold
// without `by` as one value shared by every entity instead of a vector
// the size of the population.
type ScalarThresholds interface {
	// ThresholdScalar returns threshold i's value and whether it is
	// non-null; held is false when i is not held as a scalar.
	ThresholdScalar(i int) (value float64, valid, held bool)
}

// thresholdScalar returns threshold i as a scalar when in holds it so.
func thresholdScalar(in Inputs, i int) (float64, bool, bool) {
	s, ok := in.(ScalarThresholds)
	if !ok {
		return 0, false, false
	}
	return s.ThresholdScalar(i)
}

// thresholdOperand splits a binary expression with a threshold reference
// on one side into the other side and the reference; flipped is true when
// the reference was on the left.
func thresholdOperand(x *plan.Binary) (other plan.Expr, ref *plan.ThresholdRef, flipped, ok bool) {
	if r, isRef := x.Y.(*plan.ThresholdRef); isRef {
		return x.X, r, false, true
	}
	if r, isRef := x.X.(*plan.ThresholdRef); isRef {
		return x.Y, r, true, true
	}
	return nil, nil, false, false
}

// compareThresholdKernel compiles a comparison with a threshold
// (`monetary >= percentile(monetary, 90)`) to a loop against its value
// when the inputs hold it as a scalar (ScalarThresholds), so that no
// vector repeating it is read or made; ok is false for anything else.
func (c *Compiler) compareThresholdKernel(x *plan.Binary) (Kernel, bool, error) {
	other, ref, flipped, ok := thresholdOperand(x)
	if !ok || !plan.IsComparison(x.Op) {
		return nil, false, nil
	}
	op := x.Op
	if flipped {
		op = plan.FlipComparison(op)
	}
	k, err := c.compileNumber(other) // ints cast to float compare chunk by chunk
	if err != nil {
		return nil, false, err
	}
	full, _ := binaryOp(op)
	i := ref.Threshold
	return func(in Inputs) Vec {
		xv := k(in)
		if v, valid, held := thresholdScalar(in, i); held {
			if !valid {
				return Nulls(types.Bool, in.Len())
			}
			if out, ok := compareScalar(op, xv, v); ok {
				return out
			}
		}
		return full(xv, in.Threshold(i), types.Bool)
	}, true, nil
}

// coalesceThresholdKernel compiles `x ?? threshold` (a missing value
// imputed by a statistic) to a pick between x and the threshold's value
// when the inputs hold it as a scalar; ok is false for anything else.
func (c *Compiler) coalesceThresholdKernel(x *plan.Binary) (Kernel, bool, error) {
	ref, isRef := x.Y.(*plan.ThresholdRef)
	kind := x.Type().Kind
	if !isRef || x.Op != "??" || storage(kind) != types.Float {
		return nil, false, nil
	}
	k, err := c.compile(x.X)
	if err != nil {
		return nil, false, err
	}
	i := ref.Threshold
	return func(in Inputs) Vec {
		xv := asKind(k(in), kind)
		if v, valid, held := thresholdScalar(in, i); held && valid && storage(xv.Kind) == types.Float {
			return coalesceScalar(xv, v, kind)
		}
		return coalesce(xv, in.Threshold(i), kind)
	}, true, nil
}

// coalesceScalar is coalesce of a float x with the non-null value c
// repeated: x where it is valid, else c; never null.
func coalesceScalar(x Vec, c float64, kind types.Kind) Vec {
	if x.Valid == nil {
		return x
	}
	out := Alloc(kind, x.N)
	for i, ok := range x.Valid[:x.N] {
		if ok {
			out.F[i] = x.F[i]
		} else {
			out.F[i] = c
		}
	}
	return out
}

// GroupedThresholds is implemented by Inputs that may hold a threshold
// with `by` as each entity's group id and the groups' values instead of
// a vector the size of the population.
type GroupedThresholds interface {
	// ThresholdGroups returns threshold i as group ids (of, -1 for no
	// group) and per-group tables: entity j's value is value[of[j]+1],
	// non-null where valid[of[j]+1]. held is false when i is not held so.
	ThresholdGroups(i int) (of []int32, value []float64, valid []bool, held bool)
}

// thresholdGroups returns threshold i's groups when in holds it so.
func thresholdGroups(in Inputs, i int) ([]int32, []float64, []bool, bool) {
	g, ok := in.(GroupedThresholds)
	if !ok {
		return nil, nil, nil, false
	}
	return g.ThresholdGroups(i)
}
