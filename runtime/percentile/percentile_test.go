package percentile

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestOfMatchesNumpy compares with values printed by numpy 1.26:
// np.percentile(x, p) with the default method.
func TestOfMatchesNumpy(t *testing.T) {
	tests := []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 75, 3.25},
		{[]float64{1, 2, 3, 4}, 50, 2.5},
		{[]float64{4, 1, 3, 2}, 0, 1},
		{[]float64{4, 1, 3, 2}, 100, 4},
		{[]float64{1, 2, 3, 4}, 90, 3.7},
		{[]float64{10}, 37, 10},
		{[]float64{0.1, 0.1, 0.1}, 33, 0.1},     // a == b is exact
		{[]float64{0.3, 0.3, 0.7}, 40, 0.3},     // t = 0.8, a == b: exact
		{[]float64{1, 2, 3, 4, 5}, 10, 1.4},     // h = 0.4
		{[]float64{15, 20, 35, 40, 50}, 40, 29}, // numpy: 29.0
		{[]float64{-1, 5}, 25, 0.5},
	}
	for _, tt := range tests {
		got, ok := Of(append([]float64(nil), tt.xs...), tt.p)
		if !ok || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
		}
	}
	if got, _ := Of([]float64{0.1, 0.1}, 70); got != 0.1 {
		t.Errorf("a == b must be exact, got %v", got)
	}
	if _, ok := Of(nil, 50); ok {
		t.Error("empty population must report false")
	}
}

func TestMeanStdDev(t *testing.T) {
	xs := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	if m, _ := Mean(xs); m != 5 {
		t.Errorf("mean = %v", m)
	}
	if s, _ := StdDev(xs); s != 2 {
		t.Errorf("stddev = %v", s)
	}
	if _, ok := StdDev(nil); ok {
		t.Error("empty stddev must report false")
	}
}

// TestOfMatchesSorted compares the selection path with sorting on
// random, duplicate-heavy, sorted and reversed inputs at many p.
func TestOfMatchesSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	inputs := map[string]func(n int) []float64{
		"random": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.NormFloat64() * 100
			}
			return xs
		},
		"few distinct": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(3))
			}
			return xs
		},
		"sorted": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i) / 7
			}
			return xs
		},
		"reversed": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n - i)
			}
			return xs
		},
	}
	for name, gen := range inputs {
		for _, n := range []int{1, 2, 3, 17, 100, 1001, 50000} {
			xs := gen(n)
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			for _, p := range []float64{0, 1, 10, 25, 33.3, 50, 75, 90, 99, 99.99, 100} {
				got, _ := Of(slices.Clone(xs), p)
				if want := Sorted(sorted, p); got != want {
					t.Errorf("%s n=%d p=%v: got %v, want %v", name, n, p, got, want)
				}
			}
		}
	}
}

// BenchmarkOf takes the 90th percentile of a million values.
func BenchmarkOf(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 1<<20)
	for i := range xs {
		xs[i] = rng.ExpFloat64()
	}
	buf := make([]float64, len(xs))
	for i := 0; i < b.N; i++ {
		copy(buf, xs)
		Of(buf, 90)
	}
}

// BenchmarkOfMasked takes the 75th percentile of a million values, 8% of
// them null, in place (no copy per iteration, unlike BenchmarkOf).
func BenchmarkOfMasked(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := Masked{F: make([]float64, 1<<20), Valid: make([]bool, 1<<20)}
	for i := range m.F {
		m.F[i], m.Valid[i] = rng.ExpFloat64(), rng.IntN(100) >= 8
	}
	for b.Loop() {
		OfMasked(m, 75)
	}
}
