package plan

import "slices"

// Deps is the per-entity dependency analysis of a plan's steps, for an
// evaluation that recomputes only what an event can change (segc serve).
// Steps are named by their position in Plan.Steps. A Deps is immutable:
// build it once per plan with NewDeps and keep it next to the plan.
//
// It describes one entity's values with the population statistics and
// cluster models fixed (as between two full evaluations): a threshold
// step reads only its `by` group expression (its value is the fixed
// one), and a cluster step reads its features and naming expression
// (the model is the stored one).
type Deps struct {
	// Reads are, by step, the steps it reads directly, ascending.
	Reads [][]int
	// Logs are, by step, the event logs it reads directly, ascending:
	// through aggregates (a sequence reads both its logs), lifecycle `on`
	// transitions and trigger clauses.
	Logs [][]int
	// Columns are, by step, the entity columns (Plan.Columns indexes) it
	// reads directly, ascending.
	Columns [][]int
	// ByLog are, by event log, the steps that read it directly or
	// through other steps, ascending: the steps an event of that log
	// can change.
	ByLog [][]int
	// AsOf are the steps whose value may change with the as-of instant
	// alone, directly or through other steps, ascending: those reading
	// an aggregate (windows move, and events dated after an earlier as-of
	// become visible), days_since or hours_since, time_in, a lifecycle
	// (its `on` transitions and its since) or a trigger.
	AsOf []int
	// asOfDirect marks the steps that read the instant themselves.
	asOfDirect []bool
	// users are, by step, the steps that read it directly.
	users [][]int
	// position maps a step to its index in Plan.Steps.
	position map[Step]int
}

// NewDeps analyses p's steps.
func NewDeps(p *Plan) *Deps {
	d := &Deps{position: map[Step]int{}}
	for i, s := range p.Steps {
		d.position[s] = i
	}
	n := len(p.Steps)
	d.Reads, d.Logs, d.Columns = make([][]int, n), make([][]int, n), make([][]int, n)
	d.asOfDirect, d.users = make([]bool, n), make([][]int, n)
	for i, s := range p.Steps {
		r := &stepReads{p: p, d: d}
		r.step(s)
		d.Reads[i], d.Logs[i], d.Columns[i] = sortedSet(r.steps), sortedSet(r.logs), sortedSet(r.columns)
		d.asOfDirect[i] = r.asOf
		for _, j := range d.Reads[i] {
			d.users[j] = append(d.users[j], i)
		}
	}
	d.ByLog = make([][]int, len(p.Logs))
	for l := range p.Logs {
		d.ByLog[l] = d.forward(func(i int) bool { return slices.Contains(d.Logs[i], l) })
	}
	d.AsOf = d.forward(func(i int) bool { return d.asOfDirect[i] })
	return d
}

// StepOf returns the position in Plan.Steps of the step computing
// element index of kind, and false when there is none.
func (d *Deps) StepOf(kind StepKind, index int) (int, bool) {
	i, ok := d.position[Step{Kind: kind, Index: index}]
	return i, ok
}

// Dirty marks, by step, the steps an event-driven evaluation must
// recompute when the given event logs received events: ByLog of each,
// plus AsOf when the instant may have changed something (asOf).
func (d *Deps) Dirty(logs []int, asOf bool) []bool {
	out := make([]bool, len(d.Reads))
	for _, l := range logs {
		if l >= 0 && l < len(d.ByLog) {
			for _, i := range d.ByLog[l] {
				out[i] = true
			}
		}
	}
	if asOf {
		for _, i := range d.AsOf {
			out[i] = true
		}
	}
	return out
}

// Needed marks the dirty steps and every step they read, directly or
// through other steps: what an evaluation of the dirty steps computes.
func (d *Deps) Needed(dirty []bool) []bool {
	out := make([]bool, len(d.Reads))
	var visit func(i int)
	visit = func(i int) {
		if out[i] {
			return
		}
		out[i] = true
		for _, j := range d.Reads[i] {
			visit(j)
		}
	}
	for i, x := range dirty {
		if x && i < len(out) {
			visit(i)
		}
	}
	return out
}

// Users marks the seed steps and every step that reads one of them,
// directly or through other steps.
func (d *Deps) Users(seed []bool) []bool {
	out := make([]bool, len(d.Reads))
	for _, i := range d.forward(func(i int) bool { return i < len(seed) && seed[i] }) {
		out[i] = true
	}
	return out
}

// forward returns the steps for which seed holds, and every step that
// reads one of them, directly or not, ascending.
func (d *Deps) forward(seed func(i int) bool) []int {
	mark := make([]bool, len(d.Reads))
	var visit func(i int)
	visit = func(i int) {
		if mark[i] {
			return
		}
		mark[i] = true
		for _, u := range d.users[i] {
			visit(u)
		}
	}
	for i := range mark {
		if seed(i) {
			visit(i)
		}
	}
	out := []int{}
	for i, m := range mark {
		if m {
			out = append(out, i)
		}
	}
	return out
}

// sortedSet returns xs sorted without repeats, never nil.
func sortedSet(xs []int) []int {
	out := append([]int{}, xs...)
	slices.Sort(out)
	return slices.Compact(out)
}
