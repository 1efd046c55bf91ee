package runtime_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
)

// pipelineRules are the rule segments a pipelined commit writes while
// the later steps run.
const pipelineRules = `
entities customers key id { x float? y float? spend float? }
segment big { where x > 5 }
segment small { where x <= 5 }
`

// TestPipelinedCommitFailsWhole makes a step fail after the rule segments
// were published (and handed to the store): a cluster asks for more
// clusters than there are rows to cluster. Whether the training runs
// after the steps, while the store writes (deferred: the store's Later
// fails), or inline (a segment reads the cluster: the evaluation fails),
// the run must write nothing and record its failure.
func TestPipelinedCommitFailsWhole(t *testing.T) {
	tooMany := `segment g = cluster(kmeans, k=100, features=[x, y], seed=7)`
	for _, tc := range []struct {
		name, extra string
	}{
		{"deferred training fails", tooMany},
		{"inline step fails", tooMany + "\nsegment in_c1 { where g.c1 }"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := blobDB(t, threeBlobs, 1, 0)
			runAt(t, db, compileModule(t, pipelineRules), clusterAsOf, false)
			before := storedTables(t, db)
			writeBlobs(t, db, threeBlobs, 2, 40) // every member changes
			p := compileModule(t, pipelineRules+tc.extra)
			_, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: clusterAsOf.Add(24 * time.Hour)})
			if err == nil || !strings.Contains(err.Error(), "fewer than the 100 clusters") {
				t.Fatalf("run error = %v, want the cluster's", err)
			}
			for i, after := range storedTables(t, db) {
				if after != before[i] {
					t.Errorf("the failed run changed the stored tables (%d rows before, %d after):\nbefore %.300s\nafter  %.300s",
						strings.Count(before[i], ";"), strings.Count(after, ";"), before[i], after)
				}
			}
			runs := dumpRows(t, db, `SELECT status, coalesce(error LIKE '%fewer than the 100 clusters%', 0) FROM segc_runs ORDER BY run_id`)
			if want := []string{"ok0", "failed1"}; !slices.Equal(runs, want) {
				t.Errorf("segc_runs = %v, want %v", runs, want)
			}
		})
	}
}

// storedTables dumps what a run writes besides segc_runs.
func storedTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT segment, entity_id, since FROM segc_members ORDER BY 1, 2`,
		`SELECT run_id, segment, entity_id, change, at FROM segc_changes ORDER BY rowid`,
		`SELECT count(*) FROM segc_thresholds`,
	} {
		out = append(out, strings.Join(dumpRows(t, db, q), "; "))
	}
	return out
}

// TestPipelinedCommitOneConnection: a pool of one connection (segc demo's)
// commits without a pipeline: an open transaction would hold the only
// connection while a later step reads the database (the cluster's stored
// model), and the run would wait forever.
func TestPipelinedCommitOneConnection(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	db.SetMaxOpenConns(1)
	p := compileModule(t, deferModule)
	for day := range 3 {
		done := make(chan error, 1)
		go func() {
			_, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: clusterAsOf.AddDate(0, 0, day)})
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d: %v", day+1, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("run %d still waits after a minute", day+1)
		}
	}
}
