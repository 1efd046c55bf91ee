package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// built reports what a hand-parsed node found.
func (c *converter) built(b grammar.Built) {
	c.report(b.Problems)
	c.failed = c.failed || b.Failed
}

// once reports E0105 when a clause was already given (first is its first
// keyword span, zero when not seen) and says whether this one is the first.
func (c *converter) once(first *source.Span, at source.Span, decl, clause string) bool {
	if first.End == 0 {
		*first = at
		return true
	}
	rel := diag.Related{File: c.sink.File, Span: *first, Message: "the first " + clause + " is here"}
	c.sink.Error(diag.DuplicateClause, at, fmt.Sprintf("%s has more than one %s; keep one", decl, clause), rel)
	return false
}

// missing reports a required clause that is absent, at the declaration's
// name.
func (c *converter) missing(name *ast.Ident, decl, clause string) {
	c.failed = true
	c.sink.Error(diag.SyntaxError, name.Sp, fmt.Sprintf("%s %s needs %s", decl, name.Name, clause))
}

// lifecycle converts a lifecycle declaration.
func (c *converter) lifecycle(g *grammar.LifecycleDecl) *ast.LifecycleDecl {
	d := &ast.LifecycleDecl{Name: ident(g.Name), Sp: spanOf(g.Tokens)}
	var initial source.Span
	for _, it := range g.Items {
		c.built(it.Built)
		switch it.Keyword {
		case "initial":
			if c.once(&initial, it.KeywordSp, "lifecycle "+d.Name.Name, "initial line") {
				d.Initial = it.Names[0]
			}
		case "terminal":
			d.Terminal = append(d.Terminal, it.Names...)
		default:
			d.Transitions = append(d.Transitions, it.Transition)
		}
	}
	if d.Initial == nil {
		c.missing(d.Name, "lifecycle", "an `initial STATE` line: the state every entity starts in")
	}
	return d
}

// eventMatch converts an optional event match.
func (c *converter) eventMatch(g *grammar.EventMatch) *ast.EventMatch {
	if g == nil {
		return nil
	}
	c.built(g.Built)
	return g.M
}

// trigger converts a trigger declaration.
func (c *converter) trigger(g *grammar.TriggerDecl) *ast.TriggerDecl {
	d := &ast.TriggerDecl{Name: ident(g.Name), Sp: spanOf(g.Tokens)}
	eachOnce(c, g.Clauses, func(cl *grammar.TriggerClause) []lexer.Token { return cl.Tokens },
		"trigger "+d.Name.Name, "clause", func(cl *grammar.TriggerClause) { c.triggerClause(d, cl) })
	if d.On == nil {
		c.missing(d.Name, "trigger", "an `on EVENTS` clause: the events that fire it")
	}
	if d.Enter == nil {
		c.missing(d.Name, "trigger", "an `enter SEGMENT for DURATION` clause: the segment it fills")
	}
	return d
}

// triggerClause fills one trigger clause.
func (c *converter) triggerClause(d *ast.TriggerDecl, cl *grammar.TriggerClause) {
	switch {
	case cl.On != nil:
		d.On = c.eventMatch(cl.On)
	case cl.Wait != nil:
		d.Wait, d.Unless = c.expr(cl.Wait.Delay), c.eventMatch(cl.Wait.Unless)
	case cl.Enter != nil:
		d.Enter, d.For = ident(cl.Enter.Segment), c.expr(cl.Enter.For)
	case cl.ExitOn != nil:
		d.ExitOn = c.eventMatch(cl.ExitOn)
	}
}

