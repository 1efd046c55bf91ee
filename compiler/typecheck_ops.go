package compiler

import (
	"fmt"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// Typing rules of operators (nullability: a result is nullable when an
// operand is, unless said otherwise; the null literal has type null, which
// takes the kind of the other operand):
//
//	and or          bool, bool -> bool
//	not             bool -> bool
//	-x              int, float, duration -> same
//	+ - * %         int, int -> int; int/float mixes -> float (the int is cast)
//	/               numbers -> float; nullable (x/0 is null) unless the
//	                divisor is a non-zero literal
//	%               as above, nullable unless the divisor is a non-zero literal
//	time - time     -> duration; time ± duration -> time; duration ± duration -> duration
//	== !=           two values of one kind (numbers widen) -> bool
//	< <= > >=       two numbers, strings, times or durations -> bool
//	x == null, ...  an error: a comparison with null is always null
//	x ?? y          one kind (numbers widen); nullable only when y is
//	x in [lits]     literals of x's kind (numbers widen) -> bool
//
// Segment references are bool and never null.

// nullable reports whether a type may hold null.
func nullable(ts ...types.Type) bool {
	for _, t := range ts {
		if t.Nullable || t.Kind == types.Null {
			return true
		}
	}
	return false
}

// checkUnary types `not X` and `-X`.
func (s *state) checkUnary(sc scope, e *ast.UnaryExpr) types.Type {
	x := s.check(sc, e.X)
	if !x.IsValid() {
		return invalid
	}
	if e.Op == ast.OpNot {
		if x.Kind == types.Bool || x.Kind == types.Null {
			return types.Type{Kind: types.Bool, Nullable: nullable(x)}
		}
		s.errorAt(sc.file, diag.TypeMismatch, e.Sp,
			fmt.Sprintf("`not` needs a condition (bool), but %s is %s; compare it first, such as `not (%s > 0)`", exprText(e.X), x, exprText(e.X)))
		return invalid
	}
	if x.IsNumeric() || x.Kind == types.Duration || x.Kind == types.Null {
		return x
	}
	s.errorAt(sc.file, diag.TypeMismatch, e.Sp, fmt.Sprintf("cannot negate %s, which is %s; `-` needs a number or a duration", exprText(e.X), x))
	return invalid
}

// checkBinary types a binary operator.
func (s *state) checkBinary(sc scope, e *ast.BinaryExpr) types.Type {
	if e.Op == ast.OpIn {
		return s.checkIn(sc, e)
	}
	x, y := s.check(sc, e.X), s.check(sc, e.Y)
	if !x.IsValid() || !y.IsValid() {
		return invalid
	}
	t, ok := s.binaryType(e, x, y)
	if !ok {
		s.errorAt(sc.file, diag.TypeMismatch, e.OpSp, mismatchMessage(e, x, y))
		return invalid
	}
	return t
}

// binaryType applies the typing rules; ok is false on a mismatch.
func (s *state) binaryType(e *ast.BinaryExpr, x, y types.Type) (types.Type, bool) {
	kx, ky := x.Kind, y.Kind
	if kx == types.Null {
		kx = ky
	}
	if ky == types.Null {
		ky = kx
	}
	null := nullable(x, y)
	switch e.Op {
	case ast.OpAnd, ast.OpOr:
		return types.Type{Kind: types.Bool, Nullable: null}, kx == types.Bool && ky == types.Bool || kx == types.Null
	case ast.OpCoalesce:
		k, ok := s.common(e, kx, ky)
		return types.Type{Kind: k, Nullable: nullable(y)}, ok
	case ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe:
		if x.Kind == types.Null || y.Kind == types.Null {
			return invalid, false
		}
		k, ok := s.common(e, kx, ky)
		ordered := e.Op == ast.OpEq || e.Op == ast.OpNe || k != types.Bool
		return types.Type{Kind: types.Bool, Nullable: null}, ok && ordered
	case ast.OpAdd, ast.OpSub:
		if k, ok := timeArith(e.Op, kx, ky); ok {
			return types.Type{Kind: k, Nullable: null}, true
		}
		return s.arith(e, kx, ky, null)
	case ast.OpMul:
		return s.arith(e, kx, ky, null)
	case ast.OpDiv, ast.OpMod:
		t, ok := s.arith(e, kx, ky, null || !nonZeroLiteral(e.Y))
		if e.Op == ast.OpDiv {
			t.Kind = types.Float
			s.operands[e] = types.Float
		}
		return t, ok
	}
	return invalid, false
}

// common returns the shared kind of two operands (int and float widen to
// float) and records it for the lowering's casts.
func (s *state) common(e ast.Expr, kx, ky types.Kind) (types.Kind, bool) {
	k := kx
	switch {
	case kx == ky:
	case types.Of(kx).IsNumeric() && types.Of(ky).IsNumeric():
		k = types.Float
	default:
		return types.Invalid, false
	}
	s.operands[e] = k
	return k, true
}

// arith types numeric arithmetic.
func (s *state) arith(e ast.Expr, kx, ky types.Kind, null bool) (types.Type, bool) {
	if !types.Of(kx).IsNumeric() || !types.Of(ky).IsNumeric() {
		return invalid, false
	}
	k, _ := s.common(e, kx, ky)
	return types.Type{Kind: k, Nullable: null}, true
}

// timeArith types time and duration arithmetic.
func timeArith(op string, kx, ky types.Kind) (types.Kind, bool) {
	switch {
	case kx == types.Time && ky == types.Time && op == ast.OpSub:
		return types.Duration, true
	case kx == types.Time && ky == types.Duration:
		return types.Time, true
	case kx == types.Duration && ky == types.Time && op == ast.OpAdd:
		return types.Time, true
	case kx == types.Duration && ky == types.Duration:
		return types.Duration, true
	}
	return types.Invalid, false
}

// nonZeroLiteral reports whether e is a number literal other than zero.
func nonZeroLiteral(e ast.Expr) bool {
	v, ok := literalValue(e)
	switch v := v.(type) {
	case int64:
		return ok && v != 0
	case float64:
		return ok && v != 0
	}
	return false
}

// checkIn types `X in [literals]`.
func (s *state) checkIn(sc scope, e *ast.BinaryExpr) types.Type {
	x := s.check(sc, e.X)
	list, ok := e.Y.(*ast.ListLit)
	if !ok {
		s.check(sc, e.Y)
		s.errorAt(sc.file, diag.TypeMismatch, e.Y.Span(), "`in` needs a list of literals, as in `country in [\"FR\", \"DE\"]`")
		return invalid
	}
	k, good := x.Kind, x.IsValid()
	for _, el := range list.Elems {
		t := s.check(sc, el)
		if _, lit := literalValue(el); !lit || t.Kind == types.Null {
			s.errorAt(sc.file, diag.TypeMismatch, el.Span(), "the list after `in` holds literals such as 3, \"FR\" or true (not null, not expressions)")
			good = false
			continue
		}
		if !good {
			continue
		}
		if k2, ok := s.common(e, k, t.Kind); ok {
			k = k2
			continue
		}
		s.errorAt(sc.file, diag.TypeMismatch, el.Span(),
			fmt.Sprintf("%s is %s, but %s is %s; every element of the list must have the type of the left side", exprText(el), t, exprText(e.X), x))
		good = false
	}
	if !good {
		return invalid
	}
	s.operands[e] = k
	return types.Type{Kind: types.Bool, Nullable: nullable(x)}
}
