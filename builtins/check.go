package builtins

import (
	"fmt"
	"strings"

	"github.com/segc/segc/dsl/types"
)

// kindSet is a set of accepted argument kinds.
type kindSet []types.Kind

// The kind sets builtins accept.
var (
	numericKinds = kindSet{types.Int, types.Float}
	orderedKinds = kindSet{types.Int, types.Float, types.String, types.Time, types.Duration}
	groupKinds   = kindSet{types.Int, types.Float, types.String, types.Bool, types.Time, types.Duration}
)

// has reports whether k is in the set; the null literal fits every set.
func (s kindSet) has(k types.Kind) bool {
	if k == types.Null {
		return true
	}
	for _, x := range s {
		if x == k {
			return true
		}
	}
	return false
}

// String lists the kinds as "int or float".
func (s kindSet) String() string {
	names := make([]string, len(s))
	for i, k := range s {
		names[i] = k.String()
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// checkArity reports a wrong number of arguments.
func checkArity(sig string, args []types.Type, lo, hi int) error {
	if len(args) >= lo && (hi < 0 || len(args) <= hi) {
		return nil
	}
	name, _, _ := strings.Cut(sig, "(")
	return fmt.Errorf("wrong number of arguments to %s: got %d", name, len(args))
}

// checkKind reports argument i (0-based) whose kind is not in want.
func checkKind(name string, i int, t types.Type, want kindSet) error {
	if want.has(t.Kind) {
		return nil
	}
	return fmt.Errorf("argument %d of %s must be %s, not %s", i+1, name, want, t)
}

// anyNullable reports whether any argument may be null.
func anyNullable(args []types.Type) bool {
	for _, a := range args {
		if a.Nullable || a.Kind == types.Null {
			return true
		}
	}
	return false
}

// withNull returns t, nullable when any argument is.
func withNull(t types.Type, args []types.Type) types.Type {
	if anyNullable(args) {
		return t.OrNull()
	}
	return t
}

// widest returns Float if any numeric argument is float, else Int.
func widest(args []types.Type) types.Kind {
	for _, a := range args {
		if a.Kind == types.Float {
			return types.Float
		}
	}
	return types.Int
}

// sameKind returns the common kind of args (int and float widen to float),
// ignoring null literals, or an error naming the first mismatch.
func sameKind(name string, args []types.Type) (types.Kind, error) {
	k := types.Null
	for i, a := range args {
		switch {
		case a.Kind == types.Null || a.Kind == k:
		case k == types.Null:
			k = a.Kind
		case a.IsNumeric() && types.Of(k).IsNumeric():
			k = types.Float
		default:
			return types.Invalid, fmt.Errorf("argument %d of %s is %s but earlier arguments are %s; all arguments must have one type", i+1, name, a, k)
		}
	}
	if k == types.Null {
		k = types.Float
	}
	return k, nil
}
