package dsl

import (
	"bytes"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// chunk is the token run of one top-level declaration. Each chunk is parsed
// on its own so that an error in one declaration does not hide the next.
type chunk struct {
	tokens []lexer.Token
	next   *lexer.Token // first token of the following chunk, nil for the last
	end    int          // offset of the chunk's end-of-input token
	hasBad bool         // a character in the chunk could not be lexed
}

// span covers the chunk's tokens.
func (c chunk) span() source.Span {
	first, last := c.tokens[0], c.tokens[len(c.tokens)-1]
	return source.Span{Start: first.Pos.Offset, End: tokenSpan(last).End}
}

// declKeywords are the words that may start a top-level declaration.
func isDeclKeyword(word string) bool {
	switch word {
	case "entities", "table", "events", "feature", "segment", "lifecycle", "trigger", "test", "destination":
		return true
	}
	return false
}

// splitChunks cuts the tokens before every declaration start: a declaration
// keyword followed by a name (a string for test), first on its line, either outside any brackets
// or at the very start of its line (so a missing "}" does not swallow the
// rest of the file).
func splitChunks(src []byte, lx lexed, ident lexer.TokenType) []chunk {
	toks := lx.tokens
	var starts []int
	depth := 0
	for i, t := range toks {
		if startsDecl(src, toks, i, depth, ident) {
			starts = append(starts, i)
			depth = 0
		}
		depth = nextDepth(depth, t)
	}
	return cut(src, lx, starts)
}

// cut builds chunks from start indexes; tokens before the first start form
// a chunk of their own.
func cut(src []byte, lx lexed, starts []int) []chunk {
	toks := lx.tokens
	if len(toks) == 0 {
		return nil
	}
	if len(starts) == 0 || starts[0] != 0 {
		starts = append([]int{0}, starts...)
	}
	out := make([]chunk, 0, len(starts))
	for k, s := range starts {
		c := chunk{tokens: toks[s:], end: len(src)}
		if k+1 < len(starts) {
			c.tokens = toks[s:starts[k+1]]
			c.next = &toks[starts[k+1]]
			c.end = c.next.Pos.Offset
		}
		lo := c.tokens[0].Pos.Offset
		if k == 0 {
			lo = 0
		}
		c.hasBad = anyIn(lx.badAt, lo, c.end)
		out = append(out, c)
	}
	return out
}

// startsDecl reports whether token i begins a new declaration.
func startsDecl(src []byte, toks []lexer.Token, i, depth int, ident lexer.TokenType) bool {
	t := toks[i]
	if t.Type != ident || !isDeclKeyword(t.Value) || i+1 >= len(toks) || !declNameToken(t.Value, toks[i+1], ident) {
		return false
	}
	lineStart := bytes.LastIndexByte(src[:t.Pos.Offset], '\n') + 1
	if i > 0 && tokenSpan(toks[i-1]).End > lineStart {
		return false
	}
	return depth == 0 || lineStart == t.Pos.Offset
}

// declNameToken reports whether next can follow the keyword kw as the
// declaration's name: a string for a test, an identifier otherwise.
func declNameToken(kw string, next lexer.Token, ident lexer.TokenType) bool {
	if kw == "test" {
		return next.Type == grammar.StringType
	}
	return next.Type == ident
}

// nextDepth tracks bracket nesting of any kind, never below zero.
func nextDepth(depth int, t lexer.Token) int {
	switch t.Value {
	case "(", "[", "{":
		return depth + 1
	case ")", "]", "}":
		return max(depth-1, 0)
	}
	return depth
}

// anyIn reports whether a sorted offset list has one in [lo, hi).
func anyIn(offsets []int, lo, hi int) bool {
	for _, o := range offsets {
		if o >= lo && o < hi {
			return true
		}
	}
	return false
}

// keyword is the chunk's first word, e.g. "segment".
func (c chunk) keyword() string { return c.tokens[0].Value }
