package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/segc/segc/runtime/store"
)

// Hook returns the store.InTx hook that fills segc_outbox from the run's
// segc_changes, inside the commit's transaction: one row per destination
// and per enter or exit of a matching segment, by segment and then in
// segc_changes order (a run may write its segments in any order: the
// pipelined commit writes them as they become final, so rowid order
// alone would make the outbox's order vary between identical runs).
// A segment's baseline run (its first evaluation) writes no rows unless
// the destination sets Baseline, which then gets one enter per member.
// Runs committed after a destination's mark (segc_outbox_marks) and
// before this one are enqueued first, in order, and the mark moves to
// this run (see HookReporting and CatchUp).
// now stamps next_attempt_at (due at once).
func Hook(dests []Destination, now func() time.Time) store.InTx {
	return HookReporting(dests, now, nil)
}

// The idempotency key is destination:run:change:segment:entity. Names
// hold no ':' and the entity comes last, so keys never collide.
const (
	sqlEnqueueChanges = `INSERT OR IGNORE INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key, next_attempt_at)
		SELECT ?1, segment, entity_id, change, at, run_id,
			?1 || ':' || run_id || ':' || change || ':' || segment || ':' || entity_id, ?2
		FROM segc_changes WHERE run_id = ?3 AND change IN ('enter', 'exit') AND entity_id IS NOT NULL AND (%s)
		ORDER BY run_id, segment, rowid`
	sqlEnqueueBaseline = `INSERT OR IGNORE INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key, next_attempt_at)
		SELECT ?1, m.segment, m.entity_id, 'enter', c.at, c.run_id,
			?1 || ':' || c.run_id || ':enter:' || m.segment || ':' || m.entity_id, ?2
		FROM segc_changes c JOIN segc_members m ON m.segment = c.segment
		WHERE c.run_id = ?3 AND c.change = 'baseline' AND (%s)
		ORDER BY m.segment, m.entity_id`
)

// enqueue writes d's rows for one run and returns how many it added.
func enqueue(ctx context.Context, tx Execer, d Destination, runID, nowMs int64) (int64, error) {
	args := []any{d.Name, nowMs, runID}
	for _, s := range d.Segments {
		args = append(args, s)
	}
	n, err := execCount(ctx, tx, fmt.Sprintf(sqlEnqueueChanges, globs("segment", len(d.Segments))), args)
	if err != nil || !d.Baseline {
		return n, err
	}
	b, err := execCount(ctx, tx, fmt.Sprintf(sqlEnqueueBaseline, globs("c.segment", len(d.Segments))), args)
	return n + b, err
}

// execCount runs a statement and returns the rows it changed.
func execCount(ctx context.Context, tx Execer, query string, args []any) (int64, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// globs is "col GLOB ?4 OR col GLOB ?5 ..." for n patterns (the first
// three parameters are the destination, now and the run).
func globs(col string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%s GLOB ?%d", col, i+4)
	}
	return strings.Join(parts, " OR ")
}
