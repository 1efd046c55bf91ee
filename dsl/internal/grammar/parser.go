package grammar

import "github.com/alecthomas/participle/v2"

// Parsers are the lexer and the participle parser of declarations. They
// are built once and never modified, and participle parsers are safe to
// share.
type Parsers struct {
	Lexer Definition
	Decl  *participle.Parser[Decl]
}

// lookahead 0 means an alternative that consumed a token and then failed
// is the error: `segment a.{` reports the "{" rather than backing off.
// The grammar decides every choice on its first token.
const lookahead = 0

// Build builds the lexer and the declaration parser.
func Build() (*Parsers, error) {
	lex := NewLexer()
	decl, err := participle.Build[Decl](participle.Lexer(lex), participle.UseLookahead(lookahead))
	if err != nil {
		return nil, err
	}
	return &Parsers{Lexer: lex, Decl: decl}, nil
}
