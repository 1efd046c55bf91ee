package serve

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
)

// TestLifecycleLateEvents is TestLifecycleEquivalence with late events:
// besides events dated after the clock, each step posts some dated up to
// 30 hours before it, often before instants at which serve already
// evaluated their entity. Such an event makes serve replay the entity's
// lifecycles from the event's instant (Config.OnReplayed reports the
// instants it stepped at: the late event's, then each Next, up to now).
// At the end, each entity's lifecycle states
// (served, with since, and stored in segc_states) and the names of its
// other served segments must equal those of a backfill (batch.Run) on
// the final data over the instants its path rests on: the instants of
// its evaluations, where each replay from t replaced those at or after t
// by its own. So must, right after each step's events are evaluated,
// those of the entities that step's late events were for, on the data
// stored then.
func TestLifecycleLateEvents(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			log := &evalLog{}
			f := newLifeFixture(t, &clock, log)
			runLateSteps(t, f, &clock, log, rand.New(rand.NewPCG(seed, 41)), 12)
		})
	}
}

// TestLifecycleLateAfterOutsideRuns is TestLifecycleLateEvents on a
// database that batch runs evaluated before serve started (segc run while
// serve is down): serve's first evaluation adds the states they entered
// to segc_state_path, so that a late event dated after them but before a
// later transition restores them.
func TestLifecycleLateAfterOutsideRuns(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			log := &evalLog{}
			f := newLifeFixture(t, &clock, log, asOf.Add(-70*time.Hour), asOf.Add(-50*time.Hour), asOf.Add(-26*time.Hour), asOf.Add(-3*time.Hour))
			runLateSteps(t, f, &clock, log, rand.New(rand.NewPCG(seed, 43)), 6)
		})
	}
}

// TestLateEventRestoresOutsideStates: batch runs before serve starts make
// customer 4 active on 06-29 10:00 (its purchase); serve lapses it at
// 07-01 00:00 (1.5 days without a purchase). A purchase dated 06-30
// 20:00 then arrives: replayed from the state the batch runs entered,
// the customer has two purchases in 2 days and 34 hours in active, so it
// is loyal from 20:00, which is also what a backfill over its instants
// gives. Restored from nothing, it would be new, then only active.
func TestLateEventRestoresOutsideStates(t *testing.T) {
	var clock atomic.Int64
	log := &evalLog{}
	f := newLifeFixture(t, &clock, log, asOf.Add(-70*time.Hour), asOf.Add(-26*time.Hour), asOf.Add(-3*time.Hour))
	clock.Store(asOf.Add(12 * time.Hour).Unix())
	waitScheduler(f, clock.Load())
	if got := servedOf(f.srv.State(), 4); !strings.Contains(got, "stage.lapsed@2026-07-01 00:00:00") {
		t.Fatalf("before the late event, customer 4 is %s, want lapsed since 07-01 00:00", got)
	}
	f.postOK(event("late-4", 4, "2026-06-30 20:00:00", "purchase", 30.0))
	f.settle()
	if got := servedOf(f.srv.State(), 4); !strings.Contains(got, "stage.loyal@2026-06-30 20:00:00") {
		t.Errorf("after the late purchase, customer 4 is %s, want loyal since 06-30 20:00", got)
	}
	checkTimelines(t, f, log, map[int64]bool{4: true})
}

// runLateSteps posts timely and late events for steps steps while the
// clock moves (a recompute at step 6), checks after each step the
// entities of its late events, and every entity at the end.
func runLateSteps(t *testing.T, f *fixture, clock *atomic.Int64, log *evalLog, rng *rand.Rand, steps int) {
	for step := range steps {
		now := time.Unix(clock.Load(), 0)
		late := lateEvents(rng, step, now)
		f.postOK(append(futureEvents(rng, step, now), late...)...)
		f.settle()
		checkTimelines(t, f, log, customersOf(late))
		if step == 6 {
			must(t, f.srv.Recompute(t.Context()))
		}
		clock.Add(int64(1 + rng.IntN(20*3600)))
		waitScheduler(f, clock.Load())
	}
	if log.badReplay != "" {
		t.Fatal(log.badReplay)
	}
	if log.replays == 0 {
		t.Fatal("no late event replayed a lifecycle: the test does not test replays")
	}
	t.Logf("%d replays", log.replays)
	checkTimelines(t, f, log, nil)
}

// lateEvents makes views, carts and purchases of customers 1..6 dated in
// the 30 hours before now.
func lateEvents(rng *rand.Rand, step int, now time.Time) []map[string]any {
	var evs []map[string]any
	for i := range rng.IntN(4) {
		at := now.Add(-time.Duration(1+rng.IntN(30*3600)) * time.Second)
		typ, amount := []string{"view", "cart", "purchase"}[rng.IntN(3)], any(nil)
		if typ == "purchase" {
			amount = float64(1 + rng.IntN(200))
		}
		evs = append(evs, event(fmt.Sprintf("l%d-%d", step, i), 1+rng.IntN(6), at.Format(time.RFC3339), typ, amount))
	}
	return evs
}

// checkTimelines backfills each entity of keys (nil: every entity) over
// its timeline on the data stored now and compares its states and
// memberships with those serve holds now.
func checkTimelines(t *testing.T, f *fixture, log *evalLog, keys map[int64]bool) {
	t.Helper()
	stored := storedStates(t, f.dbPath)
	served := f.srv.State()
	log.mu.Lock()
	timeline := maps.Clone(log.timeline)
	log.mu.Unlock()
	for key, instants := range timeline {
		if keys != nil && !keys[key] {
			continue
		}
		db := replayDB(t, f.dbPath)
		for _, at := range instants {
			_, _, err := batch.Run(context.Background(), db.DB, served.Plan, builtins.Default(), batch.Options{AsOf: at})
			must(t, err)
		}
		got, want := lifecycleView(servedOf(served, key)), lifecycleView(replayedOf(t, db, key))
		if got != want {
			t.Errorf("entity %d:\nserved   %s\nbackfill %s\ninstants %s", key, got, want, timesText(instants))
		}
		if b := storedStates(t, db.path)[key]; b != stored[key] {
			t.Errorf("entity %d: serve stored %q, the backfill %q\ninstants %s", key, stored[key], b, timesText(instants))
		}
		db.Close()
	}
}

// lifecycleView keeps the since of lifecycle state segments only (a
// replay corrects a state's since; other segments entered at the
// evaluation that recorded them). members is servedOf's spelling:
// "segment@YYYY-MM-DD HH:MM:SS", space-separated.
func lifecycleView(members string) string {
	var out []string
	fields := strings.Fields(members)
	for i := 0; i < len(fields); i += 2 {
		name, day, _ := strings.Cut(fields[i], "@")
		if strings.HasPrefix(name, "stage.") && i+1 < len(fields) {
			name += "@" + day + " " + fields[i+1]
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// customersOf returns the customers of events.
func customersOf(evs []map[string]any) map[int64]bool {
	out := map[int64]bool{}
	for _, e := range evs {
		out[int64(e["customer_id"].(int))] = true
	}
	return out
}

func timesText(ts []time.Time) string {
	var out []string
	for _, at := range ts {
		out = append(out, at.Format("01-02 15:04:05"))
	}
	return strings.Join(out, ", ")
}
