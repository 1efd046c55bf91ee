package format

import (
	"strings"
	"testing"

	"github.com/segc/segc/dsl/ast"
)

func id(name string) *ast.Ident { return &ast.Ident{Name: name} }

func num(text string) *ast.NumberLit {
	return &ast.NumberLit{Text: text, IsInt: !strings.ContainsAny(text, ".e")}
}

func bin(x ast.Expr, op string, y ast.Expr) *ast.BinaryExpr {
	return &ast.BinaryExpr{Op: op, X: x, Y: y}
}

func call(fun string, args ...ast.Expr) *ast.CallExpr { return &ast.CallExpr{Fun: id(fun), Args: args} }

func str(raw string) *ast.StringLit { return &ast.StringLit{Raw: raw, Value: strings.Trim(raw, `"`)} }

func TestExprString(t *testing.T) {
	tests := []struct {
		name string
		e    ast.Expr
		want string
	}{
		{"ident", id("a"), "a"},
		{"symbolic and", bin(id("a"), "&&", id("b")), "a and b"},
		{"symbolic or", bin(id("a"), "||", id("b")), "a or b"},
		{"bang", &ast.UnaryExpr{Op: "!", X: id("a")}, "not a"},
		{"not paren", &ast.UnaryExpr{Op: "not", X: &ast.ParenExpr{X: bin(id("a"), "or", id("b"))}}, "not (a or b)"},
		{"neg", &ast.UnaryExpr{Op: "-", X: num("1")}, "-1"},
		{"neg neg", &ast.UnaryExpr{Op: "-", X: &ast.UnaryExpr{Op: "-", X: id("x")}}, "- -x"},
		{"minus neg", bin(id("a"), "-", &ast.UnaryExpr{Op: "-", X: num("1")}), "a - -1"},
		{"paren kept", bin(&ast.ParenExpr{X: bin(id("a"), "+", id("b"))}, "*", id("c")), "(a + b) * c"},
		{"nested parens", &ast.ParenExpr{X: &ast.ParenExpr{X: id("a")}}, "((a))"},
		{"selector", &ast.SelectorExpr{X: id("events"), Sel: id("amount")}, "events.amount"},
		{"call", call("max", id("a"), num("1")), "max(a, 1)"},
		{"call no args", call("now"), "now()"},
		{"in list", bin(id("c"), "in", &ast.ListLit{Elems: []ast.Expr{str(`"DE"`), str(`"FR"`)}}), `c in ["DE", "FR"]`},
		{"empty list", &ast.ListLit{}, "[]"},
		{"coalesce", bin(id("x"), "??", num("0")), "x ?? 0"},
		{"query", call("count", &ast.QueryExpr{Source: id("events"),
			Where:  bin(id("type"), "==", str(`"purchase"`)),
			Within: &ast.DurationLit{Text: "365d"}}), `count(events where type == "purchase" within 365d)`},
		{"query within only", call("sum", &ast.QueryExpr{Source: &ast.SelectorExpr{X: id("events"), Sel: id("amount")},
			Within: &ast.DurationLit{Text: "30d"}}), "sum(events.amount within 30d)"},
		{"by arg", call("percentile", id("m"), num("90"), &ast.ByArg{Key: id("country")}), "percentile(m, 90, by country)"},
		{"literals", call("f", &ast.BoolLit{Value: true}, &ast.BoolLit{}, &ast.NullLit{}, num("1.5e3")), "f(true, false, null, 1.5e3)"},
		{"string raw", str(`"a\"b\n"`), `"a\"b\n"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exprString(tt.e); got != tt.want {
				t.Errorf("exprString = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClauseLines(t *testing.T) {
	long := func(n string) ast.Expr {
		return bin(call("count", &ast.QueryExpr{Source: id("events"),
			Where:  bin(id("type"), "==", str(`"`+n+`"`)),
			Within: &ast.DurationLit{Text: "24h"}}), ">", num("0"))
	}
	tests := []struct {
		name string
		e    ast.Expr
		want string
	}{
		{"short", bin(id("a"), "and", id("b")), "  where a and b"},
		{"long and chain", bin(bin(long("add_to_cart"), "and", long("purchase")), "and", long("view")),
			"  where " + exprString(long("add_to_cart")) + "\n    and " + exprString(long("purchase")) + "\n    and " + exprString(long("view"))},
		{"long or of ands", bin(bin(long("add_to_cart"), "and", id("x")), "or", bin(long("purchase"), "and", id("y"))),
			"  where " + exprString(long("add_to_cart")) + " and x\n    or " + exprString(long("purchase")) + " and y"},
		{"long paren not broken", &ast.ParenExpr{X: bin(long("add_to_cart"), "and", long("purchase"))},
			"  where (" + exprString(long("add_to_cart")) + " and " + exprString(long("purchase")) + ")"},
		{"long comparison not broken", bin(call("f", long("add_to_cart"), long("purchase")), "==", num("1")),
			"  where f(" + exprString(long("add_to_cart")) + ", " + exprString(long("purchase")) + ") == 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSuffix(string(render(clauseLines(2, "where", tt.e))), "\n")
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestClauseLinesBreaksAtWidth(t *testing.T) {
	// "  where " + 44 + " and " + m columns: 100 fits, 101 breaks.
	for m, wantLines := range map[int]int{43: 1, 44: 2} {
		e := bin(id(strings.Repeat("a", 44)), "and", id(strings.Repeat("b", m)))
		if got := len(clauseLines(2, "where", e)); got != wantLines {
			t.Errorf("line of %d columns: got %d lines, want %d", 8+44+5+m, got, wantLines)
		}
	}
}
