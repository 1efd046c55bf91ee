package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Commit stores a run's outcome in one transaction: the run row (status
// "ok"), the new membership, the history of changes and the thresholds.
// Any error rolls everything back, leaving the previous membership in
// place; the caller then records the failure with RecordFailure.
//
// Each segment's new members are diffed against its stored members: exits
// are deleted, entries inserted with since = as-of, and unchanged members
// keep their since. History gets one "exit" or "enter" row per change, at
// as-of, except in the first run that evaluates a segment (no earlier
// segc_changes row for it), which writes one "baseline" row instead.
//
// A segment that has stored members but is not in out (its definition was
// removed or renamed) has all its members exited, each with an "exit"
// history row, so that segc_members only holds defined segments and the
// history stays truthful. Its summary has Removed set.
//
// Segments are written in name order and keys in key order, so a cold run
// appends to segc_members' primary key instead of splitting pages at
// random.
func Commit(ctx context.Context, db *sql.DB, run Run, out *Outcome) (*Summary, error) {
	return StartCommit(ctx, db, run).Finish(out, nil)
}

// openTx is a commit's transaction once the run row is in: the stored
// state it diffs against and the writer.
type openTx struct {
	st    *storedState
	w     *writer
	runID int64
}

// openCommit creates the segc tables if needed, reads what storage holds
// and adds the run's segc_runs row. It reads segc_changes' end before
// writing anything, since known changes are checked against it.
func openCommit(ctx context.Context, conn *sql.Conn, run Run) (*openTx, error) {
	if run.AsOf.IsZero() {
		return nil, fmt.Errorf("store: the run has no as-of instant")
	}
	if err := ensureSchema(ctx, conn); err != nil {
		return nil, err
	}
	st, err := newStoredState(ctx, conn)
	if err != nil {
		return nil, err
	}
	if _, err := st.changesHi(ctx); err != nil {
		return nil, err
	}
	runID, err := insertRun(ctx, conn, run, "ok", nil)
	if err != nil {
		return nil, err
	}
	w, err := newWriter(ctx, conn, runID, FormatTime(run.AsOf))
	if err != nil {
		return nil, err
	}
	return &openTx{st: st, w: w, runID: runID}, nil
}

// write diffs one segment against storage and applies its change.
func (t *openTx) write(ctx context.Context, keys Keys, seg SegmentMembers) (segmentChange, error) {
	if err := checkKeys(keys); err != nil {
		return segmentChange{}, err
	}
	c, err := segmentDiff(ctx, t.st, keys, seg)
	if err != nil {
		return segmentChange{}, err
	}
	return c, t.w.segment(ctx, c)
}

// writeOutcome writes what out has beyond the segments already written
// (done): the segments ready when it came (held ones included), in name order (diffed before any is
// written, as Commit always did); then Outcome.Later completes the
// pending ones, which follow with the stored segments out no longer has;
// then the states, models and thresholds. It returns every change: out's
// segments in their order, then the removed ones.
func (t *openTx) writeOutcome(ctx context.Context, out *Outcome, done *written) ([]segmentChange, error) {
	if err := checkOutcome(out); err != nil {
		return nil, err
	}
	if err := checkPublished(out, done); err != nil {
		return nil, err
	}
	changes := make([]segmentChange, len(out.Segments))
	var ready []int
	for i, seg := range out.Segments {
		c, early := done.segments[seg.Name]
		switch {
		case early:
			changes[i] = c
		case !seg.Pending:
			var err error
			if changes[i], err = segmentDiff(ctx, t.st, out.Keys, seg); err != nil {
				return nil, err
			}
			ready = append(ready, i)
		}
	}
	if err := t.w.segmentsByName(ctx, changes, ready); err != nil {
		return nil, err
	}
	return t.writeLater(ctx, out, changes, done)
}

// writeLater completes out (Outcome.Later), writes its pending segments
// and the removed ones in name order, then the states, models and
// thresholds.
func (t *openTx) writeLater(ctx context.Context, out *Outcome, changes []segmentChange, done *written) ([]segmentChange, error) {
	if err := out.complete(); err != nil {
		return nil, err
	}
	n := len(changes)
	changes, err := finishChanges(ctx, t.st, out, changes)
	if err != nil {
		return nil, err
	}
	var rest []int
	for i := range changes {
		if i >= n || out.Segments[i].Pending {
			rest = append(rest, i)
		}
	}
	if err := t.w.segmentsByName(ctx, changes, rest); err != nil {
		return nil, err
	}
	return changes, writeRest(ctx, t.w, out, done)
}

