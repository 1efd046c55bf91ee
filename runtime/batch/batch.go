// Package batch runs one evaluation end to end: check the declared schema
// against the database, evaluate the plan, and store the outcome in one
// transaction, or record the failure and leave the previous membership
// intact.
package batch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/incremental"
	"github.com/segc/segc/runtime/schema"
	"github.com/segc/segc/runtime/store"
)

// Options control one run.
type Options struct {
	AsOf     time.Time // UTC evaluation instant
	DryRun   bool      // evaluate and diff, write nothing
	Retrain  bool      // train every cluster model anew
	Progress func(stage string)
	// InTx, when set, runs inside the commit's transaction once the
	// membership and segc_changes are written (store.CommitWith).
	InTx store.InTx
	// Cold ignores the incremental state (segc run --cold); the run
	// still saves state for the next one.
	Cold bool
}

// Result is what a run produced.
type Result struct {
	Summary    *store.Summary
	Evaluation *runtime.Evaluation
	Elapsed    time.Duration
	// Incremental says whether the run used stored state, and why not.
	Incremental *incremental.Info
}

// errSchema is returned (wrapped) when the database does not match the
// declarations; the diagnostics say where.
var errSchema = errors.New("the database does not match the declared schema")

// IsSchemaError reports whether err came from the schema check.
func IsSchemaError(err error) bool { return errors.Is(err, errSchema) }

// Run evaluates p on db as of opts.AsOf. Schema mismatches come back as
// diagnostics with a non-nil error. Unless DryRun, a failure after the schema
// check is recorded in segc_runs and membership is left as it was.
func Run(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts Options) (*Result, diag.List, error) {
	start := time.Now()
	run := store.Run{StartedAt: start.UTC().Truncate(time.Second), AsOf: opts.AsOf, PlanHash: p.Hash}
	if diags := schema.Check(ctx, db, p); diags.HasErrors() {
		cause := fmt.Errorf("%w: %s", errSchema, diags[0].Message)
		return nil, diags, recordFailure(ctx, db, run, opts.DryRun, cause)
	}
	// A first training of a cluster runs while the store inserts the other
	// segments (runtime.Options.DeferClusters); a dry run reads the
	// evaluation at once, so it trains in line.
	rtOpts := runtime.Options{AsOf: opts.AsOf, Progress: opts.Progress, Retrain: opts.Retrain, DeferClusters: !opts.DryRun}
	pipe := startPipe(ctx, db, run, opts, &rtOpts)
	ev, info, err := incremental.Evaluate(ctx, db, p, reg, rtOpts, incremental.Options{Cold: opts.Cold, DryRun: opts.DryRun})
	if err != nil {
		pipe.abort()
		return nil, nil, recordFailure(ctx, db, run, opts.DryRun, err)
	}
	opts.InTx = chainTx(opts.InTx, info.Save)
	summary, err := storeOutcome(ctx, db, run, ev.Outcome, opts, pipe)
	if err == nil {
		err = ev.Wait() // already joined by the store; never left running
	}
	if err != nil {
		_ = ev.Wait()
		return nil, nil, recordFailure(ctx, db, run, opts.DryRun, err)
	}
	return &Result{Summary: summary, Evaluation: ev, Elapsed: time.Since(start), Incremental: info}, nil, nil
}

// chainTx runs both hooks in order (either may be nil).
func chainTx(a, b store.InTx) store.InTx {
	if a == nil || b == nil {
		if a == nil {
			return b
		}
		return a
	}
	return func(ctx context.Context, conn *sql.Conn, runID int64) error {
		if err := a(ctx, conn, runID); err != nil {
			return err
		}
		return b(ctx, conn, runID)
	}
}

// storeOutcome commits the outcome, or only diffs it for a dry run. The
// pipe, when set, has been writing the segments published so far; it
// writes the rest and commits.
func storeOutcome(ctx context.Context, db *sql.DB, run store.Run, out *store.Outcome, opts Options, pipe *pipeline) (*store.Summary, error) {
	if opts.DryRun {
		if opts.Progress != nil {
			opts.Progress("diff against the stored membership (dry run: nothing is written)")
		}
		return store.Preview(ctx, db, out)
	}
	if opts.Progress != nil {
		opts.Progress(pipe.storeStage())
	}
	if pipe != nil {
		return pipe.Finish(out, opts.InTx)
	}
	// Commit creates missing segc tables inside its own transaction: one
	// commit (and its syncs) instead of one per CREATE.
	return store.CommitWith(ctx, db, run, out, opts.InTx)
}

// recordFailure notes a failed run in segc_runs (not for dry runs) and
// returns the original error, annotated if recording failed too.
func recordFailure(ctx context.Context, db *sql.DB, run store.Run, dryRun bool, cause error) error {
	if dryRun || ctx.Err() != nil {
		return cause
	}
	if err := store.EnsureSchema(ctx, db); err != nil {
		return fmt.Errorf("%w (and the failure could not be recorded: %v)", cause, err)
	}
	if _, err := store.RecordFailure(ctx, db, run, cause); err != nil {
		return fmt.Errorf("%w (and the failure could not be recorded: %v)", cause, err)
	}
	return cause
}