// cluster converts `segment NAME = cluster(...) [{ ... }]`.
func (c *converter) cluster(g *grammar.SegmentDecl) *ast.ClusterDecl {
	spec := g.Cluster
	d := &ast.ClusterDecl{Name: ident(g.Path[0]), Algorithm: &ast.Ident{Name: spec.Algorithm.Name, Sp: spanOf(spec.Algorithm.Tokens)},
		KeywordSp: tokenSpan(spec.Tokens[0]), Sp: spanOf(g.Tokens)}
	if len(g.Path) > 1 {
		c.failed = true
		c.sink.Error(diag.SyntaxError, spanOf(g.Path[1].Tokens), fmt.Sprintf(
			"a cluster segment has a plain name: write segment %s = cluster(...); its clusters are %s.NAME", g.Path[0].Name, g.Path[0].Name))
	}
	seenArg := map[string]*source.Span{}
	for _, a := range spec.Args {
		c.built(a.Built)
		name := a.Arg.Name.Name
		if seenArg[name] == nil {
			seenArg[name] = &source.Span{}
		}
		if c.once(seenArg[name], a.Arg.Name.Sp, "cluster "+d.Name.Name, "argument "+name) {
			d.Args = append(d.Args, a.Arg)
		}
	}
	if spec.Block != nil {
		c.clusterClauses(d, spec.Block.Clauses)
	}
	return d
}

// clusterClauses fills the clauses of a cluster block.
func (c *converter) clusterClauses(d *ast.ClusterDecl, clauses []*grammar.ClusterClause) {
	var nameBy, retrain source.Span
	for _, cl := range clauses {
		at := tokenSpan(cl.Tokens[0])
		switch {
		case cl.NameBy != nil && c.once(&nameBy, at, "cluster "+d.Name.Name, "name by clause"):
			d.NameBy = c.naming(cl.NameBy)
		case cl.Retrain != nil && c.once(&retrain, at, "cluster "+d.Name.Name, "retrain clause"):
			d.RetrainEvery = c.expr(cl.Retrain)
		}
	}
}

// naming converts `FEATURE [asc|desc]: NAME, ...`.
func (c *converter) naming(g *grammar.ClusterNaming) *ast.ClusterNaming {
	n := &ast.ClusterNaming{Feature: c.expr(g.Feature), Desc: g.Order == "desc", Sp: spanOf(g.Tokens)}
	for _, id := range g.Names {
		n.Names = append(n.Names, ident(id))
	}
	return n
}

// test converts a test declaration.
func (c *converter) test(g *grammar.TestDecl) *ast.TestDecl {
	d := &ast.TestDecl{Name: c.stringLit(g.Name), Sp: spanOf(g.Tokens)}
	var asOf source.Span
	for _, cl := range g.Clauses {
		switch {
		case cl.AsOf != nil:
			if c.once(&asOf, tokenSpan(cl.Tokens[0]), "test "+d.Name.Raw, "as_of line") {
				d.AsOf = c.stringLit(cl.AsOf)
			}
		case cl.Given != nil:
			d.Givens = append(d.Givens, c.given(cl.Given, spanOf(cl.Tokens)))
		case cl.Expect != nil:
			d.Expects = append(d.Expects, c.expect(cl.Expect, spanOf(cl.Tokens)))
		}
	}
	return d
}

// given converts `TABLE(COL, ...) { rows }`; sp covers the whole clause,
// from `given`.
func (c *converter) given(g *grammar.Given, sp source.Span) *ast.Given {
	out := &ast.Given{Table: ident(g.Table), Sp: sp}
	for _, col := range g.Columns {
		out.Columns = append(out.Columns, ident(col))
	}
	for _, r := range g.Rows {
		c.built(r.Built)
		out.Rows = append(out.Rows, r.X)
	}
	return out
}

// expect converts `PATH OP [keys]`; sp covers the whole line.
func (c *converter) expect(g *grammar.TestExpect, sp source.Span) *ast.Expect {
	out := &ast.Expect{Op: g.Op, Sp: sp}
	for _, p := range g.Path {
		out.Segment = append(out.Segment, ident(p))
	}
	c.built(g.Keys.Built)
	out.Keys = g.Keys.X
	return out
}

// optDuration converts an optional duration token.
func (c *converter) optDuration(g *grammar.Duration) *ast.DurationLit {
	if g == nil {
		return nil
	}
	var problems []grammar.Problem
	d := grammar.DurationLit(g.Text, spanOf(g.Tokens), &problems)
	c.report(problems)
	return d
}
