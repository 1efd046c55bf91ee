package runtime

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/percentile"
)

// TestNumberStringsMatchesMap checks the address cache against numbering
// by value: keys that share bytes (interned), keys equal in value at
// other addresses, more distinct addresses than the cache has slots, the
// empty string, and nulls.
func TestNumberStringsMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 9))
	interned := []string{"", "DE", "FR", "US", "GB", "ES"}
	for _, distinct := range []int{1, 6, 300, 5000} {
		t.Run(fmt.Sprint(distinct), func(t *testing.T) {
			by := eval.Vec{Kind: types.String, N: 20000, S: make([]string, 20000), Valid: make([]bool, 20000)}
			for i := range by.S {
				k := rng.IntN(distinct)
				by.S[i] = fmt.Sprint("c", k) // a fresh copy each time
				if k < len(interned) {
					by.S[i] = interned[k]
				}
				if rng.IntN(2) == 0 { // the same value at its own address
					by.S[i] = strings.Clone(by.S[i])
				}
				by.Valid[i] = rng.IntN(50) != 0
			}
			gid, keys := numberStrings(by)
			wantGID, wantKeys := numberGroups(by, by.S)
			if !slices.Equal(gid, wantGID) || !slices.Equal(keys, wantKeys) {
				t.Fatalf("numberStrings differs from numbering by value")
			}
		})
	}
}

// TestGroupValues checks the split by group against appending each
// value to its group in entity order, and groupsInPopulation.
func TestGroupValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	const n, groups = 5000, 7
	gid := make([]int32, n)
	vals := eval.Vec{Kind: types.Float, N: n, F: make([]float64, n), Valid: make([]bool, n)}
	pop := make([]bool, n)
	for i := range n {
		gid[i] = int32(rng.IntN(groups+1)) - 1
		vals.F[i], vals.Valid[i], pop[i] = rng.Float64(), rng.IntN(4) != 0, rng.IntN(3) != 0
	}
	for _, tt := range []struct {
		name string
		vals eval.Vec
		pop  []bool
	}{
		{"masks", vals, pop},
		{"no population", vals, nil},
		{"all valid", eval.Vec{Kind: types.Float, N: n, F: vals.F}, pop},
		{"null vector", eval.Vec{Kind: types.Null, N: n}, pop},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inPop, got := groupsInPopulation(gid, groups, tt.pop), groupValues(gid, groups, tt.vals, tt.pop)
			wantIn, want := make([]bool, groups), make([][]float64, groups)
			for i, g := range gid {
				if g >= 0 && (tt.pop == nil || tt.pop[i]) {
					wantIn[g] = true
					if !tt.vals.IsNull(i) {
						want[g] = append(want[g], tt.vals.F[i])
					}
				}
			}
			if !slices.Equal(inPop, wantIn) {
				t.Errorf("in population = %v, want %v", inPop, wantIn)
			}
			for g := range groups {
				if !slices.Equal(got[g], want[g]) {
					t.Errorf("group %d = %d values, want %d", g, len(got[g]), len(want[g]))
				}
			}
		})
	}
}

// TestSpread checks each entity gets its group's value, and null without
// a group or when its group has no value.
func TestSpread(t *testing.T) {
	gid := []int32{0, -1, 1, 2, 0, -1}
	table := newGroupTable(gid, []float64{1.5, 0, -2}, []bool{true, false, true})
	got := table.spread()
	want := []any{1.5, nil, nil, -2.0, 1.5, nil}
	for i, w := range want {
		if v := got.Value(i); v != w {
			t.Errorf("entity %d: got %v, want %v", i, v, w)
		}
		if v := table.at(i); v != w {
			t.Errorf("entity %d: at gives %v, want %v", i, v, w)
		}
	}
	if got.N != len(gid) || got.Kind != types.Float {
		t.Errorf("got %d values of kind %v", got.N, got.Kind)
	}
}

// TestManyGroupsTakesTheCopyPath: a grouping with about as many groups
// as values leaves OfGroups (whose per-group state outweighs the values)
// for the copy by group, and both give the same percentiles.
func TestManyGroupsTakesTheCopyPath(t *testing.T) {
	for _, tc := range []struct {
		groups, n int
		want      bool
	}{{3, 10, false}, {4096, 4096, false}, {5000, 5000, true}, {5000, 1 << 20, false}, {100000, 1000000, true}} {
		if got := manyGroups(tc.groups, tc.n); got != tc.want {
			t.Errorf("manyGroups(%d, %d) = %v, want %v", tc.groups, tc.n, got, tc.want)
		}
	}
}

// TestManyGroupsSamePercentiles: the copy path that many groups take
// gives each group the percentile OfGroups gives it.
func TestManyGroupsSamePercentiles(t *testing.T) {
	const n, groups = 12000, 6000
	rng := rand.New(rand.NewPCG(7, 7))
	vals := eval.Alloc(types.Float, n)
	gid := make([]int32, n)
	for i := range n {
		vals.F[i] = float64(rng.IntN(50))
		gid[i] = int32(rng.IntN(groups))
	}
	th := &plan.Threshold{Kind: plan.Percentile, P: 90}
	got, gotHas := groupStatistics(th, gid, groups, vals, nil)
	want, wantHas := percentile.OfGroups(percentile.Masked{F: vals.F[:n]}, percentile.Groups{Of: gid, N: groups}, 90)
	for g := range groups {
		if got[g] != want[g] || gotHas[g] != wantHas[g] {
			t.Fatalf("group %d: %v %v, OfGroups %v %v", g, got[g], gotHas[g], want[g], wantHas[g])
		}
	}
}
