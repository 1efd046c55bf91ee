package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements caches one transaction's prepared statements by SQL text,
// shared by every batch of a group (batches may target different logs).
type statements struct {
	tx    *sql.Tx
	bySQL map[string]*sql.Stmt
}

func newStatements(tx *sql.Tx) *statements {
	return &statements{tx: tx, bySQL: map[string]*sql.Stmt{}}
}

// get prepares query once per transaction.
func (st *statements) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := st.bySQL[query]; ok {
		return s, nil
	}
	s, err := st.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st.bySQL[query] = s
	return s, nil
}

func (st *statements) close() {
	for _, s := range st.bySQL {
		s.Close()
	}
}

// insertBatch classifies every event of one batch, then inserts the
// fresh ones when none conflicts. On a *ConflictError nothing of the
// batch has been written.
func (s *Schema) insertBatch(ctx context.Context, st *statements, events []Event) (Result, error) {
	verdicts, err := s.classify(ctx, st, events)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var conflicts []FieldError
	for i, v := range verdicts {
		switch v {
		case conflict:
			conflicts = append(conflicts, FieldError{Index: i, Field: s.Log.ID, Message: fmt.Sprintf("id %v is already stored with a different payload", events[i].ID)})
		case duplicate:
			res.Duplicates++
		}
	}
	if len(conflicts) > 0 {
		return Result{}, &ConflictError{Conflicts: conflicts}
	}
	res.Inserted, err = s.insertFresh(ctx, st, events, verdicts)
	return res, err
}

// insertFresh inserts the events classified fresh.
func (s *Schema) insertFresh(ctx context.Context, st *statements, events []Event, verdicts []verdict) (int, error) {
	ins, err := st.get(ctx, s.insertSQL)
	if err != nil {
		return 0, fmt.Errorf("preparing the insert into %q: %w", s.Log.SQLTable, err)
	}
	n := 0
	for i, ev := range events {
		if verdicts[i] != fresh {
			continue
		}
		if _, err := ins.ExecContext(ctx, ev.Values...); err != nil {
			return 0, fmt.Errorf("inserting event %d into %q: %w", i, s.Log.SQLTable, err)
		}
		n++
	}
	return n, nil
}

// verdict is what deduplication says about one event.
type verdict int

const (
	fresh verdict = iota
	duplicate
	conflict
)

// classify looks every event's id up, in the table (which holds the
// group's earlier batches) and earlier in the batch.
func (s *Schema) classify(ctx context.Context, st *statements, events []Event) ([]verdict, error) {
	verdicts := make([]verdict, len(events))
	if s.selectSQL == "" {
		return verdicts, nil
	}
	sel, err := st.get(ctx, s.selectSQL)
	if err != nil {
		return nil, fmt.Errorf("preparing the lookup by id in %q: %w", s.Log.SQLTable, err)
	}
	seen := make(map[any]Event, len(events))
	stored := make([]any, len(s.Columns)-1)
	ptrs := make([]any, len(stored))
	for k := range stored {
		ptrs[k] = &stored[k]
	}
	for i, ev := range events {
		if err := checkID(ev.ID); err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		if prev, ok := seen[ev.ID]; ok {
			verdicts[i] = s.verdictOf(prev.payload(s), ev)
			continue
		}
		seen[ev.ID] = ev
		err := sel.QueryRowContext(ctx, ev.ID).Scan(ptrs...)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("looking up event %d's id in %q: %w", i, s.Log.SQLTable, err)
		default:
			verdicts[i] = s.verdictOf(stored, ev)
		}
	}
	return verdicts, nil
}

// checkID accepts the ids Decode makes: strings and int64s (any other
// value, a slice say, could not even be a map key).
func checkID(id any) error {
	switch id.(type) {
	case string, int64:
		return nil
	}
	return fmt.Errorf("the event id is a %T; it must be a string or an int64 (use Schema.Decode)", id)
}

func (s *Schema) verdictOf(stored []any, ev Event) verdict {
	if s.samePayload(stored, ev) {
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
