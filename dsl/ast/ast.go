// Package ast is the syntax tree of .seg files. Every node carries the byte
// span it was parsed from; the parser in package dsl builds it and the
// formatter and compiler read it. The tree is not modified after parsing.
package ast

import "github.com/segc/segc/dsl/source"

// Node is any syntax tree node.
type Node interface {
	Span() source.Span
}

// File is one parsed .seg file. Decls holds the declarations in source order,
// including *BadDecl placeholders where the parser recovered from an error.
// Comments holds every comment, in source order, for the formatter.
type File struct {
	Source   *source.File
	Decls    []Decl
	Comments []Comment
}

// Comment is one `# ...` comment. Text includes the leading '#'.
type Comment struct {
	Sp   source.Span
	Text string
}

// Span implements Node.
func (c Comment) Span() source.Span { return c.Sp }

// Ident is a name as written.
type Ident struct {
	Name string
	Sp   source.Span
}

// Span implements Node.
func (i *Ident) Span() source.Span { return i.Sp }

// ---------------------------------------------------------------- declarations

// Decl is a top-level declaration.
type Decl interface {
	Node
	declNode()
}

// TypeRef is a column type such as `float?`.
type TypeRef struct {
	Name     *Ident
	Nullable bool
	Sp       source.Span
}

// Span implements Node.
func (t *TypeRef) Span() source.Span { return t.Sp }

// Column is one `name type [pii]` line inside a table block. PII is the
// `pii` modifier as written (the column holds personal data, which
// `segc export` masks), nil when absent.
type Column struct {
	Name *Ident
	Type *TypeRef
	PII  *Ident
	Sp   source.Span
}

// Span implements Node.
func (c *Column) Span() source.Span { return c.Sp }

// TableKind says which of the three table declarations a TableDecl is.
type TableKind uint8

// The table declaration kinds, by their keyword.
const (
	EntitiesTable TableKind = iota // `entities NAME key K { ... }`
	FeatureTable                   // `table NAME key K { ... }`
	EventsTable                    // `events NAME key K time T [id I] { ... }`
)

// Keyword returns the declaration keyword of the kind.
func (k TableKind) Keyword() string {
	return [...]string{"entities", "table", "events"}[k]
}

// TableDecl declares the population table, a joined feature table, or an
// event log:
//
//	entities NAME key K [from "t"] { cols }
//	table    NAME key K [from "t"] { cols }
//	events   NAME key K time T [id I] [retention D] [from "t"] [where EXPR] { cols }
//
// Key, Time and ID name columns; the key and time columns may be listed in
// the block or not (they are typed from the block when listed). Where filters
// the rows of an event log and is nil otherwise.
type TableDecl struct {
	Kind      TableKind
	Name      *Ident
	Key       *Ident
	Time      *Ident       // events only
	ID        *Ident       // events only, optional
	Retention *DurationLit // events only, optional: `retention 400d`
	From      *StringLit
	Where     Expr
	Columns   []*Column
	Sp        source.Span
}

// FeatureDecl is `feature NAME = EXPR`.
type FeatureDecl struct {
	Name  *Ident
	Value Expr
	Sp    source.Span
}

// SegmentDecl is `segment a.b.c { clauses }`. Path holds the dotted name;
// len(Path) > 1 makes a nested segment whose parent is Path[:len-1]. Clauses
// are optional; a nil field was not written.
type SegmentDecl struct {
	Path        []*Ident
	Description *StringLit
	Where       Expr
	Require     Expr
	Holdout     *Holdout
	Sp          source.Span
}

// Holdout is `holdout N%`.
type Holdout struct {
	Percent *NumberLit
	Sp      source.Span
}

// Span implements Node.
func (h *Holdout) Span() source.Span { return h.Sp }

// BadDecl marks a declaration the parser could not read; its error has been
// reported.
type BadDecl struct {
	Sp source.Span
}

// Span implementations for declarations.
func (d *TableDecl) Span() source.Span   { return d.Sp }
func (d *FeatureDecl) Span() source.Span { return d.Sp }
func (d *SegmentDecl) Span() source.Span { return d.Sp }
func (d *BadDecl) Span() source.Span     { return d.Sp }

func (*TableDecl) declNode()   {}
func (*FeatureDecl) declNode() {}
func (*SegmentDecl) declNode() {}
func (*BadDecl) declNode()     {}

// Name returns the dotted segment name, e.g. "new_users.vip".
func (d *SegmentDecl) Name() string { return dotted(d.Path) }

// dotted joins names with dots.
func dotted(path []*Ident) string {
	s := ""
	for i, p := range path {
		if i > 0 {
			s += "."
		}
		s += p.Name
	}
	return s
}
