package events

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
)

// sharing groups a pass's aggregates by what they compute per batch, so
// each distinct filter, row set and value is evaluated once per batch
// however many aggregates use it (count, sum and last over the same
// purchases within the same window share one filter, one window check
// and, for sum and last of one column, one gather).
type sharing struct {
	filters []eval.Kernel // distinct aggregate filters
	// narrow[i] is the narrowing of filter i to another filter's rows,
	// or nil (see narrowing); eq[i] is filter i as an eqFilter, or nil.
	narrow  []*narrowing
	eq      []*eqFilter
	values  []eval.Kernel // distinct aggregate values
	sets    []rowSet      // distinct (filter, window, until)
	gathers []gatherSpec  // distinct (row set, value)
	setOf   []int         // per aggregate: its row set
	// gatherOf is, per aggregate, its gathered values, or -1 (count).
	gatherOf []int
}

// rowSet is the rows of a batch that pass one filter (-1: the log filter
// only) and lie in one window.
type rowSet struct {
	filter        int
	window, until int64
	// next: some untailed aggregate of a keep scan reads the set, so its
	// rows' next candidates are noted.
	next bool
}

// gatherSpec is one value kernel gathered at one row set's rows.
type gatherSpec struct{ set, value int }

// exprKey is the meaning of an expression, as the compiler keys
// aggregates by it (plan.FormatExpr), with its type; nil is "".
func exprKey(e plan.Expr) string {
	if e == nil {
		return ""
	}
	return fmt.Sprintf("%s|%v", plan.FormatExpr(e), e.Type())
}

// sharer builds a sharing, interning each distinct part once.
type sharer struct {
	sh      *sharing
	comp    *eval.Compiler
	filters map[string]int
	// exprs are the distinct filters' expressions, indexed like
	// sharing.filters.
	exprs   []plan.Expr
	values  map[string]int
	sets    map[rowSet]int
	gathers map[gatherSpec]int
}

// newSharing compiles the distinct filters and values of aggs.
func newSharing(comp *eval.Compiler, aggs []*plan.Aggregate) (*sharing, error) {
	s := &sharer{sh: &sharing{}, comp: comp, filters: map[string]int{}, values: map[string]int{},
		sets: map[rowSet]int{}, gathers: map[gatherSpec]int{}}
	for _, a := range aggs {
		if err := s.add(a); err != nil {
			return nil, err
		}
	}
	if err := s.narrowFilters(); err != nil {
		return nil, err
	}
	return s.sh, nil
}

// add places one aggregate, compiling its filter and value when new.
func (s *sharer) add(a *plan.Aggregate) error {
	n := len(s.sh.filters)
	f, err := s.kernel(a.Filter, s.filters, &s.sh.filters)
	if err != nil {
		return err
	}
	if len(s.sh.filters) > n {
		s.exprs = append(s.exprs, a.Filter)
	}
	v, err := s.kernel(a.Value, s.values, &s.sh.values)
	if err != nil {
		return err
	}
	set := s.set(rowSet{filter: f, window: a.Window, until: a.Until}, !tailed(a) && !listed(a))
	s.sh.setOf = append(s.sh.setOf, set)
	g := -1
	if v >= 0 {
		g = intern(s.gathers, &s.sh.gathers, gatherSpec{set: set, value: v})
	}
	s.sh.gatherOf = append(s.sh.gatherOf, g)
	return nil
}

// kernel returns the index of e's kernel in *ks, compiling it when its
// meaning is new; nil is -1.
func (s *sharer) kernel(e plan.Expr, seen map[string]int, ks *[]eval.Kernel) (int, error) {
	if e == nil {
		return -1, nil
	}
	key := exprKey(e)
	if i, ok := seen[key]; ok {
		return i, nil
	}
	k, err := s.comp.Compile(e)
	if err != nil {
		return 0, err
	}
	seen[key] = len(*ks)
	*ks = append(*ks, k)
	return len(*ks) - 1, nil
}

// set interns a row set, marking it when an untailed aggregate reads it.
func (s *sharer) set(r rowSet, next bool) int {
	i := intern(s.sets, &s.sh.sets, r)
	s.sh.sets[i].next = s.sh.sets[i].next || next
	return i
}

// intern returns the index of k in *list, appending it when new.
func intern[K comparable](seen map[K]int, list *[]K, k K) int {
	if i, ok := seen[k]; ok {
		return i
	}
	seen[k] = len(*list)
	*list = append(*list, k)
	return len(*list) - 1
}

// evaluate fills the batch's row sets and gathered values: each
// distinct filter and value kernel runs once over the batch.
func (sh *sharing) evaluate(b *batch, in batchInputs, keep []int32, keepScan bool, asOf int64) {
	filtered := sh.filter(in, keep)
	b.sets = make([][]int32, len(sh.sets))
	for i, s := range sh.sets {
		rows := keep
		if s.filter >= 0 {
			rows = filtered[s.filter]
		}
		if keepScan && s.next {
			b.noteNext(rows, s.window, s.until, asOf)
		}
		b.sets[i] = inWindow(rows, b.time, s.window, s.until, asOf)
	}
	values := make([]eval.Vec, len(sh.values))
	for i, v := range sh.values {
		values[i] = v(in)
	}
	b.gathers = make([]eval.Vec, len(sh.gathers))
	for i, g := range sh.gathers {
		b.gathers[i] = values[g.value].Gather(b.sets[g.set])
	}
	b.share = sh
}
