package events

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
)

// enc appends slices to a compact binary form: ints as zigzag varints,
// floats as 8 little-endian bytes, bools as a bitmap, strings as a
// length and bytes. Every slice is preceded by its length.
type enc struct{ b []byte }

func (e *enc) uvarint(x uint64) { e.b = binary.AppendUvarint(e.b, x) }

func (e *enc) ints(s []int64) {
	e.uvarint(uint64(len(s)))
	for _, x := range s {
		e.b = binary.AppendVarint(e.b, x)
	}
}

func (e *enc) floats(s []float64) {
	e.uvarint(uint64(len(s)))
	n := len(e.b)
	e.b = slices.Grow(e.b, 8*len(s))[:n+8*len(s)]
	for i, x := range s {
		binary.LittleEndian.PutUint64(e.b[n+8*i:], math.Float64bits(x))
	}
}

func (e *enc) bools(s []bool) {
	e.uvarint(uint64(len(s)))
	var cur byte
	for i, x := range s {
		if x {
			cur |= 1 << (i % 8)
		}
		if i%8 == 7 || i == len(s)-1 {
			e.b = append(e.b, cur)
			cur = 0
		}
	}
}

func (e *enc) strs(s []string) {
	e.uvarint(uint64(len(s)))
	for _, x := range s {
		e.uvarint(uint64(len(x)))
		e.b = append(e.b, x...)
	}
}

// errCorrupt is returned for a state blob that does not decode.
var errCorrupt = errors.New("corrupt event state")

// dec reads what enc wrote; the first error sticks.
type dec struct {
	b   []byte
	err error
}

func (d *dec) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return x
}

// count reads a slice length, checking it against the bytes left
// (each element needs at least minBytes/8 bytes).
func (d *dec) count(bitsPer int) int {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b))*8/uint64(bitsPer)+8 {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

func (d *dec) ints() []int64 {
	n := d.count(8)
	out := make([]int64, n)
	for i := range out {
		x, k := binary.Varint(d.b)
		if k <= 0 {
			d.err = errCorrupt
			return nil
		}
		out[i], d.b = x, d.b[k:]
	}
	return out
}

func (d *dec) floats() []float64 {
	n := d.count(64)
	if len(d.b) < 8*n {
		d.err = errCorrupt
		return nil
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(d.b[8*i:]))
	}
	d.b = d.b[8*n:]
	return out
}

func (d *dec) bools() []bool {
	n := d.count(1)
	nb := (n + 7) / 8
	if len(d.b) < nb {
		d.err = errCorrupt
		return nil
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = d.b[i/8]&(1<<(i%8)) != 0
	}
	d.b = d.b[nb:]
	return out
}

func (d *dec) strs() []string {
	n := d.count(8)
	out := make([]string, n)
	for i := range out {
		l := d.uvarint()
		if d.err != nil || l > uint64(len(d.b)) {
			d.err = errCorrupt
			return nil
		}
		out[i], d.b = string(d.b[:l]), d.b[l:]
	}
	return out
}
