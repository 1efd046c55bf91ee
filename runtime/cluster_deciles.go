package runtime

import (
	"math"
	"math/bits"
	"slices"
	"sort"
)

// decileEdges is quantileEdges of vals without sorting them: only the
// order statistics the deciles read are moved into place (vals is
// reordered). The values there are those of a sort, so the edges are
// the same.
func decileEdges(vals []float64) []float64 {
	n := len(vals)
	var ranks []int
	for q := 1; q < 10; q++ {
		lo := int(math.Floor(float64(q) / 10 * float64(n-1)))
		ranks = append(ranks, lo, min(lo+1, n-1))
	}
	slices.Sort(ranks)
	selectRanks(vals, 0, n-1, slices.Compact(ranks), 2*bits.Len(uint(n)))
	return quantileEdges(vals)
}

// selectRanks reorders v[lo..hi] so that v[r], for every r of ranks
// (ascending, within [lo, hi]), holds what a sort would put there. It is
// a multi-quickselect that sorts a range once its budget of partitions
// is spent, so it is O(n log len(ranks)) on average and O(n log n) at
// worst. v must hold no NaN.
func selectRanks(v []float64, lo, hi int, ranks []int, budget int) {
	for len(ranks) > 0 && hi > lo {
		if budget == 0 || hi-lo < 16 {
			slices.Sort(v[lo : hi+1])
			return
		}
		budget--
		i, j := hoarePartition(v, lo, hi)
		left := sort.SearchInts(ranks, j+1)
		selectRanks(v, lo, j, ranks[:left], budget)
		ranks, lo = ranks[sort.SearchInts(ranks, i):], i
	}
}

// hoarePartition splits v[lo..hi] around a median-of-three pivot: on
// return every value in [lo, j] is <= pivot, every value in [i, hi] is
// >= pivot, and those strictly between j and i equal the pivot.
func hoarePartition(v []float64, lo, hi int) (int, int) {
	a, b, c := v[lo], v[lo+(hi-lo)/2], v[hi]
	pivot := max(min(a, b), min(max(a, b), c))
	i, j := lo, hi
	for i <= j {
		for v[i] < pivot {
			i++
		}
		for v[j] > pivot {
			j--
		}
		if i <= j {
			v[i], v[j] = v[j], v[i]
			i++
			j--
		}
	}
	return i, j
}
