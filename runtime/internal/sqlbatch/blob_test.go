package sqlbatch

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBlobsRead reads values of every size class (empty, inline, across
// overflow pages) into one buffer, and fails on missing and NULL rows.
func TestBlobsRead(t *testing.T) {
	conn := openEachDB(t)
	ctx := context.Background()
	vals := map[int64][]byte{1: {}, 2: []byte("short"), 3: bytes.Repeat([]byte("0123456789abcdef"), 40000), 4: []byte("after the long one")}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE b(v BLOB)`); err != nil {
		t.Fatal(err)
	}
	for id, v := range vals {
		if _, err := conn.ExecContext(ctx, `INSERT INTO b(rowid, v) VALUES (?, ?)`, id, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO b(rowid, v) VALUES (5, NULL)`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rowid   int64
		wantErr string
	}{{3, ""}, {2, ""}, {1, ""}, {9, "no such rowid"}, {4, ""}, {5, "null"}, {3, ""}}
	err := conn.Raw(func(dc any) error {
		r, ok := OpenBlobs(dc, "b", "v")
		if !ok {
			t.Fatal("OpenBlobs: not a go-sqlite3 connection")
		}
		defer r.Close()
		var buf []byte
		for _, tc := range tests {
			got, err := r.Read(tc.rowid, buf)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(strings.ToLower(err.Error()), tc.wantErr) {
					t.Errorf("row %d: got error %v, want %q", tc.rowid, err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("row %d: %v", tc.rowid, err)
			case !bytes.Equal(got, vals[tc.rowid]):
				t.Errorf("row %d: read %d bytes that differ from the %d stored", tc.rowid, len(got), len(vals[tc.rowid]))
			}
			buf = got
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBlobsOtherDriver: another driver's connection has no blob reader.
func TestBlobsOtherDriver(t *testing.T) {
	if _, ok := OpenBlobs(struct{}{}, "b", "v"); ok {
		t.Error("OpenBlobs accepted a connection that is not go-sqlite3's")
	}
}
