package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/segc/segc/runtime/sqlrows"
)

// querier is what both *sql.DB and *sql.Conn offer for queries.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// storedState reads what storage already holds. A missing table reads as
// empty, so previews work on a database segc has never written.
type storedState struct {
	q          querier
	hasMembers bool
	hasChanges bool
	// changesMark caches changesHi (-1 until read).
	changesMark int64
}

func newStoredState(ctx context.Context, q querier) (*storedState, error) {
	s := &storedState{q: q, changesMark: -1}
	names, err := sqlrows.Strings(ctx, q, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND name IN ('segc_members', 'segc_changes')`)
	if err != nil {
		return nil, fmt.Errorf("reading the database schema: %w", err)
	}
	s.hasMembers = slices.Contains(names, "segc_members")
	s.hasChanges = slices.Contains(names, "segc_changes")
	return s, nil
}

// members returns a segment's stored members. json_group_array makes
// SQLite build the whole list in one call instead of one row fetch per
// member through cgo and database/sql.
func (s *storedState) members(ctx context.Context, segment string) (keyList, error) {
	if !s.hasMembers {
		return keyList{}, nil
	}
	var arr string
	err := s.q.QueryRowContext(ctx, `SELECT json_group_array(entity_id)
		FROM segc_members WHERE segment = ?`, segment).Scan(&arr)
	if err != nil {
		return keyList{}, fmt.Errorf("reading the members of segment %q: %w", segment, err)
	}
	k, err := parseKeyArray(arr)
	if err != nil {
		return keyList{}, fmt.Errorf("segment %q: %w", segment, err)
	}
	return k, nil
}

// evaluatedBefore reports whether any run has written history for segment.
func (s *storedState) evaluatedBefore(ctx context.Context, segment string) (bool, error) {
	if !s.hasChanges {
		return false, nil
	}
	var found bool
	err := s.q.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM segc_changes
		WHERE segment = ?)`, segment).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("reading the history of segment %q: %w", segment, err)
	}
	return found, nil
}

// segments lists the distinct segments with stored members, jumping
// through the primary key (one seek per segment, not a full scan).
func (s *storedState) segments(ctx context.Context) ([]string, error) {
	if !s.hasMembers {
		return nil, nil
	}
	names, err := sqlrows.Strings(ctx, s.q, `WITH RECURSIVE seg(name) AS (
			SELECT min(segment) FROM segc_members
			UNION ALL
			SELECT (SELECT min(segment) FROM segc_members WHERE segment > seg.name)
			FROM seg WHERE seg.name IS NOT NULL)
		SELECT name FROM seg WHERE name IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("listing stored segments: %w", err)
	}
	return names, nil
}

// segmentSize counts a segment's stored members.
func (s *storedState) segmentSize(ctx context.Context, segment string) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM segc_members WHERE segment = ?`, segment).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting the members of segment %q: %w", segment, err)
	}
	return n, nil
}

// changesHi returns the largest rowid of segc_changes (0 when there is
// none): every change of the stored members adds history rows, so while
// it stays the same the members are as they were. Read once per state.
func (s *storedState) changesHi(ctx context.Context) (int64, error) {
	if s.changesMark >= 0 {
		return s.changesMark, nil
	}
	if !s.hasChanges {
		s.changesMark = 0
		return 0, nil
	}
	err := s.q.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM segc_changes`).Scan(&s.changesMark)
	if err != nil {
		s.changesMark = -1
		return 0, fmt.Errorf("reading the history's end: %w", err)
	}
	return s.changesMark, nil
}

// ChangesMark returns the largest rowid of segc_changes (0 when there is
// none), for KnownChange.Mark: read it after writing a run's changes,
// inside its transaction.
func ChangesMark(ctx context.Context, q querier) (int64, error) {
	st, err := newStoredState(ctx, q)
	if err != nil {
		return 0, err
	}
	return st.changesHi(ctx)
}
