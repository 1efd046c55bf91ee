package store

import (
	"context"
	"database/sql"
	"testing"
)

// TestCommitRestoresCacheSize checks that the larger page cache of a
// commit does not stay on the pooled connection.
func TestCommitRestoresCacheSize(t *testing.T) {
	db := openDB(t)
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	var before, during, after int64
	if err := db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&before); err != nil {
		t.Fatal(err)
	}
	out := outcome(Keys{Ints: []int64{1, 2, 3}}, map[string][]int32{"a": {0, 2}})
	if _, err := Commit(ctx, db, runAt(1), out); err != nil {
		t.Fatal(err)
	}
	err := withTx(ctx, db, "IMMEDIATE", true, func(c *sql.Conn) error {
		return c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&during)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&after); err != nil {
		t.Fatal(err)
	}
	if during != -writeCacheKiB || after != before {
		t.Errorf("cache_size before %d, during a write %d, after %d; want %d, %d, %d", before, during, after, before, -writeCacheKiB, before)
	}
}
