package segtest

import (
	"fmt"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/runtime/load"
)

// loader checks the tests of one module against its plan.
type loader struct {
	plan     *plan.Plan
	tables   []*TableSpec
	segments []string
	names    map[string]*ast.TestDecl // test name -> first declaration
	files    map[*ast.TestDecl]*source.File
	file     *source.File // the file being checked
	diags    diag.List
}

// Load checks the test files of a module compiled to p and returns its
// suite. The files are the parsed *_test.seg files; their syntax errors
// are the caller's. Any error diagnostic means the suite must not run.
func Load(p *plan.Plan, files []*ast.File) (*Suite, diag.List) {
	l := &loader{plan: p, tables: tableSpecs(p), segments: StoredSegments(p),
		names: map[string]*ast.TestDecl{}, files: map[*ast.TestDecl]*source.File{}}
	s := &Suite{Plan: p, Segments: l.segments}
	for _, f := range files {
		l.file = f.Source
		for _, d := range f.Decls {
			if t := l.decl(d); t != nil {
				s.Tests = append(s.Tests, t)
			}
		}
	}
	l.diags.Sort()
	return s, l.diags
}

// errorf reports an error at sp of the current file.
func (l *loader) errorf(code diag.Code, sp source.Span, format string, args ...any) {
	l.diags = append(l.diags, diag.Diagnostic{Severity: diag.Error, Code: code,
		Message: fmt.Sprintf(format, args...), File: l.file, Span: sp})
}

// decl checks one declaration of a test file.
func (l *loader) decl(d ast.Decl) *Test {
	switch d := d.(type) {
	case *ast.TestDecl:
		return l.test(d)
	case *ast.BadDecl:
		return nil // the parser reported it
	}
	l.errorf(BadTestFile, declHead(d), "a *_test.seg file holds only test declarations: move this declaration to a module file (one not ending in _test.seg)")
	return nil
}

// declHead is the span of a declaration's first line, for a caret that
// does not run over the whole block.
func declHead(d ast.Decl) source.Span {
	sp := d.Span()
	return source.Span{Start: sp.Start, End: sp.Start + 1}
}

// test checks one test declaration.
func (l *loader) test(d *ast.TestDecl) *Test {
	t := &Test{Name: d.Name.Value, Decl: d, File: l.file}
	l.unique(d)
	t.AsOf = l.asOf(d)
	for _, g := range d.Givens {
		t.Tables = l.given(t.Tables, g)
	}
	for _, e := range d.Expects {
		if x := l.expect(e); x != nil {
			t.Expect = append(t.Expect, x)
		}
	}
	return t
}

// unique reports a second test of the same name.
func (l *loader) unique(d *ast.TestDecl) {
	first, dup := l.names[d.Name.Value]
	if !dup {
		l.names[d.Name.Value] = d
		l.files[d] = l.file
		return
	}
	l.errorf(BadTestFile, d.Name.Sp, "a second test named %q: give each test of a module its own name", d.Name.Value)
	last := &l.diags[len(l.diags)-1]
	last.Related = append(last.Related, diag.Related{File: l.files[first], Span: first.Name.Sp, Message: "first declared here"})
}

// asOf reads the test's as_of instant.
func (l *loader) asOf(d *ast.TestDecl) int64 {
	if d.AsOf == nil {
		l.errorf(BadTestFile, d.Name.Sp, "test %q has no as_of: add a line such as as_of \"2026-06-30\" so the test does not depend on the clock", d.Name.Value)
		return 0
	}
	secs, ok := load.ParseTime(d.AsOf.Value)
	if !ok {
		l.errorf(BadTestFile, d.AsOf.Sp, "cannot read as_of %q: write \"YYYY-MM-DD\", \"YYYY-MM-DD HH:MM:SS\" or RFC 3339 (2026-06-30T12:00:00Z)", d.AsOf.Value)
	}
	return secs
}
