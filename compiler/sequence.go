package compiler

import (
	"fmt"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// This file compiles "did X then Y":
//
//	then(events where type == "add_to_cart" within 30d, events where type == "purchase", 1h)
//
// is true when an X event at t1 is followed by a Y event at t2 with
// t1 < t2 <= t1 + 1h, both in the first query's window. Its callInfo
// holds X as an aggregate's log, where and window, and args holds the Y
// query and the optional gap.

const sequenceExample = `then(events where type == "add_to_cart" within 30d, events where type == "purchase", 1h)`

// resolveSequence resolves then(X, Y [, GAP]).
func (s *state) resolveSequence(sc scope, c *ast.CallExpr, b *builtins.Builtin) {
	if len(c.Args) < 2 || len(c.Args) > 3 || s.queryLog(c.Args[0]) == nil || s.queryLog(c.Args[1]) == nil {
		s.errorAt(sc.file, diag.BadArguments, c.Sp,
			"then takes two event queries, each a log with an optional `where`, and an optional gap: "+sequenceExample)
		return
	}
	x, y := asQuery(c.Args[0]), asQuery(c.Args[1])
	if y.Within != nil || y.Between != nil {
		s.errorAt(sc.file, diag.BadWindow, y.Sp,
			"the window of then(...) is the first query's and holds both events; remove it from the second query, as in "+sequenceExample)
		return
	}
	info := &callInfo{b: b, log: s.queryLog(x), where: x.Where, within: x.Within, between: x.Between, args: c.Args[1:]}
	s.resolveExpr(scope{file: sc.file, log: info.log}, info.where)
	s.resolveExpr(scope{file: sc.file}, info.within)
	s.resolveExpr(scope{file: sc.file, log: s.queryLog(y)}, y.Where)
	if len(info.args) > 1 {
		s.resolveExpr(scope{file: sc.file}, info.args[1])
	}
	s.calls[c] = info
}

// asQuery returns a call argument as an event query (a bare log is one
// with no where and no window).
func asQuery(a ast.Expr) *ast.QueryExpr {
	if q, ok := a.(*ast.QueryExpr); ok {
		return q
	}
	return &ast.QueryExpr{Source: a, Sp: a.Span()}
}

// queryLog returns the log an argument of then() selects events of, or
// nil when it is not `LOG [where F] [window]`.
func (s *state) queryLog(a ast.Expr) *tableSym {
	return s.eventLog(asQuery(a).Source)
}

// checkSequence types then(X, Y [, GAP]): both filters, the window and a
// positive constant gap.
func (s *state) checkSequence(sc scope, info *callInfo) types.Type {
	y := asQuery(info.args[0])
	s.checkCond(scope{file: sc.file, log: info.log}, info.where, "the event filter after `where`")
	s.checkCond(scope{file: sc.file, log: s.queryLog(y)}, y.Where, "the event filter after `where`")
	s.checkWindow(sc, info.within)
	s.checkBetween(sc, info.between)
	if len(info.args) > 1 {
		s.checkGap(sc, info.args[1])
	}
	return types.Of(types.Bool)
}

// checkGap checks then()'s gap: a positive constant duration.
func (s *state) checkGap(sc scope, e ast.Expr) {
	t := s.check(sc, e)
	v, lit := literalValue(e)
	n, _ := v.(int64)
	if t.IsValid() && (t.Kind != types.Duration || !lit || n <= 0) {
		s.errorAt(sc.file, diag.BadArguments, e.Span(),
			fmt.Sprintf("the gap of then(...) is the longest time from X to Y, a positive constant duration such as 1h or 7d, not %s", exprText(e)))
	}
}

// hoistSequence lifts then(X, Y [, GAP]) into a plan.Sequence aggregate.
func (s *state) hoistSequence(ctx lowerCtx, node plan.Node, c *ast.CallExpr, info *callInfo) plan.Expr {
	y := asQuery(info.args[0])
	ylog := s.queryLog(y)
	filter := s.lower(lowerCtx{file: ctx.file, log: info.log, owner: ctx.owner, population: -1}, info.where)
	then := &plan.EventMatch{Log: ylog.index, Loc: plan.Loc{File: ctx.file, Span: y.Sp},
		Filter: s.lower(lowerCtx{file: ctx.file, log: ylog, owner: ctx.owner, population: -1}, y.Where)}
	window, until := s.windowOf(info)
	var gap int64
	if len(info.args) > 1 {
		v, _ := literalValue(info.args[1])
		gap, _ = v.(int64)
	}
	key := fmt.Sprintf("then|%d|%s|%d|%s|%d|%d|%d", info.log.index, plan.FormatExpr(filter), ylog.index, plan.FormatExpr(then.Filter), window, until, gap)
	idx, ok := s.aggByKey[key]
	if !ok {
		idx = len(s.aggregates)
		s.aggByKey[key] = idx
		s.aggregates = append(s.aggregates, &plan.Aggregate{
			Index: idx, Func: plan.Sequence, Log: info.log.index, Filter: filter, Window: window, Until: until,
			Then: then, Gap: gap, Type: node.T, Text: exprText(c), Loc: node.L,
		})
	}
	return &plan.AggregateRef{Node: node, Aggregate: idx}
}
