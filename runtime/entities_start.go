package runtime

import "github.com/segc/segc/compiler/plan"

// Start gives some entities' lifecycle states at the start of an
// evaluation, in place of their segc_states rows (EvaluateEntitiesFrom).
type Start struct {
	// Keys are the entities whose states come from States (int64 or
	// string keys, as the plan's key type).
	Keys map[any]bool
	// States are, by lifecycle name and key, the states those entities
	// are in; an entity of Keys without one for a lifecycle is new to it
	// (it starts in the initial state at the evaluation's as-of).
	States map[string]map[any]StoredState
}

// StoredState is an entity's state in a lifecycle and when it entered it
// (Unix seconds).
type StoredState struct {
	State string
	Since int64
}

// NewStart returns an empty Start.
func NewStart() *Start {
	return &Start{Keys: map[any]bool{}, States: map[string]map[any]StoredState{}}
}

// Set gives key's state in lifecycle l.
func (s *Start) Set(l string, key any, st StoredState) {
	s.Keys[key] = true
	if s.States[l] == nil {
		s.States[l] = map[any]StoredState{}
	}
	s.States[l][key] = st
}

// apply overrides the states of the entities in s: their stored rows
// (read into res) are replaced by s's state, or forgotten when s has
// none. It reports which entities it overrode (nil s: none). A since
// after as-of is clamped, as a stored one is.
func (s *Start) apply(l *plan.Lifecycle, ev *Evaluation, stateIndex map[string]int32, res *LifecycleResult, known []bool) []bool {
	out := make([]bool, len(known))
	if s == nil {
		return out
	}
	asOf := ev.AsOf.Unix()
	for key := range s.Keys {
		i, ok := ev.EntityIndex(key)
		if !ok {
			continue
		}
		out[i], known[i] = true, false
		st, has := s.States[l.Name][key]
		idx, valid := stateIndex[st.State]
		if has && valid {
			res.State[i], res.Since[i], known[i] = idx, min(st.Since, asOf), true
		}
	}
	return out
}

// stateSince gives each lifecycle state segment its members' since (the
// lifecycle's), so that a member whose since a replay moved is recorded
// again with the new one, as a trigger member's is.
func (x *entityRun) stateSince() error {
	segs := map[string]int{}
	for i, seg := range x.ev.Outcome.Segments {
		segs[seg.Name] = i
	}
	for _, res := range x.ev.Lifecycles {
		if res == nil {
			continue
		}
		for _, name := range res.Lifecycle.States {
			i, ok := segs[res.Lifecycle.Name+"."+name]
			if !ok {
				continue
			}
			seg := &x.ev.Outcome.Segments[i]
			seg.Since = make([]int64, len(seg.Members))
			for j, m := range seg.Members {
				seg.Since[j] = res.Since[m]
			}
		}
	}
	return nil
}

// StatesOf returns entity i's state in every lifecycle of the
// evaluation.
func (e *Evaluation) StatesOf(i int) map[string]StoredState {
	out := map[string]StoredState{}
	for _, res := range e.Lifecycles {
		if res != nil && i < len(res.State) {
			out[res.Lifecycle.Name] = StoredState{State: res.Lifecycle.States[res.State[i]], Since: res.Since[i]}
		}
	}
	return out
}
