package runtime

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// EntityEvaluation is the evaluation of a few entities (EvaluateEntities):
// an Evaluation whose population is those entities, plus when time
// passing alone may next change their membership.
type EntityEvaluation struct {
	*Evaluation
	// Next is, by entity index, the earliest instant after AsOf (Unix
	// seconds) at which time passing alone may change the entity's
	// membership or let one of its lifecycle transitions fire: a window
	// expiry, an event dated after AsOf becoming visible, a trigger
	// deadline, or a comparison reading days_since, hours_since or
	// time_in flipping (see exprNext); math.MaxInt64 when none. Cluster
	// assignments of as-of-dependent features are not covered.
	Next []int64
	// NewGroups are the `by` groups of thresholds (as "threshold text ·
	// group") that some evaluated entity is in but the fixed evaluation
	// did not see: their threshold is null until a full evaluation
	// computes it.
	NewGroups []string
	// Chain marks, by entity index, the entities for which a lifecycle
	// transition out of their current state already holds after this
	// evaluation (they took another one, and take at most one per
	// evaluation): their next evaluation steps it at whatever instant,
	// even the same one, so it must compute their lifecycles (nil:
	// none).
	Chain []bool
}

// EvaluateEntities evaluates plan p for the given entities alone, at
// opts.AsOf: it reads their entity rows and all their events (by key,
// through an index led by the key column when the log has one), and
// computes their aggregates, features, segments, lifecycle transitions
// and triggers. Population statistics (percentiles, means) and cluster
// models are not recomputed: thresholds come from fixed (a full
// evaluation of the same plan; required when p has thresholds) and
// cluster assignments from the latest stored model. Lifecycles step
// from the entities' rows of segc_states. With an entities table, keys
// it does not hold are left out of the population; without one, every
// key is in it. Keys may repeat and come in any order.
func EvaluateEntities(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options, keys store.Keys, fixed *Evaluation) (*EntityEvaluation, error) {
	return EvaluateEntitiesFrom(ctx, db, p, reg, opts, keys, fixed, nil)
}

// EvaluateEntitiesFrom is EvaluateEntities with the lifecycle states of
// the entities in start (may be nil) taken from start instead of
// segc_states: a replay steps an entity from the states it had at an
// earlier instant (see ReplayLifecycles).
func EvaluateEntitiesFrom(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options, keys store.Keys, fixed *Evaluation, start *Start) (*EntityEvaluation, error) {
	return evaluateEntities(ctx, db, p, reg, opts, keys, fixed, start, nil, nil)
}

// evaluateEntities is EvaluateEntitiesFrom through fold (nil: every log's
// events are read), computing only the steps prune needs (nil: all).
func evaluateEntities(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options, keys store.Keys, fixed *Evaluation, start *Start, fold *EntityFold, prune *Pruning) (*EntityEvaluation, error) {
	if len(p.Thresholds) > 0 && (fixed == nil || fixed.Plan != p) {
		return nil, fmt.Errorf("evaluating entities: the plan has population statistics, so a full evaluation of the same plan must supply them")
	}
	asOf := opts.AsOf.UTC().Truncate(time.Second)
	r := &run{ctx: ctx, db: db, p: p, opts: opts, asOf: asOf.Unix(), time: newTimeAggs(p)}
	r.ev = &Evaluation{Plan: p, AsOf: asOf, Outcome: &store.Outcome{},
		compiler: eval.NewCompiler(reg, eval.Options{AsOf: asOf.Unix(), ForceRow: opts.ForceRow})}
	x := &entityRun{run: r, fixed: fixed, featAsOf: map[int]bool{}, start: start, fold: fold}
	if err := x.setPruning(prune); err != nil {
		return nil, err
	}
	for _, stage := range []func() error{
		func() error { return x.loadEntities(keys) },
		x.eventPass,
		x.steps,
		r.collect,
		x.pruneOutcome,
		x.stateSince,
	} {
		if err := ctx.Err(); err != nil {
			return nil, wrap(err, plan.Loc{})
		}
		if err := stage(); err != nil {
			return nil, wrap(err, plan.Loc{})
		}
	}
	next := x.next()
	if err := x.exprNext(next); err != nil {
		return nil, wrap(err, plan.Loc{})
	}
	return &EntityEvaluation{Evaluation: r.ev, Next: next, NewGroups: x.newGroups, Chain: x.chain}, nil
}

