package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

var entitiesAsOf = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

// entitiesModule has rule, window, percentile and trigger segments.
const entitiesModule = `entities customers key customer_id {
  country string
}
events events key customer_id time ts {
  type   string
  amount float?
}
feature spend_30d = sum(events.amount where type == "purchase" within 30d)
feature views_7d = count(events where type == "view" within 7d)
feature old = count(events where type == "view" between 20d and 10d ago)
segment fr { where country == "FR" }
segment buyers { where spend_30d > 0 }
segment browsers { where views_7d >= 2 or old > 0 }
segment top { where spend_30d >= percentile(spend_30d, 50, by country) }
trigger cart {
  on events where type == "cart"
  wait 24h unless events where type == "purchase"
  enter abandoners for 3d
  exit on events where type == "purchase"
}
`

// entitiesDB writes the module and a random database.
func entitiesDB(t *testing.T, seed uint64) (*sql.DB, *plan.Plan) {
	db, p := moduleDB(t, entitiesModule, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT)`,
		`CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`,
		`CREATE INDEX events_key ON events(customer_id, ts)`)
	rng := rand.New(rand.NewPCG(seed, 1))
	for k := 1; k <= 40; k++ {
		db.Exec(`INSERT INTO customers VALUES (?, ?)`, k, []string{"FR", "DE"}[rng.IntN(2)])
	}
	types := []string{"view", "purchase", "cart"}
	for range 400 {
		at := entitiesAsOf.Add(-time.Duration(rng.IntN(40*24*3600)) * time.Second)
		typ := types[rng.IntN(3)]
		var amount any
		if typ == "purchase" {
			amount = float64(rng.IntN(10000)) / 100
		}
		db.Exec(`INSERT INTO events VALUES (?, ?, ?, ?)`, 1+rng.IntN(45), at.Format(time.DateTime), typ, amount)
	}
	return db, p
}

// membersOf lists the keys of every stored segment of ev.
func membersOf(ev *runtime.Evaluation, keep func(int64) bool) map[string][]int64 {
	out := map[string][]int64{}
	for _, seg := range ev.Outcome.Segments {
		ks := []int64{}
		for _, i := range seg.Members {
			if k := ev.Outcome.Keys.Ints[i]; keep(k) {
				ks = append(ks, k)
			}
		}
		slices.Sort(ks)
		out[seg.Name] = ks
	}
	return out
}

// TestEvaluateEntitiesEqualsFull checks that evaluating a subset of the
// entities, with the full run's thresholds, gives each of them the
// membership the full run gives, at several instants.
func TestEvaluateEntitiesEqualsFull(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		db, p := entitiesDB(t, seed)
		for _, at := range []time.Time{entitiesAsOf, entitiesAsOf.Add(-5 * 24 * time.Hour), entitiesAsOf.Add(90 * time.Minute)} {
			full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: at})
			if err != nil {
				t.Fatal(err)
			}
			keys := store.Keys{Ints: []int64{44, 3, 7, 7, 12, 1, 25, 38, 40}}
			sub, err := runtime.EvaluateEntities(ctx, db, p, builtins.Default(), runtime.Options{AsOf: at}, keys, full)
			if err != nil {
				t.Fatal(err)
			}
			if got := sub.Outcome.Keys.Ints; !slices.Equal(got, []int64{1, 3, 7, 12, 25, 38, 40}) {
				t.Fatalf("population %v", got)
			}
			in := func(k int64) bool { return slices.Contains(keys.Ints, k) }
			want, got := membersOf(full, in), membersOf(sub.Evaluation, in)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("seed %d at %s:\nentities %v\nfull     %v", seed, at, got, want)
			}
		}
	}
}

// TestEntitiesNext checks that Next is where membership changes: the
// evaluation just before it equals the one at as-of, and some entity's
// membership differs at Next (for at least one entity overall).
func TestEntitiesNext(t *testing.T) {
	ctx := context.Background()
	db, p := entitiesDB(t, 9)
	keys := store.Keys{Ints: []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	at := func(ts, key int64) string {
		ev, err := runtime.EvaluateEntities(ctx, db, p, builtins.Default(), runtime.Options{AsOf: time.Unix(ts, 0)}, keys, full)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(membersOf(ev.Evaluation, func(k int64) bool { return k == key }))
	}
	ev, err := runtime.EvaluateEntities(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf}, keys, full)
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i, next := range ev.Next {
		key := ev.Outcome.Keys.Ints[i]
		now := at(entitiesAsOf.Unix(), key)
		if next == math.MaxInt64 {
			continue
		}
		if next <= entitiesAsOf.Unix() {
			t.Fatalf("entity %d: next %d is not after as-of", i, next)
		}
		if at(next-1, key) != now {
			t.Errorf("entity %d: membership changed before its next instant %s", i, time.Unix(next, 0).UTC())
		}
		if at(next, key) != now {
			changed++
		}
	}
	if changed == 0 {
		t.Error("no entity's membership changes at its next instant")
	}
}
