package incremental

import "github.com/segc/segc/compiler/plan"

// eventLevelAsOf reports whether as-of enters an event-level expression
// (a log's filter, an aggregate's filter or value, a trigger clause's or
// an `on` transition's match): which events match then changes as as-of
// moves, with no change to the data, and a saved state (accumulators,
// tails, event lists) holds the matches of the as-of it was saved at.
// Serve's fold refuses such plans likewise (runtime's eventLevelAsOf).
func eventLevelAsOf(p *plan.Plan) bool {
	var exprs []plan.Expr
	for _, l := range p.Logs {
		exprs = append(exprs, l.Filter)
	}
	for _, a := range p.Aggregates {
		exprs = append(exprs, a.Filter, a.Value)
	}
	for _, t := range p.Triggers {
		exprs = append(exprs, matchFilters(t.On, t.Unless, t.ExitOn)...)
	}
	for _, l := range p.Lifecycles {
		for _, tr := range l.Transitions {
			exprs = append(exprs, matchFilters(tr.On)...)
		}
	}
	for _, e := range exprs {
		if readsAsOf(e) {
			return true
		}
	}
	return false
}

// matchFilters lists the filters of the given matches (nil: none).
func matchFilters(ms ...*plan.EventMatch) []plan.Expr {
	var out []plan.Expr
	for _, m := range ms {
		if m != nil {
			out = append(out, m.Filter)
		}
	}
	return out
}

// readsAsOf reports whether e calls a builtin that reads as-of (event
// level expressions reference no feature, lifecycle or threshold).
func readsAsOf(e plan.Expr) bool {
	found := false
	plan.Walk(e, func(x plan.Expr) {
		if c, ok := x.(*plan.Call); ok && (c.Func == "days_since" || c.Func == "hours_since") {
			found = true
		}
	})
	return found
}
