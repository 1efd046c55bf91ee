package runtime

import (
	"cmp"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/store"
)

// LifecycleResult is one lifecycle's states after a run.
type LifecycleResult struct {
	Lifecycle *plan.Lifecycle
	// State and Since are by entity index: the state index and its entry
	// time (Unix seconds). Before this run's transition (while the
	// lifecycle's guards are evaluated) they hold the previous states.
	State []int32
	Since []int64
	// Fired counts each transition's firings in this run (declaration
	// order); New counts entities seen for the first time.
	Fired []int
	New   int
	// changed lists new and transitioned entities, ascending.
	changed []int32
	// rewrite marks the entities whose stored row must be written even
	// without a transition: new ones, and those whose stored since was
	// after as-of (clamped).
	rewrite []bool
	// outside counts the stored rows of entities outside the population.
	outside int
	// prev is each entity's stored state (-1: none), and gone the keys
	// of each state's stored entities outside the population: with State
	// they give each state segment's change (see stateChanges).
	prev []int32
	gone []store.Keys
}

// Counts returns how many entities are in each state.
func (l *LifecycleResult) Counts() []int {
	out := make([]int, len(l.Lifecycle.States))
	for _, s := range l.State {
		out[s]++
	}
	return out
}

// lifecycle advances every entity's state of l: previous states come from
// segc_states (new entities start in l.Initial with since = as-of); then
// the first transition out of each entity's state that holds fires.
func (r *run) lifecycle(l *plan.Lifecycle) error {
	if err := r.compileGuards(l); err != nil {
		return err
	}
	res, err := r.previousStates(l)
	if err != nil {
		return err
	}
	r.ev.Lifecycles[l.Index] = res
	next, fired, err := fireFirst(l, res, func(k int, tr *plan.Transition) ([]bool, error) {
		return r.transitionHolds(l, k, tr, res)
	})
	if err != nil {
		return err
	}
	r.applyTransitions(res, next, fired)
	return nil
}

// fireFirst applies the first-match rule: for each entity, the first
// transition in declaration order out of its current state whose holds
// vector is true fires, and at most one fires. It returns every entity's
// next state and whether a transition fired, counting firings in res.Fired.
// A transition out of a state no entity is in is not evaluated (in a
// first run every entity is in the initial state).
func fireFirst(l *plan.Lifecycle, res *LifecycleResult, holds func(k int, tr *plan.Transition) ([]bool, error)) ([]int32, []bool, error) {
	next := make([]int32, len(res.State))
	copy(next, res.State)
	fired := make([]bool, len(next))
	occupied := res.Counts()
	for k, tr := range l.Transitions {
		if occupied[tr.From] == 0 {
			continue
		}
		h, err := holds(k, tr)
		if err != nil {
			return nil, nil, err
		}
		for i, ok := range h {
			if ok && !fired[i] && res.State[i] == int32(tr.From) {
				fired[i], next[i] = true, int32(tr.To)
				res.Fired[k]++
			}
		}
	}
	return next, fired, nil
}

// compileGuards compiles every `when` guard of l without evaluating it,
// so that a guard that cannot be evaluated fails the run whatever the
// data, even while no entity is in its transition's source state (which
// fireFirst then skips).
func (r *run) compileGuards(l *plan.Lifecycle) error {
	for _, tr := range l.Transitions {
		if tr.When == nil {
			continue
		}
		if _, err := r.ev.compiler.Compile(tr.When); err != nil {
			return wrap(err, tr.When.Loc())
		}
	}
	return nil
}

// applyTransitions moves the fired entities to their new state, since
// as-of, and lists every entity whose stored row changes.
// The list is counted before it is filled: on a first run it holds every
// entity.
func (r *run) applyTransitions(res *LifecycleResult, next []int32, fired []bool) {
	n := 0
	for i := range next {
		if fired[i] || res.mustWrite(i, r.asOf) {
			n++
		}
	}
	res.changed = make([]int32, 0, n)
	for i := range next {
		if fired[i] || res.mustWrite(i, r.asOf) {
			res.changed = append(res.changed, int32(i))
		}
		if fired[i] {
			res.State[i], res.Since[i] = next[i], r.asOf
		}
	}
}

