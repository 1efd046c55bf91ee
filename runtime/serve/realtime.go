package serve

import (
	"container/heap"
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/serve/ingest"
	"github.com/segc/segc/runtime/store"
)

// maxKnownNext bounds the entities whose Next serve keeps for pruning
// (realtime.nextKnown); past it the map starts again empty.
const maxKnownNext = 1_000_000

// maxEntitiesPerEval bounds the entities one per-entity evaluation takes
// (from ingestion or from the scheduler); the rest wait for the next.
const maxEntitiesPerEval = 5000

// realtime is serve's per-entity evaluation state: the keys of accepted
// events not evaluated yet, and the scheduler of time-driven
// re-evaluations. pending is shared with request handlers; due and full
// belong to Run.
type realtime struct {
	mu sync.Mutex
	// pending are the keys of accepted events not evaluated yet, each
	// with the earliest time (Unix seconds) among those events.
	pending map[any]int64
	// pendingLogs are, for each pending key, the event logs its
	// accepted events went to (see logMask).
	pendingLogs map[any]logMask
	// stored is each (log, key)'s smallest integer id accepted since the
	// fold last heard of them (noteStored); shared like pending.
	stored map[storedRow]int64
	// askedGroups are the new `by` groups (by plan hash) that already
	// asked for a full evaluation (newGroups); Run's only.
	askedGroups map[string]bool
	signal      chan struct{}
	due         dueHeap
	dueAt       map[any]int64 // each scheduled key's instant (the heap may hold stale entries)
	full        *runtime.Evaluation
	// fold keeps the evaluated entities' aggregate state between
	// per-entity evaluations (nil with Config.NoFold); see evaluateKeys.
	fold *runtime.EntityFold
	// foldedRows and rereadEntities count, since start, the rows the
	// fold read above its mark and the entities it re-read in full;
	// quietEntities the entities of accepted events left unevaluated
	// because nothing they depend on changed (skipQuiet).
	foldedRows, rereadEntities, quietEntities atomic.Int64
	// prunedEntities counts the entities of accepted events evaluated
	// with only the steps their events can change (pruneGroups).
	prunedEntities atomic.Int64
	// sweep are the population keys not evaluated one by one since the
	// latest full evaluation: the scheduler works through them a chunk a
	// tick to learn their next time-driven change.
	sweep []any
	// caughtUp is the latest clock instant (Unix seconds) at which the
	// scheduler had nothing due and no sweep left, after evaluating.
	caughtUp atomic.Int64
	// deps is the dependency analysis of the plan of full (see
	// pruneGroups); nextKnown, since that full evaluation, each evaluated
	// entity's Next (math.MaxInt64: none) for the entities of accepted
	// events; noPrune turns pruning off until the next full evaluation
	// after a per-entity evaluation failed. Run's only.
	deps      *plan.Deps
	nextKnown map[any]int64
	noPrune   bool
	// reg is the builtins registry of per-entity evaluations, built once
	// (builtins.Default builds a new one per call; it is read-only).
	reg *builtins.Registry
	// evaluated tells, for a plan with lifecycles, the latest instant at
	// which each entity was evaluated (see realtime_replay.go).
	evaluated evaluatedAt
}

// startSweep queues every key of a full evaluation's population.
func (rt *realtime) startSweep(keys store.Keys) {
	rt.sweep = rt.sweep[:0]
	for _, k := range keys.Ints {
		rt.sweep = append(rt.sweep, k)
	}
	for _, k := range keys.Strs {
		rt.sweep = append(rt.sweep, k)
	}
}

func newRealtime() *realtime {
	return &realtime{reg: builtins.Default(), pending: map[any]int64{}, pendingLogs: map[any]logMask{}, nextKnown: map[any]int64{}, stored: map[storedRow]int64{}, askedGroups: map[string]bool{}, signal: make(chan struct{}, 1), dueAt: map[any]int64{},
		evaluated: evaluatedAt{ints: map[int64]int64{}, strs: map[string]int64{}}}
}

