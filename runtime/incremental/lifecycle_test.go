package incremental_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/runtime/sqlrows"
)

// lifecycleRuns are the as-ofs of the daily runs after the first (cold)
// one at day0: daily, a run within the day, and sparse runs that skip
// days (so `on` transitions see several days of events at once, and
// trigger windows and `for` periods end between runs).
var lifecycleRuns = []time.Duration{24 * time.Hour, 30 * time.Hour, 48 * time.Hour, 5 * 24 * time.Hour,
	6 * 24 * time.Hour, 13 * 24 * time.Hour, 14 * 24 * time.Hour, 15*24*time.Hour + 7*time.Hour, 21 * 24 * time.Hour}

// TestLifecycleDailyRunsEqualCold: over random event streams and several
// daily runs of a module with a lifecycle (`when` guards on features, a
// percentile threshold, time_in and entity columns; `on` transitions
// sharing a feature's last() and with a match of their own) and triggers
// (wait/unless/for/exit on), every incremental run leaves segc_members
// (with each member's since), segc_states, segc_thresholds' values and
// the run's segc_changes equal to those of a --cold run at the same
// as-of on a copy of the database made right before it. Each day brings
// events on time, late
// (dated before the previous as-of), in the future, changed entity rows,
// and an event row updated and one deleted.
func TestLifecycleDailyRunsEqualCold(t *testing.T) {
	p := compileFiles(t, "testdata/lifecycle.seg")
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			dir := t.TempDir()
			path := filepath.Join(dir, "inc.db")
			db := open(t, path)
			lifecycleSchema(t, db, rng)
			if r := run(t, db, p, day0, false); r.Incremental.Incremental {
				t.Fatalf("first run: %v, want cold", r.Incremental)
			}
			prev, seen := day0, map[string]bool{}
			for k, d := range lifecycleRuns {
				asOf := day0.Add(d)
				lifecycleDay(t, db, rng, prev, asOf)
				cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
				db.Close()
				copyFile(t, path, cold)
				db = open(t, path)
				ri := run(t, db, p, asOf, false)
				if !ri.Incremental.Incremental {
					t.Fatalf("as of %s: %v, want incremental", asOf, ri.Incremental)
				}
				cdb := open(t, cold)
				run(t, cdb, p, asOf, true)
				for _, q := range lifecycleDumps {
					if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
						t.Fatalf("as of %s: %s:\nincremental %v\ncold        %v", asOf, q, diffLines(a, b), diffLines(b, a))
					}
				}
				for seg, n := range sizes(ri) {
					seen[seg] = seen[seg] || n > 0
				}
				cdb.Close()
				prev = asOf
			}
			for _, seg := range []string{"stage.active", "stage.vip", "stage.lapsed", "stage.dormant", "long_new", "cart_abandoners", "big_buyers", "lookers"} {
				if !seen[seg] {
					t.Errorf("%s was empty in every run: the stream does not exercise it", seg)
				}
			}
		})
	}
}

// lifecycleDumps are the stored results compared with a cold run's.
var lifecycleDumps = []string{
	`SELECT segment || ' ' || entity_id || ' ' || since FROM segc_members ORDER BY 1`,
	`SELECT lifecycle || ' ' || entity_id || ' ' || state || ' ' || since FROM segc_states ORDER BY 1`,
	`SELECT segment || ' ' || expr || ' ' || quote(value) FROM segc_thresholds WHERE run_id = (SELECT max(run_id) FROM segc_thresholds) ORDER BY 1`,
	`SELECT segment || ' ' || coalesce(entity_id, '-') || ' ' || change || ' ' || at FROM segc_changes WHERE run_id = (SELECT max(run_id) FROM segc_changes) ORDER BY 1`,
}

// lifecycleCustomers is the population of the random streams.
const lifecycleCustomers = 80

// lifecycleTypes are the event types a stream draws from.
var lifecycleTypes = []string{"buy", "cart", "cart", "view", "view", "other"}

