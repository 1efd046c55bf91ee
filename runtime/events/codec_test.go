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

// TestEdgeRoundTrip: an edge pick's rowids and int values are stored as
// flags only when they equal the ids and times, and come back equal
// either way, padded like every per-entity slice.
func TestEdgeRoundTrip(t *testing.T) {
	base := func() *edgeAgg {
		return &edgeAgg{has: []bool{true, false, true}, time: []int64{10, 0, 30}, id: []int64{7, 0, 9},
			idOK: []bool{true, false, true}, row: []int64{7, 0, 9}, valid: []bool{true, false, true}, vi: []int64{10, 0, 30}}
	}
	tests := []struct {
		name string
		edit func(a *edgeAgg)
		same uint64
	}{
		{"rowids are ids, values are times", func(*edgeAgg) {}, edgeRowIsID | edgeValueIsTime},
		{"a rowid differs", func(a *edgeAgg) { a.row[2] = 12 }, edgeValueIsTime},
		{"a value differs", func(a *edgeAgg) { a.vi[0] = 11 }, edgeRowIsID},
		{"float values", func(a *edgeAgg) { a.vi, a.vf = nil, []float64{1.5, 0, 2} }, edgeRowIsID},
		{"both differ", func(a *edgeAgg) { a.row[0], a.vi[2] = 1, 2 }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			tc.edit(a)
			e := &enc{}
			a.encode(e)
			if e.b[0] != byte(tc.same) {
				t.Errorf("flags %d, want %d", e.b[0], tc.same)
			}
			for _, pad := range []int{0, 5} {
				d := &dec{b: e.b, pad: pad}
				got := &edgeAgg{}
				got.decode(d)
				want := padded(a.row, pad)
				if d.err != nil || len(d.b) != 0 || !slices.Equal(got.row, want) || !slices.Equal(got.vi, padded(a.vi, pad)) {
					t.Errorf("pad %d: rows %v values %v (%v, %d left), want %v and %v", pad, got.row, got.vi, d.err, len(d.b), want, padded(a.vi, pad))
				}
			}
			for cut := range e.b {
				d := &dec{b: e.b[:cut]}
				(&edgeAgg{}).decode(d)
				if d.err == nil {
					t.Errorf("cut at %d of %d bytes: no error", cut, len(e.b))
				}
			}
		})
	}
}
