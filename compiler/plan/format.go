package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/types"
)

// FormatExpr renders a plan expression in .seg syntax with minimal
// parentheses. Aggregates print as $aN and thresholds as $tN (their index),
// casts as float(x); nil prints as "".
func FormatExpr(e Expr) string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

// writeExpr writes e, parenthesised when its precedence is below min.
func writeExpr(b *strings.Builder, e Expr, min int) {
	prec := exprPrec(e)
	if prec < min {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch e := e.(type) {
	case *Binary:
		left, right := prec, prec+1
		if prec == ast.PrecCompare {
			left = prec + 1
		}
		writeExpr(b, e.X, left)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.Y, right)
	case *Unary:
		if e.Op == "not" {
			b.WriteString("not ")
			writeExpr(b, e.X, ast.PrecNot)
		} else {
			b.WriteString("-")
			writeExpr(b, e.X, ast.PrecNeg)
		}
	case *In:
		writeExpr(b, e.X, ast.PrecCompare+1)
		b.WriteString(" in [")
		for i, c := range e.List {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(FormatValue(c.Value, c.T))
		}
		b.WriteString("]")
	default:
		writePrimary(b, e)
	}
}

// exprPrec returns the precedence of an expression's top operator.
func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *Binary:
		return ast.BinaryPrecedence(e.Op)
	case *Unary:
		if e.Op == "not" {
			return ast.PrecNot
		}
		return ast.PrecNeg
	case *In:
		return ast.PrecCompare
	}
	return ast.PrecPrimary
}

// writePrimary writes references, constants, casts and calls.
func writePrimary(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Const:
		b.WriteString(FormatValue(e.Value, e.T))
	case *ColumnRef:
		b.WriteString(e.Name)
	case *EventColumnRef:
		b.WriteString(e.Name)
	case *FeatureRef:
		b.WriteString(e.Name)
	case *SegmentRef:
		b.WriteString(e.Name)
	case *AggregateRef:
		fmt.Fprintf(b, "$a%d", e.Aggregate)
	case *ThresholdRef:
		fmt.Fprintf(b, "$t%d", e.Threshold)
	case *Cast:
		b.WriteString(e.T.Kind.String() + "(")
		writeExpr(b, e.X, 0)
		b.WriteString(")")
	case *Call:
		b.WriteString(e.Func + "(")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, 0)
		}
		b.WriteString(")")
	default:
		if !writeTimeRef(b, e) && !writeClusterRef(b, e) {
			b.WriteString("?")
		}
	}
}

// FormatValue renders a constant of type t as a .seg literal.
func FormatValue(v any, t types.Type) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case string:
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
		return `"` + r.Replace(v) + `"`
	case float64:
		return formatFloat(v)
	case int64:
		if t.Kind == types.Duration {
			return FormatDuration(v)
		}
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(v)
}

// formatFloat renders a float so that it reads back as a float.
func formatFloat(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) >= 1e15 {
		s = strconv.FormatFloat(v, 'e', -1, 64)
	}
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// FormatDuration renders seconds in the largest unit that divides them,
// as 2w, 30d, 24h... (negative durations print with a leading minus).
func FormatDuration(sec int64) string {
	sign := ""
	if sec < 0 {
		sign, sec = "-", -sec
	}
	for _, u := range []struct {
		n    int64
		unit string
	}{{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}} {
		if sec != 0 && sec%u.n == 0 {
			return sign + strconv.FormatInt(sec/u.n, 10) + u.unit
		}
	}
	return sign + strconv.FormatInt(sec, 10) + "s"
}
