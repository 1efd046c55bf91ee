package compiler

import (
	"fmt"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
)

// resolveCall picks the builtin a call names and resolves its arguments.
// min and max are aggregates when their argument reads an event log, and
// scalars otherwise.
func (s *state) resolveCall(sc scope, c *ast.CallExpr) {
	name := c.Fun.Name
	if name == "time_in" {
		s.resolveTimeIn(sc, c)
		return
	}
	if len(s.reg.Lookup(name)) == 0 {
		s.errorAt(sc.file, diag.UnknownFunction, c.Fun.Sp,
			fmt.Sprintf("unknown function %s%s", name, didYouMean(name, s.reg.Names())))
		return
	}
	agg, isAgg := s.reg.Lookup1(name, builtins.Aggregate)
	scalar, isScalar := s.reg.Lookup1(name, builtins.Scalar)
	pop, isPop := s.reg.Lookup1(name, builtins.Population)
	if isAgg && (!isScalar || (len(c.Args) > 0 && s.readsEvents(c.Args[0]))) {
		isScalar, isPop = false, false
	}
	if sc.log != nil && !isScalar {
		s.errorAt(sc.file, diag.NestedAggregate, c.Fun.Sp,
			fmt.Sprintf("%s cannot be used inside an event query or event log filter, which is evaluated per event; compute it in a feature", name))
		return
	}
	switch {
	case isScalar:
		s.resolveScalar(sc, c, scalar)
	case isPop:
		s.resolvePopulation(sc, c, pop)
	default:
		s.resolveAggregate(sc, c, agg)
	}
}

// readsEvents reports whether a call argument is an event query: a query
// expression, an event log name, log.col, or an expression over log.col
// selectors.
func (s *state) readsEvents(a ast.Expr) bool {
	if q, ok := a.(*ast.QueryExpr); ok {
		a = q.Source
		if q.Where != nil || q.Within != nil || q.Between != nil {
			return true
		}
	}
	return len(s.logsIn(a)) > 0
}

// logsIn returns the distinct event logs an expression names, either as
// the whole expression or as the X of a log.col selector, in order of
// appearance.
func (s *state) logsIn(e ast.Expr) []*tableSym {
	var logs []*tableSym
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			n = sel.X
		} else if n != e {
			return true
		}
		if t := s.eventLog(n); t != nil && !containsSym(logs, t) {
			logs = append(logs, t)
		}
		return true
	})
	return logs
}

// eventLog returns the events declaration an identifier names, or nil.
func (s *state) eventLog(n ast.Node) *tableSym {
	id, ok := n.(*ast.Ident)
	if !ok {
		return nil
	}
	t, _ := s.byName[id.Name].(*tableSym)
	if t == nil || t.decl.Kind != ast.EventsTable {
		return nil
	}
	return t
}

func containsSym(ts []*tableSym, t *tableSym) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// resolveScalar resolves a scalar call's arguments in the caller's scope.
func (s *state) resolveScalar(sc scope, c *ast.CallExpr, b *builtins.Builtin) {
	for _, a := range c.Args {
		s.resolveExpr(sc, a)
	}
	s.calls[c] = &callInfo{b: b, args: c.Args}
}

// resolvePopulation resolves percentile, median and zscore: value
// arguments, then an optional final `by KEY`.
func (s *state) resolvePopulation(sc scope, c *ast.CallExpr, b *builtins.Builtin) {
	info := &callInfo{b: b}
	ok := true
	for i, a := range c.Args {
		by, isBy := a.(*ast.ByArg)
		switch {
		case isBy && i == len(c.Args)-1 && b.Name != "zscore":
			info.by = by
			s.resolveExpr(sc, by.Key)
		case isBy:
			s.errorAt(sc.file, diag.BadArguments, by.Sp, fmt.Sprintf("`by` must be the last argument, as in %s", b.Signature))
			ok = false
		default:
			info.args = append(info.args, a)
			s.resolveExpr(sc, a)
		}
	}
	if ok {
		s.calls[c] = info
	}
}

// resolveAggregate resolves an event aggregate: its single argument is an
// event query whose source is a log (count) or log.col (the others).
func (s *state) resolveAggregate(sc scope, c *ast.CallExpr, b *builtins.Builtin) {
	if b.Name == "then" {
		s.resolveSequence(sc, c, b)
		return
	}
	if len(c.Args) != 1 || !s.readsEvents(c.Args[0]) {
		s.notAnEventQuery(sc, c, b)
		return
	}
	info := &callInfo{b: b}
	src := c.Args[0]
	if q, ok := src.(*ast.QueryExpr); ok {
		src, info.where, info.within, info.between = q.Source, q.Where, q.Within, q.Between
	}
	if logs := s.logsIn(src); len(logs) > 1 {
		s.errorAt(sc.file, diag.BadAggregate, src.Span(),
			fmt.Sprintf("an aggregate reads one event log, but this value reads %s and %s; aggregate each log in its own feature", logs[0].name(), logs[1].name()))
		return
	}
	info.log = s.logOf(src)
	if info.log == nil {
		s.notAnEventQuery(sc, c, b)
		return
	}
	if !s.aggregateSourceFits(sc, c, b, info.log, src) {
		return
	}
	if _, isLog := src.(*ast.Ident); !isLog {
		info.value = src
		s.resolveExpr(scope{file: sc.file, log: info.log}, src)
	}
	s.resolveExpr(scope{file: sc.file, log: info.log}, info.where)
	s.resolveExpr(scope{file: sc.file}, info.within)
	s.calls[c] = info
}

// logOf returns the one log an aggregate source reads (log, log.col, or an
// expression over columns of one log), or nil.
func (s *state) logOf(src ast.Expr) *tableSym {
	if logs := s.logsIn(src); len(logs) == 1 {
		return logs[0]
	}
	return nil
}

// aggregateSourceFits checks that count reads a log and the others a value
// of one log's events.
func (s *state) aggregateSourceFits(sc scope, c *ast.CallExpr, b *builtins.Builtin, log *tableSym, src ast.Expr) bool {
	_, isLog := src.(*ast.Ident)
	isCol := !isLog
	switch {
	case b.Name == "count" && isCol:
		s.errorAt(sc.file, diag.BadArguments, src.Span(),
			fmt.Sprintf("count counts events, not values: write count(%s where ...), or count_distinct(%s) for distinct values", log.name(), exprText(src)))
		return false
	case b.Name != "count" && !isCol:
		s.errorAt(sc.file, diag.BadArguments, src.Span(),
			fmt.Sprintf("%s needs a column of %s, such as %s(%s.COLUMN where ...)", b.Name, log.name(), b.Name, log.name()))
		return false
	}
	return true
}

// notAnEventQuery reports an aggregate whose argument is not an event query.
func (s *state) notAnEventQuery(sc scope, c *ast.CallExpr, b *builtins.Builtin) {
	example := "events.amount"
	if b.Name == "count" {
		example = "events"
	}
	if len(s.logs) > 0 {
		example = s.logs[0].name()
		if b.Name != "count" {
			example += ".COLUMN"
		}
	}
	s.errorAt(sc.file, diag.BadAggregate, c.Sp,
		fmt.Sprintf("%s aggregates events: it takes one event query, such as %s(%s where ... within 30d)", b.Name, b.Name, example))
}
