package events

import (
	"math"
	"slices"
	"testing"
)

// TestFloatsRoundTrip: float arrays come back bit for bit, stored sparse
// when mostly zero (negative zero and NaN are values, not zeros), and
// padded like every per-entity slice.
func TestFloatsRoundTrip(t *testing.T) {
	mostlyZero := make([]float64, 100)
	mostlyZero[3], mostlyZero[97] = math.Copysign(0, -1), 2.5
	tests := []struct {
		name   string
		s      []float64
		sparse bool
	}{
		{"empty", []float64{}, false},
		{"no zeros", []float64{1, -2, math.NaN(), -3e300}, false},
		{"one zero in four", []float64{1, 0, math.NaN(), -3e300}, true},
		{"mostly zero", mostlyZero, true},
		{"all zero", make([]float64, 9), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &enc{}
			e.floats(tc.s)
			if sparse := len(e.b) > 1 && e.b[1] == floatsSparse; sparse != tc.sparse {
				t.Errorf("sparse %v, want %v", sparse, tc.sparse)
			}
			for _, pad := range []int{0, len(tc.s) + 2} {
				d := &dec{b: e.b, pad: pad}
				got := d.floats()
				want := tc.s
				if pad > 0 && len(tc.s) > 0 {
					want = append(slices.Clone(tc.s), 0, 0)
				}
				if d.err != nil || len(d.b) != 0 || !sameBits(got, want) {
					t.Errorf("pad %d: got %v (%v, %d left), want %v", pad, got, d.err, len(d.b), want)
				}
			}
			for cut := range e.b {
				if d := (&dec{b: e.b[:cut]}); d.floats() != nil || d.err == nil {
					t.Errorf("cut at %d of %d bytes: no error", cut, len(e.b))
				}
			}
		})
	}
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