// checkPublished rejects an outcome that does not hold every published
// segment, final and of the size written, and every published lifecycle.
func checkPublished(out *Outcome, done *written) error {
	found := 0
	for _, seg := range out.Segments {
		c, ok := done.segments[seg.Name]
		if !ok {
			continue
		}
		found++
		if seg.Pending || c.Size != len(seg.Members) {
			return fmt.Errorf("store: segment %q changed after it was published (%d members written, %d in the outcome)", seg.Name, c.Size, len(seg.Members))
		}
	}
	for _, l := range out.States {
		if done.states[l.Name] {
			found++
		}
	}
	for _, seg := range out.Segments {
		if done.held[seg.Name] {
			found++
		}
	}
	if missing := len(done.segments) + len(done.held) + len(done.states) - found; missing != 0 {
		return fmt.Errorf("store: %d published segments or lifecycles are not in the outcome", missing)
	}
	return nil
}

// segmentsByName writes the changes at the given positions in name order.
func (w *writer) segmentsByName(ctx context.Context, changes []segmentChange, at []int) error {
	order := slices.Clone(at)
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(changes[a].Name, changes[b].Name) })
	for _, i := range order {
		if err := w.segment(ctx, changes[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeRest writes the lifecycle states (but those written already),
// forgets the states no one has any more (but those pruned already), then
// writes the cluster models and thresholds.
func writeRest(ctx context.Context, w *writer, out *Outcome, done *written) error {
	var rest []LifecycleStates
	for _, l := range out.States {
		if !done.states[l.Name] {
			rest = append(rest, l)
		}
	}
	if err := w.writeStates(ctx, out.Keys, rest); err != nil {
		return err
	}
	if err := w.pruneStates(ctx, out.States, done.pruned); err != nil {
		return err
	}
	if err := w.writeModels(ctx, out.Models, out.ModelRuns); err != nil {
		return err
	}
	return w.thresholds(ctx, out.Thresholds)
}

// insertRun adds a segc_runs row and returns its run_id.
func insertRun(ctx context.Context, conn *sql.Conn, run Run, status string, cause any) (int64, error) {
	res, err := conn.ExecContext(ctx, `INSERT INTO segc_runs(started_at, finished_at, as_of, plan_hash, status, error)
		VALUES (?, ?, ?, ?, ?, ?)`, FormatTime(run.StartedAt), FormatTime(time.Now()),
		FormatTime(run.AsOf), run.PlanHash, status, cause)
	if err != nil {
		return 0, fmt.Errorf("recording the run: %w", err)
	}
	return res.LastInsertId()
}

// finishRun sets finished_at once everything else is written.
func finishRun(ctx context.Context, conn *sql.Conn, runID int64) error {
	_, err := conn.ExecContext(ctx, `UPDATE segc_runs SET finished_at = ? WHERE run_id = ?`, FormatTime(time.Now()), runID)
	if err != nil {
		return fmt.Errorf("recording the run: %w", err)
	}
	return nil
}

// Preview computes what Commit would change without writing anything (a
// dry run). It works on a database without segc tables: every segment is
// then a baseline with all its members entering.
func Preview(ctx context.Context, db *sql.DB, out *Outcome) (*Summary, error) {
	var sum *Summary
	err := withTx(ctx, db, "DEFERRED", false, func(conn *sql.Conn) error {
		st, err := newStoredState(ctx, conn)
		if err != nil {
			return err
		}
		changes, err := computeChanges(ctx, st, out)
		sum = summarize(0, changes)
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// RecordFailure records a failed run (status "failed" and the error text)
// in its own small transaction, leaving membership untouched. It returns
// the run_id.
func RecordFailure(ctx context.Context, db *sql.DB, run Run, cause error) (int64, error) {
	text := "unknown error"
	if cause != nil {
		text = cause.Error()
	}
	var runID int64
	err := withTx(ctx, db, "IMMEDIATE", true, func(conn *sql.Conn) error {
		if err := ensureSchema(ctx, conn); err != nil {
			return err
		}
		var err error
		runID, err = insertRun(ctx, conn, run, "failed", text)
		return err
	})
	return runID, err
}
