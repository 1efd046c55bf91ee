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
	return laterWords(atom)
}

// laterWords names the rules of lifecycles, triggers, clusters and tests.
func laterWords(atom string) (string, bool) {
	switch atom {
	case "ClusterSpec", `"cluster"`:
		return `"cluster(...)"`, true
	case "EventLog", "EventMatch":
		return "the name of an event log", true
	case "Algorithm":
		return "the clustering algorithm (kmeans or dbscan)", true
	case `"=="`:
		return `"==", "contains" or "excludes"`, true
	case "NamedArg":
		return "a named argument such as k=4", true
	case "StateName":
		return "a state name", true
	case "Duration", "<duration>":
		return "a duration such as 30d", true
	case `":"`:
		return `":" and the cluster names (name by FEATURE desc: NAME, NAME, ...)`, true
	case "TriggerClause":
		return triggerWords, true
	case "ClusterClause":
		return clusterWords, true
	case "TestClause":
		return testWords, true
	case "LifecycleItem":
		return lifecycleWords, true
	}
	return "", false
}

// The clauses of the later declarations, as messages list them.
const (
	triggerWords   = "a trigger clause (on, wait, enter or exit)"
	clusterWords   = `a cluster clause ("name by" or "retrain every")`
	testWords      = "a test clause (as_of, given or expect)"
	lifecycleWords = "a lifecycle line (initial, terminal or FROM -> TO)"
)

// clauseWords lists the segment clauses.
const clauseWords = "a segment clause (description, where, require or holdout)"

// closingBrace says what may come before a "}" in each declaration.
func closingBrace(what string) string {
	switch what {
	case "segment":
		return clauseWords + ` or "}"`
	case "entities", "table", "events":
		return `a column ("name type") or "}"`
	case "lifecycle":
		return lifecycleWords + ` or "}"`
	case "trigger":
		return triggerWords + ` or "}"`
	case "test":
		return testWords + ` or "}"`
	}
	return `"}"`
}
