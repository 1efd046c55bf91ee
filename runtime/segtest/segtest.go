// Package segtest runs the fixture tests of a module: the `test`
// declarations of its *_test.seg files. Each test creates the module's
// declared tables in a fresh temporary SQLite database, inserts its `given`
// rows, evaluates the compiled plan at its as_of (a dry run) and compares
// the stored membership with its `expect` lines.
//
// Load checks everything it can before anything runs: a test file holds
// only tests, every given names a declared table or event log and its
// columns, every row has one literal per column of the column's type, and
// every expect names a stored segment (a segment, NAME.holdout, a
// lifecycle state or a trigger) with keys of the module's key type.
package segtest

import (
	"strings"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

// Codes of fixture errors, defined with the others in dsl/diag.
const (
	BadTestFile = diag.BadTestFile
	BadGiven    = diag.BadGiven
	BadRow      = diag.BadRow
	BadExpect   = diag.BadExpect
)

// Suite is a module's compiled plan with its checked tests.
type Suite struct {
	Plan  *plan.Plan
	Tests []*Test
	// Segments are the module's stored segment names an expect may name.
	Segments []string
}

// Test is one checked `test` declaration.
type Test struct {
	Name   string
	Decl   *ast.TestDecl
	File   *source.File
	AsOf   int64 // Unix seconds, UTC
	Tables []*Fixture
	Expect []*Expectation
}

// Position returns "file:line:col" of the test declaration.
func (t *Test) Position() string { return position(t.File, t.Decl.Sp) }

// Fixture is the rows one test gives a declared table or event log.
type Fixture struct {
	Table   *TableSpec
	Columns []string // SQL column names, in row order
	Rows    [][]any  // SQL values (int64, float64, string or nil)
}

// Expectation is one checked expect line.
type Expectation struct {
	Decl    *ast.Expect
	Segment string
	Op      string
	Keys    []string // canonical key text, sorted like entity keys
	keyType types.Type
}

// Position returns "file:line:col" of the expect line.
func (x *Expectation) Position(f *source.File) string { return position(f, x.Decl.Sp) }

// Text is the expect line as written, on one line.
func (x *Expectation) Text(f *source.File) string {
	sp := x.Decl.Sp
	return strings.Join(strings.Fields(string(f.Src[f.Clamp(sp.Start):f.Clamp(sp.End)])), " ")
}

// position renders "file:line:col" of a span.
func position(f *source.File, sp source.Span) string {
	return diag.Diagnostic{File: f, Span: sp}.Location()
}
