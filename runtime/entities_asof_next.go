package runtime

import "github.com/segc/segc/compiler/plan"

// maxFlipSearch bounds how far after as-of a comparison's flip is
// searched (about 2,000 years): later than that counts as never.
const maxFlipSearch = int64(1) << 36

// exprNext lowers next[i] to the earliest instant after as-of at which a
// comparison reading days_since, hours_since or time_in (directly or
// through features) may flip for entity i: in every stored segment's
// conditions, and in the guards of the transitions out of the entity's
// current state. A flip is found exactly when the compared values are
// monotone in as-of (see asOfFn); otherwise, and for as-of in event-level
// expressions or a `by` group, the answer is the next second.
func (x *entityRun) exprNext(next []int64) error {
	all := func(int) bool { return true }
	if x.eventLevelAsOf() {
		x.everySecond(all, next)
		return nil
	}
	for _, s := range x.p.Segments {
		if x.ev.Members[s.Index] == nil {
			continue // not computed (Pruning): the caller keeps its Next
		}
		for _, e := range []plan.Expr{s.Where, s.Require} {
			if err := x.walkAsOf(e, all, next); err != nil {
				return err
			}
		}
	}
	for _, l := range x.p.Lifecycles {
		if err := x.guardsNext(l, next); err != nil {
			return err
		}
	}
	return nil
}

// guardsNext covers lifecycle l's transitions out of each entity's
// current state (after this evaluation's transition): a when guard's
// comparisons that may flip, and a transition that already holds (the
// entity took another one this evaluation, and takes at most one), which
// makes the next second due so that a chain of transitions goes on one
// evaluation at a time instead of waiting for the entity's next event.
func (x *entityRun) guardsNext(l *plan.Lifecycle, next []int64) error {
	res := x.ev.Lifecycles[l.Index]
	if res == nil {
		return nil
	}
	for k, tr := range l.Transitions {
		from := int32(tr.From)
		out := func(i int) bool { return i < len(res.State) && res.State[i] == from }
		holds, err := x.transitionHolds(l, k, tr, res)
		if err != nil {
			return err
		}
		pending := func(i int) bool { return out(i) && i < len(holds) && holds[i] }
		x.everySecond(pending, next)
		x.noteChain(pending, len(next))
		if tr.When != nil {
			if err := x.walkAsOf(tr.When, out, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkAsOf visits the bool structure of e (and, or, not, ??, bool
// features) down to the comparisons that depend on as-of.
func (x *entityRun) walkAsOf(e plan.Expr, scope func(int) bool, next []int64) error {
	if e == nil || !x.dependsOnAsOf(e) {
		return nil
	}
	switch e := e.(type) {
	case *plan.FeatureRef:
		return x.walkAsOf(x.p.Features[e.Feature].Value, scope, next)
	case *plan.Unary:
		if e.Op == "not" {
			return x.walkAsOf(e.X, scope, next)
		}
	case *plan.Binary:
		switch e.Op {
		case "and", "or", "??":
			if err := x.walkAsOf(e.X, scope, next); err != nil {
				return err
			}
			return x.walkAsOf(e.Y, scope, next)
		case "<", "<=", ">", ">=", "==", "!=":
			return x.comparisonNext(e, scope, next)
		}
	}
	x.everySecond(scope, next)
	return nil
}

// comparisonNext lowers next to each entity's first instant at which
// the comparison e may give another result.
func (x *entityRun) comparisonNext(e *plan.Binary, scope func(int) bool, next []int64) error {
	l, err := x.fnOf(e.X)
	if err != nil {
		return err
	}
	r, err := x.fnOf(e.Y)
	if err != nil {
		return err
	}
	if l == nil || r == nil {
		x.everySecond(scope, next)
		return nil
	}
	for i := range next {
		if scope(i) {
			x.flipNext(e.Op, l, r, i, &next[i])
		}
	}
	return nil
}

// flipNext finds entity i's first instant after as-of where l op r
// differs from its value at as-of. When one side is non-decreasing and
// the other non-increasing (or fixed), the result is monotone in the
// instant (for == and !=, the ordering of the two sides is), so an
// exponential then binary search over whole seconds finds the flip
// exactly, with the evaluator's arithmetic.
func (x *entityRun) flipNext(op string, l, r *asOfFn, i int, next *int64) {
	dl, dr := l.dir(i), r.dir(i)
	switch {
	case dl == dirConstant && dr == dirConstant:
		return
	case dl == dirUnknown || dr == dirUnknown || dl*dr > 0:
		x.sooner(next, x.asOf, 1)
		return
	}
	float := l.float || r.float
	class := func(tau int64) (int, bool) {
		a, ok1 := l.value(i, tau)
		b, ok2 := r.value(i, tau)
		if !ok1 || !ok2 {
			return 0, false
		}
		return compareClass(op, a, b, l.float, r.float, float), true
	}
	c0, ok := class(x.asOf)
	if !ok {
		return // null stays null while only time passes
	}
	differs := func(tau int64) bool {
		c, ok := class(tau)
		return !ok || c != c0
	}
	if at, found := firstTrue(x.asOf, differs); found {
		x.sooner(next, at, 0)
	}
}

// firstTrue returns the first instant after from at which the monotone
// predicate p holds (false at from), searching up to maxFlipSearch.
func firstTrue(from int64, p func(int64) bool) (int64, bool) {
	step := int64(1)
	for !p(from + step) {
		if step >= maxFlipSearch {
			return 0, false
		}
		step *= 2
	}
	lo, hi := from+step/2, from+step // p(lo) is false (lo == from when step is 1)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if p(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// compareClass is what can change about a op b: its result for ordering
// operators, the ordering of a and b (-1, 0, 1) for == and !=. Mixed int
// and float compare as float, as the evaluator does.
func compareClass(op string, a, b num, aFloat, bFloat, float bool) int {
	c := 0
	if float {
		fa, fb := numFloat(a, aFloat), numFloat(b, bFloat)
		c = cmpOrder(fa < fb, fa > fb)
	} else {
		c = cmpOrder(a.i < b.i, a.i > b.i)
	}
	holds := false
	switch op {
	case "<":
		holds = c < 0
	case "<=":
		holds = c <= 0
	case ">":
		holds = c > 0
	case ">=":
		holds = c >= 0
	default:
		return c
	}
	if holds {
		return 1
	}
	return 0
}

func cmpOrder(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// everySecond is the conservative answer: the next second, for every
// entity in scope.
func (x *entityRun) everySecond(scope func(int) bool, next []int64) {
	for i := range next {
		if scope(i) {
			x.sooner(&next[i], x.asOf, 1)
		}
	}
}

// eventLevelAsOf reports whether as-of enters an event-level expression
// (a log's filter, an aggregate's filter or value, an event match of a
// sequence, trigger or transition) or a `by` group of a threshold: values that can change at
// any second for any entity.
func (x *entityRun) eventLevelAsOf() bool {
	exprs := x.p.EventLevelExprs()
	for _, t := range x.p.Thresholds {
		exprs = append(exprs, t.By)
	}
	for _, e := range exprs {
		if x.dependsOnAsOf(e) {
			return true
		}
	}
	return false
}

// noteChain marks in chain the entities for which pending holds: a
// transition out of their current state already holds, so their next
// evaluation steps it whatever its instant (EntityEvaluation.Chain).
func (x *entityRun) noteChain(pending func(int) bool, n int) {
	if x.chain == nil {
		x.chain = make([]bool, n)
	}
	for i := range x.chain {
		x.chain[i] = x.chain[i] || pending(i)
	}
}
