package events

import (
	"math"
	"slices"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
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

// TestEdgeSharedArrays: a decoded pick's rowids and values that equal its
// ids and times share their arrays, and an event or a delta whose rowid
// or value differs gives them arrays of their own before writing, so
// the ids and times stay what they were.
func TestEdgeSharedArrays(t *testing.T) {
	decoded := func(t *testing.T) *edgeAgg {
		src := &edgeAgg{kind: types.Time, sign: 1, has: []bool{true, true}, time: []int64{10, 20}, id: []int64{7, 8},
			idOK: []bool{true, true}, row: []int64{7, 8}, valid: []bool{true, true}, vi: []int64{10, 20}}
		e := &enc{}
		src.encode(e)
		a := &edgeAgg{kind: types.Time, sign: 1}
		a.decode(&dec{b: e.b})
		if !sharedArray(a.row, a.id) || !sharedArray(a.vi, a.time) {
			t.Fatal("decoded rowids and values do not share the ids' and times' arrays")
		}
		return a
	}
	// event: entity 1 picks an event at time 30 with this id, rowid and value.
	event := func(a *edgeAgg, id, rowid, value int64) {
		b := &batch{time: []int64{30}, id: []int64{id}, idOK: []bool{true}, rowid: []int64{rowid}}
		a.add([]int32{1}, eval.Vec{Kind: types.Time, N: 1, I: []int64{value}}, b, []int32{0})
	}
	tests := []struct {
		name                  string
		change                func(a *edgeAgg)
		rowShared, viShared   bool
		time, id, row, values []int64
	}{
		{"an event with its id as rowid and its time as value", func(a *edgeAgg) { event(a, 9, 9, 30) }, true, true,
			[]int64{10, 30}, []int64{7, 9}, []int64{7, 9}, []int64{10, 30}},
		{"a rowid that is not the id", func(a *edgeAgg) { event(a, 9, 12, 30) }, false, true,
			[]int64{10, 30}, []int64{7, 9}, []int64{7, 12}, []int64{10, 30}},
		{"a value that is not the time", func(a *edgeAgg) { event(a, 9, 9, 31) }, true, false,
			[]int64{10, 30}, []int64{7, 9}, []int64{7, 9}, []int64{10, 31}},
		{"a delta whose rowids differ", func(a *edgeAgg) {
			f := &edgeAgg{kind: types.Time, sign: 1, has: []bool{true}, time: []int64{40}, id: []int64{5},
				idOK: []bool{true}, row: []int64{6}, valid: []bool{true}, vi: []int64{41}}
			if err := a.scatter(f, []int32{0}); err != nil {
				t.Fatal(err)
			}
		}, false, false, []int64{40, 20}, []int64{5, 8}, []int64{6, 8}, []int64{41, 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := decoded(t)
			tc.change(a)
			if sharedArray(a.row, a.id) != tc.rowShared || sharedArray(a.vi, a.time) != tc.viShared {
				t.Errorf("shared rowids %v, values %v; want %v, %v", sharedArray(a.row, a.id), sharedArray(a.vi, a.time), tc.rowShared, tc.viShared)
			}
			for _, c := range []struct {
				name      string
				got, want []int64
			}{{"times", a.time, tc.time}, {"ids", a.id, tc.id}, {"rowids", a.row, tc.row}, {"values", a.vi, tc.values}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

// TestNextRoundTrip: Next comes back as stored (never: math.MaxInt64),
// its instants read a chunk at a time, and a bitmap and instants that do
// not pair up, or a cut blob, do not decode.
func TestNextRoundTrip(t *testing.T) {
	long := make([]int64, 2000)
	for i := range long {
		long[i] = math.MaxInt64
		if i%3 != 0 {
			long[i] = 1782864000 + int64(i)
		}
	}
	for _, next := range [][]int64{{}, {math.MaxInt64, math.MaxInt64}, {5, math.MaxInt64, -7}, long} {
		e := &enc{}
		encodeNext(e, next)
		d := &dec{b: e.b}
		if got := decodeNext(d); d.err != nil || len(d.b) != 0 || !slices.Equal(got, next) {
			t.Errorf("%d entities: got %d back (%v, %d left)", len(next), len(got), d.err, len(d.b))
		}
		for cut := range e.b {
			d := &dec{b: e.b[:cut]}
			if decodeNext(d); d.err == nil {
				t.Errorf("%d entities cut at %d of %d bytes: no error", len(next), cut, len(e.b))
			}
		}
	}
	for name, c := range map[string]struct {
		finite []bool
		at     []int64
	}{
		"an instant too many": {[]bool{true, false}, []int64{1, 2}},
		"an instant short":    {[]bool{true, true}, []int64{1}},
	} {
		e := &enc{}
		e.bools(c.finite)
		e.ints(c.at)
		if d := (&dec{b: e.b}); decodeNext(d) != nil && d.err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestEdgeResultShared: an int pick's result is the pick's own values
// and validity (no copy), with zero for every entity without a valid
// pick whatever the state held there (an entity reset and re-read
// without events keeps its old time); a float result, or a state shorter
// than the population, is a copy, equal in values.
func TestEdgeResultShared(t *testing.T) {
	picks := func() *edgeAgg {
		return &edgeAgg{kind: types.Time, sign: 1, has: []bool{true, false, true}, time: []int64{10, 25, 30}, id: []int64{7, 0, 9},
			idOK: []bool{true, false, true}, row: []int64{7, 0, 9}, valid: []bool{true, false, true}, vi: []int64{10, 25, 30}}
	}
	wantI, wantValid := []int64{10, 0, 30}, []bool{true, false, true}
	tests := []struct {
		name   string
		edit   func(a *edgeAgg)
		n      int
		shared bool
	}{
		{"time picks", func(*edgeAgg) {}, 3, true},
		{"values sharing the times' array", func(a *edgeAgg) { a.vi = a.time }, 3, true},
		{"int picks", func(a *edgeAgg) { a.kind = types.Int }, 3, true},
		{"state shorter than the population", func(*edgeAgg) {}, 4, false},
		{"float result of int picks", func(a *edgeAgg) { a.kind = types.Float }, 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := picks()
			tc.edit(a)
			got := a.result(tc.n)
			if shared := len(got.I) > 0 && &got.I[0] == &a.vi[0]; shared != tc.shared {
				t.Errorf("shares the picks' array: %v, want %v", shared, tc.shared)
			}
			for i := range tc.n {
				want, ok := any(nil), i < len(wantValid) && wantValid[i]
				if ok {
					want = wantI[i]
					if a.kind == types.Float {
						want = float64(wantI[i])
					}
				}
				if v := got.Value(i); v != want || got.I != nil && !ok && got.I[i] != 0 {
					t.Errorf("entity %d: %v (%v), want %v", i, v, got, want)
				}
			}
		})
	}
}
