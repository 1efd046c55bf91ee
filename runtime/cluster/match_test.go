package cluster

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMatchCentroidsFollowsMovedClusters(t *testing.T) {
	old := Matrix{Rows: 3, Cols: 2, Data: []float64{0, 0, 10, 0, 0, 10}}
	next := Matrix{Rows: 3, Cols: 2, Data: []float64{0.5, 9, 9, 1, -1, 0.5}}
	got, err := MatchCentroids(old, next)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("match %v, want %v", got, want)
	}
}

// bruteMatch tries every assignment of next rows to distinct old rows.
func bruteMatch(old, next Matrix) float64 {
	best := math.Inf(1)
	var try func(i int, used []bool, cost float64)
	try = func(i int, used []bool, cost float64) {
		if i == next.Rows {
			best = min(best, cost)
			return
		}
		for j := range old.Rows {
			if !used[j] {
				used[j] = true
				try(i+1, used, cost+math.Sqrt(sqDist(next.Row(i), old.Row(j))))
				used[j] = false
			}
		}
	}
	try(0, make([]bool, old.Rows), 0)
	return best
}

func TestMatchCentroidsIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for trial := range 40 {
		nOld, nNext := 2+rng.IntN(5), 2+rng.IntN(5)
		old, next := NewMatrix(nOld, 2), NewMatrix(nNext, 2)
		for i := range old.Data {
			old.Data[i] = rng.NormFloat64()
		}
		for i := range next.Data {
			next.Data[i] = rng.NormFloat64()
		}
		got, err := MatchCentroids(old, next)
		if err != nil {
			t.Fatal(err)
		}
		cost, seen, unmatched := 0.0, map[int]bool{}, 0
		for i, o := range got {
			if o < 0 {
				unmatched++
				continue
			}
			if seen[o] {
				t.Fatalf("trial %d: old centroid %d matched twice: %v", trial, o, got)
			}
			seen[o] = true
			cost += math.Sqrt(sqDist(next.Row(i), old.Row(o)))
		}
		if unmatched != max(0, nNext-nOld) {
			t.Errorf("trial %d: %d new centroids unmatched, want %d", trial, unmatched, max(0, nNext-nOld))
		}
		var want float64
		if nNext <= nOld {
			want = bruteMatch(old, next)
		} else {
			want = bruteMatch(next, old)
		}
		if math.Abs(cost-want) > 1e-9 {
			t.Errorf("trial %d (%d old, %d new): cost %v, optimum %v", trial, nOld, nNext, cost, want)
		}
	}
}
