package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/segc/segc/runtime/sqlrows"
)

// Membership is the stored membership as it stood after one run:
// reconstructed from the current segc_members and the history written
// since, so a new outcome can be diffed against any earlier run.
type Membership struct {
	RunID int64
	// segments maps every segment evaluated by then (a history row at or
	// before the run) to its members at that run.
	segments map[string]keyList
}

// MembershipAt reconstructs the membership after run runID (status "ok").
// Each entity's first enter/exit row after the run says what it was then:
// an "enter" means it was not a member, an "exit" that it was; entities
// without a later change are as in segc_members now. A segment whose first
// history row is later than the run did not exist yet.
func MembershipAt(ctx context.Context, db *sql.DB, runID int64) (*Membership, error) {
	if err := checkRun(ctx, db, runID); err != nil {
		return nil, err
	}
	names, err := evaluatedBy(ctx, db, runID)
	if err != nil {
		return nil, err
	}
	st := &storedState{q: db, hasMembers: true, hasChanges: true, changesMark: -1}
	m := &Membership{RunID: runID, segments: map[string]keyList{}}
	for _, name := range names {
		keys, err := membersAt(ctx, st, name, runID)
		if err != nil {
			return nil, err
		}
		m.segments[name] = keys
	}
	return m, nil
}

// checkRun fails unless runID names a successful run.
func checkRun(ctx context.Context, db *sql.DB, runID int64) error {
	var status string
	err := db.QueryRowContext(ctx, `SELECT status FROM segc_runs WHERE run_id = ?`, runID).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("there is no run %d in segc_runs; list the runs with: SELECT run_id, as_of, status FROM segc_runs", runID)
	case err != nil:
		return fmt.Errorf("reading run %d: %w", runID, err)
	case status != "ok":
		return fmt.Errorf("run %d has status %q and stored no membership; choose a run with status 'ok'", runID, status)
	}
	return nil
}

// evaluatedBy lists the segments with a history row at or before runID.
func evaluatedBy(ctx context.Context, db *sql.DB, runID int64) ([]string, error) {
	names, err := sqlrows.Strings(ctx, db, `SELECT DISTINCT segment FROM segc_changes WHERE run_id <= ? ORDER BY 1`, runID)
	if err != nil {
		return nil, fmt.Errorf("reading the history: %w", err)
	}
	return names, nil
}

// membersAt reconstructs one segment's members after runID.
func membersAt(ctx context.Context, st *storedState, segment string, runID int64) (keyList, error) {
	now, err := st.members(ctx, segment)
	if err != nil {
		return keyList{}, err
	}
	var entered, exited string
	err = st.q.QueryRowContext(ctx, `SELECT
			json_group_array(entity_id) FILTER (WHERE change = 'enter'),
			json_group_array(entity_id) FILTER (WHERE change = 'exit')
		FROM (SELECT entity_id, change, min(run_id) FROM segc_changes
			WHERE segment = ?1 AND run_id > ?2 AND entity_id IS NOT NULL
			GROUP BY entity_id)`, segment, runID).Scan(&entered, &exited)
	if err != nil {
		return keyList{}, fmt.Errorf("reading the history of segment %q: %w", segment, err)
	}
	notThen, err := parseKeyArray(entered)
	if err != nil {
		return keyList{}, err
	}
	then, err := parseKeyArray(exited)
	if err != nil {
		return keyList{}, err
	}
	kept, _ := diff(notThen, now)
	return union(kept, then), nil
}

// union merges two sorted key lists.
func union(a, b keyList) keyList {
	return keyList{ints: sortedUnion(a.ints, b.ints), strs: sortedUnion(a.strs, b.strs)}
}

func sortedUnion[T int64 | string](a, b []T) []T {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// Diff computes what committing out would change relative to m, like
// Preview does relative to the current membership. A segment m does not
// have is a baseline; a segment m has that out does not is removed.
func (m *Membership) Diff(out *Outcome) (*Summary, error) {
	if out == nil {
		return nil, fmt.Errorf("store: no outcome to diff")
	}
	var changes []segmentChange
	seen := map[string]bool{}
	for _, seg := range out.Segments {
		seen[seg.Name] = true
		next, err := memberKeys(out.Keys, seg)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		prev, before := m.segments[seg.Name]
		c := segmentChange{SegmentSummary: SegmentSummary{Name: seg.Name, Size: next.len(), Baseline: !before}}
		c.entered, c.exited = diff(prev, next)
		c.Entered, c.Exited = c.entered.len(), c.exited.len()
		changes = append(changes, c)
	}
	return summarize(0, append(changes, m.removed(seen)...)), nil
}

// removed lists m's segments with members that are not in defined.
func (m *Membership) removed(defined map[string]bool) []segmentChange {
	var names []string
	for name, keys := range m.segments {
		if !defined[name] && keys.len() > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var out []segmentChange
	for _, name := range names {
		keys := m.segments[name]
		out = append(out, segmentChange{SegmentSummary: SegmentSummary{Name: name, Exited: keys.len(), Removed: true}, exited: keys})
	}
	return out
}
