package serve

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// TestEquivalenceWithBatch feeds random event streams through the API and
// checks that the served membership equals a batch evaluation at the same
// as-of on the same data, segment by segment: the rule and window
// segments right after the per-entity evaluations, the percentile
// segment (top_spenders) after a full recompute.
func TestEquivalenceWithBatch(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			f := newFixture(t, nil)
			rng := rand.New(rand.NewPCG(seed, 7))
			for batch := range 8 {
				evs := randomEvents(rng, batch, 1+rng.IntN(20))
				if code, body := f.post(evs...); code != 200 {
					t.Fatalf("batch %d: %d %v", batch, code, body)
				}
			}
			f.settle()
			served, batch := f.servedMembers(), batchMembers(t, f)
			delete(served, "top_spenders")
			delete(batch, "top_spenders")
			if fmt.Sprint(served) != fmt.Sprint(batch) {
				t.Errorf("per-entity: served membership differs from batch at %s:\nserved %v\nbatch  %v", asOf, served, batch)
			}
			must(t, f.srv.Recompute(context.Background()))
			served, batch = f.servedMembers(), batchMembers(t, f)
			if fmt.Sprint(served) != fmt.Sprint(batch) {
				t.Errorf("after a recompute: served membership differs from batch at %s:\nserved %v\nbatch  %v", asOf, served, batch)
			}
		})
	}
}

// randomEvents makes n events for customers 1..8 (7 and 8 are not in the
// population) over the 40 days before as-of and 2 days after it, with
// time spellings and a few resends of earlier ids.
func randomEvents(rng *rand.Rand, batch, n int) []map[string]any {
	var evs []map[string]any
	for i := range n {
		at := asOf.Add(-time.Duration(rng.IntN(42*24*3600)) * time.Second).Add(48 * time.Hour)
		var ts any = at.Format(time.RFC3339)
		switch rng.IntN(3) {
		case 1:
			ts = at.Unix()
		case 2:
			ts = at.Format(time.DateTime)
		}
		typ, amount := "view", any(nil)
		if rng.IntN(2) == 0 {
			typ, amount = "purchase", float64(rng.IntN(20000))/100
		}
		evs = append(evs, event(fmt.Sprintf("b%d-%d", batch, i), 1+rng.IntN(8), ts, typ, amount))
	}
	return evs
}

// servedMembers pages through every served segment.
func (f *fixture) servedMembers() map[string][]string {
	out := map[string][]string{}
	for _, name := range f.segmentNames() {
		ids := []string{}
		cursor := ""
		for {
			body := f.get("/v1/segments/"+name+"/members?limit=2&cursor="+cursor, 200)
			ids = append(ids, memberIDs(body)...)
			next, _ := body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		out[name] = ids
	}
	return out
}

// batchMembers evaluates the served plan at as-of with the batch runtime.
func batchMembers(t *testing.T, f *fixture) map[string][]string {
	return batchMembersAt(t, f, asOf)
}

// batchMembersAt evaluates the served plan at the given instant.
func batchMembersAt(t *testing.T, f *fixture, at time.Time) map[string][]string {
	db, err := sql.Open("sqlite3", "file:"+f.dbPath+"?mode=ro")
	must(t, err)
	defer db.Close()
	ev, err := runtime.Evaluate(context.Background(), db, f.srv.State().Plan, builtins.Default(), runtime.Options{AsOf: at})
	must(t, err)
	out := map[string][]string{}
	for _, seg := range ev.Outcome.Segments {
		keys := []int64{}
		for _, i := range seg.Members {
			keys = append(keys, ev.Outcome.Keys.Ints[i])
		}
		slices.Sort(keys)
		ids := []string{}
		for _, k := range keys {
			ids = append(ids, fmt.Sprint(k))
		}
		out[seg.Name] = ids
	}
	return out
}
