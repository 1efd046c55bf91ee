package grammar

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// unitSeconds is the length of one duration unit.
func unitSeconds(unit byte) int64 {
	switch unit {
	case 's':
		return 1
	case 'm':
		return 60
	case 'h':
		return 3600
	case 'd':
		return 86400
	}
	return 7 * 86400 // 'w', the only other unit the lexer accepts
}

// DurationLit converts `30d`; an overflow is E0103 and gives 0 seconds.
func DurationLit(text string, sp source.Span, problems *[]Problem) *ast.DurationLit {
	d := &ast.DurationLit{Text: text, Sp: sp}
	unit := unitSeconds(text[len(text)-1])
	n, err := strconv.ParseInt(text[:len(text)-1], 10, 64)
	if err != nil || n > math.MaxInt64/unit {
		addProblem(problems, diag.BadDuration, sp, fmt.Sprintf(
			"duration %s is too long: it must fit in 64-bit seconds (about 292 billion years)", text))
		return d
	}
	d.Seconds = n * unit
	return d
}

// NumberLit converts an integer or decimal; an overflow is E0104.
func NumberLit(text string, sp source.Span, problems *[]Problem) *ast.NumberLit {
	n := &ast.NumberLit{Text: text, Sp: sp}
	if strings.ContainsAny(text, ".eE") {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && math.IsInf(f, 0) {
			addProblem(problems, diag.BadNumber, sp, fmt.Sprintf("number %s is too large for a 64-bit float (the largest is about 1.8e308)", text))
			f = 0
		}
		n.Float = f
		return n
	}
	n.IsInt = true
	v, err := strconv.ParseInt(text, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		addProblem(problems, diag.BadNumber, sp, fmt.Sprintf(
			"integer %s does not fit in 64 bits (the largest is %d); write %s.0 for an approximate decimal", text, int64(math.MaxInt64), text))
		v = 0
	}
	n.Int, n.Float = v, float64(v)
	return n
}

// StringLit unquotes a string literal; each unknown escape is E0107. An
// unterminated string was reported by the lexer; its text runs to the end.
func StringLit(raw string, sp source.Span, problems *[]Problem) *ast.StringLit {
	var b strings.Builder
	body := raw[1:]
	if StringTerminated(raw) {
		body = raw[1 : len(raw)-1]
	}
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 >= len(body) {
			b.WriteByte(body[i])
			continue
		}
		i++
		if r, ok := unescape(body[i]); ok {
			b.WriteByte(r)
			continue
		}
		badEscape(problems, body[i:], sp.Start+1+i-1)
	}
	return &ast.StringLit{Value: b.String(), Raw: raw, Sp: sp}
}

// unescape maps the character after a backslash.
func unescape(ch byte) (byte, bool) {
	switch ch {
	case '"', '\\':
		return ch, true
	case 'n':
		return '\n', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// badEscape reports E0107 for the escape starting at offset at.
func badEscape(problems *[]Problem, rest string, at int) {
	_, size := utf8.DecodeRuneInString(rest)
	esc := `\` + rest[:size]
	addProblem(problems, diag.BadString, source.Span{Start: at, End: at + 1 + size}, fmt.Sprintf(
		"unknown escape %s in a string; the escapes are \\\" \\\\ \\n and \\t (write \\\\ for a backslash)", esc))
}

// addProblem appends a problem.
func addProblem(problems *[]Problem, code diag.Code, sp source.Span, msg string) {
	*problems = append(*problems, Problem{Code: code, Span: sp, Msg: msg})
}

// StringTerminated reports whether a lexed string literal has its closing
// quote, walking escapes so that `"ab\"` counts as open.
func StringTerminated(raw string) bool {
	for i := 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i == len(raw)-1
		}
	}
	return false
}
