package incremental_test

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/demo"
)

var (
	day0 = time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	day1 = day0.AddDate(0, 0, 1)
)

// w1 compiles the W1 module.
func w1(t *testing.T) *plan.Plan {
	t.Helper()
	return compileFiles(t, "../../compiler/testdata/plan/w1.seg")
}

// w1KMeans compiles examples/w1: W1 with its k-means segment.
func w1KMeans(t *testing.T) *plan.Plan {
	t.Helper()
	files, err := filepath.Glob("../../examples/w1/*.seg")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples/w1: %v", err)
	}
	return compileFiles(t, files...)
}

func compileFiles(t *testing.T, files ...string) *plan.Plan {
	t.Helper()
	m, diags, err := compiler.LoadFiles(files)
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading w1: %v %v", err, diags)
	}
	p, diags := compiler.Compile(m, builtins.Default())
	if diags.HasErrors() {
		t.Fatalf("compiling w1: %v", diags)
	}
	return p
}

// baseDB generates a small demo database once per test.
func baseDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "base.db")
	if _, err := demo.Generate(context.Background(), path, demo.Options{Customers: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	return path
}

func open(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
}

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// run runs p and returns the result; it fails the test on error.
func run(t *testing.T, db *sql.DB, p *plan.Plan, asOf time.Time, cold bool) *batch.Result {
	t.Helper()
	res, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: asOf, Cold: cold})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// members reads segc_members.
func members(t *testing.T, db *sql.DB) []string {
	t.Helper()
	return dump(t, db, `SELECT segment || ' ' || entity_id FROM segc_members ORDER BY segment, entity_id`)
}

func sizes(r *batch.Result) map[string]int {
	out := map[string]int{}
	for _, s := range r.Summary.Segments {
		out[s.Name] = s.Size
	}
	return out
}

// The changes of one daily run: ~1% new events (some dated after the new
// as-of), an event that leaves the 24h window, entity rows changed, an
// event row deleted and one inserted below the high-water mark.
const (
	cartLeaving = `INSERT INTO events(customer_id, ts, type, amount) VALUES (1, '2026-06-28 12:00:00', 'add_to_cart', NULL)`
	appendDay   = `INSERT INTO events(customer_id, ts, type, amount)
		SELECT customer_id, '2026-06-29 ' || printf('%02d', event_id % 24) || ':30:00', type, amount
		FROM events WHERE event_id % 100 = 0`
	future     = `INSERT INTO events(customer_id, ts, type, amount) VALUES (2, '2026-07-05 00:00:00', 'purchase', 1000.0)`
	changeRows = `UPDATE customers SET email_opt_in = 1 - email_opt_in, engagement_score = NULL WHERE customer_id % 37 = 0`
	deleteOne  = `DELETE FROM events WHERE event_id = (SELECT min(event_id) FROM events WHERE type = 'purchase' AND ts > '2026-01-01')`
)

func TestDailyRunEqualsCold(t *testing.T) {
	base := baseDB(t)
	for _, tc := range []struct {
		name string
		plan func(*testing.T) *plan.Plan
	}{{"w1", w1}, {"w1 with k-means", w1KMeans}} {
		t.Run(tc.name, func(t *testing.T) { dailyEqualsCold(t, tc.plan(t), base) })
	}
}

// dailyEqualsCold runs p cold, applies a day's changes, then compares
// incremental runs one and eight days later with cold ones.
func dailyEqualsCold(t *testing.T, p *plan.Plan, base string) {
	dir := t.TempDir()
	inc, cold := filepath.Join(dir, "inc.db"), filepath.Join(dir, "cold.db")
	copyFile(t, base, inc)
	db := open(t, inc)
	exec(t, db, cartLeaving)
	if r := run(t, db, p, day0, false); r.Incremental.Incremental {
		t.Fatalf("first run: %v, want cold", r.Incremental)
	}
	for _, q := range []string{appendDay, future, changeRows, deleteOne} {
		exec(t, db, q)
	}
	exec(t, db, `DELETE FROM events WHERE event_id = 3`)
	exec(t, db, `INSERT INTO events(event_id, customer_id, ts, type, amount) VALUES (3, 5, '2026-06-28 23:00:00', 'purchase', 7.5)`)
	db.Close()
	copyFile(t, inc, cold)
	db = open(t, inc)
	cdb := open(t, cold)
	for _, asOf := range []time.Time{day1, day1.AddDate(0, 0, 7)} {
		ri := run(t, db, p, asOf, false)
		if !ri.Incremental.Incremental {
			t.Fatalf("as of %s: %v, want incremental", asOf, ri.Incremental)
		}
		rc := run(t, cdb, p, asOf, true)
		if !reflect.DeepEqual(sizes(ri), sizes(rc)) {
			t.Errorf("as of %s: sizes %v, cold %v", asOf, sizes(ri), sizes(rc))
		}
		if a, b := members(t, db), members(t, cdb); !reflect.DeepEqual(a, b) {
			t.Errorf("as of %s: %d members, cold %d (or they differ)", asOf, len(a), len(b))
		}
		for _, c := range p.Clusters {
			if sizes(ri)[c.Name+".c1"] == 0 {
				t.Errorf("as of %s: cluster %s's first segment is empty: %v", asOf, c.Name, sizes(ri))
			}
		}
		if ri.Incremental.Reread == 0 || (asOf == day1 && ri.Incremental.Changed == 0) {
			t.Errorf("as of %s: %v: expected re-reads and changed rows", asOf, ri.Incremental)
		}
	}
}

