package explain

import (
	"context"
	"database/sql"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/store"
	"github.com/segc/segc/runtime/timeline"
)

// matchedEvents are one entity's events matching each lifecycle `on` and
// trigger clause, sorted by (time, rowid), at or before as-of.
type matchedEvents map[*plan.EventMatch][]timeline.Stamp

// readMatches reads the entity's events matching every lifecycle and
// trigger clause of p, with one scan per log.
func readMatches(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, key any, asOf int64) (matchedEvents, error) {
	byLog := map[int][]*plan.EventMatch{}
	add := func(m *plan.EventMatch) {
		if m != nil {
			byLog[m.Log] = append(byLog[m.Log], m)
		}
	}
	for _, l := range p.Lifecycles {
		for _, tr := range l.Transitions {
			add(tr.On)
		}
	}
	for _, t := range p.Triggers {
		add(t.On)
		add(t.Unless)
		add(t.ExitOn)
	}
	out := matchedEvents{}
	for log, ms := range byLog {
		if err := scanMatches(ctx, db, p, reg, key, asOf, p.Logs[log], ms, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanMatches runs one log's pass for the entity alone.
func scanMatches(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, key any, asOf int64, log *plan.EventLog, ms []*plan.EventMatch, out matchedEvents) error {
	aggs := make([]*plan.Aggregate, len(ms))
	for i, m := range ms {
		aggs[i] = &plan.Aggregate{Index: i, Func: events.Stamps, Log: m.Log, Filter: m.Filter,
			Type: types.Type{Kind: types.Bool}, Text: "events of " + log.Name, Loc: m.Loc}
	}
	keys, kind := store.Keys{Strs: []string{}}, types.String
	if k, ok := key.(int64); ok {
		keys, kind = store.Keys{Ints: []int64{k}}, types.Int
	} else {
		keys.Strs = append(keys.Strs, key.(string))
	}
	res, err := events.Run(ctx, db, events.Request{Log: log, Aggs: aggs, AsOf: asOf,
		Keys: events.NewKeyIndex(kind, keys), Compiler: eval.NewCompiler(reg, eval.Options{AsOf: asOf}), Workers: 1})
	if err != nil {
		return err
	}
	for i, m := range ms {
		if i < len(res.Stamps) && res.Stamps[i].Len() > 0 {
			out[m] = res.Stamps[i].Of(0)
		}
	}
	return nil
}
