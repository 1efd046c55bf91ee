package incremental_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/incremental"
	"github.com/segc/segc/runtime/store"
)

// TestReviewInterleavedRunsEqualCold: run A (daily) evaluates, then run B
// evaluates and commits (saving the state A loaded over), then A commits:
// A keeps B's state while its own commit sets segc_members, segc_states
// and segc_changes. B is daily or cold, at A's as-of, a later one or an
// earlier one. The runs after that (incremental) must store exactly what
// a --cold run at the same as-of stores on a copy made right before them:
// members with their since, lifecycle states, thresholds and the run's
// changes, for the lifecycle and trigger module of lifecycle_test.go.
// It fails when a run trusts the stored lifecycle states without
// checking that segc_runs still ends where they were saved.
func TestReviewInterleavedRunsEqualCold(t *testing.T) {
	p := compileFiles(t, "testdata/lifecycle.seg")
	ctx := context.Background()
	tests := []struct {
		name   string
		bShift time.Duration // B's as-of minus A's
		bCold  bool
	}{
		{"B daily, same as-of", 0, false},
		{"B cold, same as-of", 0, true},
		{"B daily, a day later", 24 * time.Hour, false},
		{"B daily, half a day earlier", -12 * time.Hour, false},
		{"B cold, two days later", 48 * time.Hour, true},
	}
	seeds := []uint64{1, 2}
	if testing.Short() {
		seeds = seeds[:1]
	}
	for _, tc := range tests {
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("%s seed %d", tc.name, seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, 99))
				dir := t.TempDir()
				path := filepath.Join(dir, "inc.db")
				db := open(t, path)
				lifecycleSchema(t, db, rng)
				run(t, db, p, day0, true)
				prev := day0
				for _, d := range []time.Duration{24 * time.Hour, 48 * time.Hour} {
					asOf := day0.Add(d)
					lifecycleDay(t, db, rng, prev, asOf)
					run(t, db, p, asOf, false)
					prev = asOf
				}
				// A loads and evaluates; more events arrive; B runs and
				// commits; A commits.
				aAsOf := day0.Add(3 * 24 * time.Hour)
				lifecycleDay(t, db, rng, prev, aAsOf)
				ev, info, err := incremental.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: aAsOf, DeferClusters: true}, incremental.Options{})
				if err != nil || !info.Incremental {
					t.Fatalf("run A: %v %v", info, err)
				}
				bAsOf := aAsOf.Add(tc.bShift)
				lifecycleDay(t, db, rng, aAsOf, aAsOf.Add(6*time.Hour))
				if rb := run(t, db, p, bAsOf, tc.bCold); rb.Incremental.Incremental == tc.bCold {
					t.Fatalf("run B: %v", rb.Incremental)
				}
				runA := store.Run{StartedAt: aAsOf, AsOf: aAsOf, PlanHash: p.Hash}
				if _, err := store.CommitWith(ctx, db, runA, ev.Outcome, info.Save); err != nil {
					t.Fatal(err)
				}
				if err := ev.Wait(); err != nil {
					t.Fatal(err)
				}
				prev = aAsOf
				if bAsOf.After(prev) {
					prev = bAsOf
				}
				for k, d := range []time.Duration{24 * time.Hour, 30 * time.Hour, 4 * 24 * time.Hour} {
					asOf := prev.Add(d)
					lifecycleDay(t, db, rng, prev, asOf)
					cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
					db.Close()
					copyFile(t, path, cold)
					db = open(t, path)
					ri := run(t, db, p, asOf, false)
					cdb := open(t, cold)
					run(t, cdb, p, asOf, true)
					for _, q := range lifecycleDumps {
						if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
							t.Fatalf("as of %s (incremental %v): %s:\nincremental only %v\ncold only        %v", asOf, ri.Incremental, q, diffLines(a, b), diffLines(b, a))
						}
					}
					cdb.Close()
					prev = asOf
				}
			})
		}
	}
}
