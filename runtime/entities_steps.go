package runtime

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// steps runs the plan's steps for the entities: thresholds come from the
// fixed evaluation, lifecycles step from the entities' stored states and
// clusters apply the stored model; the rest is as in a full run.
func (x *entityRun) steps() error {
	ev := x.ev
	ev.Features = make([]eval.Vec, len(x.p.Features))
	ev.Thresholds = make([]eval.Vec, len(x.p.Thresholds))
	ev.Members = make([][]bool, len(x.p.Segments))
	ev.Holdouts = make([][]bool, len(x.p.Segments))
	ev.Lifecycles = make([]*LifecycleResult, len(x.p.Lifecycles))
	ev.Triggers = make([]*TriggerResult, len(x.p.Triggers))
	ev.Clusters = make([]*ClusterResult, len(x.p.Clusters))
	for i, s := range x.p.Steps {
		if err := x.ctx.Err(); err != nil {
			return err
		}
		if x.need != nil && !x.need[i] {
			x.skip(s)
			continue
		}
		if err := x.step(s); err != nil {
			return err
		}
	}
	return nil
}

func (x *entityRun) step(s plan.Step) error {
	switch {
	case s.Kind == plan.ComputeThreshold && s.Index >= 0 && s.Index < len(x.p.Thresholds):
		return x.fixedThreshold(x.p.Thresholds[s.Index])
	case s.Kind == plan.ComputeLifecycle && s.Index >= 0 && s.Index < len(x.p.Lifecycles):
		return x.entityLifecycle(x.p.Lifecycles[s.Index])
	case s.Kind == plan.ComputeCluster && s.Index >= 0 && s.Index < len(x.p.Clusters):
		return x.applyStoredCluster(x.p.Clusters[s.Index])
	}
	return x.run.step(s)
}

// fixedThreshold gives each entity the value the fixed evaluation
// recorded for t (for its group, with by); a group the fixed evaluation
// did not see gets null. The fixed rows are copied to the outcome.
func (x *entityRun) fixedThreshold(t *plan.Threshold) error {
	values := x.fixedRows(t)
	n := x.ev.Len()
	out := eval.Nulls(types.Float, n)
	var by eval.Vec
	if t.By != nil {
		var err error
		if by, err = x.eval(t.By); err != nil {
			return err
		}
	}
	for i := range n {
		var group any
		if t.By != nil {
			if by.IsNull(i) {
				continue
			}
			group = by.Value(i)
		}
		v, seen := values[groupKeyText(group)]
		if f, ok := v.(float64); ok {
			out.Set(i, f)
		}
		if !seen && t.By != nil {
			x.noteNewGroup(t, group)
		}
	}
	x.ev.Thresholds[t.Index] = out
	return nil
}

// fixedRows copies the fixed evaluation's rows of t to the outcome and
// returns their values by group (groupKeyText).
func (x *entityRun) fixedRows(t *plan.Threshold) map[string]any {
	values := map[string]any{}
	for _, row := range x.fixed.Outcome.Thresholds {
		if row.Segment == t.Owner && row.Expr == t.Text {
			values[groupKeyText(row.GroupKey)] = row.Value
			x.ev.Outcome.Thresholds = append(x.ev.Outcome.Thresholds, row)
			x.thresholdOf = append(x.thresholdOf, t.Index)
		}
	}
	return values
}

// noteNewGroup records, once, a group of t that the fixed evaluation did
// not see (EntityEvaluation.NewGroups).
func (x *entityRun) noteNewGroup(t *plan.Threshold, group any) {
	name := t.Text + " · " + groupKeyText(group)
	if !slices.Contains(x.newGroups, name) {
		x.newGroups = append(x.newGroups, name)
	}
}

// groupKeyText identifies a group value across its boxed spellings.
func groupKeyText(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// entityLifecycle is lifecycle for a few entities: their previous states
// come from their own segc_states rows.
func (x *entityRun) entityLifecycle(l *plan.Lifecycle) error {
	res, err := x.entityStates(l)
	if err != nil {
		return err
	}
	x.ev.Lifecycles[l.Index] = res
	next, fired, err := fireFirst(l, res, func(k int, tr *plan.Transition) ([]bool, error) {
		return x.transitionHolds(l, k, tr, res)
	})
	if err != nil {
		return err
	}
	x.applyTransitions(res, next, fired)
	return nil
}

// entityStates reads the entities' stored states of l, in batches of
// keys; the others start in the initial state now.
func (x *entityRun) entityStates(l *plan.Lifecycle) (*LifecycleResult, error) {
	n := x.ev.Len()
	res := &LifecycleResult{Lifecycle: l, State: make([]int32, n), Since: make([]int64, n), Fired: make([]int, len(l.Transitions))}
	known := make([]bool, n)
	stateIndex := map[string]int32{}
	for i, s := range l.States {
		stateIndex[s] = int32(i)
	}
	keys := keyList(x.ev.Outcome.Keys)
	for lo := 0; lo < len(keys); lo += 500 {
		if err := x.readStates(l, keys[lo:min(lo+500, len(keys))], stateIndex, res, known); err != nil {
			return nil, err
		}
	}
	overridden := x.start.apply(l, x.ev, stateIndex, res, known)
	res.rewrite = make([]bool, n)
	for i := range known {
		if !known[i] {
			res.State[i], res.Since[i] = int32(l.Initial), x.asOf
			res.New++
		}
		res.rewrite[i] = res.Since[i] == x.asOf || overridden[i]
	}
	return res, nil
}

// readStates reads one batch of keys' stored states.
func (x *entityRun) readStates(l *plan.Lifecycle, keys []any, stateIndex map[string]int32, res *LifecycleResult, known []bool) error {
	q := `SELECT entity_id, state, since FROM segc_states WHERE lifecycle = ? AND entity_id IN (?` + strings.Repeat(", ?", len(keys)-1) + `)`
	rows, err := x.db.QueryContext(x.ctx, q, append([]any{l.Name}, keys...)...)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return fmt.Errorf("reading the states of lifecycle %s: %w", l.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key any
		var state, since string
		if err := rows.Scan(&key, &state, &since); err != nil {
			return fmt.Errorf("reading the states of lifecycle %s: %w", l.Name, err)
		}
		if b, ok := key.([]byte); ok {
			key = string(b)
		}
		s, ok := stateIndex[state]
		i, found := x.ev.EntityIndex(key)
		at, err := parseStoredTime(since)
		if !ok || !found || err != nil {
			continue
		}
		res.State[i], res.Since[i], known[i] = s, min(at, x.asOf), true
	}
	return rows.Err()
}

// parseStoredTime reads a time stored with store.TimeLayout.
func parseStoredTime(s string) (int64, error) {
	t, err := time.Parse(store.TimeLayout, s)
	if err != nil {
		return 0, err
	}
	return t.Unix(), nil
}

// applyStoredCluster assigns the entities with the latest stored model
// of c, never training one.
func (x *entityRun) applyStoredCluster(c *plan.Cluster) error {
	res := &ClusterResult{Cluster: c, spec: c.Spec()}
	if err := x.gatherClusterRows(c, res); err != nil {
		return err
	}
	prev, err := x.previousModel(c)
	if err != nil {
		return err
	}
	if prev == nil || prev.Spec != res.spec {
		return fmt.Errorf("cluster %s has no stored model for its current definition: run a full evaluation first", c.Name)
	}
	if err := x.applyCluster(res, prev); err != nil {
		return wrap(err, c.Loc)
	}
	x.ev.Clusters[c.Index] = res
	return nil
}
