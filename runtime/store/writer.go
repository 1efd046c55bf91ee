package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// chunkKeys is how many keys one JSON array carries in the tests and
// benchmarks that compare the bound key sets with JSON arrays.
const chunkKeys = 50000

// writer holds the prepared statements one commit reuses. Inserted key
// sets go in as one bound set per statement (segc_keys, sqlbatch.ExecKeys:
// no JSON to encode or parse), so a million rows cost one statement
// execution and cgo call rather than millions. Deleted keys go one per
// execution of a prepared DELETE, run from C a chunk per cgo call
// (sqlbatch.ExecEach): an IN list makes SQLite build and probe a
// temporary index of the keys first, which cost more than the deletes (a
// daily run's 57k exits of one segment: ~40 ms of ~70 ms). When the exits
// are a large share of the segment's stored members, one scan of the
// segment deletes the rows that segc_has (a binary search of the bound,
// sorted exits) finds among them instead: no seek per key, no temporary
// index (that 57k of 58k: ~55 -> ~27 ms CPU), and no stayer can go, as
// only exits match. Inserts stay set-based: one execution per row costs
// more (0.44 -> 0.55 s CPU for a daily run's store).
//
// Inserts are OR FAIL rather than the default ABORT: a failure still
// fails the commit, which rolls back the whole transaction, so SQLite
// need not keep a statement journal (a temporary file holding each
// touched page's first image, ~4,500 pages in a daily run) to undo just
// the failing statement.
type writer struct {
	conn  *sql.Conn
	runID int64
	asOf  string
	buf   []byte
	stmts map[string]*sql.Stmt
	// bareChanges is set when segc_changes is segc's own table and no
	// trigger fires on it, so that its inserts run no statement but their
	// own and its only CHECK is segc's (see bareChanges, unchecked).
	bareChanges bool
	// freshStates holds the lifecycles whose rows this commit wrote
	// where none were stored (see markFreshStates).
	freshStates map[string]bool
}

// The statements a commit runs.
const (
	sqlInsertMembers = `INSERT OR FAIL INTO segc_members(segment, entity_id, since)
		SELECT ?1, value, ?2 FROM segc_keys(?3)`
	sqlDeleteMember = `DELETE FROM segc_members WHERE segment = ?1 AND entity_id = ?2`
	sqlDeleteExits  = `DELETE FROM segc_members WHERE segment = ?1 AND segc_has(?2, entity_id)`
	sqlInsertExits  = `INSERT OR FAIL INTO segc_changes(run_id, at, segment, entity_id, change)
		SELECT ?1, ?2, ?3, value, 'exit' FROM segc_keys(?4)`
	sqlInsertEntries = `INSERT OR FAIL INTO segc_changes(run_id, at, segment, entity_id, change)
		SELECT ?1, ?2, ?3, value, 'enter' FROM segc_keys(?4)`
	sqlInsertBaseline = `INSERT OR FAIL INTO segc_changes(run_id, at, segment, entity_id, change)
		VALUES (?1, ?2, ?3, NULL, 'baseline')`
	sqlExitRemoved = `INSERT OR FAIL INTO segc_changes(run_id, at, segment, entity_id, change)
		SELECT ?1, ?2, segment, entity_id, 'exit' FROM segc_members WHERE segment = ?3`
	sqlDeleteRemoved   = `DELETE FROM segc_members WHERE segment = ?1`
	sqlInsertThreshold = `INSERT INTO segc_thresholds(run_id, segment, expr, group_key, value)
		VALUES (?1, ?2, ?3, ?4, ?5)`
)

func newWriter(ctx context.Context, conn *sql.Conn, runID int64, asOf string) (*writer, error) {
	w := &writer{conn: conn, runID: runID, asOf: asOf, stmts: map[string]*sql.Stmt{}}
	for _, q := range []string{sqlInsertBaseline, sqlDeleteRemoved, sqlInsertThreshold} {
		st, err := conn.PrepareContext(ctx, q)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("preparing a segc statement: %w", err)
		}
		w.stmts[q] = st
	}
	bare, err := bareChanges(ctx, conn)
	if err != nil {
		w.close()
		return nil, err
	}
	w.bareChanges = bare
	return w, nil
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) exec(ctx context.Context, q string, args ...any) error {
	_, err := w.stmts[q].ExecContext(ctx, args...)
	return err
}

// eachKey runs q once per key, the key bound after args.
func (w *writer) eachKey(ctx context.Context, q string, keys keyList, args ...any) error {
	return sqlbatch.ExecEach(ctx, w.conn, q, args, sqlbatch.Keys{Ints: keys.ints, Strs: keys.strs})
}

// withKeys runs q once with keys bound after args as the set that
// segc_keys(?N) reads; an empty set runs nothing.
func (w *writer) withKeys(ctx context.Context, q string, keys keyList, args ...any) error {
	if keys.len() == 0 {
		return nil
	}
	return sqlbatch.ExecKeys(ctx, w.conn, q, args, sqlbatch.Keys{Ints: keys.ints, Strs: keys.strs})
}

