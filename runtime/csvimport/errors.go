package csvimport

import (
	"fmt"
	"strings"
)

// RowError is a problem with one value or line of the input. Import returns
// it when a row cannot be stored; nothing has been written then.
type RowError struct {
	File    string // the input name as given ("<stdin>" for "-")
	Line    int    // 1-based physical line
	Column  string // the column's name, when the problem is one value
	Value   string // the offending value, when there is one
	Problem string // what is wrong
	Hint    string // what to do about it
}

// maxShownValue bounds how much of a bad value an error repeats.
const maxShownValue = 80

// Error renders file:line: column X, value "v": problem; hint.
func (e *RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	if e.Column != "" {
		fmt.Fprintf(&b, "column %s, value %q: ", e.Column, shorten(e.Value))
	}
	b.WriteString(e.Problem)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	b.WriteString(" (nothing was imported)")
	return b.String()
}

func shorten(s string) string {
	if len(s) <= maxShownValue {
		return s
	}
	return s[:maxShownValue] + "..."
}
