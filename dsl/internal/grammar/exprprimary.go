package grammar

import (
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// primary reads a literal, a name or call, a parenthesised expression or a
// list. It returns nil and no error when the current token starts none.
func (p *exprParser) primary() (ast.Expr, error) {
	t := p.lex.Peek()
	sp := tokenSpan(*t)
	switch {
	case t.Type == IdentType:
		return p.nameRef()
	case t.Type == NumberType:
		p.lex.Next()
		return NumberLit(t.Value, sp, &p.problems), nil
	case t.Type == StringType:
		p.lex.Next()
		return StringLit(t.Value, sp, &p.problems), nil
	case t.Value == "(":
		return p.paren()
	case t.Type == DurationType:
		p.lex.Next()
		return DurationLit(t.Value, sp, &p.problems), nil
	case t.Value == "[":
		return p.list()
	case t.Value == "true" || t.Value == "false":
		p.lex.Next()
		return &ast.BoolLit{Value: t.Value == "true", Sp: sp}, nil
	case t.Value == "null":
		p.lex.Next()
		return &ast.NullLit{Sp: sp}, nil
	}
	return nil, nil
}

// paren reads `( expr )`.
func (p *exprParser) paren() (ast.Expr, error) {
	open := *p.lex.Next()
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	closing, err := p.closing(")")
	if err != nil {
		return nil, err
	}
	return &ast.ParenExpr{X: x, Sp: tokenSpan(open).Join(closing)}, nil
}

// closing consumes the closing bracket or reports that it is missing.
func (p *exprParser) closing(bracket string) (sp source.Span, err error) {
	t := p.lex.Peek()
	if t.Value != bracket {
		return sp, p.expected(`"` + bracket + `"`)
	}
	p.lex.Next()
	return tokenSpan(*t), nil
}

// nameRef reads a name, or a call when "(" follows it.
func (p *exprParser) nameRef() (ast.Expr, error) {
	t := p.lex.Next()
	name := &ast.Ident{Name: t.Value, Sp: tokenSpan(*t)}
	if p.lex.Peek().Value != "(" {
		return name, nil
	}
	p.lex.Next()
	args, end, err := p.items(")", p.arg)
	if err != nil {
		return nil, err
	}
	return &ast.CallExpr{Fun: name, Args: args, Sp: name.Sp.Join(end)}, nil
}

// list reads `[a, b]`.
func (p *exprParser) list() (ast.Expr, error) {
	open := *p.lex.Next()
	elems, end, err := p.items("]", p.expr)
	if err != nil {
		return nil, err
	}
	return &ast.ListLit{Elems: elems, Sp: tokenSpan(open).Join(end)}, nil
}

// items reads `(item ("," item)*)? closing` after an opening bracket. A
// first item that fails before consuming anything means an empty list.
func (p *exprParser) items(closing string, item func() (ast.Expr, error)) ([]ast.Expr, source.Span, error) {
	out := []ast.Expr{}
	start := p.lex.Cursor()
	x, err := item()
	switch {
	case err != nil && p.lex.Cursor() != start:
		return nil, source.Span{}, err
	case err == nil:
		out = append(out, x)
		for p.lex.Peek().Value == "," {
			p.lex.Next()
			if x, err = item(); err != nil {
				return nil, source.Span{}, err
			}
			out = append(out, x)
		}
	}
	end, err := p.closing(closing)
	return out, end, err
}

// arg reads a call argument: `by EXPR` when an operand follows "by", else
// `EXPR [where EXPR] [within EXPR | between D and D ago]`.
func (p *exprParser) arg() (ast.Expr, error) {
	if t := p.lex.Peek(); t.Value == "by" && p.operandAfterBy() {
		by := tokenSpan(*p.lex.Next())
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &ast.ByArg{Key: x, Sp: by.Join(x.Span())}, nil
	}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	where, err := p.optClause("where")
	if err != nil {
		return nil, err
	}
	if where == nil && !isWindowWord(p.lex.Peek().Value) {
		return x, nil
	}
	q := &ast.QueryExpr{Source: x, Where: where, Sp: x.Span()}
	if err := p.windows(q); err != nil {
		return nil, err
	}
	return q, nil
}

// isWindowWord reports the words that start an event query's window.
func isWindowWord(v string) bool { return v == "within" || v == "between" }

// windows reads the optional time window of an event query and extends
// its span. A second window is a syntax error: within and between exclude
// each other.
func (p *exprParser) windows(q *ast.QueryExpr) error {
	if q.Where != nil {
		q.Sp = q.Sp.Join(q.Where.Span())
	}
	for first := true; ; first = false {
		t := *p.lex.Peek()
		if !isWindowWord(t.Value) {
			return nil
		}
		if !first {
			p.syntax(t, "an event query takes one window, `within D` or `between D1 and D2 ago`, not both; keep one")
		}
		sp, err := p.window(q, first)
		if err != nil {
			return err
		}
		q.Sp = q.Sp.Join(sp)
	}
}

// window reads `within EXPR` or `between D and D ago`; keep says whether
// to store it in q. It returns the window's span.
func (p *exprParser) window(q *ast.QueryExpr, keep bool) (source.Span, error) {
	if p.lex.Peek().Value == "within" {
		x, err := p.optClause("within")
		if err != nil {
			return source.Span{}, err
		}
		if keep {
			q.Within = x
		}
		return x.Span(), nil
	}
	w, err := p.between()
	if err != nil {
		return source.Span{}, err
	}
	if keep {
		q.Between = w
	}
	return w.Sp, nil
}

// between reads `between D and D ago`; both bounds are duration literals.
func (p *exprParser) between() (*ast.Window, error) {
	kw := tokenSpan(*p.lex.Next())
	from, err := p.durationLit()
	if err != nil {
		return nil, err
	}
	if p.lex.Peek().Value != "and" {
		return nil, p.expected(`"and"`)
	}
	p.lex.Next()
	to, err := p.durationLit()
	if err != nil {
		return nil, err
	}
	ago := p.lex.Peek()
	if ago.Value != "ago" {
		return nil, p.expected(`"ago"`)
	}
	p.lex.Next()
	return &ast.Window{From: from, To: to, Sp: kw.Join(tokenSpan(*ago))}, nil
}

// durationLit reads a duration literal such as 30d.
func (p *exprParser) durationLit() (*ast.DurationLit, error) {
	t := p.lex.Peek()
	if t.Type != DurationType {
		return nil, p.expected("Duration")
	}
	p.lex.Next()
	return DurationLit(t.Value, tokenSpan(*t), &p.problems), nil
}

// optClause reads `word EXPR` if the current token is word; nil if not.
func (p *exprParser) optClause(word string) (ast.Expr, error) {
	if p.lex.Peek().Value != word {
		return nil, nil
	}
	p.lex.Next()
	return p.expr()
}

// operandAfterBy reports whether the token after the current "by" can
// start an operand, so that `f(by)` and `f(by == 1)` use a column "by".
func (p *exprParser) operandAfterBy() bool {
	cp := p.lex.MakeCheckpoint()
	p.lex.Next()
	t := p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	switch t.Type {
	case IdentType, NumberType, StringType, DurationType:
		return true
	}
	switch t.Value {
	case "(", "[", "-", "not", "!", "true", "false", "null":
		return true
	}
	return false
}
