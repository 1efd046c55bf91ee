package runtime

import (
	"context"
	"database/sql"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/store"
)

// Prepared is a population whose columns and aggregates were computed
// elsewhere (by an incremental run from stored state and the changes).
type Prepared struct {
	Keys       store.Keys
	Columns    []eval.Vec // by plan column index
	Aggregates []eval.Vec // by aggregate index
	// DB is where cluster steps read their stored models (as Evaluate's
	// do: a stored model is applied unless the cluster must retrain),
	// lifecycles their stored states and triggers the longer history of
	// their open members.
	DB *sql.DB
	// Time holds the results of the plan's time aggregates (required
	// when the plan has lifecycles or triggers).
	Time *TimeAggregates
	// States, when set, are the lifecycles' stored states, read ahead
	// (ReadStoredStates); otherwise the lifecycle steps read them.
	States *StoredStatesRead
	// Members, when set, are the stored members of segments by name, as
	// ascending entity indexes (what segc_members holds, as an
	// incremental run's state keeps it): a cluster step's stability
	// reads the previous model's segments there instead of from the
	// database. A segment missing from it is read from the database.
	Members map[string][]int32
}

// EvaluatePrepared runs the plan's steps (features, thresholds,
// segments) and collects the outcome over a prepared population, exactly
// as Evaluate does after its load and event stages. Lifecycles and
// triggers read in.Time; the plan must have no sequences (their results
// are not prepared); package incremental checks that.
func EvaluatePrepared(ctx context.Context, p *plan.Plan, reg *builtins.Registry, opts Options, in Prepared) (*Evaluation, error) {
	asOf := opts.AsOf.UTC().Truncate(time.Second)
	r := &run{ctx: ctx, db: in.DB, p: p, opts: opts, asOf: asOf.Unix(), time: newTimeAggs(p), states: in.States, storedMembers: in.Members}
	if in.Time != nil {
		r.time = in.Time.t
	} else if len(p.Lifecycles) > 0 || len(p.Triggers) > 0 {
		return nil, internal(plan.Loc{}, "a prepared population without the time aggregates of lifecycles and triggers")
	}
	r.ev = &Evaluation{Plan: p, AsOf: asOf, Outcome: &store.Outcome{Keys: in.Keys},
		Columns: in.Columns, Aggregates: in.Aggregates,
		compiler: eval.NewCompiler(reg, eval.Options{AsOf: asOf.Unix(), ForceRow: opts.ForceRow})}
	for _, s := range []struct {
		name string
		fn   func() error
	}{{"evaluate steps", r.steps}, {"collect outcome", r.collect}} {
		if opts.Progress != nil {
			opts.Progress(s.name)
		}
		start := time.Now()
		if err := s.fn(); err != nil {
			return nil, wrap(err, plan.Loc{})
		}
		r.ev.Timings = append(r.ev.Timings, StageTiming{Stage: s.name, Duration: time.Since(start)})
	}
	return r.ev, nil
}

// NewCompiler returns the expression compiler an evaluation uses, for scans
// that an incremental run makes with the same builtins and as-of.
func NewCompiler(reg *builtins.Registry, asOf time.Time) *eval.Compiler {
	return eval.NewCompiler(reg, eval.Options{AsOf: asOf.UTC().Truncate(time.Second).Unix()})
}

// keepState records a log's resumable state (Options.KeepState).
func (r *run) keepState(log *plan.EventLog, res *events.Result) {
	if res.State == nil {
		return
	}
	if r.ev.EventStates == nil {
		r.ev.EventStates = make([]*events.State, len(r.p.Logs))
		r.ev.EventRowidHi = make([]int64, len(r.p.Logs))
	}
	r.ev.EventStates[log.Index] = res.State
	r.ev.EventRowidHi[log.Index] = res.RowidHi
}
