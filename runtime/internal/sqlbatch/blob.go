package sqlbatch

// #include <stdlib.h>
// #include "blob.h"
import "C"

import (
	"fmt"
	"unsafe"
)

// Blobs reads the values of one column of a rowid table by rowid with
// SQLite's incremental blob I/O (sqlite3_blob_read): straight from the
// database pages into the caller's buffer. A query would have SQLite
// assemble a value that spans overflow pages in memory of its own, and
// go-sqlite3 copy that into a fresh Go slice: two copies of every value,
// tens of MB of fresh memory (page faults) for a large blob. Use it
// inside sql.Conn.Raw, in the connection's read transaction, and Close
// it before Raw returns.
type Blobs struct {
	db            *C.sqlite3
	blob          *C.sqlite3_blob
	table, column *C.char
}

// OpenBlobs returns a reader of table.column on the driver connection
// dc (from sql.Conn.Raw), or false when dc is not go-sqlite3's (read
// the values with a query instead).
func OpenBlobs(dc any, table, column string) (*Blobs, bool) {
	db := handleOf(dc)
	if db == nil {
		return nil, false
	}
	return &Blobs{db: db, table: C.CString(table), column: C.CString(column)}, true
}

// Read reads the value of row rowid into buf, grown when it is too
// short, and returns it (len is the value's length). A NULL or missing
// value is an error.
func (b *Blobs) Read(rowid int64, buf []byte) ([]byte, error) {
	if err := b.seek(rowid); err != nil {
		return buf[:0], err
	}
	n := int(C.sqlite3_blob_bytes(b.blob))
	buf = sized(buf, n)
	if n == 0 {
		return buf, nil
	}
	if rc := C.sqlite3_blob_read(b.blob, unsafe.Pointer(unsafe.SliceData(buf)), C.int(n), 0); rc != 0 {
		return buf[:0], lastError(b.db)
	}
	return buf, nil
}

// seek points the blob handle at row rowid, opening it the first time
// (reopening an open handle skips compiling the lookup again).
func (b *Blobs) seek(rowid int64) error {
	if b.blob != nil {
		if C.sqlite3_blob_reopen(b.blob, C.sqlite3_int64(rowid)) == 0 {
			return nil
		}
		err := lastError(b.db) // a failed reopen leaves the handle aborted
		C.sqlite3_blob_close(b.blob)
		b.blob = nil
		return fmt.Errorf("reading row %d: %w", rowid, err)
	}
	zero := C.CString("main")
	defer C.free(unsafe.Pointer(zero))
	if C.sqlite3_blob_open(b.db, zero, b.table, b.column, C.sqlite3_int64(rowid), 0, &b.blob) != 0 {
		err := lastError(b.db)
		if b.blob != nil {
			C.sqlite3_blob_close(b.blob)
			b.blob = nil
		}
		return fmt.Errorf("reading row %d: %w", rowid, err)
	}
	return nil
}

// Close releases the blob handle and the names.
func (b *Blobs) Close() {
	if b.blob != nil {
		C.sqlite3_blob_close(b.blob)
		b.blob = nil
	}
	C.free(unsafe.Pointer(b.table))
	C.free(unsafe.Pointer(b.column))
	b.table, b.column = nil, nil
}

// sized returns buf resliced to n bytes, or a new slice when buf is too
// short. A new one comes from make, not slices.Grow: make clears a large
// buffer in preemptible chunks, while growslice clears it in one
// non-preemptible memclr, which a concurrent GC mark phase interrupts
// with a preemption signal per page fault (12% of a daily run's CPU in
// signal delivery and the mark worker's spin, for W1's 18 MB base blob).
func sized(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}
