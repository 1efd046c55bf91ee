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
	if commit {
		defer raiseCache(ctx, conn)()
	}
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

// writeCacheKiB is the page cache a writing transaction gets: enough for a
// cold run's million-row membership, so SQLite never spills dirty pages
// mid-transaction (a spill syncs the journal and writes pages twice).
// Only pages actually touched take memory.
const writeCacheKiB = 256 << 10

// raiseCache sets the connection's page cache to writeCacheKiB and
// returns a function that restores the previous size, so the pooled
// connection is left as it was. Failures only cost speed and are ignored.
func raiseCache(ctx context.Context, conn *sql.Conn) func() {
	var prev int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&prev); err != nil {
		return func() {}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", writeCacheKiB)); err != nil {
		return func() {}
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", prev))
	}
}