// mustWrite reports whether entity i's stored row must be written even
// without a transition. Without rewrite marks (a result built elsewhere)
// that is every entity whose since is as-of.
func (l *LifecycleResult) mustWrite(i int, asOf int64) bool {
	if l.rewrite == nil {
		return l.Since[i] == asOf
	}
	return l.rewrite[i]
}

// transitionHolds evaluates transition k for every entity: its guard, or
// whether a matching event happened after the entity entered its state.
func (r *run) transitionHolds(l *plan.Lifecycle, k int, tr *plan.Transition, res *LifecycleResult) ([]bool, error) {
	if tr.When != nil {
		return r.condition(tr.When)
	}
	last := r.lastMatch(l, k)
	out := make([]bool, len(res.State))
	for i := range out {
		out[i] = i < last.N && !last.IsNull(i) && last.I[i] > res.Since[i]
	}
	return out, nil
}

// lastMatch is the time of each entity's latest event matching `on`
// transition k of l: a plan aggregate's result when one gives it, else
// the synthetic one's.
func (r *run) lastMatch(l *plan.Lifecycle, k int) eval.Vec {
	if a := r.time.onAgg[l.Index][k]; a >= 0 {
		return r.ev.Aggregates[a]
	}
	return r.time.vecs[r.time.onLast[l.Index][k]]
}

// previousStates places l's stored states; entities without one (or in a
// state the lifecycle no longer has) start in the initial state now.
func (r *run) previousStates(l *plan.Lifecycle) (*LifecycleResult, error) {
	n := r.ev.Len()
	res := &LifecycleResult{Lifecycle: l, State: make([]int32, n), Since: make([]int64, n), Fired: make([]int, len(l.Transitions)),
		rewrite: make([]bool, n), prev: make([]int32, n), gone: make([]store.Keys, len(l.States))}
	for i := range res.prev {
		res.prev[i] = -1
	}
	if err := r.placePrevious(l, res); err != nil {
		return nil, err
	}
	for i, p := range res.prev {
		if p < 0 {
			res.State[i], res.Since[i], res.rewrite[i] = int32(l.Initial), r.asOf, true
			res.New++
		}
	}
	return res, nil
}

// placePrevious sets the previous state of every entity that has one:
// from states known without reading (KnownStoredStates), or from the
// stored rows.
func (r *run) placePrevious(l *plan.Lifecycle, res *LifecycleResult) error {
	if p := r.states.priorOf(l.Name, len(res.State)); p != nil {
		r.placePrior(p, l, res)
		return nil
	}
	stored, err := r.storedStates(l)
	if err != nil {
		return err
	}
	r.placeStates(stored, l, res)
	return nil
}

// placeStates sets the state of the stored rows' entities that are in the
// population, walking the stored keys and the population's (both in key
// order) side by side. A since after as-of (a run back in time) is
// clamped, and the clamped since stored. Rows of entities outside the
// population are counted, and kept by state for the state segments.
func (r *run) placeStates(stored *store.StoredStates, l *plan.Lifecycle, res *LifecycleResult) {
	state := groupStates(stored, l)
	pos := populationPositions(r.ev.Outcome.Keys, stored.Keys)
	for j, g := range stored.Group {
		s, i := state[g], pos[j]
		switch {
		case i < 0:
			res.outside++
			if s >= 0 {
				res.gone[s] = appendKey(res.gone[s], stored.Keys, j)
			}
		case s >= 0:
			since := stored.Groups[g].Since.Unix()
			res.State[i], res.Since[i], res.rewrite[i], res.prev[i] = s, min(since, r.asOf), since > r.asOf, s
		}
	}
}

// groupStates maps each stored group to its state index in l (-1: a
// state l no longer has).
func groupStates(stored *store.StoredStates, l *plan.Lifecycle) []int32 {
	index := map[string]int32{}
	for i, s := range l.States {
		index[s] = int32(i)
	}
	out := make([]int32, len(stored.Groups))
	for g, sg := range stored.Groups {
		s, ok := index[sg.State]
		out[g] = -1
		if ok {
			out[g] = s
		}
	}
	return out
}

