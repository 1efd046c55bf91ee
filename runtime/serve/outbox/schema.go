package outbox

import (
	"context"
	"database/sql"
	"fmt"
)

// schemaDDL creates segc_outbox and segc_outbox_marks. entity_id has no type so keys stay as
// the source table holds them. at and delivered_at/given_up_at are ISO
// text in UTC like every segc time; next_attempt_at is Unix milliseconds
// (backoffs are sub-second in tests). A row is pending while both
// delivered_at and given_up_at are null.
var schemaDDL = [...]string{
	`CREATE TABLE IF NOT EXISTS segc_outbox(
		id INTEGER PRIMARY KEY,
		destination TEXT NOT NULL,
		segment TEXT NOT NULL,
		entity_id NOT NULL,
		change TEXT NOT NULL CHECK (change IN ('enter', 'exit')),
		at TEXT NOT NULL,
		run_id INTEGER NOT NULL,
		idempotency_key TEXT NOT NULL UNIQUE,
		attempts INTEGER NOT NULL DEFAULT 0,
		next_attempt_at INTEGER NOT NULL,
		delivered_at TEXT,
		given_up_at TEXT,
		last_error TEXT)`,
	`CREATE INDEX IF NOT EXISTS segc_outbox_entity ON segc_outbox(destination, entity_id, id)
		WHERE delivered_at IS NULL AND given_up_at IS NULL`,
	`CREATE INDEX IF NOT EXISTS segc_outbox_pending ON segc_outbox(destination, id)
		WHERE delivered_at IS NULL AND given_up_at IS NULL`,
	sqlMarksDDL,
}

// Execer is what *sql.DB, *sql.Conn and *sql.Tx offer for statements.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// EnsureSchema creates segc_outbox, its indexes and segc_outbox_marks
// when missing.
func EnsureSchema(ctx context.Context, db Execer) error {
	for _, ddl := range schemaDDL {
		if _, err := db.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("creating segc_outbox: %w", err)
		}
	}
	return nil
}
