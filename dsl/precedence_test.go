package dsl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// TestPrecedence parses expressions and prints them fully parenthesised.
func TestPrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a or b and c", "(a or (b and c))"},
		{"a and b or c", "((a and b) or c)"},
		{"a || b && c", "(a or (b and c))"},
		{"a or b or c", "((a or b) or c)"},
		{"not a and b", "((not a) and b)"},
		{"!a || !b", "((not a) or (not b))"},
		{"not a == b", "(not (a == b))"},
		{"not not a", "(not (not a))"},
		{"a == b and c != d", "((a == b) and (c != d))"},
		{"a < b + c", "(a < (b + c))"},
		{"a <= b ?? c", "(a <= (b ?? c))"},
		{"a ?? b == c", "((a ?? b) == c)"},
		{"a ?? b ?? c", "((a ?? b) ?? c)"},
		{"a ?? b + c", "(a ?? (b + c))"},
		{"a + b ?? c", "((a + b) ?? c)"},
		{"a + b * c", "(a + (b * c))"},
		{"a - b - c", "((a - b) - c)"},
		{"a / b * c % d", "(((a / b) * c) % d)"},
		{"-a * b", "((-a) * b)"},
		{"- -a", "(-(-a))"},
		{"-a.b", "(-a.b)"},
		{"a.b.c", "a.b.c"},
		{"f(x).y + 1", "(f(x).y + 1)"},
		{"(a or b) and c", "([(a or b)] and c)"},
		{"x in [1, 2] and y", "((x in [1, 2]) and y)"},
		{"a + b in [c]", "((a + b) in [c])"},
		{"a >= b or c > d and e", "((a >= b) or ((c > d) and e))"},
		{"not a + b * -c ?? d >= e", "(not (((a + (b * (-c))) ?? d) >= e))"},
		{"count(ev where t == 1 within 7d) > 0", "(count({ev where (t == 1) within 7d}) > 0)"},
		{"percentile(x, 90, by c)", "percentile(x, 90, by c)"},
		{"f(by, by == 1)", "f(by, (by == 1))"},
		{"true and false or null", "((true and false) or null)"},
		{"a and not b or c", "((a and (not b)) or c)"},
		{"not -a < b", "(not ((-a) < b))"},
		{"-(not a)", "(-[(not a)])"},
		{"a * (not b)", "(a * [(not b)])"},
		{"a % b - c", "((a % b) - c)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			x, diags := ParseExpr(source.NewFile("expr", []byte(tt.in)))
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %s", render(diags))
			}
			if got := parens(x); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestParseExprErrors checks that ParseExpr rejects what is not one expression.
func TestParseExprErrors(t *testing.T) {
	for _, in := range []string{"", "a b", "a < b < c", "(a", "f(", "a +", "[1,", "a ?? ?? b", "1 2", "a * not b", "a == not b", "- not a", "x in 3", "x in (y)", "not"} {
		x, diags := ParseExpr(source.NewFile("expr", []byte(in)))
		if x != nil || !diags.HasErrors() {
			t.Errorf("ParseExpr(%q) = %v, %v; want nil and an error", in, x, diags)
		}
	}
}

// parens prints an expression with every operation in parentheses; ParenExpr
// shows as [...] so that source parentheses stay visible.
func parens(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.BinaryExpr:
		return fmt.Sprintf("(%s %s %s)", parens(x.X), x.Op, parens(x.Y))
	case *ast.UnaryExpr:
		if x.Op == ast.OpNot {
			return fmt.Sprintf("(not %s)", parens(x.X))
		}
		return fmt.Sprintf("(-%s)", parens(x.X))
	case *ast.ParenExpr:
		return "[" + parens(x.X) + "]"
	case *ast.SelectorExpr:
		return parens(x.X) + "." + x.Sel.Name
	case *ast.CallExpr:
		return x.Fun.Name + "(" + join(x.Args) + ")"
	case *ast.QueryExpr:
		return queryParens(x)
	case *ast.ByArg:
		return "by " + parens(x.Key)
	case *ast.ListLit:
		return "[" + join(x.Elems) + "]"
	case *ast.Ident:
		return x.Name
	case *ast.NumberLit:
		return x.Text
	case *ast.DurationLit:
		return x.Text
	case *ast.StringLit:
		return x.Raw
	case *ast.BoolLit:
		return fmt.Sprint(x.Value)
	case *ast.NullLit:
		return "null"
	}
	return fmt.Sprintf("?%T", x)
}

// queryParens prints {source where W within D}.
func queryParens(q *ast.QueryExpr) string {
	s := "{" + parens(q.Source)
	if q.Where != nil {
		s += " where " + parens(q.Where)
	}
	if q.Within != nil {
		s += " within " + parens(q.Within)
	}
	return s + "}"
}

func join(xs []ast.Expr) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = parens(x)
	}
	return strings.Join(parts, ", ")
}
