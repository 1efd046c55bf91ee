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
	if y.Valid != nil {
		out.Valid = make([]bool, x.N)
		for i, ok := range x.Valid[:x.N] {
			out.Valid[i] = bit(ok)|bit(y.Valid[i]) != 0
		}
	}
	switch storage(kind) {
	case types.Int:
		pickValid(out.I, x.I, y.I, x.Valid)
	case types.Float:
		pickValid(out.F, x.F, y.F, x.Valid)
	case types.Bool:
		pickValid(out.B, x.B, y.B, x.Valid)
	case types.String:
		pickValid(out.S, x.S, y.S, x.Valid)
	}
	return out
}

// pickValid writes x[i] where x is valid, else y[i], one typed loop per
// storage (a switch on the kind per value was most of coalesce's time).
func pickValid[T any](out, x, y []T, xValid []bool) {
	for i, ok := range xValid[:len(out)] {
		if ok {
			out[i] = x[i]
		} else {
			out[i] = y[i]
		}
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
