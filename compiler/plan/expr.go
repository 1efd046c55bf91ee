package plan

import "github.com/segc/segc/dsl/types"

// Expr is a typed expression. The checker has resolved every name and
// inserted Casts, so Binary operands of arithmetic and comparison have the
// same kind, except time/duration arithmetic (time - time, time ± duration).
type Expr interface {
	Type() types.Type
	Loc() Loc
}

// Node is embedded in every Expr to carry its type and location.
type Node struct {
	T types.Type
	L Loc
}

// Type implements Expr.
func (n Node) Type() types.Type { return n.T }

// Loc implements Expr.
func (n Node) Loc() Loc { return n.L }

// Const is a literal. Value is nil (null), int64 (int, and duration in
// seconds, and time in Unix seconds), float64, bool or string.
type Const struct {
	Node
	Value any
}

// ColumnRef reads an entity-level column: Plan.Columns[Column].
type ColumnRef struct {
	Node
	Column int
	Name   string
}

// EventColumnRef reads a column of the current event row:
// Plan.Logs[Log].Columns[Column]. It appears only in event-level
// expressions (filters and aggregate values).
type EventColumnRef struct {
	Node
	Log    int
	Column int
	Name   string
}

// FeatureRef reads a computed feature.
type FeatureRef struct {
	Node
	Feature int
	Name    string
}

// SegmentRef is true for the final members of a segment (holdout excluded)
// and false otherwise, never null.
type SegmentRef struct {
	Node
	Segment int
	Name    string
}

// AggregateRef reads a per-entity event aggregate.
type AggregateRef struct {
	Node
	Aggregate int
}

// ThresholdRef reads a population statistic; with a By key it is the
// statistic of the entity's group.
type ThresholdRef struct {
	Node
	Threshold int
}

// Unary is "not" or "-" (negation).
type Unary struct {
	Node
	Op string
	X  Expr
}

// Binary is an arithmetic, comparison, logical or coalesce operator, with
// the operator spellings of package ast ("and", "or", "==", "??", ...).
type Binary struct {
	Node
	Op   string
	X, Y Expr
}

// Cast converts int to float (the only implicit conversion).
type Cast struct {
	Node
	X Expr
}

// Call applies a scalar builtin from package builtins by name. The run's
// as-of instant is available to builtins such as days_since.
type Call struct {
	Node
	Func string
	Args []Expr
}

// In is `X in [c1, c2, ...]`; null when X is null.
type In struct {
	Node
	X    Expr
	List []*Const
}
