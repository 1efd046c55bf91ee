package runtime

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/segc/segc/builtins"
)

// benchDB generates (once, cached in the temp dir) a retail database with
// n customers and about 10n events using SQLite's own generator, shaped
// like bench.md's. SEGC_BENCH_CUSTOMERS sets n (default 100000).
func benchDB(b *testing.B) *sql.DB {
	n := 100000
	if s := os.Getenv("SEGC_BENCH_CUSTOMERS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("segc-runtime-bench-%d.db", n))
	_, statErr := os.Stat(path)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if statErr == nil {
		return db
	}
	q := fmt.Sprintf(`
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, first_seen TEXT, country TEXT, email_opt_in INTEGER, engagement_score REAL);
CREATE TABLE extra (customer_id INTEGER PRIMARY KEY, vip INTEGER);
CREATE TABLE events (event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts TEXT, type TEXT, amount REAL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < %[1]d)
INSERT INTO customers SELECT i, datetime(1782777600 - abs(random()) %% (3*365*86400), 'unixepoch'),
  'C' || (abs(random()) %% 12), abs(random()) %% 10 < 7,
  CASE WHEN abs(random()) %% 100 < 8 THEN NULL ELSE abs(random()) %% 10000 / 100.0 END FROM c;
INSERT INTO extra SELECT customer_id, customer_id %% 2 FROM customers WHERE customer_id %% 3 = 0;
WITH RECURSIVE e(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM e WHERE i < %[2]d)
INSERT INTO events SELECT i, 1 + abs(random()) %% %[1]d,
  datetime(1782777600 - abs(random()) %% (2*365*86400), 'unixepoch'),
  CASE abs(random()) %% 100 / 5 WHEN 0 THEN 'purchase' WHEN 1 THEN 'add_to_cart' WHEN 2 THEN 'add_to_cart'
    WHEN 3 THEN 'email_open' WHEN 4 THEN 'email_click' ELSE 'page_view' END, NULL FROM e;
UPDATE events SET amount = abs(random()) %% 20000 / 100.0 WHERE type = 'purchase';
CREATE INDEX events_cust_ts ON events(customer_id, ts);`, n, 10*n)
	if _, err := db.Exec(q); err != nil {
		os.Remove(path)
		b.Fatal(err)
	}
	return db
}

// BenchmarkRawScan is the floor: SQLite scanning the events table.
func BenchmarkRawScan(b *testing.B) {
	db := benchDB(b)
	for i := 0; i < b.N; i++ {
		var n, l int64
		var s sql.NullFloat64
		if err := db.QueryRow("SELECT count(*), sum(length(ts)), sum(amount) FROM events").Scan(&n, &l, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate runs the W1-like plan on the bench database.
func BenchmarkEvaluate(b *testing.B) {
	db := benchDB(b)
	p := retailPlan()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev, err := Evaluate(context.Background(), db, p, builtins.Default(), Options{AsOf: asOf})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			for _, t := range ev.Timings {
				b.Logf("%-18s %v", t.Stage, t.Duration)
			}
		}
	}
}
