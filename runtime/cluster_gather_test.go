package runtime

import (
	"math"
	"slices"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// TestGatherCompleteRows: gatherComplete lists exactly the entities whose
// every feature is non-null and numeric, in order, with the values
// numberAt reads (a valid NaN or infinity kept as it is), for every
// numeric kind, with and without validity, and none when a feature is
// not numeric.
func TestGatherCompleteRows(t *testing.T) {
	n := 9
	f := eval.Vec{Kind: types.Float, N: n, F: []float64{1, 2, math.NaN(), 4, 5, math.Inf(-1), 7, 8, 9},
		Valid: []bool{true, false, true, true, true, true, false, true, true}}
	i := eval.Vec{Kind: types.Int, N: n, I: []int64{10, 20, 30, -40, 50, 60, 70, 80, 90},
		Valid: []bool{true, true, true, true, false, true, true, true, true}}
	tm := eval.Vec{Kind: types.Time, N: n, I: []int64{1e9, 2, 3, 4, 5, 6, 7, 8, -9}}
	d := eval.Vec{Kind: types.Duration, N: n, I: []int64{60, 1, 2, 3, 4, 5, 6, 7, 8},
		Valid: []bool{true, true, true, true, true, true, true, false, true}}
	s := eval.Vec{Kind: types.String, N: n, S: make([]string, n)}
	for _, tc := range []struct {
		name string
		vs   []eval.Vec
		want []int
	}{
		{"all kinds", []eval.Vec{f, i, tm, d}, []int{0, 2, 3, 5, 8}},
		{"one float", []eval.Vec{f}, []int{0, 2, 3, 4, 5, 7, 8}},
		{"no validity", []eval.Vec{tm}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8}},
		{"a string", []eval.Vec{f, s}, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, ents := gatherComplete(tc.vs, n)
			if !slices.Equal(ents, tc.want) || raw.Rows != len(tc.want) || raw.Cols != len(tc.vs) {
				t.Fatalf("entities %v (%dx%d), want %v", ents, raw.Rows, raw.Cols, tc.want)
			}
			for r, e := range ents {
				for j, v := range tc.vs {
					got, want := raw.At(r, j), numberAt(v, e)
					if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
						t.Errorf("entity %d feature %d: %v, numberAt %v", e, j, got, want)
					}
				}
			}
		})
	}
}
