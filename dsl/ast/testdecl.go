package ast

import "github.com/segc/segc/dsl/source"

// TestDecl is a fixture test of the module, run by `segc test` and skipped
// by the compiler:
//
//	test "NAME" {
//	  as_of "2026-06-30"
//	  given TABLE(COL, ...) { [v, ...] ... }
//	  expect SEGMENT == [keys]            # or contains / excludes
//	}
//
// AsOf is nil when absent. Givens and Expects keep their source order.
type TestDecl struct {
	Name    *StringLit
	AsOf    *StringLit
	Givens  []*Given
	Expects []*Expect
	Sp      source.Span
}

// Given is `given TABLE(COL, ...) { ROW ... }`: the rows of a table or
// event log, one list literal per row, values in column order.
type Given struct {
	Table   *Ident
	Columns []*Ident
	Rows    []*ListLit
	Sp      source.Span
}

// The operators of an expect line.
const (
	ExpectEquals   = "=="
	ExpectContains = "contains"
	ExpectExcludes = "excludes"
)

// Expect is `expect PATH OP [keys]`. Segment is the dotted name of a
// segment, nested segment, lifecycle state or cluster; Op is one of
// ExpectEquals (exact membership), ExpectContains or ExpectExcludes.
type Expect struct {
	Segment []*Ident
	Op      string
	Keys    *ListLit
	Sp      source.Span
}

// SegmentName returns the dotted segment name, e.g. "stage.active".
func (e *Expect) SegmentName() string { return dotted(e.Segment) }

// Span implementations.
func (d *TestDecl) Span() source.Span { return d.Sp }
func (g *Given) Span() source.Span    { return g.Sp }
func (e *Expect) Span() source.Span   { return e.Sp }

func (*TestDecl) declNode() {}
