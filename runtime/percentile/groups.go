package percentile

import (
	"math"
	"math/rand/v2"
)

// Groups splits Masked's values into groups without copying them: the
// value at position i belongs to group Of[i] (negative: to none), and
// there are N groups.
type Groups struct {
	Of []int32
	N  int
}

// OfGroups returns each group's p-th percentile of m's values, as Of of
// the group's values would, and whether the group has any. One pass
// classifies every value against its group's pivots (taken from a
// sample drawn for all groups at once; a group with too few sampled
// values gets infinite pivots, so all its values are kept), then each
// group selects among the values it kept. A group whose pivots miss, or
// that holds a NaN, is redone from a copy of its values. m is not
// modified.
func OfGroups(m Masked, gs Groups, p float64) ([]float64, []bool) {
	bs := make([]bracket, gs.N)
	groupPivots(bs, m, gs, p/100)
	classifyGroups(bs, m, gs)
	out, has := make([]float64, gs.N), make([]bool, gs.N)
	for g := range bs {
		b := &bs[g]
		v, ok, done := b.percentile(p, func() float64 { return gs.minAbove(m, int32(g), b.hi) })
		if !done {
			v, ok = Of(gs.values(m, int32(g)), p)
		}
		out[g], has[g] = v, ok
	}
	return out, has
}

// groupPivots draws one sample over all positions and sets each group's
// pivots from its part of it; groups with fewer than minSample sampled
// values keep everything (pivots -Inf and +Inf).
func groupPivots(bs []bracket, m Masked, gs Groups, q float64) {
	samples := make([][]float64, len(bs))
	if len(m.F) >= bracketMin {
		rng := rand.New(rand.NewPCG(0x5e6c, uint64(len(m.F))))
		for range 2 * sampleSize(len(m.F)) {
			if i := rng.IntN(len(m.F)); gs.Of[i] >= 0 && m.keep(i) {
				samples[gs.Of[i]] = append(samples[gs.Of[i]], m.F[i])
			}
		}
	}
	for g := range bs {
		bs[g].lo, bs[g].hi = math.Inf(-1), math.Inf(1)
		if len(samples[g]) >= minSample {
			bs[g].pivots(samples[g], q)
		}
	}
}

// classifyGroups is classify with each value's own group's pivots.
func classifyGroups(bs []bracket, m Masked, gs Groups) {
	for i, g := range gs.Of[:len(m.F)] {
		if g < 0 || !m.keep(i) {
			continue
		}
		b := &bs[g]
		x := m.F[i]
		switch {
		case x < b.lo:
			b.below++
		case x > b.hi:
			b.above++
		default:
			b.between(x)
		}
	}
}

// values copies group g's values.
func (gs Groups) values(m Masked, g int32) []float64 {
	var xs []float64
	for i, x := range m.F {
		if gs.Of[i] == g && m.keep(i) {
			xs = append(xs, x)
		}
	}
	return xs
}

// minAbove returns the least value of group g greater than x (+Inf when
// none).
func (gs Groups) minAbove(m Masked, g int32, x float64) float64 {
	least := math.Inf(1)
	for i, v := range m.F {
		if gs.Of[i] == g && v > x && v < least && m.keep(i) {
			least = v
		}
	}
	return least
}
