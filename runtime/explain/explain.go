package explain

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
)

// Options say what to explain.
type Options struct {
	// Segment is a stored segment name: NAME, parent.child or NAME.holdout.
	Segment string
	// Key is the entity's key, int64 or string as ParseKey returns it.
	Key any
	// AsOf, when set, recomputes everything at that instant (nothing is
	// written); zero explains the latest stored run with its recorded
	// thresholds.
	AsOf time.Time
	// Progress, when set, is called with each evaluation stage's name.
	Progress func(stage string)
}

// Explain says why the entity opts.Key is or is not a member of
// opts.Segment. Errors: *UnknownSegmentError, *NoEntityError,
// ErrNoStoredRun, *runtime.RunError, or an I/O error.
func Explain(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options) (*Explanation, error) {
	seg, heldOut, err := resolveSegment(p, opts.Segment)
	var target timeTarget
	if err != nil {
		if target, err = resolveTimeTarget(p, opts.Segment, err); err != nil {
			return nil, err
		}
	}
	if err := checkEntity(ctx, db, p, opts.Key); err != nil {
		return nil, err
	}
	x := &Explanation{Entity: opts.Key, KeyColumn: p.KeyColumn(), Segment: opts.Segment, Source: "recomputed", AsOf: opts.AsOf.UTC().Truncate(time.Second)}
	var run storedRun
	if opts.AsOf.IsZero() {
		if run, err = latestRun(ctx, db); err != nil {
			return nil, err
		}
		x.Source, x.RunID, x.AsOf = "stored", run.id, run.asOf
	}
	ev, err := runtime.Evaluate(ctx, db, p, reg, runtime.Options{AsOf: x.AsOf, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	i, ok := ev.EntityIndex(opts.Key)
	if !ok {
		return nil, noEntity(p, opts.Key, ev.Outcome.Keys)
	}
	b := &builder{p: p, ev: ev, i: i, ctx: ctx, db: db, key: opts.Key, asOf: x.AsOf.Unix(), runID: x.RunID}
	if x.Source == "stored" {
		if b.recorded, err = x.useRun(ctx, db, ev, run); err != nil {
			return nil, err
		}
	}
	if len(p.Lifecycles)+len(p.Triggers) > 0 {
		if b.matches, err = readMatches(ctx, db, p, reg, opts.Key, b.asOf); err != nil {
			return nil, err
		}
	}
	if seg == nil {
		return x, x.explainTime(ctx, db, b, target)
	}
	if x.Tree, err = b.segment(seg); err != nil {
		return nil, err
	}
	x.HeldOut = ev.Holdouts[seg.Index] != nil && ev.Holdouts[seg.Index][i]
	x.Member = x.Tree.Verdict == True
	if heldOut {
		x.Member = x.HeldOut
	}
	if x.Source == "stored" {
		return x, x.compareStored(ctx, db, seg)
	}
	return x, nil
}

// useRun replays the evaluation with the run's recorded thresholds and
// notes what differs from the run: definitions, unrecorded thresholds.
func (x *Explanation) useRun(ctx context.Context, db *sql.DB, ev *runtime.Evaluation, run storedRun) ([]bool, error) {
	rec, err := readThresholds(ctx, db, run.id)
	if err != nil {
		return nil, err
	}
	used, err := replay(ev, rec)
	if err != nil {
		return nil, err
	}
	if run.planHash != ev.Plan.Hash {
		x.Notes = append(x.Notes, fmt.Sprintf("the definitions changed since run %d: this applies the current definitions to the current data, with the thresholds run %d recorded", run.id, run.id))
	}
	for i, t := range ev.Plan.Thresholds {
		if !used[i] {
			x.Notes = append(x.Notes, fmt.Sprintf("run %d recorded no value for %s (used by %s); it is recomputed from the current data", run.id, t.Text, t.Owner))
		}
	}
	return used, nil
}

// compareStored reads segc_members for the entity and notes when it
// disagrees with the explanation (the data changed since the run).
func (x *Explanation) compareStored(ctx context.Context, db *sql.DB, seg *plan.Segment) error {
	return x.compareStoredName(ctx, db, seg.Name, seg.Holdout > 0)
}

// compareStoredName compares with segc_members' rows of segment name
// (and name.holdout when hasHoldout).
func (x *Explanation) compareStoredName(ctx context.Context, db *sql.DB, name string, hasHoldout bool) error {
	st := &Stored{RunID: x.RunID}
	var err error
	if st.Member, err = storedMember(ctx, db, name, x.Entity); err != nil {
		return err
	}
	if hasHoldout {
		if st.HeldOut, err = storedMember(ctx, db, name+".holdout", x.Entity); err != nil {
			return err
		}
	}
	st.Agrees = st.Member == (x.Tree.Verdict == True) && st.HeldOut == x.HeldOut
	x.Stored = st
	if !st.Agrees {
		x.Notes = append(x.Notes, fmt.Sprintf("segc_members disagrees: run %d stored %s; the data changed since that run (run 'segc run' to update the membership)", x.RunID, membershipText(name, st.Member, st.HeldOut)))
	}
	return nil
}

// membershipText says "a member of s", "in s.holdout" or "not a member of s".
func membershipText(seg string, member, heldOut bool) string {
	switch {
	case member:
		return "it as a member of " + seg
	case heldOut:
		return "it in " + seg + ".holdout"
	}
	return "it as not a member of " + seg
}
