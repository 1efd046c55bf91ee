package compiler

import (
	"fmt"
	"math"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// lintConstantConditions reports an `and` chain with two comparisons of one
// operand against constants that no value satisfies together (never true),
// and an `or` chain with two that every non-null value satisfies (always
// true), by interval reasoning (W0703). It looks at log filters, aggregate
// filters, features and segment clauses.
func lintConstantConditions(s *state) {
	seen := map[spanKey]bool{}
	var exprs []plan.Expr
	exprs = append(exprs, s.logFilters...)
	for _, a := range s.aggregates {
		exprs = append(exprs, a.Filter)
	}
	for _, f := range s.features {
		exprs = append(exprs, f.value)
	}
	for _, seg := range s.segments {
		exprs = append(exprs, segmentExprs(seg)...)
	}
	for _, e := range exprs {
		s.visitChains(e, seen)
	}
}

// spanKey identifies a reported chain so a shared one is reported once.
type spanKey struct {
	file       string
	start, end int
}

// visitChains checks every maximal and/or chain under e.
func (s *state) visitChains(e plan.Expr, seen map[spanKey]bool) {
	b, ok := e.(*plan.Binary)
	if !ok || (b.Op != "and" && b.Op != "or") {
		for _, c := range plan.Children(e) {
			s.visitChains(c, seen)
		}
		return
	}
	leaves := flattenChain(b, b.Op, nil)
	s.checkChain(b, leaves, seen)
	for _, l := range leaves {
		s.visitChains(l, seen)
	}
}

// flattenChain lists the operands of nested op nodes, left to right.
func flattenChain(e plan.Expr, op string, out []plan.Expr) []plan.Expr {
	if b, ok := e.(*plan.Binary); ok && b.Op == op {
		return flattenChain(b.Y, op, flattenChain(b.X, op, out))
	}
	return append(out, e)
}

// checkChain reports the first pair of comparisons that makes the chain
// constant.
func (s *state) checkChain(chain *plan.Binary, leaves []plan.Expr, seen map[spanKey]bool) {
	var cmps []constCmp
	for _, l := range leaves {
		if c, ok := asConstCmp(l); ok {
			cmps = append(cmps, c)
		}
	}
	for i := range cmps {
		for j := i + 1; j < len(cmps); j++ {
			a, b := cmps[i], cmps[j]
			if a.operand != b.operand {
				continue
			}
			if (chain.Op == "and" && disjoint(a, b)) || (chain.Op == "or" && !a.nullable && covers(a, b)) {
				s.reportConstant(chain, a, b, seen)
				return
			}
		}
	}
}

// reportConstant reports a constant chain with its two comparisons.
func (s *state) reportConstant(chain *plan.Binary, a, b constCmp, seen map[spanKey]bool) {
	l := chain.Loc()
	if l.File == nil {
		return
	}
	k := spanKey{l.File.Name, l.Span.Start, l.Span.End}
	if seen[k] {
		return
	}
	seen[k] = true
	msg := fmt.Sprintf("this condition is never true: no value satisfies both %s and %s; fix the constants or the operator", a.text, b.text)
	if chain.Op == "or" {
		msg = fmt.Sprintf("this condition is always true: every value of %s satisfies %s or %s, so it filters nothing; remove it or fix the constants", a.operand, a.text, b.text)
	}
	s.report(diag.Warning, l.File, diag.ConstantCondition, l.Span, msg,
		diag.Related{File: a.loc.File, Span: a.loc.Span, Message: a.text},
		diag.Related{File: b.loc.File, Span: b.loc.Span, Message: b.text})
}

// constCmp is `operand op constant`, normalised so the operand is on the
// left. Ordered kinds carry num; others (string, bool) only == and !=.
type constCmp struct {
	operand  string
	op       string
	num      float64
	value    any
	ordered  bool
	integral bool
	nullable bool
	text     string
	loc      plan.Loc
}

// asConstCmp recognises a comparison of an operand against a constant.
func asConstCmp(e plan.Expr) (constCmp, bool) {
	b, ok := e.(*plan.Binary)
	if !ok || !plan.IsComparison(b.Op) {
		return constCmp{}, false
	}
	x, op, k := b.X, b.Op, constOf(b.Y)
	if k == nil {
		x, op, k = b.Y, plan.FlipComparison(b.Op), constOf(b.X)
	}
	if k == nil || k.Value == nil || constOf(x) != nil {
		return constCmp{}, false
	}
	c := constCmp{operand: plan.FormatExpr(x), op: op, value: k.Value, nullable: x.Type().Nullable,
		text: plan.FormatExpr(b), loc: b.Loc()}
	c.num, c.ordered = numberOf(k.Value)
	c.integral = x.Type().Kind != types.Float
	if !c.ordered && op != "==" && op != "!=" {
		return constCmp{}, false
	}
	return c, true
}

// constOf returns e as a constant, looking through a cast.
func constOf(e plan.Expr) *plan.Const {
	if c, ok := e.(*plan.Cast); ok {
		e = c.X
	}
	k, _ := e.(*plan.Const)
	return k
}

// numberOf returns an ordered constant as a float64.
func numberOf(v any) (float64, bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// interval is the set of values a comparison admits: [lo, hi] with open
// ends where the bound is excluded.
type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

// intervalOf returns the values `x op k` admits; != has none (it is
// handled apart).
func intervalOf(c constCmp) interval {
	inf := math.Inf(1)
	iv := map[string]interval{
		"==": {c.num, c.num, false, false},
		"<":  {-inf, c.num, true, true},
		"<=": {-inf, c.num, true, false},
		">":  {c.num, inf, true, true},
		">=": {c.num, inf, false, true},
	}[c.op]
	if c.integral { // x > 10 is x >= 11 for whole numbers
		iv = closeInteger(iv)
	}
	return iv
}

// empty reports whether the interval admits nothing.
func (iv interval) empty() bool {
	return iv.lo > iv.hi || (iv.lo == iv.hi && (iv.loOpen || iv.hiOpen))
}

// disjoint reports whether no value satisfies both comparisons.
func disjoint(a, b constCmp) bool {
	if a.op == "!=" || b.op == "!=" {
		return (a.op == "==" || b.op == "==") && a.op != b.op && a.value == b.value
	}
	if !a.ordered {
		return a.value != b.value
	}
	x, y := intervalOf(a), intervalOf(b)
	meet := interval{lo: max(x.lo, y.lo), hi: min(x.hi, y.hi)}
	meet.loOpen = openAt(meet.lo, x.lo, x.loOpen, y.lo, y.loOpen)
	meet.hiOpen = openAt(meet.hi, x.hi, x.hiOpen, y.hi, y.hiOpen)
	return meet.empty()
}

// openAt says whether bound v of an intersection is excluded: it is when
// either interval whose bound it is excludes it.
func openAt(v, a float64, aOpen bool, b float64, bOpen bool) bool {
	return (v == a && aOpen) || (v == b && bOpen)
}

// covers reports whether every value satisfies at least one comparison.
func covers(a, b constCmp) bool {
	if a.op == "!=" || b.op == "!=" {
		if a.op == "!=" && b.op == "!=" {
			return a.value != b.value
		}
		return !disjointNe(a, b)
	}
	if !a.ordered {
		return false
	}
	return complementWithin(intervalOf(a), intervalOf(b), a.integral) || complementWithin(intervalOf(b), intervalOf(a), a.integral)
}

// disjointNe reports whether the non-!= comparison misses the != value:
// `x != k or C` covers everything exactly when C admits k.
func disjointNe(a, b constCmp) bool {
	ne, other := a, b
	if b.op == "!=" {
		ne, other = b, a
	}
	if !other.ordered {
		return other.value != ne.value
	}
	iv := intervalOf(other)
	k := ne.num
	inside := (k > iv.lo || (k == iv.lo && !iv.loOpen)) && (k < iv.hi || (k == iv.hi && !iv.hiOpen))
	return !inside
}

// complementWithin reports whether the complement of the half-line x lies
// inside y. For whole numbers the complement of (-inf, h] is [h+1, inf).
func complementWithin(x, y interval, integral bool) bool {
	var rest interval
	switch {
	case math.IsInf(x.lo, -1) && !math.IsInf(x.hi, 1):
		rest = interval{lo: x.hi, hi: math.Inf(1), loOpen: !x.hiOpen, hiOpen: true}
	case math.IsInf(x.hi, 1) && !math.IsInf(x.lo, -1):
		rest = interval{lo: math.Inf(-1), hi: x.lo, loOpen: true, hiOpen: !x.loOpen}
	default:
		return false
	}
	if integral {
		rest = closeInteger(rest)
	}
	return contains(y, rest)
}

// closeInteger narrows open finite bounds to the next whole number.
func closeInteger(iv interval) interval {
	if iv.loOpen && !math.IsInf(iv.lo, 0) {
		iv.lo, iv.loOpen = math.Floor(iv.lo)+1, false
	}
	if iv.hiOpen && !math.IsInf(iv.hi, 0) {
		iv.hi, iv.hiOpen = math.Ceil(iv.hi)-1, false
	}
	return iv
}

// contains reports whether y includes all of x.
func contains(y, x interval) bool {
	loOK := y.lo < x.lo || (y.lo == x.lo && (!y.loOpen || x.loOpen))
	hiOK := y.hi > x.hi || (y.hi == x.hi && (!y.hiOpen || x.hiOpen))
	return loOK && hiOK
}
