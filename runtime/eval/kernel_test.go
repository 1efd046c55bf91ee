package eval

import (
	"math"
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

const asOf = 1782777600 // 2026-06-30 00:00:00 UTC

// fixture columns: 0 int, 1 float, 2 bool, 3 string, 4 time, 5 int zeros.
func fixture() testInputs {
	return testInputs{n: 5, cols: []Vec{
		FromValues(types.Int, []any{int64(1), nil, int64(-3), int64(7), int64(math.MinInt64)}),
		FromValues(types.Float, []any{1.5, 2.0, nil, -0.5, 1e308}),
		FromValues(types.Bool, []any{true, false, nil, true, false}),
		FromValues(types.String, []any{"a", "b", nil, "purchase", ""}),
		FromValues(types.Time, []any{int64(asOf - 86400), nil, int64(asOf), int64(asOf + 3600), int64(0)}),
		FromValues(types.Int, []any{int64(0), int64(2), int64(0), nil, int64(-1)}),
	}}
}

func TestKernels(t *testing.T) {
	I, F, B, S := types.Int, types.Float, types.Bool, types.String
	tests := []struct {
		name string
		e    plan.Expr
		want []any
	}{
		{"int add", bin("+", col(0, I), cst(int64(1), I), I), []any{int64(2), nil, int64(-2), int64(8), int64(math.MinInt64 + 1)}},
		{"float div", bin("/", col(1, F), cst(0.5, F), F), []any{3.0, 4.0, nil, -1.0, nil}},
		{"div by zero null", bin("/", cast(col(0, I)), cast(col(5, I)), F), []any{nil, nil, nil, nil, float64(math.MinInt64) / -1}},
		{"int mod zero null", bin("%", col(0, I), col(5, I), I), []any{nil, nil, nil, nil, int64(0)}},
		{"compare null", bin(">", col(0, I), cst(int64(0), I), B), []any{true, nil, false, true, false}},
		{"string eq", bin("==", col(3, S), cst("purchase", S), B), []any{false, false, nil, true, false}},
		{"and 3vl", bin("and", col(2, B), cst(nil, B), B), []any{nil, false, nil, nil, false}},
		{"or 3vl", bin("or", col(2, B), cst(nil, B), B), []any{true, nil, nil, true, nil}},
		{"not", un("not", col(2, B), B), []any{false, true, nil, false, true}},
		{"neg", un("-", col(1, F), F), []any{-1.5, -2.0, nil, 0.5, -1e308}},
		{"coalesce", bin("??", col(0, I), cst(int64(9), I), I), []any{int64(1), int64(9), int64(-3), int64(7), int64(math.MinInt64)}},
		{"coalesce null rhs", bin("??", col(1, F), cst(nil, F), F), []any{1.5, 2.0, nil, -0.5, 1e308}},
		{"cast", cast(col(0, I)), []any{1.0, nil, -3.0, 7.0, float64(math.MinInt64)}},
		{"in", in(col(3, S), cst("a", S), cst("purchase", S)), []any{true, false, nil, true, false}},
		{"in with null", in(col(0, I), cst(int64(1), I), cst(nil, I)), []any{true, nil, nil, nil, nil}},
		{"overflow to null", bin("*", col(1, F), cst(10.0, F), F), []any{15.0, 20.0, nil, -5.0, nil}},
		{"days_since", call("days_since", F, col(4, types.Time)), []any{1.0, nil, 0.0, -1.0 / 24, float64(asOf) / 86400}},
		{"max", call("max", I, col(0, I), col(5, I)), []any{int64(1), nil, int64(0), nil, int64(-1)}},
		{"abs minint null", call("abs", I, col(0, I)), []any{int64(1), nil, int64(3), int64(7), nil}},
		{"time minus time", bin("-", cst(int64(asOf), types.Time), col(4, types.Time), types.Duration), []any{int64(86400), nil, int64(0), int64(-3600), int64(asOf)}},
	}
	for _, forceRow := range []bool{false, true} {
		c := NewCompiler(builtins.Default(), Options{AsOf: asOf, ForceRow: forceRow})
		for _, tt := range tests {
			k, err := c.Compile(tt.e)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			got := values(k(fixture()))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s (row=%v): got %v, want %v", tt.name, forceRow, got, tt.want)
			}
		}
	}
}
