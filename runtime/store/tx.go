package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// withTx runs fn on one connection inside BEGIN (mode is "IMMEDIATE" for
// writers, so a concurrent writer waits instead of failing mid-way, or
// "DEFERRED" for readers). It commits when commit is true and fn succeeds,
// and rolls back otherwise, even when ctx is cancelled.
func withTx(ctx context.Context, db *sql.DB, mode string, commit bool, fn func(*sql.Conn) error) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("opening a database connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN "+mode); err != nil {
		return fmt.Errorf("starting a transaction: %w", err)
	}
	if err = fn(conn); err == nil && commit {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return nil
		}
		err = fmt.Errorf("committing: %w", err)
	}
	if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
		return errors.Join(err, fmt.Errorf("rolling back: %w", rbErr))
	}
	return err
}
