package runtime

import "github.com/segc/segc/compiler/plan"

// PriorStates is one lifecycle's stored states by entity index, as the
// previous run of the same plan over the same population left them:
// State[i] indexes the lifecycle's States (-1: no stored row) and
// Since[i] is when entity i entered it (Unix seconds). An incremental
// run keeps them in its state, so that it need not read segc_states.
type PriorStates struct {
	State []int32
	Since []int64
}

// KnownStoredStates returns the stored states of a plan's lifecycles as
// a caller already knows them, by lifecycle name: segc_states must hold
// exactly these rows, one per entity of the population and none outside
// it. A lifecycle missing from prior is read from segc_states.
func KnownStoredStates(prior map[string]*PriorStates) *StoredStatesRead {
	r := &StoredStatesRead{done: make(chan struct{}), prior: prior}
	close(r.done)
	return r
}

// priorOf returns lifecycle name's known states when they cover n
// entities (nil: read segc_states).
func (r *StoredStatesRead) priorOf(name string, n int) *PriorStates {
	if r == nil {
		return nil
	}
	p := r.prior[name]
	if p == nil || len(p.State) != n || len(p.Since) != n {
		return nil
	}
	return p
}

// placePrior sets the previous state of every entity from known states,
// as placeStates does from stored rows: a state the lifecycle does not
// have leaves the entity new, and a since after as-of is clamped (and
// the clamped since stored). Known states have no rows outside the
// population.
func (r *run) placePrior(p *PriorStates, l *plan.Lifecycle, res *LifecycleResult) {
	for i, s := range p.State {
		if s < 0 || int(s) >= len(l.States) {
			continue
		}
		since := p.Since[i]
		res.State[i], res.Since[i], res.rewrite[i], res.prev[i] = s, min(since, r.asOf), since > r.asOf, s
	}
}
