package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Result is what an accepted batch did.
type Result struct {
	Inserted   int `json:"inserted"`
	Duplicates int `json:"duplicates"` // resent ids with the same payload: no-ops
}

// ConflictError rejects a batch in which some ids are already stored (or
// repeated in the batch) with a different payload.
type ConflictError struct {
	Conflicts []FieldError
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("%d event(s) reuse an id with a different payload", len(e.Conflicts))
}

// Writer is the one writer of ingested events: batches are inserted one
// at a time, each in its own transaction, and Insert returns only after
// the commit.
type Writer struct {
	db *sql.DB
	mu sync.Mutex
}

// NewWriter wraps db, which should allow one open connection.
func NewWriter(db *sql.DB) *Writer { return &Writer{db: db} }

// Insert stores events into s's table in one transaction, skipping exact
// resends of stored ids. Any conflict rejects the whole batch with a
// *ConflictError and writes nothing.
func (w *Writer) Insert(ctx context.Context, s *Schema, events []Event) (Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return Result{}, fmt.Errorf("starting the ingestion transaction: %w", err)
	}
	res, err := s.insertAll(ctx, tx, events)
	if err != nil {
		tx.Rollback()
		return Result{}, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("committing %d event(s): %w", res.Inserted, err)
	}
	return res, nil
}

// insertAll runs the batch inside tx.
func (s *Schema) insertAll(ctx context.Context, tx *sql.Tx, events []Event) (Result, error) {
	ins, err := tx.PrepareContext(ctx, s.insertSQL)
	if err != nil {
		return Result{}, fmt.Errorf("preparing the insert into %q: %w", s.Log.SQLTable, err)
	}
	defer ins.Close()
	dedup, err := s.newDeduper(ctx, tx)
	if err != nil {
		return Result{}, err
	}
	defer dedup.close()
	var res Result
	var conflicts []FieldError
	for i, ev := range events {
		verdict, err := dedup.check(ctx, i, ev)
		switch {
		case err != nil:
			return Result{}, err
		case verdict == conflict:
			conflicts = append(conflicts, FieldError{Index: i, Field: s.Log.ID, Message: fmt.Sprintf("id %v is already stored with a different payload", ev.ID)})
		case verdict == duplicate:
			res.Duplicates++
		case len(conflicts) == 0:
			if _, err := ins.ExecContext(ctx, ev.Values...); err != nil {
				return Result{}, fmt.Errorf("inserting event %d into %q: %w", i, s.Log.SQLTable, err)
			}
			res.Inserted++
		}
	}
	if len(conflicts) > 0 {
		return Result{}, &ConflictError{Conflicts: conflicts}
	}
	return res, nil
}

// verdict is what the deduper says about one event.
type verdict int

const (
	fresh verdict = iota
	duplicate
	conflict
)

// deduper finds resent ids, in the table and earlier in the batch.
type deduper struct {
	s     *Schema
	sel   *sql.Stmt // nil without an id column
	seen  map[any]Event
	width int
}

func (s *Schema) newDeduper(ctx context.Context, tx *sql.Tx) (*deduper, error) {
	d := &deduper{s: s, seen: map[any]Event{}, width: len(s.Columns) - 1}
	if s.selectSQL == "" {
		return d, nil
	}
	sel, err := tx.PrepareContext(ctx, s.selectSQL)
	if err != nil {
		return nil, fmt.Errorf("preparing the lookup by id in %q: %w", s.Log.SQLTable, err)
	}
	d.sel = sel
	return d, nil
}

func (d *deduper) close() {
	if d.sel != nil {
		d.sel.Close()
	}
}

// check classifies one event.
func (d *deduper) check(ctx context.Context, i int, ev Event) (verdict, error) {
	if d.sel == nil {
		return fresh, nil
	}
	if prev, ok := d.seen[ev.ID]; ok {
		return d.classify(prev.payload(d.s), ev), nil
	}
	d.seen[ev.ID] = ev
	stored := make([]any, d.width)
	ptrs := make([]any, d.width)
	for k := range stored {
		ptrs[k] = &stored[k]
	}
	err := d.sel.QueryRowContext(ctx, ev.ID).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return fresh, nil
	}
	if err != nil {
		return fresh, fmt.Errorf("looking up event %d's id in %q: %w", i, d.s.Log.SQLTable, err)
	}
	return d.classify(stored, ev), nil
}

func (d *deduper) classify(stored []any, ev Event) verdict {
	if d.s.samePayload(stored, ev) {
		return duplicate
	}
	return conflict
}

// payload returns the event's values without the id, in SELECT order.
func (ev Event) payload(s *Schema) []any {
	out := make([]any, 0, len(ev.Values))
	for j, c := range s.Columns {
		if c.Role != RoleID {
			out = append(out, ev.Values[j])
		}
	}
	return out
}
