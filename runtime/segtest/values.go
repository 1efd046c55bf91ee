package segtest

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/load"
)

// literalValue converts a fixture literal to the SQL value stored for
// column c, or explains why it does not fit: a message ending in what to
// write instead.
func literalValue(e ast.Expr, c ColumnSpec) (any, string) {
	if _, ok := e.(*ast.NullLit); ok {
		if c.Untyped || c.Type.Nullable {
			return nil, ""
		}
		return nil, fmt.Sprintf("column %s is %s, not nullable: write a value, or declare it %s?", c.Name, c.Type.Kind, c.Type.Kind)
	}
	if c.Untyped {
		return untypedValue(e, c)
	}
	switch c.Type.Kind {
	case types.Int:
		if n, ok := intLiteral(e); ok {
			return n, ""
		}
	case types.Float:
		if f, ok := floatLiteral(e); ok {
			return f, ""
		}
	case types.Bool:
		if b, ok := e.(*ast.BoolLit); ok {
			return boolInt(b.Value), ""
		}
	case types.String:
		if s, ok := e.(*ast.StringLit); ok {
			return s.Value, ""
		}
	case types.Time:
		return timeValue(e, c)
	case types.Duration:
		if d, ok := durationLiteral(e); ok {
			return d, ""
		}
	}
	return nil, fmt.Sprintf("column %s is %s: write %s", c.Name, c.Type.Kind, example(c.Type.Kind))
}

// untypedValue accepts an int or a string, for an event id column.
func untypedValue(e ast.Expr, c ColumnSpec) (any, string) {
	if n, ok := intLiteral(e); ok {
		return n, ""
	}
	if s, ok := e.(*ast.StringLit); ok {
		return s.Value, ""
	}
	return nil, fmt.Sprintf("column %s is the event id: write an int or a string", c.Name)
}

// timeValue keeps a time string as written, once it parses, or takes an
// int as Unix seconds.
func timeValue(e ast.Expr, c ColumnSpec) (any, string) {
	if s, ok := e.(*ast.StringLit); ok {
		if _, ok := load.ParseTime(s.Value); ok {
			return s.Value, ""
		}
		return nil, fmt.Sprintf("cannot read %q as a time for column %s: write \"YYYY-MM-DD\", \"YYYY-MM-DD HH:MM:SS\" or RFC 3339", s.Value, c.Name)
	}
	if n, ok := intLiteral(e); ok {
		return n, ""
	}
	return nil, fmt.Sprintf("column %s is time: write %s", c.Name, example(types.Time))
}

// example shows a literal of kind k.
func example(k types.Kind) string {
	switch k {
	case types.Int:
		return "an integer such as 42"
	case types.Float:
		return "a number such as 3.5"
	case types.Bool:
		return "true or false"
	case types.String:
		return `a string such as "FR"`
	case types.Time:
		return `a string such as "2026-06-30 12:00:00"`
	case types.Duration:
		return "a duration such as 30d, or integer seconds"
	}
	return "a literal"
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// intLiteral reads an integer literal, possibly negated.
func intLiteral(e ast.Expr) (int64, bool) {
	neg, e := unwrapNeg(e)
	n, ok := e.(*ast.NumberLit)
	if !ok || !n.IsInt {
		return 0, false
	}
	if neg {
		return -n.Int, true
	}
	return n.Int, true
}

// floatLiteral reads an integer or decimal literal, possibly negated.
func floatLiteral(e ast.Expr) (float64, bool) {
	neg, e := unwrapNeg(e)
	n, ok := e.(*ast.NumberLit)
	if !ok {
		return 0, false
	}
	f := n.Float
	if n.IsInt {
		f = float64(n.Int)
	}
	if neg {
		return -f, true
	}
	return f, true
}

// durationLiteral reads a duration literal, or integer seconds.
func durationLiteral(e ast.Expr) (int64, bool) {
	neg, inner := unwrapNeg(e)
	if d, ok := inner.(*ast.DurationLit); ok {
		if neg {
			return -d.Seconds, true
		}
		return d.Seconds, true
	}
	return intLiteral(e)
}

// unwrapNeg strips one unary minus.
func unwrapNeg(e ast.Expr) (bool, ast.Expr) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == ast.OpNeg {
		return true, u.X
	}
	return false, e
}
