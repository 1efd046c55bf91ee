package serve

import (
	"context"

	"github.com/segc/segc/builtins"
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
func (s *Server) skipQuiet(ctx context.Context, keys []any, through int64) []any {
	cur := s.state.Load()
	fold := s.rt.fold
	if fold == nil || cur == nil || s.rt.full == nil || s.rt.full.Plan != cur.Plan || len(cur.Plan.Lifecycles) > 0 || len(keys) == 0 {
		return keys
	}
	now := s.cfg.Now().UTC()
	s.rt.reportStored()
	defer s.countFold(fold, fold.Snapshot())
	quiet := fold.Quiet(ctx, s.evalDB, builtins.Default(), runtime.Options{AsOf: now}, keys)
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