func TestFallbacks(t *testing.T) {
	p := w1(t)
	base := baseDB(t)
	tests := []struct {
		name   string
		change string
		asOf   time.Time
		cold   bool
		plan   bool // use a changed plan
		want   string
	}{
		{name: "forced", asOf: day1, cold: true, want: "--cold"},
		{name: "as-of backwards", asOf: day0.AddDate(0, 0, -1), want: "as-of is before"},
		{name: "plan changed", asOf: day1, plan: true, want: "plan changed"},
		{name: "another module", asOf: day1, plan: true, change: "module", want: "plan changed"},
		{name: "trigger dropped", asOf: day1, change: `DROP TRIGGER segc_inc_customers_upd`, want: "change triggers were missing"},
		{name: "entity inserted", asOf: day1, change: `INSERT INTO customers SELECT customer_id + 100000, first_seen, country, email_opt_in, sessions_30d, clicks_30d, opens_30d, engagement_score FROM customers LIMIT 1`, want: "entities were inserted"},
		{name: "entity deleted", asOf: day1, change: `DELETE FROM customers WHERE customer_id = 10`, want: "entities were deleted"},
		{name: "state from another version", asOf: day1, change: `UPDATE segc_inc_blobs SET v = x'00' WHERE name = 'keys'`, want: "does not decode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			copyFile(t, base, path)
			db := open(t, path)
			run(t, db, p, day0, false)
			q := p
			switch {
			case tc.change == "module":
				q = w1KMeans(t)
			case tc.plan:
				q = w1(t)
				q.Hash += "x"
			}
			if tc.change != "" && tc.change != "module" {
				exec(t, db, tc.change)
			}
			r := run(t, db, q, tc.asOf, tc.cold)
			if r.Incremental.Incremental || !strings.Contains(r.Incremental.Reason, tc.want) {
				t.Fatalf("got %v, want a cold run because %q", r.Incremental, tc.want)
			}
			if again := run(t, db, q, tc.asOf, false); !again.Incremental.Incremental {
				t.Errorf("the run after a cold one: %v, want incremental", again.Incremental)
			}
		})
	}
}

// TestMembersChangedBetweenRuns: when something else changes the stored
// members between two runs (as segc serve does, with history rows), the
// incremental run does not trust its saved membership and still leaves
// segc_members equal to a cold run's.
func TestMembersChangedBetweenRuns(t *testing.T) {
	p := w1(t)
	dir := t.TempDir()
	inc, cold := filepath.Join(dir, "inc.db"), filepath.Join(dir, "cold.db")
	copyFile(t, baseDB(t), inc)
	db := open(t, inc)
	run(t, db, p, day0, false)
	exec(t, db, `INSERT INTO segc_changes(run_id, at, segment, entity_id, change)
		SELECT 99, '2026-06-29 12:00:00', segment, min(entity_id), 'exit' FROM segc_members GROUP BY segment`)
	exec(t, db, `DELETE FROM segc_members WHERE (segment, entity_id) IN
		(SELECT segment, min(entity_id) FROM segc_members GROUP BY segment)`)
	db.Close()
	copyFile(t, inc, cold)
	db, cdb := open(t, inc), open(t, cold)
	if r := run(t, db, p, day1, false); !r.Incremental.Incremental {
		t.Fatalf("%v, want incremental", r.Incremental)
	}
	run(t, cdb, p, day1, true)
	if a, b := members(t, db), members(t, cdb); !reflect.DeepEqual(a, b) {
		t.Errorf("%d members, cold %d (or they differ)", len(a), len(b))
	}
}
