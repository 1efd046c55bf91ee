package serve

import (
	"context"
	"time"

	"github.com/segc/segc/runtime"
)

// skipQuiet returns the keys of accepted events that need evaluating:
// it leaves out the entities whose aggregates the fold shows unchanged
// since their previous evaluation (runtime.EntityFold.Quiet: the new
// events match no aggregate's filter and window, no tailed window lost
// an event, no Next came) and that are not due (their scheduled instant
// is after now). Such an entity's evaluation at now would give exactly
// its served membership: its aggregates, the thresholds and cluster
// models of the latest full evaluation, and every as-of-dependent
// comparison (whose flip Next covers) are those of its previous
// evaluation. Its entity row is not read again: a change made to it by
// another writer shows at its next evaluation, as it would have without
// the event. Plans with lifecycles are never skipped (a skipped
// evaluation would drop an instant from the entity's path), nor is
// anything without a fold. When every key is skipped, the accepted
// batches (through, when >= 0) are reflected all the same.
//
// An entity whose pruned evaluation would recompute only the steps of
// the logs its events went to (pruneKnown: Next known and not come) is
// checked on those logs alone (quietLogs): the others received nothing
// for it, and their time-driven changes wait for its Next.
func (s *Server) skipQuiet(ctx context.Context, keys []any, through int64, logs map[any]logMask) []any {
	cur := s.state.Load()
	fold := s.rt.fold
	if fold == nil || cur == nil || s.rt.full == nil || s.rt.full.Plan != cur.Plan || len(cur.Plan.Lifecycles) > 0 || len(keys) == 0 {
		return keys
	}
	now := s.cfg.Now().UTC()
	s.rt.reportStored()
	defer s.countFold(fold, fold.Snapshot())
	quiet := s.quietLogs(ctx, fold, keys, logs, now)
	out := keys[:0:0]
	for i, k := range keys {
		if !quiet[i] || s.dueBy(k, now.Unix()) {
			out = append(out, k)
		}
	}
	s.rt.quietEntities.Add(int64(len(keys) - len(out)))
	if len(out) == 0 && through >= 0 {
		next := *cur
		next.Through = through
		s.swap(&next)
	}
	return out
}

// dueBy reports whether key's scheduled re-evaluation is at or before now.
func (s *Server) dueBy(key any, now int64) bool {
	at, ok := s.rt.dueAt[key]
	return ok && at <= now
}

// countFold adds what fold read since before to the server's counters.
func (s *Server) countFold(fold *runtime.EntityFold, before runtime.FoldStats) {
	after := fold.Snapshot()
	s.rt.foldedRows.Add(after.Folded - before.Folded)
	s.rt.rereadEntities.Add(int64(after.Reread - before.Reread))
}

// quietLogs is fold.Quiet for keys, the entities with a known Next after
// now (when pruning is on) checked only on the logs their events went to.
func (s *Server) quietLogs(ctx context.Context, fold *runtime.EntityFold, keys []any, logs map[any]logMask, now time.Time) []bool {
	opts := runtime.Options{AsOf: now}
	pruning := !s.rt.noPrune && !s.cfg.NoPrune && s.rt.deps != nil
	var some, rest []any
	var union logMask
	for _, k := range keys {
		next, known := s.rt.nextKnown[k]
		if pruning && known && next > now.Unix() && logs[k] != 0 && logs[k] != allLogs {
			some, union = append(some, k), union|logs[k]
		} else {
			rest = append(rest, k)
		}
	}
	quiet := map[any]bool{}
	if len(some) > 0 {
		n := len(s.state.Load().Plan.Logs)
		in := make([]bool, n)
		for _, l := range union.indexes(n) {
			in[l] = true
		}
		for i, q := range fold.QuietIn(ctx, s.evalDB, s.rt.reg, opts, some, in) {
			quiet[some[i]] = q
		}
	}
	if len(rest) > 0 {
		for i, q := range fold.Quiet(ctx, s.evalDB, s.rt.reg, opts, rest) {
			quiet[rest[i]] = q
		}
	}
	out := make([]bool, len(keys))
	for i, k := range keys {
		out[i] = quiet[k]
	}
	return out
}
