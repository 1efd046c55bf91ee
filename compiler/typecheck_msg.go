package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/types"
)

// mismatchMessage explains why an operator does not fit its operand types
// and suggests a fix.
func mismatchMessage(e *ast.BinaryExpr, x, y types.Type) string {
	head := fmt.Sprintf("`%s` does not apply to %s and %s", e.Op, x, y)
	return head + "; " + mismatchHint(e, x, y)
}

// mismatchHint suggests a fix for a binary operator's type mismatch.
func mismatchHint(e *ast.BinaryExpr, x, y types.Type) string {
	kx, ky := x.Kind, y.Kind
	has := func(k types.Kind) bool { return kx == k || ky == k }
	switch {
	case (x.Kind == types.Null || y.Kind == types.Null) && ast.BinaryPrecedence(e.Op) == ast.PrecCompare:
		return "a comparison with null is always null, never true; to give missing values a default, write `x ?? fallback`"
	case e.Op == ast.OpAnd || e.Op == ast.OpOr:
		return fmt.Sprintf("`%s` joins conditions (bool); compare the values first, such as `x > 0 %s y > 0`", e.Op, e.Op)
	case e.Op == ast.OpCoalesce:
		return "the fallback after `??` must have the type of the value before it, such as `engagement_score ?? 0.0`"
	case has(types.Time) && (types.Of(kx).IsNumeric() || types.Of(ky).IsNumeric()):
		return "use days_since(t) or hours_since(t) to turn a time into a number"
	case has(types.Duration) && (types.Of(kx).IsNumeric() || types.Of(ky).IsNumeric()):
		return "write the number as a duration with a unit, such as 30d or 12h"
	case has(types.String) && (types.Of(kx).IsNumeric() || types.Of(ky).IsNumeric()):
		return "numbers and strings do not mix; compare a number with a number (remove the quotes?)"
	case has(types.Bool) && ast.BinaryPrecedence(e.Op) == ast.PrecCompare:
		return "conditions (bool) support only == and !=; use and/or/not to combine them"
	case has(types.Bool):
		return "conditions (bool) are not numbers; use and/or/not to combine them"
	case has(types.String):
		return "strings support comparisons, in, and functions such as contains(s, \"x\"); not arithmetic"
	}
	return "convert one side so both have one type"
}
