package plan

// Children returns the direct sub-expressions of e.
func Children(e Expr) []Expr {
	switch e := e.(type) {
	case *Unary:
		return []Expr{e.X}
	case *Binary:
		return []Expr{e.X, e.Y}
	case *Cast:
		return []Expr{e.X}
	case *Call:
		return e.Args
	case *In:
		return []Expr{e.X}
	}
	return nil
}

// Walk calls f for e and every sub-expression, depth first, parents first.
// A nil e is skipped.
func Walk(e Expr, f func(Expr)) {
	if e == nil {
		return
	}
	f(e)
	for _, c := range Children(e) {
		Walk(c, f)
	}
}
