package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
	"github.com/segc/segc/runtime/store"
)

// openExistingDB opens a SQLite database that must already exist, so a typo
// in --db never creates an empty database.
func openExistingDB(ctx context.Context, path string, readOnly bool) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w (create it with 'segc import' or 'segc demo')", path, unwrapPathError(err))
	}
	return openDB(ctx, path, readOnly)
}

// openDB opens (creating if needed, unless readOnly) a SQLite database and
// checks that it is readable.
func openDB(ctx context.Context, path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "off")
	// database/sql never shares one connection between goroutines, so
	// SQLite's per-connection mutex only costs time (about 10% of a run).
	q.Set("_mutex", "no")
	if readOnly {
		q.Set("mode", "ro")
	} else if err := useJournalVFS(q); err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open database %s: %w", path, err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	return db, nil
}

// useJournalVFS makes a writing connection use store.JournalVFS, which
// gathers the rollback journal's small writes into large ones (a daily
// run's commit journals ~10k pages, three writes each).
func useJournalVFS(q url.Values) error {
	vfs, err := store.JournalVFS()
	if err != nil {
		return err
	}
	q.Set("vfs", vfs)
	return nil
}
