package wire

import (
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
