package grammar

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// The node types of this file implement participle's Parseable by hand,
// like Expr: they need a look two tokens ahead, ranges, or clearer
// messages than the declaration grammar gives.

// Built is what a hand-parsed node found besides its tree: Problems to
// report once the declaration parses, and Failed when one of them is a
// syntax error.
type Built struct {
	Problems []Problem
	Failed   bool
}

// keep copies a parser's findings.
func (b *Built) keep(p *exprParser) { b.Problems, b.Failed = p.problems, p.failed }

// EventMatch is `LOG [where FILTER]`.
type EventMatch struct {
	M *ast.EventMatch
	Built
}

// Parse implements participle.Parseable.
func (e *EventMatch) Parse(lex *lexer.PeekingLexer) error {
	p := exprParser{lex: lex}
	m, err := p.eventMatch()
	if err != nil {
		return err
	}
	e.M = m
	e.keep(&p)
	return nil
}

// eventMatch reads `LOG [where FILTER]`.
func (p *exprParser) eventMatch() (*ast.EventMatch, error) {
	log, err := p.name("EventLog")
	if err != nil {
		return nil, err
	}
	where, err := p.optClause("where")
	if err != nil {
		return nil, err
	}
	m := &ast.EventMatch{Log: log, Where: where, Sp: log.Sp}
	if where != nil {
		m.Sp = m.Sp.Join(where.Span())
	}
	return m, nil
}

// name reads an identifier, or fails expecting what.
func (p *exprParser) name(what string) (*ast.Ident, error) {
	t := p.lex.Peek()
	if t.Type != IdentType {
		return nil, p.expected(what)
	}
	p.lex.Next()
	return &ast.Ident{Name: t.Value, Sp: tokenSpan(*t)}, nil
}

// NamedArg is `NAME=VALUE` in cluster(...); the value may hold a range.
type NamedArg struct {
	Arg *ast.NamedArg
	Built
}

// Parse implements participle.Parseable.
func (a *NamedArg) Parse(lex *lexer.PeekingLexer) error {
	p := exprParser{lex: lex, allowRange: true}
	name, err := p.name("NamedArg")
	if err != nil {
		return err
	}
	if p.lex.Peek().Value != "=" {
		return p.expected(`"="`)
	}
	p.lex.Next()
	x, err := p.expr()
	if err != nil {
		return err
	}
	a.Arg = &ast.NamedArg{Name: name, Value: x, Sp: name.Sp.Join(x.Span())}
	a.keep(&p)
	return nil
}

// List is a list literal `[a, b]`: a row of a given block or the keys of
// an expect line. It does not match when the next token is not "[".
type List struct {
	X *ast.ListLit
	Built
}

// Parse implements participle.Parseable.
func (l *List) Parse(lex *lexer.PeekingLexer) error {
	if lex.Peek().Value != "[" {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	x, err := p.list()
	if err != nil {
		return err
	}
	l.X = x.(*ast.ListLit)
	l.keep(&p)
	return nil
}

// LifecycleItem is one line of a lifecycle: `initial STATE`,
// `terminal STATE, ...` or a transition. It does not match when the next
// token is not a name.
type LifecycleItem struct {
	Keyword    string      // "initial", "terminal" or "" for a transition
	KeywordSp  source.Span // the keyword, or the transition's FROM -> TO
	Names      []*ast.Ident
	Transition *ast.Transition
	Built
}

// Parse implements participle.Parseable. A name followed by "->" starts a
// transition, so states may be called initial or terminal.
func (it *LifecycleItem) Parse(lex *lexer.PeekingLexer) error {
	t := *lex.Peek()
	if t.Type != IdentType {
		return participle.NextMatch
	}
	p := exprParser{lex: lex}
	var err error
	switch {
	case p.arrowFollows():
		err = p.transition(it)
	case t.Value == "initial":
		it.Keyword, it.KeywordSp = t.Value, tokenSpan(*p.lex.Next())
		var n *ast.Ident
		n, err = p.name("StateName")
		it.Names = []*ast.Ident{n}
	case t.Value == "terminal":
		it.Keyword, it.KeywordSp = t.Value, tokenSpan(*p.lex.Next())
		it.Names, err = p.names()
	default:
		p.lex.Next()
		err = p.expected(`"->"`)
	}
	it.keep(&p)
	return err
}

// arrowFollows reports whether the token after the current one is "->".
func (p *exprParser) arrowFollows() bool {
	cp := p.lex.MakeCheckpoint()
	p.lex.Next()
	arrow := p.lex.Peek().Value == "->"
	p.lex.LoadCheckpoint(cp)
	return arrow
}

// names reads `NAME ("," NAME)*`.
func (p *exprParser) names() ([]*ast.Ident, error) {
	var out []*ast.Ident
	for {
		n, err := p.name("StateName")
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if p.lex.Peek().Value != "," {
			return out, nil
		}
		p.lex.Next()
	}
}

// transition reads `FROM -> TO when CONDITION` or `FROM -> TO on EVENTS`.
// A missing condition is reported and the next line read normally.
func (p *exprParser) transition(it *LifecycleItem) error {
	from, _ := p.name("StateName")
	p.lex.Next() // "->"
	to, err := p.name("StateName")
	if err != nil {
		return err
	}
	tr := &ast.Transition{From: from, To: to, Sp: from.Sp.Join(to.Sp)}
	it.Transition, it.KeywordSp = tr, tr.Sp
	switch p.lex.Peek().Value {
	case "when":
		p.lex.Next()
		tr.When, err = p.expr()
	case "on":
		p.lex.Next()
		tr.On, err = p.eventMatch()
	default:
		p.failed = true
		p.report(diag.SyntaxError, tr.Sp, fmt.Sprintf(
			"a transition needs `when CONDITION` or `on EVENTS`; add one after %q", from.Name+" -> "+to.Name))
		return nil
	}
	if err != nil {
		return err
	}
	tr.Sp = tr.Sp.Join(conditionSpan(tr))
	return nil
}

// conditionSpan is the span of a transition's condition.
func conditionSpan(tr *ast.Transition) source.Span {
	if tr.When != nil {
		return tr.When.Span()
	}
	return tr.On.Sp
}
