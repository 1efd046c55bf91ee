package dsl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/internal/grammar"
	"github.com/segc/segc/dsl/source"
)

// segmentPathEnd is the index of the last name of `segment a.b.c`.
func segmentPathEnd(toks []lexer.Token) int {
	end := 1
	for end+2 < len(toks) && toks[end+1].Value == "." && isName(toks[end+2]) {
		end += 2
	}
	return end
}

// isName reports whether a token is a non-reserved identifier.
func isName(t lexer.Token) bool { return t.Type == grammar.IdentType }

// reportNotDecl reports text that does not start a declaration.
func reportNotDecl(c chunk, sink *diag.Sink) {
	t := c.tokens[0]
	sink.Error(diag.SyntaxError, tokenSpan(t), fmt.Sprintf(
		"expected a declaration (entities, table, events, feature, segment, lifecycle, trigger or test), found %s", describeToken(t)))
}

// reportSyntax turns a participle error into one E0101 diagnostic at the
// offending token: what was expected, after what, and what was found.
func reportSyntax(err error, c chunk, what string, sink *diag.Sink) {
	var perr participle.Error
	if !errors.As(err, &perr) {
		sink.Error(diag.SyntaxError, c.span(), fmt.Sprintf("could not parse this %s: %v", what, err))
		return
	}
	i := tokenIndex(c.tokens, perr.Position().Offset)
	found, span := foundAt(c, i)
	if i < len(c.tokens) && chainedComparison(c.tokens, i) {
		sink.Error(diag.SyntaxError, span, fmt.Sprintf(
			"comparisons cannot be chained: found %s after a comparison; combine them with \"and\" or add parentheses", found))
		return
	}
	msg := "expected " + expectation(perr, c, what) + afterWhat(c, i) + ", found " + found
	if i < len(c.tokens) && i > 0 && isDeclKeyword(c.tokens[i].Value) {
		msg += "; a declaration must start on a new line"
	}
	sink.Error(diag.SyntaxError, span, msg)
}

// tokenIndex finds the chunk token at an offset; len(toks) means the end.
func tokenIndex(toks []lexer.Token, off int) int {
	for i, t := range toks {
		if t.Pos.Offset >= off {
			return i
		}
	}
	return len(toks)
}

// foundAt describes the token at index i of the chunk and gives its span;
// past the last token it is the next declaration or the end of the file.
func foundAt(c chunk, i int) (string, source.Span) {
	if i < len(c.tokens) {
		return describeToken(c.tokens[i]), tokenSpan(c.tokens[i])
	}
	if c.next != nil {
		return fmt.Sprintf("%q, the start of the next declaration", c.next.Value), tokenSpan(*c.next)
	}
	if len(c.tokens) == 0 {
		return "the end of the file", source.Span{Start: c.end, End: c.end}
	}
	end := tokenSpan(c.tokens[len(c.tokens)-1]).End
	return "the end of the file", source.Span{Start: end, End: end}
}

// describeToken shows a token for a message.
func describeToken(t lexer.Token) string {
	if strings.HasPrefix(t.Value, `"`) {
		return "a string"
	}
	return fmt.Sprintf("%q", t.Value)
}

// afterWhat names what precedes token i: a declaration's name, or the token.
func afterWhat(c chunk, i int) string {
	if i == 0 || i > len(c.tokens) {
		return ""
	}
	kw := c.keyword()
	switch {
	case i-1 == 1 && kw != "segment" && isDeclKeyword(kw):
		return " after the " + kindName(kw) + " name"
	case kw == "segment" && i-1 == segmentPathEnd(c.tokens):
		return " after the segment name"
	}
	return " after " + describeToken(c.tokens[i-1])
}

// kindName is how messages call a declaration kind.
func kindName(kw string) string {
	if kw == "entities" || kw == "events" {
		return kw + " table"
	}
	return kw
}

// comparisonOps are the non-associative operators.
func isComparison(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=", "in":
		return true
	}
	return false
}

// chainedComparison reports whether token i is a comparison operator that
// follows another comparison in the same operand run, as in `a < b < c`.
func chainedComparison(toks []lexer.Token, i int) bool {
	if !isComparison(toks[i].Value) || i == 0 || !endsValue(toks[i-1]) {
		return false
	}
	depth := 0
	for j := i - 1; j >= 0; j-- {
		v := toks[j].Value
		switch {
		case v == ")" || v == "]":
			depth++
		case v == "(" || v == "[":
			if depth == 0 {
				return false
			}
			depth--
		case depth > 0:
		case isComparison(v):
			return true
		case endsOperand(toks[j]):
			return false
		}
	}
	return false
}

// endsOperand reports tokens that no comparison operand runs across.
func endsOperand(t lexer.Token) bool {
	switch t.Value {
	case "and", "or", "not", "&&", "||", "!", ",", "=", "{", "}",
		"where", "require", "within", "by":
		return true
	}
	return false
}

// endsValue reports tokens that can end an operand: names, literals and
// closing brackets.
func endsValue(t lexer.Token) bool {
	switch t.Value {
	case ")", "]", "true", "false", "null":
		return true
	}
	return t.Type != grammar.ReservedType && !isPunct(t.Value)
}

// isPunct reports operator and bracket tokens.
func isPunct(v string) bool {
	return v != "" && strings.ContainsRune("?=!<>&|-+*/%(){}[],.", rune(v[0]))
}
