package incremental

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// incRun is one incremental evaluation.
type incRun struct {
	ctx  context.Context
	db   *sql.DB
	p    *plan.Plan
	reg  *builtins.Registry
	opts runtime.Options
	// time are the plan's time aggregates, scanned with each log's;
	// states the lifecycles' stored states, read ahead.
	time   *runtime.TimeAggregates
	states *runtime.StoredStatesRead
	st     *saved
	a      *armed
	// runsHi is segc_runs' largest run_id when the change log was read.
	runsHi int64
	keys   *events.KeyIndex
	// reason is set when the run must be cold after all.
	reason string
	// full: write whole log states (Options.fullState); dry: save nothing
	// (Options.DryRun), so encode nothing either.
	full, dry bool
	// changedEnt are entity rows to re-read; loggedLog per log index the
	// entities whose event rows changed.
	changedEnt []int32
	loggedLog  [][]int32
	info       Info
	// published are the segments the evaluation published, which got
	// their known change then (knowing).
	published map[string]bool
}

// evaluate returns (nil, nil, nil) with r.reason set when it finds the
// run must be cold.
func (r *incRun) evaluate() (*runtime.Evaluation, *Info, error) {
	if r.a == nil {
		a, err := observe(r.ctx, r.db, r.p)
		if err != nil || !a.intact {
			r.reason = "no incremental state: segc's change triggers are not installed (a run without --dry-run installs them)"
			return nil, nil, err
		}
		r.a = a
	}
	if r.reason = r.st.misfit(r.p, r.a); r.reason != "" {
		return nil, nil, nil
	}
	r.keys = events.NewKeyIndex(r.p.KeyType.Kind, r.st.keys)
	if err := r.readLog(); err != nil || r.reason != "" {
		return nil, nil, err
	}
	// The lifecycles' stored states are kept in the state while no other
	// run wrote since; otherwise they are read while the events are
	// aggregated (the read is SQLite's, on one core, and the lifecycle
	// steps would otherwise wait for it).
	known := r.st.statesRun != 0 && r.st.statesRun == r.runsHi
	r.st.statesKnown = known
	if !known {
		r.states = runtime.ReadStoredStates(r.ctx, r.db, r.p)
		defer r.states.Wait()
	}
	progress(r.opts, "incremental event aggregates")
	aggs, states, err := r.eventAggregates()
	if err != nil || r.reason != "" {
		return nil, nil, err
	}
	logs := func() ([]logOut, error) { return nil, nil }
	if !r.dry {
		logs = r.encodeLogs(states)
	}
	progress(r.opts, "re-read changed entity rows")
	if err := r.finishLoad(); err != nil || r.reason != "" {
		return nil, nil, err
	}
	if err := r.refreshColumns(); err != nil || r.reason != "" {
		return nil, nil, err
	}
	if known {
		r.states = runtime.KnownStoredStates(r.st.prevStates)
	}
	logs() // joined before the steps, which read vectors that alias the states (counts)
	ev, err := runtime.EvaluatePrepared(r.ctx, r.p, r.reg, r.knowing(r.opts), runtime.Prepared{Keys: r.st.keys, Columns: r.st.cols, Aggregates: aggs, DB: r.db, Time: r.time, States: r.states, Members: r.st.prevMembers})
	if err != nil {
		return nil, nil, err
	}
	r.st.knownChanges(ev, r.published)
	info := r.info
	info.Incremental = true
	if !r.dry {
		info.Save = encodeWhileStoring(r.encoder(ev, logs))
	}
	return ev, &info, nil
}

// knowing gives each segment the evaluation publishes its known change
// before the caller's Publish gets it (the store then need not diff it).
func (r *incRun) knowing(opts runtime.Options) runtime.Options {
	if publish := opts.Publish; publish != nil {
		r.published = map[string]bool{}
		opts.Publish = func(keys store.Keys, seg *store.SegmentMembers) {
			r.st.knownChange(seg)
			r.published[seg.Name] = true
			publish(keys, seg)
		}
	}
	return opts
}

