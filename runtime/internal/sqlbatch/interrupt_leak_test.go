package sqlbatch

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// TestCancelDoesNotInterruptNextQuery cancels a query's context from its
// callback, so the query ends at the next batch boundary, then runs a
// second query on the same connection with a context that never ends.
// context.AfterFunc's stop does not wait for a func that has already
// started, so the interrupt may land on the second statement: it must
// not fail.
func TestCancelDoesNotInterruptNextQuery(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const long = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n`
	for round := 0; round < 50; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		err := Query(ctx, conn, long, nil, 1, func(*Batch) error {
			cancel()
			return nil
		})
		if err != context.Canceled {
			t.Fatalf("round %d: first query: got %v, want context.Canceled", round, err)
		}
		rows := 0
		err = Query(context.Background(), conn, long, nil, 1, func(b *Batch) error {
			rows += b.Len()
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: a query under a live context failed after an earlier one was cancelled: %v", round, err)
		}
		if rows != 300000 {
			t.Fatalf("round %d: %d rows, want 300000", round, rows)
		}
	}
}
