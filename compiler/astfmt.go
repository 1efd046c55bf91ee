package compiler

import (
	"strings"

	"github.com/segc/segc/dsl/ast"
)

// exprText renders e in canonical .seg syntax with minimal parentheses.
func exprText(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

// writeExpr writes e, parenthesised when its precedence is below min.
func writeExpr(b *strings.Builder, e ast.Expr, min int) {
	if p, ok := e.(*ast.ParenExpr); ok {
		writeExpr(b, p.X, min)
		return
	}
	prec := exprPrec(e)
	if prec < min {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		left, right := prec, prec+1
		if prec == ast.PrecCompare {
			left = prec + 1
		}
		writeExpr(b, e.X, left)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Y, right)
	case *ast.UnaryExpr:
		writeUnary(b, e)
	default:
		writePrimary(b, e)
	}
}

// exprPrec returns the precedence of an expression's top operator.
func exprPrec(e ast.Expr) int {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return ast.BinaryPrecedence(e.Op)
	case *ast.UnaryExpr:
		if e.Op == ast.OpNot {
			return ast.PrecNot
		}
		return ast.PrecNeg
	case *ast.QueryExpr, *ast.ByArg:
		return 0
	}
	return ast.PrecPrimary
}

// writeUnary writes `not X` or `-X`.
func writeUnary(b *strings.Builder, e *ast.UnaryExpr) {
	if e.Op == ast.OpNot {
		b.WriteString("not ")
		writeExpr(b, e.X, ast.PrecNot)
		return
	}
	b.WriteString("-")
	writeExpr(b, e.X, ast.PrecNeg)
}

// writePrimary writes names, literals, calls and call arguments.
func writePrimary(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.Ident:
		b.WriteString(e.Name)
	case *ast.SelectorExpr:
		writeExpr(b, e.X, ast.PrecPrimary)
		b.WriteString("." + e.Sel.Name)
	case *ast.CallExpr:
		b.WriteString(e.Fun.Name + "(")
		writeList(b, e.Args)
		b.WriteString(")")
	case *ast.QueryExpr:
		writeQuery(b, e)
	case *ast.ByArg:
		b.WriteString("by ")
		writeExpr(b, e.Key, ast.PrecOr)
	case *ast.ListLit:
		b.WriteString("[")
		writeList(b, e.Elems)
		b.WriteString("]")
	default:
		b.WriteString(literalText(e))
	}
}

// writeList writes comma-separated expressions.
func writeList(b *strings.Builder, es []ast.Expr) {
	for i, a := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, a, 0)
	}
}

// writeQuery writes `src where F within D`.
func writeQuery(b *strings.Builder, q *ast.QueryExpr) {
	writeExpr(b, q.Source, ast.PrecOr)
	if q.Where != nil {
		b.WriteString(" where ")
		writeExpr(b, q.Where, ast.PrecOr)
	}
	if q.Within != nil {
		b.WriteString(" within ")
		writeExpr(b, q.Within, ast.PrecOr)
	}
}

// literalText renders a literal.
func literalText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.NumberLit:
		return e.Text
	case *ast.DurationLit:
		return e.Text
	case *ast.StringLit:
		return quote(e.Value)
	case *ast.BoolLit:
		if e.Value {
			return "true"
		}
		return "false"
	case *ast.NullLit:
		return "null"
	}
	return "?"
}

// quote writes a .seg string literal with its escapes.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
