package eval

import "github.com/segc/segc/dsl/types"

// not negates a bool Vec (null stays null).
func not(x Vec) Vec {
	out := Alloc(types.Bool, x.N)
	for i, b := range x.B {
		out.B[i] = !b
	}
	out.Valid = x.Valid
	return out
}

// and is three-valued conjunction: false if either side is false, true
// if both are true, otherwise null. The loops are branch-free (bit):
// on bools in no order, a branch per value mispredicted often.
func and(x, y Vec) Vec {
	out := Alloc(types.Bool, x.N)
	if x.Valid == nil && y.Valid == nil {
		for i := range out.B {
			out.B[i] = bit(x.B[i])&bit(y.B[i]) != 0
		}
		return out
	}
	out.Valid = make([]bool, x.N)
	for i := range out.B {
		xv, yv := bit(valid(x, i)), bit(valid(y, i))
		xb, yb := bit(x.B[i]), bit(y.B[i])
		xf, yf := xv&^xb, yv&^yb
		out.B[i] = xv&yv&xb&yb != 0
		out.Valid[i] = xf|yf|(xv&yv) != 0
	}
	return out
}

// or is three-valued disjunction: true if either side is true, false if
// both are false, otherwise null; branch-free as and.
func or(x, y Vec) Vec {
	out := Alloc(types.Bool, x.N)
	if x.Valid == nil && y.Valid == nil {
		for i := range out.B {
			out.B[i] = bit(x.B[i])|bit(y.B[i]) != 0
		}
		return out
	}
	out.Valid = make([]bool, x.N)
	for i := range out.B {
		xv, yv := bit(valid(x, i)), bit(valid(y, i))
		xt, yt := xv&bit(x.B[i]), yv&bit(y.B[i])
		out.B[i] = xt|yt != 0
		out.Valid[i] = xt|yt|(xv&yv) != 0
	}
	return out
}

// bit is 1 for true, 0 for false.
func bit(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// valid reports whether value i of v is non-null.
func valid(v Vec, i int) bool { return v.Valid == nil || v.Valid[i] }

// coalesce returns x where it is non-null, otherwise y.
func coalesce(x, y Vec, kind types.Kind) Vec {
	x, y = asKind(x, kind), asKind(y, kind)
	if x.Valid == nil {
		return x
	}
	out := Alloc(kind, x.N)
	out.Valid = andValid(nil, y.Valid)
	if out.Valid != nil {
		out.Valid = make([]bool, x.N)
	}
	for i := 0; i < x.N; i++ {
		src := y
		if x.Valid[i] {
			src = x
		}
		copyAt(&out, src, i)
	}
	return out
}

// copyAt copies value i (with its validity) from src into out.
func copyAt(out *Vec, src Vec, i int) {
	switch storage(out.Kind) {
	case types.Int:
		out.I[i] = src.I[i]
	case types.Float:
		out.F[i] = src.F[i]
	case types.Bool:
		out.B[i] = src.B[i]
	case types.String:
		out.S[i] = src.S[i]
	}
	if out.Valid != nil {
		out.Valid[i] = valid(src, i)
	}
}

// inList is `x in [list]`: null when x is null; otherwise true when x
// equals a list element, null when it does not but the list holds null,
// else false.
func inList(x Vec, list []any) Vec {
	out := Alloc(types.Bool, x.N)
	hasNull := false
	for _, c := range list {
		hasNull = hasNull || c == nil
	}
	out.Valid = x.Valid
	if hasNull {
		out.Valid = make([]bool, x.N)
	}
	for i := 0; i < x.N; i++ {
		if !valid(x, i) {
			continue
		}
		out.B[i] = containsAt(x, i, list)
		if hasNull {
			out.Valid[i] = out.B[i]
		}
	}
	return out
}

// containsAt reports whether value i of x equals any list element.
func containsAt(x Vec, i int, list []any) bool {
	for _, c := range list {
		if c != nil && compareValues(x.Value(i), c) == 0 {
			return true
		}
	}
	return false
}
