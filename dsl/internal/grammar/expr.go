package grammar

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// Expr is an expression. It implements participle's Parseable interface:
// the declaration grammar is participle's, but expressions, which hold
// most of the tokens of a file, are parsed by the hand-written Pratt
// parser of exprparse.go, straight into package ast.
//
// The accepted language, the error positions and the "expected" part of
// syntax errors are those of the flat participle grammar it replaced:
//
//	Expr     = Operand (BinOp Operand)*
//	Operand  = ("not" | "!" | "-")* Postfix
//	Postfix  = Primary ("." Ident)*
//	Primary  = Ident ArgList? | Number | String | "(" Expr ")" | Duration
//	         | "[" (Expr ("," Expr)*)? "]" | "true" | "false" | "null"
//	ArgList  = "(" (Arg ("," Arg)*)? ")"
//	Arg      = "by" Expr (when an operand follows "by")
//	         | Expr ("where" Expr)? ("within" Expr)?
type Expr struct {
	// X is the expression tree.
	X ast.Expr
	// Problems are found while building the tree: literals that do not
	// fit, chained comparisons and misplaced operators. Package dsl
	// reports them only if the whole declaration parses, as it did when
	// they were found after parsing.
	Problems []Problem
	// Failed is set when a Problem is a syntax error, so X is not usable.
	Failed bool
}

// Problem is one diagnostic found while building an expression.
type Problem struct {
	Code diag.Code
	Span source.Span
	Msg  string
}

// Parse parses an expression from lex. On a syntax error the lexer stops
// at the offending token and the error is a participle.Error whose message
// ends in "(expected WHAT)".
func (e *Expr) Parse(lex *lexer.PeekingLexer) error {
	p := exprParser{lex: lex}
	x, err := p.expr()
	if err != nil {
		return err
	}
	e.X, e.Problems, e.Failed = x, p.problems, p.failed
	return nil
}
