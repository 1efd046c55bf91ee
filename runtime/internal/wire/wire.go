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
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out, b[8*n:], true
}

// Bitmap reads n values written by AppendBitmap.
func Bitmap(b []byte, n int) ([]bool, []byte, bool) {
	nb := (n + 7) / 8
	if n < 0 || len(b) < nb {
		return nil, b, false
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = b[i/8]&(1<<(i%8)) != 0
	}
	return out, b[nb:], true
}

// String reads a string written by AppendString.
func String(b []byte) (string, []byte, bool) {
	l, rest, ok := Uvarint(b)
	if !ok || l > uint64(len(rest)) {
		return "", b, false
	}
	return string(rest[:l]), rest[l:], true
}