// add notes the keys of an accepted batch, with each key's earliest
// event time, the log (pendingLogs; every log when schema is not one of
// the served plan cur's, so that a reload in between never prunes by
// another plan's log index), and each key's smallest integer id per log
// (stored, see stored), and wakes Run.
func (rt *realtime) add(schema *ingest.Schema, evs []ingest.Event, cur *api.State) {
	ti := timeColumn(schema)
	mask := maskOf(schema.Log.Index)
	if cur == nil || schema.Log.Index >= len(cur.Plan.Logs) || cur.Plan.Logs[schema.Log.Index] != schema.Log {
		mask = allLogs
	}
	rt.mu.Lock()
	for _, e := range evs {
		if len(e.Values) == 0 || e.Values[0] == nil {
			continue
		}
		at := eventTime(e, ti)
		if old, ok := rt.pending[e.Values[0]]; !ok || at < old {
			rt.pending[e.Values[0]] = at
		}
		rt.pendingLogs[e.Values[0]] |= mask
		rt.noteStored(schema.Log.Index, e)
	}
	rt.mu.Unlock()
}

// storedRow is an entity key in one event log.
type storedRow struct {
	log int
	key any
}

// noteStored keeps the smallest integer id stored for the event's key and
// log: with an INTEGER PRIMARY KEY id column it is the row's rowid, which
// the fold must hear of when it lands at or below its mark (runtime.
// EntityFold.Stored). Called with rt.mu held.
func (rt *realtime) noteStored(log int, e ingest.Event) {
	id, ok := integerID(e.ID)
	if !ok {
		return
	}
	k := storedRow{log, e.Values[0]}
	if old, seen := rt.stored[k]; !seen || id < old {
		rt.stored[k] = id
	}
}

