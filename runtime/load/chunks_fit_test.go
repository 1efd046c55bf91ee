package load

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestFitSpan(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, q := range []string{
		`CREATE TABLE sparse(id INTEGER PRIMARY KEY)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO sparse SELECT i * 1000000007 FROM n`,
		`CREATE TABLE dense(id INTEGER PRIMARY KEY)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO dense SELECT i FROM n`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		table      string
		span       int64
		wantChunks int
	}{
		{"sparse", 0, 1},    // 3,000 rows over 3e12 rowids: one chunk, not 4,096
		{"sparse", 1000, 3}, // about 1,000 rows a chunk
		{"dense", 0, 1},     // never counted: the default span
		{"dense", 1000, 3},  // never counted: 3 chunks of 1,000 rowids
		{"dense", 1, 3000},  // 3,000 chunks, under the cap
	}
	for _, tt := range tests {
		lo, hi, ok := RowidRange(ctx, db, tt.table)
		if !ok {
			t.Fatalf("%s has no rowid range", tt.table)
		}
		span := FitSpan(ctx, db, tt.table, lo, hi, tt.span)
		if got := len(ChunkRanges(lo, hi, true, span)); got != tt.wantChunks {
			t.Errorf("%s, span %d: %d chunks (span %d), want %d", tt.table, tt.span, got, span, tt.wantChunks)
		}
	}
}
