// Package neumaier implements Neumaier's compensated summation, which
// segc uses for every float sum so results do not depend on rounding
// accidents of a naive running sum.
package neumaier

import "math"

// Sum is a running compensated sum; the zero value is an empty sum.
type Sum struct {
	S, C float64
}

// Add adds x.
func (s *Sum) Add(x float64) {
	t := s.S + x
	if math.Abs(s.S) >= math.Abs(x) {
		s.C += (s.S - t) + x
	} else {
		s.C += (x - t) + s.S
	}
	s.S = t
}

// Merge adds another partial sum (its running sum, then its correction).
func (s *Sum) Merge(o Sum) {
	s.Add(o.S)
	s.Add(o.C)
}

// Value returns the compensated total.
func (s Sum) Value() float64 { return s.S + s.C }

// Of returns the compensated sum of xs in order.
func Of(xs []float64) float64 {
	var s Sum
	for _, x := range xs {
		s.Add(x)
	}
	return s.Value()
}
