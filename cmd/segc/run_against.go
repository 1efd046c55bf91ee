package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// checkAgainstRun fails unless a run-id target names a successful stored
// run. segc run calls it before evaluating, so a wrong --against stops at
// once instead of after a full evaluation (seconds on a large database),
// and a real run does not commit before its diff fails. The diff itself
// (store.MembershipAt) checks the run again.
func checkAgainstRun(ctx context.Context, db *sql.DB, target *diffTarget) error {
	if target == nil || target.runID == 0 {
		return nil
	}
	var status string
	err := db.QueryRowContext(ctx, `SELECT status FROM segc_runs WHERE run_id = ?`, target.runID).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")):
		return fmt.Errorf("--against %d: there is no run %d in segc_runs; list the runs with: SELECT run_id, as_of, status FROM segc_runs", target.runID, target.runID)
	case err != nil:
		return fmt.Errorf("--against %d: reading segc_runs: %w", target.runID, err)
	case status != "ok":
		return fmt.Errorf("--against %d: run %d has status %q and stored no membership; choose a run with status 'ok'", target.runID, target.runID, status)
	}
	return nil
}
