package sqlbatch

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// openTestDB returns a database whose table t holds every storage class,
// empty and multi-byte text, a 200 KB text (larger than a fresh arena),
// and enough rows to span several batches.
func openTestDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	stmts := []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, a, b TEXT, c REAL)`,
		`INSERT INTO t(a, b, c) VALUES (1, 'x', 1.5), (-9223372036854775808, '', NULL), (2.25, 'héllo → ✓', -0.0),
			(NULL, NULL, 1e308), (x'00ff10', 'tab	here', 3), ('12', '2026-06-30 12:00:00', 4)`,
		`INSERT INTO t(a, b, c) SELECT id, printf('row %d', id), id * 0.5 FROM (WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 5000) SELECT id FROM n)`,
		`INSERT INTO t(a, b, c) VALUES (7, '` + strings.Repeat("é", 100_000) + `', 7)`,
		`INSERT INTO t(a, b, c) SELECT 8, printf('%.*c', 3000, 'z'), 8 FROM (WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 100) SELECT id FROM n)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// collect runs query through run and returns every cell as Value gives it.
func collect(t *testing.T, db *sql.DB, run func(*sql.Conn, func(*Batch) error) error) [][]any {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var rows [][]any
	err = run(conn, func(b *Batch) error {
		for i := 0; i < b.Len(); i++ {
			r := b.Row(i)
			row := make([]any, 0, 4)
			for c := 0; c < 4; c++ {
				row = append(row, r.Value(c))
			}
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// viaDriver runs a query through the database/sql driver interface.
func viaDriver(ctx context.Context, conn *sql.Conn, query string, args []any, ncol int, fn func(*Batch) error) error {
	return conn.Raw(func(dc any) error {
		return queryDriver(ctx, dc.(driver.QueryerContext), query, args, ncol, fn)
	})
}

func TestBatchesEqualDriverRows(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	tests := []struct {
		query string
		args  []any
	}{
		{`SELECT id, a, b, c FROM t ORDER BY id`, nil},
		{`SELECT id, +a, +b, +c FROM t WHERE id >= ? AND id < ?`, []any{int64(3), int64(4000)}},
		{`SELECT id, a, b, c FROM t WHERE b = ? OR b = ? OR c = ? OR a = ?`, []any{"héllo → ✓", "", 1.5, []byte{0, 0xff, 0x10}}},
		{`SELECT id, a, b, c FROM t WHERE a IS ? OR a = ?`, []any{nil, true}},
		{`SELECT id, a, b, c FROM t WHERE 0`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			fast := collect(t, db, func(conn *sql.Conn, fn func(*Batch) error) error {
				return Query(ctx, conn, tt.query, tt.args, 4, fn)
			})
			slow := collect(t, db, func(conn *sql.Conn, fn func(*Batch) error) error {
				return viaDriver(ctx, conn, tt.query, tt.args, 4, fn)
			})
			if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("batch reader and driver differ: %d vs %d rows\n%s", len(fast), len(slow), firstDiff(fast, slow))
			}
		})
	}
}

// firstDiff describes the first differing row.
func firstDiff(a, b [][]any) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("row %d: %.80v vs %.80v", i, a[i], b[i])
		}
	}
	return "one is a prefix of the other"
}

func TestFastPathTaken(t *testing.T) {
	db := openTestDB(t)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		if handleOf(dc) == nil {
			return errors.New("no sqlite3 handle found in the go-sqlite3 connection: the batch reader would fall back to the slow driver path")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestQueryErrors(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	none := func(*Batch) error { return nil }
	stop := errors.New("stop")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		query string
		args  []any
		ncol  int
		fn    func(*Batch) error
		want  string
	}{
		{"syntax", ctx, `SELEC 1`, nil, 1, none, `near "SELEC": syntax error`},
		{"no table", ctx, `SELECT x FROM nowhere`, nil, 1, none, `no such table: nowhere`},
		{"columns", ctx, `SELECT id, a FROM t`, nil, 3, none, `query returns 2 columns, want 3`},
		{"args", ctx, `SELECT id FROM t WHERE id = ?`, nil, 1, none, `expected 1 arguments, got 0`},
		{"arg type", ctx, `SELECT id FROM t WHERE id = ?`, []any{struct{}{}}, 1, none, `unsupported type struct {}`},
		{"callback", ctx, `SELECT id FROM t`, nil, 1, func(*Batch) error { return stop }, `stop`},
		{"canceled", canceled, `SELECT id FROM t`, nil, 1, none, `context canceled`},
		{"runtime", ctx, `SELECT abs(-9223372036854775808) FROM t`, nil, 1, none, `integer overflow`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Query(tt.ctx, conn, tt.query, tt.args, tt.ncol, tt.fn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCancelInterruptsALongScan(t *testing.T) {
	db := openTestDB(t)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// Billions of candidate rows and no match: no batch ever fills, so
	// only an interrupt stops it.
	const q = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000000) SELECT i FROM n WHERE i < 0`
	err = Query(ctx, conn, q, nil, 1, func(*Batch) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the context's deadline", err)
	}
	// The connection stays usable after the interrupt.
	err = Query(context.Background(), conn, `SELECT 1`, nil, 1, func(*Batch) error { return nil })
	if err != nil {
		t.Fatalf("after an interrupt: %v", err)
	}
}
