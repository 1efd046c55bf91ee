package runtime

import (
	"context"
	"database/sql"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// ReplayStart is where one entity's replay starts: the instant From and
// the states the entity was in just before it, by lifecycle name (a
// lifecycle it has no state in yet starts it new).
type ReplayStart struct {
	Key    any // int64 or string, as the plan's key type
	From   int64
	States map[string]StoredState
}

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

// ReplayLifecycles re-steps the lifecycles of each entity of starts from
// its start, as a backfill over the same instants would: it evaluates the
// entity at its From, then at each Next that evaluation gives (the
// instant time passing may next change it: an event becoming visible, a
// window or trigger deadline, a time_in, days_since or hours_since
// comparison flipping), while before until, at most maxSteps instants.
// Each step is EvaluateEntitiesFrom at that instant on the data as it is
// now, so events that arrived late count from their own time. Entities
// due at the same instant are evaluated together. It returns the
// replays in the order of starts.
func ReplayLifecycles(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, fixed *Evaluation, starts []ReplayStart, until int64, maxSteps int) ([]*Replay, error) {
	reps := make([]*Replay, len(starts))
	at := make([]int64, len(starts))
	for i, s := range starts {
		reps[i], at[i] = &Replay{States: s.States}, s.From
	}
	for {
		instant, group := nextGroup(at, reps, until, maxSteps)
		if group == nil {
			return reps, nil
		}
		if err := replayStep(ctx, db, p, reg, fixed, starts, reps, at, instant, group); err != nil {
			return nil, err
		}
	}
}

// nextGroup returns the earliest instant some replay is due at and the
// replays due then; nil when every replay reached until or maxSteps.
func nextGroup(at []int64, reps []*Replay, until int64, maxSteps int) (int64, []int) {
	var instant int64
	var group []int
	for i, a := range at {
		if a >= until || len(reps[i].Instants) >= maxSteps {
			continue
		}
		if group == nil || a < instant {
			instant, group = a, group[:0]
		}
		if a == instant {
			group = append(group, i)
		}
	}
	return instant, group
}

// replayStep evaluates the replays of group at instant and moves each to
// its Next (or to the end: out of the population, or no Next).
func replayStep(ctx context.Context, db *sql.DB, p *plan.Plan, reg *builtins.Registry, fixed *Evaluation, starts []ReplayStart, reps []*Replay, at []int64, instant int64, group []int) error {
	start := NewStart()
	var keys store.Keys
	for _, i := range group {
		keys = withKey(keys, starts[i].Key)
		start.Keys[starts[i].Key] = true
		for l, st := range reps[i].States {
			start.Set(l, starts[i].Key, st)
		}
	}
	ev, err := EvaluateEntitiesFrom(ctx, db, p, reg, Options{AsOf: time.Unix(instant, 0)}, keys, fixed, start)
	if err != nil {
		return err
	}
	for _, i := range group {
		j, ok := ev.EntityIndex(starts[i].Key)
		if !ok || ev.Next[j] <= instant {
			at[i] = maxInstant // not in the population then, or nothing due
		} else {
			at[i] = ev.Next[j]
		}
		if ok {
			reps[i].Instants = append(reps[i].Instants, instant)
			reps[i].step(p, ev.StatesOf(j))
		}
	}
	return nil
}

// maxInstant is later than any until.
const maxInstant = int64(1<<63 - 1)

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

// withKey adds one boxed key to keys.
func withKey(keys store.Keys, key any) store.Keys {
	switch k := key.(type) {
	case int64:
		keys.Ints = append(keys.Ints, k)
	case string:
		keys.Strs = append(keys.Strs, k)
	}
	return keys
}
