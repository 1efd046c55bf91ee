package runtime

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/store"
	"github.com/segc/segc/runtime/timeline"
)

// timeAggs are the aggregates the runtime adds to the event pass for the
// time-dependent constructs: the latest matching event of each lifecycle
// `on` transition, the matching events of each trigger clause, and the two
// event lists of each sequence. Their results live here, not in the
// Evaluation's plan-indexed Aggregates.
type timeAggs struct {
	aggs   []*plan.Aggregate
	index  map[*plan.Aggregate]int
	vecs   []eval.Vec
	stamps []events.EntityStamps
	// onLast[l][k] is the synthetic index of lifecycle l's transition k's
	// latest matching event time, or -1 for a `when` transition and for
	// one whose time a plan aggregate already gives: onAgg[l][k] is that
	// aggregate's index (else -1).
	onLast [][]int
	onAgg  [][]int
	// trig[t] holds the synthetic indexes of trigger t's on, unless and
	// exit lists (-1 when the clause is absent).
	trig [][3]int
	// seq maps a plan sequence aggregate to its x and y lists.
	seq map[int][2]int
	// lists finds the Stamps aggregate of an equal match and window, so
	// that, say, a trigger's unless and exit on the same events share one
	// list.
	lists map[string]int
}

// newTimeAggs builds the synthetic aggregates of p.
func newTimeAggs(p *plan.Plan) *timeAggs {
	t := &timeAggs{index: map[*plan.Aggregate]int{}, seq: map[int][2]int{}, lists: map[string]int{}}
	for _, l := range p.Lifecycles {
		last, agg := make([]int, len(l.Transitions)), make([]int, len(l.Transitions))
		for k, tr := range l.Transitions {
			last[k], agg[k] = -1, -1
			if tr.On != nil {
				agg[k] = planLastTime(p, tr.On)
			}
			if tr.On != nil && agg[k] < 0 {
				last[k] = t.lastOf(p, tr.On)
			}
		}
		t.onLast, t.onAgg = append(t.onLast, last), append(t.onAgg, agg)
	}
	for _, tg := range p.Triggers {
		h := triggerHorizon(tg)
		t.trig = append(t.trig, [3]int{t.stampsOf(p, tg.On, h, 0), t.stampsOf(p, tg.Unless, h, 0), t.stampsOf(p, tg.ExitOn, h, 0)})
	}
	for _, a := range p.Aggregates {
		if a.Func == plan.Sequence {
			x := t.stampsOf(p, &plan.EventMatch{Log: a.Log, Filter: a.Filter, Loc: a.Loc}, a.Window, a.Until)
			t.seq[a.Index] = [2]int{x, t.stampsOf(p, a.Then, a.Window, a.Until)}
		}
	}
	return t
}

func (t *timeAggs) add(_ *plan.Plan, a *plan.Aggregate) int {
	a.Index = len(t.aggs)
	t.aggs = append(t.aggs, a)
	t.index[a] = a.Index
	t.vecs = append(t.vecs, eval.Vec{})
	t.stamps = append(t.stamps, events.EntityStamps{})
	return a.Index
}

// stampsOf returns the Stamps aggregate for m (nil: none, -1), adding it
// unless an equal one exists.
func (t *timeAggs) stampsOf(p *plan.Plan, m *plan.EventMatch, window, until int64) int {
	if m == nil {
		return -1
	}
	key := fmt.Sprintf("%d|%s|%d|%d", m.Log, plan.FormatExpr(m.Filter), window, until)
	if k, ok := t.lists[key]; ok {
		return k
	}
	t.lists[key] = len(t.aggs)
	return t.add(p, &plan.Aggregate{Func: events.Stamps, Log: m.Log, Filter: m.Filter, Window: window, Until: until,
		Type: types.Type{Kind: types.Bool}, Text: "events of " + p.Logs[m.Log].Name, Loc: m.Loc})
}

// lastOf returns the synthetic max(time) of the events matching m,
// shared by the transitions with an equal match.
func (t *timeAggs) lastOf(p *plan.Plan, m *plan.EventMatch) int {
	key := fmt.Sprintf("last|%d|%s", m.Log, plan.FormatExpr(m.Filter))
	if k, ok := t.lists[key]; ok {
		return k
	}
	t.lists[key] = len(t.aggs)
	return t.add(p, lastTime(p, m))
}