// encoder returns what encodes the state to save after the evaluation
// ev (the changed segments' members; logs gives the log states, encoded
// meanwhile), which runs while the store writes the membership. It lists
// the members to encode now, before the store starts: the store fills in
// pending segments.
func (r *incRun) encoder(ev *runtime.Evaluation, logs func() ([]logOut, error)) func() (*saved, error) {
	unchanged, ready := r.st.unchanged, readyMembers(ev.Outcome.Segments, r.st.unchanged)
	kept := r.st.keptStates(ev)
	changed, version := r.info.Changed, r.st.version
	return func() (*saved, error) {
		outs, err := logs()
		if err != nil {
			return nil, err
		}
		st, err := stateOf(r.p, ev, r.a, r.a.hwm, outs)
		if err != nil {
			return nil, err
		}
		st.resumed, st.logsOnly, st.version = true, changed == 0, version
		st.unchanged, st.memberBlobs, st.statesKept = unchanged, encodeAll(ready), kept
		return st, nil
	}
}

// encodeLogs encodes what to save of each log's state (a delta and the
// tails, or a new base) on a goroutine of its own as soon as the event
// aggregates are final, while the run waits for the stored columns and
// re-reads changed entity rows, and returns what waits for it. Once
// encoded the states are garbage: the steps no longer hold them (for W1
// at 1M entities, the live heap at the end of the evaluation is 216 MB
// instead of 269: float sums, edge picks, Next). The run joins it before
// the steps, whose input vectors alias some of the states (a count's),
// so that a step changing its input in place could never race with the
// encoding. logs is safe to call more than once.
func (r *incRun) encodeLogs(states []*events.State) (logs func() ([]logOut, error)) {
	type encoded struct {
		outs []logOut
		err  error
	}
	done := make(chan encoded, 1)
	go func() {
		outs := make([]logOut, len(states))
		for i, st := range states {
			if st == nil {
				continue
			}
			o, err := r.st.logs[i].next(st, r.full)
			if err != nil {
				done <- encoded{err: err}
				return
			}
			outs[i] = o
		}
		done <- encoded{outs: outs}
	}()
	return sync.OnceValues(func() ([]logOut, error) {
		e := <-done
		return e.outs, e.err
	})
}

func progress(opts runtime.Options, stage string) {
	if opts.Progress != nil {
		opts.Progress(stage)
	}
}

// finishLoad waits for the stored columns and members (they decode
// while the events are aggregated) and checks them.
func (r *incRun) finishLoad() error {
	err := r.st.finishLoad()
	switch {
	case errors.Is(err, errUndecodable):
		r.reason = err.Error() + " (saved by another segc version?)"
		return nil
	case err != nil:
		return fmt.Errorf("reading the stored incremental state: %w", err)
	}
	r.reason = r.st.lateMisfit(r.p)
	return nil
}

// observe reads the marks without writing (dry runs).
func observe(ctx context.Context, db *sql.DB, p *plan.Plan) (*armed, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	a := &armed{hwm: make([]int64, len(p.Logs)), intact: true}
	for _, w := range watchedTables(p) {
		ok, err := hasTriggers(ctx, conn, w.table)
		if err != nil {
			return nil, err
		}
		a.intact = a.intact && ok
		if w.events {
			if a.hwm[w.log], err = maxRowid(ctx, conn, w.table); err != nil {
				return nil, err
			}
		}
	}
	a.mark, err = logMark(ctx, conn)
	return a, err
}

// readLog reads the change log between the stored and the new mark. It
// checks in the same snapshot that the stored state is still the one
// loaded: another run's save prunes the log up to its own mark.
func (r *incRun) readLog() error {
	r.loggedLog = make([][]int32, len(r.p.Logs))
	err := readTx(r.ctx, r.db, func(conn *sql.Conn) error {
		h, err := readHead(r.ctx, conn)
		if err != nil || h.version != r.st.version {
			r.reason = "another run saved the incremental state while this one read it"
			return err
		}
		if r.runsHi, err = runsHi(r.ctx, conn); err != nil {
			return err
		}
		return r.readLogIn(conn)
	})
	if err != nil {
		return fmt.Errorf("reading the change log: %w", err)
	}
	return nil
}

