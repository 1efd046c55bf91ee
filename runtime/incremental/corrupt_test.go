package incremental

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/demo"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// corruptVecs are columns that encode but are not ones eval can use.
var corruptVecs = []struct {
	name string
	v    eval.Vec
}{
	{"invalid kind", eval.Vec{Kind: types.Invalid, N: 2, I: []int64{1, 2}}},
	{"null kind", eval.Vec{Kind: types.Null, N: 2}},
	{"kind past the last", eval.Vec{Kind: types.Duration + 1, N: 2, I: []int64{1, 2}}},
	{"N above the data", eval.Vec{Kind: types.Int, N: 3, I: []int64{1, 2}}},
	{"N below the data", eval.Vec{Kind: types.String, N: 1, S: []string{"a", "b"}}},
	{"no data", eval.Vec{Kind: types.Float, N: 2}},
	{"another kind's data", eval.Vec{Kind: types.Bool, N: 2, I: []int64{1, 2}}},
	{"two data slices", eval.Vec{Kind: types.Time, N: 2, I: []int64{1, 2}, F: []float64{1, 2}}},
	{"validity of another length", eval.Vec{Kind: types.Int, N: 2, I: []int64{1, 2}, Valid: []bool{true}}},
}

func TestColumnsRejectInconsistent(t *testing.T) {
	for _, tc := range corruptVecs {
		t.Run(tc.name, func(t *testing.T) {
			if v, err := decodeVec(encodeVec(tc.v)); err == nil {
				t.Errorf("decoded %+v, want an error", v)
			}
		})
	}
	if k, err := decodeKeys(encodeKeysBoth()); err == nil {
		t.Errorf("keys with ints and strings decoded: %+v", k)
	}
}

// encodeKeysBoth encodes keys with both kinds set.
func encodeKeysBoth() []byte {
	e := &colEnc{}
	e.uvarint(columnMagic)
	e.ints([]int64{1})
	e.strs([]string{"a"})
	return e.b
}

// FuzzDecodeVec: any bytes decode to an error or to a consistent column
// that encodes back to them, never a panic.
func FuzzDecodeVec(f *testing.F) {
	f.Add(encodeVec(eval.Vec{Kind: types.String, N: 3, S: []string{"a", "b", "a"}, Valid: []bool{true, false, true}}))
	f.Add(encodeVec(eval.Vec{Kind: types.Float, N: 2, F: []float64{1, 2}}))
	f.Add(encodeVec(eval.Vec{Kind: types.Bool, N: 9, B: make([]bool, 9)}))
	for _, tc := range corruptVecs {
		f.Add(encodeVec(tc.v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeVec(b)
		if err != nil {
			return
		}
		if !consistent(v) || v.Kind < types.Int || v.Kind > types.Duration {
			t.Fatalf("decoded an inconsistent column %+v", v)
		}
		for i := 0; i < v.N; i++ {
			v.Value(i)
		}
	})
}

// TestCorruptStateRunsCold: a stored state whose blobs decode but do not
// hold together (or are cut) makes the run cold, never a panic, and the
// run after it is incremental again.
func TestCorruptStateRunsCold(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	short := encodeVec(eval.Vec{Kind: types.Int, N: 2, I: []int64{1, 2}})
	text := encodeVec(eval.Vec{Kind: types.String, N: 300, S: make([]string, 300)})
	tests := []struct {
		name, blob string
		v          []byte
		want       string
	}{
		{"a column too short", "col.0", short, "inconsistent"},
		{"a column of another kind", "", text, "inconsistent"}, // every column
		{"keys too few", "keys", encodeKeys(keysOf(2)), "incomplete"},
		{"string keys for int ones", "keys", encodeKeysStrs(300), "incomplete"},
		{"members past the entities", "mem.", encodeMembers([]int32{1, 300}), "inconsistent"},
		{"an inconsistent column", "col.0", encodeVec(corruptVecs[3].v), "does not decode"},
		{"a log's base cut", "log.0", nil, "does not decode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
			commitRun(t, db, p, day0, Options{})
			q, args := `UPDATE segc_inc_blobs SET v = ? WHERE name = ?`, []any{tc.v, tc.blob}
			switch {
			case tc.blob == "":
				q, args = `UPDATE segc_inc_blobs SET v = ? WHERE name LIKE 'col.%'`, []any{tc.v}
			case tc.blob == "mem.":
				q = `UPDATE segc_inc_blobs SET v = ? WHERE name LIKE ? || '%'`
			case tc.v == nil:
				q = `UPDATE segc_inc_blobs SET v = substr(v, 1, length(v) / 2) WHERE name = ?`
				args = []any{tc.blob}
			}
			res, err := db.Exec(q, args...)
			if n, _ := res.RowsAffected(); err != nil || n == 0 {
				t.Fatalf("corrupting %s: %d rows, %v", tc.blob, n, err)
			}
			if info := commitRun(t, db, p, day0.AddDate(0, 0, 1), Options{}); info.Incremental || !strings.Contains(info.Reason, tc.want) {
				t.Fatalf("got %v, want a cold run because %q", info, tc.want)
			}
			if info := commitRun(t, db, p, day0.AddDate(0, 0, 2), Options{}); !info.Incremental {
				t.Errorf("the run after: %v, want incremental", info)
			}
		})
	}
}

// keysOf returns int keys 1..n.
func keysOf(n int) store.Keys {
	k := store.Keys{Ints: make([]int64, n)}
	for i := range k.Ints {
		k.Ints[i] = int64(i + 1)
	}
	return k
}

// encodeKeysStrs encodes n string keys.
func encodeKeysStrs(n int) []byte {
	k := store.Keys{Strs: make([]string, n)}
	for i := range k.Strs {
		k.Strs[i] = fmt.Sprint(i + 1)
	}
	return encodeKeys(k)
}
