package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// sqlMarksDDL creates segc_outbox_marks: per destination, the last run
// whose changes are in segc_outbox. Every enqueue advances it in the
// same transaction, so the runs after it are exactly those still to
// enqueue (committed by `segc run` or `segc backfill` without the
// destination, or by serve before the destination became active).
const sqlMarksDDL = `CREATE TABLE IF NOT EXISTS segc_outbox_marks(
		destination TEXT PRIMARY KEY,
		run_id INTEGER NOT NULL) WITHOUT ROWID`

// The statements on marks and runs. A mark never moves back.
const (
	sqlReadMark   = `SELECT run_id FROM segc_outbox_marks WHERE destination = ?`
	sqlLegacyMark = `SELECT max(run_id) FROM segc_outbox WHERE destination = ?`
	sqlSetMark    = `INSERT INTO segc_outbox_marks(destination, run_id) VALUES (?1, ?2)
		ON CONFLICT(destination) DO UPDATE SET run_id = max(run_id, excluded.run_id)`
	sqlRunsAfter = `SELECT run_id FROM segc_runs WHERE run_id > ?1 AND run_id <= ?2 AND status = 'ok' ORDER BY run_id`
	sqlLatestRun = `SELECT coalesce(max(run_id), 0) FROM segc_runs WHERE status = 'ok'`
)

// Querier is what *sql.Conn and *sql.Tx offer for statements and queries.
type Querier interface {
	Execer
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readMark returns dest's mark. A destination without one whose rows are
// in segc_outbox (a database from before marks) is marked at its latest
// row's run; found is false only for a destination never seen.
func readMark(ctx context.Context, q Querier, dest string) (mark int64, found bool, err error) {
	err = q.QueryRowContext(ctx, sqlReadMark, dest).Scan(&mark)
	if !errors.Is(err, sql.ErrNoRows) {
		return mark, err == nil, err
	}
	var legacy sql.NullInt64
	if err := q.QueryRowContext(ctx, sqlLegacyMark, dest).Scan(&legacy); err != nil {
		return 0, false, err
	}
	return legacy.Int64, legacy.Valid, nil
}

// setMark moves dest's mark forward to runID.
func setMark(ctx context.Context, q Querier, dest string, runID int64) error {
	_, err := q.ExecContext(ctx, sqlSetMark, dest, runID)
	return err
}

// runsAfter lists the runs with status ok in (after, through], in order.
func runsAfter(ctx context.Context, q Querier, after, through int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, sqlRunsAfter, after, through)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// latestRun is the last run with status ok (0 when none).
func latestRun(ctx context.Context, q Querier) (int64, error) {
	var id int64
	if err := q.QueryRowContext(ctx, sqlLatestRun).Scan(&id); err != nil {
		return 0, fmt.Errorf("reading segc_runs: %w", err)
	}
	return id, nil
}
