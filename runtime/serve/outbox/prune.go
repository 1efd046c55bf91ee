package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

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

// sqlChunkEnd finds the last id of the ?2 rows after id ?1;
// sqlPruneRange deletes the finished rows older than ?3 with ids in
// (?1, ?2]. Each runs alone, in autocommit: a DELETE takes the write
// lock before it reads, waiting out the busy timeout, whereas a
// transaction that read first could not upgrade once another connection
// had committed since (SQLite answers "database is locked" at once).
const (
	sqlChunkEnd   = `SELECT max(id) FROM (SELECT id FROM segc_outbox WHERE id > ?1 ORDER BY id LIMIT ?2)`
	sqlPruneRange = `DELETE FROM segc_outbox WHERE id > ?1 AND id <= ?2
		AND ((delivered_at IS NOT NULL AND delivered_at < ?3) OR (given_up_at IS NOT NULL AND given_up_at < ?3))`
)

// maxBusyChunks is how many chunks in a row a pass skips because the
// database stayed busy (for the whole busy timeout) before it gives up
// until the next pass.
const maxBusyChunks = 3

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
			w.opts.Logger.Error("pruning segc_outbox failed", "rows", n, "error", err)
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
// one short DELETE each, so event ingestion and evaluation commits are
// never held up for long. A chunk whose DELETE finds the database busy
// is skipped (the next pass gets it) and the pass goes on, up to
// maxBusyChunks in a row. It returns how many rows it deleted, and an
// error when it skipped chunks or stopped early.
func (w *Worker) Prune(ctx context.Context) (int64, error) {
	if w.opts.Retention < 0 {
		return 0, nil
	}
	cutoff := store.FormatTime(w.opts.Now().Add(-w.opts.Retention))
	var total, after int64
	var busy busyChunks
	for ctx.Err() == nil {
		var end sql.NullInt64
		if err := w.db.QueryRowContext(ctx, sqlChunkEnd, after, w.opts.PruneChunk).Scan(&end); err != nil {
			return total, fmt.Errorf("pruning segc_outbox: finding the chunk after id %d: %w", after, err)
		}
		if !end.Valid {
			return total, busy.err()
		}
		n, err := w.pruneRange(ctx, after, end.Int64, cutoff)
		total += n
		if err = busy.note(err); err != nil {
			return total, err
		}
		after = end.Int64
	}
	return total, ctx.Err()
}

// pruneRange deletes the old finished rows with ids in (after, end].
func (w *Worker) pruneRange(ctx context.Context, after, end int64, cutoff string) (int64, error) {
	res, err := w.db.ExecContext(ctx, sqlPruneRange, after, end, cutoff)
	if err != nil {
		return 0, fmt.Errorf("pruning segc_outbox ids %d to %d: %w", after+1, end, err)
	}
	return res.RowsAffected()
}

// busyChunks tallies the chunks a pass skipped because the database
// was busy.
type busyChunks struct {
	skipped, inRow int
	last           error
}

// note records a chunk's outcome and returns the error that ends the
// pass: one that is not busy, or the maxBusyChunks-th busy one in a row.
func (b *busyChunks) note(err error) error {
	switch {
	case err == nil:
		b.inRow = 0
		return nil
	case !isBusy(err) || b.inRow == maxBusyChunks-1:
		return errors.Join(err, b.err())
	}
	b.skipped, b.inRow, b.last = b.skipped+1, b.inRow+1, err
	return nil
}

// err says which chunks the pass skipped, nil when none.
func (b *busyChunks) err() error {
	if b.skipped == 0 {
		return nil
	}
	return fmt.Errorf("pruning segc_outbox: skipped %d chunk(s), the database was busy; the next pass retries them (last: %w)", b.skipped, b.last)
}

// isBusy reports whether SQLite found the database busy or locked.
func isBusy(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}
