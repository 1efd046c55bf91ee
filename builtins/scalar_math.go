package builtins

import (
	"math"

	"github.com/segc/segc/dsl/types"
)

// mathBuiltins returns abs, min, max, round, floor, log1p and clip.
func mathBuiltins() []*Builtin {
	return []*Builtin{absBuiltin(), extremum("min", -1), extremum("max", 1),
		roundBuiltin(), floorBuiltin(), log1pBuiltin(), clipBuiltin()}
}

func absBuiltin() *Builtin {
	sig := "abs(x: number) number"
	return &Builtin{
		Name: "abs", Class: Scalar, Signature: sig,
		Doc:   "Absolute value of x, of x's type; null when x is null.",
		Check: numericUnary("abs", sig),
		Row: func(_ Env, args []any) any {
			switch x := args[0].(type) {
			case int64:
				if x == math.MinInt64 {
					return nil
				}
				return max(x, -x)
			case float64:
				return math.Abs(x)
			}
			return nil
		},
	}
}

// numericUnary checks one numeric argument and returns its type.
func numericUnary(name, sig string) func([]types.Type) (types.Type, error) {
	return func(args []types.Type) (types.Type, error) {
		if err := checkArity(sig, args, 1, 1); err != nil {
			return types.Type{}, err
		}
		if err := checkKind(name, 0, args[0], numericKinds); err != nil {
			return types.Type{}, err
		}
		return withNull(types.Of(widest(args)), args), nil
	}
}

// extremum builds the scalar min (sign -1) or max (sign 1) of two or more
// values of one kind.
func extremum(name string, sign int) *Builtin {
	sig := name + "(a, b, ...) same type"
	return &Builtin{
		Name: name, Class: Scalar, Signature: sig, Widen: true,
		Doc: "The " + map[int]string{-1: "smallest", 1: "largest"}[sign] +
			" of two or more values of one type (ints widen to float); null if any is null.",
		Check: func(args []types.Type) (types.Type, error) {
			if err := checkArity(sig, args, 2, -1); err != nil {
				return types.Type{}, err
			}
			for i, a := range args {
				if err := checkKind(name, i, a, orderedKinds); err != nil {
					return types.Type{}, err
				}
			}
			k, err := sameKind(name, args)
			return withNull(types.Of(k), args), err
		},
		Row: func(_ Env, args []any) any {
			if anyNil(args) {
				return nil
			}
			best := args[0]
			for _, a := range args[1:] {
				if compareValues(a, best) == sign {
					best = a
				}
			}
			if hasFloat(args) {
				f, _ := asFloat(best)
				return f
			}
			return best
		},
	}
}

func roundBuiltin() *Builtin {
	sig := "round(x: number[, digits: int]) number"
	return &Builtin{
		Name: "round", Class: Scalar, Signature: sig,
		Doc: "x rounded half away from zero to digits decimal places (default 0); an int x stays int; null when an argument is null.",
		Check: func(args []types.Type) (types.Type, error) {
			if err := checkArity(sig, args, 1, 2); err != nil {
				return types.Type{}, err
			}
			if err := checkKind("round", 0, args[0], numericKinds); err != nil {
				return types.Type{}, err
			}
			if len(args) == 2 {
				if err := checkKind("round", 1, args[1], kindSet{types.Int}); err != nil {
					return types.Type{}, err
				}
			}
			return withNull(types.Of(widest(args[:1])), args), nil
		},
		Row: func(_ Env, args []any) any {
			if anyNil(args) {
				return nil
			}
			x, ok := args[0].(float64)
			if !ok {
				return args[0]
			}
			digits := int64(0)
			if len(args) == 2 {
				digits, _ = args[1].(int64)
			}
			return roundDigits(x, digits)
		},
	}
}

// roundDigits rounds x half away from zero to the given decimal places.
func roundDigits(x float64, digits int64) any {
	if digits == 0 {
		return math.Round(x)
	}
	digits = min(max(digits, -308), 308)
	scale := math.Pow(10, float64(digits))
	r := math.Round(x*scale) / scale
	if math.IsInf(x*scale, 0) {
		return x
	}
	return finite(r)
}

func floorBuiltin() *Builtin {
	sig := "floor(x: number) number"
	return &Builtin{
		Name: "floor", Class: Scalar, Signature: sig,
		Doc:   "The largest whole number not above x, of x's type; null when x is null.",
		Check: numericUnary("floor", sig),
		Row: func(_ Env, args []any) any {
			if x, ok := args[0].(float64); ok {
				return math.Floor(x)
			}
			return args[0]
		},
	}
}

func log1pBuiltin() *Builtin {
	sig := "log1p(x: number) float?"
	return &Builtin{
		Name: "log1p", Class: Scalar, Signature: sig,
		Doc: "The natural log of 1+x; null when x is null or at or below -1 (where it would be -infinity or undefined).",
		Check: func(args []types.Type) (types.Type, error) {
			_, err := numericUnary("log1p", sig)(args)
			return types.Of(types.Float).OrNull(), err
		},
		Row: func(_ Env, args []any) any {
			x, ok := asFloat(args[0])
			if !ok || x <= -1 {
				return nil
			}
			return math.Log1p(x)
		},
	}
}

func clipBuiltin() *Builtin {
	sig := "clip(x, lo, hi: number) number"
	return &Builtin{
		Name: "clip", Class: Scalar, Signature: sig, Widen: true,
		Doc: "x limited to [lo, hi], as min(max(x, lo), hi) (ints widen to float if any is float); null if any argument is null.",
		Check: func(args []types.Type) (types.Type, error) {
			if err := checkArity(sig, args, 3, 3); err != nil {
				return types.Type{}, err
			}
			for i, a := range args {
				if err := checkKind("clip", i, a, numericKinds); err != nil {
					return types.Type{}, err
				}
			}
			return withNull(types.Of(widest(args)), args), nil
		},
		Row: func(_ Env, args []any) any {
			if anyNil(args) {
				return nil
			}
			v := args[0]
			if compareValues(v, args[1]) < 0 {
				v = args[1]
			}
			if compareValues(v, args[2]) > 0 {
				v = args[2]
			}
			if hasFloat(args) {
				f, _ := asFloat(v)
				return f
			}
			return v
		},
	}
}
