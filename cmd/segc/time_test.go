package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/batch"
)

// This file tests the time-dependent constructs end to end: compiled from
// source, run by batch.Run or backfill against small SQLite databases.

// timeEvent is one row of the test event log.
type timeEvent struct {
	customer int
	at       string // "YYYY-MM-DD HH:MM:SS"
	typ      string
	amount   float64
}

// timeDB creates customers 1..n (first seen 2025-12-01) and the events.
func timeDB(t testing.TB, n int, evs []timeEvent) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := openDB(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec(t, db, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, first_seen TEXT)`)
	mustExec(t, db, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
	for i := 1; i <= n; i++ {
		mustExec(t, db, `INSERT INTO customers VALUES (?, '2025-12-01 00:00:00')`, i)
	}
	for _, e := range evs {
		mustExec(t, db, `INSERT INTO events(customer_id, ts, type, amount) VALUES (?, ?, ?, ?)`, e.customer, e.at, e.typ, e.amount)
	}
	return path
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// timeDecls declares the tables timeDB creates.
const timeDecls = `
entities customers key customer_id { first_seen time }
events events key customer_id time ts id event_id {
  type string
  amount float?
}
`

// compileSource compiles one module held in a string.
func compileSource(t testing.TB, src string) *plan.Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.seg")
	if err := os.WriteFile(path, []byte(timeDecls+src), 0o644); err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	p, code := compileOne("segc run", []string{path}, &errs)
	if code >= 0 {
		t.Fatalf("compile: %s", errs.String())
	}
	return p
}

// openTest opens a test database.
func openTest(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := openExistingDB(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// runAt runs p once as of at.
func runAt(t testing.TB, db *sql.DB, p *plan.Plan, at time.Time) {
	t.Helper()
	if _, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: at}); err != nil {
		t.Fatalf("run as of %s: %v", at, err)
	}
}

// backfillTest backfills p from..to every step.
func backfillTest(t testing.TB, db *sql.DB, p *plan.Plan, from, to time.Time, every time.Duration) {
	t.Helper()
	var out, errs bytes.Buffer
	if code := backfill(context.Background(), db, p, from, to, every, stdio{out: &out, err: &errs}); code != exitOK {
		t.Fatalf("backfill: %s", errs.String())
	}
}

// storedRows returns a query's rows as "a|b|c" lines.
func storedRows(t testing.TB, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := query(context.Background(), db, q, args...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

// memberIDs returns a segment's members, ascending, as "1 4 7".
func memberIDs(t testing.TB, db *sql.DB, segment string) string {
	t.Helper()
	ids := storedRows(t, db, `SELECT entity_id FROM segc_members WHERE segment = ? ORDER BY entity_id`, segment)
	return strings.Join(ids, " ")
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		t, _ = time.Parse(time.DateOnly, s)
	}
	return t.UTC()
}

// TestSequenceEndToEnd checks then(X, Y, gap) on a hand-built timeline.
// Customer 1: cart 01-10 10:00, purchase 01-10 10:30 (inside 1h).
// Customer 2: cart 01-10 10:00, purchase 01-10 11:00:01 (1h and 1s later).
// Customer 3: purchase then cart (wrong order).
// Customer 4: cart and purchase at the same second (t2 > t1 is needed).
// Customer 5: cart 01-10 10:00, purchase exactly 1h later (inside: <=).
// Customer 6: cart 12-20 (before the 14d window), purchase 12-20 10:10.
// Customer 7: cart 01-10 10:00, purchase 01-20 (after as-of: invisible).
func TestSequenceEndToEnd(t *testing.T) {
	evs := []timeEvent{
		{1, "2026-01-10 10:00:00", "add_to_cart", 0}, {1, "2026-01-10 10:30:00", "purchase", 5},
		{2, "2026-01-10 10:00:00", "add_to_cart", 0}, {2, "2026-01-10 11:00:01", "purchase", 5},
		{3, "2026-01-10 09:00:00", "purchase", 5}, {3, "2026-01-10 10:00:00", "add_to_cart", 0},
		{4, "2026-01-10 10:00:00", "add_to_cart", 0}, {4, "2026-01-10 10:00:00", "purchase", 5},
		{5, "2026-01-10 10:00:00", "add_to_cart", 0}, {5, "2026-01-10 11:00:00", "purchase", 5},
		{6, "2025-12-20 10:00:00", "add_to_cart", 0}, {6, "2025-12-20 10:10:00", "purchase", 5},
		{7, "2026-01-10 10:00:00", "add_to_cart", 0}, {7, "2026-01-20 10:00:00", "purchase", 5},
	}
	db := openTest(t, timeDB(t, 7, evs))
	p := compileSource(t, `
segment quick_buyers { where then(events where type == "add_to_cart" within 14d, events where type == "purchase", 1h) }
segment eventual_buyers { where then(events where type == "add_to_cart", events where type == "purchase") }
segment past_quick { where then(events where type == "add_to_cart" between 60d and 14d ago, events where type == "purchase", 1h) }
`)
	runAt(t, db, p, day("2026-01-15"))
	for seg, want := range map[string]string{
		"quick_buyers":    "1 5",
		"eventual_buyers": "1 2 5 6",
		"past_quick":      "6",
	} {
		if got := memberIDs(t, db, seg); got != want {
			t.Errorf("%s = [%s], want [%s]", seg, got, want)
		}
	}
	if txt := plan.FormatAggregate(p, p.Aggregates[0]); !strings.Contains(txt, `, events where type == "purchase", 1h)`) {
		t.Errorf("plan text %q does not show the second query and the gap", txt)
	}
}

// TestSequenceErrors checks then()'s diagnostics.
func TestSequenceErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`segment s { where then(events where type == "a") }`, "E0302"},
		{`segment s { where then(events.amount, events) }`, "E0302"},
		{`segment s { where then(events, events within 7d) }`, "E0305"},
		{`segment s { where then(events, events, 0d) }`, "E0302"},
		{`segment s { where then(events, events, 3) }`, "E0302"},
		{`segment s { where then(events where amount, events) }`, "E0303"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "m.seg")
		if err := os.WriteFile(path, []byte(timeDecls+c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		var errs bytes.Buffer
		if _, code := compileOne("segc run", []string{path}, &errs); code < 0 || !strings.Contains(errs.String(), c.want) {
			t.Errorf("%s: want %s, got code %d and\n%s", c.src, c.want, code, errs.String())
		}
	}
}

// randomStream draws events of n customers over days days from start.
// Times fall on whole hours or exactly on midnight, so that some events
// sit exactly on window and run boundaries.
func randomStream(r *rand.Rand, n, days int, start time.Time) []timeEvent {
	types := []string{"add_to_cart", "purchase", "page_view"}
	var out []timeEvent
	for c := 1; c <= n; c++ {
		for k := r.IntN(12); k > 0; k-- {
			at := start.Add(time.Duration(r.IntN(days*24)) * time.Hour)
			if r.IntN(4) == 0 {
				at = at.Truncate(24 * time.Hour)
			}
			out = append(out, timeEvent{c, at.Format(time.DateTime), types[r.IntN(len(types))], float64(r.IntN(400))})
		}
	}
	return out
}

// timePureModule holds only constructs whose membership is a pure
// function of the events and the as-of: triggers and windows.
const timePureModule = `
trigger cart_abandoned {
  on events where type == "add_to_cart"
  wait 24h unless events where type == "purchase"
  enter cart_abandoners for 3d
  exit on events where type == "purchase"
}
trigger big_order {
  on events where type == "purchase" and amount > 200
  enter recent_big_buyers for 5d
}
trigger browsing {
  on events where type == "page_view"
  enter browsers for 20d
  exit on events where type == "purchase"
}
segment active_3d { where count(events within 3d) > 0 }
segment stopped_buying {
  where count(events where type == "purchase" between 10d and 3d ago) > 0
    and count(events where type == "purchase" within 3d) == 0
}
segment first_purchase_this_week { where days_since(first(events.ts where type == "purchase")) < 7 }
segment cart_then_buy { where then(events where type == "add_to_cart" within 7d, events where type == "purchase", 36h) }
segment two_to_four_views { where count(events where type == "page_view" within 10d) >= 2 and count(events where type == "page_view" within 10d) <= 4 }
`

// TestBackfillMatchesSingleRun is the property test of the issue: on
// random event streams, a daily backfill and a single run at the last
// instant agree on every trigger- and window-driven segment (triggers
// with their since too).
func TestBackfillMatchesSingleRun(t *testing.T) {
	p := compileSource(t, timePureModule)
	start, end := day("2026-01-01"), day("2026-01-25")
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			evs := randomStream(rand.New(rand.NewPCG(seed, 3)), 25, 26, start.Add(-24*time.Hour))
			daily := openTest(t, timeDB(t, 25, evs))
			once := openTest(t, timeDB(t, 25, evs))
			backfillTest(t, daily, p, start, end, 24*time.Hour)
			runAt(t, once, p, end)
			for _, seg := range []string{"cart_abandoners", "recent_big_buyers", "browsers"} {
				compareRows(t, seg, storedRows(t, daily, `SELECT entity_id, since FROM segc_members WHERE segment = ? ORDER BY entity_id`, seg),
					storedRows(t, once, `SELECT entity_id, since FROM segc_members WHERE segment = ? ORDER BY entity_id`, seg))
			}
			for _, seg := range []string{"active_3d", "stopped_buying", "first_purchase_this_week", "cart_then_buy", "two_to_four_views"} {
				if a, b := memberIDs(t, daily, seg), memberIDs(t, once, seg); a != b {
					t.Errorf("%s: daily backfill [%s], single run [%s]", seg, a, b)
				}
			}
		})
	}
}

func compareRows(t testing.TB, what string, a, b []string) {
	t.Helper()
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("%s differs:\nbackfill: %v\nsingle:   %v", what, a, b)
	}
}

// timeLifecycleModule is a lifecycle with when and on transitions.
const timeLifecycleModule = `
feature frequency = count(events where type == "purchase" within 10d)
feature recency_days = days_since(last(events.ts where type == "purchase"))
lifecycle stage {
  initial new
  new     -> active   when frequency >= 1
  new     -> dormant  when days_since(first_seen) > 40 and frequency == 0
  active  -> lapsed   when recency_days > 5
  lapsed  -> active   on events where type == "purchase"
  dormant -> active   on events where type == "purchase"
}
segment stuck { where stage.new and time_in(stage) > 3d }
`

// TestLifecycleBackfillReproducible: lifecycles depend on their path, so
// a backfill over the same instants on a fresh copy of the database must
// reproduce states, memberships and the change history exactly.
func TestLifecycleBackfillReproducible(t *testing.T) {
	p := compileSource(t, timeLifecycleModule)
	start, end := day("2026-01-01"), day("2026-01-30")
	for seed := uint64(1); seed <= 4; seed++ {
		evs := randomStream(rand.New(rand.NewPCG(seed, 9)), 30, 30, start)
		a := openTest(t, timeDB(t, 30, evs))
		b := openTest(t, timeDB(t, 30, evs))
		backfillTest(t, a, p, start, end, 24*time.Hour)
		backfillTest(t, b, p, start, end.Add(-10*24*time.Hour), 24*time.Hour)
		backfillTest(t, b, p, start, end, 24*time.Hour) // resumed
		for _, q := range []string{
			`SELECT lifecycle, entity_id, state, since FROM segc_states ORDER BY 1, 2`,
			`SELECT segment, entity_id, since FROM segc_members ORDER BY 1, 2`,
			`SELECT run_id, at, segment, coalesce(entity_id, ''), change FROM segc_changes ORDER BY 1, 3, 4, 5`,
		} {
			compareRows(t, fmt.Sprintf("seed %d: %s", seed, q), storedRows(t, a, q), storedRows(t, b, q))
		}
		if n := storedRows(t, a, `SELECT count(DISTINCT state) FROM segc_states`); n[0] == "1" {
			t.Errorf("seed %d: every entity ends in one state; the stream exercises no transition", seed)
		}
	}
}

// TestHistoryShowsBaseline: the first run writes one baseline row per
// segment; `segc history --entity` shows the entity's memberships at that
// run as baseline rows, whether it stayed, left later, or was never in.
func TestHistoryShowsBaseline(t *testing.T) {
	evs := []timeEvent{
		{1, "2026-01-01 10:00:00", "purchase", 5},
		{2, "2026-01-01 10:00:00", "purchase", 5},
		{2, "2026-01-05 10:00:00", "page_view", 0},
	}
	path := timeDB(t, 3, evs)
	db := openTest(t, path)
	p := compileSource(t, `segment buyers { where count(events where type == "purchase" within 3d) > 0 }
