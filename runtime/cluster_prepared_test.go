package runtime_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// TestClusterStabilityFromPreparedMembers: a prepared population's
// stored members (Prepared.Members, as an incremental run keeps them)
// give the stability the database's segc_members gives; a segment
// missing from them is read from the database, and they are what is read
// when present.
func TestClusterStabilityFromPreparedMembers(t *testing.T) {
	db, _ := blobDB(t, threeBlobs, 1, 0)
	p := compileModule(t, blobModule)
	runAt(t, db, p, clusterAsOf, false)
	writeBlobs(t, db, threeBlobs, 2, 3) // some rows move to another cluster
	ctx, reg := context.Background(), builtins.Default()
	opts := runtime.Options{AsOf: clusterAsOf.Add(24 * time.Hour)}
	full, err := runtime.Evaluate(ctx, db, p, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	in := runtime.Prepared{Keys: full.Outcome.Keys, Columns: full.Columns, Aggregates: full.Aggregates, DB: db}
	stability := func(members map[string][]int32) runtime.Stability {
		t.Helper()
		in.Members = members
		ev, err := runtime.EvaluatePrepared(ctx, p, reg, opts, in)
		if err != nil || ev.Clusters[0].Monitor.Stability == nil {
			t.Fatalf("evaluate: %v, stability %v", err, ev.Clusters[0].Monitor)
		}
		return *ev.Clusters[0].Monitor.Stability
	}
	stored := map[string][]int32{}
	for _, seg := range []string{"g.high", "g.mid", "g.low"} {
		for _, k := range members(t, db, seg) {
			if i, ok := full.EntityIndex(k); ok {
				stored[seg] = append(stored[seg], int32(i))
			}
		}
	}
	want := stability(nil)
	if want.Changed == 0 {
		t.Fatalf("stability %+v: the fixture moved nobody", want)
	}
	partial := map[string][]int32{"g.high": stored["g.high"], "g.mid": stored["g.mid"]}
	if got := stability(stored); got != want {
		t.Errorf("from prepared members %+v, from the database %+v", got, want)
	}
	if got := stability(partial); got != want {
		t.Errorf("g.low from the database, the rest prepared: %+v, want %+v", got, want)
	}
	swapped := map[string][]int32{"g.high": stored["g.low"], "g.mid": stored["g.mid"], "g.low": slices.Clone(stored["g.high"])}
	if got := stability(swapped); got == want {
		t.Errorf("swapped prepared members give the database's stability %+v: they are not read", got)
	}
}
