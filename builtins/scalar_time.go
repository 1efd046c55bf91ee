package builtins

import "github.com/segc/segc/dsl/types"

// timeBuiltins returns days_since and hours_since.
func timeBuiltins() []*Builtin {
	return []*Builtin{
		since("days_since", "days", 86400),
		since("hours_since", "hours", 3600),
	}
}

// since builds a builtin giving (as_of - t) in fractional units of the
// given length in seconds.
func since(name, unit string, seconds float64) *Builtin {
	sig := name + "(t: time) float"
	return &Builtin{
		Name:      name,
		Class:     Scalar,
		Signature: sig,
		Doc:       "Fractional " + unit + " from t to the run's as-of instant (negative when t is later); null when t is null.",
		Check: func(args []types.Type) (types.Type, error) {
			if err := checkArity(sig, args, 1, 1); err != nil {
				return types.Type{}, err
			}
			if err := checkKind(name, 0, args[0], kindSet{types.Time}); err != nil {
				return types.Type{}, err
			}
			return withNull(types.Of(types.Float), args), nil
		},
		Row: func(env Env, args []any) any {
			t, ok := args[0].(int64)
			if !ok {
				return nil
			}
			return float64(env.AsOf-t) / seconds
		},
	}
}
