// Package wire holds the binary primitives that segc's stored state
// formats (the event-aggregate state and the incremental run's typed
// columns) share: varints, raw little-endian floats, bitmaps and
// length-prefixed strings. Each format composes them its own way; the
// readers return ok = false instead of reading past the input.
package wire

import (
	"encoding/binary"
	"math"
	"slices"
)

// AppendFloat64s appends s as 8 little-endian bytes per value.
func AppendFloat64s(b []byte, s []float64) []byte {
	n := len(b)
	b = slices.Grow(b, 8*len(s))[:n+8*len(s)]
	for i, x := range s {
		binary.LittleEndian.PutUint64(b[n+8*i:], math.Float64bits(x))
	}
	return b
}

// AppendBitmap appends s as a bitmap, 8 values a byte, lowest bit first.
func AppendBitmap(b []byte, s []bool) []byte {
	var cur byte
	for i, x := range s {
		if x {
			cur |= 1 << (i % 8)
		}
		if i%8 == 7 || i == len(s)-1 {
			b = append(b, cur)
			cur = 0
		}
	}
	return b
}

// AppendString appends s as a uvarint length and its bytes.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Uvarint reads a uvarint and returns the rest of b.
func Uvarint(b []byte) (uint64, []byte, bool) {
	x, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, b, false
	}
	return x, b[n:], true
}

// Varint reads a zigzag varint and returns the rest of b.
func Varint(b []byte) (int64, []byte, bool) {
	x, n := binary.Varint(b)
	if n <= 0 {
		return 0, b, false
	}
	return x, b[n:], true
}

// Float64s reads n values written by AppendFloat64s.
func Float64s(b []byte, n int) ([]float64, []byte, bool) {
	if n < 0 || len(b)/8 < n {
		return nil, b, false
	}
	out := make([]float64, n)
	raw := b[:8*n]
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i : 8*i+8 : 8*i+8]))
	}
	return out, b[8*n:], true
}

// Bitmap reads n values written by AppendBitmap.
func Bitmap(b []byte, n int) ([]bool, []byte, bool) { return BitmapSized(b, n, 0) }

// BitmapSized is Bitmap with, when there are values, at least size
// elements (false past the values), as Ints pads.
func BitmapSized(b []byte, n, size int) ([]bool, []byte, bool) {
	nb := (n + 7) / 8
	if n < 0 || len(b) < nb {
		return nil, b, false
	}
	if n == 0 {
		size = 0
	}
	out := make([]bool, max(n, size))
	unpackBits(out[:n], b[:nb])
	return out, b[nb:], true
}

// unpackBits sets out from a bitmap b of len(out) bits, a byte at a
// time (a bit at a time costs twice as much).
func unpackBits(out []bool, b []byte) {
	full := len(out) / 8
	for j, c := range b[:full] {
		o := out[8*j : 8*j+8 : 8*j+8]
		o[0], o[1], o[2], o[3] = c&1 != 0, c&2 != 0, c&4 != 0, c&8 != 0
		o[4], o[5], o[6], o[7] = c&16 != 0, c&32 != 0, c&64 != 0, c&128 != 0
	}
	for i := 8 * full; i < len(out); i++ {
		out[i] = b[i/8]&(1<<(i%8)) != 0
	}
}

// String reads a string written by AppendString.
func String(b []byte) (string, []byte, bool) {
	l, rest, ok := Uvarint(b)
	if !ok || l > uint64(len(rest)) {
		return "", b, false
	}
	return string(rest[:l]), rest[l:], true
}

// Packed ints (AppendInts, Ints) are a count, then, when it is not zero,
// a mode byte, the first value (zigzag varint) and the count values as
// fixed-width unsigned offsets of 1, 2, 4 or 8 little-endian bytes: in
// mode packFrame, each value minus the smallest (frame of reference, the
// smallest replacing the first value); in mode packDelta, each value
// minus the previous one (the first minus itself: 0). The encoder picks
// the mode with the narrower width. Arithmetic wraps, so every int64
// round-trips. A fixed width decodes in one load per value, several
// times faster than varints, at about their size for counts, times,
// ids and sorted keys.
const (
	packFrame = 1
	packDelta = 2
)

// AppendInts appends s packed (see above).
func AppendInts(b []byte, s []int64) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	if len(s) == 0 {
		return b
	}
	lo, hi, deltaSpan := s[0], s[0], uint64(0)
	for i, x := range s {
		lo, hi = min(lo, x), max(hi, x)
		if i > 0 {
			deltaSpan = max(deltaSpan, uint64(x-s[i-1]))
		}
	}
	mode, base, w := byte(packFrame), lo, width(uint64(hi)-uint64(lo))
	if dw := width(deltaSpan); dw < w {
		mode, base, w = packDelta, s[0], dw
	}
	b = append(b, mode)
	b = binary.AppendVarint(b, base)
	b = append(b, byte(w))
	n := len(b)
	b = slices.Grow(b, w*len(s))[:n+w*len(s)]
	prev := base
	for i, x := range s {
		off := uint64(x - base)
		if mode == packDelta {
			off, prev = uint64(x-prev), x
		}
		putWidth(b[n+w*i:], w, off)
	}
	return b
}

