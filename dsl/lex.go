package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// lexed is a file run through the lexer: the significant tokens the grammar
// sees, the comments, and the offsets of characters that could not be lexed.
type lexed struct {
	tokens   []lexer.Token
	comments []ast.Comment
	badAt    []int // offsets of E0102 findings, ascending
}

// lexFile tokenizes f, reports bad characters and unterminated strings, and
// retags reserved words so that `@Ident` never matches them.
func lexFile(f *source.File, sink *diag.Sink) lexed {
	out := lexed{tokens: make([]lexer.Token, 0, len(f.Src)/4)}
	sc := grammar.NewScanner(f.Name, string(f.Src))
	for {
		tok, _ := sc.Next() // the scanner never fails
		if tok.EOF() {
			return out
		}
		out.add(tok, sink)
	}
}

// add files one raw token under tokens, comments or errors.
func (l *lexed) add(tok lexer.Token, sink *diag.Sink) {
	sp := tokenSpan(tok)
	switch tok.Type {
	case grammar.WhitespaceType:
	case grammar.CommentType:
		sp = trimCR(tok, sp)
		l.comments = append(l.comments, ast.Comment{Sp: sp, Text: tok.Value[:sp.End-sp.Start]})
	case grammar.BadType:
		l.badAt = append(l.badAt, sp.Start)
		sink.Error(diag.BadToken, sp, fmt.Sprintf("unexpected character %s; it cannot start any token of the .seg language", quoteChar(tok.Value)))
	default:
		if tok.Type == grammar.StringType && !grammar.StringTerminated(tok.Value) {
			l.badAt = append(l.badAt, sp.Start)
			sink.Error(diag.BadToken, sp, `this string is not terminated; add a closing " before the end of the line`)
		}
		if tok.Type == grammar.IdentType && isReserved(tok.Value) {
			tok.Type = grammar.ReservedType
		}
		l.tokens = append(l.tokens, tok)
	}
}

// trimCR drops a trailing carriage return from a comment span.
func trimCR(tok lexer.Token, sp source.Span) source.Span {
	if n := len(tok.Value); n > 0 && tok.Value[n-1] == '\r' {
		sp.End--
	}
	return sp
}

// tokenSpan is the byte span of a token.
func tokenSpan(tok lexer.Token) source.Span {
	return source.Span{Start: tok.Pos.Offset, End: tok.Pos.Offset + len(tok.Value)}
}

// quoteChar shows a bad character readably, invalid bytes in hex.
func quoteChar(s string) string {
	if len(s) == 1 && s[0] >= 0x80 {
		return fmt.Sprintf("byte 0x%02x (the file is not valid UTF-8 here)", s[0])
	}
	return fmt.Sprintf("%q", s)
}

// isReserved reports whether name is one of the reserved words.
func isReserved(name string) bool {
	switch name {
	case "and", "or", "not", "true", "false", "null", "in":
		return true
	}
	return false
}
