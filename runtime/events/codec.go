package events

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"

	"github.com/segc/segc/runtime/internal/wire"
)

// enc appends slices to a compact binary form: ints packed at a fixed
// width (wire.AppendInts), floats as 8 little-endian bytes (only the
// non-zero ones, after a bitmap of them, when that is shorter: most
// entities' sums and their compensations are zero), bools as a bitmap,
// strings as a length and bytes. Every slice is preceded by its length.
type enc struct {
	b []byte
	// scratch is reused by the encoders of large temporary arrays
	// (scratchInts), so that a state's lists allocate one between them.
	scratch []int64
}

// scratchInts returns n int64s of the encoder's scratch array, whose
// contents are undefined and valid until the next call.
func (e *enc) scratchInts(n int) []int64 {
	if cap(e.scratch) < n {
		e.scratch = make([]int64, n)
	}
	return e.scratch[:n]
}

// Float arrays are stored dense or sparse.
const (
	floatsDense  = 0
	floatsSparse = 1
)

func (e *enc) uvarint(x uint64) { e.b = binary.AppendUvarint(e.b, x) }

func (e *enc) ints(s []int64) { e.b = wire.AppendInts(e.b, s) }

func (e *enc) floats(s []float64) {
	e.uvarint(uint64(len(s)))
	nonzero := make([]bool, len(s))
	var vals []float64
	for i, x := range s {
		if math.Float64bits(x) != 0 {
			nonzero[i] = true
			vals = append(vals, x)
		}
	}
	if len(s) == 0 || 8*(len(s)-len(vals)) <= (len(s)+7)/8 {
		e.b = append(e.b, floatsDense)
		e.b = wire.AppendFloat64s(e.b, s)
		return
	}
	e.b = append(e.b, floatsSparse)
	e.b = wire.AppendBitmap(e.b, nonzero)
	e.b = wire.AppendFloat64s(e.b, vals)
}

func (e *enc) bools(s []bool) {
	e.uvarint(uint64(len(s)))
	e.b = wire.AppendBitmap(e.b, s)
}

func (e *enc) strs(s []string) {
	e.uvarint(uint64(len(s)))
	for _, x := range s {
		e.b = wire.AppendString(e.b, x)
	}
}

// errCorrupt is returned for a state blob that does not decode.
var errCorrupt = errors.New("corrupt event state")

// dec reads what enc wrote; the first error sticks. With pad > 0, the
// per-entity slices it returns are at least pad long (zero past the
// stored values), so that a decoded State covers its population without
// growing each slice again.
type dec struct {
	b   []byte
	err error
	pad int
}

func (d *dec) uvarint() uint64 {
	x, rest, ok := wire.Uvarint(d.b)
	return read(d, x, rest, ok)
}

// read keeps rest as the input left when ok, else records the error.
func read[T any](d *dec, v T, rest []byte, ok bool) T {
	if !ok {
		d.err = errCorrupt
		var zero T
		return zero
	}
	d.b = rest
	return v
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
	if d.err != nil {
		return nil
	}
	v, rest, ok := wire.Ints(d.b, d.pad)
	return read(d, v, rest, ok)
}

// flags reads packed ints as whether each is not zero (padded like ints).
func (d *dec) flags() []bool {
	if d.err != nil {
		return nil
	}
	v, rest, ok := wire.Flags(d.b, d.pad)
	return read(d, v, rest, ok)
}

// intsOr returns like itself when same (the encoder wrote a flag instead
// of the slice), else reads the slice: the caller must copy the shared
// array before writing it apart from like's (see edgeAgg.unshareFor).
func (d *dec) intsOr(same bool, like []int64) []int64 {
	if same {
		return like
	}
	return d.ints()
}

func (d *dec) floats() []float64 {
	var out []float64
	d.eachFloat(func(n int) { out = make([]float64, padTo(n, d.pad)) }, func(i int, x float64) { out[i] = x })
	if d.err != nil {
		return nil
	}
	return out
}

// eachFloat reads one float array: size gets its length, then set each
// stored value (all of them when dense, the non-zero ones when sparse;
// the others are zero).
func (d *dec) eachFloat(size func(n int), set func(i int, x float64)) {
	n := d.count(1)
	if d.err != nil || len(d.b) == 0 || d.b[0] > floatsSparse {
		d.err = errCorrupt
		return
	}
	sparse := d.b[0] == floatsSparse
	d.b = d.b[1:]
	if !sparse {
		if len(d.b)/8 < n {
			d.err = errCorrupt
			return
		}
		size(n)
		d.b = eachDense(d.b, n, set)
		return
	}
	nb := (n + 7) / 8
	if len(d.b) < nb {
		d.err = errCorrupt
		return
	}
	nonzero := d.b[:nb]
	d.b = d.b[nb:]
	size(n)
	d.b = eachSparse(d, n, nonzero, set)
}

// eachDense reads n raw floats and returns the input left.
func eachDense(b []byte, n int, set func(i int, x float64)) []byte {
	for i := range n {
		set(i, math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:8*i+8:8*i+8])))
	}
	return b[8*n:]
}

// eachSparse reads the raw floats of the values whose bits are set in
// the bitmap nonzero (among the first n; a byte at a time, skipping the
// zero bytes of mostly zero sums and compensations) and returns the
// input left.
func eachSparse(d *dec, n int, nonzero []byte, set func(i int, x float64)) []byte {
	b, k := d.b, 0
	for j, c := range nonzero {
		for ; c != 0; c &= c - 1 {
			i := 8*j + bits.TrailingZeros8(c)
			if i >= n {
				break
			}
			if len(b) < 8*(k+1) {
				d.err = errCorrupt
				return d.b
			}
			set(i, math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:8*k+8:8*k+8])))
			k++
		}
	}
	return b[8*k:]
}

func (d *dec) bools() []bool {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	v, rest, ok := wire.BitmapSized(d.b, n, d.pad)
	return read(d, v, rest, ok)
}

func (d *dec) strs() []string {
	out := make([]string, d.count(8))
	for i := range out {
		x, rest, ok := wire.String(d.b)
		if out[i] = read(d, x, rest, ok); d.err != nil {
			return nil
		}
	}
	return padded(out, d.pad)
}

// padTo is the length of a decoded per-entity slice of n values: at
// least pad unless there are none. Allocate it once (a slice of n, then
// one of pad, made 16 MB of garbage per compensated sum at 1M).
func padTo(n, pad int) int {
	if n == 0 {
		return 0
	}
	return max(n, pad)
}

// padded extends a non-empty s to n elements (zero values).
func padded[T any](s []T, n int) []T {
	if len(s) == 0 || len(s) >= n {
		return s
	}
	out := make([]T, n)
	copy(out, s)
	return out
}