// AppendFlags appends s as AppendInts appends the values 0 and 1 (one
// byte each, from the smallest), without a slice of them.
func AppendFlags(b []byte, s []bool) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	if len(s) == 0 {
		return b
	}
	lo := byte(1)
	if slices.Contains(s, false) {
		lo = 0
	}
	b = append(b, packFrame)
	b = binary.AppendVarint(b, int64(lo))
	b = append(b, 1)
	b = slices.Grow(b, len(s))
	for _, x := range s {
		v := byte(0)
		if x {
			v = 1
		}
		b = append(b, v-lo)
	}
	return b
}

// Flags reads packed ints (written by AppendInts or AppendFlags) as
// whether each is not zero, padded like Ints to at least size elements
// when there are values, without a slice of the ints.
func Flags(b []byte, size int) ([]bool, []byte, bool) {
	p, rest, ok := OpenInts(b)
	if !ok {
		return nil, b, false
	}
	if p.Len() == 0 {
		return []bool{}, rest, true
	}
	out := make([]bool, max(p.Len(), size))
	var chunk [512]int64
	for done := 0; done < p.Len(); {
		k := p.Next(chunk[:])
		for i, x := range chunk[:k] {
			out[done+i] = x != 0
		}
		done += k
	}
	return out, rest, true
}

// width is the fewest of 1, 2, 4 or 8 bytes that hold x.
func width(x uint64) int {
	switch {
	case x <= math.MaxUint8:
		return 1
	case x <= math.MaxUint16:
		return 2
	case x <= math.MaxUint32:
		return 4
	}
	return 8
}

// putWidth writes x in w little-endian bytes.
func putWidth(b []byte, w int, x uint64) {
	switch w {
	case 1:
		b[0] = byte(x)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(x))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(x))
	default:
		binary.LittleEndian.PutUint64(b, x)
	}
}

// Ints reads values written by AppendInts. When there are values, the
// slice is at least size elements long (zero past the values), so that
// callers whose slices must cover a population allocate once.
func Ints(b []byte, size int) ([]int64, []byte, bool) {
	p, rest, ok := OpenInts(b)
	if !ok {
		return nil, b, false
	}
	if p.Len() == 0 {
		return []int64{}, rest, true
	}
	out := make([]int64, max(p.Len(), size))
	p.Next(out[:p.Len()])
	return out, rest, true
}

// PackedInts reads values written by AppendInts a chunk at a time (see
// OpenInts), so that a caller mapping them to something else (a
// dictionary's strings) needs no slice of them all.
type PackedInts struct {
	n, done int
	delta   bool
	base    int64 // the frame of reference, or in delta mode the previous value
	w       int
	data    []byte
}

// OpenInts checks packed ints written by AppendInts and returns their
// reader and the input after them.
func OpenInts(b []byte) (PackedInts, []byte, bool) {
	n, rest, ok := Uvarint(b)
	if !ok || n > uint64(len(rest)) {
		return PackedInts{}, b, false
	}
	if n == 0 {
		return PackedInts{}, rest, true
	}
	if len(rest) < 1 || rest[0] != packFrame && rest[0] != packDelta {
		return PackedInts{}, b, false
	}
	mode := rest[0]
	base, rest, ok := Varint(rest[1:])
	if !ok || len(rest) < 1 {
		return PackedInts{}, b, false
	}
	w := int(rest[0])
	rest = rest[1:]
	if w != 1 && w != 2 && w != 4 && w != 8 || uint64(len(rest))/uint64(w) < n {
		return PackedInts{}, b, false
	}
	p := PackedInts{n: int(n), delta: mode == packDelta, base: base, w: w, data: rest[:w*int(n)]}
	return p, rest[w*int(n):], true
}

// Len is the number of values.
func (p *PackedInts) Len() int { return p.n }

// Next reads the next values into out, as many as fit or are left, and
// returns how many it read.
func (p *PackedInts) Next(out []int64) int {
	k := min(len(out), p.n-p.done)
	out = out[:k]
	if !p.delta {
		unpack(out, p.data[p.w*p.done:], p.w, p.base)
		p.done += k
		return k
	}
	unpack(out, p.data[p.w*p.done:], p.w, 0)
	prev := p.base
	for i, off := range out {
		prev += off
		out[i] = prev
	}
	p.base, p.done = prev, p.done+k
	return k
}

// unpack reads len(out) offsets of w bytes and adds base to each. The
// input is cut to size first, so a value costs one bounds check (a
// width of one byte none), not the several of b[w*i:] (decoding 8 bytes
// a load, with no check per value, measured no faster: the 8 MB of
// output per million values is what costs).
func unpack(out []int64, b []byte, w int, base int64) {
	b = b[:w*len(out)]
	switch w {
	case 1:
		out = out[:len(b)]
		for i, x := range b {
			out[i] = base + int64(x)
		}
	case 2:
		for i := range out {
			p := b[2*i : 2*i+2 : 2*i+2]
			out[i] = base + int64(uint16(p[0])|uint16(p[1])<<8)
		}
	case 4:
		for i := range out {
			out[i] = base + int64(binary.LittleEndian.Uint32(b[4*i:4*i+4:4*i+4]))
		}
	default:
		for i := range out {
			out[i] = base + int64(binary.LittleEndian.Uint64(b[8*i:8*i+8:8*i+8]))
		}
	}
}
