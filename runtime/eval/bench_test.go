package eval

import (
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/types"
)

// BenchmarkKernel evaluates `monetary >= 12.5 and days_since(t) <= 30`
// over 1M rows with nulls, per engine.
func BenchmarkKernel(b *testing.B) {
	in := diffColumns(1 << 20)
	F, B := types.Float, types.Bool
	e := bin("and", bin(">=", col(1, F), cst(12.5, F), B),
		bin("<=", call("days_since", F, col(4, types.Time)), cst(30.0, F), B), B)
	for _, row := range []bool{false, true} {
		name := map[bool]string{false: "vector", true: "row"}[row]
		b.Run(name, func(b *testing.B) {
			k, err := NewCompiler(builtins.Default(), Options{AsOf: asOf, ForceRow: row}).Compile(e)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				k(in)
			}
		})
	}
}
