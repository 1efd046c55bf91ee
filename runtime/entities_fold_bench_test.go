package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// BenchmarkEntityEvent measures what serve's per-entity evaluation costs
// per accepted event: each iteration appends one event (dated now) for
// an entity with `prior` earlier events spread over 60 days and
// evaluates that entity one second later, re-reading its events
// (reread, serve before the fold) or through an EntityFold (fold). The
// insert is outside the timing. cpu-ns/op is the process's user+system
// CPU time per evaluation (getrusage), steadier than wall time on a
// shared machine.
func BenchmarkEntityEvent(b *testing.B) {
	for _, prior := range []int{10, 10_000} {
		for _, mode := range []string{"reread", "fold"} {
			b.Run(fmt.Sprintf("prior=%d/%s", prior, mode), func(b *testing.B) {
				benchEntityEvent(b, prior, mode == "fold")
			})
		}
	}
}

func benchEntityEvent(b *testing.B, prior int, fold bool) {
	ctx := context.Background()
	db, p := benchFoldDB(b, prior)
	now := entitiesAsOf
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: now})
	if err != nil {
		b.Fatal(err)
	}
	var f *runtime.EntityFold
	if fold {
		f = runtime.NewEntityFold(p)
	}
	keys := store.Keys{Ints: []int64{1}}
	rng := rand.New(rand.NewPCG(1, 2))
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		now = now.Add(time.Second)
		if _, err := db.Exec(`INSERT INTO events VALUES (1, ?, 'purchase', ?)`, now.Format(time.DateTime), float64(rng.IntN(10000))/100); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		before := cpuTime()
		if _, err := runtime.EvaluateEntitiesFold(ctx, db, p, builtins.Default(), runtime.Options{AsOf: now}, keys, full, nil, f); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchFoldDB writes foldModule, 1,000 customers, `prior` events of
// customer 1 over the 60 days before entitiesAsOf and 20,000 events of
// the others.
func benchFoldDB(b *testing.B, prior int) (*sql.DB, *plan.Plan) {
	db, p := moduleDB(b, foldModule)
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT)`,
		`CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`,
		`CREATE INDEX events_key ON events(customer_id, ts)`} {
		if _, err := tx.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 1; k <= 1000; k++ {
		tx.Exec(`INSERT INTO customers VALUES (?, ?)`, k, []string{"FR", "DE"}[k%2])
	}
	for i := range prior + 20_000 {
		key := 2 + rng.IntN(999)
		if i < prior {
			key = 1
		}
		at := entitiesAsOf.Add(-time.Duration(1+rng.IntN(60*24*3600)) * time.Second)
		typ := []string{"view", "purchase", "cart"}[rng.IntN(3)]
		if _, err := tx.Exec(`INSERT INTO events VALUES (?, ?, ?, ?)`, key, at.Format(time.DateTime), typ, float64(rng.IntN(10000))/100); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db, p
}
