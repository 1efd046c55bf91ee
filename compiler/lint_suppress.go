package compiler

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// suppressPrefix starts a suppression comment: `# segc:ignore CODE reason`.
const suppressPrefix = "segc:ignore"

// SuppressOptions says which checks ran, so that a suppression whose code
// could not have fired this time is not called unused.
type SuppressOptions struct {
	// DB is true when the --db checks (schema, dry run) ran.
	DB bool
}

// suppression is one parsed `# segc:ignore` comment.
type suppression struct {
	file   *source.File
	span   source.Span
	line   int // the line it silences
	codes  []diag.Code
	reason string
	used   bool
}

// Suppress removes the warnings and infos silenced by `# segc:ignore CODE
// reason` comments of the module's files, and adds findings for
// suppressions that have no reason or name an unknown or error code
// (W0707) and for ones that silenced nothing (W0708). A comment after code
// silences its own line; a comment alone on its line silences the next
// line. Several codes may be given, separated by commas. The result is
// sorted.
func Suppress(m *Module, l diag.List, opts SuppressOptions) diag.List {
	var sups []*suppression
	var out diag.List
	for _, f := range m.Files {
		for _, c := range f.Comments {
			if sup, bad := parseSuppression(f.Source, c); sup != nil {
				sups = append(sups, sup)
			} else if bad != nil {
				out = append(out, *bad)
			}
		}
	}
	for _, d := range l {
		if !silenced(d, sups) {
			out = append(out, d)
		}
	}
	if lintRan(l) {
		out = append(out, unusedSuppressions(sups, opts)...)
	}
	out.Sort()
	return out
}

// parseSuppression reads a comment; it returns nil, nil for an ordinary
// comment and a finding for a malformed suppression.
func parseSuppression(f *source.File, c ast.Comment) (*suppression, *diag.Diagnostic) {
	text := strings.TrimSpace(strings.TrimPrefix(c.Text, "#"))
	rest, ok := strings.CutPrefix(text, suppressPrefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, nil
	}
	fields := strings.Fields(rest)
	bad := func(msg string) (*suppression, *diag.Diagnostic) {
		return nil, &diag.Diagnostic{Severity: diag.Warning, Code: diag.BadSuppression, Message: msg, File: f, Span: c.Sp}
	}
	if len(fields) == 0 {
		return bad("segc:ignore needs a code and a reason: # segc:ignore W0701 kept for the next campaign")
	}
	sup := &suppression{file: f, span: c.Sp, line: targetLine(f, c.Sp)}
	for _, code := range strings.Split(fields[0], ",") {
		if msg := checkSuppressedCode(diag.Code(code)); msg != "" {
			return bad(msg)
		}
		sup.codes = append(sup.codes, diag.Code(code))
	}
	sup.reason = strings.Join(fields[1:], " ")
	if sup.reason == "" {
		return bad(fmt.Sprintf("segc:ignore %s needs a reason after the code, such as # segc:ignore %s expected during the migration; until then it silences nothing", fields[0], fields[0]))
	}
	return sup, nil
}

// checkSuppressedCode says why a code cannot be suppressed, or "".
func checkSuppressedCode(c diag.Code) string {
	r := diag.RuleFor(c)
	switch {
	case r.Name == string(c) && !knownCode(c):
		return fmt.Sprintf("segc:ignore names unknown code %q; use a code such as W0701 (docs/lint.md lists them)", c)
	case r.Severity == diag.Error:
		return fmt.Sprintf("segc:ignore cannot silence error %s: errors stop the module from compiling; fix it instead", c)
	case c == diag.BadSuppression || c == diag.UnusedSuppression:
		return fmt.Sprintf("segc:ignore cannot silence %s, a finding about suppressions themselves; fix or remove the comment instead", c)
	}
	return ""
}

// knownCode reports whether c looks like a segc code (E, W or I and four
// digits), for codes added without a rule description.
func knownCode(c diag.Code) bool {
	if len(c) != 5 || !strings.ContainsRune("EWI", rune(c[0])) {
		return false
	}
	return strings.Trim(string(c[1:]), "0123456789") == ""
}

// targetLine is the comment's own line, or the next one when the comment
// is alone on its line.
func targetLine(f *source.File, sp source.Span) int {
	p := f.Position(sp.Start)
	before, _ := splitAtRune(f.Line(p.Line), p.Col-1)
	if strings.TrimSpace(before) == "" {
		return p.Line + 1
	}
	return p.Line
}

// splitAtRune splits s after n runes.
func splitAtRune(s string, n int) (string, string) {
	for k := range s {
		if n == 0 {
			return s[:k], s[k:]
		}
		n--
	}
	return s, ""
}

// silenced reports whether a suppression covers d, marking it used.
// Errors are never silenced.
func silenced(d diag.Diagnostic, sups []*suppression) bool {
	if d.Severity == diag.Error || d.File == nil {
		return false
	}
	line := d.File.Position(d.Span.Start).Line
	for _, s := range sups {
		if s.file.Name == d.File.Name && s.line == line && hasCode(s.codes, d.Code) {
			s.used = true
			return true
		}
	}
	return false
}

func hasCode(codes []diag.Code, c diag.Code) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}

// lintRan reports whether the lint stage ran: it does only when the
// module compiled (database errors come later and do not count).
func lintRan(l diag.List) bool {
	for _, d := range l {
		if d.Severity == diag.Error && !strings.HasPrefix(string(d.Code), "E05") {
			return false
		}
	}
	return true
}

// unusedSuppressions reports suppressions that silenced nothing, except
// for codes whose check did not run.
func unusedSuppressions(sups []*suppression, opts SuppressOptions) diag.List {
	var out diag.List
	for _, s := range sups {
		if s.used || (!opts.DB && needsDB(s.codes)) {
			continue
		}
		out = append(out, diag.Diagnostic{Severity: diag.Warning, Code: diag.UnusedSuppression, File: s.file, Span: s.span,
			Message: fmt.Sprintf("this segc:ignore silences nothing: no %s finding on line %d; remove the comment", joinCodes(s.codes), s.line)})
	}
	return out
}

// needsDB reports whether any code comes only from the --db checks.
func needsDB(codes []diag.Code) bool {
	for _, c := range codes {
		if c == diag.EmptySegment || c == diag.SmallSegment || c == diag.EmptyPopulation {
			return true
		}
	}
	return false
}

func joinCodes(codes []diag.Code) string {
	var s []string
	for _, c := range codes {
		s = append(s, string(c))
	}
	return strings.Join(s, " or ")
}
