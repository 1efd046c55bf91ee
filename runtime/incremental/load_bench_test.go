package incremental

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
)

// BenchmarkLoadState measures what a daily run of examples/w1 spends
// restoring its state: loadSaved (keys, log bases), the late lane
// (columns, members, lifecycle states) and each log's tails and deltas.
// SEGC_BENCH_STATE names a database holding a state of examples/w1 (the
// base mkbase.sh builds for the 1M demo); it is opened read-only.
func BenchmarkLoadState(b *testing.B) {
	path := os.Getenv("SEGC_BENCH_STATE")
	if path == "" {
		b.Skip("SEGC_BENCH_STATE names no database with a state of examples/w1")
	}
	p := compileExampleW1(b)
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		s, err := loadSaved(ctx, db, p)
		if err != nil || s == nil {
			b.Fatalf("no state: %v", err)
		}
		if err := s.finishLoad(); err != nil {
			b.Fatal(err)
		}
		for _, l := range p.Logs {
			if _, err := s.logs[l.Index].decode(s.aggs[l.Index]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// compileExampleW1 compiles examples/w1 (W1 with its k-means segment).
func compileExampleW1(tb testing.TB) *plan.Plan {
	tb.Helper()
	files, err := filepath.Glob("../../examples/w1/*.seg")
	if err != nil || len(files) == 0 {
		tb.Fatalf("examples/w1: %v", err)
	}
	m, diags, err := compiler.LoadFiles(files)
	if err != nil || diags.HasErrors() {
		tb.Fatalf("loading examples/w1: %v %v", err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if diags.HasErrors() {
		tb.Fatalf("compiling examples/w1: %v", diags)
	}
	return p
}
