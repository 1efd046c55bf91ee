package dsl

import "github.com/segc/segc/dsl/internal/grammar"

// parsers holds the lexer and participle parsers. It is built once at
// start-up and only read afterwards.
var parsers = mustBuildParsers()

// mustBuildParsers builds the grammar; a failure is a bug in the grammar
// structs, found by any test, never a reaction to user input.
func mustBuildParsers() *grammar.Parsers {
	p, err := grammar.Build()
	if err != nil {
		panic("dsl: the .seg grammar does not build: " + err.Error())
	}
	return p
}
