package csvimport

import (
	"fmt"
	"strings"
	"unicode"
)

// reservedWords can never be segc names.
func reservedWords() []string {
	return []string{"and", "or", "not", "true", "false", "null", "in"}
}

// maxIdentLen bounds table and column names.
const maxIdentLen = 128

// checkIdent reports why name is not a usable segc/SQLite name, or "".
func checkIdent(name string) string {
	if name == "" {
		return "it is empty"
	}
	if len(name) > maxIdentLen {
		return fmt.Sprintf("it is longer than %d bytes", maxIdentLen)
	}
	for i, r := range name {
		letter := unicode.IsLetter(r) || r == '_'
		if !letter && (i == 0 || !unicode.IsDigit(r)) {
			return "a name must be letters, digits and _, not starting with a digit"
		}
	}
	for _, w := range reservedWords() {
		if strings.EqualFold(name, w) {
			return fmt.Sprintf("%q is a reserved word in segc", w)
		}
	}
	return ""
}

// checkTableName validates the target table name.
func checkTableName(name string) error {
	if why := checkIdent(name); why != "" {
		return fmt.Errorf("csvimport: table name %q is not usable: %s; pass another --table", name, why)
	}
	lower := strings.ToLower(name)
	for _, prefix := range []string{"sqlite_", "segc_"} {
		if strings.HasPrefix(lower, prefix) {
			return fmt.Errorf("csvimport: table name %q is reserved (%s* tables belong to SQLite and segc); pass another --table", name, prefix)
		}
	}
	return nil
}

// suggestIdent turns text into a valid name: other characters become _.
func suggestIdent(text string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(text) {
		switch {
		case unicode.IsLetter(r) || r == '_' || (i > 0 && unicode.IsDigit(r)):
			b.WriteRune(r)
		case i == 0 && unicode.IsDigit(r):
			b.WriteString("_")
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if s := b.String(); checkIdent(s) == "" {
		return s
	}
	return "column_" + b.String()
}

// quoteIdent quotes a validated name for SQL.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
