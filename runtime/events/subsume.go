package events

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
)

// conjuncts translates each top-level conjunct of a filter (the operands
// of its and-tree) as superset does, keyed by SQL text and arguments. A
// disjunct's condition is the AND of exactly these (superset drops the
// untranslatable operands of an and), so a disjunct whose conjuncts
// include all of another's selects no row the other does not.
func (p *pushdown) conjuncts(e plan.Expr) map[string]bool {
	out := map[string]bool{}
	var walk func(e plan.Expr)
	walk = func(e plan.Expr) {
		if b, ok := e.(*plan.Binary); ok && (b.Op == "and" || b.Op == "&&") {
			walk(b.X)
			walk(b.Y)
			return
		}
		if s, args, ok := p.superset(e); ok {
			out[fmt.Sprintf("%s\x00%#v", s, args)] = true
		}
	}
	if e != nil {
		walk(e)
	}
	return out
}

// withoutSubsumed drops every disjunct that another one (kept) implies:
// its conjuncts are a superset of the other's and the other's window
// covers its own. `type = 'purchase'` over all time makes
// `type = 'purchase' AND amount > 200` over 60 days redundant, and SQLite
// would otherwise test it on every row the others reject.
func withoutSubsumed(parts []*disjunct) []*disjunct {
	dropped := make([]bool, len(parts))
	var out []*disjunct
	for i, d := range parts {
		for j, o := range parts {
			if j != i && !dropped[j] && o.implies(d) {
				dropped[i] = true
				break
			}
		}
		if !dropped[i] {
			out = append(out, d)
		}
	}
	return out
}

// implies reports whether every row d's disjunct selects is selected by
// o's: o's conjuncts are among d's and o's window reaches at least as far.
func (o *disjunct) implies(d *disjunct) bool {
	if len(o.conj) == 0 || len(o.conj) > len(d.conj) {
		return false
	}
	if o.window > 0 && (d.window <= 0 || d.window > o.window) {
		return false
	}
	for c := range o.conj {
		if !d.conj[c] {
			return false
		}
	}
	return true
}
