package sqlrows

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestStrings(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		name, query string
		args        []any
		want        []string
		wantErr     bool
	}{
		{"rows in order", "SELECT value FROM json_each('[\"b\",\"a\"]')", nil, []string{"b", "a"}, false},
		{"bound argument", "SELECT ?1 UNION ALL SELECT ?1 || 'x'", []any{"k"}, []string{"k", "kx"}, false},
		{"no rows", "SELECT 1 WHERE 0", nil, nil, false},
		{"null is a scan error", "SELECT NULL", nil, nil, true},
		{"bad query", "SELECT FROM", nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Strings(ctx, db, tc.query, tc.args...)
			if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
				t.Fatalf("Strings = %q, %v; want %q (error: %v)", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