segment viewers { where count(events where type == "page_view") > 0 }`)
	runAt(t, db, p, day("2026-01-02"))
	runAt(t, db, p, day("2026-01-06"))
	cases := []struct{ id, want string }{
		// 1 was a buyer at the baseline and left on 01-06.
		{"1", "at segment change\n2026-01-02 00:00:00 buyers baseline\n2026-01-06 00:00:00 buyers exit\n"},
		// 2 also became a viewer on 01-06 (viewers' baseline was empty).
		{"2", "at segment change\n2026-01-02 00:00:00 buyers baseline\n2026-01-06 00:00:00 buyers exit\n2026-01-06 00:00:00 viewers enter\n"},
		{"3", "at segment change\n"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		if err := entityHistory(context.Background(), db, c.id, stdio{out: &out, err: &out}); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(strings.Fields(strings.SplitN(out.String(), "\n\n", 2)[0]), " ")
		if want := strings.Join(strings.Fields(c.want), " "); got != want {
			t.Errorf("entity %s:\n got %s\nwant %s", c.id, got, want)
		}
	}
	// A baseline member that never changed is shown from segc_members.
	runAt(t, db, p, day("2026-01-07"))
	var out bytes.Buffer
	if err := entityHistory(context.Background(), db, "2", stdio{out: &out, err: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "viewers") {
		t.Errorf("entity 2 lost its viewers history:\n%s", out.String())
	}
}

// TestStatesFollowPopulation: an entity that leaves the population loses
// its stored state (and exits its state segment); when it comes back it
// starts again in the initial state. A lifecycle the module no longer
// declares loses all its states.
func TestStatesFollowPopulation(t *testing.T) {
	evs := []timeEvent{{1, "2026-01-01 10:00:00", "purchase", 5}, {2, "2026-01-01 10:00:00", "purchase", 5}}
	path := timeDB(t, 3, evs)
	db := openTest(t, path)
	p := compileSource(t, timeLifecycleModule)
	states := func() string {
		return strings.Join(storedRows(t, db, `SELECT entity_id, state, since FROM segc_states ORDER BY entity_id`), " ")
	}
	runAt(t, db, p, day("2026-01-02"))
	if got, want := states(), "1|active|2026-01-02 00:00:00 2|active|2026-01-02 00:00:00 3|new|2026-01-02 00:00:00"; got != want {
		t.Fatalf("states = %s, want %s", got, want)
	}
	mustExec(t, db, `DELETE FROM customers WHERE customer_id = 2`)
	runAt(t, db, p, day("2026-01-03"))
	if got, want := states(), "1|active|2026-01-02 00:00:00 3|new|2026-01-02 00:00:00"; got != want {
		t.Errorf("after 2 left: states = %s, want %s", got, want)
	}
	if got := storedRows(t, db, `SELECT change FROM segc_changes WHERE entity_id = 2 AND segment = 'stage.active'`); strings.Join(got, " ") != "exit" {
		t.Errorf("2 leaving stage.active wrote %v, want one exit", got)
	}
	mustExec(t, db, `INSERT INTO customers VALUES (2, '2025-12-01 00:00:00')`)
	runAt(t, db, p, day("2026-01-04"))
	if got, want := states(), "1|active|2026-01-02 00:00:00 2|active|2026-01-04 00:00:00 3|new|2026-01-02 00:00:00"; got != want {
		t.Errorf("after 2 came back: states = %s, want %s (it restarts in new and moves on at once)", got, want)
	}
	runAt(t, db, compileSource(t, `segment all { where true }`), day("2026-01-05"))
	if got := states(); got != "" {
		t.Errorf("a removed lifecycle kept its states: %s", got)
	}
}

// behaviouralModule writes each Apache Unomi pastEventCondition and
// PostHog behavioural-cohort condition as segc (spec.md 13.8); P is a
// purchase. Weeks: w0 = within 7d, w1 = between 14d and 7d ago, ...
const behaviouralModule = `
segment performed_7d      { where count(events where type == "purchase" within 7d) > 0 }
segment not_performed_30d { where count(events where type == "purchase" within 30d) == 0 }
segment min_count_30d     { where count(events where type == "purchase" within 30d) >= 2 }
segment count_2_to_4_30d  {
  where count(events where type == "purchase" within 30d) >= 2
    and count(events where type == "purchase" within 30d) <= 4
}
segment first_time_7d     { where days_since(first(events.ts where type == "purchase")) < 7 }
segment stopped           {
  where count(events where type == "purchase" between 30d and 7d ago) > 0
    and count(events where type == "purchase" within 7d) == 0
}
segment started_again     {
  where count(events where type == "purchase" within 7d) > 0
    and count(events where type == "purchase" between 30d and 7d ago) == 0
    and count(events where type == "purchase") > count(events where type == "purchase" within 30d)
}
segment cart_then_purchase { where then(events where type == "add_to_cart" within 30d, events where type == "purchase", 1h) }
segment regular_3_of_4_weeks {
  where min(count(events where type == "purchase" within 7d), 1)
      + min(count(events where type == "purchase" between 14d and 7d ago), 1)
      + min(count(events where type == "purchase" between 21d and 14d ago), 1)
      + min(count(events where type == "purchase" between 28d and 21d ago), 1) >= 3
}
segment lc_new           { where days_since(first(events.ts where type == "purchase")) < 7 }
segment lc_returning     {
  where count(events where type == "purchase" within 7d) > 0
    and count(events where type == "purchase" between 14d and 7d ago) > 0
}
segment lc_resurrecting  {
  where count(events where type == "purchase" within 7d) > 0
    and count(events where type == "purchase" between 14d and 7d ago) == 0
    and count(events where type == "purchase") > count(events where type == "purchase" within 14d)
}
segment lc_dormant       {
  where count(events where type == "purchase" between 14d and 7d ago) > 0
    and count(events where type == "purchase" within 7d) == 0
}
`

// TestBehaviouralCohorts checks each mapping of spec.md 13.8 on a
// hand-built timeline as of 2026-03-01 (w0 = (02-22, 03-01],
// w1 = (02-15, 02-22], w2 = (02-08, 02-15], w3 = (02-01, 02-08]):
//
//	1: P 02-27                       first purchase this week
//	2: P 01-10, 02-20, 02-26         weeks w1 and w0
//	3: P 01-15, 02-28                back after a long pause
//	4: P 01-01, 02-20                w1, not w0
//	5: only a page view
//	6: P 02-10 02-12 02-14 02-16 02-18  five in 30 days, none this week
//	7: cart 02-25 10:00, P 10:20     cart then purchase within 1h
//	8: P 02-05, 02-10, 02-17, 02-24  one purchase in each of 4 weeks
func TestBehaviouralCohorts(t *testing.T) {
	p := func(c int, at string) timeEvent { return timeEvent{c, "2026-" + at + ":00", "purchase", 10} }
	evs := []timeEvent{
		p(1, "02-27 12:00"),
		p(2, "01-10 12:00"), p(2, "02-20 12:00"), p(2, "02-26 12:00"),
		p(3, "01-15 12:00"), p(3, "02-28 12:00"),
		p(4, "01-01 12:00"), p(4, "02-20 12:00"),
		{5, "2026-02-27 12:00:00", "page_view", 0},
		p(6, "02-10 12:00"), p(6, "02-12 12:00"), p(6, "02-14 12:00"), p(6, "02-16 12:00"), p(6, "02-18 12:00"),
		{7, "2026-02-25 10:00:00", "add_to_cart", 0}, p(7, "02-25 10:20"),
		p(8, "02-05 12:00"), p(8, "02-10 12:00"), p(8, "02-17 12:00"), p(8, "02-24 12:00"),
	}
	db := openTest(t, timeDB(t, 8, evs))
	runAt(t, db, compileSource(t, behaviouralModule), day("2026-03-01"))
	want := map[string]string{
		"performed_7d":         "1 2 3 7 8",
		"not_performed_30d":    "5",
		"min_count_30d":        "2 6 8",
		"count_2_to_4_30d":     "2 8",
		"first_time_7d":        "1 7",
		"stopped":              "4 6",
		"started_again":        "3",
		"cart_then_purchase":   "7",
		"regular_3_of_4_weeks": "8",
		"lc_new":               "1 7",
		"lc_returning":         "2 8",
		"lc_resurrecting":      "3",
		"lc_dormant":           "4 6",
	}
	for seg, w := range want {
		if got := memberIDs(t, db, seg); got != w {
			t.Errorf("%s = [%s], want [%s]", seg, got, w)
		}
	}
}

// TestTriggerSinceBeyondHorizon: the event pass reads a trigger's events
// of the last 2 * (wait + for) only (runtime/trigger.go); a member whose merged interval
// starts earlier is recomputed from a longer history, so since stays the
// start of the whole chain.
func TestTriggerSinceBeyondHorizon(t *testing.T) {
	var evs []timeEvent
	big := func(c int, from, to time.Time) {
		for at := from; !at.After(to); at = at.Add(4 * 24 * time.Hour) {
			evs = append(evs, timeEvent{c, at.Format(time.DateTime), "purchase", 300})
		}
	}
	big(1, day("2025-10-01 10:00:00"), day("2026-03-01 00:00:00")) // a chain of five months
	big(2, day("2026-01-01 10:00:00"), day("2026-01-21 10:00:00")) // a chain, a gap, then a new one
	big(2, day("2026-02-20 10:00:00"), day("2026-02-28 10:00:00"))
	evs = append(evs, timeEvent{3, "2026-02-27 10:00:00", "purchase", 300})
	evs = append(evs, timeEvent{4, "2026-02-20 10:00:00", "purchase", 300}) // ended 02-25
	db := openTest(t, timeDB(t, 4, evs))
	p := compileSource(t, `trigger big_order {
  on events where type == "purchase" and amount > 200
  enter big_buyers for 5d
}`)
	runAt(t, db, p, day("2026-03-01 12:00:00"))
	got := strings.Join(storedRows(t, db, `SELECT entity_id, since FROM segc_members WHERE segment = 'big_buyers' ORDER BY entity_id`), " ")
	want := "1|2025-10-01 10:00:00 2|2026-02-20 10:00:00 3|2026-02-27 10:00:00"
	if got != want {
		t.Errorf("big_buyers = %s\nwant %s", got, want)
	}
}
