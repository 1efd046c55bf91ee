package incremental

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// saved is the state one run leaves for the next.
type saved struct {
	planHash string
	asOf     int64
	n        int
	mark     int64
	hwm      []int64 // by log index
	keys     store.Keys
	cols     []eval.Vec          // by plan column index
	logs     []logBlobs          // by log index: as loaded
	aggs     [][]*plan.Aggregate // by log index: the aggregates its state holds
	out      []logOut            // by log index: to save (tails nil: nothing)
	// resumed: the state continues the stored one (a daily run), so save
	// adds to it instead of replacing it; logsOnly: keys and columns are
	// unchanged too.
	resumed, logsOnly bool
	// version counts the saves of the state; a daily run's save checks
	// that it is still the one loaded.
	version int64
	// members are the outcome's segments to save; prevMembers the stored
	// ones by name, valid while segc_changes ends at changesMark;
	// unchanged the segments whose members equal the stored ones.
	members     []store.SegmentMembers
	prevMembers map[string][]int32
	prevSince   map[string][]int64 // by segment that sets its own since
	changesMark int64
	unchanged   map[string]bool
	// memberBlobs are members encoded ahead of the save, by segment.
	memberBlobs map[string][]byte
	// late, while the columns and members decode, waits for them (see
	// finishLoad).
	late func() error
	// prevStates are the stored lifecycle states by name, valid while
	// segc_runs ends at statesRun (see stateBlobPrefix); stateBlobs the
	// states to save, encoded, and statesKept those a daily run keeps.
	// statesKnown: this run took prevStates for segc_states.
	prevStates  map[string]*runtime.PriorStates
	statesRun   int64
	statesKnown bool
	stateBlobs  map[string][]byte
	statesKept  map[string]bool
}

