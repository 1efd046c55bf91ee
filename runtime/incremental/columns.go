package incremental

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/internal/wire"
	"github.com/segc/segc/runtime/store"
)

// The keys and entity columns are stored as typed columns, not gob:
// ints packed at a fixed width (wire.AppendInts: offsets from the
// smallest value, or from the previous one for sorted keys), floats as 8
// little-endian bytes, bools and validity as bitmaps, strings through a
// dictionary when few are distinct (countries, plans: each decoded
// string then shares one allocation) with packed indexes.

// columnMagic starts every encoded column (format 2: packed ints; 1 had
// varints).
const columnMagic = 0x5e9c0c02

// dictMax is the most distinct strings a dictionary-coded column holds.
const dictMax = 1 << 12

// errColumn is returned for a column blob that does not decode.
var errColumn = errors.New("corrupt stored column")

// colEnc appends a column's parts.
type colEnc struct{ b []byte }

func (e *colEnc) uvarint(x uint64) { e.b = binary.AppendUvarint(e.b, x) }

// has writes whether a part is present (a nil slice is not).
func (e *colEnc) has(present bool) bool {
	if present {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
	return present
}

func (e *colEnc) ints(s []int64) {
	if !e.has(s != nil) {
		return
	}
	e.b = wire.AppendInts(e.b, s)
}

func (e *colEnc) floats(s []float64) {
	if !e.has(s != nil) {
		return
	}
	e.uvarint(uint64(len(s)))
	e.b = wire.AppendFloat64s(e.b, s)
}

func (e *colEnc) bools(s []bool) {
	if !e.has(s != nil) {
		return
	}
	e.uvarint(uint64(len(s)))
	e.b = wire.AppendBitmap(e.b, s)
}

// strs writes a dictionary (a count, the distinct strings, then each
// value's index) or, with too many distinct values, a zero count and the
// strings themselves.
func (e *colEnc) strs(s []string) {
	if !e.has(s != nil) {
		return
	}
	e.uvarint(uint64(len(s)))
	dict, idx := dictionary(s)
	e.uvarint(uint64(len(dict)))
	for _, x := range dict {
		e.b = wire.AppendString(e.b, x)
	}
	if len(dict) > 0 {
		e.b = wire.AppendInts(e.b, idx)
		return
	}
	for _, x := range s {
		e.b = wire.AppendString(e.b, x)
	}
}

// dictionary returns the distinct strings of s and each value's index
// among them, or nothing when there are more than dictMax (or none).
func dictionary(s []string) ([]string, []int64) {
	pos := map[string]int64{}
	var dict []string
	idx := make([]int64, len(s))
	for i, x := range s {
		k, ok := pos[x]
		if !ok {
			if len(dict) == dictMax {
				return nil, nil
			}
			k = int64(len(dict))
			pos[x] = k
			dict = append(dict, x)
		}
		idx[i] = k
	}
	return dict, idx
}

// encodeVec encodes one column.
func encodeVec(v eval.Vec) []byte {
	e := &colEnc{b: make([]byte, 0, 4*v.N+64)}
	e.uvarint(columnMagic)
	e.uvarint(uint64(v.Kind))
	e.uvarint(uint64(v.N))
	e.ints(v.I)
	e.floats(v.F)
	e.bools(v.B)
	e.strs(v.S)
	e.bools(v.Valid)
	return e.b
}

// encodeKeys encodes the population's keys.
func encodeKeys(k store.Keys) []byte {
	e := &colEnc{b: make([]byte, 0, 4*max(len(k.Ints), len(k.Strs))+64)}
	e.uvarint(columnMagic)
	e.ints(k.Ints)
	e.strs(k.Strs)
	return e.b
}

// colDec reads what colEnc wrote; the first error sticks.
type colDec struct {
	b   []byte
	err error
}

func (d *colDec) uvarint() uint64 {
	x, rest, ok := wire.Uvarint(d.b)
	return readCol(d, x, rest, ok)
}

// readCol keeps rest as the input left when ok, else records the error.
func readCol[T any](d *colDec, v T, rest []byte, ok bool) T {
	if !ok {
		d.err = errColumn
		var zero T
		return zero
	}
	d.b = rest
	return v
}

// count reads a length, which cannot exceed the bytes left times perByte.
func (d *colDec) count(perByte int) int {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b))*uint64(perByte) {
		d.err = errColumn
		return 0
	}
	return int(n)
}

// has reads whether a part is present.
func (d *colDec) has() bool {
	if d.err != nil || len(d.b) == 0 || d.b[0] > 1 {
		d.err = errColumn
		return false
	}
	present := d.b[0] == 1
	d.b = d.b[1:]
	return present
}

