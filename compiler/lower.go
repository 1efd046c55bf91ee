package compiler

import (
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/types"
)

// lower turns a checked expression into a plan.Expr, inserting int->float
// casts where an operator or builtin widens. Expressions with errors lower
// to invalid constants so that later stages can still look at the rest.
func (s *state) lower(ctx lowerCtx, e ast.Expr) plan.Expr {
	if e == nil {
		return nil
	}
	node := plan.Node{T: s.types[e], L: plan.Loc{File: ctx.file, Span: e.Span()}}
	switch e := e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return s.lowerRef(node, e)
	case *ast.ParenExpr:
		return s.lower(ctx, e.X)
	case *ast.UnaryExpr:
		return &plan.Unary{Node: node, Op: e.Op, X: s.lower(ctx, e.X)}
	case *ast.BinaryExpr:
		return s.lowerBinary(ctx, node, e)
	case *ast.CallExpr:
		return s.lowerCall(ctx, node, e)
	}
	v, _ := literalValue(e)
	return &plan.Const{Node: node, Value: v}
}

// lowerRef lowers a resolved name.
func (s *state) lowerRef(node plan.Node, e ast.Expr) plan.Expr {
	r, ok := s.refs[e]
	if !ok {
		return &plan.Const{Node: node}
	}
	switch r.kind {
	case refFeature:
		return &plan.FeatureRef{Node: node, Feature: r.feature.index, Name: r.feature.decl.Name.Name}
	case refSegment:
		return &plan.SegmentRef{Node: node, Segment: r.segment.index, Name: r.segment.name}
	case refEventColumn:
		return &plan.EventColumnRef{Node: node, Log: r.col.table.index, Column: r.col.index, Name: r.col.name}
	case refState:
		return &plan.StateRef{Node: node, Lifecycle: r.lifecycle.index, State: r.state,
			Name: r.lifecycle.name() + "." + r.lifecycle.states[r.state]}
	case refTrigger:
		return &plan.TriggerRef{Node: node, Trigger: r.trigger.index, Name: r.trigger.segment}
	case refCluster:
		return s.lowerClusterRef(node, r)
	}
	return &plan.ColumnRef{Node: node, Column: r.col.planIdx, Name: r.col.refName}
}

// lowerBinary lowers an operator, casting operands to their common kind.
func (s *state) lowerBinary(ctx lowerCtx, node plan.Node, e *ast.BinaryExpr) plan.Expr {
	k, widen := s.operands[e]
	x := s.lower(ctx, e.X)
	if e.Op == ast.OpIn {
		return s.lowerIn(ctx, node, e, x, k)
	}
	y := s.lower(ctx, e.Y)
	if widen {
		x, y = castTo(x, k), castTo(y, k)
	}
	return &plan.Binary{Node: node, Op: e.Op, X: x, Y: y}
}

// lowerIn lowers `X in [literals]` with the literals in X's kind.
func (s *state) lowerIn(ctx lowerCtx, node plan.Node, e *ast.BinaryExpr, x plan.Expr, k types.Kind) plan.Expr {
	in := &plan.In{Node: node, X: castTo(x, k)}
	if list, ok := e.Y.(*ast.ListLit); ok {
		for _, el := range list.Elems {
			c, _ := castTo(s.lower(ctx, el), k).(*plan.Const)
			if c != nil {
				in.List = append(in.List, c)
			}
		}
	}
	return in
}

// castTo converts an int expression to float when k is float: constants
// are converted in place, other expressions are wrapped in a Cast. A null
// literal takes the kind k.
func castTo(e plan.Expr, k types.Kind) plan.Expr {
	if e == nil || k == types.Invalid {
		return e
	}
	t := e.Type()
	if c, ok := e.(*plan.Const); ok && t.Kind == types.Null {
		return &plan.Const{Node: plan.Node{T: types.Type{Kind: k, Nullable: true}, L: c.L}}
	}
	if k != types.Float || t.Kind != types.Int {
		return e
	}
	ft := types.Type{Kind: types.Float, Nullable: t.Nullable}
	if c, ok := e.(*plan.Const); ok {
		if v, ok := c.Value.(int64); ok {
			return &plan.Const{Node: plan.Node{T: ft, L: c.L}, Value: float64(v)}
		}
	}
	return &plan.Cast{Node: plan.Node{T: ft, L: e.Loc()}, X: e}
}

// lowerCall lowers a builtin call according to its class.
func (s *state) lowerCall(ctx lowerCtx, node plan.Node, c *ast.CallExpr) plan.Expr {
	if l, ok := s.timeIns[c]; ok {
		return &plan.TimeInRef{Node: node, Lifecycle: l.index}
	}
	info := s.calls[c]
	if info == nil {
		return &plan.Const{Node: node}
	}
	switch info.b.Class {
	case builtins.Aggregate:
		return s.hoistAggregate(ctx, node, c, info)
	case builtins.Population:
		return s.hoistPopulation(ctx, node, c, info)
	}
	call := &plan.Call{Node: node, Func: info.b.Name}
	k, widen := s.operands[c]
	for _, a := range info.args {
		arg := s.lower(ctx, a)
		if widen {
			arg = castTo(arg, k)
		}
		call.Args = append(call.Args, arg)
	}
	return call
}
