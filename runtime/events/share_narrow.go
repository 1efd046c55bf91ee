package events

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
)

// narrowing evaluates a filter `A and B` whose conjunct A is another
// distinct filter of the pass as B over A's rows: a trigger's `on events
// where type == "purchase" and amount > 200` beside a feature's `where
// type == "purchase"` then compares each row's type once, not twice.
// (A and B) is true exactly where both are, so the rows are the same.
type narrowing struct {
	base   int         // the filter whose rows are narrowed
	rest   eval.Kernel // the other conjunct
	restEq *eqFilter   // the other conjunct's eqFilter, or nil
}

// narrowFilters finds each filter's eqFilter and narrowing, compiling
// the narrowing's other conjunct. A filter narrows only one that is not
// narrowed itself, so every base's rows are known first (see filter).
func (s *sharer) narrowFilters() error {
	s.sh.narrow = make([]*narrowing, len(s.exprs))
	s.sh.eq = make([]*eqFilter, len(s.exprs))
	for i, e := range s.exprs {
		s.sh.eq[i] = eqFilterOf(e)
		base, rest := s.conjunctBase(i, e)
		if base < 0 {
			continue
		}
		k, err := s.comp.Compile(rest)
		if err != nil {
			return err
		}
		s.sh.narrow[i] = &narrowing{base: base, rest: k, restEq: eqFilterOf(rest)}
	}
	for i, nw := range s.sh.narrow {
		if nw != nil && s.sh.narrow[nw.base] != nil {
			s.sh.narrow[i] = nil
		}
	}
	return nil
}

// conjunctBase returns the filter (other than i) that one conjunct of a
// top-level `and` e is, and the other conjunct; -1 when there is none.
func (s *sharer) conjunctBase(i int, e plan.Expr) (int, plan.Expr) {
	b, ok := e.(*plan.Binary)
	if !ok || (b.Op != "and" && b.Op != "&&") {
		return -1, nil
	}
	for _, side := range [2][2]plan.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		if j, ok := s.filters[exprKey(side[0])]; ok && j != i {
			return j, side[1]
		}
	}
	return -1, nil
}

// filter returns each distinct filter's rows among keep: the filters
// without a narrowing over keep, then the others over their base's rows.
func (sh *sharing) filter(in batchInputs, keep []int32) [][]int32 {
	out := make([][]int32, len(sh.filters))
	for i, f := range sh.filters {
		if sh.narrowing(i) == nil {
			out[i] = filterRows(in, f, sh.eqOf(i), keep)
		}
	}
	for i := range sh.filters {
		if nw := sh.narrowing(i); nw != nil {
			out[i] = filterRows(in, nw.rest, nw.restEq, out[nw.base])
		}
	}
	return out
}

// filterRows returns those of rows where kernel k, or eq when set (and
// the batch's column allows), is true.
func filterRows(in batchInputs, k eval.Kernel, eq *eqFilter, rows []int32) []int32 {
	if eq != nil {
		if out, ok := eq.rows(in, rows); ok {
			return out
		}
	}
	return trueRows(k(in).True(), rows)
}

// eqOf returns filter i's eqFilter, or nil.
func (sh *sharing) eqOf(i int) *eqFilter {
	if i < len(sh.eq) {
		return sh.eq[i]
	}
	return nil
}

// narrowing returns filter i's narrowing, or nil.
func (sh *sharing) narrowing(i int) *narrowing {
	if i < len(sh.narrow) {
		return sh.narrow[i]
	}
	return nil
}