// readLogIn is readLog inside its transaction.
func (r *incRun) readLogIn(conn *sql.Conn) error {
	rows, err := conn.QueryContext(r.ctx, `SELECT DISTINCT tbl, key FROM segc_inc_log WHERE seq > ? AND seq <= ?`, r.st.mark, r.a.mark)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tbl string
		var key any
		if err := rows.Scan(&tbl, &key); err != nil {
			return err
		}
		r.logged(tbl, key)
	}
	return rows.Err()
}

// logged records one changed key of table tbl.
func (r *incRun) logged(tbl string, key any) {
	e, ok := r.entity(key)
	if tbl == r.p.Entities.SQLTable {
		if !ok {
			r.reason = "entities were inserted"
			return
		}
		r.changedEnt = append(r.changedEnt, e)
	}
	for _, l := range r.p.Logs {
		if l.SQLTable == tbl && ok {
			r.loggedLog[l.Index] = append(r.loggedLog[l.Index], e)
		}
	}
}

// entity finds a stored key's entity index.
func (r *incRun) entity(key any) (int32, bool) {
	if r.p.KeyType.Kind == types.Int {
		k, err := load.DecodeInt(key)
		if err != nil {
			return 0, false
		}
		return r.keys.Int(k)
	}
	return r.keys.Str(load.DecodeString(key))
}

// keyOf returns entity e's key for a query argument.
func (r *incRun) keyOf(e int32) any {
	if r.st.keys.Ints != nil {
		return r.st.keys.Ints[e]
	}
	return r.st.keys.Strs[e]
}

// refreshColumns re-reads the changed entity rows into the stored
// columns. A changed key that is gone means entities were deleted.
func (r *incRun) refreshColumns() error {
	ents := dedup(r.changedEnt)
	r.info.Changed = len(ents)
	if len(ents) == 0 {
		return nil
	}
	cols := columnsOf(r.p)
	specs := make([]load.ColumnSpec, len(cols))
	for i, c := range cols {
		specs[i] = load.ColumnSpec{Name: c.Name, Type: c.Type}
	}
	keys := make([]any, len(ents))
	for i, e := range ents {
		keys[i] = r.keyOf(e)
	}
	t, err := load.LoadKeys(r.ctx, r.db, r.p.Entities.SQLTable, r.p.Entities.Key, r.p.KeyType.Kind, specs, keys)
	if err != nil {
		return err
	}
	if t.Len() != len(ents) {
		r.reason = "entities were deleted"
		return nil
	}
	for row := 0; row < t.Len(); row++ {
		var key any = nil
		if t.Keys.Ints != nil {
			key = t.Keys.Ints[row]
		} else {
			key = t.Keys.Strs[row]
		}
		e, _ := r.entity(key)
		for i, c := range cols {
			r.st.cols[c.Index].Set(int(e), t.Columns[i].Value(row))
		}
	}
	return nil
}

// dedup sorts and removes duplicates.
func dedup(s []int32) []int32 {
	slices.Sort(s)
	return slices.Compact(s)
}

// eventAggregates brings every log's aggregates to the new as-of.
func (r *incRun) eventAggregates() ([]eval.Vec, []*events.State, error) {
	aggs := make([]eval.Vec, len(r.p.Aggregates))
	states := make([]*events.State, len(r.p.Logs))
	compiler := runtime.NewCompiler(r.reg, r.opts.AsOf)
	r.time = runtime.NewTimeAggregates(r.p)
	for _, l := range r.p.Logs {
		la := logAggsOf(r.p, r.time, l.Index)
		if len(la) == 0 {
			continue
		}
		if r.st.logs[l.Index].base == nil || r.st.logs[l.Index].tails == nil {
			r.reason = "the stored state has no aggregates for log " + l.Name
			return nil, nil, nil
		}
		res, err := r.logPass(l, la, compiler)
		if err != nil || r.reason != "" {
			return nil, nil, err
		}
		for i, a := range la {
			if !r.time.Take(a, res, i) {
				aggs[a.Index] = res.Aggs[i]
			}
		}
		states[l.Index] = res.State
	}
	return aggs, states, nil
}

