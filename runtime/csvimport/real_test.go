package csvimport

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/segc/segc/dsl/types"
)

// openDB opens a fresh database file in a temp dir.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// requireFile skips the test when a shared data file is absent.
func requireFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not available: %v", path, err)
	}
}

// wantColumns compares a report's columns to name/type pairs.
func wantColumns(t *testing.T, got []ColumnInfo, want []ColumnInfo) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("columns = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Name != want[i].Name || got[i].Type != want[i].Type {
			t.Errorf("column %d = %s %v, want %s %v", i, got[i].Name, got[i].Type, want[i].Name, want[i].Type)
		}
	}
}

func col(name string, k types.Kind, nullable bool) ColumnInfo {
	return ColumnInfo{Name: name, Type: types.Type{Kind: k, Nullable: nullable}}
}

// TestOnlineRetail imports the UCI Online Retail file with no options, as a
// user running `segc import` without flags would.
func TestOnlineRetail(t *testing.T) {
	const path = "/work/shared/data/online_retail/online_retail.csv.gz"
	requireFile(t, path)
	db := openDB(t)
	start := time.Now()
	rep, err := Import(context.Background(), db, Options{Table: "retail", Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d rows in %.2fs", rep.Rows, time.Since(start).Seconds())
	if rep.Rows != 541909 {
		t.Errorf("rows = %d, want 541909", rep.Rows)
	}
	wantColumns(t, rep.Columns, []ColumnInfo{
		col("InvoiceNo", types.String, false), col("StockCode", types.String, false),
		col("Description", types.String, true), col("Quantity", types.Int, false),
		col("InvoiceDate", types.Time, false), col("UnitPrice", types.Float, false),
		col("CustomerID", types.Int, true), col("Country", types.String, false),
	})
	checkQuery(t, db, "SELECT count(*) FROM retail WHERE CustomerID IS NULL", "135080")
	checkQuery(t, db, "SELECT count(*) FROM retail WHERE InvoiceNo LIKE 'C%'", "9288")
	checkQuery(t, db, "SELECT min(InvoiceDate) || '|' || max(InvoiceDate) FROM retail", "2010-12-01 08:26:00|2011-12-09 12:50:00")
}

// TestCDNOW imports the whitespace-separated, CRLF CDNOW log with a date layout.
func TestCDNOW(t *testing.T) {
	const path = "/work/shared/data/cdnow/CDNOW_master.txt"
	requireFile(t, path)
	db := openDB(t)
	rep, err := Import(context.Background(), db, Options{Table: "cdnow", Path: path, Delimiter: "whitespace",
		TimeLayouts: map[string]string{"date": "%Y%m%d"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 69659 {
		t.Errorf("rows = %d, want 69659", rep.Rows)
	}
	wantColumns(t, rep.Columns, []ColumnInfo{
		col("customer_id", types.Int, false), col("date", types.Time, false),
		col("number_of_cds", types.Int, false), col("dollar_value", types.Float, false),
	})
	checkQuery(t, db, "SELECT count(DISTINCT customer_id) FROM cdnow", "23570")
	checkQuery(t, db, "SELECT min(date) || '|' || max(date) FROM cdnow", "1997-01-01 00:00:00|1998-06-30 00:00:00")
}

// checkQuery compares a one-value query result, as text.
func checkQuery(t *testing.T, db *sql.DB, q, want string) {
	t.Helper()
	var got string
	if err := db.QueryRow(q).Scan(&got); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if got != want {
		t.Errorf("%s = %q, want %q", q, got, want)
	}
}

// BenchmarkImportOnlineRetail imports the 541,909-row UCI file.
func BenchmarkImportOnlineRetail(b *testing.B) {
	const path = "/work/shared/data/online_retail/online_retail.csv.gz"
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not available", path)
	}
	db, err := sql.Open("sqlite3", filepath.Join(b.TempDir(), "t.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		if _, err := Import(context.Background(), db, Options{Table: "retail", Path: path, Replace: true}); err != nil {
			b.Fatal(err)
		}
	}
}
