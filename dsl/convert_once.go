package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/segc/segc/dsl/source"
)

// eachOnce calls fill for each clause whose leading keyword has not come
// before in the same declaration, and reports E0105 for a repeated one.
// decl names the declaration ("trigger cart"), unit what a clause is
// called ("clause", "line").
func eachOnce[C any](c *converter, clauses []C, tokens func(C) []lexer.Token, decl, unit string, fill func(C)) {
	seen := map[string]*source.Span{}
	for _, cl := range clauses {
		kw := tokens(cl)[0]
		if seen[kw.Value] == nil {
			seen[kw.Value] = &source.Span{}
		}
		if c.once(seen[kw.Value], tokenSpan(kw), decl, kw.Value+" "+unit) {
			fill(cl)
		}
	}
}
