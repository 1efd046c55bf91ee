package builtins

import (
	"fmt"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// populationBuiltins returns percentile, median and zscore. Their Check
// receives the value and p types; the compiler checks the `by` key.
func populationBuiltins() []*Builtin {
	return []*Builtin{
		{Name: "percentile", Class: Population,
			Signature: "percentile(x: number, p: constant 0..100[, by key]) float?",
			Doc:       "The p-th percentile (numpy linear) of x's non-null values over the population, per by-group; null when empty.",
			Check:     populationCheck("percentile", 2),
			Consts: []ConstArg{{Index: 1, Code: diag.BadPercentile, NonConstCode: true,
				What: "a number between 0 and 100", Check: checkPercent}}},
		{Name: "median", Class: Population,
			Signature: "median(x: number[, by key]) float?",
			Doc:       "percentile(x, 50).",
			Check:     populationCheck("median", 1)},
		{Name: "zscore", Class: Population,
			Signature: "zscore(x: number) float?",
			Doc:       "(x - mean) / stddev of x over the population (population stddev); null when x is null or stddev is 0.",
			Check:     populationCheck("zscore", 1)},
	}
}

// populationCheck checks a numeric value and, for percentile, a numeric p.
func populationCheck(name string, n int) func([]types.Type) (types.Type, error) {
	return func(args []types.Type) (types.Type, error) {
		if err := checkArity(name+"(x"+map[int]string{1: ")", 2: ", p)"}[n], args, n, n); err != nil {
			return types.Type{}, err
		}
		for i, a := range args {
			if err := checkKind(name, i, a, numericKinds); err != nil {
				return types.Type{}, err
			}
		}
		return types.Of(types.Float).OrNull(), nil
	}
}

// checkPercent accepts a number in [0, 100].
func checkPercent(v any) error {
	p, ok := asFloat(v)
	if !ok || p < 0 || p > 100 {
		return fmt.Errorf("p must be a number between 0 and 100, not %s", formatConst(v))
	}
	return nil
}

// formatConst renders a constant argument for a message.
func formatConst(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
