package serve

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/serve/reload"
	"github.com/segc/segc/runtime/store"
)

// lifeSeg adds a lifecycle whose transitions use when guards with
// time_in, days_since and hours_since and on EVENTS, and segments that
// read it and days_since, to the test module.
const lifeSeg = `feature purchases_2d = count(orders where type == "purchase" within 2d)
feature last_purchase = last(orders.ts where type == "purchase")
feature last_view = last(orders.ts where type == "view")

lifecycle stage {
  initial new
  new      -> active   when purchases_2d >= 1
  new      -> browsing on orders where type == "view"
  browsing -> new      when time_in(stage) > 1d
  browsing -> active   on orders where type == "purchase"
  active   -> loyal    when purchases_2d >= 2 and time_in(stage) > 6h
  active   -> lapsed   when days_since(last_purchase) > 1.5
  loyal    -> lapsed   when hours_since(last_purchase) >= 40
  lapsed   -> active   on orders where type == "purchase"
}

segment recently_viewed { where days_since(last_view) <= 1.25 }
segment stuck_browsing { where stage.browsing and time_in(stage) > 8h }
`

// evalRecord is one evaluation serve reported: its as-of and, for each
// evaluated entity, its served memberships afterwards.
type evalRecord struct {
	asOf    time.Time
	members map[int64]string
}

// evalLog collects serve's evaluations (Config.OnEvaluated) and
// lifecycle replays (Config.OnReplayed).
type evalLog struct {
	mu      sync.Mutex
	records []evalRecord
	// timeline is, per entity, the instants its lifecycle path now rests
	// on: each evaluation appends its as-of; a replay from t keeps those
	// before t and appends the replay's instants.
	timeline map[int64][]time.Time
	replays  int
	// badReplay says how a replay's instants were not the documented
	// ones: the late event's instant first, then ascending.
	badReplay string
}

func (l *evalLog) add(asOf time.Time, keys store.Keys, st *api.State) {
	rec := evalRecord{asOf: asOf, members: map[int64]string{}}
	for _, k := range keys.Ints {
		rec.members[k] = servedOf(st, k)
	}
	l.mu.Lock()
	l.records = append(l.records, rec)
	if l.timeline == nil {
		l.timeline = map[int64][]time.Time{}
	}
	for _, k := range keys.Ints {
		l.timeline[k] = append(l.timeline[k], asOf)
	}
	l.mu.Unlock()
}

// replayed records a late event's replay of key's lifecycles.
func (l *evalLog) replayed(key any, from time.Time, instants []time.Time) {
	k := key.(int64)
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := slices.DeleteFunc(l.timeline[k], func(at time.Time) bool { return !at.Before(from) })
	l.timeline[k] = append(kept, instants...)
	l.replays++
	if len(instants) == 0 || !instants[0].Equal(from) || !slices.IsSortedFunc(instants, time.Time.Compare) {
		l.badReplay = fmt.Sprintf("entity %d: a replay from %s stepped at %s", k, from.Format(time.DateTime), timesText(instants))
	}
}

// instants returns, per entity, the evaluations that included it, in
// the order serve ran them.
func (l *evalLog) instants() map[int64][]evalRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int64][]evalRecord{}
	for _, r := range l.records {
		for k := range r.members {
			out[k] = append(out[k], r)
		}
	}
	return out
}

// servedOf spells an entity's served memberships (percentile segments
// left out: serve takes their thresholds from the latest full pass),
// with since.
func servedOf(st *api.State, key int64) string {
	ms, _ := st.Members.Lookup(key)
	var out []string
	for _, m := range ms {
		if m.Segment != "top_spenders" {
			out = append(out, m.Segment+"@"+m.Since)
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// newLifeFixture is newTimeFixture with lifeSeg, recording every
// evaluation in log. Batch runs at the outside instants (before asOf)
// evaluate the database before serve starts, as segc run would while
// serve is down; log's timeline starts with them.
func newLifeFixture(t *testing.T, clock *atomic.Int64, log *evalLog, outside ...time.Time) *fixture {
	return newLifeFixtureWith(t, clock, log, "", fixtureSQL, outside...)
}

// newLifeFixtureWith is newLifeFixture with one more module file (extra,
// when not empty) and the database built from shopSQL.
func newLifeFixtureWith(t *testing.T, clock *atomic.Int64, log *evalLog, extra, shopSQL string, outside ...time.Time) *fixture {
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	f.write("time.seg", timeSeg)
	f.write("life.seg", lifeSeg)
	if extra != "" {
		f.write("extra.seg", extra)
	}
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(shopSQL + `CREATE INDEX orders_key ON orders(customer_id, ts);`)
	must(t, err)
	runOutside(t, f, db, log, outside)
	db.Close()
	clock.Store(asOf.Unix())
	return f.start(func(c *Config) {
		c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		c.TimeTick = 5 * time.Millisecond
		c.OnEvaluated = log.add
		c.OnReplayed = log.replayed
	})
}

// runOutside runs the module in batch at each instant of outside and
// starts every entity's timeline in log with them.
func runOutside(t *testing.T, f *fixture, db *sql.DB, log *evalLog, outside []time.Time) {
	if len(outside) == 0 {
		return
	}
	c := reload.Module{Paths: []string{f.dir}}.Compile()
	if c.Failed() {
		t.Fatal(c.Summary())
	}
	log.timeline = map[int64][]time.Time{}
	for _, at := range outside {
		_, _, err := batch.Run(context.Background(), db, c.Plan, builtins.Default(), batch.Options{AsOf: at})
		must(t, err)
		for k := range int64(6) {
			log.timeline[k+1] = append(log.timeline[k+1], at)
		}
	}
}

// TestLifecycleEquivalence feeds random event streams through serve while
// the clock moves, records the instants at which serve evaluated each
// entity (full passes, event-driven and scheduled per-entity
// evaluations), and replays, per entity, a backfill over exactly those
// instants with the batch runtime (batch.Run, as segc backfill does) on
// the final data. After every one of serve's evaluations, the entity's
// served memberships (lifecycle states, days_since, window, trigger and
// rule segments, with since) must equal the replay's after the same
// step, and its stored segc_states row the replay's at the end.
//
// Every event is dated after every instant serve has evaluated at when it
// is posted (in the 10 minutes after the clock), so the final data shows
// each instant what serve saw then and no replay happens. Late events,
// which replay a lifecycle and so change the instants its path rests on,
// are TestLifecycleLateEvents's.
func TestLifecycleEquivalence(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			log := &evalLog{}
			f := newLifeFixture(t, &clock, log)
			rng := rand.New(rand.NewPCG(seed, 23))
			for step := range 12 {
				f.postOK(futureEvents(rng, step, time.Unix(clock.Load(), 0))...)
				f.settle()
				if step == 6 {
					must(t, f.srv.Recompute(t.Context()))
				}
				clock.Add(int64(1 + rng.IntN(20*3600)))
				waitScheduler(f, clock.Load())
			}
			checkReplay(t, f, log)
		})
	}
}

