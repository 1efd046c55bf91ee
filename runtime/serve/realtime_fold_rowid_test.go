package serve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
)

// TestFoldEquivalenceRowidIDs is TestFoldEquivalence with the order id an
// INTEGER PRIMARY KEY, so every posted id is its row's rowid, and ids
// drawn at random: most land below the fold's mark. Ingestion reports
// them to the fold (realtime.noteStored), which re-reads those entities;
// without that the served segments drift from the batch ones. The first
// event of each post takes the next id above every random one, so every
// post has a row above the mark to fold, whatever the timing.
func TestFoldEquivalenceRowidIDs(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			var clock atomic.Int64
			f := newRowidFoldFixture(t, &clock)
			rng := rand.New(rand.NewPCG(seed, 29))
			used := map[int64]bool{1: true, 2: true, 3: true}
			above := int64(1 << 41)
			f.postIDs = func(evs []map[string]any) {
				for i, e := range evs {
					id := 4 + rng.Int64N(1<<40)
					for used[id] {
						id = 4 + rng.Int64N(1<<40)
					}
					if i == 0 {
						above++
						id = above
					}
					used[id] = true
					e["order_id"] = id
				}
			}
			checkFoldEquivalence(t, f, &clock, rand.New(rand.NewPCG(seed, 23)))
			if rows := f.srv.rt.foldedRows.Load(); rows == 0 {
				t.Errorf("no row was folded: the INTEGER PRIMARY KEY log was not folded")
			}
		})
	}
}

// newRowidFoldFixture is newFoldFixture (foldSeg) over an orders table
// whose order_id is an INTEGER PRIMARY KEY.
func newRowidFoldFixture(t *testing.T, clock *atomic.Int64) *fixture {
	shop := strings.NewReplacer("order_id TEXT", "order_id INTEGER PRIMARY KEY", "('o1'", "(1", "('o2'", "(2", "('o3'", "(3").Replace(fixtureSQL)
	return newClockFixture(t, clock, "fold.seg", foldSeg, shop)
}
