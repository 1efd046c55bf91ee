package incremental_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/batch"
)

// TestR8PublishedClustersDailyEqualsCold (review R8 of 34b6927): a daily
// run's cluster step now publishes its segments when it ends, and the
// incremental run gives each its known change as it is published. For
// clusters that train in line in a daily run (DBSCAN refits every run,
// k=auto picks k anew on --retrain, k-means on --retrain), whose segment
// names may differ from the stored ones, the daily run must store the
// same members and the same history as a cold run of the same day.
func TestR8PublishedClustersDailyEqualsCold(t *testing.T) {
	base := baseDB(t)
	for _, tc := range []struct {
		name, cluster string
		retrain       bool
	}{
		{"dbscan refits", `segment dens = cluster(dbscan, eps=0.5, min_points=15, features=[frequency, monetary], scale=robust)`, false},
		{"k=auto retrained", `segment auto = cluster(kmeans, k=auto(2..5), features=[frequency, monetary], seed=3)`, true},
		{"k-means retrained", `segment km = cluster(kmeans, k=3, features=[recency_days, frequency], seed=5)`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			extra := filepath.Join(dir, "extra.seg")
			if err := os.WriteFile(extra, []byte(tc.cluster+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			files, err := filepath.Glob("../../examples/w1/*.seg")
			if err != nil || len(files) == 0 {
				t.Fatalf("examples/w1: %v", err)
			}
			p := compileFiles(t, append(files, extra)...)
			inc, cold := filepath.Join(dir, "inc.db"), filepath.Join(dir, "cold.db")
			copyFile(t, base, inc)
			db := open(t, inc)
			run(t, db, p, day0, false)
			for _, q := range []string{appendDay, future, changeRows, deleteOne} {
				exec(t, db, q)
			}
			db.Close()
			copyFile(t, inc, cold)
			db, cdb := open(t, inc), open(t, cold)
			for _, asOf := range []time.Time{day1, day1.AddDate(0, 0, 7)} {
				ri := runRetrain(t, db, p, asOf, false, tc.retrain)
				if !ri.Incremental.Incremental {
					t.Fatalf("as of %s: %v, want incremental", asOf, ri.Incremental)
				}
				runRetrain(t, cdb, p, asOf, true, tc.retrain)
				if a, b := members(t, db), members(t, cdb); !reflect.DeepEqual(a, b) {
					t.Errorf("as of %s: %d members, cold %d (or they differ)", asOf, len(a), len(b))
				}
				q := `SELECT at || ' ' || segment || ' ' || coalesce(entity_id, '') || ' ' || change FROM segc_changes ORDER BY 1`
				if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
					t.Errorf("as of %s: %d history rows, cold %d (or they differ)", asOf, len(a), len(b))
				}
			}
		})
	}
}

// runRetrain is run with batch.Options.Retrain.
func runRetrain(t *testing.T, db *sql.DB, p *plan.Plan, asOf time.Time, cold, retrain bool) *batch.Result {
	t.Helper()
	res, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: asOf, Cold: cold, Retrain: retrain})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
