package incremental

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/store"
)

// Options control how a run uses state.
type Options struct {
	Cold   bool // ignore stored state (it is still saved)
	DryRun bool // write nothing: neither triggers nor state
	// fullState makes a daily run write whole log states, never deltas
	// (tests compare the two).
	fullState bool
}

// Info says how a run was made.
type Info struct {
	Incremental bool
	Reason      string // why the run was cold
	// Reread is the number of entities re-aggregated in full, summed over
	// logs; NewEvents the rows above the high-water marks; Changed the
	// entity rows re-read.
	Reread, NewEvents, Changed int
	// Save writes the state inside the commit's transaction (nil for dry
	// runs and ineligible plans).
	Save store.InTx
}

// String is the line `segc run` prints.
func (i Info) String() string {
	if i.Incremental {
		return fmt.Sprintf("incremental run: %d new events, %d entities re-aggregated, %d entity rows re-read", i.NewEvents, i.Reread, i.Changed)
	}
	return "cold run: " + i.Reason
}

// Evaluate evaluates p as of opts.AsOf, incrementally from the stored
// state when it is valid, otherwise cold; see the package comment.
func Evaluate(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts runtime.Options, io Options) (*runtime.Evaluation, *Info, error) {
	if why := ineligible(p); why != "" {
		ev, err := runtime.Evaluate(ctx, db, p, reg, opts)
		return ev, &Info{Reason: why}, err
	}
	var a *armed
	var err error
	if !io.DryRun {
		progress(opts, "arm change triggers")
		if a, err = arm(ctx, db, p); err != nil {
			return nil, nil, err
		}
	}
	st, reason, err := usable(ctx, db, p, opts, io, a)
	if err != nil {
		return nil, nil, err
	}
	if st == nil {
		return cold(ctx, db, p, reg, opts, io, a, reason)
	}
	inc := &incRun{ctx: ctx, db: db, p: p, reg: reg, opts: opts, st: st, a: a, full: io.fullState, dry: io.DryRun}
	ev, info, err := inc.evaluate()
	st.finishLoad() // when the run stopped before it: end the load's transaction
	if err == nil && info == nil {
		return cold(ctx, db, p, reg, opts, io, a, inc.reason)
	}
	return ev, info, err
}

// ineligible says why a plan cannot run incrementally ("" when it can).
func ineligible(p *plan.Plan) string {
	switch {
	case p.Entities == nil:
		return "incremental runs need an entities table"
	case len(p.Tables) > 0:
		return "incremental runs do not support joined tables yet"
	case eventLevelAsOf(p):
		return "incremental runs do not support as-of in event filters (days_since, hours_since) yet"
	}
	for _, a := range p.Aggregates {
		if !events.Resumable(a) {
			return "incremental runs do not support then() sequences yet"
		}
	}
	return ""
}

// usable loads the stored state and checks it fits this run.
func usable(ctx context.Context, db *sql.DB, p *plan.Plan, opts runtime.Options, io Options, a *armed) (*saved, string, error) {
	if io.Cold {
		return nil, "--cold", nil
	}
	if a != nil && !a.intact {
		return nil, "no incremental state: segc's change triggers were missing (a first run, or dropped since); they are installed now, so the next run can be incremental", nil
	}
	progress(opts, "load incremental state")
	st, err := loadSaved(ctx, db, p)
	switch {
	case errors.Is(err, errUndecodable):
		return nil, err.Error() + " (saved by another segc version?)", nil
	case err != nil:
		return nil, "", err
	case st == nil:
		return nil, "no incremental state yet", nil
	case st.planHash != p.Hash:
		return nil, "the plan changed since the state was saved", nil
	case asOfUnix(opts.AsOf) < st.asOf:
		st.finishLoad()
		return nil, "the as-of is before the stored state's", nil
	}
	return st, "", nil
}

func asOfUnix(t time.Time) int64 { return t.UTC().Truncate(time.Second).Unix() }

// cold runs runtime.Evaluate keeping state, and saves it unless dry.
func cold(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, opts runtime.Options, io Options, a *armed, reason string) (*runtime.Evaluation, *Info, error) {
	opts.KeepState = !io.DryRun
	ev, err := runtime.Evaluate(ctx, db, p, reg, opts)
	if err != nil {
		return nil, nil, err
	}
	info := &Info{Reason: reason}
	if !io.DryRun {
		info.Save = encodeWhileStoring(func() (*saved, error) {
			outs, err := fullOuts(ev.EventStates)
			if err != nil {
				return nil, err
			}
			return stateOf(p, ev, a, ev.EventRowidHi, outs)
		})
	}
	return ev, info, nil
}

// encodeWhileStoring starts encoding the state to save at once, so that
// it overlaps the store's member inserts (single-threaded in SQLite), and
// returns the commit hook that waits for it and writes it. The encoding
// only reads the evaluation, which the store does not change.
func encodeWhileStoring(encode func() (*saved, error)) store.InTx {
	type encoded struct {
		st  *saved
		err error
	}
	done := make(chan encoded, 1)
	go func() {
		st, err := encode()
		done <- encoded{st, err}
	}()
	return func(ctx context.Context, conn *sql.Conn, runID int64) error {
		select {
		case e := <-done:
			if e.err != nil {
				return fmt.Errorf("encoding the incremental state: %w", e.err)
			}
			return e.st.save(ctx, conn, runID)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// stateOf builds the state to save after an evaluation; outs are what to
// write for each log with a state, encoded (tails nil for the others).
// It keeps the outcome's segments without reading their members: a
// deferred cluster's are filled in by the store (Outcome.Later) before
// the commit hook saves them, while this may run on the encoding
// goroutine.
func stateOf(p *plan.Plan, ev *runtime.Evaluation, a *armed, hwm []int64, outs []logOut) (*saved, error) {
	st := &saved{planHash: p.Hash, asOf: ev.AsOf.Unix(), n: ev.Len(), mark: a.mark,
		hwm: make([]int64, len(p.Logs)), keys: ev.Outcome.Keys, cols: ev.Columns, out: make([]logOut, len(p.Logs)),
		members: ev.Outcome.Segments, stateBlobs: encodeLifecycles(ev)}
	for i := range p.Logs {
		if i < len(outs) && outs[i].tails != nil {
			st.out[i], st.hwm[i] = outs[i], hwm[i]
		}
	}
	return st, nil
}

// logAggs are the aggregates one log's scan computes, in the order the
// runtime passes them (so saved states line up): the plan's, then the
// time aggregates of lifecycles and triggers.
func logAggs(p *plan.Plan, log int) []*plan.Aggregate {
	return logAggsOf(p, runtime.NewTimeAggregates(p), log)
}

// logAggsOf is logAggs with the time aggregates t (built from p), whose
// results the run takes back by identity (TimeAggregates.Take).
func logAggsOf(p *plan.Plan, t *runtime.TimeAggregates, log int) []*plan.Aggregate {
	var out []*plan.Aggregate
	for _, a := range p.Aggregates {
		if a.Log == log && a.Func != plan.Sequence {
			out = append(out, a)
		}
	}
	return append(out, t.ForLog(log)...)
}

// columnsOf lists the plan columns of the entities table (index order).
func columnsOf(p *plan.Plan) []*plan.Column {
	var out []*plan.Column
	for _, c := range p.Columns {
		if c.Table == p.Entities.Name {
			out = append(out, c)
		}
	}
	return out
}
