// Package grammar holds the lexer, the participle declaration grammar and
// the hand-written expression parser of the .seg language. Package dsl runs
// them and converts the result into package ast.
package grammar

import (
	"io"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token type names of the lexer, as used in grammar tags.
const (
	CommentToken    = "Comment"
	WhitespaceToken = "Whitespace"
	DurationToken   = "Duration"
	NumberToken     = "Number"
	StringToken     = "String"
	IdentToken      = "Ident"
	PunctToken      = "Punct"
	BadToken        = "Bad"
)

// Token types, numbered as participle's lexer.MustSimple numbered the
// rules of the regular-expression lexer this scanner replaced.
const (
	WhitespaceType lexer.TokenType = -2 - iota
	IdentType
	PunctType
	DurationType
	NumberType
	StringType
	CommentType
	BadType
)

// ReservedType is the token type package dsl gives to identifiers that are
// reserved words (and or not true false null in). The scanner never
// produces it, so `@Ident` never captures a reserved word while literals
// such as "and" still match it.
const ReservedType lexer.TokenType = -100

// Definition is the .seg lexer as a participle lexer.Definition.
type Definition struct{}

// NewLexer returns the .seg lexer definition.
func NewLexer() Definition { return Definition{} }

// Symbols maps token type names to types.
func (Definition) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, WhitespaceToken: WhitespaceType, IdentToken: IdentType,
		PunctToken: PunctType, DurationToken: DurationType, NumberToken: NumberType,
		StringToken: StringType, CommentToken: CommentType, BadToken: BadType,
	}
}

// Lex reads all of r and scans it.
func (d Definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString scans a string.
func (Definition) LexString(filename, src string) (lexer.Lexer, error) {
	return NewScanner(filename, src), nil
}
