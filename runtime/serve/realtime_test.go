package serve

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// timeSeg adds window and trigger segments to the test module.
const timeSeg = `feature views_2d = count(orders where type == "view" within 2d)
segment recent_viewers { where views_2d > 0 }
trigger cart {
  on orders where type == "cart"
  wait 1h unless orders where type == "purchase"
  enter abandoners for 2d
  exit on orders where type == "purchase"
}
`

// newTimeFixture is newFixture with timeSeg and a clock the test moves
// (Unix seconds), the scheduler ticking every 5ms.
func newTimeFixture(t *testing.T, clock *atomic.Int64) *fixture {
	return newClockFixture(t, clock, "time.seg", timeSeg, fixtureSQL)
}

// newClockFixture writes the shop module plus one more file (name, seg),
// builds the database from shopSQL (an orders table indexed by key) and
// starts a server on a clock the test moves (Unix seconds), the
// scheduler ticking every 5ms.
func newClockFixture(t *testing.T, clock *atomic.Int64, name, seg, shopSQL string) *fixture {
	return newTickFixture(t, clock, name, seg, shopSQL, 5*time.Millisecond)
}

// newTickFixture is newClockFixture with the scheduler ticking every
// tick.
func newTickFixture(t *testing.T, clock *atomic.Int64, name, seg, shopSQL string, tick time.Duration) *fixture {
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	f.write(name, seg)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	_, err = db.Exec(shopSQL + `CREATE INDEX orders_key ON orders(customer_id, ts);`)
	must(t, err)
	db.Close()
	clock.Store(asOf.Unix())
	return f.start(func(c *Config) {
		c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		c.TimeTick = tick
	})
}

// TestTriggerDeadlineFires: a cart event starts the trigger's 1h wait;
// with no further event, moving the clock past it makes the customer
// enter abandoners, and past the 2d `for`, leave.
func TestTriggerDeadlineFires(t *testing.T) {
	var clock atomic.Int64
	f := newTimeFixture(t, &clock)
	f.postOK(event("c1", 4, asOf.Add(-10*time.Minute).Format(time.RFC3339), "cart", nil))
	f.settle()
	if got := segmentsOf(f.get("/v1/entities/4", 200)); slices.Contains(got, "abandoners") {
		t.Fatalf("entity 4 abandoned its cart before the wait ran out: %v", got)
	}
	clock.Add(3600 - 10*60 + 1)
	f.waitFor("the wait deadline to make entity 4 an abandoner", func() bool {
		return slices.Contains(segmentsOf(f.get("/v1/entities/4", 200)), "abandoners")
	})
	clock.Add(2 * 24 * 3600)
	f.waitFor("the for deadline to end entity 4's membership", func() bool {
		return !slices.Contains(segmentsOf(f.get("/v1/entities/4", 200)), "abandoners")
	})
	if got := changes(t, f); got != "abandoners 4 enter, abandoners 4 exit" {
		t.Errorf("segc_changes: %s", got)
	}
}

// TestRealtimeEquivalence feeds random event streams while the clock
// moves, and checks that at each instant T the served rule, window and
// trigger segments equal a batch evaluation at T (once the scheduler has
// caught up), and every segment after a full recompute.
func TestRealtimeEquivalence(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			var clock atomic.Int64
			f := newTimeFixture(t, &clock)
			rng := rand.New(rand.NewPCG(seed, 11))
			for step := range 6 {
				now := time.Unix(clock.Load(), 0).UTC()
				f.postOK(timedEvents(rng, step, now)...)
				f.settle()
				clock.Add(int64(rng.IntN(30 * 3600)))
				at := time.Unix(clock.Load(), 0).UTC()
				f.sameAsBatch(step, at)
			}
			must(t, f.srv.Recompute(t.Context()))
			at := time.Unix(clock.Load(), 0).UTC()
			if served, batch := f.servedMembers(), batchMembersAt(t, f, at); fmt.Sprint(served) != fmt.Sprint(batch) {
				t.Errorf("after a recompute at %s:\nserved %v\nbatch  %v", at, served, batch)
			}
		})
	}
}

// timedEvents makes views, carts and purchases for customers 1..7 in the
// 3 days before now (and a few a little after it).
func timedEvents(rng *rand.Rand, step int, now time.Time) []map[string]any {
	var evs []map[string]any
	for i := range 1 + rng.IntN(8) {
		at := now.Add(-time.Duration(rng.IntN(3*24*3600)) * time.Second).Add(time.Duration(rng.IntN(600)) * time.Second)
		typ, amount := []string{"view", "cart", "purchase"}[rng.IntN(3)], any(nil)
		if typ == "purchase" {
			amount = float64(1 + rng.IntN(200))
		}
		evs = append(evs, event(fmt.Sprintf("s%d-%d", step, i), 1+rng.IntN(7), at.Format(time.RFC3339), typ, amount))
	}
	return evs
}
