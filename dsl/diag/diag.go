// Package diag defines diagnostics: a severity, a stable code, a message that
// says what to do, a primary span and related spans, as every stage of segc
// reports them.
package diag

import (
	"sort"

	"github.com/segc/segc/dsl/source"
)

// Severity orders how serious a diagnostic is.
type Severity uint8

// Severities, most serious first.
const (
	Error Severity = iota
	Warning
	Info
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Related is a secondary location that explains a diagnostic, such as
// "column declared here" or "cycle goes through here".
type Related struct {
	File    *source.File
	Span    source.Span
	Message string
}

// Diagnostic is one finding. File may be nil for findings that are not tied
// to a .seg file (a database that cannot be opened, say).
type Diagnostic struct {
	Severity Severity
	Code     Code
	Message  string
	File     *source.File
	Span     source.Span
	Related  []Related
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// HasErrors reports whether any diagnostic has error severity.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics have the given severity.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders diagnostics by file name, then offset, then code, keeping the
// relative order of equal ones.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if fa, fb := fileName(a.File), fileName(b.File); fa != fb {
			return fa < fb
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Code < b.Code
	})
}

func fileName(f *source.File) string {
	if f == nil {
		return ""
	}
	return f.Name
}

// Sink collects diagnostics for one file; stages embed or pass it around.
type Sink struct {
	File *source.File
	List List
}

// Error records an error at span.
func (s *Sink) Error(code Code, span source.Span, msg string, related ...Related) {
	s.add(Error, code, span, msg, related)
}

// Warn records a warning at span.
func (s *Sink) Warn(code Code, span source.Span, msg string, related ...Related) {
	s.add(Warning, code, span, msg, related)
}

func (s *Sink) add(sev Severity, code Code, span source.Span, msg string, related []Related) {
	s.List = append(s.List, Diagnostic{Severity: sev, Code: code, Message: msg, File: s.File, Span: span, Related: related})
}
