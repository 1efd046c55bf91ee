package explain

import (
	"strings"
	"unicode"

	"github.com/segc/segc/compiler/plan"
)

// exprText renders an expression as the user wrote it (its source span,
// comments dropped, whitespace collapsed), or in .seg syntax with
// aggregates and statistics spelled out when there is no source.
func exprText(p *plan.Plan, e plan.Expr) string {
	if e == nil {
		return ""
	}
	if l := e.Loc(); l.File != nil && l.Span.End > l.Span.Start {
		if s := squeeze(l.File.Text(l.Span)); s != "" {
			return s
		}
	}
	return plan.FormatExpr(spelled(p, e))
}

// spelled copies e with aggregate and threshold references replaced by
// their source text, and implicit casts dropped, for FormatExpr.
func spelled(p *plan.Plan, e plan.Expr) plan.Expr {
	switch e := e.(type) {
	case *plan.AggregateRef:
		if e.Aggregate >= 0 && e.Aggregate < len(p.Aggregates) {
			return &plan.ColumnRef{Node: e.Node, Name: p.Aggregates[e.Aggregate].Text}
		}
	case *plan.ThresholdRef:
		if e.Threshold >= 0 && e.Threshold < len(p.Thresholds) {
			return &plan.ColumnRef{Node: e.Node, Name: p.Thresholds[e.Threshold].Text}
		}
	case *plan.Cast:
		return spelled(p, e.X)
	case *plan.Unary:
		return &plan.Unary{Node: e.Node, Op: e.Op, X: spelled(p, e.X)}
	case *plan.Binary:
		return &plan.Binary{Node: e.Node, Op: e.Op, X: spelled(p, e.X), Y: spelled(p, e.Y)}
	case *plan.In:
		return &plan.In{Node: e.Node, X: spelled(p, e.X), List: e.List}
	case *plan.Call:
		args := make([]plan.Expr, len(e.Args))
		for i, a := range e.Args {
			args[i] = spelled(p, a)
		}
		return &plan.Call{Node: e.Node, Func: e.Func, Args: args}
	}
	return e
}

// squeeze drops # comments and collapses whitespace, both outside string
// literals.
func squeeze(src string) string {
	var b strings.Builder
	inString, escaped, comment, space := false, false, false, false
	for _, r := range src {
		switch {
		case comment:
			comment = r != '\n'
			space = space || !comment
			continue
		case inString:
			inString = escaped || r != '"'
			escaped = !escaped && r == '\\'
		case r == '#':
			comment = true
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '"':
			inString = true
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
