package runtime

import (
	"context"
	"database/sql"
	"fmt"
	goruntime "runtime"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// Evaluate runs plan p against db at opts.AsOf and returns the outcome
// with the computed vectors. The same plan, data and as-of always give an
// identical Outcome, whatever opts.Workers is. Errors are *RunError.
func Evaluate(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options) (*Evaluation, error) {
	asOf := opts.AsOf.UTC().Truncate(time.Second)
	r := &run{ctx: ctx, db: db, p: p, opts: opts, asOf: asOf.Unix(), time: newTimeAggs(p), deferring: opts.DeferClusters && canDefer(p)}
	r.ev = &Evaluation{Plan: p, AsOf: asOf, Outcome: &store.Outcome{},
		compiler: eval.NewCompiler(reg, eval.Options{AsOf: asOf.Unix(), ForceRow: opts.ForceRow})}
	stages := []struct {
		name string
		fn   func() error
	}{
		{"load entities", r.loadPopulation},
		{"event aggregates", r.eventPass},
		{"evaluate steps", r.steps},
		{"collect outcome", r.collect},
	}
	for _, s := range stages {
		if err := ctx.Err(); err != nil {
			return nil, r.abandon(wrap(err, plan.Loc{}))
		}
		if opts.Progress != nil {
			opts.Progress(s.name)
		}
		start := time.Now()
		if err := s.fn(); err != nil {
			return nil, r.abandon(wrap(err, plan.Loc{}))
		}
		r.ev.Timings = append(r.ev.Timings, StageTiming{Stage: s.name, Duration: time.Since(start)})
	}
	return r.ev, nil
}

// abandon returns err after joining any cluster training the failed
// evaluation left running, so none outlives it.
func (r *run) abandon(err error) error {
	if r.ev.deferral != nil && r.ev.deferral.done != nil {
		_ = r.ev.deferral.join()
	}
	return err
}

// run is one evaluation's working state.
type run struct {
	ctx  context.Context
	db   *sql.DB
	p    *plan.Plan
	opts Options
	asOf int64
	ev   *Evaluation
	// thresholdOf is the threshold index of each Outcome.Thresholds row.
	thresholdOf []int
	// out, when set, receives what a step running alongside others adds
	// to the shared lists (see parallelSteps).
	out *stepOutput
	// time holds the event pass's extra aggregates for lifecycles,
	// triggers and sequences.
	time *timeAggs
	// deferring is Options.DeferClusters where the plan allows it
	// (canDefer); only Evaluate sets it.
	deferring bool
	// warnings, when set, receives warn's warnings instead of the
	// Evaluation (the deferred training's, added by Wait).
	warnings *[]Warning
	// states, when set, are the lifecycles' stored states read ahead
	// (Prepared.States).
	states *StoredStatesRead
	// storedMembers, when set, are segments' stored members by name
	// (Prepared.Members).
	storedMembers map[string][]int32
	// pub, when set, publishes each segment as its step ends
	// (Options.Publish); steps sets it.
	pub *publisher
}

// workers returns the number of parallel event readers.
func (r *run) workers() int {
	w := r.opts.Workers
	if w <= 0 {
		w = min(goruntime.GOMAXPROCS(0), 4)
	}
	if m := r.db.Stats().MaxOpenConnections; m > 0 {
		w = min(w, m)
	}
	return max(w, 1)
}

// internal reports a plan inconsistency (a compiler bug) at loc.
func internal(loc plan.Loc, format string, args ...any) error {
	return &RunError{Code: "E0505", Loc: loc, Msg: "internal error: " + fmt.Sprintf(format, args...)}
}
