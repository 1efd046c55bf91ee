package serve

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

// pruneSeg adds a second event log (visits) and segments that read the
// entity row alone (fr, fr.opted, de), one log (fr.browsing, buyers_5d,
// de_buyers), both (both, bouncers), and the instant through
// hours_since (lapsed), nested ones included, so that an event of one
// log leaves most segments out of its entity's evaluation.
const pruneSeg = `events visits key customer_id time ts id visit_id {
  page string
}
feature views_1d = count(visits within 1d)
feature buys_5d = count(orders where type == "purchase" within 5d)
feature last_visit = last(visits.ts)
segment fr { where country == "FR" }
segment fr.opted { where email_opt_in }
segment fr.browsing { where views_1d >= 2 }
segment de { where country == "DE" }
segment buyers_5d { where buys_5d > 0 }
segment de_buyers { where de and buys_5d > 0 }
segment lapsed { where hours_since(last_visit) > 6 }
segment both { where buyers_5d and views_1d > 0 }
trigger bounce {
  on visits where page == "cart"
  wait 1h unless orders where type == "purchase"
  enter bouncers for 1d
}
`

// pruneSQL is the shop database plus the visits log, indexed by key.
const pruneSQL = fixtureSQL + `CREATE TABLE visits(visit_id TEXT, customer_id INTEGER, ts TEXT, page TEXT);
CREATE INDEX visits_key ON visits(customer_id, ts);
`

// TestPruneEquivalence feeds random events, each batch to one of two
// logs, through serve while the clock moves by seconds to days, and
// checks after each batch, at the clock's instant and again after the
// clock moved, that every served segment but the percentile one equals
// a batch evaluation at that instant: the per-entity evaluations of
// accepted events recompute only the steps their logs (and, when due,
// the instant) can change, and keep the served membership of the rest.
// It also checks that pruned evaluations happened.
func TestPruneEquivalence(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			f := newClockFixture(t, &clock, "prune.seg", pruneSeg, pruneSQL)
			rng := rand.New(rand.NewPCG(seed, 41))
			for step := range 14 {
				now := time.Unix(clock.Load(), 0).UTC()
				if rng.IntN(2) == 0 {
					f.postLog("orders", foldEvents(rng, step, now)...)
				} else {
					f.postLog("visits", visitEvents(rng, step, now)...)
				}
				f.settle()
				f.sameAsBatch(step, now)
				clock.Add(int64(1 + rng.IntN([]int{10, 3600, 20 * 3600}[rng.IntN(3)])))
				f.sameAsBatch(step, time.Unix(clock.Load(), 0).UTC())
			}
			if n := f.srv.rt.prunedEntities.Load(); n == 0 {
				t.Errorf("no entity was evaluated with pruned steps")
			}
		})
	}
}

// TestPruneEquivalenceEventsOnly is TestPruneEquivalence with the
// scheduler idle (it ticks every hour) and, at each step, an event for
// every customer, so that every entity is evaluated at the clock's
// instant by the evaluation its events cause alone: what a pruned
// evaluation leaves out must be exactly what it keeps, whether the
// entity is due (time moved past its Next) or not.
func TestPruneEquivalenceEventsOnly(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			f := newTickFixture(t, &clock, "prune.seg", pruneSeg, pruneSQL, time.Hour)
			rng := rand.New(rand.NewPCG(seed, 43))
			for step := range 14 {
				clock.Add(int64(1 + rng.IntN([]int{10, 3600, 20 * 3600}[rng.IntN(3)])))
				now := time.Unix(clock.Load(), 0).UTC()
				log, evs := "orders", foldEvents(rng, step, now)
				if rng.IntN(2) == 0 {
					log, evs = "visits", visitEvents(rng, step, now)
				}
				for i := range evs {
					evs[i]["customer_id"] = 1 + i%7
				}
				for len(evs) < 7 {
					e := map[string]any{}
					for k, v := range evs[0] {
						e[k] = v
					}
					e["customer_id"] = 1 + len(evs)
					e[map[string]string{"orders": "order_id", "visits": "visit_id"}[log]] = fmt.Sprintf("x%d-%d", step, len(evs))
					evs = append(evs, e)
				}
				f.postLog(log, evs...)
				f.settle()
				f.sameAsBatch(step, now)
			}
			if n := f.srv.rt.prunedEntities.Load(); n == 0 {
				t.Errorf("no entity was evaluated with pruned steps")
			}
		})
	}
}

