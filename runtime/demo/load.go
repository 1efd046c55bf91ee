package demo

import (
	"context"
	"database/sql"
	"fmt"
)

// Rows per INSERT statement: many rows per statement cut the per-call
// overhead of database/sql and cgo; SQLite allows 32766 parameters.
const (
	customersPerStmt = 128
	eventsPerStmt    = 256
)

// load generates and inserts every chunk in one transaction.
func load(ctx context.Context, db *sql.DB, m *model, opts Options) (*Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the producers on an early return
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer tx.Rollback()
	stats, err := insertAll(ctx, tx, m, opts)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("demo: committing: %w", err)
	}
	return stats, nil
}

// insertAll consumes the ordered chunk stream and inserts it.
func insertAll(ctx context.Context, tx *sql.Tx, m *model, opts Options) (*Stats, error) {
	custs, err := newBatchInserter(ctx, tx, "customers", customerColumns(), customersPerStmt)
	if err != nil {
		return nil, err
	}
	evs, err := newBatchInserter(ctx, tx, "events", eventColumns(), eventsPerStmt)
	if err != nil {
		return nil, err
	}
	stats := &Stats{}
	progress := newProgress(m.customers, opts.Progress)
	for out := range produceChunks(ctx, m, opts.Seed) {
		var c *chunk
		select {
		case c = <-out:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if err := insertChunk(c, custs, evs); err != nil {
			return nil, err
		}
		stats.add(c)
		progress.report(stats.Customers)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := custs.flush(); err != nil {
		return nil, err
	}
	return stats, evs.flush()
}

// add counts a chunk's rows.
func (s *Stats) add(c *chunk) {
	s.Customers += int64(len(c.customers))
	s.Events += int64(len(c.events))
	s.Purchases += c.purchases
}

// insertChunk buffers the chunk's customers and events.
func insertChunk(c *chunk, custs, evs *batchInserter) error {
	for i := range c.customers {
		r := &c.customers[i]
		var eng any
		if !r.engNull {
			eng = r.engagement
		}
		custs.args = append(custs.args, r.id, r.firstSeen, r.country, r.optIn, r.sessions, r.clicks, r.opens, eng)
		if err := custs.rowDone(); err != nil {
			return err
		}
	}
	for i := range c.events {
		r := &c.events[i]
		evs.args = append(evs.args, r.customerID, r.ts, r.typ, r.amount)
		if err := evs.rowDone(); err != nil {
			return err
		}
	}
	return nil
}

// progress reports about every tenth of the work.
type progress struct {
	total, step, next int64
	emit              func(string)
}

func newProgress(total int, emit func(string)) *progress {
	step := max(1, int64(total)/10)
	return &progress{total: int64(total), step: step, next: step, emit: emit}
}

func (p *progress) report(done int64) {
	if done < p.next && done < p.total {
		return
	}
	p.emit(fmt.Sprintf("generated %d/%d customers", done, p.total))
	for p.next <= done {
		p.next += p.step
	}
}
