package compiler

import "github.com/segc/segc/dsl/ast"

// literalValue returns the value of a literal (possibly parenthesised or
// negated): int64, float64, string, bool, int64 seconds for a duration, or
// nil for null. ok is false when e is not a literal.
func literalValue(e ast.Expr) (v any, ok bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return literalValue(e.X)
	case *ast.UnaryExpr:
		if e.Op != ast.OpNeg {
			return nil, false
		}
		switch v, ok := literalValue(e.X); v := v.(type) {
		case int64:
			return -v, ok
		case float64:
			return -v, ok
		}
	case *ast.NumberLit:
		if e.IsInt {
			return e.Int, true
		}
		return e.Float, true
	case *ast.DurationLit:
		return e.Seconds, true
	case *ast.StringLit:
		return e.Value, true
	case *ast.BoolLit:
		return e.Value, true
	case *ast.NullLit:
		return nil, true
	}
	return nil, false
}

// literalNode returns the literal inside parentheses and negation, for
// pointing a diagnostic at it.
func literalNode(e ast.Expr) ast.Expr {
	if p, ok := e.(*ast.ParenExpr); ok {
		return literalNode(p.X)
	}
	return e
}
