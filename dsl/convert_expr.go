package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/internal/grammar"
)

// canonicalOp maps the symbolic spellings of the logical operators to
// their words.
func canonicalOp(op string) string {
	switch op {
	case "||":
		return ast.OpOr
	case "&&":
		return ast.OpAnd
	case "!":
		return ast.OpNot
	}
	return op
}

// binary builds one operator node.
func binary(x ast.Expr, op lexer.Token, y ast.Expr) ast.Expr {
	return &ast.BinaryExpr{Op: canonicalOp(op.Value), OpSp: tokenSpan(op), X: x, Y: y, Sp: x.Span().Join(y.Span())}
}

// optExpr converts an optional expression; nil stays a nil interface.
func (c *converter) optExpr(g *grammar.Expr) ast.Expr {
	if g == nil {
		return nil
	}
	return c.expr(g)
}

// postfix converts `.name` selectors, innermost first.
func (c *converter) postfix(g *grammar.Postfix) ast.Expr {
	x := c.primary(g.X)
	for _, s := range g.Sels {
		sel := ident(s)
		x = &ast.SelectorExpr{X: x, Sel: sel, Sp: x.Span().Join(sel.Sp)}
	}
	return x
}

// primary converts literals, names, calls, parentheses and lists.
func (c *converter) primary(g *grammar.Primary) ast.Expr {
	sp := spanOf(g.Tokens)
	switch {
	case g.Duration != nil:
		return c.duration(*g.Duration, sp)
	case g.Number != nil:
		return c.number(*g.Number, sp)
	case g.String != nil:
		return c.str(*g.String, sp)
	case g.Bool != nil:
		return &ast.BoolLit{Value: *g.Bool == "true", Sp: sp}
	case g.Null:
		return &ast.NullLit{Sp: sp}
	case g.Name != nil:
		return c.nameRef(g.Name)
	case g.Paren != nil:
		return &ast.ParenExpr{X: c.expr(g.Paren), Sp: sp}
	}
	return c.list(g.List)
}

// nameRef converts a name or a call.
func (c *converter) nameRef(g *grammar.NameRef) ast.Expr {
	name := ident(g.Name)
	if g.Args == nil {
		return name
	}
	call := &ast.CallExpr{Fun: name, Args: []ast.Expr{}, Sp: spanOf(g.Tokens)}
	for _, a := range g.Args.Args {
		call.Args = append(call.Args, c.arg(a))
	}
	return call
}

// arg converts a call argument: a ByArg, a QueryExpr or a plain expression.
func (c *converter) arg(g *grammar.Arg) ast.Expr {
	sp := spanOf(g.Tokens)
	if g.By != nil {
		return &ast.ByArg{Key: c.expr(g.By), Sp: sp}
	}
	x := c.expr(g.Value)
	if g.Where == nil && g.Within == nil {
		return x
	}
	return &ast.QueryExpr{Source: x, Where: c.optExpr(g.Where), Within: c.optExpr(g.Within), Sp: sp}
}

// list converts `[a, b]`.
func (c *converter) list(g *grammar.List) ast.Expr {
	l := &ast.ListLit{Elems: []ast.Expr{}, Sp: spanOf(g.Tokens)}
	for _, e := range g.Elems {
		l.Elems = append(l.Elems, c.expr(e))
	}
	return l
}
