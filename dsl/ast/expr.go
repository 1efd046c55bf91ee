package ast

import "github.com/segc/segc/dsl/source"

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Operators, in canonical spelling. The parser maps `&&`, `||` and `!` to
// "and", "or" and "not".
const (
	OpOr       = "or"
	OpAnd      = "and"
	OpNot      = "not"
	OpEq       = "=="
	OpNe       = "!="
	OpLt       = "<"
	OpLe       = "<="
	OpGt       = ">"
	OpGe       = ">="
	OpIn       = "in"
	OpCoalesce = "??"
	OpAdd      = "+"
	OpSub      = "-"
	OpMul      = "*"
	OpDiv      = "/"
	OpMod      = "%"
	OpNeg      = "-"
)

// BinaryExpr is `X Op Y`. OpSp is the span of the operator token.
type BinaryExpr struct {
	Op   string
	OpSp source.Span
	X, Y Expr
	Sp   source.Span
}

// UnaryExpr is `not X` or `-X`.
type UnaryExpr struct {
	Op string
	X  Expr
	Sp source.Span
}

// ParenExpr is `(X)`, kept so the formatter and spans stay faithful.
type ParenExpr struct {
	X  Expr
	Sp source.Span
}

// SelectorExpr is `X.Sel`: an event column (`events.amount`), a nested
// segment (`new_users.vip`), a lifecycle state or a cluster.
type SelectorExpr struct {
	X   Expr
	Sel *Ident
	Sp  source.Span
}

// CallExpr is `Fun(Args...)`. An argument may be a *QueryExpr (for event
// aggregates) or a *ByArg (for grouped percentiles).
type CallExpr struct {
	Fun  *Ident
	Args []Expr
	Sp   source.Span
}

// QueryExpr is an event-query argument: `events where F within 30d`, or
// `events.amount where F`, or `events where F between 60d and 30d ago`.
// Source is an *Ident (the log) or *SelectorExpr (a column of the log).
// Where, Within and Between are nil when absent; at most one of Within
// and Between is set.
type QueryExpr struct {
	Source  Expr
	Where   Expr
	Within  Expr
	Between *Window
	Sp      source.Span
}

// Window is `between FROM and TO ago`: the events in
// (as_of - From, as_of - To]. Sp runs from `between` through `ago`.
type Window struct {
	From, To *DurationLit
	Sp       source.Span
}

// Span implements Node.
func (w *Window) Span() source.Span { return w.Sp }

// ByArg is the `by KEY` argument of percentile/median.
type ByArg struct {
	Key Expr
	Sp  source.Span
}

// ListLit is `[a, b, c]`, used on the right of `in`.
type ListLit struct {
	Elems []Expr
	Sp    source.Span
}

// NumberLit is an integer or decimal literal. Text is as written.
type NumberLit struct {
	Text  string
	IsInt bool
	Int   int64
	Float float64
	Sp    source.Span
}

// DurationLit is a duration such as `30d`. Seconds is its length.
type DurationLit struct {
	Text    string
	Seconds int64
	Sp      source.Span
}

// StringLit is a double-quoted string. Value is unescaped.
type StringLit struct {
	Value string
	Raw   string
	Sp    source.Span
}

// BoolLit is `true` or `false`.
type BoolLit struct {
	Value bool
	Sp    source.Span
}

// NullLit is `null`.
type NullLit struct {
	Sp source.Span
}

// Span implementations.
func (e *BinaryExpr) Span() source.Span   { return e.Sp }
func (e *UnaryExpr) Span() source.Span    { return e.Sp }
func (e *ParenExpr) Span() source.Span    { return e.Sp }
func (e *SelectorExpr) Span() source.Span { return e.Sp }
func (e *CallExpr) Span() source.Span     { return e.Sp }
func (e *QueryExpr) Span() source.Span    { return e.Sp }
func (e *ByArg) Span() source.Span        { return e.Sp }
func (e *ListLit) Span() source.Span      { return e.Sp }
func (e *NumberLit) Span() source.Span    { return e.Sp }
func (e *DurationLit) Span() source.Span  { return e.Sp }
func (e *StringLit) Span() source.Span    { return e.Sp }
func (e *BoolLit) Span() source.Span      { return e.Sp }
func (e *NullLit) Span() source.Span      { return e.Sp }

func (*Ident) exprNode()        {}
func (*BinaryExpr) exprNode()   {}
func (*UnaryExpr) exprNode()    {}
func (*ParenExpr) exprNode()    {}
func (*SelectorExpr) exprNode() {}
func (*CallExpr) exprNode()     {}
func (*QueryExpr) exprNode()    {}
func (*ByArg) exprNode()        {}
func (*ListLit) exprNode()      {}
func (*NumberLit) exprNode()    {}
func (*DurationLit) exprNode()  {}
func (*StringLit) exprNode()    {}
func (*BoolLit) exprNode()      {}
func (*NullLit) exprNode()      {}
