package store

import (
	"context"
	"database/sql"
	"fmt"
)

// schemaDDL creates the segc tables and indexes when they are missing.
// entity_id and group_key are declared without a type so that SQLite keeps
// each key exactly as the source table holds it (integer or text). Times
// are ISO text "YYYY-MM-DD HH:MM:SS" in UTC.
var schemaDDL = [...]string{
	`CREATE TABLE IF NOT EXISTS segc_runs(
		run_id INTEGER PRIMARY KEY,
		started_at TEXT NOT NULL,
		finished_at TEXT,
		as_of TEXT NOT NULL,
		plan_hash TEXT NOT NULL,
		status TEXT NOT NULL,
		error TEXT)`,
	`CREATE TABLE IF NOT EXISTS segc_members(
		segment TEXT NOT NULL,
		entity_id NOT NULL,
		since TEXT NOT NULL,
		PRIMARY KEY (segment, entity_id)) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS segc_changes(
		run_id INTEGER NOT NULL,
		at TEXT NOT NULL,
		segment TEXT NOT NULL,
		entity_id,
		change TEXT NOT NULL CHECK (change IN ('enter', 'exit', 'baseline')))`,
	`CREATE INDEX IF NOT EXISTS segc_changes_segment ON segc_changes(segment, run_id)`,
	// By run: the outbox reads one run's changes (or a range of runs) on
	// every hooked commit, which must not scan the whole history.
	`CREATE INDEX IF NOT EXISTS segc_changes_run ON segc_changes(run_id)`,
	`CREATE TABLE IF NOT EXISTS segc_thresholds(
		run_id INTEGER NOT NULL,
		segment TEXT NOT NULL,
		expr TEXT NOT NULL,
		group_key,
		value REAL)`,
	`CREATE INDEX IF NOT EXISTS segc_thresholds_run ON segc_thresholds(run_id)`,
	`CREATE TABLE IF NOT EXISTS segc_states(
		lifecycle TEXT NOT NULL,
		entity_id NOT NULL,
		state TEXT NOT NULL,
		since TEXT NOT NULL,
		PRIMARY KEY (lifecycle, entity_id)) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS segc_models(
		name TEXT NOT NULL,
		version INTEGER NOT NULL,
		trained_at TEXT NOT NULL,
		spec TEXT NOT NULL,
		model TEXT NOT NULL,
		metrics TEXT,
		PRIMARY KEY (name, version))`,
}

// execer is what both *sql.DB and *sql.Conn offer for statements.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// EnsureSchema creates the segc tables and indexes that do not exist yet.
// It never changes existing tables. Commit and RecordFailure call it
// themselves, inside their transactions.
func EnsureSchema(ctx context.Context, db *sql.DB) error {
	return ensureSchema(ctx, db)
}

func ensureSchema(ctx context.Context, e execer) error {
	for _, ddl := range schemaDDL {
		if _, err := e.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("creating the segc tables: %w", err)
		}
	}
	return nil
}
