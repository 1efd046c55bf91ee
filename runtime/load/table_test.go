package load

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// testDB creates a table t(id, name, score, day) with n rows in
// shuffled key order, plus the statements in extra.
func testDB(t *testing.T, n int, extra ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	stmts := append([]string{
		`CREATE TABLE t(id INTEGER, name TEXT, score REAL, day TEXT)`,
		fmt.Sprintf(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < %d)
			INSERT INTO t SELECT (i * 7919) %% 100003, 'n' || (i %% 5),
			CASE WHEN i %% 9 = 0 THEN NULL ELSE i / 4.0 END,
			date(1700000000 + i * 86400, 'unixepoch') FROM c`, n),
	}, extra...)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

var testCols = []ColumnSpec{
	{Name: "name", Type: types.Of(types.String)},
	{Name: "score", Type: types.Type{Kind: types.Float, Nullable: true}},
	{Name: "day", Type: types.Of(types.Time)},
}

// TestLoadTableParallelIsDeterministic loads one table in many chunks on
// several workers and in one chunk on one, and wants identical tables.
func TestLoadTableParallelIsDeterministic(t *testing.T) {
	db := testDB(t, 5000)
	ctx := context.Background()
	want, err := loadTable(ctx, db, "t", "id", types.Int, testCols, 1, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want.Len() != 5000 {
		t.Fatalf("loaded %d rows, want 5000", want.Len())
	}
	for _, workers := range []int{1, 2, 4} {
		got, err := loadTable(ctx, db, "t", "id", types.Int, testCols, workers, 97)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("workers=%d: parallel load differs from a single-chunk load", workers)
		}
	}
}

// TestLoadTableParallelReportsFirstError puts bad values in two chunks
// and wants the first one's error whatever the number of workers.
func TestLoadTableParallelReportsFirstError(t *testing.T) {
	db := testDB(t, 3000, `UPDATE t SET day = 'soon' WHERE rowid IN (1500, 2900)`)
	ctx := context.Background()
	_, want := loadTable(ctx, db, "t", "id", types.Int, testCols, 1, 1<<20)
	if _, ok := want.(*DataError); !ok {
		t.Fatalf("single chunk: got %v, want a *DataError", want)
	}
	for _, workers := range []int{1, 2, 4} {
		_, err := loadTable(ctx, db, "t", "id", types.Int, testCols, workers, 100)
		if err == nil || err.Error() != want.Error() {
			t.Errorf("workers=%d: got %v, want %v", workers, err, want)
		}
	}
}

// TestLoadTableWithoutRowid reads a WITHOUT ROWID table in one chunk.
func TestLoadTableWithoutRowid(t *testing.T) {
	db := testDB(t, 10,
		`CREATE TABLE w(id INTEGER PRIMARY KEY, name TEXT, score REAL, day TEXT) WITHOUT ROWID`,
		`INSERT INTO w SELECT * FROM t`)
	got, err := loadTable(context.Background(), db, "w", "id", types.Int, testCols, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 10 || got.Columns[0].N != 10 {
		t.Errorf("got %d rows, want 10", got.Len())
	}
}

// TestConcat joins parts with and without nulls.
func TestConcat(t *testing.T) {
	a := NewBuilder(types.Type{Kind: types.Int, Nullable: true}, 2)
	b := NewBuilder(types.Type{Kind: types.Int, Nullable: true}, 2)
	for _, v := range []any{int64(1), int64(2)} {
		a.Append(v)
	}
	for _, v := range []any{nil, int64(4)} {
		b.Append(v)
	}
	got := Concat([]eval.Vec{a.Vec(), b.Vec()})
	if got.N != 4 || !reflect.DeepEqual(got.I, []int64{1, 2, 0, 4}) || !reflect.DeepEqual(got.Valid, []bool{true, true, false, true}) {
		t.Errorf("got %+v", got)
	}
	if got := Concat([]eval.Vec{a.Vec(), a.Vec()}); got.Valid != nil || got.N != 4 {
		t.Errorf("all-valid parts: got %+v, want Valid nil", got)
	}
}
