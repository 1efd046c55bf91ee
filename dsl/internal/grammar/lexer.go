// Package grammar holds the participle lexer and grammar structs of the .seg
// language. Package dsl runs them and converts the result into package ast.
package grammar

import "github.com/alecthomas/participle/v2/lexer"

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

// ReservedType is the token type package dsl gives to identifiers that are
// reserved words (and or not true false null in). No lexer rule produces it,
// so `@Ident` never captures a reserved word while literals such as "and"
// still match it.
const ReservedType lexer.TokenType = -100

// NewLexer builds the .seg lexer. Rules are tried in order, the most
// frequent first; durations come before numbers so that `30d` is one token,
// and the final Bad rule takes any character nothing else accepts, so
// lexing itself never fails.
func NewLexer() *lexer.StatefulDefinition {
	return lexer.MustSimple([]lexer.SimpleRule{
		{Name: WhitespaceToken, Pattern: `[ \t\r\n\f\v]+`},
		{Name: IdentToken, Pattern: `[\p{L}_][\p{L}\p{N}_]*`},
		{Name: PunctToken, Pattern: `\?\?|==|!=|<=|>=|&&|\|\||[-+*/%<>!=(){}\[\],.?]`},
		{Name: DurationToken, Pattern: `\d+[smhdw]\b`},
		{Name: NumberToken, Pattern: `\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`},
		{Name: StringToken, Pattern: `"(?:\\[^\n]|[^"\\\n])*"?`},
		{Name: CommentToken, Pattern: `#[^\n]*`},
		{Name: BadToken, Pattern: `(?s).`},
	})
}
