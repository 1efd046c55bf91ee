package csvimport

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// FuzzImport feeds arbitrary input through every delimiter mode: Import
// must return rows or an error, never panic, and a failure must not leave a
// table behind.
func FuzzImport(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), uint8(0), false)
	f.Add([]byte("\xef\xbb\xbfx\ty\r\n1\t2024-01-01\r\n"), uint8(1), false)
	f.Add([]byte(" 00001 19970101  1   11.77\r\n"), uint8(2), true)
	f.Add([]byte("a,b\n\"x,\"\"y\",\n"), uint8(0), false)
	db, err := sql.Open("sqlite3", filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	delims := []string{",", "tab", "whitespace", ";"}
	f.Fuzz(func(t *testing.T, data []byte, delim uint8, noHeader bool) {
		opts := Options{Table: "fz", Path: "-", Reader: bytes.NewReader(data), Delimiter: delims[int(delim)%len(delims)],
			NoHeader: noHeader, Replace: true, InferRows: 3}
		db.Exec("DROP TABLE IF EXISTS fz")
		rep, err := Import(context.Background(), db, opts)
		var exists int
		db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name='fz'").Scan(&exists)
		if err != nil && exists != 0 {
			t.Fatalf("table left behind after error %v", err)
		}
		if err == nil && (rep == nil || exists != 1) {
			t.Fatalf("success without a table: %+v", rep)
		}
		var rowErr *RowError
		if errors.As(err, &rowErr) && rowErr.Line <= 0 {
			t.Fatalf("row error without a line: %v", err)
		}
	})
}
