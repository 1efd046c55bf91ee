package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/segc/segc/runtime/store"
)

// The statements that record an attempt.
const (
	sqlDelivered = `UPDATE segc_outbox SET attempts = attempts + 1, delivered_at = ?2, last_error = NULL WHERE id = ?1`
	sqlRetry     = `UPDATE segc_outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1`
	sqlGiveUp    = `UPDATE segc_outbox SET attempts = attempts + 1, given_up_at = ?2, last_error = ?3 WHERE id = ?1`
)

// record writes a round's outcomes in one transaction. An attempt cut
// short by shutdown is not counted: the row is simply tried again after
// the restart. Successes are recorded even then (without the cancelled
// context), so fewer changes are sent twice.
func (w *Worker) record(ctx context.Context, d Destination, results []outcome) error {
	stopping := ctx.Err() != nil
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("recording deliveries: %w", err)
	}
	defer tx.Rollback()
	now := w.opts.Now()
	for _, res := range results {
		if res.err != nil && stopping {
			continue
		}
		if err := w.recordOne(ctx, tx, d, res, now); err != nil {
			return fmt.Errorf("recording deliveries: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("recording deliveries: %w", err)
	}
	w.observe(d, results, stopping)
	return nil
}

func (w *Worker) recordOne(ctx context.Context, tx *sql.Tx, d Destination, res outcome, now time.Time) error {
	r := res.row
	switch {
	case res.err == nil:
		_, err := tx.ExecContext(ctx, sqlDelivered, r.ID, store.FormatTime(now))
		return err
	case r.Attempts+1 >= d.MaxAttempts:
		w.opts.Logger.Error("webhook change given up", "destination", d.Name, "key", r.Key, "attempts", r.Attempts+1, "error", res.err)
		_, err := tx.ExecContext(ctx, sqlGiveUp, r.ID, store.FormatTime(now), truncate(res.err.Error()))
		return err
	}
	next := now.Add(w.jitter.backoff(r.Attempts+1, d.Backoff, d.MaxBackoff))
	_, err := tx.ExecContext(ctx, sqlRetry, r.ID, next.UnixMilli(), truncate(res.err.Error()))
	return err
}

// observe counts a recorded round.
func (w *Worker) observe(d Destination, results []outcome, stopping bool) {
	o := w.opts.Observer
	if o == nil {
		return
	}
	for _, res := range results {
		switch {
		case res.err == nil:
			o.Delivered(d.Name)
		case stopping:
		case res.row.Attempts+1 >= d.MaxAttempts:
			o.Failed(d.Name)
			o.GaveUp(d.Name)
		default:
			o.Failed(d.Name)
		}
	}
}

// observeBacklog reports d's pending rows.
func (w *Worker) observeBacklog(ctx context.Context, d Destination) {
	if w.opts.Observer == nil || ctx.Err() != nil {
		return
	}
	n, err := Pending(ctx, w.db, d.Name)
	if err == nil {
		w.opts.Observer.Backlog(d.Name, n)
	}
}

// Pending counts a destination's rows not yet delivered nor given up.
func Pending(ctx context.Context, db *sql.DB, dest string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM segc_outbox INDEXED BY segc_outbox_pending
		WHERE destination = ? AND delivered_at IS NULL AND given_up_at IS NULL`, dest).Scan(&n)
	return n, err
}

func truncate(s string) string {
	if len(s) > 500 {
		return s[:500] + "..."
	}
	return s
}
