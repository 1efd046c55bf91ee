package plan

// EventLevelExprs lists the plan's event-level expressions, those
// evaluated per event rather than per entity: each log's filter, each
// aggregate's filter, value and sequence filter, and the filter of every
// trigger clause and lifecycle `on` transition. Absent ones are nil.
func (p *Plan) EventLevelExprs() []Expr {
	var exprs []Expr
	for _, l := range p.Logs {
		exprs = append(exprs, l.Filter)
	}
	for _, a := range p.Aggregates {
		exprs = append(exprs, a.Filter, a.Value)
		exprs = append(exprs, matchFilters(a.Then)...)
	}
	for _, t := range p.Triggers {
		exprs = append(exprs, matchFilters(t.On, t.Unless, t.ExitOn)...)
	}
	for _, l := range p.Lifecycles {
		for _, tr := range l.Transitions {
			exprs = append(exprs, matchFilters(tr.On)...)
		}
	}
	return exprs
}

// matchFilters lists the filters of the given event matches (nil: none).
func matchFilters(ms ...*EventMatch) []Expr {
	var out []Expr
	for _, m := range ms {
		if m != nil {
			out = append(out, m.Filter)
		}
	}
	return out
}

// AsOfBuiltin reports whether the builtin called name reads the as-of
// instant (days_since, hours_since).
func AsOfBuiltin(name string) bool {
	return name == "days_since" || name == "hours_since"
}

// CallsAsOf reports whether e calls a builtin that reads the as-of
// instant. It does not follow feature references: event-level
// expressions cannot hold them.
func CallsAsOf(e Expr) bool {
	found := false
	Walk(e, func(x Expr) {
		if c, ok := x.(*Call); ok && AsOfBuiltin(c.Func) {
			found = true
		}
	})
	return found
}