// planLastTime returns the index of a plan aggregate whose value is the
// time of the latest event matching m (max or last of the log's time
// column, same filter, no window), or -1. Such an aggregate is already in
// the event pass (recency's `last(events.ts where ...)`), so a lifecycle
// `on` transition reads it instead of adding an equal one.
func planLastTime(p *plan.Plan, m *plan.EventMatch) int {
	col := timeColumn(p.Logs[m.Log])
	filter := plan.FormatExpr(m.Filter)
	for _, a := range p.Aggregates {
		ref, ok := a.Value.(*plan.EventColumnRef)
		if !ok || a.Log != m.Log || ref.Log != m.Log || ref.Column != col || a.Window != 0 || a.Until != 0 {
			continue
		}
		if (a.Func == plan.Max || a.Func == plan.Last) && a.Type.Kind == types.Time && plan.FormatExpr(a.Filter) == filter {
			return a.Index
		}
	}
	return -1
}

// timeColumn is the index of log's time column.
func timeColumn(log *plan.EventLog) int {
	for i, c := range log.Columns {
		if c.Name == log.Time {
			return i
		}
	}
	return 0
}

// lastTime is max(time) over the events matching m.
func lastTime(p *plan.Plan, m *plan.EventMatch) *plan.Aggregate {
	log := p.Logs[m.Log]
	col := timeColumn(log)
	tt := types.Type{Kind: types.Time, Nullable: true}
	ref := &plan.EventColumnRef{Node: plan.Node{T: tt, L: m.Loc}, Log: m.Log, Column: col, Name: log.Time}
	return &plan.Aggregate{Func: plan.Max, Log: m.Log, Value: ref, Filter: m.Filter, Type: tt,
		Text: "last " + log.Name + " event", Loc: m.Loc}
}

// forLog returns the synthetic aggregates of one log.
func (t *timeAggs) forLog(log int) []*plan.Aggregate {
	var out []*plan.Aggregate
	for _, a := range t.aggs {
		if a.Log == log {
			out = append(out, a)
		}
	}
	return out
}

// take stores the result of aggregate a if it is synthetic.
func (t *timeAggs) take(a *plan.Aggregate, res *events.Result, i int) bool {
	k, ok := t.index[a]
	if !ok {
		return false
	}
	t.vecs[k] = res.Aggs[i]
	if res.Stamps != nil {
		t.stamps[k] = res.Stamps[i]
	}
	return true
}

// reorder applies a discovery permutation (perm[new] = old) to every
// result, padding entities a log never saw.
func (t *timeAggs) reorder(perm []int32) {
	for k, a := range t.aggs {
		t.vecs[k] = padGather(t.vecs[k], perm, a)
		if s := t.stamps[k]; s.Off != nil {
			t.stamps[k] = s.Gather(perm)
		}
	}
}

// list returns entity i's stamps of synthetic aggregate k (nil for -1).
func (t *timeAggs) list(k, i int) []timeline.Stamp {
	if k < 0 {
		return nil
	}
	return t.stamps[k].Of(i)
}

// sequences computes each sequence aggregate from its two lists.
func (r *run) sequences() {
	for _, a := range r.p.Aggregates {
		ix, ok := r.time.seq[a.Index]
		if !ok {
			continue
		}
		n := r.ev.Len()
		out := make([]bool, n)
		for i := range out {
			out[i] = timeline.Sequence(r.time.list(ix[0], i), r.time.list(ix[1], i), a.Gap)
		}
		r.ev.Aggregates[a.Index] = eval.Bools(out)
	}
}

// newKeyIndex indexes the population's keys for a later event pass.
func newKeyIndex(p *plan.Plan, keys store.Keys) *events.KeyIndex {
	return events.NewKeyIndex(p.KeyType.Kind, keys)
}

// runStamps runs one log's pass for synthetic aggregates only and keeps
// their results in t.
func (r *run) runStamps(log *plan.EventLog, aggs []*plan.Aggregate, keys *events.KeyIndex, t *timeAggs) error {
	res, err := events.Run(r.ctx, r.db, events.Request{Log: log, Aggs: aggs, AsOf: r.asOf, Keys: keys,
		Compiler: r.ev.compiler, Workers: r.workers(), Chunk: r.opts.ChunkRows})
	if err != nil {
		return wrap(err, log.Loc)
	}
	for i, a := range aggs {
		t.take(a, res, i)
	}
	return nil
}
