package events

import (
	"math"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/neumaier"
)

// TestFloatSumResult: a float sum (or mean) is null over no values and
// when it overflows to an infinity or a NaN, and the population past
// the state's end has no values.
func TestFloatSumResult(t *testing.T) {
	sums := []neumaier.Sum{{S: 3, C: 0.5}, {}, {S: math.Inf(1)}, {S: math.NaN()}, {S: -6, C: 0}}
	cnt := []int64{2, 0, 1, 3, 3}
	tests := []struct {
		name string
		avg  bool
		want []any
	}{
		{"sum", false, []any{3.5, nil, nil, nil, -6.0, nil}},
		{"avg", true, []any{1.75, nil, nil, nil, -2.0, nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &floatSumAgg{kind: types.Float, avg: tc.avg, s: append([]neumaier.Sum(nil), sums...)}
			if tc.avg {
				a.cnt = append([]int64(nil), cnt...)
			} else {
				for _, c := range cnt {
					a.has = append(a.has, c > 0)
				}
			}
			got := a.result(len(tc.want))
			for i, want := range tc.want {
				if v := got.Value(i); v != want {
					t.Errorf("entity %d: %v, want %v", i, v, want)
				}
			}
			if got.Kind != types.Float || got.N != len(tc.want) {
				t.Errorf("got %v", eval.Vec{Kind: got.Kind, N: got.N})
			}
		})
	}
}
