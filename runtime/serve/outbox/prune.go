package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/segc/segc/runtime/store"
)

// DefaultRetention is how long delivered and given-up rows are kept.
const DefaultRetention = 7 * 24 * time.Hour

// Pruning defaults: a pass at most this often, deleting through chunks
// of this many rows, each in its own transaction (short write locks).
const (
	defaultPruneEvery = time.Hour
	defaultPruneChunk = 500
)

// sqlPruneChunk deletes the finished rows older than ?3 among the ?2
// rows after id ?1; sqlChunkEnd finds that chunk's last id.
const (
	sqlPruneChunk = `DELETE FROM segc_outbox WHERE id IN (SELECT id FROM segc_outbox WHERE id > ?1 ORDER BY id LIMIT ?2)
		AND ((delivered_at IS NOT NULL AND delivered_at < ?3) OR (given_up_at IS NOT NULL AND given_up_at < ?3))`
	sqlChunkEnd = `SELECT max(id) FROM (SELECT id FROM segc_outbox WHERE id > ?1 ORDER BY id LIMIT ?2)`
)

// fillPrune sets the pruning defaults.
func fillPrune(o *Options) {
	if o.Retention == 0 {
		o.Retention = DefaultRetention
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = min(defaultPruneEvery, max(o.Retention, time.Second))
	}
	if o.PruneChunk <= 0 {
		o.PruneChunk = defaultPruneChunk
	}
}

// pruneLoop deletes old finished rows every PruneEvery until ctx is
// done. Pending rows are never deleted, however old.
func (w *Worker) pruneLoop(ctx context.Context) {
	if w.opts.Retention < 0 {
		return
	}
	for {
		if n, err := w.Prune(ctx); err != nil && ctx.Err() == nil {
			w.opts.Logger.Error("pruning segc_outbox failed", "error", err)
		} else if n > 0 {
			w.opts.Logger.Info("pruned segc_outbox", "rows", n, "retention", w.opts.Retention)
		}
		t := time.NewTimer(w.opts.PruneEvery)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Prune deletes the rows delivered or given up before now minus the
// retention, walking the table in primary-key chunks of PruneChunk rows,
// one short transaction each, so event ingestion and evaluation commits
// are never held up for long. It returns how many rows it deleted.
func (w *Worker) Prune(ctx context.Context) (int64, error) {
	if w.opts.Retention < 0 {
		return 0, nil
	}
	cutoff := store.FormatTime(w.opts.Now().Add(-w.opts.Retention))
	var total int64
	var after int64
	for ctx.Err() == nil {
		n, end, err := w.pruneChunk(ctx, after, cutoff)
		total += n
		if err != nil || !end.Valid {
			return total, err
		}
		after = end.Int64
	}
	return total, ctx.Err()
}

// pruneChunk deletes within the chunk after id `after` and returns the
// chunk's last id (null when no row follows `after`).
func (w *Worker) pruneChunk(ctx context.Context, after int64, cutoff string) (int64, sql.NullInt64, error) {
	var end sql.NullInt64
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, end, fmt.Errorf("pruning segc_outbox: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, sqlChunkEnd, after, w.opts.PruneChunk).Scan(&end); err != nil {
		return 0, end, fmt.Errorf("pruning segc_outbox: %w", err)
	}
	res, err := tx.ExecContext(ctx, sqlPruneChunk, after, w.opts.PruneChunk, cutoff)
	if err != nil {
		return 0, end, fmt.Errorf("pruning segc_outbox: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, end, tx.Commit()
}
