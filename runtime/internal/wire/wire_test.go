package wire

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	floats := []float64{0, -1.5, 3e300}
	bools := []bool{true, false, true, true, false, false, false, true, true}
	var b []byte
	b = AppendFloat64s(b, floats)
	b = AppendBitmap(b, bools)
	b = AppendString(b, "héllo")
	gotF, b, ok1 := Float64s(b, len(floats))
	gotB, b, ok2 := Bitmap(b, len(bools))
	gotS, b, ok3 := String(b)
	if !ok1 || !ok2 || !ok3 || len(b) != 0 {
		t.Fatalf("ok %v %v %v, %d bytes left", ok1, ok2, ok3, len(b))
	}
	if !slices.Equal(gotF, floats) || !slices.Equal(gotB, bools) || gotS != "héllo" {
		t.Fatalf("got %v %v %q", gotF, gotB, gotS)
	}
}

func TestShortInputs(t *testing.T) {
	cases := []struct {
		name string
		ok   func() bool
	}{
		{"floats", func() bool { _, _, ok := Float64s(make([]byte, 15), 2); return ok }},
		{"negative count", func() bool { _, _, ok := Float64s(nil, -1); return ok }},
		{"bitmap", func() bool { _, _, ok := Bitmap([]byte{1}, 9); return ok }},
		{"string length", func() bool { _, _, ok := String([]byte{5, 'a'}); return ok }},
		{"uvarint", func() bool { _, _, ok := Uvarint([]byte{0x80}); return ok }},
		{"varint", func() bool { _, _, ok := Varint(nil); return ok }},
	}
	for _, c := range cases {
		if c.ok() {
			t.Errorf("%s: a short input was read", c.name)
		}
	}
}

func TestIntsRoundTrip(t *testing.T) {
	sorted := make([]int64, 1000)
	for i := range sorted {
		sorted[i] = 1_000_000 + int64(i)*3
	}
	// spread gives n values over a span of about span, unsorted, so
	// that the loads of several values and the values after the last
	// whole load are both read.
	spread := func(n int, span int64) []int64 {
		s := make([]int64, n)
		for i := range s {
			x := uint64(i+1) * 0x9e3779b97f4a7c15 // Fibonacci hashing: unsorted
			s[i] = int64(x%uint64(span)) - span/2
		}
		return s
	}
	tests := []struct {
		name  string
		s     []int64
		width int // bytes per value expected
	}{
		{"empty", []int64{}, 0},
		{"one", []int64{-7}, 1},
		{"all equal", []int64{5, 5, 5}, 1},
		{"small counts", []int64{0, 3, 255, 1}, 1},
		{"two bytes", []int64{-100, 65_000}, 2},
		{"times", []int64{1_780_000_000, 1_700_000_000, 1_790_000_000}, 4},
		{"sorted keys take deltas", sorted, 1},
		{"extremes", []int64{math.MinInt64, math.MaxInt64, 0, -1}, 8},
		{"many of two bytes", spread(1003, 60_000), 2},
		{"many of four bytes", spread(1001, 3_000_000_000), 4},
		{"many of eight bytes", spread(999, math.MaxInt64), 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := AppendInts([]byte{9}, tc.s)
			if len(tc.s) > 0 && len(b) > 1+binary.MaxVarintLen64*2+2+tc.width*len(tc.s) {
				t.Errorf("%d bytes for %d values, want %d a value", len(b), len(tc.s), tc.width)
			}
			if p, _, _ := OpenInts(b[1:]); p.Len() > 0 && p.w != tc.width {
				t.Errorf("%d bytes a value, want %d", p.w, tc.width)
			}
			got, rest, ok := Ints(b[1:], 0)
			if !ok || len(rest) != 0 || !slices.Equal(got, tc.s) || got == nil {
				t.Fatalf("got %v, %d left, %v; want %v", got, len(rest), ok, tc.s)
			}
			padded, _, _ := Ints(b[1:], len(tc.s)+3)
			if len(tc.s) > 0 && (len(padded) != len(tc.s)+3 || !slices.Equal(padded[:len(tc.s)], tc.s) || padded[len(tc.s)] != 0) {
				t.Errorf("padded: %v", padded)
			}
			for _, chunk := range []int{1, 3, 512} {
				if got := readChunks(t, b[1:], chunk); !slices.Equal(got, tc.s) {
					t.Errorf("read %d at a time: %v", chunk, got)
				}
			}
		})
	}
}

