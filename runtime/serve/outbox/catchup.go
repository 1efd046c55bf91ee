package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/segc/segc/runtime/store"
)

// Queued is what one enqueue did for one destination.
type Queued struct {
	Destination string
	Rows        int64 // outbox rows added (repeats of existing keys aside)
	Runs        int   // runs whose changes were enqueued
	// First is set for a destination seen for the first time: it starts
	// at the run being committed (Hook) or at the latest run (CatchUp),
	// with no replay of older runs; a Baseline destination gets a
	// snapshot of the current members instead.
	First bool
}

// HookReporting is Hook that also passes report what it queued for each
// destination. report runs inside the transaction, before COMMIT: trust
// the counts only once the commit succeeded. report may be nil.
func HookReporting(dests []Destination, now func() time.Time, report func(Queued)) store.InTx {
	return func(ctx context.Context, tx *sql.Conn, runID int64) error {
		if err := EnsureSchema(ctx, tx); err != nil {
			return err
		}
		for _, d := range dests {
			q, err := advance(ctx, tx, d, runID, runID-1, now().UnixMilli())
			if err != nil {
				return fmt.Errorf("webhook destination %q: filling the outbox: %w", d.Name, err)
			}
			if report != nil {
				report(q)
			}
		}
		return nil
	}
}

// CatchUp enqueues, in one transaction, the changes of every run with
// status ok committed after each destination's mark (by `segc run` or
// `segc backfill`, or by serve while the destination was not active),
// run by run, and moves the marks to the latest run. A destination seen
// for the first time starts at the latest run: nothing older is sent,
// except that a Baseline destination gets one enter per current member
// of its segments. Keys already in the outbox are skipped, so a repeat
// is harmless. now stamps next_attempt_at.
func CatchUp(ctx context.Context, db *sql.DB, dests []Destination, now func() time.Time) ([]Queued, error) {
	if len(dests) == 0 {
		return nil, nil
	}
	if err := store.EnsureSchema(ctx, db); err != nil {
		return nil, err
	}
	var out []Queued
	err := immediateTx(ctx, db, func(conn *sql.Conn) error {
		if err := EnsureSchema(ctx, conn); err != nil {
			return err
		}
		latest, err := latestRun(ctx, conn)
		if err != nil {
			return err
		}
		for _, d := range dests {
			q, err := advance(ctx, conn, d, latest, latest, now().UnixMilli())
			if err != nil {
				return fmt.Errorf("webhook destination %q: catching up the outbox: %w", d.Name, err)
			}
			out = append(out, q)
		}
		return nil
	})
	return out, err
}

// advance enqueues d's changes of the runs after its mark through run
// `through`, then marks `through`. A destination without a mark starts
// after run startAfter, or, with Baseline, with a snapshot of the
// members as of `through`.
func advance(ctx context.Context, q Querier, d Destination, through, startAfter, nowMs int64) (Queued, error) {
	res := Queued{Destination: d.Name}
	mark, found, err := readMark(ctx, q, d.Name)
	if err != nil {
		return res, err
	}
	if !found {
		res.First = true
		if d.Baseline {
			return snapshotThrough(ctx, q, d, through, nowMs, res)
		}
		mark = startAfter
	}
	ids, err := runsAfter(ctx, q, mark, through)
	if err != nil {
		return res, err
	}
	if res.Rows, err = enqueueRuns(ctx, q, d, ids, nowMs); err != nil {
		return res, err
	}
	res.Runs = len(ids)
	return res, setMark(ctx, q, d.Name, through)
}

// snapshotThrough queues the snapshot of run `through` and marks it.
func snapshotThrough(ctx context.Context, q Querier, d Destination, through, nowMs int64, res Queued) (Queued, error) {
	n, err := snapshot(ctx, q, d, through, nowMs)
	if err != nil {
		return res, err
	}
	res.Rows, res.Runs = n, 1
	return res, setMark(ctx, q, d.Name, through)
}

// sqlSnapshot queues an enter for every current member of d's segments,
// keyed and dated as run ?3's enter (the same key as that run's own
// enter of the member, so the two never both go out).
const sqlSnapshot = `INSERT OR IGNORE INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key, next_attempt_at)
	SELECT ?1, m.segment, m.entity_id, 'enter', r.as_of, r.run_id,
		?1 || ':' || r.run_id || ':enter:' || m.segment || ':' || m.entity_id, ?2
	FROM segc_runs r JOIN segc_members m
	WHERE r.run_id = ?3 AND (%s)
	ORDER BY m.segment, m.entity_id`

// snapshot writes d's enters for the membership as of run runID (none
// when there is no such run).
func snapshot(ctx context.Context, q Querier, d Destination, runID, nowMs int64) (int64, error) {
	args := []any{d.Name, nowMs, runID}
	for _, s := range d.Segments {
		args = append(args, s)
	}
	return execCount(ctx, q, fmt.Sprintf(sqlSnapshot, globs("m.segment", len(d.Segments))), args)
}

// immediateTx runs fn inside BEGIN IMMEDIATE on one connection (the
// marks are read then written: the write lock is taken first), and
// commits when fn succeeds.
func immediateTx(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err = fn(conn); err == nil {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return nil
		}
	}
	if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
		return errors.Join(err, rbErr)
	}
	return err
}
