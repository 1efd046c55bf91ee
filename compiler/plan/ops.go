package plan

// IsComparison reports whether op is one of the comparison operators
// ==, !=, <, <=, > and >=.
func IsComparison(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// FlipComparison returns the operator that holds with the operands
// swapped: a < b is b > a; == and != (and any other op) are unchanged.
func FlipComparison(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}