// populationPositions gives each stored key's entity index in the
// population (-1: none), merging the two sorted key lists.
func populationPositions(pop, stored store.Keys) []int32 {
	out := make([]int32, len(stored.Ints)+len(stored.Strs))
	merge(pop.Ints, stored.Ints, out[:len(stored.Ints)])
	merge(pop.Strs, stored.Strs, out[len(stored.Ints):])
	return out
}

// merge sets out[j] to the index of stored[j] in pop (-1: absent); both
// are ascending.
func merge[T cmp.Ordered](pop, stored []T, out []int32) {
	i := 0
	for j, k := range stored {
		for i < len(pop) && pop[i] < k {
			i++
		}
		out[j] = -1
		if i < len(pop) && pop[i] == k {
			out[j] = int32(i)
		}
	}
}

// appendKey adds the j-th stored key (Ints, then Strs) to dst.
func appendKey(dst, keys store.Keys, j int) store.Keys {
	if j < len(keys.Ints) {
		dst.Ints = append(dst.Ints, keys.Ints[j])
	} else {
		dst.Strs = append(dst.Strs, keys.Strs[j-len(keys.Ints)])
	}
	return dst
}

// stateChanges gives each state segment's change against the stored
// states: who entered and left it, and its stored entities outside the
// population. It is nil for a result without stored states read by
// previousStates (built elsewhere).
func (l *LifecycleResult) stateChanges() []store.KnownChange {
	if l.prev == nil {
		return nil
	}
	out := l.sizedChanges()
	for i, s := range l.State {
		p := l.prev[i]
		if p == s {
			continue
		}
		out[s].Entered = append(out[s].Entered, int32(i))
		if p >= 0 {
			out[p].Exited = append(out[p].Exited, int32(i))
		}
	}
	for s := range out {
		out[s].Gone = l.gone[s]
	}
	return out
}

// sizedChanges returns each state's change with room for exactly its
// entries and exits (a first run enters every entity somewhere).
func (l *LifecycleResult) sizedChanges() []store.KnownChange {
	entered, exited := make([]int, len(l.Lifecycle.States)), make([]int, len(l.Lifecycle.States))
	for i, s := range l.State {
		if p := l.prev[i]; p != s {
			entered[s]++
			if p >= 0 {
				exited[p]++
			}
		}
	}
	out := make([]store.KnownChange, len(l.Lifecycle.States))
	for s := range out {
		if entered[s] > 0 {
			out[s].Entered = make([]int32, 0, entered[s])
		}
		if exited[s] > 0 {
			out[s].Exited = make([]int32, 0, exited[s])
		}
	}
	return out
}

// lifecycleOutcome adds each lifecycle's state segments and states: the
// ones published when its step ended (publishLifecycle), else made now.
func (r *run) lifecycleOutcome() {
	out := r.ev.Outcome
	for _, res := range r.ev.Lifecycles {
		if res == nil {
			continue
		}
		segs, states := r.lifecycleParts(res)
		out.Segments = append(out.Segments, segs...)
		out.States = append(out.States, states)
	}
}

// lifecycleStored returns what the store writes of a lifecycle: one
// segment per state, then the states.
func lifecycleStored(res *LifecycleResult) ([]store.SegmentMembers, store.LifecycleStates) {
	l := res.Lifecycle
	members := make([][]int32, len(l.States))
	for s, n := range res.Counts() {
		members[s] = make([]int32, 0, n)
	}
	for i, s := range res.State {
		members[s] = append(members[s], int32(i))
	}
	known := res.stateChanges()
	segs := make([]store.SegmentMembers, len(l.States))
	for s, name := range l.States {
		m := members[s]
		if m == nil {
			m = []int32{}
		}
		segs[s] = store.SegmentMembers{Name: l.Name + "." + name, Members: m}
		if known != nil {
			segs[s].Known = &known[s]
		}
	}
	return segs, store.LifecycleStates{Name: l.Name, States: l.States,
		State: res.State, Since: res.Since, Changed: res.changed, NoneOutside: res.rewrite != nil && res.outside == 0}
}
