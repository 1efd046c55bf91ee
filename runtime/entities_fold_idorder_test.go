package runtime_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// TestFoldEventBelowMark inserts, as serve does, events whose declared id
// column is the table's INTEGER PRIMARY KEY, so the posted id is the
// rowid, and a later post can carry a smaller id than one already folded
// (concurrent posts also commit out of id order). Such a row lands below
// the fold's rowid mark; the fold must still give the re-read's results,
// which it does by not folding such a log (risingRowids).
//
// A writer that picks rowids by hand on a table without such a column
// breaks the fold's append-only assumption the same way; that is
// documented (docs/serve.md), not detected.
func TestFoldEventBelowMark(t *testing.T) {
	for _, reported := range []bool{false, true} {
		t.Run(map[bool]string{false: "unreported", true: "reported"}[reported], func(t *testing.T) {
			fold := checkFoldBelowMark(t, reported)
			if folded := fold.Snapshot().Folded; reported != (folded > 0) {
				t.Errorf("reported %t: the fold folded %d rows; it must fold exactly when the caller reports what it stores", reported, folded)
			}
		})
	}
}

// checkFoldBelowMark runs the scenario, telling the fold of every row
// stored when reported (EntityFold.ReportStored, Stored).
func checkFoldBelowMark(t *testing.T, reported bool) *runtime.EntityFold {
	ctx := context.Background()
	db, p := foldDBWithID(t, 5)
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	fold := runtime.NewEntityFold(p)
	if reported {
		fold.ReportStored()
	}
	keys := store.Keys{Ints: []int64{1, 2, 3}}
	now := entitiesAsOf
	for step, id := range []int64{0, 1 << 40, 1 << 30, 5000} {
		if id > 0 {
			if _, err := db.Exec(`INSERT INTO events(event_id, customer_id, ts, type, amount) VALUES (?, 2, ?, 'purchase', 12.5)`, id, now.Format(time.DateTime)); err != nil {
				t.Fatal(err)
			}
			if reported {
				fold.Stored(0, int64(2), id)
			}
		}
		got, want := foldAndReread(t, db, p, full, fold, keys, now)
		if g, w := entitySummary(got), entitySummary(want); g != w {
			t.Fatalf("step %d (event id %d): fold %s\nreread %s", step, id, g, w)
		}
		now = now.Add(time.Second)
	}
	return fold
}

// foldDBWithID is foldDB's data with an `event_id INTEGER PRIMARY KEY`
// declared as the log's id.
func foldDBWithID(t *testing.T, seed uint64) (*sql.DB, *plan.Plan) {
	module := strings.Replace(foldModule, "events events key customer_id time ts {", "events events key customer_id time ts id event_id {", 1)
	db, p, _ := foldDBFrom(t, seed, module, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
	return db, p
}
