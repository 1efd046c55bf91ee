package dsl

import (
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/internal/grammar"
)

// expr takes the tree of a parsed expression and reports the problems found
// while building it; a syntax problem makes the declaration unusable.
func (c *converter) expr(g *grammar.Expr) ast.Expr {
	c.report(g.Problems)
	c.failed = c.failed || g.Failed
	return g.X
}

// optExpr converts an optional expression; nil stays a nil interface.
func (c *converter) optExpr(g *grammar.Expr) ast.Expr {
	if g == nil {
		return nil
	}
	return c.expr(g)
}

// report emits problems as error diagnostics.
func (c *converter) report(problems []grammar.Problem) {
	for _, p := range problems {
		c.sink.Error(p.Code, p.Span, p.Msg)
	}
}
