package runtime

import (
	"math"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/cluster"
	"github.com/segc/segc/runtime/eval"
)

func TestFillColumnReadsEveryKindAsNumberAt(t *testing.T) {
	valid := []bool{true, false, true}
	vecs := map[string]eval.Vec{
		"int":       {Kind: types.Int, N: 3, I: []int64{4, 5, -6}, Valid: valid},
		"float":     {Kind: types.Float, N: 3, F: []float64{1.5, 2, math.Inf(1)}},
		"time":      {Kind: types.Time, N: 3, I: []int64{1e9, 0, 7}, Valid: valid},
		"duration":  {Kind: types.Duration, N: 3, I: []int64{60, 1, 2}},
		"bool":      {Kind: types.Bool, N: 3, B: []bool{true, false, true}},
		"string":    {Kind: types.String, N: 3, S: []string{"1", "2", "3"}},
		"null":      {Kind: types.Null, N: 3},
		"all valid": {Kind: types.Float, N: 3, F: []float64{0, -1, 3}, Valid: []bool{true, true, true}},
	}
	for name, v := range vecs {
		raw := cluster.NewMatrix(3, 2)
		fillColumn(raw, 1, v)
		for i := range 3 {
			got, want := raw.At(i, 1), numberAt(v, i)
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("%s row %d: %v, numberAt %v", name, i, got, want)
			}
			if raw.At(i, 0) != 0 {
				t.Errorf("%s row %d: column 0 written", name, i)
			}
		}
	}
}