// segment applies one segment's change to segc_members and segc_changes.
func (w *writer) segment(ctx context.Context, c segmentChange) error {
	if c.Removed {
		return w.removed(ctx, c.Name)
	}
	err := w.deleteExits(ctx, c)
	switch {
	case err == nil && c.since != nil:
		err = w.insertEnteredSince(ctx, c)
	case err == nil:
		err = w.withKeys(ctx, sqlInsertMembers, c.entered, c.Name, w.asOf)
	}
	if err == nil {
		err = w.history(ctx, c)
	}
	if err != nil {
		return fmt.Errorf("writing segment %q: %w", c.Name, err)
	}
	return nil
}

// deleteExits deletes the segment's exited members: one prepared DELETE
// per key, or, when they are at least 1/scanShare of its stored members,
// one scan of the segment's rows that deletes those segc_has finds among
// the exits (see scanShare).
func (w *writer) deleteExits(ctx context.Context, c segmentChange) error {
	if scanExits(c.exited.len(), c.Size-c.entered.len()+c.exited.len()) {
		return w.withKeys(ctx, sqlDeleteExits, c.exited, c.Name)
	}
	return w.eachKey(ctx, sqlDeleteMember, c.exited, c.Name)
}

// scanShare is the share of a segment's stored members (1/scanShare)
// from which its exits are deleted by one scan of the segment rather than
// a seek each. BenchmarkDeleteExits (200k stored, CPU per delete, cold
// and warm page cache) puts the crossover between 10% and 20%, the two
// within noise of each other there; at 5% points cost ~0.7x the scan, at
// 50% 1.7-3x, at 97% 2.6x.
const scanShare = 10

// scanExits reports whether exits of stored members are deleted by a scan.
func scanExits(exits, stored int) bool {
	return exits > 0 && exits*scanShare >= stored
}

// history writes the segment's rows of segc_changes: one baseline row the
// first time, else one row per exit and per entry.
func (w *writer) history(ctx context.Context, c segmentChange) error {
	if c.Baseline {
		return w.exec(ctx, sqlInsertBaseline, w.runID, w.asOf, c.Name)
	}
	if c.exited.len()+c.entered.len() == 0 {
		return nil
	}
	return w.unchecked(ctx, func() error {
		if err := w.withKeys(ctx, sqlInsertExits, c.exited, w.runID, w.asOf, c.Name); err != nil {
			return err
		}
		return w.withKeys(ctx, sqlInsertEntries, c.entered, w.runID, w.asOf, c.Name)
	})
}

// unchecked runs fn, which prepares and runs its statements, with the
// connection's CHECK constraints off, and turns them back on whatever
// happens; when a trigger fires on segc_changes it just runs fn, since
// the pragma would drop the CHECKs of whatever the trigger writes too. SQLite codes segc_changes' CHECK (change IN ('enter', 'exit',
// 'baseline')) in an INSERT as a three-row temporary index that it builds
// and probes again for every row: ~0.8 us of a row's ~1.9 us (a daily
// run's 96k history rows: ~75 ms CPU). fn's statements write 'exit' and
// 'enter' as literals of their SQL, so the check cannot fail there; the
// schema keeps it for every other writer, and the writer owns w.conn for
// the commit, so no other statement is prepared in between (the pragma
// acts on statements as they are prepared). Setting the pragma expires the
// connection's prepared statements, which SQLite prepares again on their
// next use (the writer's few, ~20 us each).
func (w *writer) unchecked(ctx context.Context, fn func() error) error {
	if !w.bareChanges {
		return fn()
	}
	if _, err := w.conn.ExecContext(ctx, "PRAGMA ignore_check_constraints = ON"); err != nil {
		return err
	}
	err := fn()
	if _, onErr := w.conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA ignore_check_constraints = OFF"); onErr != nil {
		return errors.Join(err, fmt.Errorf("turning CHECK constraints back on: %w", onErr))
	}
	return err
}

// removed exits every member of a segment that is no longer defined. The
// exit rows go in unchecked (see unchecked; 'exit' is a literal there too),
// their statement prepared inside.
func (w *writer) removed(ctx context.Context, name string) error {
	err := w.unchecked(ctx, func() error {
		_, err := w.conn.ExecContext(ctx, sqlExitRemoved, w.runID, w.asOf, name)
		return err
	})
	if err == nil {
		err = w.exec(ctx, sqlDeleteRemoved, name)
	}
	if err != nil {
		return fmt.Errorf("removing segment %q: %w", name, err)
	}
	return nil
}

// thresholds writes the run's cut-offs.
func (w *writer) thresholds(ctx context.Context, rows []ThresholdRow) error {
	for _, r := range rows {
		if err := checkThreshold(r); err != nil {
			return err
		}
		if err := w.exec(ctx, sqlInsertThreshold, w.runID, r.Segment, r.Expr, r.GroupKey, r.Value); err != nil {
			return fmt.Errorf("writing threshold %s of %q: %w", r.Expr, r.Segment, err)
		}
	}
	return nil
}

// checkThreshold rejects values segc_thresholds cannot hold faithfully.
func checkThreshold(r ThresholdRow) error {
	switch r.GroupKey.(type) {
	case nil, int64, float64, string, bool:
	default:
		return fmt.Errorf("threshold %s of %q: group key has unsupported type %T", r.Expr, r.Segment, r.GroupKey)
	}
	switch r.Value.(type) {
	case nil, float64:
		return nil
	}
	return fmt.Errorf("threshold %s of %q: value has unsupported type %T; want float64 or nil", r.Expr, r.Segment, r.Value)
}
