package explain

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/holdout"
)

// replay recomputes the features, thresholds and segments of ev in plan
// order with the threshold values a stored run recorded, so that every
// value and membership the explanation reads is what that run decided
// (on the current data). It returns which thresholds were recorded;
// the others keep their recomputed values.
func replay(ev *runtime.Evaluation, rec recorded) ([]bool, error) {
	p := ev.Plan
	stored := recordedExprs(rec)
	used := make([]bool, len(p.Thresholds))
	for _, s := range p.Steps {
		var err error
		switch s.Kind {
		case plan.ComputeFeature:
			ev.Features[s.Index], err = ev.EvalExpr(p.Features[s.Index].Value)
		case plan.ComputeThreshold:
			t := p.Thresholds[s.Index]
			if stored[recordKey{owner: t.Owner, expr: t.Text}] {
				used[s.Index] = true
				err = substitute(ev, t, rec)
			}
		case plan.ComputeSegment:
			err = resegment(ev, p.Segments[s.Index])
		}
		if err != nil {
			return nil, err
		}
	}
	return used, nil
}

// recordedExprs lists the (owner, expr) pairs that have any row.
func recordedExprs(rec recorded) map[recordKey]bool {
	out := map[recordKey]bool{}
	for k := range rec {
		out[recordKey{owner: k.owner, expr: k.expr}] = true
	}
	return out
}

// substitute sets a threshold's per-entity values from the recorded rows:
// the ungrouped value, or each entity's group's value (null for a null
// group or a group the run did not record).
func substitute(ev *runtime.Evaluation, t *plan.Threshold, rec recorded) error {
	n := ev.Len()
	if t.By == nil {
		ev.Thresholds[t.Index] = floatVec(n, func(int) any { return rec[recordKey{t.Owner, t.Text, ""}] })
		return nil
	}
	by, err := ev.EvalExpr(t.By)
	if err != nil {
		return err
	}
	ev.Thresholds[t.Index] = floatVec(n, func(i int) any {
		if by.IsNull(i) {
			return nil
		}
		return rec[recordKey{t.Owner, t.Text, groupText(by.Value(i))}]
	})
	return nil
}

// floatVec builds a float Vec from stored values (float64, int64 or nil).
func floatVec(n int, at func(int) any) eval.Vec {
	out := eval.Nulls(types.Float, n)
	for i := 0; i < n; i++ {
		switch v := at(i).(type) {
		case float64:
			out.F[i], out.Valid[i] = v, true
		case int64:
			out.F[i], out.Valid[i] = float64(v), true
		}
	}
	return out
}

// resegment recomputes a segment's final members and holdout as the
// runtime does: parent member, where true, require true, then the split.
func resegment(ev *runtime.Evaluation, s *plan.Segment) error {
	where, err := isTrue(ev, s.Where)
	if err != nil {
		return err
	}
	req, err := isTrue(ev, s.Require)
	if err != nil {
		return err
	}
	members := make([]bool, ev.Len())
	var held []bool
	if s.Holdout > 0 {
		held = make([]bool, ev.Len())
	}
	for i := range members {
		members[i] = where[i] && req[i] && (s.Parent < 0 || ev.Members[s.Parent][i])
		if members[i] && held != nil && holdout.In(s.Name, keyText(ev, i), s.Holdout) {
			members[i], held[i] = false, true
		}
	}
	ev.Members[s.Index], ev.Holdouts[s.Index] = members, held
	return nil
}

// isTrue evaluates a condition to "is true" per entity; nil is true.
func isTrue(ev *runtime.Evaluation, e plan.Expr) ([]bool, error) {
	if e == nil {
		out := make([]bool, ev.Len())
		for i := range out {
			out[i] = true
		}
		return out, nil
	}
	v, err := ev.EvalExpr(e)
	if err != nil {
		return nil, err
	}
	return v.True(), nil
}

// keyText is the canonical text of entity i's key for the holdout hash.
func keyText(ev *runtime.Evaluation, i int) string {
	if k := ev.Outcome.Keys; k.Ints != nil {
		return holdout.IntKey(k.Ints[i])
	}
	return ev.Outcome.Keys.Strs[i]
}
