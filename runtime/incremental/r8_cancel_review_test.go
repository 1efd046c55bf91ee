package incremental_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
)

// TestR8CancelledDailyRunLeavesNothing (review R8): a daily run of W1 with
// its k-means model applied (the cluster now publishes its segments to the
// open transaction when its step ends, and the resumed scan prepares its
// state while its readers read) cancelled at each stage fails with the
// cancellation, changes no stored table, leaves no goroutine running and
// no transaction open: the next run is incremental and stores what a cold
// run stores.
func TestR8CancelledDailyRunLeavesNothing(t *testing.T) {
	base := baseDB(t)
	p := w1KMeans(t)
	for _, stage := range []string{"arm change triggers", "load incremental state", "incremental event aggregates",
		"re-read changed entity rows", "evaluate steps", "collect outcome", "store (begun during the steps)"} {
		t.Run(stage, func(t *testing.T) {
			dir := t.TempDir()
			inc, cold := filepath.Join(dir, "inc.db"), filepath.Join(dir, "cold.db")
			copyFile(t, base, inc)
			db := open(t, inc)
			run(t, db, p, day0, false)
			for _, q := range []string{appendDay, changeRows, deleteOne} {
				exec(t, db, q)
			}
			db.Close()
			copyFile(t, inc, cold)
			db = open(t, inc)
			tables := func() []string {
				return append(members(t, db), dump(t, db, `SELECT run_id || ' ' || segment || ' ' || coalesce(entity_id, '') || ' ' || change FROM segc_changes ORDER BY 1`)...)
			}
			before, runs := tables(), dump(t, db, `SELECT run_id || status FROM segc_runs`)
			idle := goruntime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seen := false
			progress := func(s string) {
				if s == stage {
					seen = true
					cancel()
				}
			}
			_, _, err := batch.Run(ctx, db, p, builtins.Default(), batch.Options{AsOf: day1, Progress: progress})
			if !seen {
				t.Fatalf("the run never reached stage %q (err %v)", stage, err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled run: err = %v, want context.Canceled", err)
			}
			if after := tables(); !reflect.DeepEqual(after, before) {
				t.Errorf("the cancelled run changed segc_members or segc_changes (%d rows, %d before)", len(after), len(before))
			}
			if after := dump(t, db, `SELECT run_id || status FROM segc_runs`); !reflect.DeepEqual(after, runs) {
				t.Errorf("segc_runs after the cancelled run: %v, want %v", after, runs)
			}
			if n := settledGoroutines(idle); n > idle {
				buf := make([]byte, 1<<16)
				t.Errorf("%d goroutines after the cancelled run, %d before:\n%s", n, idle, buf[:goruntime.Stack(buf, true)])
			}
			if ri := run(t, db, p, day1, false); !ri.Incremental.Incremental {
				t.Errorf("the run after: %v, want incremental", ri.Incremental)
			}
			cdb := open(t, cold)
			run(t, cdb, p, day1, true)
			if a, b := members(t, db), members(t, cdb); !reflect.DeepEqual(a, b) {
				t.Errorf("after the cancelled run, the daily run stores %d members, cold %d (or they differ)", len(a), len(b))
			}
		})
	}
}

// settledGoroutines waits up to two seconds for the goroutine count to
// fall to want, and returns the last count.
func settledGoroutines(want int) int {
	n := goruntime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); n > want && time.Now().Before(deadline); n = goruntime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}
