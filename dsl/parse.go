// Package dsl parses .seg files into the syntax tree of package ast.
//
// Parse lexes the whole file once, collects comments, cuts the tokens into
// one chunk per top-level declaration and parses each chunk with the
// participle grammar of package dsl/internal/grammar, so that one file can
// report an error per declaration. Every node gets its exact byte span.
package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// Parse parses a .seg file. It always returns a file: declarations that
// could not be read are *ast.BadDecl, and the diagnostics say why. Spans are
// byte offsets into f.Src.
func Parse(f *source.File) (*ast.File, diag.List) {
	sink := &diag.Sink{File: f}
	out := &ast.File{Source: f}
	lx := lexFile(f, sink)
	out.Comments = lx.comments
	out.Decls = parseChunks(f, splitChunks(f.Src, lx, grammar.IdentType), sink)
	sink.List.Sort()
	return out, sink.List
}

// ParseExpr parses the whole file as one expression. It returns nil and the
// diagnostics when the text is not an expression.
func ParseExpr(f *source.File) (ast.Expr, diag.List) {
	sink := &diag.Sink{File: f}
	lx := lexFile(f, sink)
	c := chunk{tokens: lx.tokens, end: len(f.Src), hasBad: len(lx.badAt) > 0}
	g, err := runParser(c, parseWholeExpr)
	var x ast.Expr
	if err != nil {
		if !c.hasBad {
			reportSyntax(err, c, "expression", sink)
		}
	} else if conv := (&converter{sink: sink}); true {
		if x = conv.expr(g); conv.failed {
			x = nil
		}
	}
	sink.List.Sort()
	return x, sink.List
}

// parseWholeExpr parses an expression that must use up all the tokens.
func parseWholeExpr(lex *lexer.PeekingLexer, _ ...participle.ParseOption) (*grammar.Expr, error) {
	g := &grammar.Expr{}
	if err := g.Parse(lex); err != nil {
		return nil, err
	}
	if t := lex.Peek(); !t.EOF() {
		return nil, &participle.UnexpectedTokenError{Unexpected: *t}
	}
	return g, nil
}

// parseChunk parses one declaration chunk.
func parseChunk(c chunk, sink *diag.Sink) ast.Decl {
	bad := &ast.BadDecl{Sp: c.span()}
	if !isDeclKeyword(c.tokens[0].Value) {
		reportNotDecl(c, sink)
		return bad
	}
	g, err := runParser(c, parsers.Decl.ParseFromLexer)
	if err != nil {
		if !c.hasBad {
			reportSyntax(err, c, c.tokens[0].Value, sink)
		}
		return bad
	}
	conv := &converter{sink: sink}
	if d := conv.decl(g); d != nil && !conv.failed {
		return d
	}
	return bad
}

// runParser feeds a chunk's tokens to a participle parser. The tokens keep
// their file offsets, so every position participle reports is a file offset.
// A panic inside participle becomes an error: bad input must never crash.
func runParser[G any](c chunk, parse func(*lexer.PeekingLexer, ...participle.ParseOption) (*G, error)) (g *G, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("internal parser failure: %v", r)
		}
	}()
	eof := lexer.EOFToken(lexer.Position{Offset: c.end})
	peek, err := lexer.Upgrade(&sliceLexer{tokens: c.tokens, eof: eof})
	if err != nil {
		return nil, err
	}
	return parse(peek)
}

// sliceLexer replays already lexed tokens to participle.
type sliceLexer struct {
	tokens []lexer.Token
	eof    lexer.Token
	next   int
}

// Next returns the next token, then EOF forever.
func (s *sliceLexer) Next() (lexer.Token, error) {
	if s.next >= len(s.tokens) {
		return s.eof, nil
	}
	s.next++
	return s.tokens[s.next-1], nil
}
