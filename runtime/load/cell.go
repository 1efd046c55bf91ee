package load

import (
	"math"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// AppendCell decodes and appends column c of r. The common storage of
// each declared type is decoded from the typed cell; anything else goes
// through Append with the boxed value, so both give the same results and
// the same errors.
func (b *Builder) AppendCell(r Row, c int) error {
	if b.appendTyped(r, c) {
		b.vec.Valid = append(b.vec.Valid, true)
		return nil
	}
	return b.Append(r.Value(c))
}

// appendTyped appends the cell when its storage is the usual one for the
// column's type, and reports whether it did.
func (b *Builder) appendTyped(r Row, c int) bool {
	switch k := r.Kind(c); {
	case k == sqlbatch.Int && (b.Kind == types.Int || b.Kind == types.Duration || b.Kind == types.Time):
		b.vec.I = append(b.vec.I, r.Int(c))
	case k == sqlbatch.Text && b.Kind == types.Time:
		t, ok := ParseTime(r.Bytes(c))
		if !ok {
			return false
		}
		b.vec.I = append(b.vec.I, t)
	case k == sqlbatch.Text && b.Kind == types.String:
		b.vec.S = append(b.vec.S, b.internBytes(r.Bytes(c)))
	default:
		return b.appendNumber(r, c)
	}
	return true
}

// appendNumber is appendTyped for float and bool columns.
func (b *Builder) appendNumber(r Row, c int) bool {
	switch k := r.Kind(c); {
	case k == sqlbatch.Float && b.Kind == types.Float:
		f := r.Float(c)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
		b.vec.F = append(b.vec.F, f)
	case k == sqlbatch.Int && b.Kind == types.Float:
		b.vec.F = append(b.vec.F, float64(r.Int(c)))
	case k == sqlbatch.Int && b.Kind == types.Bool && (r.Int(c) == 0 || r.Int(c) == 1):
		b.vec.B = append(b.vec.B, r.Int(c) == 1)
	default:
		return false
	}
	return true
}

// internBytes is internString for bytes that are not kept: a value seen
// before costs no allocation.
func (b *Builder) internBytes(p []byte) string {
	if t, ok := b.intern[string(p)]; ok {
		return t
	}
	return b.internString(string(p))
}

// CellTime reads column c of r as a time (ISO-8601 text or Unix seconds).
func CellTime(r Row, c int) (int64, error) {
	switch r.Kind(c) {
	case sqlbatch.Int:
		return r.Int(c), nil
	case sqlbatch.Text:
		if t, ok := ParseTime(r.Bytes(c)); ok {
			return t, nil
		}
	}
	return DecodeTime(r.Value(c))
}

// CellInt reads column c of r as an integer.
func CellInt(r Row, c int) (int64, error) {
	if r.Kind(c) == sqlbatch.Int {
		return r.Int(c), nil
	}
	return DecodeInt(r.Value(c))
}