// lifecycleSchema creates the tables of testdata/lifecycle.seg with
// customers first seen over the 40 days before day0 and 40 days of
// random events; customer 1 puts something in its cart every day and
// never buys (a trigger member whose interval reaches past the horizon).
func lifecycleSchema(t *testing.T, db *sql.DB, rng *rand.Rand) {
	exec(t, db, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, first_seen TEXT NOT NULL, tier INTEGER NOT NULL)`)
	exec(t, db, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, ts TEXT NOT NULL, type TEXT NOT NULL, amount REAL)`)
	exec(t, db, `CREATE INDEX events_key ON events(customer_id, ts)`)
	for c := 1; c <= lifecycleCustomers; c++ {
		seen := day0.Add(-time.Duration(rng.IntN(40*24)) * time.Hour)
		if _, err := db.Exec(`INSERT INTO customers VALUES (?, ?, ?)`, c, stamp(seen), rng.IntN(3)); err != nil {
			t.Fatal(err)
		}
	}
	for range 1200 {
		randomEvent(t, db, rng, day0.AddDate(0, 0, -40), day0)
	}
	for d := day0.AddDate(0, 0, -30); !d.After(day0.AddDate(0, 0, 30)); d = d.AddDate(0, 0, 1) {
		exec(t, db, fmt.Sprintf(`INSERT INTO events(customer_id, ts, type, amount) VALUES (1, '%s', 'cart', NULL)`, stamp(d.Add(9*time.Hour))))
	}
}

// lifecycleDay makes one day's changes before the run at asOf: events in
// (prev, asOf], late ones dated up to 10 days before prev, a few after
// asOf; tiers changed (an active customer of tier 3 goes back to new); an
// event's amount changed and an event deleted.
func lifecycleDay(t *testing.T, db *sql.DB, rng *rand.Rand, prev, asOf time.Time) {
	for range 40 + rng.IntN(40) {
		randomEvent(t, db, rng, prev, asOf)
	}
	for range 5 {
		randomEvent(t, db, rng, prev.AddDate(0, 0, -10), prev)
	}
	for range 3 {
		randomEvent(t, db, rng, asOf, asOf.AddDate(0, 0, 3))
	}
	exec(t, db, fmt.Sprintf(`UPDATE customers SET tier = %d WHERE customer_id %% 9 = %d`, rng.IntN(4), rng.IntN(9)))
	exec(t, db, fmt.Sprintf(`UPDATE events SET amount = 99 WHERE event_id = (SELECT event_id FROM events WHERE type = 'buy' ORDER BY event_id LIMIT 1 OFFSET %d)`, rng.IntN(50)))
	exec(t, db, fmt.Sprintf(`DELETE FROM events WHERE event_id = (SELECT event_id FROM events ORDER BY event_id LIMIT 1 OFFSET %d)`, rng.IntN(500)))
}

// randomEvent inserts one event of a random customer dated in (from, to].
func randomEvent(t *testing.T, db *sql.DB, rng *rand.Rand, from, to time.Time) {
	span := to.Sub(from)
	at := to.Add(-time.Duration(rng.Int64N(int64(span)/int64(time.Minute))) * time.Minute)
	typ := lifecycleTypes[rng.IntN(len(lifecycleTypes))]
	var amount any
	if typ != "cart" {
		amount = float64(rng.IntN(12000)) / 100
	}
	_, err := db.Exec(`INSERT INTO events(customer_id, ts, type, amount) VALUES (?, ?, ?, ?)`,
		2+rng.IntN(lifecycleCustomers-1), stamp(at), typ, amount)
	if err != nil {
		t.Fatal(err)
	}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// dump returns the rows of a one-column query.
func dump(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	out, err := sqlrows.Strings(context.Background(), db, q)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diffLines returns the lines of a not in b.
func diffLines(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}
