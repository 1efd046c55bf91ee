package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
)

// Binding powers, lowest first. Prefix `not` takes an operand of
// comparison strength; prefix `-` binds tighter than every binary operator.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCompare
	precCoalesce
	precAdd
	precMul
)

// binaryPrec is the binding power of a binary operator.
func binaryPrec(op string) int {
	switch op {
	case "or", "||":
		return precOr
	case "and", "&&":
		return precAnd
	case "??":
		return precCoalesce
	case "+", "-":
		return precAdd
	case "*", "/", "%":
		return precMul
	}
	return precCompare // == != < <= > >= in
}

// pratt applies precedence to a flat grammar.Expr. Operand k is preceded by
// operator k-1; prefix counts how many of the current operand's prefix
// operators are already applied.
type pratt struct {
	c       *converter
	g       *grammar.Expr
	operand int
	prefix  int
}

// expr converts a flat expression into a tree of BinaryExpr and UnaryExpr.
func (c *converter) expr(g *grammar.Expr) ast.Expr {
	p := &pratt{c: c, g: g}
	return p.parse(precOr)
}

// parse reads operands and operators binding at least minPrec. Operators of
// one level associate to the left; comparisons do not associate.
func (p *pratt) parse(minPrec int) ast.Expr {
	left := p.unary(minPrec)
	lastCompare := false
	for p.operand-1 < len(p.g.Rest) {
		tail := p.g.Rest[p.operand-1]
		prec := binaryPrec(tail.Op)
		if prec < minPrec {
			break
		}
		if prec == precCompare && lastCompare {
			p.c.syntax(tail.Tokens[0], fmt.Sprintf(
				"comparisons cannot be chained: found %q after a comparison; combine them with \"and\" or add parentheses", tail.Op))
		}
		lastCompare = prec == precCompare
		p.prefix = 0
		right := p.parse(prec + 1)
		if tail.Op == "in" {
			p.checkList(tail, right)
		}
		left = binary(left, tail.Tokens[0], right)
	}
	return left
}

// current is the operand being read.
func (p *pratt) current() *grammar.Operand {
	if p.operand == 0 {
		return p.g.First
	}
	return p.g.Rest[p.operand-1].Right
}

// unary applies the current operand's remaining prefix operators.
func (p *pratt) unary(minPrec int) ast.Expr {
	op := p.current()
	if p.prefix == len(op.Prefix) {
		p.operand++
		return p.c.postfix(op.X)
	}
	tok := op.Tokens[p.prefix]
	p.prefix++
	if tok.Value == "-" {
		p.noNotAfter(op, tok, precMul+1)
		x := p.unary(precMul + 1)
		return &ast.UnaryExpr{Op: ast.OpNeg, X: x, Sp: tokenSpan(tok).Join(x.Span())}
	}
	if p.prefix == 1 && minPrec > precNot {
		p.c.syntax(tok, fmt.Sprintf("%q cannot be an operand here; put the %s expression in parentheses", tok.Value, tok.Value))
	}
	x := p.parse(precCompare)
	return &ast.UnaryExpr{Op: ast.OpNot, X: x, Sp: tokenSpan(tok).Join(x.Span())}
}

// noNotAfter rejects `- not x`: negation needs a number, not a condition.
func (p *pratt) noNotAfter(op *grammar.Operand, minus lexer.Token, _ int) {
	if p.prefix < len(op.Prefix) && op.Prefix[p.prefix] != "-" {
		next := op.Tokens[p.prefix]
		p.c.syntax(next, fmt.Sprintf("expected an expression after \"-\", found %q", next.Value))
	}
}

// checkList requires a list literal on the right of `in`.
func (p *pratt) checkList(tail *grammar.BinTail, right ast.Expr) {
	if _, ok := right.(*ast.ListLit); !ok {
		first := tail.Right.Tokens[0]
		p.c.syntax(first, fmt.Sprintf("expected a list \"[...]\" after \"in\", found %s", describeToken(first)))
	}
}

// syntax reports an E0101 found while building the tree and marks the
// declaration as unusable.
func (c *converter) syntax(at lexer.Token, msg string) {
	c.failed = true
	c.sink.Error(diag.SyntaxError, tokenSpan(at), msg)
}
