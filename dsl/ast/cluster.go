package ast

import "github.com/segc/segc/dsl/source"

// ClusterDecl is a segment made of clusters, one segment per cluster:
//
//	segment NAME = cluster(ALGORITHM, ARG=VALUE, ...) {   # the block is optional
//	  name by FEATURE [asc|desc]: NAME, NAME, ...          # optional
//	  retrain every DURATION                               # optional
//	}
//
// Args are the named arguments in source order (k=4, features=[...],
// k=auto(2..8), eps=0.4, ...); a value may hold a *RangeLit. NameBy and
// RetrainEvery are nil when absent. KeywordSp is the span of the word
// `cluster`.
type ClusterDecl struct {
	Name         *Ident
	Algorithm    *Ident
	Args         []*NamedArg
	NameBy       *ClusterNaming
	RetrainEvery Expr
	KeywordSp    source.Span
	Sp           source.Span
}

// NamedArg is `NAME=VALUE` in cluster(...).
type NamedArg struct {
	Name  *Ident
	Value Expr
	Sp    source.Span
}

// ClusterNaming is `name by FEATURE [asc|desc]: NAME, ...`: clusters are
// ranked by FEATURE (ascending unless Desc) and named in that order.
type ClusterNaming struct {
	Feature Expr
	Desc    bool
	Names   []*Ident
	Sp      source.Span
}

// RangeLit is `LO..HI`, as in k=auto(2..8). The parser accepts it only
// inside the value of a cluster(...) named argument.
type RangeLit struct {
	Lo, Hi Expr
	Sp     source.Span
}

// Span implementations.
func (d *ClusterDecl) Span() source.Span   { return d.Sp }
func (a *NamedArg) Span() source.Span      { return a.Sp }
func (n *ClusterNaming) Span() source.Span { return n.Sp }
func (e *RangeLit) Span() source.Span      { return e.Sp }

func (*ClusterDecl) declNode() {}
func (*RangeLit) exprNode()    {}
