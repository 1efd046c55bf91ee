package sqlbatch

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
)

// TestExecKeysColumns: each row gets its own dictionary entry in each
// bound column, whatever the key type, and the columns not bound are
// NULL.
func TestExecKeysColumns(t *testing.T) {
	tests := []struct {
		name string
		keys Keys
		cols []Column
		want []string
	}{
		{"no columns", Keys{Ints: []int64{1}}, nil, []string{"1 null null null"}},
		{"ints, two columns", Keys{Ints: []int64{4, 2, 9}}, []Column{
			{Codes: []int32{1, 0, 1}, Dict: []string{"new", "active"}},
			{Codes: []int32{0, 0, 2}, Dict: []string{"2026-06-30 00:00:00", "unused", ""}},
		}, []string{"2 text new text 2026-06-30 00:00:00 null", "4 text active text 2026-06-30 00:00:00 null", "9 text active text  null"}},
		{"texts and ints", Keys{Ints: []int64{7}, Strs: []string{"b", "a"}}, []Column{
			{Codes: []int32{0, 1, 2}, Dict: []string{"x", "é\x00z", "q"}},
		}, []string{"7 text x null null", "a text q null null", "b text é\x00z null null"}},
		{"all columns", Keys{Strs: []string{"k"}}, []Column{
			{Codes: []int32{0}, Dict: []string{"c0"}}, {Codes: []int32{0}, Dict: []string{"c1"}},
			{Codes: []int32{0}, Dict: []string{"c2"}}, {Codes: []int32{0}, Dict: []string{"c3"}},
		}, []string{"k text c0 text c1 text c2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openColumnsDB(t)
			q := `INSERT INTO kc SELECT value, c0, c1, c2 FROM segc_keys(?1) WHERE c3 IS NULL OR c3 = 'c3'`
			if err := ExecKeysColumns(context.Background(), conn, q, nil, tc.keys, tc.cols); err != nil {
				t.Fatal(err)
			}
			if got := columnRows(t, conn); !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestExecKeysColumnsRejects: columns that do not fit the keys are an
// error before anything runs, never a read past a slice.
func TestExecKeysColumnsRejects(t *testing.T) {
	keys := Keys{Ints: []int64{1, 2}}
	tests := []struct {
		name string
		cols []Column
		want string
	}{
		{"too few codes", []Column{{Codes: []int32{0}, Dict: []string{"a"}}}, "1 codes for 2 keys"},
		{"too many codes", []Column{{Codes: []int32{0, 0, 0}, Dict: []string{"a"}}}, "3 codes for 2 keys"},
		{"code past the dictionary", []Column{{Codes: []int32{0, 0}, Dict: []string{"a"}}, {Codes: []int32{0, 1}, Dict: []string{"a"}}}, "column 1: row 1 has code 1"},
		{"negative code", []Column{{Codes: []int32{-1, 0}, Dict: []string{"a"}}}, "code -1"},
		{"empty dictionary", []Column{{Codes: []int32{0, 0}}}, "0 entries"},
		{"too many columns", slices.Repeat([]Column{{Codes: []int32{0, 0}, Dict: []string{"a"}}}, MaxColumns+1), "at most 4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openColumnsDB(t)
			err := ExecKeysColumns(context.Background(), conn, `INSERT INTO kc(key) SELECT value FROM segc_keys(?1)`, nil, keys, tc.cols)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if got := columnRows(t, conn); len(got) != 0 {
				t.Errorf("a rejected call stored %q", got)
			}
		})
	}
}

// TestExecKeysColumnsUpsert: an upsert reads the columns through
// excluded, for new and existing rows alike.
func TestExecKeysColumnsUpsert(t *testing.T) {
	conn := openColumnsDB(t)
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, `INSERT INTO kc VALUES (1, 'old', 'old', NULL)`); err != nil {
		t.Fatal(err)
	}
	q := `INSERT OR FAIL INTO kc SELECT value, c0, c1, NULL FROM segc_keys(?1) WHERE true
	ON CONFLICT(key) DO UPDATE SET a = excluded.a, b = excluded.b`
	cols := []Column{{Codes: []int32{0, 1}, Dict: []string{"x", "y"}}, {Codes: []int32{0, 0}, Dict: []string{"z"}}}
	if err := ExecKeysColumns(ctx, conn, q, nil, Keys{Ints: []int64{1, 2}}, cols); err != nil {
		t.Fatal(err)
	}
	want := []string{"1 text x text z null", "2 text y text z null"}
	if got := columnRows(t, conn); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// openColumnsDB is a fresh database with table kc(key, a, b, c).
func openColumnsDB(t *testing.T) *sql.Conn {
	t.Helper()
	conn := openEachDB(t)
	if _, err := conn.ExecContext(context.Background(), `CREATE TABLE kc (key PRIMARY KEY, a, b, c) WITHOUT ROWID`); err != nil {
		t.Fatal(err)
	}
	return conn
}

// columnRows lists kc's rows as "key type(a) a type(b) b c".
func columnRows(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	return strs(t, conn, `SELECT CAST(key AS TEXT) || ' ' || ifnull(typeof(a) || ' ' || a, 'null') || ' ' ||
		ifnull(typeof(b) || ' ' || b, 'null') || ' ' || ifnull(typeof(c) || ' ' || c, 'null') FROM kc ORDER BY key`)
}
