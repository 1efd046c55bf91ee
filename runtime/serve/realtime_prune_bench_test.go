package serve

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segc/segc/runtime/serve/reload"
)

// pruneBenchSeg adds to the shop module a visits log, 10 segments over
// visits, 2 more over orders and 20 over the entity row alone: an order
// changes 3 of the 33 segments (fr_buyers included).
func pruneBenchSeg() string {
	var b strings.Builder
	b.WriteString(`events visits key customer_id time ts id visit_id {
  page string
}
feature buys = count(orders where type == "purchase")
feature views_7d = count(visits within 7d)
feature carts_1d = count(visits where page == "cart" within 1d)
segment big_spenders { where spend_30d > 100 }
segment repeat { where buys >= 3 }
`)
	for i := range 10 {
		fmt.Fprintf(&b, "segment viewers_%d { where views_7d > %d or carts_1d > %d }\n", i, i, i)
	}
	for i := range 20 {
		fmt.Fprintf(&b, "segment people_%d { where (country == \"FR\" or email_opt_in) and country != \"X%d\" }\n", i, i)
	}
	return b.String()
}

// BenchmarkServeEvent measures serve's CPU per accepted purchase on
// pruneBenchSeg's module (1,000 customers, 20,000 orders and visits):
// each iteration posts one purchase, for one of 50 customers, through
// the API handler and then runs the per-entity evaluation it causes
// (drainPending) with pruning (pruned) or every step (all, NoPrune).
// cpu-ns/op is the process's user+system CPU time of the evaluation,
// commit included (getrusage); the post is outside it.
func BenchmarkServeEvent(b *testing.B) {
	for _, mode := range []string{"all", "pruned"} {
		b.Run(mode, func(b *testing.B) { benchServeEvent(b, mode == "all") })
	}
}

func benchServeEvent(b *testing.B, noPrune bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := benchServeModule(b)
	clock := asOf
	srv, err := Open(ctx, Config{DBPath: filepath.Join(dir, "shop.db"), Module: reload.Module{Paths: []string{filepath.Join(dir, "m")}},
		Token: testToken, Now: func() time.Time { return clock }, NoPrune: noPrune})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Start(ctx); err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	var cpu time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		clock = clock.Add(time.Second)
		benchPost(b, h, map[string]any{"order_id": fmt.Sprint("bench-", i), "customer_id": 1 + i%50,
			"ts": clock.Format(time.RFC3339), "type": "purchase", "amount": float64(i%200) + 0.5})
		b.StartTimer()
		before := benchCPU()
		srv.drainPending(ctx)
		cpu += benchCPU() - before
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// benchPost posts one orders event through h.
func benchPost(b *testing.B, h http.Handler, e map[string]any) {
	raw, err := json.Marshal(map[string]any{"log": "orders", "events": []map[string]any{e}})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/v1/events", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+testToken)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("POST /v1/events = %d: %s", w.Code, w.Body)
	}
}

// benchServeModule writes the module and database of BenchmarkServeEvent
// under a temporary directory and returns it.
func benchServeModule(b *testing.B) string {
	dir := b.TempDir()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(os.Mkdir(filepath.Join(dir, "m"), 0o755))
	for name, src := range map[string]string{"data.seg": dataSeg, "segments.seg": segmentsSeg, "bench.seg": pruneBenchSeg()} {
		must(os.WriteFile(filepath.Join(dir, "m", name), []byte(src), 0o644))
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "shop.db"))
	must(err)
	defer db.Close()
	_, err = db.Exec(`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT, email_opt_in INTEGER);
		CREATE TABLE orders(order_id TEXT, customer_id INTEGER, ts TEXT, type TEXT, amount REAL);
		CREATE INDEX orders_key ON orders(customer_id, ts);
		CREATE TABLE visits(visit_id TEXT, customer_id INTEGER, ts TEXT, page TEXT);
		CREATE INDEX visits_key ON visits(customer_id, ts);`)
	must(err)
	tx, err := db.Begin()
	must(err)
	rng := rand.New(rand.NewPCG(8, 9))
	for k := 1; k <= 1000; k++ {
		_, err = tx.Exec(`INSERT INTO customers VALUES (?, ?, ?)`, k, []string{"FR", "DE"}[k%2], rng.IntN(2))
		must(err)
	}
	at := func() string {
		return asOf.Add(-time.Duration(1+rng.IntN(60*24*3600)) * time.Second).Format(time.DateTime)
	}
	for i := range 20_000 {
		key := 1 + rng.IntN(1000)
		_, err = tx.Exec(`INSERT INTO orders VALUES (?, ?, ?, ?, ?)`, fmt.Sprint("o", i), key, at(), []string{"view", "purchase"}[rng.IntN(2)], float64(rng.IntN(20000))/100)
		must(err)
		_, err = tx.Exec(`INSERT INTO visits VALUES (?, ?, ?, ?)`, fmt.Sprint("v", i), key, at(), []string{"home", "cart", "product"}[rng.IntN(3)])
		must(err)
	}
	must(tx.Commit())
	return dir
}

// benchCPU is the process's user+system CPU time so far.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
