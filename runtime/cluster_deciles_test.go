package runtime

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDecileEdgesMatchASort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := map[string]func(int) float64{
		"uniform":   func(int) float64 { return rng.Float64() },
		"few ties":  func(int) float64 { return float64(rng.IntN(7)) },
		"constant":  func(int) float64 { return 3 },
		"ascending": func(i int) float64 { return float64(i) },
		"skewed":    func(int) float64 { return math.Floor(math.Exp(2 * rng.NormFloat64())) },
	}
	for name, g := range gen {
		for _, n := range []int{1, 2, 3, 10, 17, 1000, 54321, 99991, 100001} {
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = g(i)
			}
			sorted := slices.Clone(vals)
			slices.Sort(sorted)
			if got, want := decileEdges(vals), quantileEdges(sorted); !slices.Equal(got, want) {
				t.Errorf("%s n=%d: edges %v, a sort gives %v", name, n, got, want)
			}
		}
	}
}

func TestBinSharesCountsValuesAtOrBelowEachEdge(t *testing.T) {
	edges := []float64{1, 2.5, 4}
	cases := []struct {
		values []float64
		want   []float64
	}{
		{[]float64{0, 1, 1.5, 2.5, 3, 4, 5, 9}, []float64{2.0 / 8, 2.0 / 8, 2.0 / 8, 2.0 / 8}},
		{[]float64{math.Inf(-1), math.Inf(1), math.NaN(), 2.5000001}, []float64{2.0 / 4, 0, 1.0 / 4, 1.0 / 4}},
		{nil, []float64{0, 0, 0, 0}},
	}
	for _, tc := range cases {
		if got := binShares(tc.values, edges); !slices.Equal(got, tc.want) {
			t.Errorf("binShares(%v) = %v, want %v", tc.values, got, tc.want)
		}
	}
}
