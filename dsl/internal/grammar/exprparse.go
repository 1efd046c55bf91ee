package grammar

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// isPrefixOp reports the prefix operators.
func isPrefixOp(v string) bool { return v == "not" || v == "!" || v == "-" }

// exprParser reads one expression from participle's token stream.
type exprParser struct {
	lex        *lexer.PeekingLexer
	problems   []Problem
	failed     bool
	allowRange bool // LO..HI is accepted: inside a cluster(...) argument value
}

// operand holds the prefix operators of the operand being read and how
// many of them the Pratt loop has applied.
type operand struct {
	prefixes []lexer.Token
	applied  int
}

// expr parses operands joined by binary operators, and a range LO..HI.
func (p *exprParser) expr() (ast.Expr, error) {
	x, err := p.operands()
	if err != nil || p.lex.Peek().Value != ".." {
		return x, err
	}
	return p.rangeLit(x)
}

// operands parses operands joined by binary operators.
func (p *exprParser) operands() (ast.Expr, error) {
	var op operand
	p.readPrefixes(&op)
	return p.binary(&op, ast.PrecOr)
}

// rangeLit reads `.. HI` after LO. Outside a cluster argument the range
// is a syntax error, reported once the declaration has been read.
func (p *exprParser) rangeLit(lo ast.Expr) (ast.Expr, error) {
	dots := *p.lex.Next()
	if !p.allowRange {
		p.syntax(dots, `a range "LO..HI" is only allowed in the value of a cluster(...) argument, as in k=auto(2..8)`)
	}
	hi, err := p.operands()
	if err != nil {
		return nil, err
	}
	return &ast.RangeLit{Lo: lo, Hi: hi, Sp: lo.Span().Join(hi.Span())}, nil
}

// readPrefixes consumes the prefix operators of the next operand.
func (p *exprParser) readPrefixes(op *operand) {
	start := p.lex.RawCursor()
	for isPrefixOp(p.lex.Peek().Value) {
		p.lex.Next()
	}
	op.prefixes, op.applied = p.lex.Range(start, p.lex.RawCursor()), 0
}

// binary reads operands and operators binding at least minPrec. Operators
// of one level associate to the left; comparisons do not associate.
func (p *exprParser) binary(op *operand, minPrec int) (ast.Expr, error) {
	left, err := p.unary(op, minPrec)
	if err != nil {
		return nil, err
	}
	lastCompare := false
	for {
		prec := ast.BinaryPrecedence(canonicalOp(p.lex.Peek().Value))
		if prec == 0 || prec < minPrec {
			return left, nil
		}
		tok := *p.lex.Next()
		if prec == ast.PrecCompare && lastCompare {
			p.syntax(tok, fmt.Sprintf(
				"comparisons cannot be chained: found %q after a comparison; combine them with \"and\" or add parentheses", tok.Value))
		}
		lastCompare = prec == ast.PrecCompare
		first := *p.lex.Peek()
		p.readPrefixes(op)
		right, err := p.binary(op, prec+1)
		if err != nil {
			return nil, err
		}
		if tok.Value == "in" {
			p.checkList(first, right)
		}
		left = &ast.BinaryExpr{Op: canonicalOp(tok.Value), OpSp: tokenSpan(tok), X: left, Y: right, Sp: left.Span().Join(right.Span())}
	}
}

// unary applies the current operand's remaining prefix operators, then
// reads its postfix expression.
func (p *exprParser) unary(op *operand, minPrec int) (ast.Expr, error) {
	if op.applied == len(op.prefixes) {
		return p.postfix()
	}
	tok := op.prefixes[op.applied]
	op.applied++
	if tok.Value == "-" {
		p.noNotAfterMinus(op)
		x, err := p.unary(op, ast.PrecMul+1)
		if err != nil {
			return nil, err
		}
		return &ast.UnaryExpr{Op: ast.OpNeg, X: x, Sp: tokenSpan(tok).Join(x.Span())}, nil
	}
	if op.applied == 1 && minPrec > ast.PrecNot {
		p.syntax(tok, fmt.Sprintf("%q cannot be an operand here; put the %s expression in parentheses", tok.Value, tok.Value))
	}
	x, err := p.binary(op, ast.PrecCompare)
	if err != nil {
		return nil, err
	}
	return &ast.UnaryExpr{Op: ast.OpNot, X: x, Sp: tokenSpan(tok).Join(x.Span())}, nil
}

// noNotAfterMinus rejects `- not x`: negation needs a number, not a
// condition.
func (p *exprParser) noNotAfterMinus(op *operand) {
	if op.applied < len(op.prefixes) && op.prefixes[op.applied].Value != "-" {
		next := op.prefixes[op.applied]
		p.syntax(next, fmt.Sprintf("expected an expression after \"-\", found %q", next.Value))
	}
}

// checkList requires a list literal on the right of `in`; first is the
// first token of the right operand.
func (p *exprParser) checkList(first lexer.Token, right ast.Expr) {
	if _, ok := right.(*ast.ListLit); !ok {
		p.syntax(first, fmt.Sprintf("expected a list \"[...]\" after \"in\", found %s", describeToken(first)))
	}
}

// postfix reads a primary expression and its `.name` selectors.
func (p *exprParser) postfix() (ast.Expr, error) {
	x, err := p.primary()
	if err != nil || x == nil {
		return nil, p.orExpected(err, "Postfix")
	}
	for p.lex.Peek().Value == "." {
		p.lex.Next()
		name := p.lex.Peek()
		if name.Type != IdentType {
			return nil, p.expected("Ident")
		}
		p.lex.Next()
		sel := &ast.Ident{Name: name.Value, Sp: tokenSpan(*name)}
		x = &ast.SelectorExpr{X: x, Sel: sel, Sp: x.Span().Join(sel.Sp)}
	}
	return x, nil
}

// orExpected returns err, or when there is none an error saying what was
// expected at the current token.
func (p *exprParser) orExpected(err error, what string) error {
	if err != nil {
		return err
	}
	return p.expected(what)
}

// expected is participle's error for a missing grammar element at the
// current token.
func (p *exprParser) expected(what string) error {
	return &participle.UnexpectedTokenError{Unexpected: *p.lex.Peek(), Expect: what}
}

// syntax records a syntax error found while building the tree.
func (p *exprParser) syntax(at lexer.Token, msg string) {
	p.failed = true
	p.report(diag.SyntaxError, tokenSpan(at), msg)
}

// report records a problem.
func (p *exprParser) report(code diag.Code, sp source.Span, msg string) {
	p.problems = append(p.problems, Problem{Code: code, Span: sp, Msg: msg})
}

// tokenSpan is the byte span of a token.
func tokenSpan(tok lexer.Token) source.Span {
	return source.Span{Start: tok.Pos.Offset, End: tok.Pos.Offset + len(tok.Value)}
}

// describeToken shows a token for a message.
func describeToken(t lexer.Token) string {
	if len(t.Value) > 0 && t.Value[0] == '"' {
		return "a string"
	}
	return fmt.Sprintf("%q", t.Value)
}

// canonicalOp maps the symbolic spellings of the logical operators to
// their words.
func canonicalOp(op string) string {
	switch op {
	case "||":
		return ast.OpOr
	case "&&":
		return ast.OpAnd
	}
	return op
}