// futureEvents makes views, carts and purchases of customers 1..6 dated
// in the 10 minutes after now.
func futureEvents(rng *rand.Rand, step int, now time.Time) []map[string]any {
	var evs []map[string]any
	for i := range 1 + rng.IntN(6) {
		at := now.Add(time.Duration(1+rng.IntN(600)) * time.Second)
		typ, amount := []string{"view", "cart", "purchase"}[rng.IntN(3)], any(nil)
		if typ == "purchase" {
			amount = float64(1 + rng.IntN(200))
		}
		evs = append(evs, event(fmt.Sprintf("f%d-%d", step, i), 1+rng.IntN(6), at.Format(time.RFC3339), typ, amount))
	}
	return evs
}

// waitScheduler waits until no scheduled re-evaluation is due at now and
// the sweep is done, so that the next step starts from a settled state.
func waitScheduler(f *fixture, now int64) {
	f.t.Helper()
	f.waitFor("the scheduler to catch up", func() bool {
		return f.srv.schedulerCaughtUp(now)
	})
}

// checkReplay replays each entity's instants and compares.
func checkReplay(t *testing.T, f *fixture, log *evalLog) {
	stored := storedStates(t, f.dbPath)
	for key, recs := range log.instants() {
		db := replayDB(t, f.dbPath)
		for n, rec := range recs {
			_, _, err := batch.Run(context.Background(), db.DB, f.srv.State().Plan, builtins.Default(), batch.Options{AsOf: rec.asOf})
			must(t, err)
			if got := replayedOf(t, db, key); got != rec.members[key] {
				t.Fatalf("entity %d, evaluation %d of %d at %s:\nserved   %s\nbackfill %s\ninstants %s",
					key, n+1, len(recs), rec.asOf.Format(time.DateTime), rec.members[key], got, instantsText(recs))
			}
		}
		if got := storedStates(t, db.path)[key]; got != stored[key] {
			t.Errorf("entity %d: serve stored %q, the backfill %q", key, stored[key], got)
		}
		db.Close()
	}
}

// replay is a scratch database for one entity's backfill.
type replay struct {
	*sql.DB
	path string
}

// replayDB copies the final customers and orders of the served database
// into a fresh one (no segc tables: the backfill starts from nothing).
func replayDB(t *testing.T, from string) replay {
	path := filepath.Join(t.TempDir(), "replay.db")
	db, err := sql.Open("sqlite3", path)
	must(t, err)
	_, err = db.Exec(`ATTACH DATABASE ? AS src;
		CREATE TABLE customers AS SELECT * FROM src.customers;
		CREATE TABLE orders AS SELECT * FROM src.orders;`, "file:"+from+"?mode=ro")
	must(t, err)
	var visits int
	must(t, db.QueryRow(`SELECT count(*) FROM src.sqlite_master WHERE name = 'visits'`).Scan(&visits))
	if visits > 0 {
		_, err = db.Exec(`CREATE TABLE visits AS SELECT * FROM src.visits`)
		must(t, err)
	}
	_, err = db.Exec(`DETACH DATABASE src`)
	must(t, err)
	return replay{DB: db, path: path}
}

// replayedOf spells an entity's stored memberships in the replay, as
// servedOf does.
func replayedOf(t *testing.T, db replay, key int64) string {
	rows, err := db.Query(`SELECT segment, since FROM segc_members WHERE entity_id = ? AND segment != 'top_spenders'`, key)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var seg, since string
		must(t, rows.Scan(&seg, &since))
		out = append(out, seg+"@"+since)
	}
	must(t, rows.Err())
	slices.Sort(out)
	return strings.Join(out, " ")
}

// storedStates reads segc_states: "lifecycle state since" by entity.
func storedStates(t *testing.T, path string) map[int64]string {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	must(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT entity_id, lifecycle, state, since FROM segc_states`)
	must(t, err)
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var key int64
		var l, s, since string
		must(t, rows.Scan(&key, &l, &s, &since))
		out[key] = l + " " + s + " " + since
	}
	must(t, rows.Err())
	return out
}

func instantsText(recs []evalRecord) string {
	var out []string
	for _, r := range recs {
		out = append(out, r.asOf.Format("01-02 15:04:05"))
	}
	return strings.Join(out, ", ")
}
