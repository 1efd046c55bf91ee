package runtime

import (
	"context"
	"database/sql"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// Replay is one entity's lifecycle timeline re-stepped by
// ReplayLifecycles.
type Replay struct {
	// Instants are the as-ofs stepped (Unix seconds), ascending.
	Instants []int64
	// Path lists, in order, each state the entity entered at those
	// instants.
	Path []PathEntry
	// States are the entity's states after the last instant, by
	// lifecycle name (the start of the next evaluation).
	States map[string]StoredState
}

// PathEntry is a state an entity entered in a lifecycle.
type PathEntry struct {
	Lifecycle string
	StoredState
}

// ReplayLifecycles re-steps the lifecycles of the entity key from the
// states it was in just before instant from (start, by lifecycle name; a
// lifecycle it has no state in yet starts it new), as a backfill over the
// same instants would: it evaluates the entity at from, then at each Next
// that evaluation gives (the instant time passing may next change it: an
// event becoming visible, a window or trigger deadline, a time_in,
// days_since or hours_since comparison flipping), while before until, at
// most maxSteps instants. Each step is EvaluateEntitiesFrom at that
// instant on the data as it is now, so events that arrived late count
// from their own time.
func ReplayLifecycles(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, fixed *Evaluation, key any, start map[string]StoredState, from, until int64, maxSteps int) (*Replay, error) {
	rep := &Replay{States: start}
	for at := from; at < until && len(rep.Instants) < maxSteps; {
		ev, err := EvaluateEntitiesFrom(ctx, db, p, reg, Options{AsOf: time.Unix(at, 0)}, keysOf(key), fixed, startOf(key, rep.States))
		if err != nil {
			return nil, err
		}
		if ev.Len() == 0 {
			break // not in the population at this instant
		}
		rep.Instants = append(rep.Instants, at)
		rep.step(p, ev.StatesOf(0))
		if ev.Next[0] <= at {
			break
		}
		at = ev.Next[0]
	}
	return rep, nil
}

// step records the states after one instant, and those entered.
func (rep *Replay) step(p *plan.Plan, now map[string]StoredState) {
	for _, l := range p.Lifecycles {
		st, ok := now[l.Name]
		if prev, had := rep.States[l.Name]; ok && (!had || prev != st) {
			rep.Path = append(rep.Path, PathEntry{Lifecycle: l.Name, StoredState: st})
		}
	}
	rep.States = now
}

// startOf is a Start holding one entity's states.
func startOf(key any, states map[string]StoredState) *Start {
	s := NewStart()
	s.Keys[key] = true
	for l, st := range states {
		s.Set(l, key, st)
	}
	return s
}

// keysOf is one boxed key as Keys.
func keysOf(key any) store.Keys {
	if s, ok := key.(string); ok {
		return store.Keys{Strs: []string{s}}
	}
	k, _ := key.(int64)
	return store.Keys{Ints: []int64{k}}
}
