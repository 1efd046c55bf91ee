package percentile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// groupShapes make n group ids: one group, a few skewed ones (like
// countries), many tiny ones, one huge group among tiny ones, and
// positions in no group.
func groupShapes(rng *rand.Rand) map[string]func(n int) Groups {
	return map[string]func(n int) Groups{
		"one": func(n int) Groups { return Groups{Of: make([]int32, n), N: 1} },
		"skewed": func(n int) Groups {
			gs := Groups{Of: make([]int32, n), N: 12}
			for i := range gs.Of {
				gs.Of[i] = int32(min(11, int(rng.ExpFloat64()*3)))
			}
			return gs
		},
		"tiny": func(n int) Groups {
			gs := Groups{Of: make([]int32, n), N: max(1, n/5)}
			for i := range gs.Of {
				gs.Of[i] = int32(rng.IntN(gs.N))
			}
			return gs
		},
		"huge and tiny, some in none": func(n int) Groups {
			gs := Groups{Of: make([]int32, n), N: 40}
			for i := range gs.Of {
				gs.Of[i] = int32(rng.IntN(40)) - 1
				if rng.IntN(4) != 0 {
					gs.Of[i] = 0
				}
			}
			return gs
		},
	}
}

// TestOfGroupsMatchesSort is a differential test of the grouped
// selection against sorting each group's values.
func TestOfGroupsMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	values, masks, shapes := valueGens(rng), maskGens(rng), groupShapes(rng)
	for _, vname := range []string{"normal", "few distinct", "zeros mostly", "infinities", "rare NaN"} {
		gen := values[vname]
		for _, n := range []int{0, 1, 50, 3*bracketMin + 7} {
			xs := gen(n)
			for sname, shape := range shapes {
				gs := shape(n)
				for _, mname := range []string{"all", "92%", "1%"} {
					m := Masked{F: xs, Valid: masks[mname](n), In: masks["random"](n)}
					if mname == "all" {
						m.In = nil
					}
					t.Run(fmt.Sprintf("%s/%d/%s/%s", vname, n, sname, mname), func(t *testing.T) {
						checkGroups(t, m, gs)
					})
				}
			}
		}
	}
}

// checkGroups compares OfGroups with sorting each group's values, at
// several p, and checks it left its input alone.
func checkGroups(t *testing.T, m Masked, gs Groups) {
	t.Helper()
	sorted := make([][]float64, gs.N)
	for i, x := range m.F {
		if gs.Of[i] >= 0 && m.keep(i) {
			sorted[gs.Of[i]] = append(sorted[gs.Of[i]], x)
		}
	}
	for _, xs := range sorted {
		slices.Sort(xs)
	}
	before := slices.Clone(m.F)
	for _, p := range []float64{0, 10, 50, 75, 90, 99.9, 100} {
		got, has := OfGroups(m, gs, p)
		for g, xs := range sorted {
			if has[g] != (len(xs) > 0) {
				t.Fatalf("p=%v group %d: has = %v with %d values", p, g, has[g], len(xs))
			}
			if has[g] && !same(got[g], Sorted(xs, p)) {
				t.Fatalf("p=%v group %d: got %v, sorting gives %v", p, g, got[g], Sorted(xs, p))
			}
		}
	}
	if !slices.EqualFunc(before, m.F, same) {
		t.Error("OfGroups modified its input")
	}
}

// TestOfGroupsNaNGroup checks a group holding a NaN (redone from a copy)
// beside one that is not, at p where the NaN's place matters.
func TestOfGroupsNaNGroup(t *testing.T) {
	n := 4 * bracketMin
	m := Masked{F: make([]float64, n)}
	gs := Groups{Of: make([]int32, n), N: 2}
	for i := range m.F {
		m.F[i], gs.Of[i] = float64(i%1000), int32(i%2)
	}
	m.F[1] = math.NaN()
	checkGroups(t, m, gs)
	if got, _ := OfGroups(m, gs, 0); !math.IsNaN(got[1]) || got[0] != 0 {
		t.Errorf("p=0: got %v, want [0 NaN]", got)
	}
}
