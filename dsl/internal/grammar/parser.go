package grammar

import (
	"github.com/alecthomas/participle/v2"
)

// Parsers are the two participle parsers of the language. They are built
// once and never modified, and participle parsers are safe to share.
type Parsers struct {
	Lexer Definition
	Decl  *participle.Parser[Decl]
	Expr  *participle.Parser[Expr]
}

// lookahead 0 means an alternative that consumed a token and then failed
// is the error: `a > > 1` reports the second ">" rather than backing off to
// the first. The grammar decides every choice on its first token or with an
// explicit (?= ...) lookahead group, as for `by`.
const lookahead = 0

// Build builds the lexer and both parsers.
func Build() (*Parsers, error) {
	lex := NewLexer()
	opts := []participle.Option{participle.Lexer(lex), participle.UseLookahead(lookahead)}
	decl, err := participle.Build[Decl](opts...)
	if err != nil {
		return nil, err
	}
	expr, err := participle.Build[Expr](opts...)
	if err != nil {
		return nil, err
	}
	return &Parsers{Lexer: lex, Decl: decl, Expr: expr}, nil
}
