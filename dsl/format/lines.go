package format

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// line is one output line: code at an indentation with an optional trailing
// comment, or an own-line comment when text is empty.
type line struct {
	indent  int
	text    string
	comment string
	blank   bool // an empty line precedes this one
}

// commentGap is the space between code and its trailing comment.
const commentGap = 2

// render writes lines out, aligning trailing comments of neighbouring lines.
func render(lines []line) []byte {
	pads := commentPads(lines)
	var b bytes.Buffer
	for i, l := range lines {
		if l.blank && i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", l.indent))
		b.WriteString(l.text)
		if l.comment != "" && l.text != "" {
			b.WriteString(strings.Repeat(" ", pads[i]))
		}
		b.WriteString(l.comment)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// commentPads returns, per line, the spaces between code and its trailing
// comment. Adjacent lines at one indentation that all carry trailing comments
// form a run whose comments start in one column, as gofmt aligns them.
func commentPads(lines []line) []int {
	pads := make([]int, len(lines))
	for start := 0; start < len(lines); {
		end := runEnd(lines, start)
		widest := 0
		for _, l := range lines[start:end] {
			widest = max(widest, width(l.text))
		}
		for i := start; i < end; i++ {
			pads[i] = widest - width(lines[i].text) + commentGap
		}
		start = max(end, start+1)
	}
	return pads
}

// runEnd returns the end of the run of aligned trailing comments that starts
// at lines[start], or start when that line has no trailing comment.
func runEnd(lines []line, start int) int {
	if !hasTrailing(lines[start]) {
		return start
	}
	end := start + 1
	for end < len(lines) && hasTrailing(lines[end]) && !lines[end].blank &&
		lines[end].indent == lines[start].indent {
		end++
	}
	return end
}

func hasTrailing(l line) bool { return l.text != "" && l.comment != "" }

// width is the display width of s, one column per rune.
func width(s string) int { return utf8.RuneCountInString(s) }

// pad returns s followed by spaces up to n columns.
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(n-width(s), 0))
}
