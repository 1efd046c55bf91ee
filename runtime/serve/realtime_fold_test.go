package serve

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

// foldSeg adds segments over foldable aggregates only (no
// count_distinct on orders): tailed windows (2d, 3d), windows longer
// than a tail (30d in the base module, 10d here), a `between` window,
// unbounded avg, min and first/last, a sequence and a trigger.
const foldSeg = `feature views_2d = count(orders where type == "view" within 2d)
feature big_3d = max(orders.amount within 3d)
feature buys_10d = count(orders where type == "purchase" within 10d)
feature old_views = count(orders where type == "view" between 4d and 1d ago)
feature avg_amount = avg(orders.amount)
feature low = min(orders.amount where type == "purchase")
feature first_amount = first(orders.amount)
feature last_type = last(orders.type within 1d)
segment recent_viewers { where views_2d > 0 }
segment big_recent { where big_3d > 100 }
segment repeat_buyers { where buys_10d >= 2 }
segment returning { where old_views > 0 and views_2d == 0 }
segment generous { where avg_amount > 60 or low > 50 }
segment started_big { where first_amount > 100 and last_type == "view" }
segment view_then_buy { where then(orders where type == "view" within 3d, orders where type == "purchase", 6h) }
trigger cart {
  on orders where type == "cart"
  wait 1h unless orders where type == "purchase"
  enter abandoners for 2d
  exit on orders where type == "purchase"
}
`

// quietSeg reads purchases and carts only: a view changes no aggregate,
// so its entity's evaluation is skipped (skipQuiet).
const quietSeg = `feature buys_10d = count(orders where type == "purchase" within 10d)
feature big_buy_3d = max(orders.amount where type == "purchase" within 3d)
feature carts_2d = count(orders where type == "cart" within 2d)
feature cart_value = sum(orders.amount where type == "cart")
segment repeat_buyers { where buys_10d >= 2 }
segment big_recent { where big_buy_3d > 100 }
segment carting { where carts_2d > 0 and buys_10d == 0 }
segment cart_heavy { where cart_value > 150 }
`

// newFoldFixture is newTimeFixture with seg instead of timeSeg.
func newFoldFixture(t *testing.T, clock *atomic.Int64, seg string) *fixture {
	return newClockFixture(t, clock, "fold.seg", seg, fixtureSQL)
}

// TestFoldEquivalence feeds random streams of in-order, late and
// future-dated events through serve, whose per-entity evaluations fold
// new events into kept aggregate state, while the clock moves by seconds
// to days, and checks at each instant that every served segment but the
// percentile one equals a batch evaluation at that instant once the
// scheduler caught up. It also checks that rows were folded and that
// not every evaluated entity was re-read.
func TestFoldEquivalence(t *testing.T) {
	for _, module := range []struct{ name, seg string }{{"fold", foldSeg}, {"quiet", quietSeg}} {
		for seed := range uint64(3) {
			t.Run(fmt.Sprint(module.name, seed), func(t *testing.T) {
				var clock atomic.Int64
				f := newFoldFixture(t, &clock, module.seg)
				checkFoldEquivalence(t, f, &clock, rand.New(rand.NewPCG(seed, 23)))
				rt := f.srv.rt
				if rows, reread := rt.foldedRows.Load(), rt.rereadEntities.Load(); rows == 0 || reread == 0 {
					t.Errorf("the fold folded %d rows and re-read %d entities: it was not exercised", rows, reread)
				}
				// foldSeg reads every event type, but a late view that
				// falls in no window and has no amount can still leave
				// its entity quiet, depending on how evaluations batch.
				if quiet := rt.quietEntities.Load(); module.seg == quietSeg && quiet == 0 {
					t.Errorf("no entity was skipped as quiet")
				}
			})
		}
	}
}

// checkFoldEquivalence posts random events in 12 steps while the clock
// moves, and checks after each that the served segments but top_spenders
// equal a batch evaluation at the clock's instant.
func checkFoldEquivalence(t *testing.T, f *fixture, clock *atomic.Int64, rng *rand.Rand) {
	for step := range 12 {
		now := time.Unix(clock.Load(), 0).UTC()
		f.postOK(foldEvents(rng, step, now)...)
		f.settle()
		clock.Add(int64(1 + rng.IntN([]int{10, 3600, 40 * 3600}[rng.IntN(3)])))
		at := time.Unix(clock.Load(), 0).UTC()
		f.sameAsBatch(step, at)
	}
}

// randomEventTime dates an event: mostly in the minute before now, one in
// five late (up to lateBy back) and one in five up to an hour after now.
func randomEventTime(rng *rand.Rand, now time.Time, lateBy time.Duration) time.Time {
	switch rng.IntN(5) {
	case 0:
		return now.Add(-time.Duration(rng.Int64N(int64(lateBy/time.Second))) * time.Second)
	case 1:
		return now.Add(time.Duration(1+rng.IntN(3600)) * time.Second)
	}
	return now.Add(-time.Duration(rng.IntN(60)) * time.Second)
}

// foldEvents makes views, carts and purchases for customers 1..7: most
// dated in the minute before now, some late (up to 5 days back) and some
// a little after now.
func foldEvents(rng *rand.Rand, step int, now time.Time) []map[string]any {
	var evs []map[string]any
	for i := range 1 + rng.IntN(8) {
		at := randomEventTime(rng, now, 5*24*time.Hour)
		typ, amount := []string{"view", "cart", "purchase"}[rng.IntN(3)], any(nil)
		if typ != "view" {
			amount = float64(1 + rng.IntN(200))
		}
		evs = append(evs, event(fmt.Sprintf("f%d-%d", step, i), 1+rng.IntN(7), at.Format(time.RFC3339), typ, amount))
	}
	return evs
}
