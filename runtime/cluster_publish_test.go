package runtime_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
)

// TestPublishedClusterFailsWhole: a cluster that applies its stored model
// publishes its segments when its step ends, and the store writes them
// while the evaluation goes on. A failure after that must still roll the
// whole run back and record it: the store rejecting a cluster segment's
// rows (a user trigger), or a later cluster step failing (h cannot be
// trained, and a segment reads it, so it trains in line after g).
func TestPublishedClusterFailsWhole(t *testing.T) {
	g := pipelineRules + "segment g = cluster(kmeans, k=3, features=[x, y], seed=7)\n"
	for _, tc := range []struct {
		name, src, trigger, want string
	}{
		{"store rejects a cluster segment", g,
			`CREATE TRIGGER boom BEFORE INSERT ON segc_members WHEN NEW.segment LIKE 'g.%' BEGIN SELECT RAISE(ABORT, 'injected store failure'); END`,
			"injected store failure"},
		{"a later cluster step fails", g + "segment h = cluster(kmeans, k=100, features=[x, y], seed=7)\nsegment in_h { where h.c1 }\n", "",
			"fewer than the 100 clusters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := blobDB(t, threeBlobs, 1, 0)
			runAt(t, db, compileModule(t, g), clusterAsOf, false)
			before := storedTables(t, db)
			writeBlobs(t, db, threeBlobs, 2, 3) // some entities move between clusters
			if tc.trigger != "" {
				if _, err := db.Exec(tc.trigger); err != nil {
					t.Fatal(err)
				}
			}
			_, _, err := batch.Run(context.Background(), db, compileModule(t, tc.src), builtins.Default(), batch.Options{AsOf: clusterAsOf.Add(24 * time.Hour)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run error = %v, want %q", err, tc.want)
			}
			for i, after := range storedTables(t, db) {
				if after != before[i] {
					t.Errorf("the failed run changed stored table %d", i)
				}
			}
			runs := dumpRows(t, db, `SELECT status FROM segc_runs ORDER BY run_id`)
			if want := []string{"ok", "failed"}; !slices.Equal(runs, want) {
				t.Errorf("segc_runs = %v, want %v", runs, want)
			}
		})
	}
}
