// Package sqlbatch reads query results a batch of rows at a time into
// typed cell buffers, instead of one driver.Value interface per cell.
//
// With github.com/mattn/go-sqlite3 the rows are stepped and copied by C
// code in one cgo call per batch (cgo.go): no per-row cgo crossing, no
// boxing of ints and floats, and no string allocated per text cell.
// Text and blobs are copied into the batch's arena and are valid only
// until the callback returns. Any other driver goes through the
// database/sql driver interface (driver.go) into the same Batch, so
// callers have one decoding path.
//
// ExecEach and ExecKeys are the write-side counterparts: ExecEach runs
// one prepared statement per key of a key set, a cgo call per chunk of
// keys; ExecKeys runs one statement over the whole set, which its SQL
// reads as the table segc_keys(?N) (a table-valued function in C over the
// Go slices, bound for the call only). ExecKeysColumns adds text columns
// beside the keys, each a code per key into a dictionary of its values.
package sqlbatch

import "math"

// Kind is the storage class of one cell, numbered as SQLite numbers them.
type Kind uint8

// The storage classes.
const (
	Int   Kind = 1
	Float Kind = 2
	Text  Kind = 3
	Blob  Kind = 4
	Null  Kind = 5
)

// DefaultRows is the most rows a batch holds. A query's first batch
// holds firstRows and each full one doubles the next, so the many small
// queries of a sparse rowid range (mostly empty chunks) stay cheap.
const DefaultRows = 2048

// firstRows and firstArena size a query's first batch.
const (
	firstRows  = 64
	firstArena = 4 << 10
)

// Batch is up to DefaultRows rows of ncol cells: a storage class per cell,
// a number per cell (int64 or float64 bits, or the arena offset and length
// of text and blobs), and the arena holding the bytes.
type Batch struct {
	ncol  int
	n     int
	kinds []uint8
	nums  []uint64
	arena []byte
}

// newBatch allocates a batch of rows rows of ncol cells.
func newBatch(ncol, rows int) *Batch {
	return &Batch{
		ncol:  ncol,
		kinds: make([]uint8, rows*ncol),
		nums:  make([]uint64, rows*ncol),
		arena: make([]byte, 0, firstArena),
	}
}

// grow doubles, for the next fill, the batch's row capacity up to
// DefaultRows once a fill used all of it, and its arena up to maxArenaStep
// when a fill stopped because the arena was full.
func (b *Batch) grow(arenaFull bool) {
	if arenaFull && cap(b.arena) < maxArenaStep {
		b.arena = make([]byte, 0, min(2*cap(b.arena), maxArenaStep))
	}
	rows := len(b.kinds) / b.ncol
	if b.n < rows || rows >= DefaultRows {
		return
	}
	rows = min(2*rows, DefaultRows)
	b.kinds, b.nums = make([]uint8, rows*b.ncol), make([]uint64, rows*b.ncol)
}

// maxArenaStep is the largest arena grow makes; a single larger row still
// gets its own (fillLoop).
const maxArenaStep = 1 << 20

// Len returns the number of rows in the batch.
func (b *Batch) Len() int { return b.n }

// Row returns row i of the batch.
func (b *Batch) Row(i int) Row { return Row{b: b, base: i * b.ncol} }

// Row is one row of a batch.
type Row struct {
	b    *Batch
	base int
}

// Kind returns the storage class of column c.
func (r Row) Kind(c int) Kind { return Kind(r.b.kinds[r.base+c]) }

// Int returns column c of an Int cell.
func (r Row) Int(c int) int64 { return int64(r.b.nums[r.base+c]) }

// Float returns column c of a Float cell.
func (r Row) Float(c int) float64 { return math.Float64frombits(r.b.nums[r.base+c]) }

// Bytes returns column c of a Text or Blob cell. The bytes belong to the
// batch: copy them to keep them past the callback.
func (r Row) Bytes(c int) []byte {
	x := r.b.nums[r.base+c]
	off, n := x>>32, x&0xffffffff
	return r.b.arena[off : off+n : off+n]
}

// Value returns column c as database/sql would: int64, float64, string,
// []byte or nil. It copies, so it is for the rare paths (errors,
// unusual storage) rather than per cell.
func (r Row) Value(c int) any {
	switch r.Kind(c) {
	case Int:
		return r.Int(c)
	case Float:
		return r.Float(c)
	case Text:
		return string(r.Bytes(c))
	case Blob:
		return append([]byte{}, r.Bytes(c)...)
	}
	return nil
}
