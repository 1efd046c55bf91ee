package compiler

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/types"
)

// hoistAggregate lifts an event aggregate into plan.Aggregates (one per
// meaning) and returns a reference to it.
func (s *state) hoistAggregate(ctx lowerCtx, node plan.Node, c *ast.CallExpr, info *callInfo) plan.Expr {
	if info.b.Name == "then" {
		return s.hoistSequence(ctx, node, c, info)
	}
	ev := lowerCtx{file: ctx.file, log: info.log, owner: ctx.owner, population: -1}
	value := s.lower(ev, info.value)
	filter := s.lower(ev, info.where)
	window, until := s.windowOf(info)
	key := fmt.Sprintf("%s|%d|%s|%s|%d|%d", info.b.Name, info.log.index, plan.FormatExpr(value), plan.FormatExpr(filter), window, until)
	idx, ok := s.aggByKey[key]
	if !ok {
		idx = len(s.aggregates)
		s.aggByKey[key] = idx
		s.aggregates = append(s.aggregates, &plan.Aggregate{
			Index: idx, Func: plan.AggFunc(info.b.Name), Log: info.log.index,
			Value: value, Filter: filter, Window: window, Until: until, Type: node.T,
			Text: exprText(c), Loc: node.L,
		})
	}
	return &plan.AggregateRef{Node: node, Aggregate: idx}
}

// windowOf returns an aggregate's window and until in seconds: within D
// is (D, 0), between A and B ago is (A, B), none is (0, 0).
func (s *state) windowOf(info *callInfo) (window, until int64) {
	if v, ok := literalValue(info.within); ok {
		window, _ = v.(int64)
	}
	if w := info.between; w != nil {
		from, _ := literalValue(w.From)
		to, _ := literalValue(w.To)
		window, _ = from.(int64)
		until, _ = to.(int64)
	}
	return window, until
}

// hoistPopulation lifts percentile and median into a threshold, and
// rewrites zscore(x) as (x - mean) / stddev over two thresholds.
func (s *state) hoistPopulation(ctx lowerCtx, node plan.Node, c *ast.CallExpr, info *callInfo) plan.Expr {
	var value plan.Expr = &plan.Const{Node: node}
	if len(info.args) > 0 {
		value = castTo(s.lower(ctx, info.args[0]), types.Float)
	}
	var by plan.Expr
	if info.by != nil {
		by = s.lower(ctx, info.by.Key)
	}
	text := exprText(c)
	switch info.b.Name {
	case "zscore":
		mean := s.threshold(ctx, node, plan.Mean, value, 0, nil, text+".mean")
		sd := s.threshold(ctx, node, plan.StdDev, value, 0, nil, text+".stddev")
		diff := &plan.Binary{Node: node, Op: ast.OpSub, X: value, Y: mean}
		return &plan.Binary{Node: node, Op: ast.OpDiv, X: diff, Y: sd}
	case "median":
		return s.threshold(ctx, node, plan.Percentile, value, 50, by, text)
	}
	var p float64
	if len(info.args) > 1 {
		v, _ := literalValue(info.args[1])
		switch v := v.(type) {
		case int64:
			p = float64(v)
		case float64:
			p = v
		}
	}
	return s.threshold(ctx, node, plan.Percentile, value, p, by, text)
}

// threshold returns a reference to the threshold with the given meaning,
// creating it the first time.
func (s *state) threshold(ctx lowerCtx, node plan.Node, kind plan.StatKind, value plan.Expr, p float64, by plan.Expr, text string) plan.Expr {
	key := fmt.Sprintf("%s|%s|%v|%s|%d", kind, plan.FormatExpr(value), p, plan.FormatExpr(by), ctx.population)
	idx, ok := s.thrByKey[key]
	if !ok {
		idx = len(s.thresholds)
		s.thrByKey[key] = idx
		s.thresholds = append(s.thresholds, &plan.Threshold{
			Index: idx, Kind: kind, Value: value, P: p, By: by, Population: ctx.population,
			Owner: ctx.owner, Text: text, Type: types.Of(types.Float).OrNull(), Loc: node.L,
		})
	}
	return &plan.ThresholdRef{Node: plan.Node{T: types.Of(types.Float).OrNull(), L: node.L}, Threshold: idx}
}
