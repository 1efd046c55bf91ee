package format

import (
	"strings"

	"github.com/segc/segc/dsl/ast"
)

// exprString prints e on one line in canonical spelling. Parentheses appear
// exactly where the tree has a ParenExpr.
func exprString(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

// writeExpr appends the canonical text of e to b.
func writeExpr(b *strings.Builder, e ast.Expr) {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		writeBinary(b, e)
	case *ast.UnaryExpr:
		writeUnary(b, e)
	case *ast.ParenExpr:
		b.WriteString("(")
		writeExpr(b, e.X)
		b.WriteString(")")
	case *ast.SelectorExpr:
		writeExpr(b, e.X)
		b.WriteString("." + identName(e.Sel))
	case *ast.CallExpr:
		b.WriteString(identName(e.Fun))
		writeList(b, "(", e.Args, ")")
	case *ast.QueryExpr:
		writeQuery(b, e)
	case *ast.ByArg:
		b.WriteString("by ")
		writeExpr(b, e.Key)
	case *ast.ListLit:
		writeList(b, "[", e.Elems, "]")
	case *ast.RangeLit:
		writeExpr(b, e.Lo)
		b.WriteString("..")
		writeExpr(b, e.Hi)
	default:
		b.WriteString(leafString(e))
	}
}

// leafString prints names and literals.
func leafString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return identName(e)
	case *ast.NumberLit:
		return e.Text
	case *ast.DurationLit:
		return e.Text
	case *ast.StringLit:
		return e.Raw
	case *ast.BoolLit:
		if e.Value {
			return "true"
		}
		return "false"
	case *ast.NullLit:
		return "null"
	}
	return ""
}

// identName is the name of id, or "" when it is missing.
func identName(id *ast.Ident) string {
	if id == nil {
		return ""
	}
	return id.Name
}

// writeBinary prints `X op Y` with one space around the operator.
func writeBinary(b *strings.Builder, e *ast.BinaryExpr) {
	writeExpr(b, e.X)
	b.WriteString(" " + canonicalOp(e.Op) + " ")
	writeExpr(b, e.Y)
}

// writeUnary prints `not X` or `-X`; `- -X` keeps the two minus signs apart.
func writeUnary(b *strings.Builder, e *ast.UnaryExpr) {
	op := canonicalOp(e.Op)
	x := exprString(e.X)
	if op == ast.OpNot || strings.HasPrefix(x, op) {
		op += " "
	}
	b.WriteString(op + x)
}

// canonicalOp maps the symbolic spellings of the logical operators to words.
func canonicalOp(op string) string {
	switch op {
	case "&&":
		return ast.OpAnd
	case "||":
		return ast.OpOr
	case "!":
		return ast.OpNot
	}
	return op
}

// writeList prints open, the items separated by ", ", then close.
func writeList(b *strings.Builder, open string, items []ast.Expr, close string) {
	b.WriteString(open)
	for i, x := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, x)
	}
	b.WriteString(close)
}

// writeQuery prints `source [where F] [within D | between D and D ago]`.
func writeQuery(b *strings.Builder, e *ast.QueryExpr) {
	writeExpr(b, e.Source)
	if e.Where != nil {
		b.WriteString(" where ")
		writeExpr(b, e.Where)
	}
	if e.Within != nil {
		b.WriteString(" within ")
		writeExpr(b, e.Within)
	}
	if w := e.Between; w != nil {
		b.WriteString(" between " + durationText(w.From) + " and " + durationText(w.To) + " ago")
	}
}

// durationText is a duration literal as written, or "" when missing.
func durationText(d *ast.DurationLit) string {
	if d == nil {
		return ""
	}
	return d.Text
}

// clauseLines prints `keyword expr` at indent. When the one-line form passes
// maxWidth and expr is a chain of `and` or `or`, it breaks before each
// operator of that chain, continuation lines two spaces deeper.
func clauseLines(indent int, keyword string, e ast.Expr) []line {
	one := keyword + " " + exprString(e)
	bin, ok := e.(*ast.BinaryExpr)
	if indent+width(one) <= maxWidth || !ok || !isLogical(bin.Op) {
		return []line{{indent: indent, text: one}}
	}
	op := canonicalOp(bin.Op)
	operands := flatten(e, op)
	out := []line{{indent: indent, text: keyword + " " + exprString(operands[0])}}
	for _, x := range operands[1:] {
		out = append(out, line{indent: indent + 2, text: op + " " + exprString(x)})
	}
	return out
}

// isLogical reports whether op is `and` or `or` in any spelling.
func isLogical(op string) bool {
	op = canonicalOp(op)
	return op == ast.OpAnd || op == ast.OpOr
}

// flatten lists the operands of a chain of op, left to right, without
// looking inside parentheses.
func flatten(e ast.Expr, op string) []ast.Expr {
	bin, ok := e.(*ast.BinaryExpr)
	if !ok || canonicalOp(bin.Op) != op {
		return []ast.Expr{e}
	}
	return append(flatten(bin.X, op), flatten(bin.Y, op)...)
}
