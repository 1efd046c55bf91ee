package csvimport

import (
	"fmt"
	"strings"
	"time"
)

// strftimeDirectives maps each supported strftime directive to Go's layout.
func strftimeDirectives() map[byte]string {
	return map[byte]string{
		'Y': "2006", 'm': "01", 'd': "02", 'H': "15", 'M': "04", 'S': "05",
		'y': "06", 'b': "Jan", 'B': "January", 'p': "PM", 'I': "03",
		'z': "-0700", 'j': "002", '%': "%",
	}
}

// goLayout converts a strftime-style layout to a Go time layout. Literal
// text may only be punctuation, spaces and T, so that it can never be
// mistaken for a Go layout element.
func goLayout(strftime string) (string, error) {
	directives := strftimeDirectives()
	var b strings.Builder
	for i := 0; i < len(strftime); i++ {
		c := strftime[i]
		if c != '%' {
			if !literalOK(c) {
				return "", fmt.Errorf("literal %q is not allowed: only %%-directives, punctuation, spaces and T", string(c))
			}
			b.WriteByte(c)
			continue
		}
		if i+1 == len(strftime) {
			return "", fmt.Errorf("it ends with a lone %%")
		}
		i++
		g, ok := directives[strftime[i]]
		if !ok {
			return "", fmt.Errorf("%%%c is not supported; use %%Y %%m %%d %%H %%M %%S %%y %%b %%B %%p %%I %%z %%j or %%%%", strftime[i])
		}
		b.WriteString(g)
	}
	if !strings.Contains(strftime, "%") {
		return "", fmt.Errorf("it has no %%-directive (for 19970101 write %%Y%%m%%d)")
	}
	return b.String(), nil
}

// literalOK reports whether c may appear literally in a layout.
func literalOK(c byte) bool {
	switch {
	case c == 'T':
		return true
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
		return false
	}
	return true
}

// isoLayouts are the layouts inferred as time without a declaration. Go's
// parser also accepts fractional seconds after the seconds field.
func isoLayouts() []string {
	return []string{
		"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02",
		"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04", "2006-01-02T15:04",
	}
}

// parseISO parses the ISO-8601-like forms of isoLayouts.
func parseISO(s string) (time.Time, bool) {
	if !looksLikeISODate(s) {
		return time.Time{}, false
	}
	for _, layout := range isoLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// looksLikeISODate is a cheap pre-check: "dddd-dd-dd" at the start.
func looksLikeISODate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// storedTimeLayout is how time values are stored: ISO-8601 text, UTC.
const storedTimeLayout = "2006-01-02 15:04:05"

// formatStored renders t in the stored layout, in UTC, whole seconds.
func formatStored(t time.Time) string {
	return t.UTC().Format(storedTimeLayout)
}

// isStoredForm reports whether s is a valid time already in the stored
// layout; it is the fast path for the most common input.
func isStoredForm(s string) bool {
	if len(s) != len(storedTimeLayout) || !looksLikeISODate(s) || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)
	if h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || mo < 1 || mo > 12 || d < 1 {
		return false
	}
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Day() == d
}
