package csvimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/segc/segc/dsl/types"
)

// column is one column being imported.
type column struct {
	name     string
	kind     types.Kind
	layout   string // Go layout for time; "" means ISO forms
	strftime string // the declared layout, for messages
	declared bool   // kind came from Types or TimeLayouts
	sampled  int    // >0: kind was inferred from this many first rows only
	nullable bool   // an empty value was stored
}

// sqlType is the SQLite column type of a kind.
func sqlType(k types.Kind) string {
	switch k {
	case types.Int, types.Bool:
		return "INTEGER"
	case types.Float:
		return "REAL"
	}
	return "TEXT"
}

// convert turns a field into the value to store; nil is NULL. ok is false
// when the field does not fit the column's type.
func (c *column) convert(field string) (value any, ok bool) {
	if c.kind == types.String {
		if field == "" {
			return nil, true
		}
		return field, true
	}
	v := strings.TrimSpace(field)
	if v == "" {
		return nil, true
	}
	switch c.kind {
	case types.Int:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	case types.Float:
		return parseDecimal(v)
	case types.Bool:
		return parseBool(v)
	case types.Time:
		return c.parseTime(v)
	}
	return nil, false
}

// parseTime parses v with the column's layout, or the ISO forms.
func (c *column) parseTime(v string) (any, bool) {
	if c.layout == "" && isStoredForm(v) {
		return v, true // already "YYYY-MM-DD HH:MM:SS": keep it, no parse
	}
	if c.layout == "" {
		t, ok := parseISO(v)
		if !ok {
			return nil, false
		}
		return formatStored(t), true
	}
	t, err := time.Parse(c.layout, v)
	if err != nil {
		return nil, false
	}
	return formatStored(t), true
}

// parseDecimal accepts plain decimal numbers only (no NaN, Inf, hex, _).
func parseDecimal(v string) (any, bool) {
	if !isDecimal(v) {
		return nil, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// isDecimal matches [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseBool accepts true/false, t/f, yes/no, y/n and 1/0, any case.
func parseBool(v string) (any, bool) {
	switch strings.ToLower(v) {
	case "true", "t", "yes", "y", "1":
		return int64(1), true
	case "false", "f", "no", "n", "0":
		return int64(0), true
	}
	return nil, false
}

// mismatch explains why field does not fit the column and what to do.
func (c *column) mismatch(file string, line int, field string) *RowError {
	e := &RowError{File: file, Line: line, Column: c.name, Value: field}
	e.Problem = fmt.Sprintf("not %s", kindPhrase(c.kind))
	switch {
	case c.kind == types.Time && c.layout != "":
		e.Problem = fmt.Sprintf("does not match the declared time layout %s", c.strftime)
		e.Hint = fmt.Sprintf("fix the value or the layout (--time-layout %s=...)", c.name)
	case c.kind == types.Time:
		e.Problem += " (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or RFC 3339)"
		e.Hint = fmt.Sprintf("declare the layout with --time-layout %s=%%Y%%m%%d (strftime-style) or declare --type %s=string", c.name, c.name)
	case c.kind == types.Int && isDecimal(strings.TrimSpace(field)):
		e.Hint = fmt.Sprintf("declare --type %s=float", c.name)
	default:
		e.Hint = fmt.Sprintf("fix the value or declare --type %s=string", c.name)
	}
	if c.sampled > 0 {
		e.Problem += fmt.Sprintf(" (the type %s was inferred from the first %d rows only)", c.kind, c.sampled)
	} else if c.declared && c.layout == "" {
		e.Problem += fmt.Sprintf(" (declared %s)", c.kind)
	}
	return e
}

// kindPhrase names a kind with its article.
func kindPhrase(k types.Kind) string {
	switch k {
	case types.Int:
		return "an int"
	case types.Float:
		return "a float"
	case types.Bool:
		return "a bool (true/false, yes/no, 1/0)"
	case types.Time:
		return "a time"
	}
	return "a " + k.String()
}
