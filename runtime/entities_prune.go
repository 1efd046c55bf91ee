package runtime

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// Pruning restricts a per-entity evaluation to the steps that need
// recomputing (segc serve after an event: the steps that read the event
// logs that received events, see plan.Deps). The evaluation computes the
// Dirty steps and every step they read (Deps.Needed), reads only the
// event logs and entity columns those steps read, and reports only the
// stored segments of the steps it computed: the caller keeps its
// membership of the others, which must be what an evaluation at the same
// instant would give them (their inputs did not change since the
// entity's previous evaluation, and time passing alone did not change
// them: the entity is not due).
//
// The evaluation's Next then covers only the computed steps: the caller
// takes, per entity, the earlier of it and the entity's previous Next.
type Pruning struct {
	// Deps is plan.NewDeps of the evaluated plan.
	Deps *plan.Deps
	// Dirty marks, by position in the plan's Steps, the steps to
	// recompute.
	Dirty []bool
}

// EvaluateEntitiesPruned is EvaluateEntitiesFold computing only what
// prune needs (nil: everything, as EvaluateEntitiesFold).
func EvaluateEntitiesPruned(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options, keys store.Keys, fixed *Evaluation, start *Start, fold *EntityFold, prune *Pruning) (*EntityEvaluation, error) {
	if fold != nil && fold.p != p {
		fold = nil
	}
	return evaluateEntities(ctx, db, p, reg, opts, keys, fixed, start, fold, prune)
}

// setPruning derives the steps, logs and columns to compute from prune
// (nil: all).
func (x *entityRun) setPruning(prune *Pruning) error {
	if prune == nil {
		return nil
	}
	d := prune.Deps
	if d == nil || len(d.Reads) != len(x.p.Steps) || len(prune.Dirty) != len(x.p.Steps) {
		return fmt.Errorf("evaluating entities: the pruning does not describe this plan's %d steps", len(x.p.Steps))
	}
	x.need = d.Needed(prune.Dirty)
	x.needLog, x.needColumn = make([]bool, len(x.p.Logs)), make([]bool, len(x.p.Columns))
	for i, need := range x.need {
		if !need {
			continue
		}
		for _, l := range d.Logs[i] {
			x.needLog[l] = true
		}
		for _, c := range d.Columns[i] {
			x.needColumn[c] = true
		}
	}
	return nil
}

// readsLog reports whether the computed steps read event log l.
func (x *entityRun) readsLog(l int) bool {
	return x.needLog == nil || (l < len(x.needLog) && x.needLog[l])
}

// readsColumn reports whether the computed steps read entity column c.
func (x *entityRun) readsColumn(c int) bool {
	return x.needColumn == nil || (c >= 0 && c < len(x.needColumn) && x.needColumn[c])
}

// readsTable reports whether the computed steps read a column of the
// joined table t.
func (x *entityRun) readsTable(t *plan.Table) bool {
	for _, c := range x.p.Columns {
		if c.Table == t.Name && x.readsColumn(c.Index) {
			return true
		}
	}
	return false
}

// skip stands for a step that is not computed: a threshold's fixed rows
// still go to the outcome (the run records the thresholds in use).
func (x *entityRun) skip(s plan.Step) {
	if s.Kind == plan.ComputeThreshold && s.Index >= 0 && s.Index < len(x.p.Thresholds) {
		x.fixedRows(x.p.Thresholds[s.Index])
	}
}

// pruneOutcome leaves out of the outcome the segments (and holdouts)
// that were not computed, so that the caller keeps their membership.
// collect put the plan's segments first, in plan order, each holdout
// right after its segment.
func (x *entityRun) pruneOutcome() error {
	if x.need == nil {
		return nil
	}
	all := x.ev.Outcome.Segments
	segs, j := all[:0], 0
	for _, s := range x.p.Segments {
		n := 1
		if s.Holdout > 0 {
			n = 2
		}
		if j+n > len(all) || all[j].Name != s.Name {
			return internal(s.Loc, "the outcome does not list segment %s in plan order", s.Name)
		}
		if x.ev.Members[s.Index] != nil {
			segs = append(segs, all[j:j+n]...)
		}
		j += n
	}
	x.ev.Outcome.Segments = append(segs, all[j:]...)
	return nil
}
