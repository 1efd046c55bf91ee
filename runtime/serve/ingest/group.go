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
// taken is answered with its error and not written. When a batch's
// statement fails, nothing of the group is kept: that batch gets the
// error and the others are written again without it, so one bad batch
// cannot fail the others. When the transaction itself fails (it cannot
// start or commit), every batch gets that error.
func (w *Writer) commitGroup(group []*request) {
	live := liveRequests(group)
	if len(live) == 0 {
		return
	}
	// The transaction belongs to the whole group: one caller giving up
	// must not roll back the others' events.
	ctx := context.WithoutCancel(live[0].ctx)
	for len(live) > 0 {
		bad, err := w.commit(ctx, live)
		if err == nil {
			return
		}
		for _, r := range live {
			r.res, r.err = Result{}, err // nothing of the attempt is stored
		}
		if bad < 0 {
			return
		}
		live = append(live[:bad:bad], live[bad+1:]...)
	}
}

// liveRequests answers the requests whose context has ended and returns
// the others.
func liveRequests(group []*request) []*request {
	live := group[:0:0]
	for _, r := range group {
		if r.err = r.ctx.Err(); r.err == nil {
			live = append(live, r)
		}
	}
	return live
}

// commit runs batches in one transaction. On failure nothing of it is
// stored, and bad is the index of the batch whose statement failed, or
// -1 when the transaction itself failed. A batch's own conflict is its
// request's error and does not fail the transaction. The transaction is
// rolled back on every path but a commit, a panic included: the writer
// has one connection, which a leaked transaction would hold for good.
func (w *Writer) commit(ctx context.Context, batch []*request) (bad int, err error) {
	w.at(hookBegin, len(batch))
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return -1, fmt.Errorf("starting the ingestion transaction: %w", busyOr(err))
	}
	defer tx.Rollback()
	w.at(hookInTx, len(batch))
	stmts := newStatements(tx)
	defer stmts.close()
	for i, r := range batch {
		r.res, r.err = r.schema.insertBatch(ctx, stmts, r.events)
		if r.err != nil && !isConflict(r.err) {
			return i, r.err
		}
	}
	if err := tx.Commit(); err != nil {
		return -1, fmt.Errorf("committing %d batch(es) of events: %w", len(batch), busyOr(err))
	}
	w.mu.Lock()
	w.stats.Commits++
	w.mu.Unlock()
	return -1, nil
}

func isConflict(err error) bool {
	_, ok := err.(*ConflictError)
	return ok
}
