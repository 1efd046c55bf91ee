package runtime

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
)

// eventPass computes the entities' aggregates with one key-restricted
// pass per event log, plus the matching events of every windowed
// aggregate (for Next).
func (x *entityRun) eventPass() error {
	x.ev.Aggregates = make([]eval.Vec, len(x.p.Aggregates))
	if x.ev.Len() == 0 {
		return nil
	}
	keys := events.NewKeyIndex(x.p.KeyType.Kind, x.ev.Outcome.Keys)
	for _, log := range x.p.Logs {
		if !x.readsLog(log.Index) {
			continue
		}
		if err := x.scanLog(log, keys); err != nil {
			return err
		}
	}
	x.sequences()
	return nil
}

// scanLog reads one log's events of the population.
func (x *entityRun) scanLog(log *plan.EventLog, keys *events.KeyIndex) error {
	var aggs []*plan.Aggregate
	for _, a := range x.p.Aggregates {
		if a.Log == log.Index && a.Func != plan.Sequence {
			aggs = append(aggs, a)
		}
	}
	aggs = append(aggs, x.time.forLog(log.Index)...)
	if folded, err := x.foldLog(log, aggs); folded || err != nil {
		return err
	}
	expiry, owners := x.expiryAggs(log, aggs)
	aggs = append(aggs, expiry...)
	if len(aggs) == 0 {
		return nil
	}
	req := events.Request{Log: log, Aggs: aggs, AsOf: x.asOf, Keys: keys, Compiler: x.ev.compiler, Workers: 1,
		Resumption: events.Resumption{Keep: true}}
	if _, hi, hasRowid := load.RowidRange(x.ctx, x.db, log.SQLTable); hasRowid && keyIndexed(x.ctx, x.db, log) {
		req.InKeys, req.RowidHi = keyList(x.ev.Outcome.Keys), max(hi, 1)
	}
	res, err := events.Run(x.ctx, x.db, req)
	if err != nil {
		return wrap(err, log.Loc)
	}
	if res.State != nil {
		x.stateNext = append(x.stateNext, res.State.Next)
	}
	base := len(aggs) - len(expiry)
	for i, a := range aggs[:base] {
		if !x.time.take(a, res, i) {
			x.ev.Aggregates[a.Index] = res.Aggs[i]
		}
	}
	for j, owner := range owners {
		if i := base + j; i < len(res.Stamps) {
			x.expiry = append(x.expiry, expiryList{agg: owner, stamps: res.Stamps[i]})
		}
	}
	return nil
}

// expiryAggs returns a Stamps aggregate over all matching events (no
// window) for each windowed plan aggregate among aggs, and the aggregate
// each one serves.
func (x *entityRun) expiryAggs(log *plan.EventLog, aggs []*plan.Aggregate) ([]*plan.Aggregate, []*plan.Aggregate) {
	var out, owners []*plan.Aggregate
	for _, a := range aggs {
		if a.Window <= 0 && a.Until <= 0 {
			continue
		}
		out = append(out, &plan.Aggregate{Index: len(out), Func: events.Stamps, Log: log.Index, Filter: a.Filter,
			Type: types.Type{Kind: types.Bool}, Text: fmt.Sprintf("events of %s for %s", log.Name, a.Text), Loc: a.Loc})
		owners = append(owners, a)
	}
	return out, owners
}
