package percentile

import (
	"math"
	"slices"
)

// bracket is one pass of a Floyd-Rivest style selection: every value is
// classified against two pivots lo <= hi taken from a sample, so that
// only the few values strictly between them are copied; the others are
// only counted. Values equal to a pivot are counted, not copied, so a
// value repeated half a million times costs no memory.
type bracket struct {
	lo, hi float64
	below  int       // values < lo
	atLo   int       // values == lo
	mid    []float64 // values in (lo, hi), in input order
	atHi   int       // values == hi (0 when hi == lo)
	above  int       // values > hi
	nan    bool      // a NaN was seen: its place in a sort is first
	share  float64   // the sample's share between the pivots, for reserve
}

// count returns the number of values the pass saw (NaN aside).
func (b *bracket) count() int { return b.below + b.atLo + len(b.mid) + b.atHi + b.above }

// classify runs the pass over m's values. The counts are kept
// branch-free, since whether a value is below lo (or is null) is a coin
// toss: the masks are first turned into 0/1 per chunk, and only the few
// values between the pivots take a branch.
func (b *bracket) classify(m Masked) {
	if m.Valid == nil && m.In == nil {
		b.classifyAll(m.F)
		return
	}
	var buf [keepChunk]int
	lo, hi := b.lo, b.hi
	below, above := 0, 0
	for start := 0; start < len(m.F); start += keepChunk {
		f := m.F[start:min(start+keepChunk, len(m.F))]
		keep := m.keeps(buf[:len(f)], start)
		for j, x := range f {
			k := keep[j]
			lt, gt := x < lo, x > hi
			below += boolInt(lt) & k
			above += boolInt(gt) & k
			if !lt && !gt && k == 1 {
				b.between(x)
			}
		}
	}
	b.below, b.above = below, above
}

// classifyAll is classify when every value counts.
func (b *bracket) classifyAll(f []float64) {
	lo, hi := b.lo, b.hi
	below, above := 0, 0
	for _, x := range f {
		lt, gt := x < lo, x > hi
		below += boolInt(lt)
		above += boolInt(gt)
		if !lt && !gt {
			b.between(x)
		}
	}
	b.below, b.above = below, above
}

// between files a value that is neither below lo nor above hi: equal to
// a pivot, strictly between them, or NaN.
func (b *bracket) between(x float64) {
	switch {
	case x == b.lo:
		b.atLo++
	case x == b.hi:
		b.atHi++
	case x < b.hi:
		b.mid = append(b.mid, x)
	default:
		b.nan = true
	}
}

// orderPair returns the k-th and (k+1)-th smallest values (0-based; the
// second is the first again when k is the last index), false when the
// pivots do not bracket them. It reorders mid; minAbove is called only
// when the (k+1)-th smallest is the least value above hi.
func (b *bracket) orderPair(k int, minAbove func() float64) (float64, float64, bool) {
	n := b.count()
	a, ok := b.order(k, true)
	if !ok {
		return 0, 0, false
	}
	if k+1 >= n {
		return a, a, true
	}
	if k+1 == n-b.above {
		return a, minAbove(), true
	}
	next, ok := b.order(k+1, false)
	return a, next, ok
}

// order returns the r-th smallest value when the pivots bracket it. With
// place set it selects within mid, so that a later call for r+1 finds
// its answer as the least value after position r-below-atLo.
func (b *bracket) order(r int, place bool) (float64, bool) {
	if r < b.below {
		return 0, false
	}
	r -= b.below
	if r < b.atLo {
		return b.lo, true
	}
	r -= b.atLo
	if r < len(b.mid) {
		if place {
			selectSmallest(b.mid, r)
			return b.mid[r], true
		}
		return slices.Min(b.mid[r:]), true
	}
	r -= len(b.mid)
	if r < b.atHi {
		return b.hi, true
	}
	return 0, false
}

// percentile returns the p-th percentile of the classified values by
// numpy's linear method, as Sorted would; done is false when the pivots
// missed an order statistic it needs, or a value was NaN (whose place in
// a sort is first). minAbove gives the least value above hi.
func (b *bracket) percentile(p float64, minAbove func() float64) (v float64, ok, done bool) {
	n := b.count()
	if b.nan || n == 0 {
		return 0, false, !b.nan
	}
	h := float64(n-1) * p / 100
	k := min(max(int(math.Floor(h)), 0), n-1)
	a, c, found := b.orderPair(k, minAbove)
	if !found {
		return 0, false, false
	}
	if k >= n-1 {
		return a, true, true
	}
	return lerp(a, c, h), true, true
}

// reserve sizes mid for about n values classified: the share of them
// expected between the pivots, plus a quarter, so that the pass rarely
// grows it (growing by doubling allocated about twice its final size).
func (b *bracket) reserve(n int) {
	b.mid = make([]float64, 0, int(b.share*float64(n)*1.25)+16)
}

// pivots sets lo and hi to the sample's values gap ranks either side of
// the rank where the q-quantile falls (infinities past the sample's
// ends, so that the pass then brackets everything on that side). It
// selects those two ranks rather than sorting the sample; a sample
// holding a NaN (which selection cannot place) is sorted instead.
func (b *bracket) pivots(sample []float64, q float64) {
	s := len(sample)
	gap := 2 * int(math.Ceil(math.Sqrt(float64(s))))
	r := int(q * float64(s-1))
	lo, hi := max(r-gap, -1), min(r+gap, s)
	switch {
	case hasNaN(sample):
		slices.Sort(sample)
	case lo >= 0 && hi < s:
		selectSmallest(sample, lo)         // sample[lo] in place, nothing smaller after it
		selectSmallest(sample[lo:], hi-lo) // so sample[hi] is among the values from lo on
	case lo >= 0:
		selectSmallest(sample, lo)
	case hi < s:
		selectSmallest(sample, hi)
	}
	b.lo, b.hi = math.Inf(-1), math.Inf(1)
	if lo >= 0 {
		b.lo = sample[lo]
	}
	if hi < s {
		b.hi = sample[hi]
	}
	b.share = float64(min(hi, s)-max(lo, 0)) / float64(s)
}