// sameAsBatch waits (up to 10 s, for the scheduler) until the served
// segments but top_spenders equal a batch evaluation at at.
func (f *fixture) sameAsBatch(step int, at time.Time) {
	f.t.Helper()
	var served, batch map[string][]string
	same := func() bool {
		served, batch = f.servedMembers(), batchMembersAt(f.t, f, at)
		delete(served, "top_spenders")
		delete(batch, "top_spenders")
		return fmt.Sprint(served) == fmt.Sprint(batch)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !same() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !same() {
		f.t.Fatalf("step %d at %s:\nserved %v\nbatch  %v", step, at, served, batch)
	}
}

// visitEvents makes page visits for customers 1..7, most in the minute
// before now, some late (up to 2 days back) and some a little after now.
func visitEvents(rng *rand.Rand, step int, now time.Time) []map[string]any {
	var evs []map[string]any
	for i := range 1 + rng.IntN(6) {
		at := randomEventTime(rng, now, 2*24*time.Hour)
		evs = append(evs, map[string]any{"visit_id": fmt.Sprintf("v%d-%d", step, i), "customer_id": 1 + rng.IntN(7),
			"ts": at.Format(time.RFC3339), "page": []string{"home", "cart", "product"}[rng.IntN(3)]})
	}
	return evs
}

// postLog posts events to the named log and fails the test unless they
// are accepted.
func (f *fixture) postLog(log string, events ...map[string]any) {
	f.t.Helper()
	if code, body := f.do("POST", "/v1/events", testToken, map[string]any{"log": log, "events": events}); code != 200 {
		f.t.Fatalf("POST /v1/events (%s) = %d: %v", log, code, body)
	}
}

// pruneLifeSeg adds to pruneSeg a lifecycle over visits alone, beside
// lifeSeg's stage over orders: an order leaves it out of its entity's
// evaluation, and a visit leaves stage out.
const pruneLifeSeg = pruneSeg + `lifecycle engagement {
  initial cold
  cold -> warm when views_1d >= 1
  warm -> hot  when views_1d >= 3
  warm -> cold when hours_since(last_visit) > 12
  hot  -> warm on visits where page == "home"
}
segment warm_fr { where engagement.warm and fr }
`

// TestLifecycleEquivalencePruned is TestLifecycleEquivalence on a module
// with two logs and two lifecycles, one over each, with events posted to
// one log or the other: after every evaluation serve made, each
// entity's served memberships (lifecycle states with since included)
// equal a backfill over exactly the instants serve evaluated it at,
// although an event's evaluation steps only the lifecycles and segments
// its log (and, when due, the instant) can change.
func TestLifecycleEquivalencePruned(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			log := &evalLog{}
			f := newLifeFixtureWith(t, &clock, log, pruneLifeSeg, pruneSQL)
			rng := rand.New(rand.NewPCG(seed, 29))
			for step := range 12 {
				now := time.Unix(clock.Load(), 0)
				if rng.IntN(2) == 0 {
					f.postLog("orders", futureEvents(rng, step, now)...)
				} else {
					f.postLog("visits", futureVisits(rng, step, now)...)
				}
				f.settle()
				clock.Add(int64(1 + rng.IntN(20*3600)))
				waitScheduler(f, clock.Load())
			}
			checkReplay(t, f, log)
			if n := f.srv.rt.prunedEntities.Load(); n == 0 {
				t.Errorf("no entity was evaluated with pruned steps")
			}
		})
	}
}

// futureVisits makes visits of customers 1..6 dated in the 10 minutes
// after now.
func futureVisits(rng *rand.Rand, step int, now time.Time) []map[string]any {
	evs := visitEvents(rng, step, now)
	for _, e := range evs {
		e["ts"] = now.Add(time.Duration(1+rng.IntN(600)) * time.Second).UTC().Format(time.RFC3339)
		e["customer_id"] = 1 + rng.IntN(6)
	}
	return evs
}

// TestPruneGroups checks how the keys of accepted events are split: an
// entity outside the population and not evaluated since the full
// evaluation, or with events of a log the served plan does not have,
// takes every step; one whose Next is known and after now its logs'
// steps; one due or not yet evaluated one by one those and the as-of
// ones; and after a failed evaluation every entity takes every step.
func TestPruneGroups(t *testing.T) {
	var clock atomic.Int64
	f := newTickFixture(t, &clock, "prune.seg", pruneSeg, pruneSQL, time.Hour)
	s, now := f.srv, clock.Load()
	p := s.State().Plan
	orders := -1
	for _, l := range p.Logs {
		if l.Name == "orders" {
			orders = l.Index
		}
	}
	s.rt.nextKnown[int64(2)] = now + 60
	s.rt.nextKnown[int64(3)] = now
	keys := []any{int64(1), int64(2), int64(3), int64(4), int64(7)}
	logs := map[any]logMask{}
	for _, k := range keys {
		logs[k] = maskOf(orders)
	}
	logs[int64(4)] = allLogs
	got := map[string]string{}
	for _, g := range s.pruneGroups(keys, nil, logs) {
		class := "every step"
		switch {
		case g.dirty != nil && g.keep && fmt.Sprint(g.dirty) == fmt.Sprint(s.rt.deps.Dirty([]int{orders}, false)):
			class = "its logs"
		case g.dirty != nil && !g.keep && fmt.Sprint(g.dirty) == fmt.Sprint(s.rt.deps.Dirty([]int{orders}, true)):
			class = "its logs and as-of"
		case g.dirty != nil:
			class = fmt.Sprint("unexpected ", g.dirty, g.keep)
		}
		got[class] = fmt.Sprint(g.keys)
	}
	want := map[string]string{"every step": "[4 7]", "its logs": "[2]", "its logs and as-of": "[1 3]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	s.rt.noPrune = true
	if gs := s.pruneGroups(keys, nil, logs); len(gs) != 1 || gs[0].dirty != nil {
		t.Errorf("after a failed evaluation: %d groups, want one with every step", len(gs))
	}
}
