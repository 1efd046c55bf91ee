package runtime_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

// TestR7PipeStoreFailsEarly: the store fails on a segment published
// early (a user trigger rejects its rows) while the evaluation still
// runs its later steps (a cluster trained in line, read by a segment).
// The run must fail with the store's error, write nothing, record the
// failure, and leave the database writable (no transaction left open).
func TestR7PipeStoreFailsEarly(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	runAt(t, db, compileModule(t, pipelineRules), clusterAsOf, false)
	before := storedTables(t, db)
	writeBlobs(t, db, threeBlobs, 2, 40) // every member changes
	if _, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON segc_members WHEN NEW.segment = 'big'
		BEGIN SELECT RAISE(ABORT, 'injected store failure'); END`); err != nil {
		t.Fatal(err)
	}
	src := pipelineRules + "segment g = cluster(kmeans, k=3, features=[x, y], seed=7)\nsegment in_c1 { where g.c1 }"
	_, _, err := batch.Run(context.Background(), db, compileModule(t, src), builtins.Default(), batch.Options{AsOf: clusterAsOf.Add(24 * time.Hour)})
	if err == nil || !strings.Contains(err.Error(), "injected store failure") {
		t.Fatalf("run error = %v, want the store's", err)
	}
	for i, after := range storedTables(t, db) {
		if after != before[i] {
			t.Errorf("the failed run changed stored table %d", i)
		}
	}
	runs := dumpRows(t, db, `SELECT status, coalesce(error LIKE '%injected store failure%', 0) FROM segc_runs ORDER BY run_id`)
	if want := []string{"ok0", "failed1"}; !slices.Equal(runs, want) {
		t.Errorf("segc_runs = %v, want %v", runs, want)
	}
	if _, err := db.Exec(`DROP TRIGGER boom`); err != nil {
		t.Fatal(err)
	}
	runAt(t, db, compileModule(t, src), clusterAsOf.Add(48*time.Hour), false)
}

// TestR7PublishedSegmentsStayFinal: every segment handed to Publish
// (parents whose children narrow copies of them, holdouts, a child
// whose clause reads a percentile over its parent) must equal, member
// for member, what the Outcome finally holds and what an evaluation
// without Publish stores. Run with -race: the copies are taken on the
// publishing goroutine while later steps run.
func TestR7PublishedSegmentsStayFinal(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	src := `
entities customers key id { x float? y float? spend float? }
segment p { where x > 1 holdout 20% }
segment p.c { where spend > percentile(spend, 50) holdout 10% }
segment p.c.d { where y < 5 }
segment q { where spend < 60 }
segment g = cluster(kmeans, k=3, features=[x, y], seed=7)
`
	p := compileModule(t, src)
	at := clusterAsOf
	type snap struct {
		name    string
		members []int32
	}
	var got []snap
	opts := runtime.Options{AsOf: at, Workers: 4, Publish: func(_ store.Keys, seg *store.SegmentMembers) {
		got = append(got, snap{seg.Name, slices.Clone(seg.Members)})
	}}
	ev, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), opts)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: at, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	final := map[string][]int32{}
	for _, s := range plain.Outcome.Segments {
		final[s.Name] = s.Members
	}
	outcome := map[string][]int32{}
	for _, s := range ev.Outcome.Segments {
		outcome[s.Name] = s.Members
	}
	if len(got) != 9 { // p, p.holdout, p.c, p.c.holdout, p.c.d, q, and g's three (trained in line)
		t.Errorf("published %d segments, want 9", len(got))
	}
	for _, s := range got {
		if !slices.Equal(s.members, final[s.name]) || !slices.Equal(s.members, outcome[s.name]) {
			t.Errorf("%s: published %d members, outcome %d, plain run %d", s.name, len(s.members), len(outcome[s.name]), len(final[s.name]))
		}
	}
}

// TestR7PipeFailsBeforePublishing: the evaluation fails before any
// segment is published (the only rule segment reads a cluster that cannot
// be trained). Abort then runs with nothing written: the run must fail
// with the step's error, record it, and change nothing.
func TestR7PipeFailsBeforePublishing(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	runAt(t, db, compileModule(t, pipelineRules), clusterAsOf, false)
	before := storedTables(t, db)
	src := `
entities customers key id { x float? y float? spend float? }
segment g = cluster(kmeans, k=100, features=[x, y], seed=7)
segment in_c1 { where g.c1 }
`
	_, _, err := batch.Run(context.Background(), db, compileModule(t, src), builtins.Default(), batch.Options{AsOf: clusterAsOf.Add(24 * time.Hour)})
	if err == nil || !strings.Contains(err.Error(), "fewer than the 100 clusters") {
		t.Fatalf("run error = %v, want the cluster's", err)
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
}
