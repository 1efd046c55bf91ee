package percentile

import (
	"math"
	"slices"
)

// selectSmallest reorders values so that values[k] is the value a sort
// would put there, with no larger value before it and no smaller one
// after it. It is introselect: Hoare partitions around a median-of-three
// pivot, falling back to a full sort when the partitions stay unbalanced,
// so it is O(n) on average and O(n log n) at worst. values must hold no
// NaN (a sort orders NaN first; callers sort those inputs instead).
func selectSmallest(values []float64, k int) {
	lo, hi := 0, len(values)-1
	budget := 2 * bitLen(len(values))
	for hi > lo {
		if budget == 0 || hi-lo < 16 {
			slices.Sort(values[lo : hi+1])
			return
		}
		budget--
		i, j := partition(values, lo, hi)
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // values[j+1 .. i-1] all equal the pivot
		}
	}
}

// partition splits values[lo..hi] around a median-of-three pivot: on
// return every value in [lo, j] is <= pivot, every value in [i, hi] is
// >= pivot, and those strictly between j and i equal the pivot.
func partition(values []float64, lo, hi int) (int, int) {
	mid := lo + (hi-lo)/2
	pivot := median3(values[lo], values[mid], values[hi])
	i, j := lo, hi
	for i <= j {
		for values[i] < pivot {
			i++
		}
		for values[j] > pivot {
			j--
		}
		if i <= j {
			values[i], values[j] = values[j], values[i]
			i++
			j--
		}
	}
	return i, j
}

// median3 returns the middle one of three values.
func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

// bitLen returns the number of bits needed to represent n.
func bitLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

// hasNaN reports whether any value is NaN.
func hasNaN(values []float64) bool {
	for _, v := range values {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}
