package store

import (
	"context"
	"testing"
)

// TestR7AbortUnstartedTouchesNothing: a Pipe aborted before anything was
// published (the evaluation failed early) has nothing to roll back, so
// it must not take a connection, let alone BEGIN IMMEDIATE (which waits
// out the busy timeout when another writer holds the lock, before the
// failure can even be recorded).
func TestR7AbortUnstartedTouchesNothing(t *testing.T) {
	db := openDB(t)
	p := StartCommit(context.Background(), db, runAt(1))
	p.Abort()
	if n := db.Stats().OpenConnections; n != 0 {
		t.Errorf("Abort with nothing published opened %d connection(s)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = 'segc_runs'`); n != 0 {
		t.Errorf("segc_runs exists after the abort")
	}
}
