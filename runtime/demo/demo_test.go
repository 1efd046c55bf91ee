package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// generate builds a database of n customers in a temp dir and opens it.
func generate(t *testing.T, n int, seed int64) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	stats, err := Generate(context.Background(), path, Options{Customers: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Customers != int64(n) {
		t.Fatalf("stats.Customers = %d, want %d", stats.Customers, n)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// digest hashes every row of both tables in key order.
func digest(t *testing.T, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		"SELECT * FROM customers ORDER BY customer_id",
		"SELECT * FROM events ORDER BY event_id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%#v\n", vals)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministicPerSeed(t *testing.T) {
	n := 2*chunkSize + 123 // several chunks, generated in parallel
	a := digest(t, generate(t, n, 7))
	prev := runtime.GOMAXPROCS(1) // one worker must give the same bytes
	b := digest(t, generate(t, n, 7))
	runtime.GOMAXPROCS(prev)
	c := digest(t, generate(t, n, 8))
	if a != b {
		t.Errorf("same seed gave different databases with 1 and %d workers: %s vs %s", prev, a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same database")
	}
}

// scalar runs a query returning one float.
func scalar(t *testing.T, db *sql.DB, q string) float64 {
	t.Helper()
	var v sql.NullFloat64
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v.Float64
}

func TestDistributions(t *testing.T) {
	db := generate(t, 20000, 1)
	cases := []struct {
		name     string
		query    string
		min, max float64
	}{
		{"page_view share", "SELECT avg(type='page_view') FROM events", 0.58, 0.62},
		{"add_to_cart share", "SELECT avg(type='add_to_cart') FROM events", 0.14, 0.16},
		{"purchase share", "SELECT avg(type='purchase') FROM events", 0.07, 0.09},
		{"email_open share", "SELECT avg(type='email_open') FROM events", 0.11, 0.13},
		{"email_click share", "SELECT avg(type='email_click') FROM events", 0.04, 0.06},
		{"events per customer", "SELECT count(*)/20000.0 FROM events", 8, 12},
		{"max events of one customer", "SELECT max(n) FROM (SELECT count(*) n FROM events GROUP BY customer_id)", 80, 5000},
		{"mean purchase amount", "SELECT avg(amount) FROM events WHERE type='purchase'", 48, 62},
		{"amount only on purchases", "SELECT count(*) FROM events WHERE (amount IS NULL) = (type='purchase')", 0, 0},
		{"engagement NULL share", "SELECT avg(engagement_score IS NULL) FROM customers", 0.065, 0.095},
		{"min engagement", "SELECT min(engagement_score) FROM customers", 0.0001, 1},
		{"opt-in share", "SELECT avg(email_opt_in) FROM customers", 0.68, 0.72},
		{"mean sessions_30d", "SELECT avg(sessions_30d) FROM customers", 3.6, 4.4},
		{"mean opens_30d", "SELECT avg(opens_30d) FROM customers", 2.85, 3.15},
		{"clicks per open", "SELECT sum(clicks_30d)*1.0/sum(opens_30d) FROM customers", 0.33, 0.37},
		{"clicks never exceed opens", "SELECT count(*) FROM customers WHERE clicks_30d > opens_30d", 0, 0},
		{"countries", "SELECT count(DISTINCT country) FROM customers", 12, 12},
		{"top country share", "SELECT max(n)/20000.0 FROM (SELECT count(*) n FROM customers GROUP BY country)", 0.2, 0.4},
		{"US is the top country", "SELECT country='US' FROM customers GROUP BY country ORDER BY count(*) DESC LIMIT 1", 1, 1},
		{"new users (<=30d)", "SELECT avg(first_seen > '2026-05-31 00:00:00') FROM customers", 0.03, 0.25},
		{"oldest first_seen within 3 years", "SELECT min(first_seen) >= '2023-06-30 00:00:00' FROM customers", 1, 1},
	}
	for _, c := range cases {
		if got := scalar(t, db, c.query); got < c.min || got > c.max || math.IsNaN(got) {
			t.Errorf("%s = %v, want in [%v, %v]", c.name, got, c.min, c.max)
		}
	}
}

func TestEventsWithinFirstSeenAndAsOf(t *testing.T) {
	db := generate(t, 5000, 3)
	q := `SELECT count(*) FROM events e JOIN customers c USING (customer_id)
	      WHERE e.ts < c.first_seen OR e.ts > '2026-06-30 00:00:00' OR length(e.ts) != 19`
	if n := scalar(t, db, q); n != 0 {
		t.Errorf("%v events outside [first_seen, as_of]", n)
	}
	if n := scalar(t, db, "SELECT count(*) FROM events a JOIN events b ON b.event_id = a.event_id + 1 WHERE (b.customer_id, b.ts) < (a.customer_id, a.ts)"); n != 0 {
		t.Errorf("%v events out of (customer_id, ts) order", n)
	}
}

// TestSegmentsNonEmpty checks that even tiny databases have members for the
// W1 segments that depend on recent or missing activity.
func TestSegmentsNonEmpty(t *testing.T) {
	queries := map[string]string{
		"cart_abandoners_today": `SELECT count(*) FROM customers c WHERE
			EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.customer_id AND e.type='add_to_cart' AND e.ts > '2026-06-29 00:00:00')
			AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.customer_id AND e.type='purchase' AND e.ts > '2026-06-29 00:00:00')`,
		"dormant": `SELECT count(*) FROM customers c WHERE first_seen < '2026-05-31 00:00:00'
			AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.customer_id AND e.type='purchase' AND e.ts > '2025-06-30 00:00:00')`,
		"lapsed": `SELECT count(*) FROM (SELECT max(ts) last FROM events WHERE type='purchase' GROUP BY customer_id)
			WHERE last < '2026-04-01 00:00:00'`,
		"index": `SELECT count(*) FROM sqlite_master WHERE type='index' AND name='events_customer_ts'`,
	}
	for _, n := range []int{3, 1000} {
		db := generate(t, n, 5)
		for name, q := range queries {
			if got := scalar(t, db, q); got < 1 {
				t.Errorf("customers=%d: %s is empty", n, name)
			}
		}
	}
}

func TestRefusesExistingFileUnlessOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(context.Background(), path, Options{Customers: 10})
	if err == nil {
		t.Fatal("Generate overwrote an existing file without Overwrite")
	}
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatal("existing file was modified")
	}
	if _, err := Generate(context.Background(), path, Options{Customers: 10, Overwrite: true}); err != nil {
		t.Fatalf("Overwrite: %v", err)
	}
	assertNoFile(t, path+".tmp")
}

func TestCancelledLeavesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, path, Options{Customers: 50000}); err == nil {
		t.Fatal("cancelled Generate succeeded")
	}
	assertNoFile(t, path)
	assertNoFile(t, path+".tmp")
}

func TestRejectsBadOptions(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		path string
		opts Options
	}{
		"negative customers": {filepath.Join(dir, "a.db"), Options{Customers: -1}},
		"query in path":      {filepath.Join(dir, "a.db?mode=memory"), Options{Customers: 1}},
		"directory":          {dir, Options{Customers: 1, Overwrite: true}},
	}
	for name, c := range cases {
		if _, err := Generate(context.Background(), c.path, c.opts); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func assertNoFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s exists (err=%v)", path, err)
	}
}
