// Package percentile computes segc's population statistics: numpy's
// default (linear) percentile, and the population mean and standard
// deviation with compensated sums.
package percentile

import (
	"math"
	"slices"

	"github.com/segc/segc/runtime/neumaier"
)

// Of returns the p-th percentile (0..100) of values by numpy's default
// linear method, and false when values is empty. values is reordered in
// place. It selects the two order statistics it needs in linear time
// instead of sorting; the result is the same as Sorted on sorted values
// (up to the sign of a zero: -0 and +0 are equal, so either may be the
// one a sort or a selection puts at a place). Many values are sampled
// first (see OfMasked), which reads them once instead of partitioning
// them several times.
func Of(values []float64, p float64) (float64, bool) {
	n := len(values)
	if n == 0 {
		return 0, false
	}
	if n >= bracketMin {
		if v, ok, done := bracketed(Masked{F: values}, p); done {
			return v, ok
		}
	}
	i := int(math.Floor(float64(n-1) * p / 100))
	if i < 0 || i >= n-1 || hasNaN(values) {
		slices.Sort(values)
		return Sorted(values, p), true
	}
	selectSmallest(values, i)
	a, b := values[i], slices.Min(values[i+1:])
	return lerp(a, b, float64(n-1)*p/100), true
}

// Sorted is Of on values already sorted ascending and non-empty: with
// h = (n-1)p/100, a = values[floor(h)], b = the next value and t the
// fraction of h, it is numpy's lerp: a+(b-a)t when t < 0.5, otherwise
// b-(b-a)(1-t), which is exact when a == b.
func Sorted(values []float64, p float64) float64 {
	n := len(values)
	h := float64(n-1) * p / 100
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return values[n-1]
	}
	if i < 0 {
		return values[0]
	}
	return lerp(values[i], values[i+1], h)
}

// lerp interpolates between a = the floor(h)-th and b = the next order
// statistic as numpy does: with t the fraction of h, a+(b-a)t when
// t < 0.5, otherwise b-(b-a)(1-t), which is exact when a == b.
func lerp(a, b, h float64) float64 {
	t := h - math.Floor(h)
	if t < 0.5 {
		return a + (b-a)*t
	}
	return b - (b-a)*(1-t)
}

// Mean returns the compensated mean of values, false when empty.
func Mean(values []float64) (float64, bool) {
	if len(values) == 0 {
		return 0, false
	}
	return neumaier.Of(values) / float64(len(values)), true
}

// StdDev returns the population (ddof=0) standard deviation, computed in
// two passes with compensated sums; false when values is empty.
func StdDev(values []float64) (float64, bool) {
	mean, ok := Mean(values)
	if !ok {
		return 0, false
	}
	var s neumaier.Sum
	for _, v := range values {
		d := v - mean
		s.Add(d * d)
	}
	return math.Sqrt(s.Value() / float64(len(values))), true
}