// save replaces the stored state and prunes the change log up to the
// mark, inside the caller's transaction.
//
// Runs may overlap (serve's periodic evaluation and a cron `segc run`),
// so save first reads the stored state's head. When another run that
// armed later (its mark is above this run's) saved in between, it also
// pruned the log up to its mark: this run's state, saved with its older
// mark, would make the next run miss the changes in between, so save
// keeps the newer state and writes nothing. Keeping it is safe: it is a
// whole, consistent state whose log above its mark is intact (no run
// prunes above the mark it stores); the stored members it carries are
// only trusted while segc_changes ends at its changes mark, which this
// run's commit moves. Dropping the state would be safe too, but would
// make the next run cold for nothing.
// A daily run adds to the state it loaded, so when another run saved
// in between (the version changed) it keeps that run's state too, for
// the same reasons (this run's commit moves segc_changes and segc_runs,
// so the next run reads the members and lifecycle states rather than
// trust the kept ones), instead of holding its whole state (~50 MB for
// W1 at 1M entities) through the steps for this rare case.
func (s *saved) save(ctx context.Context, conn *sql.Conn, runID int64) error {
	cur, err := readHead(ctx, conn)
	if err != nil {
		return fmt.Errorf("reading the stored incremental state: %w", err)
	}
	if cur.mark > s.mark || s.resumed && cur.version != s.version {
		return nil
	}
	drop := dropState
	if s.resumed {
		drop = dropMeta
	}
	if err := drop(ctx, conn); err != nil {
		return err
	}
	meta := map[string]any{"plan_hash": s.planHash, "as_of": s.asOf, "n": s.n, "mark": s.mark, "version": cur.version + 1}
	for i, h := range s.hwm {
		meta["hwm."+strconv.Itoa(i)] = h
	}
	for k, v := range meta {
		if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_meta(name, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	if !s.logsOnly {
		if err := s.saveTable(ctx, conn); err != nil {
			return err
		}
	}
	for i, o := range s.out {
		if o.tails == nil {
			continue
		}
		if err := o.save(ctx, conn, i); err != nil {
			return err
		}
	}
	if err := s.saveMembers(ctx, conn, s.resumed); err != nil {
		return err
	}
	if err := s.saveStates(ctx, conn, runID, s.resumed); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `DELETE FROM segc_inc_log WHERE seq <= ?`, s.mark)
	return err
}

// head is what a run checks of the stored state before relying on it:
// its version (counting saves, never reset) and its change-log mark.
type head struct{ version, mark int64 }

// querier is a *sql.DB, *sql.Conn or *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// readHead reads the stored state's head (zeros without one).
func readHead(ctx context.Context, q querier) (head, error) {
	var h head
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(CASE WHEN name = 'version' THEN value END), 0),
		coalesce(max(CASE WHEN name = 'mark' THEN value END), 0) FROM segc_inc_meta`).Scan(&h.version, &h.mark)
	return h, err
}

// saveTable writes the keys and the columns.
func (s *saved) saveTable(ctx context.Context, conn *sql.Conn) error {
	blobs := map[string][]byte{"keys": encodeKeys(s.keys)}
	for i, c := range s.cols {
		blobs["col."+strconv.Itoa(i)] = encodeVec(c)
	}
	for k, v := range blobs {
		if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO segc_inc_blobs(name, v) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	return nil
}

// dropMeta deletes the meta rows (a daily run rewrites them all).
func dropMeta(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `DELETE FROM segc_inc_meta`)
	return err
}

// loadSaved reads the stored state of p; nil without one. It reads in
// one transaction, so a run saving meanwhile cannot mix two states.
// Only missing state tables mean "no state": any other failure (a
// cancelled run, a locked database) is an error. The columns and
// members may still be decoding when it returns (see loadBlobs): call
// finishLoad before using them.
func loadSaved(ctx context.Context, db *sql.DB, p *plan.Plan) (*saved, error) {
	conn, end, err := beginRead(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("reading the stored incremental state: %w", err)
	}
	s, err := loadIn(ctx, conn, p, end)
	if err != nil && !errors.Is(err, errUndecodable) {
		return nil, fmt.Errorf("reading the stored incremental state: %w", err)
	}
	return s, err
}

// readTx runs fn on one connection in a read transaction.
func readTx(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
	conn, end, err := beginRead(ctx, db)
	if err != nil {
		return err
	}
	defer end()
	return fn(conn)
}

// beginRead starts a read transaction on a connection of its own: one
// snapshot of the database (BEGIN DEFERRED whatever the connection's
// default, so it takes no write lock). end rolls it back and releases
// the connection.
func beginRead(ctx context.Context, db *sql.DB) (*sql.Conn, func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		conn.Close()
	}, nil
}

// loadIn is loadSaved inside its transaction, which it ends (end), or
// has ended once the columns and members are decoded.
func loadIn(ctx context.Context, conn *sql.Conn, p *plan.Plan, end func()) (*saved, error) {
	s, err := loadHead(ctx, conn, p)
	if err != nil || s == nil || s.planHash != p.Hash {
		end() // another plan's blobs would not decode: the run is cold
		return s, err
	}
	return s, s.loadBlobs(ctx, conn, end)
}

// loadHead reads the meta rows of the stored state (nil without one).
func loadHead(ctx context.Context, conn *sql.Conn, p *plan.Plan) (*saved, error) {
	var tables int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('segc_inc_meta', 'segc_inc_blobs')`).Scan(&tables); err != nil {
		return nil, err
	}
	if tables < 2 {
		return nil, nil // no state tables yet
	}
	nLogs := len(p.Logs)
	s := &saved{hwm: make([]int64, nLogs), cols: make([]eval.Vec, len(p.Columns)), logs: make([]logBlobs, nLogs),
		aggs: make([][]*plan.Aggregate, nLogs), prevMembers: map[string][]int32{}, prevSince: map[string][]int64{}, prevStates: map[string]*runtime.PriorStates{}}
	for _, l := range p.Logs {
		s.aggs[l.Index] = logAggs(p, l.Index)
	}
	if err := s.loadMeta(ctx, conn); err != nil || s.planHash == "" {
		return nil, err // no plan hash: no state (dropped, the version kept)
	}
	return s, nil
}

// loadMeta reads the meta rows.
func (s *saved) loadMeta(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, `SELECT name, value FROM segc_inc_meta`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v any
		if err := rows.Scan(&name, &v); err != nil {
			return err
		}
		s.setMeta(name, v)
	}
	return rows.Err()
}

// setMeta applies one meta row.
func (s *saved) setMeta(name string, v any) {
	i, _ := v.(int64)
	switch {
	case name == "plan_hash":
		switch x := v.(type) {
		case string:
			s.planHash = x
		case []byte:
			s.planHash = string(x)
		}
	case name == "as_of":
		s.asOf = i
	case name == "n":
		s.n = int(i)
	case name == "mark":
		s.mark = i
	case name == "changes_mark":
		s.changesMark = i
	case name == "version":
		s.version = i
	case name == "states_run":
		s.statesRun = i
	case strings.HasPrefix(name, "hwm."):
		if k, err := strconv.Atoi(name[4:]); err == nil && k < len(s.hwm) {
			s.hwm[k] = i
		}
	}
}

// errUndecodable is returned for a stored state that does not decode
// (saved by another segc version): the run is then cold.
var errUndecodable = errors.New("the stored state does not decode")
