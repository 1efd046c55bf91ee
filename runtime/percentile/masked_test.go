package percentile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// kept returns the kept values, sorted: the reference percentile of m
// is Sorted of them (spec 11.1).
func kept(m Masked) []float64 {
	var xs []float64
	for i, x := range m.F {
		if m.keep(i) {
			xs = append(xs, x)
		}
	}
	slices.Sort(xs)
	return xs
}

// same is equality of results: -0 equals +0 (a sort may put either at a
// place when both occur), and NaN equals NaN.
func same(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// valueGens make n values of one shape; the shapes cover ties (few
// distinct values, one value), infinities, NaN, and a skew.
func valueGens(rng *rand.Rand) map[string]func(n int) []float64 {
	gen := func(f func(i, n int) float64) func(n int) []float64 {
		return func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = f(i, n)
			}
			return xs
		}
	}
	return map[string]func(n int) []float64{
		"normal":       gen(func(int, int) float64 { return rng.NormFloat64() * 100 }),
		"exp":          gen(func(int, int) float64 { return rng.ExpFloat64() }),
		"few distinct": gen(func(int, int) float64 { return float64(rng.IntN(3)) }),
		"one value":    gen(func(int, int) float64 { return 7 }),
		"zeros mostly": gen(func(int, int) float64 { return float64(rng.IntN(50)/49) * rng.Float64() }),
		"sorted":       gen(func(i, _ int) float64 { return float64(i) / 7 }),
		"reversed":     gen(func(i, n int) float64 { return float64(n - i) }),
		"infinities": gen(func(int, int) float64 {
			return []float64{math.Inf(-1), math.Inf(1), rng.Float64()}[rng.IntN(3)]
		}),
		"rare NaN": gen(func(int, int) float64 {
			if rng.IntN(100000) == 0 {
				return math.NaN()
			}
			return rng.Float64()
		}),
	}
}

// maskGens make masks of n positions: none, a few nulls, a sparse
// population (which leaves the sample short).
func maskGens(rng *rand.Rand) map[string]func(n int) []bool {
	mask := func(keepPct int) func(n int) []bool {
		return func(n int) []bool {
			b := make([]bool, n)
			for i := range b {
				b[i] = rng.IntN(100) < keepPct
			}
			return b
		}
	}
	return map[string]func(n int) []bool{
		"all":    func(int) []bool { return nil },
		"92%":    mask(92),
		"50%":    mask(50),
		"1%":     mask(1),
		"0%":     mask(0),
		"random": func(n int) []bool { return mask(rng.IntN(101))(n) },
	}
}

// TestOfMaskedMatchesSort is a differential test of the sampling
// selection (OfMasked, and Of on many values) against sorting, on tiny
// to large inputs of every shape, with null and population masks.
func TestOfMaskedMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	values, masks := valueGens(rng), maskGens(rng)
	ps := []float64{0, 0.1, 1, 10, 25, 33.3, 50, 75, 90, 97.5, 99, 99.99, 100}
	for vname, gen := range values {
		for _, n := range []int{0, 1, 2, 3, 17, 1000, bracketMin, 3*bracketMin + 1, 100000} {
			xs := gen(n)
			for mname, mk := range masks {
				m := Masked{F: xs, Valid: mk(n), In: masks["random"](n)}
				if mname == "all" {
					m.In = nil
				}
				t.Run(fmt.Sprintf("%s/%d/%s", vname, n, mname), func(t *testing.T) {
					sorted := kept(m)
					for _, p := range ps {
						checkMasked(t, m, sorted, p)
					}
				})
			}
		}
	}
}

// checkMasked compares OfMasked and Of of the copied values with the
// reference, and checks OfMasked left its input alone.
func checkMasked(t *testing.T, m Masked, sorted []float64, p float64) {
	t.Helper()
	before := slices.Clone(m.F)
	want, wantOK := 0.0, len(sorted) > 0
	if wantOK {
		want = Sorted(sorted, p)
	}
	got, ok := OfMasked(m, p)
	if ok != wantOK || (ok && !same(got, want)) {
		t.Errorf("p=%v: OfMasked = %v, %v; sorting gives %v, %v", p, got, ok, want, wantOK)
	}
	if !slices.EqualFunc(before, m.F, same) {
		t.Errorf("p=%v: OfMasked modified its input", p)
	}
	got, ok = Of(m.Values(), p)
	if ok != wantOK || (ok && !same(got, want)) {
		t.Errorf("p=%v: Of = %v, %v; sorting gives %v, %v", p, got, ok, want, wantOK)
	}
}

// TestBracketEveryPivot checks the bracket's order statistics against a
// sort for pivots anywhere (including ones that miss, which must say so)
// and at every rank, on values with many ties.
func TestBracketEveryPivot(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	xs := make([]float64, 300)
	for i := range xs {
		xs[i] = float64(rng.IntN(40))
	}
	sorted := slices.Sorted(slices.Values(xs))
	m := Masked{F: xs}
	pivots := []float64{math.Inf(-1), -1, 0, 3, 3.5, 17, 39, 40, math.Inf(1)}
	for _, lo := range pivots {
		for _, hi := range pivots {
			if hi < lo {
				continue
			}
			for k := range sorted {
				b := bracket{lo: lo, hi: hi}
				b.classify(m)
				a, c, ok := b.orderPair(k, func() float64 { return m.minAbove(hi) })
				next := sorted[min(k+1, len(sorted)-1)]
				covered := rankBracketed(sorted, lo, hi, k)
				if ok && (a != sorted[k] || c != next) {
					t.Fatalf("lo=%v hi=%v k=%d: got %v %v, want %v %v", lo, hi, k, a, c, sorted[k], next)
				}
				if !ok && covered {
					t.Errorf("lo=%v hi=%v k=%d: pivots bracket rank k but orderPair missed", lo, hi, k)
				}
			}
		}
	}
}

// rankBracketed reports whether pivots lo and hi leave ranks k and k+1
// findable: k among the values in [lo, hi], and k+1 past the end, in
// [lo, hi] too, or the first value above hi.
func rankBracketed(sorted []float64, lo, hi float64, k int) bool {
	below := len(sorted) - len(slices.DeleteFunc(slices.Clone(sorted), func(x float64) bool { return x < lo }))
	upTo := len(sorted) - len(slices.DeleteFunc(slices.Clone(sorted), func(x float64) bool { return x <= hi }))
	return below <= k && k < upTo && k+1 <= upTo
}

// TestPivotsAreSampleRanks checks the pivots are the sorted sample's
// values gap ranks either side of the quantile's rank (the selection
// must place them as a sort would), infinities past the ends.
func TestPivotsAreSampleRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, s := range []int{256, 1000, 8192} {
		for _, q := range []float64{0, 0.01, 0.25, 0.5, 0.9, 0.999, 1} {
			sample := make([]float64, s)
			for i := range sample {
				sample[i] = rng.Float64() // distinct: a rank off by one shows
			}
			sorted := slices.Sorted(slices.Values(sample))
			var b bracket
			b.pivots(sample, q)
			gap := 2 * int(math.Ceil(math.Sqrt(float64(s))))
			r := int(q * float64(s-1))
			wantLo, wantHi := math.Inf(-1), math.Inf(1)
			if r-gap >= 0 {
				wantLo = sorted[r-gap]
			}
			if r+gap < s {
				wantHi = sorted[r+gap]
			}
			if b.lo != wantLo || b.hi != wantHi {
				t.Errorf("s=%d q=%v: pivots %v, %v; want %v, %v", s, q, b.lo, b.hi, wantLo, wantHi)
			}
		}
	}
}