func (d *colDec) ints() []int64 {
	if !d.has() {
		return nil
	}
	v, rest, ok := wire.Ints(d.b, 0)
	return readCol(d, v, rest, ok)
}

func (d *colDec) floats() []float64 {
	if !d.has() {
		return nil
	}
	n := d.count(1) // checked against 8n by wire.Float64s
	if d.err != nil {
		return nil
	}
	v, rest, ok := wire.Float64s(d.b, n)
	return readCol(d, v, rest, ok)
}

func (d *colDec) bools() []bool {
	if !d.has() {
		return nil
	}
	n := d.count(8)
	if d.err != nil {
		return nil
	}
	v, rest, ok := wire.Bitmap(d.b, n)
	return readCol(d, v, rest, ok)
}

func (d *colDec) str() string {
	if d.err != nil {
		return ""
	}
	v, rest, ok := wire.String(d.b)
	return readCol(d, v, rest, ok)
}

func (d *colDec) strs() []string {
	if !d.has() {
		return nil
	}
	n := d.count(1)
	dict := make([]string, d.count(1))
	for i := range dict {
		dict[i] = d.str()
	}
	if len(dict) == 0 {
		out := make([]string, n)
		for i := range out {
			out[i] = d.str()
		}
		return out
	}
	return d.lookup(dict, n)
}

// lookup reads n packed dictionary indexes and returns their strings,
// a chunk of indexes at a time (no slice of a million indexes).
func (d *colDec) lookup(dict []string, n int) []string {
	p, rest, ok := wire.OpenInts(d.b)
	readCol(d, p, rest, ok)
	if d.err != nil || p.Len() != n {
		d.err = errColumn
		return nil
	}
	out := make([]string, n)
	var chunk [512]int64
	for done := 0; done < n; {
		k := p.Next(chunk[:])
		for i, x := range chunk[:k] {
			if uint64(x) >= uint64(len(dict)) {
				d.err = errColumn
				return nil
			}
			out[done+i] = dict[x]
		}
		done += k
	}
	return out
}

// eachPacked calls set with each value of p and its index, reading a
// chunk at a time (no slice of them all: 16 MB for a lifecycle's states
// and sinces at 1M entities), until set returns false; it reports
// whether none did.
func eachPacked(p *wire.PackedInts, set func(i int, x int64) bool) bool {
	var chunk [512]int64
	for done := 0; done < p.Len(); {
		k := p.Next(chunk[:])
		for i, x := range chunk[:k] {
			if !set(done+i, x) {
				return false
			}
		}
		done += k
	}
	return true
}

// decodeVec reads a column written by encodeVec, and checks it is one:
// a kind with values, its data slice and validity N long.
func decodeVec(b []byte) (eval.Vec, error) {
	d := &colDec{b: b}
	if d.uvarint() != columnMagic {
		return eval.Vec{}, errColumn
	}
	kind, n := d.uvarint(), d.uvarint()
	if kind < uint64(types.Int) || kind > uint64(types.Duration) || n > math.MaxInt32 {
		return eval.Vec{}, errColumn
	}
	v := eval.Vec{Kind: types.Kind(kind), N: int(n)}
	v.I, v.F, v.B, v.S, v.Valid = d.ints(), d.floats(), d.bools(), d.strs(), d.bools()
	if d.err != nil || len(d.b) != 0 || !consistent(v) {
		return eval.Vec{}, errColumn
	}
	return v, nil
}

// consistent reports whether v holds exactly the data slice its kind
// stores (entity columns are never of kind null), and every slice is N
// long.
func consistent(v eval.Vec) bool {
	stored := v.Kind
	if stored == types.Time || stored == types.Duration {
		stored = types.Int
	}
	slices := []struct {
		kind    types.Kind
		present bool
		n       int
	}{{types.Int, v.I != nil, len(v.I)}, {types.Float, v.F != nil, len(v.F)}, {types.Bool, v.B != nil, len(v.B)}, {types.String, v.S != nil, len(v.S)}}
	for _, sl := range slices {
		if sl.present != (sl.kind == stored) || sl.present && sl.n != v.N {
			return false
		}
	}
	return v.Valid == nil || len(v.Valid) == v.N
}

// decodeKeys reads keys written by encodeKeys: ints or strings.
func decodeKeys(b []byte) (store.Keys, error) {
	d := &colDec{b: b}
	if d.uvarint() != columnMagic {
		return store.Keys{}, errColumn
	}
	k := store.Keys{Ints: d.ints(), Strs: d.strs()}
	if d.err != nil || len(d.b) != 0 || (k.Ints == nil) == (k.Strs == nil) {
		return store.Keys{}, errColumn
	}
	return k, nil
}
