package percentile

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// r7Reference is the p-th percentile by sorting a copy (numpy linear).
func r7Reference(xs []float64, p float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Sorted(s, p), true
}

func r7Same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestR7BracketAgainstSort: OfMasked and OfGroups on adversarial
// populations large enough to sample (ties at the quantile, +-0, +-Inf,
// NaN behind a mask, sparse masks, groups of 0-2 values), every p that
// matters, against sorting the kept values.
func TestR7BracketAgainstSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	gens := map[string]func(i int) float64{
		"ties":      func(i int) float64 { return float64(r.IntN(3)) },
		"zeros":     func(i int) float64 { return []float64{0, math.Copysign(0, -1), 1, -1}[r.IntN(4)] },
		"inf":       func(i int) float64 { return []float64{math.Inf(1), math.Inf(-1), r.NormFloat64()}[r.IntN(3)] },
		"mostlyinf": func(i int) float64 { return []float64{math.Inf(1), math.Inf(1), math.Inf(1), 2}[r.IntN(4)] },
		"normal":    func(i int) float64 { return r.NormFloat64() },
		"one-off":   func(i int) float64 { return float64(boolInt(i == 12345)) },
		"ascending": func(i int) float64 { return float64(i) },
		"nan":       func(i int) float64 { return []float64{math.NaN(), 1, 2}[min(r.IntN(1000), 1+r.IntN(2))] },
	}
	for name, gen := range gens {
		for _, n := range []int{bracketMin, 40000} {
			f := make([]float64, n)
			for i := range f {
				f[i] = gen(i)
			}
			valid, in, sparse := make([]bool, n), make([]bool, n), make([]bool, n)
			for i := range f {
				valid[i], in[i], sparse[i] = r.IntN(10) != 0, r.IntN(2) == 0, r.IntN(500) == 0
				if !valid[i] {
					f[i] = math.NaN() // behind the mask
				}
			}
			gid := make([]int32, n)
			for i := range gid {
				gid[i] = int32(r.IntN(3)) - 1 // -1: no group
			}
			gid[0], gid[1], gid[2] = 2, 3, 3 // groups 2 and 3: one and two values
			for _, m := range []Masked{{F: f, Valid: valid}, {F: f, Valid: valid, In: in}, {F: f, Valid: valid, In: sparse}} {
				for _, p := range []float64{0, 0.001, 1, 25, 49.999, 50, 75, 99, 99.999, 100} {
					want, wok := r7Reference(r7Kept(m, nil, -1), p)
					got, ok := OfMasked(m, p)
					if ok != wok || !r7Same(got, want) {
						t.Errorf("%s n=%d p=%v: OfMasked = %v %v, sort %v %v", name, n, p, got, ok, want, wok)
					}
					gv, gok := OfGroups(m, Groups{Of: gid, N: 4}, p)
					for g := range 4 {
						want, wok := r7Reference(r7Kept(m, gid, int32(g)), p)
						if gok[g] != wok || !r7Same(gv[g], want) {
							t.Errorf("%s n=%d p=%v group %d: OfGroups = %v %v, sort %v %v", name, n, p, g, gv[g], gok[g], want, wok)
						}
					}
				}
			}
		}
	}
}

// r7Kept lists m's values (of group g when gid is set).
func r7Kept(m Masked, gid []int32, g int32) []float64 {
	var xs []float64
	for i, x := range m.F {
		if m.keep(i) && (gid == nil || gid[i] == g) {
			xs = append(xs, x)
		}
	}
	return xs
}
