package percentile

import (
	"math"
	"math/rand/v2"
)

// Masked is the values a statistic is taken over, read in place: F[i]
// for each i where Valid (nil: every i) and In (nil: every i) are both
// true. Valid and In, when set, are as long as F.
type Masked struct {
	F     []float64
	Valid []bool
	In    []bool
}

// keep reports whether F[i] is one of the values.
func (m Masked) keep(i int) bool {
	return (m.Valid == nil || m.Valid[i]) && (m.In == nil || m.In[i])
}

// keepChunk is how many positions keeps turns into 0/1 at a time.
const keepChunk = 2048

// keeps sets keep[j] to 1 when F[start+j] is one of the values, else 0,
// with one loop per combination of masks, so no test per position.
func (m Masked) keeps(keep []int, start int) []int {
	end := start + len(keep)
	switch {
	case m.In == nil:
		for j, ok := range m.Valid[start:end] {
			keep[j] = boolInt(ok)
		}
	case m.Valid == nil:
		for j, ok := range m.In[start:end] {
			keep[j] = boolInt(ok)
		}
	default:
		in := m.In[start:end]
		for j, ok := range m.Valid[start:end] {
			keep[j] = boolInt(ok) & boolInt(in[j])
		}
	}
	return keep
}

// keepsAll is keeps that also covers the case of no masks (all 1).
func (m Masked) keepsAll(keep []int, start int) []int {
	if m.Valid == nil && m.In == nil {
		for j := range keep {
			keep[j] = 1
		}
		return keep
	}
	return m.keeps(keep, start)
}

// Values copies the values, in index order. The nil-mask cases cost no
// test per value, and the copy is exactly their size.
func (m Masked) Values() []float64 {
	if m.Valid == nil && m.In == nil {
		return append([]float64(nil), m.F...)
	}
	n := 0
	for i := range m.F {
		n += boolInt(m.keep(i))
	}
	xs := make([]float64, n+1) // the loop writes one past the last value
	k := 0
	for i, x := range m.F {
		xs[k] = x
		k += boolInt(m.keep(i))
	}
	return xs[:n:n]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// minAbove returns the least value greater than x (+Inf when none).
func (m Masked) minAbove(x float64) float64 {
	least := math.Inf(1)
	for i, v := range m.F {
		if v > x && v < least && m.keep(i) {
			least = v
		}
	}
	return least
}

// sample draws up to size values at random positions (with replacement,
// from a fixed seed, so a run is reproducible), skipping positions that
// are not values; it gives up after 4*size draws, so a sparse
// population yields a short sample. It also returns the number of
// draws, from which the number of values can be estimated.
func (m Masked) sample(size int) ([]float64, int) {
	rng := rand.New(rand.NewPCG(0x5e6c, uint64(len(m.F))))
	out := make([]float64, 0, size)
	draws := 0
	for ; draws < 4*size && len(out) < size; draws++ {
		if i := rng.IntN(len(m.F)); m.keep(i) {
			out = append(out, m.F[i])
		}
	}
	return out, draws
}

// OfMasked is Of over m's values without copying them all and without
// modifying m: it brackets the two order statistics it needs between
// pivots from a sample, copies only the values between the pivots, and
// selects among those. When the pivots miss (rarely), or a value is
// NaN, it copies the values and takes Of of the copy. The result is the
// same as Of's (both pick exact order statistics; see Of about zeros).
func OfMasked(m Masked, p float64) (float64, bool) {
	if len(m.F) >= bracketMin {
		if v, ok, done := bracketed(m, p); done {
			return v, ok
		}
	}
	return Of(m.Values(), p)
}

// bracketMin is the fewest values worth sampling; fewer are selected in
// place, in cache.
const bracketMin = 1 << 14

// bracketed is OfMasked's sampling path; done is false when it could
// not decide (a sparse sample, pivots that missed, or a NaN).
func bracketed(m Masked, p float64) (v float64, ok, done bool) {
	sample, draws := m.sample(sampleSize(len(m.F)))
	if len(sample) < minSample {
		return 0, false, false
	}
	var b bracket
	b.pivots(sample, p/100)
	b.reserve(len(m.F) * len(sample) / draws)
	b.classify(m)
	return b.percentile(p, func() float64 { return m.minAbove(b.hi) })
}

// minSample is the smallest sample that pivots are taken from.
const minSample = 256

// sampleSize is the sample drawn for n positions: about n^(2/3), so the
// values copied between the pivots (about 4n/sqrt(size)) and the sample
// sort cost about the same, capped at 8192.
func sampleSize(n int) int {
	return min(8192, max(256, int(math.Cbrt(float64(n)*float64(n)))))
}