// integerID is an event id as SQLite stores it in an INTEGER PRIMARY
// KEY: an integer, or text that reads as one.
func integerID(id any) (int64, bool) {
	switch x := id.(type) {
	case int64:
		return x, true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// clearStored drops the ids noted so far.
func (rt *realtime) clearStored() {
	rt.mu.Lock()
	rt.stored = map[storedRow]int64{}
	rt.mu.Unlock()
}

// reportStored hands the ids noted since the previous call to the fold,
// before it is used: an entity whose row landed at or below the fold's
// mark is then re-read.
func (rt *realtime) reportStored() {
	rt.mu.Lock()
	stored := rt.stored
	rt.stored = map[storedRow]int64{}
	rt.mu.Unlock()
	if rt.fold == nil {
		return
	}
	for k, id := range stored {
		rt.fold.Stored(k.log, k.key, id)
	}
}

func (rt *realtime) wake() {
	select {
	case rt.signal <- struct{}{}:
	default:
	}
}

// take removes up to max pending keys and returns them with their
// earliest event times and the logs their events went to.
func (rt *realtime) take(max int) ([]any, map[any]int64, map[any]logMask) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var out []any
	times, logs := map[any]int64{}, map[any]logMask{}
	for k, at := range rt.pending {
		if len(out) == max {
			break
		}
		out = append(out, k)
		times[k], logs[k] = at, rt.pendingLogs[k]
		delete(rt.pending, k)
		delete(rt.pendingLogs, k)
	}
	if len(rt.pending) > 0 {
		rt.wake()
	}
	return out, times, logs
}

// evaluateKeys re-evaluates the given entities at the clock's now with
// the served plan and the latest full evaluation's thresholds and
// models, commits their changes and serves them. times are the earliest
// times of the events that brought them (nil: none); an entity with a
// lifecycle whose event is dated at or before an instant it was already
// evaluated at has its lifecycles replayed first (replayLate). through
// is the count of accepted batches the evaluation reflects (-1: not
// ingestion-driven). It returns the as-of (Unix seconds) of the
// evaluation it committed, 0 when none.
//
// The aggregates of the evaluation at now go through s.rt.fold
// (runtime.EntityFold): the rows appended to each foldable event log
// since the previous per-entity evaluation are folded into the kept
// state of every entity it holds, and an entity is re-read from all its
// events only when it is new to the fold (first evaluation after a full
// one), or an event left a window longer than a tail's (7 days), entered
// a `between` window, or, dated after an earlier as-of, became visible
// (its Next passed). A late event is folded like any other (the state
// is exact in rowid order, whatever the event's time); the lifecycle
// replay it causes evaluates earlier instants and re-reads.
func (s *Server) evaluateKeys(ctx context.Context, keys []any, times map[any]int64, through int64, reason string) int64 {
	return s.evaluateSome(ctx, keys, times, through, reason, nil)
}

// evaluateSome is evaluateKeys recomputing only the dirty steps of g
// (nil: all; see pruneGroup).
func (s *Server) evaluateSome(ctx context.Context, keys []any, times map[any]int64, through int64, reason string, g *pruneGroup) int64 {
	cur := s.state.Load()
	if len(keys) == 0 || cur == nil || s.rt.full == nil || s.rt.full.Plan != cur.Plan {
		return 0
	}
	start := time.Now()
	asOf := s.cfg.Now().UTC().Truncate(time.Second)
	g = s.widenIfDue(g, asOf.Unix())
	replays, err := s.replayLate(ctx, cur.Plan, keys, times, asOf.Unix())
	var ev *runtime.EntityEvaluation
	s.rt.reportStored()
	defer s.countFold(s.rt.fold, s.rt.fold.Snapshot())
	if err == nil {
		ev, err = runtime.EvaluateEntitiesPruned(ctx, s.evalDB, cur.Plan, s.rt.reg, runtime.Options{AsOf: asOf},
			toStoreKeys(cur.Plan.KeyType.Kind, keys), s.rt.full, replays.start(), s.rt.fold, g.pruning(s.rt.deps))
	}
	if err == nil {
		err = s.applyEntities(ctx, ev, cur, through, replays)
	}
	s.recordEval(reason, err)
	s.metrics.EvalDuration.Observe(time.Since(start).Seconds())
	if err != nil {
		s.log.Error("per-entity evaluation failed; its entities wait for the next full evaluation", "reason", reason, "entities", len(keys), "error", err)
		if s.rt.fold != nil {
			// The fold took these entities as evaluated: start it
			// again so that none of them is skipped as quiet.
			s.rt.fold = runtime.NewEntityFold(cur.Plan)
		}
		// Their served membership may now lag their events: no
		// pruning until the next full evaluation recomputes them.
		s.rt.noPrune = true
		return 0
	}
	s.reportReplays(replays)
	s.newGroups(ev)
	if s.cfg.OnEvaluated != nil {
		s.cfg.OnEvaluated(ev.AsOf, ev.Outcome.Keys, s.state.Load())
	}
	s.schedule(ev, reason == "events", g.keepsNext())
	return ev.AsOf.Unix()
}

// applyEntities commits ev's changes and swaps in the updated membership.
func (s *Server) applyEntities(ctx context.Context, ev *runtime.EntityEvaluation, cur *api.State, through int64, replays replays) error {
	changes := diffEntities(ev, cur.Members)
	runID := cur.Members.RunID
	if len(changes) > 0 || statesChanged(ev) || len(replays) > 0 {
		var err error
		if runID, err = s.commitEntities(ctx, ev, changes, replays); err != nil {
			return err
		}
		s.notifyOutbox()
	}
	next := *cur
	next.Members = cur.Members.Apply(runID, ev.AsOf, changes)
	if through >= 0 {
		next.Through = through
	}
	s.swap(&next)
	return nil
}

// schedule records each evaluated entity's next time-driven change, and
// in nextKnown that of the entities of accepted events (track) or already
// there: the map grows with the entities that get events, not with the
// sweep. With keep (a pruned evaluation, whose Next covers only the steps
// it computed) an entity keeps its earlier Next when sooner.
func (s *Server) schedule(ev *runtime.EntityEvaluation, track, keep bool) {
	keys := ev.Outcome.Keys
	for i, at := range ev.Next {
		var key any
		if keys.Ints != nil {
			key = keys.Ints[i]
		} else {
			key = keys.Strs[i]
		}
		if prev, ok := s.rt.dueAt[key]; ok && keep {
			// The steps the evaluation left out may change at the
			// entity's previous Next (none: no entry).
			at = min(at, prev)
		}
		s.rememberNext(key, at, track, i < len(ev.Chain) && ev.Chain[i], ev.AsOf.Unix())
		if at == math.MaxInt64 {
			delete(s.rt.dueAt, key)
			continue
		}
		if old, ok := s.rt.dueAt[key]; ok && old == at {
			continue
		}
		s.rt.dueAt[key] = at
		heap.Push(&s.rt.due, dueEntry{at: at, key: key})
	}
}

// fireDue re-evaluates the entities whose scheduled instant has passed,
// at most maxEntitiesPerEval of them.
func (s *Server) fireDue(ctx context.Context) {
	now := s.cfg.Now().Unix()
	var keys []any
	for s.rt.due.Len() > 0 && s.rt.due[0].at <= now && len(keys) < maxEntitiesPerEval {
		e := heap.Pop(&s.rt.due).(dueEntry)
		if at, ok := s.rt.dueAt[e.key]; ok && at == e.at {
			delete(s.rt.dueAt, e.key)
			keys = append(keys, e.key)
		}
	}
	due, swept := len(keys), -1
	if n := min(maxEntitiesPerEval-len(keys), len(s.rt.sweep)); n > 0 {
		keys = append(keys, s.rt.sweep[len(s.rt.sweep)-n:]...)
		s.rt.sweep = s.rt.sweep[:len(s.rt.sweep)-n]
		swept = len(s.rt.sweep)
	}
	if at := s.evaluateKeys(ctx, keys, nil, -1, "time"); at != 0 {
		s.rt.evaluated.record(keys[:due], at)
		s.rt.evaluated.swept(swept, at)
	}
	if (s.rt.due.Len() == 0 || s.rt.due[0].at > now) && len(s.rt.sweep) == 0 {
		s.rt.caughtUp.Store(now)
	}
}

// rememberNext records key's Next in nextKnown when it is there or track
// (see pruneGroups). With chain (a lifecycle transition already holds),
// the entity's next evaluation must step its lifecycles even at this
// instant asOf, so it is recorded due at asOf.
func (s *Server) rememberNext(key any, at int64, track, chain bool, asOf int64) {
	if len(s.rt.nextKnown) >= maxKnownNext {
		// Bound the map: the entities it forgets are evaluated with the
		// as-of steps at their next event (pruneTimed).
		clear(s.rt.nextKnown)
	}
	if _, ok := s.rt.nextKnown[key]; !ok && !track {
		return
	}
	if chain {
		at = min(at, asOf)
	}
	s.rt.nextKnown[key] = at
}

// schedulerCaughtUp reports whether the scheduler has evaluated every
// entity due at or before the clock instant now and finished its sweep.
func (s *Server) schedulerCaughtUp(now int64) bool {
	return s.rt.caughtUp.Load() >= now
}

// drainPending evaluates the entities of accepted batches: those not
// quiet, one evaluation per pruneGroup (each recomputing the steps its
// entities' events can change), the last one reflecting the accepted
// batches when every group's evaluation succeeded.
func (s *Server) drainPending(ctx context.Context) {
	through := s.accepted.Load()
	keys, times, logs := s.rt.take(maxEntitiesPerEval)
	s.rt.mu.Lock()
	more := len(s.rt.pending) > 0
	s.rt.mu.Unlock()
	if more {
		through = -1
	}
	s.setEvaluating(true)
	keys = s.skipQuiet(ctx, keys, through, logs)
	groups := s.pruneGroups(keys, times, logs)
	failed := false
	for i, g := range groups {
		thru := through
		if i < len(groups)-1 || failed {
			thru = -1
		}
		at := s.evaluateSome(ctx, g.keys, times, thru, "events", g)
		if at == 0 {
			failed = true
			continue
		}
		s.rt.evaluated.record(g.keys, at)
		if g.dirty != nil {
			s.rt.prunedEntities.Add(int64(len(g.keys)))
		}
	}
	s.setEvaluating(false)
}

// toStoreKeys converts boxed keys to the plan's key column.
func toStoreKeys(kind types.Kind, keys []any) store.Keys {
	var out store.Keys
	for _, k := range keys {
		switch v := k.(type) {
		case int64:
			out.Ints = append(out.Ints, v)
		case string:
			out.Strs = append(out.Strs, v)
		}
	}
	if kind == types.Int && out.Ints == nil {
		out.Ints = []int64{}
	}
	if kind != types.Int && out.Strs == nil {
		out.Strs = []string{}
	}
	return out
}

// dueEntry is one scheduled re-evaluation.
type dueEntry struct {
	at  int64
	key any
}

// dueHeap is a min-heap of dueEntry by instant.
type dueHeap []dueEntry

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// Recompute has Run re-evaluate the served plan in full now (new
// thresholds and cluster assignments) and waits for it.
func (s *Server) Recompute(ctx context.Context) error {
	req := reloadRequest{reason: "recompute", full: true, done: make(chan api.ReloadOutcome, 1)}
	select {
	case s.reloads <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-req.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// statesChanged reports whether some entity is new to or moved in a
// lifecycle, so that segc_states needs writing.
func statesChanged(ev *runtime.EntityEvaluation) bool {
	for _, ls := range ev.Outcome.States {
		if len(ls.Changed) > 0 {
			return true
		}
	}
	return false
}
