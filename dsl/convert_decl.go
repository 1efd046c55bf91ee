package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// converter turns participle structs into ast nodes, reporting literal
// errors and duplicate clauses on the way.
type converter struct {
	sink   *diag.Sink
	failed bool // a syntax error was reported; the result is not usable
}

// spanOf covers a run of tokens.
func spanOf(toks []lexer.Token) source.Span {
	if len(toks) == 0 {
		return source.Span{}
	}
	return tokenSpan(toks[0]).Join(tokenSpan(toks[len(toks)-1]))
}

// decl converts one declaration.
func (c *converter) decl(g *grammar.Decl) ast.Decl {
	switch {
	case g.Table != nil:
		return c.table(g.Table)
	case g.Events != nil:
		return c.events(g.Events)
	case g.Feature != nil:
		return c.feature(g.Feature)
	case g.Segment != nil && g.Segment.Cluster != nil:
		return c.cluster(g.Segment)
	case g.Segment != nil:
		return c.segment(g.Segment)
	case g.Lifecycle != nil:
		return c.lifecycle(g.Lifecycle)
	case g.Trigger != nil:
		return c.trigger(g.Trigger)
	case g.Test != nil:
		return c.test(g.Test)
	case g.Dest != nil:
		return c.destination(g.Dest)
	}
	return nil
}

// table converts an entities or table declaration.
func (c *converter) table(g *grammar.TableDecl) *ast.TableDecl {
	kind := ast.FeatureTable
	if g.Kind == "entities" {
		kind = ast.EntitiesTable
	}
	return &ast.TableDecl{
		Kind: kind, Name: ident(g.Name), Key: ident(g.Key), From: c.optString(g.From),
		Columns: columns(g.Columns), Sp: spanOf(g.Tokens),
	}
}

// events converts an events declaration.
func (c *converter) events(g *grammar.EventsDecl) *ast.TableDecl {
	return &ast.TableDecl{
		Kind: ast.EventsTable, Name: ident(g.Name), Key: ident(g.Key), Time: ident(g.Time),
		ID: ident(g.ID), Retention: c.optDuration(g.Retention), From: c.optString(g.From), Where: c.optExpr(g.Where),
		Columns: columns(g.Columns), Sp: spanOf(g.Tokens),
	}
}

// columns converts a column block.
func columns(g *grammar.ColumnBlock) []*ast.Column {
	out := make([]*ast.Column, 0, len(g.Columns))
	for _, col := range g.Columns {
		typ := &ast.TypeRef{Name: ident(col.Type.Name), Nullable: col.Type.Nullable, Sp: spanOf(col.Type.Tokens)}
		c := &ast.Column{Name: ident(col.Name), Type: typ, Sp: spanOf(col.Tokens)}
		if col.PII != nil {
			c.PII = col.PII.Ident
			c.Sp = c.Sp.Join(c.PII.Sp)
		}
		out = append(out, c)
	}
	return out
}

// feature converts `feature NAME = EXPR`.
func (c *converter) feature(g *grammar.FeatureDecl) *ast.FeatureDecl {
	return &ast.FeatureDecl{Name: ident(g.Name), Value: c.expr(g.Value), Sp: spanOf(g.Tokens)}
}

// segment converts a segment and its clauses; a repeated clause is
// reported (E0105) and the first one kept.
func (c *converter) segment(g *grammar.SegmentDecl) *ast.SegmentDecl {
	d := &ast.SegmentDecl{Sp: spanOf(g.Tokens)}
	for _, p := range g.Path {
		d.Path = append(d.Path, ident(p))
	}
	seen := map[string]*grammar.Clause{}
	for _, cl := range g.Clauses {
		name := cl.Tokens[0].Value
		if first, dup := seen[name]; dup {
			c.duplicateClause(d, name, cl, first)
			continue
		}
		seen[name] = cl
		c.clause(d, cl)
	}
	return d
}

// duplicateClause reports E0105 with the first clause as related.
func (c *converter) duplicateClause(d *ast.SegmentDecl, name string, again, first *grammar.Clause) {
	msg := fmt.Sprintf("segment %s has more than one %s clause; keep one", d.Name(), name)
	if name == "where" || name == "require" {
		msg += fmt.Sprintf(" and combine the conditions with \"and\"")
	}
	rel := diag.Related{File: c.sink.File, Span: tokenSpan(first.Tokens[0]), Message: "the first " + name + " clause is here"}
	c.sink.Error(diag.DuplicateClause, tokenSpan(again.Tokens[0]), msg, rel)
}

// clause fills one segment clause.
func (c *converter) clause(d *ast.SegmentDecl, cl *grammar.Clause) {
	switch {
	case cl.Description != nil:
		d.Description = c.stringLit(cl.Description)
	case cl.Where != nil:
		d.Where = c.expr(cl.Where)
	case cl.Require != nil:
		d.Require = c.expr(cl.Require)
	case cl.Holdout != nil:
		var problems []grammar.Problem
		n := grammar.NumberLit(cl.Holdout.Text, spanOf(cl.Holdout.Tokens), &problems)
		c.report(problems)
		d.Holdout = &ast.Holdout{Percent: n, Sp: spanOf(cl.Tokens)}
	}
}

// ident converts a name; nil stays nil.
func ident(g *grammar.Ident) *ast.Ident {
	if g == nil {
		return nil
	}
	return &ast.Ident{Name: g.Name, Sp: spanOf(g.Tokens)}
}

// optString converts an optional string.
func (c *converter) optString(g *grammar.String) *ast.StringLit {
	if g == nil {
		return nil
	}
	return c.stringLit(g)
}

// stringLit converts a string token.
func (c *converter) stringLit(g *grammar.String) *ast.StringLit {
	var problems []grammar.Problem
	lit := grammar.StringLit(g.Raw, spanOf(g.Tokens), &problems)
	c.report(problems)
	return lit
}
