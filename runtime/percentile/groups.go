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
	draws := 0
	if len(m.F) >= bracketMin {
		rng := rand.New(rand.NewPCG(0x5e6c, uint64(len(m.F))))
		for ; draws < 2*sampleSize(len(m.F)); draws++ {
			if i := rng.IntN(len(m.F)); gs.Of[i] >= 0 && m.keep(i) {
				samples[gs.Of[i]] = append(samples[gs.Of[i]], m.F[i])
			}
		}
	}
	for g := range bs {
		b := &bs[g]
		b.lo, b.hi, b.share = math.Inf(-1), math.Inf(1), 1
		if len(samples[g]) >= minSample {
			b.pivots(samples[g], q)
		}
		if draws > 0 {
			b.reserve(len(m.F) * len(samples[g]) / draws)
		}
	}
}

// classifyGroups is classify with each value's own group's pivots,
// branch-free in the same way (a position in no group counts nowhere).
func classifyGroups(bs []bracket, m Masked, gs Groups) {
	if len(bs) == 0 {
		return
	}
	var buf [keepChunk]int
	for start := 0; start < len(m.F); start += keepChunk {
		f := m.F[start:min(start+keepChunk, len(m.F))]
		keep := m.keepsAll(buf[:len(f)], start)
		for j, g := range gs.Of[start : start+len(f)] {
			k, x := keep[j]&boolInt(g >= 0), f[j]
			b := &bs[max(g, 0)]
			lt, gt := x < b.lo, x > b.hi
			b.below += boolInt(lt) & k
			b.above += boolInt(gt) & k
			if !lt && !gt && k == 1 {
				b.between(x)
			}
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
