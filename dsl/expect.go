package dsl

import (
	"strings"

	"github.com/alecthomas/participle/v2"
)

// expectation turns what participle expected into words. Participle gives
// the remaining grammar (EBNF); its first element is what was needed next.
func expectation(perr participle.Error, c chunk, what string) string {
	ebnf, ok := expectedEBNF(perr)
	if !ok {
		return "the end of the " + kindName(what) + " declaration"
	}
	first := firstAtom(ebnf)
	if first == `"}"` {
		return closingBrace(what)
	}
	if words, ok := atomWords(first); ok {
		return words
	}
	return first
}

// expectedEBNF extracts the "(expected ...)" part of a participle message.
func expectedEBNF(perr participle.Error) (string, bool) {
	msg := perr.Message()
	const marker = " (expected "
	i := strings.Index(msg, marker)
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return "", false
	}
	return msg[i+len(marker) : len(msg)-1], true
}

// firstAtom returns the first literal, token reference or rule name of an
// EBNF expression such as `"{" Clause* "}"`.
func firstAtom(ebnf string) string {
	s := strings.TrimLeft(ebnf, "( ")
	if strings.HasPrefix(s, `"`) {
		if j := strings.IndexByte(s[1:], '"'); j >= 0 {
			return s[:j+2]
		}
	}
	end := strings.IndexAny(s, " )*+?|")
	if end < 0 {
		return s
	}
	return s[:end]
}

// atomWords names grammar rules and token kinds for people.
func atomWords(atom string) (string, bool) {
	switch atom {
	case "<ident>", "Ident", "NameRef":
		return "a name", true
	case "<string>", "String":
		return "a string", true
	case "<number>", "Number":
		return "a number", true
	case "Expr", "AndExpr", "NotExpr", "CmpExpr", "CoalExpr", "AddExpr",
		"MulExpr", "UnaryExpr", "Postfix", "Primary", "Arg":
		return "an expression", true
	case "TypeRef":
		return "a type (int, float, bool, string, time or duration)", true
	case "Column":
		return `a column ("name type")`, true
	case "ColumnBlock":
		return `"{"`, true
	case "Clause":
		return clauseWords, true
	case "List", `"["`:
		return `a list "[...]"`, true
	}
	return "", false
}

// clauseWords lists the segment clauses.
const clauseWords = "a segment clause (description, where, require or holdout)"

// closingBrace says what may come before a "}" in each declaration.
func closingBrace(what string) string {
	switch what {
	case "segment":
		return clauseWords + ` or "}"`
	case "entities", "table", "events":
		return `a column ("name type") or "}"`
	}
	return `"}"`
}
