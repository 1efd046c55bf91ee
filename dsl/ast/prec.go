package ast

// Precedence levels of the expression grammar, lowest first (spec.md,
// Operators and precedence). Prefix `not` takes an operand of comparison
// strength; prefix `-` binds tighter than every binary operator.
const (
	PrecOr = iota + 1
	PrecAnd
	PrecNot
	PrecCompare
	PrecCoalesce
	PrecAdd
	PrecMul
	PrecNeg
	PrecPrimary
)

// BinaryPrecedence returns the precedence of a binary operator in its
// canonical spelling (OpOr, OpEq, ...), or 0 for anything else.
func BinaryPrecedence(op string) int {
	switch op {
	case OpOr:
		return PrecOr
	case OpAnd:
		return PrecAnd
	case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpIn:
		return PrecCompare
	case OpCoalesce:
		return PrecCoalesce
	case OpAdd, OpSub:
		return PrecAdd
	case OpMul, OpDiv, OpMod:
		return PrecMul
	}
	return 0
}