// entityRun is a run over a few entities.
type entityRun struct {
	*run
	fixed *Evaluation
	// start overrides some entities' stored lifecycle states (nil: none).
	start *Start
	// fold keeps the aggregates' state across evaluations (nil: none).
	fold *EntityFold
	// expiry are, per event log, Stamps aggregates over all the matching
	// events of each windowed aggregate, for Next.
	expiry []expiryList
	// stateNext are the event logs' State.Next (events dated after as-of
	// becoming visible, among others).
	stateNext [][]int64
	// featAsOf memoises, by feature index, whether a feature depends on
	// as-of (dependsOnAsOf).
	featAsOf map[int]bool
	// newGroups are the groups fixedThreshold found no fixed value for.
	newGroups []string
	// need marks, by position in the plan's Steps, the steps to compute
	// (nil: all); see Pruning.
	need []bool
	// needLog and needColumn mark the event logs and entity columns the
	// needed steps read (nil: all).
	needLog, needColumn []bool
	// chain marks the entities EntityEvaluation.Chain reports.
	chain []bool
}

// expiryList is a windowed aggregate's matching events.
type expiryList struct {
	agg    *plan.Aggregate // the plan's aggregate
	stamps events.EntityStamps
}

// loadEntities sets the population: the sorted distinct keys, restricted
// to the entities table's rows when there is one, with their columns.
func (x *entityRun) loadEntities(keys store.Keys) error {
	x.ev.Columns = make([]eval.Vec, len(x.p.Columns))
	sorted := sortedKeys(x.p.KeyType.Kind, keys)
	if x.p.Entities == nil {
		x.ev.Outcome.Keys = sorted
		return nil
	}
	t, idx, err := x.loadByKey(x.p.Entities, keyList(sorted))
	if err != nil {
		return err
	}
	x.ev.Outcome.Keys = sortedKeys(x.p.KeyType.Kind, t.Keys)
	x.place(t.Columns, idx)
	for _, jt := range x.p.Tables {
		if !x.readsTable(jt) {
			continue
		}
		t, idx, err := x.loadByKey(jt, keyList(x.ev.Outcome.Keys))
		if err != nil {
			return err
		}
		x.place(load.Align(t, x.ev.Outcome.Keys), idx)
	}
	return nil
}

// loadByKey loads the used columns of table t's rows with the given keys.
func (x *entityRun) loadByKey(t *plan.Table, keys []any) (*load.Table, []int, error) {
	var specs []load.ColumnSpec
	var idx []int
	for _, c := range x.p.Columns {
		if c.Table == t.Name && x.readsColumn(c.Index) {
			specs = append(specs, load.ColumnSpec{Name: c.Name, Type: c.Type})
			idx = append(idx, c.Index)
		}
	}
	lt, err := load.LoadKeys(x.ctx, x.db, t.SQLTable, t.Key, x.p.KeyType.Kind, specs, keys)
	if err != nil {
		return nil, nil, wrap(err, t.Loc)
	}
	return lt, idx, nil
}

// sortedKeys returns the distinct keys sorted, never nil for the kind.
func sortedKeys(kind types.Kind, keys store.Keys) store.Keys {
	if kind == types.Int {
		out := append([]int64{}, keys.Ints...)
		slices.Sort(out)
		return store.Keys{Ints: slices.Compact(out)}
	}
	out := append([]string{}, keys.Strs...)
	slices.Sort(out)
	return store.Keys{Strs: slices.Compact(out)}
}

// keyList boxes keys for SQL arguments.
func keyList(k store.Keys) []any {
	out := make([]any, 0, len(k.Ints)+len(k.Strs))
	for _, v := range k.Ints {
		out = append(out, v)
	}
	for _, v := range k.Strs {
		out = append(out, v)
	}
	return out
}
