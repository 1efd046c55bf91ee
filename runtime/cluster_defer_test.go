package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// deferModule trains a cluster that nothing else reads, so a batch run
// trains it while the store writes the rule segment.
const deferModule = `
entities customers key id { x float? y float? spend float? }
segment g = cluster(kmeans, k=3, features=[x, y], scale=zscore, seed=7, n_init=4) {
  name by spend desc: high, mid, low
}
segment big { where spend > 50 }
`

// storedRows are the tables a deferred training must leave exactly as an
// inline one does.
var storedRows = []string{
	`SELECT segment, entity_id, since FROM segc_members ORDER BY 1, 2`,
	`SELECT segment, entity_id, change, at FROM segc_changes ORDER BY 1, 2`,
	`SELECT name, version, trained_at, spec, model, metrics FROM segc_models ORDER BY 1, 2`,
	`SELECT name, version, metrics FROM segc_model_runs ORDER BY 1, 2`,
}

func TestDeferredClusterEqualsInline(t *testing.T) {
	p := compileModule(t, deferModule)
	deferred, _ := blobDB(t, threeBlobs, 1, 0)
	inline, _ := blobDB(t, threeBlobs, 1, 0)
	for day, at := range []time.Time{clusterAsOf, clusterAsOf.Add(24 * time.Hour)} {
		res := runAt(t, deferred, p, at, false)
		trainedLater := slices.ContainsFunc(res.Evaluation.Timings, func(s runtime.StageTiming) bool {
			return s.Stage == runtime.BackgroundTraining
		})
		if want := day == 0; trainedLater != want {
			t.Errorf("run %d: training deferred = %t, want %t (only a first training is)", day+1, trainedLater, want)
		}
		ev := evaluateInline(t, inline, at)
		if ev.Clusters[0] == nil || res.Evaluation.Clusters[0] == nil {
			t.Fatalf("run %d: a cluster result is missing", day+1)
		}
	}
	for _, q := range storedRows {
		if a, b := dumpRows(t, deferred, q), dumpRows(t, inline, q); !slices.Equal(a, b) {
			t.Errorf("%s\ndeferred: %v\ninline:   %v", q, a, b)
		}
	}
}

// evaluateInline evaluates deferModule without deferral and commits it.
func evaluateInline(t *testing.T, db *sql.DB, at time.Time) *runtime.Evaluation {
	t.Helper()
	ctx := context.Background()
	ev, err := runtime.Evaluate(ctx, db, compileModule(t, deferModule), builtins.Default(), runtime.Options{AsOf: at})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Commit(ctx, db, store.Run{StartedAt: at, AsOf: at, PlanHash: ev.Plan.Hash}, ev.Outcome); err != nil {
		t.Fatal(err)
	}
	return ev
}

// dumpRows renders a query's rows, one string per row.
func dumpRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	return out
}
