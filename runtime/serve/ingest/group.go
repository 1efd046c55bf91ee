package ingest

import (
	"context"
	"fmt"
)

// commitGroup writes a group's batches in one transaction and sets each
// request's outcome. Batches are taken in queue order; each is first
// classified whole (fresh, duplicate or conflicting ids, against the
// table, which already holds the earlier batches of the group) and only
// then inserted, so a conflicting batch writes nothing and leaves the
// others alone. A request whose context ended before the group was
// taken is answered with its error and not written. When a statement
// or the commit fails, nothing of the group is kept and each batch is
// retried in a transaction of its own, so one bad batch cannot fail
// the others.
func (w *Writer) commitGroup(group []*request) {
	live := group[:0:0]
	for _, r := range group {
		if r.err = r.ctx.Err(); r.err == nil {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	// The transaction belongs to the whole group: one caller giving up
	// must not roll back the others' events.
	ctx := context.WithoutCancel(live[0].ctx)
	if err := w.commit(ctx, live); err == nil || len(live) == 1 {
		for _, r := range live {
			if err != nil {
				r.res, r.err = Result{}, err
			}
		}
		return
	}
	for _, r := range live {
		w.commit(ctx, []*request{r})
	}
}

// commit runs batches in one transaction. It returns an error when the
// transaction as a whole failed (nothing of it is stored); a batch's own
// conflict is its request's error and does not fail the transaction.
func (w *Writer) commit(ctx context.Context, batch []*request) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting the ingestion transaction: %w", err)
	}
	stmts := newStatements(tx)
	defer stmts.close()
	for _, r := range batch {
		r.res, r.err = r.schema.insertBatch(ctx, stmts, r.events)
		if r.err != nil && !isConflict(r.err) {
			tx.Rollback()
			return r.err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing %d batch(es) of events: %w", len(batch), err)
	}
	w.mu.Lock()
	w.stats.Commits++
	w.mu.Unlock()
	return nil
}

func isConflict(err error) bool {
	_, ok := err.(*ConflictError)
	return ok
}
