package sqlbatch

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/runtime/sqlrows"
)

// openEachDB returns a connection to a fresh database with table k.
func openEachDB(t *testing.T) *sql.Conn {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "e.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), `CREATE TABLE k (tag TEXT NOT NULL, key, PRIMARY KEY (tag, key)) WITHOUT ROWID`); err != nil {
		t.Fatal(err)
	}
	return conn
}

// manyInts is more integer keys than one chunk holds.
func manyInts() []int64 {
	out := make([]int64, eachChunk*2+17)
	for i := range out {
		out[i] = int64(i*3 - 100)
	}
	return out
}

func TestExecEachInserts(t *testing.T) {
	tests := []struct {
		name string
		keys Keys
		want []string
	}{
		{"no keys", Keys{}, nil},
		{"ints", Keys{Ints: []int64{-9223372036854775808, 0, 7}}, []string{"integer -9223372036854775808", "integer 0", "integer 7"}},
		{"texts", Keys{Strs: []string{"", "héllo → ✓", "a\x00b"}}, []string{"text ", "text a\x00b", "text héllo → ✓"}},
		{"both", Keys{Ints: []int64{2}, Strs: []string{"2"}}, []string{"integer 2", "text 2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openEachDB(t)
			ctx := context.Background()
			if err := ExecEach(ctx, conn, `INSERT INTO k(tag, key) VALUES (?1, ?2)`, []any{"t"}, tc.keys); err != nil {
				t.Fatal(err)
			}
			if got := keysOf(t, conn); !slices.Equal(got, tc.want) {
				t.Errorf("stored %q, want %q", got, tc.want)
			}
		})
	}
}

// keysOf lists k's keys with their storage class, in key order.
func keysOf(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	return strs(t, conn, `SELECT typeof(key) || ' ' || CAST(key AS TEXT) FROM k ORDER BY tag, key`)
}

// strs returns the first column of a query's rows.
func strs(t *testing.T, conn *sql.Conn, q string) []string {
	t.Helper()
	out, err := sqlrows.Strings(context.Background(), conn, q)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExecEachDeletesAcrossChunks(t *testing.T) {
	conn := openEachDB(t)
	ctx := context.Background()
	// One transaction: in autocommit mode each row would sync the file.
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	all := manyInts()
	if err := ExecEach(ctx, conn, `INSERT INTO k(tag, key) VALUES (?1, ?2)`, []any{"t"}, Keys{Ints: all}); err != nil {
		t.Fatal(err)
	}
	if err := ExecEach(ctx, conn, `DELETE FROM k WHERE tag = ?1 AND key = ?2`, []any{"t"}, Keys{Ints: all[1:]}); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(t, conn); !slices.Equal(got, []string{"integer -100"}) {
		t.Errorf("left %d keys (%q...), want only -100", len(got), got[:min(3, len(got))])
	}
}

func TestExecEachFails(t *testing.T) {
	tests := []struct {
		name, query string
		args        []any
		keys        Keys
		want        string
	}{
		{"duplicate key", `INSERT INTO k(tag, key) VALUES (?1, ?2)`, []any{"t"}, Keys{Ints: []int64{1, 2, 2}}, "UNIQUE constraint failed"},
		{"null tag", `INSERT INTO k(tag, key) VALUES (?1, ?2)`, []any{nil}, Keys{Strs: []string{"x"}}, "NOT NULL constraint failed"},
		{"too few arguments", `INSERT INTO k(tag, key) VALUES (?1, ?3)`, []any{"t"}, Keys{Ints: []int64{1}}, "3 parameters"},
		{"bad SQL", `INSERT INTO nowhere VALUES (?1)`, nil, Keys{Ints: []int64{1}}, "no such table"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openEachDB(t)
			err := ExecEach(context.Background(), conn, tc.query, tc.args, tc.keys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestExecEachCancelled(t *testing.T) {
	conn := openEachDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ExecEach(ctx, conn, `INSERT INTO k(tag, key) VALUES (?1, ?2)`, []any{"t"}, Keys{Ints: manyInts()})
	if err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if got := keysOf(t, conn); len(got) != 0 {
		t.Errorf("a cancelled ExecEach stored %d keys", len(got))
	}
}
