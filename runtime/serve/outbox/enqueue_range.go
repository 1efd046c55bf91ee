package outbox

import (
	"context"
	"fmt"
	"strings"
)

// sqlEnqueueRange is sqlEnqueueChanges over the runs in (?3, ?4]: one
// statement for a whole catch-up instead of one per run (through
// segc_changes_run or segc_changes_segment, whichever SQLite prefers).
// Rows come by run, segment, then rowid, as in sqlEnqueueChanges.
const sqlEnqueueRange = `INSERT OR IGNORE INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key, next_attempt_at)
	SELECT ?1, segment, entity_id, change, at, run_id,
		?1 || ':' || run_id || ':' || change || ':' || segment || ':' || entity_id, ?2
	FROM segc_changes WHERE run_id > ?3 AND run_id <= ?4 AND change IN ('enter', 'exit') AND entity_id IS NOT NULL AND (%s)
	ORDER BY run_id, segment, rowid`

// enqueueRuns writes d's rows for the runs ids, in order. Without
// Baseline it is one statement over the whole range; with it, run by
// run, so that a run's baseline enters come before later runs' changes.
func enqueueRuns(ctx context.Context, tx Execer, d Destination, ids []int64, nowMs int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	if !d.Baseline {
		args := []any{d.Name, nowMs, ids[0] - 1, ids[len(ids)-1]}
		for _, s := range d.Segments {
			args = append(args, s)
		}
		return execCount(ctx, tx, fmt.Sprintf(sqlEnqueueRange, globsFrom("segment", len(d.Segments), 5)), args)
	}
	var total int64
	for _, id := range ids {
		n, err := enqueue(ctx, tx, d, id, nowMs)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// globsFrom is "col GLOB ?first OR col GLOB ?first+1 ..." for n patterns.
func globsFrom(col string, n, first int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%s GLOB ?%d", col, first+i)
	}
	return strings.Join(parts, " OR ")
}
