package runtime_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/serve/reload"
)

// BenchmarkStepsW1 runs the "evaluate steps" and "collect outcome" stages
// of examples/w1, as a daily run does (EvaluatePrepared), over the
// population of the database SEGC_BENCH_STEPS_DB names (opened read-only;
// a daily base from /tmp/s6/tools/mkbase.sh, whose stored cluster model
// the step applies). SEGC_BENCH_STEPS_ASOF sets the as-of (default
// 2026-07-01). The columns and aggregates come from one full evaluation
// before the timer starts.
func BenchmarkStepsW1(b *testing.B) {
	path := os.Getenv("SEGC_BENCH_STEPS_DB")
	if path == "" {
		b.Skip("SEGC_BENCH_STEPS_DB is not set")
	}
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	if s := os.Getenv("SEGC_BENCH_STEPS_ASOF"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			b.Fatal(err)
		}
		asOf = t
	}
	c := reload.Module{Paths: []string{"../examples/w1"}}.Compile()
	if c.Failed() {
		b.Fatal(c.Summary())
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx, reg, opts := context.Background(), builtins.Default(), runtime.Options{AsOf: asOf}
	full, err := runtime.Evaluate(ctx, db, c.Plan, reg, opts)
	if err != nil {
		b.Fatal(err)
	}
	in := runtime.Prepared{Keys: full.Outcome.Keys, Columns: full.Columns, Aggregates: full.Aggregates, DB: db}
	first, err := runtime.EvaluatePrepared(ctx, c.Plan, reg, opts, in)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("digest %s", digest(first))
	b.ReportAllocs()
	before := usage(b)
	b.ResetTimer()
	for range b.N {
		if _, err := runtime.EvaluatePrepared(ctx, c.Plan, reg, opts, in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	after := usage(b)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(after.Minflt-before.Minflt)/float64(b.N), "minflt/op")
}

// digest hashes what a change to the steps must leave identical: every
// segment's members, the threshold rows, the cluster monitor and the
// warnings, and every computed vector, so that runs before and after a
// change can be compared by one line of the benchmark's log.
func digest(ev *runtime.Evaluation) string {
	h := sha256.New()
	for _, s := range ev.Outcome.Segments {
		fmt.Fprintf(h, "%s %v %v\n", s.Name, s.Members, s.Since)
	}
	for _, t := range ev.Outcome.Thresholds {
		fmt.Fprintf(h, "%+v\n", t)
	}
	for _, m := range ev.Outcome.ModelRuns {
		fmt.Fprintf(h, "%+v\n", m)
	}
	fmt.Fprintf(h, "%v\n", ev.Warnings)
	thresholds := make([]eval.Vec, len(ev.Thresholds))
	for i := range thresholds {
		thresholds[i] = ev.ThresholdVec(i)
	}
	for _, vs := range [][]eval.Vec{ev.Features, thresholds} {
		for _, v := range vs {
			for i := range v.N {
				fmt.Fprintf(h, "%v,", v.Value(i))
			}
		}
	}
	fmt.Fprintf(h, "%v %v\n", ev.Members, ev.Holdouts)
	for _, c := range ev.Clusters {
		fmt.Fprintf(h, "%v %v\n", c.Assign, c.Profiles())
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// usage returns the process's resource usage so far: on a shared machine
// the CPU time (user+sys, every thread) is steadier than the wall time.
func usage(b *testing.B) syscall.Rusage {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru
}
