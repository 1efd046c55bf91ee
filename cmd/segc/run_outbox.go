package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/store"
)

// outboxQueue fills segc_outbox for the module's declared destinations
// inside each committed run's transaction (no secret is read and no
// destination contacted: segc serve delivers the rows), and totals what
// the committed runs queued.
type outboxQueue struct {
	dests   []outbox.Destination
	pending []outbox.Queued // of the run being committed
	totals  []outbox.Queued // of the committed runs, in declaration order
}

func newOutboxQueue(p *plan.Plan) *outboxQueue {
	q := &outboxQueue{dests: outbox.Declared(p)}
	for _, d := range q.dests {
		q.totals = append(q.totals, outbox.Queued{Destination: d.Name})
	}
	return q
}

// hook is the run's InTx hook; nil when the module declares no
// destination.
func (q *outboxQueue) hook() store.InTx {
	if len(q.dests) == 0 {
		return nil
	}
	inner := outbox.HookReporting(q.dests, time.Now, func(r outbox.Queued) { q.pending = append(q.pending, r) })
	return func(ctx context.Context, conn *sql.Conn, runID int64) error {
		q.pending = q.pending[:0]
		return inner(ctx, conn, runID)
	}
}

// committed adds the last run's counts to the totals; call it once the
// run committed.
func (q *outboxQueue) committed() {
	for _, r := range q.pending {
		for i := range q.totals {
			if t := &q.totals[i]; t.Destination == r.Destination {
				t.Rows += r.Rows
				t.Runs += r.Runs
				t.First = t.First || r.First
			}
		}
	}
	q.pending = q.pending[:0]
}

// print says, per destination, how many deliveries wait for segc serve.
func (q *outboxQueue) print(w io.Writer) {
	for _, t := range q.totals {
		note := ""
		if t.First {
			note = " (a new destination: it starts with this run, earlier changes are not sent)"
		}
		fmt.Fprintf(w, "webhooks: %s queued for destination %s%s; segc serve sends them\n",
			deliveries(t.Rows), t.Destination, note)
	}
}

// deliveries is "1 delivery" or "n deliveries".
func deliveries(n int64) string {
	if n == 1 {
		return "1 delivery"
	}
	return fmt.Sprintf("%d deliveries", n)
}
