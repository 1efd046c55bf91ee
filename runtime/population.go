package runtime

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
)

// loadPopulation reads the entities table (keys in ascending order, and
// its used columns), then each joined table's used columns aligned to
// those keys. Without an entities table the population comes from the
// event pass.
func (r *run) loadPopulation() error {
	r.ev.Columns = make([]eval.Vec, len(r.p.Columns))
	if r.p.Entities == nil {
		return nil
	}
	t, idx, err := r.loadTable(r.p.Entities)
	if err != nil {
		return err
	}
	r.ev.Outcome.Keys = t.Keys
	if r.p.KeyType.Kind == types.Int && t.Keys.Ints == nil {
		r.ev.Outcome.Keys.Ints = []int64{}
	}
	if r.p.KeyType.Kind != types.Int && t.Keys.Strs == nil {
		r.ev.Outcome.Keys.Strs = []string{}
	}
	r.place(t.Columns, idx)
	for _, jt := range r.p.Tables {
		t, idx, err := r.loadTable(jt)
		if err != nil {
			return err
		}
		r.place(load.Align(t, r.ev.Outcome.Keys), idx)
	}
	return nil
}

// loadTable loads the used columns of a declared table; idx gives each
// loaded column's plan column index.
func (r *run) loadTable(t *plan.Table) (*load.Table, []int, error) {
	var specs []load.ColumnSpec
	var idx []int
	for _, c := range r.p.Columns {
		if c.Table == t.Name {
			specs = append(specs, load.ColumnSpec{Name: c.Name, Type: c.Type})
			idx = append(idx, c.Index)
		}
	}
	lt, err := load.LoadTableParallel(r.ctx, r.db, t.SQLTable, t.Key, r.p.KeyType.Kind, specs, r.workers())
	if err != nil {
		return nil, nil, wrap(err, t.Loc)
	}
	return lt, idx, nil
}

// place stores loaded columns at their plan indexes.
func (r *run) place(cols []eval.Vec, idx []int) {
	for i, c := range cols {
		if idx[i] >= 0 && idx[i] < len(r.ev.Columns) {
			r.ev.Columns[idx[i]] = c
		}
	}
}

// eventPass computes every aggregate with one scan per event log. Without
// an entities table, the logs' keys form the population, sorted.
func (r *run) eventPass() error {
	r.ev.Aggregates = make([]eval.Vec, len(r.p.Aggregates))
	var keys *events.KeyIndex
	if r.p.Entities == nil {
		keys = events.NewDiscovery(r.p.KeyType.Kind)
	} else {
		keys = events.NewKeyIndex(r.p.KeyType.Kind, r.ev.Outcome.Keys)
	}
	for _, log := range r.p.Logs {
		if err := r.scanLog(log, keys, r.p.Entities == nil); err != nil {
			return err
		}
	}
	if r.p.Entities == nil {
		r.finishDiscovery(keys)
	}
	r.sequences()
	return nil
}

// scanLog runs one log's pass. A discovery run scans every log even when
// it has no aggregates, since its keys are the population.
func (r *run) scanLog(log *plan.EventLog, keys *events.KeyIndex, discover bool) error {
	var aggs []*plan.Aggregate
	for _, a := range r.p.Aggregates {
		if a.Log == log.Index && a.Func != plan.Sequence {
			aggs = append(aggs, a)
		}
	}
	aggs = append(aggs, r.time.forLog(log.Index)...)
	if len(aggs) == 0 && !discover {
		return nil
	}
	req := events.Request{Log: log, Aggs: aggs, AsOf: r.asOf, Keys: keys,
		Compiler: r.ev.compiler, Workers: r.workers(), Chunk: r.opts.ChunkRows}
	req.Keep = r.opts.KeepState && !discover
	res, err := events.Run(r.ctx, r.db, req)
	if err != nil {
		return wrap(err, log.Loc)
	}
	r.keepState(log, res)
	for i, a := range aggs {
		if !r.time.take(a, res, i) {
			r.ev.Aggregates[a.Index] = res.Aggs[i]
		}
	}
	return nil
}

// finishDiscovery sorts the discovered keys and reorders every aggregate
// (padding those of logs that ended before later keys were found).
func (r *run) finishDiscovery(keys *events.KeyIndex) {
	sorted, pos := keys.Sorted()
	r.ev.Outcome.Keys = sorted
	n := len(pos)
	perm := make([]int32, n) // perm[new] = old
	for old, nw := range pos {
		perm[nw] = int32(old)
	}
	for i, v := range r.ev.Aggregates {
		r.ev.Aggregates[i] = padGather(v, perm, r.p.Aggregates[i])
	}
	r.time.reorder(perm)
}

// padGather reorders v by perm; entity indexes past v's end get the
// aggregate's value over no events (0 for counts, else null).
func padGather(v eval.Vec, perm []int32, a *plan.Aggregate) eval.Vec {
	n := len(perm)
	out := eval.Alloc(a.Type.Kind, n)
	zero := a.Func == plan.Count || a.Func == plan.CountDistinct
	for i, old := range perm {
		var x any
		if int(old) < v.N {
			x = v.Value(int(old))
		} else if zero {
			x = int64(0)
		}
		out.Set(i, x)
	}
	return out
}
