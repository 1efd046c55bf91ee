package incremental

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/segc/segc/runtime/demo"
)

// TestLoadSavedErrors: only missing state tables mean "no state"; any
// other failure to read the state fails the run.
func TestLoadSavedErrors(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	base := filepath.Join(t.TempDir(), "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 100, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		saved   bool   // a run saved a state first
		change  string // then this statement
		ctx     context.Context
		wantErr bool
		wantNil bool
	}{
		{name: "no state tables", ctx: ctx, wantNil: true},
		{name: "a state", saved: true, ctx: ctx},
		{name: "cancelled", saved: true, ctx: cancelled, wantErr: true},
		{name: "meta without values", saved: true, change: `DROP TABLE segc_inc_meta; CREATE TABLE segc_inc_meta(name TEXT)`, ctx: ctx, wantErr: true},
		{name: "meta gone", saved: true, change: `DROP TABLE segc_inc_meta`, ctx: ctx, wantNil: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
			if tc.saved {
				commitRun(t, db, p, day0, Options{})
			}
			if tc.change != "" {
				if _, err := db.Exec(tc.change); err != nil {
					t.Fatal(err)
				}
			}
			s, err := loadSaved(tc.ctx, db, p)
			if s != nil {
				s.finishLoad()
			}
			if (err != nil) != tc.wantErr || (s == nil) != (tc.wantNil || tc.wantErr) {
				t.Errorf("got %v, %v; want error %v, nil state %v", s != nil, err, tc.wantErr, tc.wantNil)
			}
		})
	}
}

// TestBlobReadersAgree: the blob reader of go-sqlite3 connections
// (SQLite's incremental blob I/O) and the query that other drivers use
// read the same bytes of every stored blob, each into one reused buffer.
func TestBlobReadersAgree(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	base := filepath.Join(t.TempDir(), "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
	commitRun(t, db, p, time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC), Options{})
	err := readTx(ctx, db, func(conn *sql.Conn) error {
		blobs, err := blobsBySize(ctx, conn)
		if err != nil || len(blobs) < 3 {
			t.Fatalf("%d stored blobs (%v), want the keys, columns, log state and members", len(blobs), err)
		}
		fast := map[string][]byte{}
		err = withBlobs(ctx, conn, func(read readBlob) error {
			var buf []byte
			for _, b := range blobs {
				if buf, err = read(b.rowid, buf); err != nil {
					return err
				}
				fast[b.name] = bytes.Clone(buf)
			}
			return nil
		})
		if err != nil {
			return err
		}
		var buf []byte
		for _, b := range blobs {
			if buf, err = queryBlob(ctx, conn, b.rowid, buf); err != nil {
				return err
			}
			if len(buf) != b.size || !bytes.Equal(buf, fast[b.name]) {
				t.Errorf("%s: the query read %d bytes, the blob reader %d, stored %d, or they differ", b.name, len(buf), len(fast[b.name]), b.size)
			}
		}
		_, err = queryBlob(ctx, conn, -1, buf)
		if !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("a missing row: %v, want sql.ErrNoRows", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
