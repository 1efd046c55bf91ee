package runtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// TestFoldEventBelowMark appends an event whose rowid is below the fold's
// mark, as serve does when a client posts an event whose id (an INTEGER
// PRIMARY KEY id column is the rowid, and serve inserts the posted id)
// is smaller than an id accepted before. A re-read counts it; the fold
// must too (or fall back to the re-read).
func TestFoldEventBelowMark(t *testing.T) {
	ctx := context.Background()
	db, p, _ := foldDB(t, 5)
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	fold := runtime.NewEntityFold(p)
	keys := store.Keys{Ints: []int64{1, 2, 3}}
	now := entitiesAsOf
	for step, rowid := range []int64{0, 1 << 40, 1 << 30} {
		if rowid > 0 {
			if _, err := db.Exec(`INSERT INTO events(rowid, customer_id, ts, type, amount) VALUES (?, 2, ?, 'purchase', 12.5)`, rowid, now.Format(time.DateTime)); err != nil {
				t.Fatal(err)
			}
		}
		opts := runtime.Options{AsOf: now}
		got, err := runtime.EvaluateEntitiesFold(ctx, db, p, builtins.Default(), opts, keys, full, nil, fold)
		if err != nil {
			t.Fatal(err)
		}
		want, err := runtime.EvaluateEntitiesFrom(ctx, db, p, builtins.Default(), opts, keys, full, nil)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := entitySummary(got), entitySummary(want); g != w {
			t.Fatalf("step %d (event at rowid %d): fold %s\nreread %s", step, rowid, g, w)
		}
		now = now.Add(time.Second)
	}
}
