package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// openDB opens a fresh temp-file database in WAL mode.
func openDB(tb testing.TB) *sql.DB {
	tb.Helper()
	return openDBWith(tb, "_journal_mode=WAL&_synchronous=NORMAL")
}

// openDBWith opens a fresh temp-file database with go-sqlite3 DSN params.
func openDBWith(tb testing.TB, params string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(tb.TempDir(), "t.db")+"?"+params)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// schemaDB opens a fresh database holding segc's tables.
func schemaDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db := openDB(tb)
	if err := EnsureSchema(context.Background(), db); err != nil {
		tb.Fatal(err)
	}
	return db
}

// schemaConn returns a connection to db, after creating segc's tables
// there; it is closed when the test ends.
func schemaConn(tb testing.TB, db *sql.DB) *sql.Conn {
	tb.Helper()
	ctx := context.Background()
	if err := EnsureSchema(ctx, db); err != nil {
		tb.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

// day returns midnight UTC of 2026-06-<d>.
func day(d int) time.Time { return time.Date(2026, 6, d, 0, 0, 0, 0, time.UTC) }

func runAt(d int) Run { return Run{StartedAt: day(d).Add(time.Minute), AsOf: day(d), PlanHash: "h1"} }

// dump renders a query's rows with SQLite's quote() per column, so types
// show: 1 vs '1'.
func dump(tb testing.TB, db *sql.DB, query string) string {
	tb.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		for i, v := range vals {
			if i > 0 {
				b.WriteByte('|')
			}
			if s, ok := v.([]byte); ok {
				v = string(s)
			}
			fmt.Fprint(&b, v)
		}
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

const (
	membersQuery = `SELECT segment, quote(entity_id), since FROM segc_members ORDER BY segment, entity_id`
	changesQuery = `SELECT run_id, at, segment, quote(entity_id), change FROM segc_changes ORDER BY rowid`
)

func count(tb testing.TB, db *sql.DB, query string) int {
	tb.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// commitChecked previews then commits, and checks both agree.
func commitChecked(tb testing.TB, db *sql.DB, run Run, out *Outcome) *Summary {
	tb.Helper()
	ctx := context.Background()
	pre, err := Preview(ctx, db, out)
	if err != nil {
		tb.Fatalf("Preview: %v", err)
	}
	sum, err := Commit(ctx, db, run, out)
	if err != nil {
		tb.Fatalf("Commit: %v", err)
	}
	if got, want := fmt.Sprint(pre.Segments), fmt.Sprint(sum.Segments); got != want {
		tb.Errorf("Preview = %s, Commit = %s", got, want)
	}
	return sum
}
