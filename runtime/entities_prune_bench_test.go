package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// pruneBenchModule reads two event logs: 3 segments read purchases, 10
// read visits and 20 read the entity row alone, the shape where an event
// of one log changes few segments.
func pruneBenchModule() string {
	var b strings.Builder
	b.WriteString(`entities customers key customer_id {
  country string
  age     int
  score   float
  opt_in  bool
}
events purchases key customer_id time ts {
  amount float
}
events visits key customer_id time ts {
  page string
}
feature spend_30d = sum(purchases.amount within 30d)
feature buys = count(purchases)
feature views_7d = count(visits within 7d)
feature carts_1d = count(visits where page == "cart" within 1d)
segment big_spenders { where spend_30d > 100 }
segment repeat { where buys >= 3 }
segment fr_buyers { where country == "FR" and buys > 0 }
`)
	for i := range 10 {
		fmt.Fprintf(&b, "segment viewers_%d { where views_7d > %d or carts_1d > %d }\n", i, i, i)
	}
	for i := range 20 {
		fmt.Fprintf(&b, "segment people_%d { where age > %d and (score > %d.5 or opt_in) and country != \"X%d\" }\n", i, 18+2*i, i%5, i)
	}
	return b.String()
}

// BenchmarkEntityEventPruned measures a per-entity evaluation after one
// purchase on pruneBenchModule, through an EntityFold: every step (all),
// only the steps reading purchases (pruned: the entity is not due), and
// those plus the as-of-dependent ones (pruned-due). cpu-ns/op is user +
// system CPU per evaluation (see BenchmarkEntityEvent).
func BenchmarkEntityEventPruned(b *testing.B) {
	for _, mode := range []string{"all", "pruned", "pruned-due"} {
		b.Run(mode, func(b *testing.B) { benchEntityEventPruned(b, mode) })
	}
}

func benchEntityEventPruned(b *testing.B, mode string) {
	ctx := context.Background()
	db, p := pruneDB(b, 1000, 20_000)
	now := entitiesAsOf
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: now})
	if err != nil {
		b.Fatal(err)
	}
	var prune *runtime.Pruning
	if mode != "all" {
		d := plan.NewDeps(p)
		prune = &runtime.Pruning{Deps: d, Dirty: d.Dirty([]int{0}, mode == "pruned-due")}
	}
	f := runtime.NewEntityFold(p)
	keys := store.Keys{Ints: []int64{1}}
	rng := rand.New(rand.NewPCG(1, 2))
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		now = now.Add(time.Second)
		if _, err := db.Exec(`INSERT INTO purchases VALUES (1, ?, ?)`, now.Format(time.DateTime), float64(rng.IntN(10000))/100); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		before := cpuTime()
		if _, err := runtime.EvaluateEntitiesPruned(ctx, db, p, builtins.Default(), runtime.Options{AsOf: now}, keys, full, nil, f, prune); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// pruneDB writes pruneBenchModule, n customers and events events in
// each log over the 60 days before entitiesAsOf (the first 100 of each
// for customer 1).
func pruneDB(b testing.TB, n, events int) (*sql.DB, *plan.Plan) {
	db, p := moduleDB(b, pruneBenchModule(),
		`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT, age INTEGER, score REAL, opt_in INTEGER)`,
		`CREATE TABLE purchases(customer_id INTEGER, ts TEXT, amount REAL)`,
		`CREATE INDEX purchases_key ON purchases(customer_id, ts)`,
		`CREATE TABLE visits(customer_id INTEGER, ts TEXT, page TEXT)`,
		`CREATE INDEX visits_key ON visits(customer_id, ts)`)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for k := 1; k <= n; k++ {
		tx.Exec(`INSERT INTO customers VALUES (?, ?, ?, ?, ?)`, k, []string{"FR", "DE"}[k%2], 18+rng.IntN(60), rng.Float64()*5, rng.IntN(2))
	}
	for i := range events {
		key := 1 + rng.IntN(n)
		if i < 100 {
			key = 1
		}
		at := func() string {
			return entitiesAsOf.Add(-time.Duration(1+rng.IntN(60*24*3600)) * time.Second).Format(time.DateTime)
		}
		tx.Exec(`INSERT INTO purchases VALUES (?, ?, ?)`, key, at(), float64(rng.IntN(10000))/100)
		tx.Exec(`INSERT INTO visits VALUES (?, ?, ?)`, key, at(), []string{"home", "cart", "product"}[rng.IntN(3)])
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db, p
}
