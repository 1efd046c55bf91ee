package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/segc/segc/dsl/source"
)

// Render writes d as `file:line:col: severity[CODE]: message`, the source
// line and a caret under the span, then each related location as a note.
func Render(w io.Writer, d Diagnostic) {
	fmt.Fprintf(w, "%s: %s[%s]: %s\n", location(d.File, d.Span), d.Severity, d.Code, d.Message)
	writeExcerpt(w, d.File, d.Span)
	for _, r := range d.Related {
		fmt.Fprintf(w, "%s: note: %s\n", location(r.File, r.Span), r.Message)
		writeExcerpt(w, r.File, r.Span)
	}
}

// RenderAll renders every diagnostic in order.
func RenderAll(w io.Writer, l List) {
	for _, d := range l {
		Render(w, d)
	}
}

// String renders d to a string.
func (d Diagnostic) String() string {
	var b strings.Builder
	Render(&b, d)
	return b.String()
}

// Location returns "file:line:col" for the start of the span, or "segc"
// when the diagnostic has no file.
func (d Diagnostic) Location() string { return location(d.File, d.Span) }

func location(f *source.File, s source.Span) string {
	if f == nil {
		return "segc"
	}
	p := f.Position(s.Start)
	return fmt.Sprintf("%s:%d:%d", f.Name, p.Line, p.Col)
}

// writeExcerpt prints the line holding span.Start and a caret line. The caret
// line copies tabs from the source line and uses one space per other rune, so
// the caret sits under the right character whatever the tab width.
func writeExcerpt(w io.Writer, f *source.File, s source.Span) {
	if f == nil {
		return
	}
	p := f.Position(s.Start)
	line := f.Line(p.Line)
	prefix, rest := splitRunes(line, p.Col-1)
	var caret strings.Builder
	for _, r := range prefix {
		if r == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	width := utf8.RuneCountInString(f.Text(source.Span{Start: s.Start, End: min(s.End, s.Start+len(rest))}))
	caret.WriteByte('^')
	caret.WriteString(strings.Repeat("~", max(width-1, 0)))
	fmt.Fprintf(w, "  %s\n  %s\n", line, strings.TrimRight(caret.String(), " "))
}

// splitRunes splits s after n runes.
func splitRunes(s string, n int) (string, string) {
	for k := range s {
		if n == 0 {
			return s[:k], s[k:]
		}
		n--
	}
	return s, ""
}

// JSONLocation is a position range in machine-readable output.
type JSONLocation struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	StartCol  int    `json:"start_col"`
	EndLine   int    `json:"end_line"`
	EndCol    int    `json:"end_col"`
	Message   string `json:"message,omitempty"`
}

// JSONDiagnostic is the JSON form of a Diagnostic.
type JSONDiagnostic struct {
	Code     Code   `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	JSONLocation
	Related []JSONLocation `json:"related,omitempty"`
}

// ToJSON converts a diagnostic to its JSON form.
func (d Diagnostic) ToJSON() JSONDiagnostic {
	j := JSONDiagnostic{Code: d.Code, Severity: d.Severity.String(), Message: d.Message, JSONLocation: jsonLocation(d.File, d.Span, "")}
	for _, r := range d.Related {
		j.Related = append(j.Related, jsonLocation(r.File, r.Span, r.Message))
	}
	return j
}

func jsonLocation(f *source.File, s source.Span, msg string) JSONLocation {
	if f == nil {
		return JSONLocation{Message: msg}
	}
	a, b := f.Position(s.Start), f.Position(s.End)
	return JSONLocation{File: f.Name, StartLine: a.Line, StartCol: a.Col, EndLine: b.Line, EndCol: b.Col, Message: msg}
}

// WriteJSON writes the list as a JSON array (never null).
func WriteJSON(w io.Writer, l List) error {
	out := make([]JSONDiagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, d.ToJSON())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