// TestBitmapSized: a bitmap comes back padded with false to the size
// asked, unless it holds no values.
func TestBitmapSized(t *testing.T) {
	vals := []bool{true, false, true, true, false, false, false, false, true}
	b := AppendBitmap(nil, vals)
	for _, size := range []int{0, 9, 20} {
		got, rest, ok := BitmapSized(b, len(vals), size)
		if !ok || len(rest) != 0 || len(got) != max(len(vals), size) || !slices.Equal(got[:len(vals)], vals) || slices.Contains(got[len(vals):], true) {
			t.Errorf("size %d: %v, %d left, %v", size, got, len(rest), ok)
		}
	}
	if got, _, ok := BitmapSized(nil, 0, 20); !ok || got == nil || len(got) != 0 {
		t.Errorf("no values: %v (nil %v), %v; want an empty slice", got, got == nil, ok)
	}
}

func TestIntsRejectCorrupt(t *testing.T) {
	good := AppendInts(nil, []int64{1, 300, 2})
	for i := range good {
		if _, _, ok := Ints(good[:i], 0); ok {
			t.Errorf("%d of %d bytes read", i, len(good))
		}
	}
	for name, b := range map[string][]byte{
		"unknown mode":    {2, 3, 0, 1, 0, 0},
		"unknown width":   {2, packFrame, 0, 3, 0, 0, 0, 0, 0, 0},
		"count past data": {200, packFrame, 0, 1, 0},
	} {
		if _, _, ok := Ints(b, 0); ok {
			t.Errorf("%s: read", name)
		}
	}
}

// readChunks reads packed ints with PackedInts.Next, chunk values a call.
func readChunks(t *testing.T, b []byte, chunk int) []int64 {
	t.Helper()
	p, rest, ok := OpenInts(b)
	if !ok || len(rest) != 0 {
		t.Fatalf("OpenInts: %v, %d left", ok, len(rest))
	}
	out := []int64{}
	buf := make([]int64, chunk)
	for len(out) < p.Len() {
		k := p.Next(buf)
		if k == 0 {
			t.Fatalf("Next read nothing after %d of %d values", len(out), p.Len())
		}
		out = append(out, buf[:k]...)
	}
	if p.Next(buf) != 0 {
		t.Error("Next read past the values")
	}
	return out
}

// TestFlags: AppendFlags writes exactly what AppendInts writes for the
// values 0 and 1, and Flags reads any packed ints as whether each is not
// zero, padded to the size asked.
func TestFlags(t *testing.T) {
	tests := []struct {
		name string
		s    []bool
	}{
		{"empty", []bool{}},
		{"all false", []bool{false, false}},
		{"all true", []bool{true, true, true}},
		{"mixed", []bool{true, false, false, true, true, false, true}},
		{"rising", []bool{false, false, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ints := make([]int64, len(tc.s))
			for i, x := range tc.s {
				if x {
					ints[i] = 1
				}
			}
			got, want := AppendFlags([]byte{7}, tc.s), AppendInts([]byte{7}, ints)
			if !slices.Equal(got, want) {
				t.Fatalf("AppendFlags % x, AppendInts % x", got, want)
			}
			for _, size := range []int{0, len(tc.s) + 2} {
				back, rest, ok := Flags(got[1:], size)
				if !ok || len(rest) != 0 || len(back) != max(len(tc.s), size*min(len(tc.s), 1)) || !slices.Equal(back[:len(tc.s)], tc.s) || slices.Contains(back[len(tc.s):], true) {
					t.Errorf("size %d: %v, %d left, %v", size, back, len(rest), ok)
				}
			}
		})
	}
	counts, _, ok := Flags(AppendInts(nil, []int64{0, 3, 300, 0, -2}), 0)
	if !ok || !slices.Equal(counts, []bool{false, true, true, false, true}) {
		t.Errorf("counts as flags: %v, %v", counts, ok)
	}
	if _, _, ok := Flags([]byte{3, packFrame, 0, 1, 0}, 0); ok {
		t.Error("a cut input was read")
	}
}
