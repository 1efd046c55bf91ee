package serve

import (
	"slices"
	"sort"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// evaluatedAt knows, for a plan with lifecycles, the latest instant (Unix
// seconds) at which serve evaluated each entity, so that an event dated
// at or before it is told late (realtime_replay.go). It holds the latest
// full evaluation's as-of (every entity's), the sweep's progress since
// (a few records, not one per entity) and the per-entity evaluations
// since (events, scheduled instants), in maps without pointers.
type evaluatedAt struct {
	on   bool  // the plan has lifecycles; otherwise nothing is recorded
	full int64 // the latest full evaluation's as-of
	pop  store.Keys
	// sweep records, in the order the scheduler took them, the sweep's
	// chunks: population positions from lo up to the previous chunk's lo,
	// evaluated at at.
	sweep []sweepChunk
	ints  map[int64]int64
	strs  map[string]int64
}

// sweepChunk is one chunk of the sweep.
type sweepChunk struct {
	lo int
	at int64
}

// fullAt records a full evaluation of p at asOf over population pop
// (sorted, in the sweep's order) and forgets what came before it.
func (e *evaluatedAt) fullAt(asOf int64, p *plan.Plan, pop store.Keys) {
	e.on, e.full, e.pop, e.sweep = len(p.Lifecycles) > 0, asOf, pop, e.sweep[:0]
	clear(e.ints)
	clear(e.strs)
}

// record notes a per-entity evaluation of keys at at.
func (e *evaluatedAt) record(keys []any, at int64) {
	if !e.on {
		return
	}
	for _, k := range keys {
		switch k := k.(type) {
		case int64:
			e.ints[k] = at
		case string:
			e.strs[k] = at
		}
	}
}

// swept notes that the sweep evaluated the population from position lo
// up to its previous chunk at at (lo < 0: no sweep chunk).
func (e *evaluatedAt) swept(lo int, at int64) {
	if e.on && lo >= 0 {
		e.sweep = append(e.sweep, sweepChunk{lo: lo, at: at})
	}
}

// latest is the latest instant at which key was evaluated.
func (e *evaluatedAt) latest(key any) int64 {
	at := e.full
	switch k := key.(type) {
	case int64:
		at = max(at, e.ints[k])
		if i, ok := slices.BinarySearch(e.pop.Ints, k); ok {
			at = max(at, e.sweptAt(i))
		}
	case string:
		at = max(at, e.strs[k])
		if i, ok := slices.BinarySearch(e.pop.Strs, k); ok {
			at = max(at, e.sweptAt(i))
		}
	}
	return at
}

// sweptAt is the instant at which the sweep evaluated population
// position i, 0 when it has not yet. Chunks go down the population, so
// the first whose lo is at or below i holds it.
func (e *evaluatedAt) sweptAt(i int) int64 {
	j := sort.Search(len(e.sweep), func(j int) bool { return e.sweep[j].lo <= i })
	if j == len(e.sweep) {
		return 0
	}
	return e.sweep[j].at
}
