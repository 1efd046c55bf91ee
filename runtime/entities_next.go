package runtime

import "math"

// next computes, per entity, the earliest instant after as-of at which
// time passing alone may change its membership: an event leaving a
// window or entering a past (`between`) window, or a trigger's wait or
// for running out. math.MaxInt64 when none.
func (x *entityRun) next() []int64 {
	out := make([]int64, x.ev.Len())
	for i := range out {
		out[i] = math.MaxInt64
		for _, n := range x.stateNext {
			if i < len(n) && n[i] > x.asOf {
				out[i] = min(out[i], n[i])
			}
		}
		for _, l := range x.expiry {
			for _, s := range l.stamps.Of(i) {
				x.sooner(&out[i], s.Time, l.agg.Until)
				if l.agg.Window > 0 {
					x.sooner(&out[i], s.Time, l.agg.Window)
				}
			}
		}
		for _, t := range x.p.Triggers {
			for _, s := range x.time.list(x.time.trig[t.Index][0], i) {
				x.sooner(&out[i], s.Time, t.Wait)
				if t.For > 0 {
					x.sooner(&out[i], s.Time, t.Wait+t.For)
				}
			}
		}
	}
	return out
}

// sooner lowers *next to at+d when that is after as-of and earlier.
func (x *entityRun) sooner(next *int64, at, d int64) {
	if t := at + d; t > x.asOf && t < *next {
		*next = t
	}
}