// logPass adds one log's new events to everyone not re-read, then
// re-aggregates the re-read entities from all their events.
func (r *incRun) logPass(l *plan.EventLog, la []*plan.Aggregate, c *eval.Compiler) (*events.Result, error) {
	state, err := r.st.logs[l.Index].decode(la)
	if err != nil || len(state.Next) != r.st.n {
		r.reason = fmt.Sprintf("the stored state of log %s does not decode (saved by another segc version?)", l.Name)
		return nil, nil
	}
	oldHWM, newHWM := r.st.hwm[l.Index], r.a.hwm[l.Index]
	reread, err := r.rereadSet(l, la, state, oldHWM, newHWM)
	if err != nil {
		return nil, err
	}
	skip := make([]bool, r.st.n)
	for _, e := range reread {
		skip[e] = true
	}
	asOf := asOfUnix(r.opts.AsOf)
	base := events.Request{Log: l, Aggs: la, AsOf: asOf, Keys: r.keys, Compiler: c, Workers: 2}
	req := base
	req.Resumption = events.Resumption{Keep: true, Resume: state, Reset: reread, Skip: skip, RowidLo: oldHWM, RowidHi: max(newHWM, 1)}
	res, err := events.Run(r.ctx, r.db, req)
	if err != nil {
		return nil, err
	}
	res.State.CarryDirty(state)
	r.info.NewEvents += int(res.Rows)
	r.info.Reread += len(reread)
	if len(reread) > 0 {
		if err := r.rereadAlone(base, res, reread, newHWM); err != nil {
			return nil, err
		}
	}
	restamp(res, r.st.n)
	return res, nil
}

// restamp gives res the event lists of its state (n entities), the
// re-read entities' included (a resumed scan returns none).
func restamp(res *events.Result, n int) {
	for i := range res.Stamps {
		if s, ok := res.State.Stamps(i, n); ok {
			res.Stamps[i] = s
		}
	}
}

// rereadAlone re-aggregates the entities reread (ascending; reset and
// skipped in res) from all their events, in a scan over a population of
// their own, and writes their state and results into res.
func (r *incRun) rereadAlone(req events.Request, res *events.Result, reread []int32, newHWM int64) error {
	sub := store.Keys{}
	keys := make([]any, len(reread))
	for i, e := range reread {
		keys[i] = r.keyOf(e)
		if r.st.keys.Ints != nil {
			sub.Ints = append(sub.Ints, r.st.keys.Ints[e])
		} else {
			sub.Strs = append(sub.Strs, r.st.keys.Strs[e])
		}
	}
	req.Keys = events.NewKeyIndex(r.p.KeyType.Kind, sub)
	req.Resumption = events.Resumption{Keep: true, InKeys: keys, RowidHi: max(newHWM, 1)}
	alone, err := events.Run(r.ctx, r.db, req)
	if err != nil {
		return err
	}
	if err := res.State.Absorb(alone.State, reread); err != nil {
		return err
	}
	for i := range res.Aggs {
		for j, e := range reread {
			res.Aggs[i].Set(int(e), alone.Aggs[i].Value(j))
		}
	}
	return nil
}

// rereadSet lists (ascending) the entities whose aggregates of log l are
// recomputed from all their events: a window boundary or a future event
// reached, event rows changed, or new events on a log whose aggregates
// cannot take them incrementally (not Foldable: count_distinct).
func (r *incRun) rereadSet(l *plan.EventLog, la []*plan.Aggregate, s *events.State, oldHWM, newHWM int64) ([]int32, error) {
	asOf := asOfUnix(r.opts.AsOf)
	out := append([]int32(nil), r.loggedLog[l.Index]...)
	for e, at := range s.Next {
		if at <= asOf && at != math.MaxInt64 {
			out = append(out, int32(e))
		}
	}
	if !events.Foldable(la) && newHWM > oldHWM {
		q := fmt.Sprintf("SELECT DISTINCT %s FROM %s WHERE rowid > ? AND rowid <= ?", load.Quote(l.Key), load.Quote(l.SQLTable))
		rows, err := r.db.QueryContext(r.ctx, q, oldHWM, newHWM)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var k any
			if err := rows.Scan(&k); err != nil {
				return nil, err
			}
			if e, ok := r.entity(k); ok {
				out = append(out, e)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return dedup(out), nil
}
