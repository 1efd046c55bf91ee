package sqlbatch

// #include "each.h"
import "C"

import (
	"context"
	"fmt"
	"unsafe"
)

// eachChunk is how many keys one cgo call runs; ctx is checked between
// chunks (and a cancellation interrupts the statement under way).
const eachChunk = 8192

// execEachSQLite is ExecEach on a go-sqlite3 connection.
func execEachSQLite(ctx context.Context, db *C.sqlite3, query string, args []any, keys Keys) error {
	st, err := prepare(db, query)
	if err != nil {
		return err
	}
	defer C.sqlite3_finalize(st)
	if want := int(C.sqlite3_bind_parameter_count(st)); want != len(args)+1 {
		return fmt.Errorf("sqlbatch: the statement has %d parameters, want %d arguments and the key", want, len(args))
	}
	if err := bindAll(db, st, append(args[:len(args):len(args)], nil)); err != nil {
		return err
	}
	stop := interruptOnDone(ctx, db)
	defer stop()
	idx := C.int(len(args) + 1)
	err = eachInts(ctx, db, st, idx, keys.Ints)
	if err == nil {
		err = eachTexts(ctx, db, st, idx, keys.Strs)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// interruptOnDone makes ctx's end interrupt db's statement under way and
// returns the function that stops that, waiting for an interrupt already
// started so it cannot land on the connection's next statement.
func interruptOnDone(ctx context.Context, db *C.sqlite3) func() {
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		C.sqlite3_interrupt(db)
		close(interrupted)
	})
	return func() {
		if !stop() {
			<-interrupted
		}
	}
}

// eachInts runs st once per integer key, a chunk per cgo call.
func eachInts(ctx context.Context, db *C.sqlite3, st *C.sqlite3_stmt, idx C.int, keys []int64) error {
	for start := 0; start < len(keys); start += eachChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := keys[start:min(start+eachChunk, len(keys))]
		var done C.int
		rc := C.segc_each_ints(st, idx, (*C.longlong)(unsafe.Pointer(&chunk[0])), C.int(len(chunk)), &done)
		if rc != sqliteDone {
			return lastError(db)
		}
	}
	return nil
}

// eachTexts runs st once per text key, a chunk per cgo call: the chunk's
// keys go over as one byte buffer and their end offsets.
func eachTexts(ctx context.Context, db *C.sqlite3, st *C.sqlite3_stmt, idx C.int, keys []string) error {
	var buf []byte
	ends := make([]int64, 0, min(eachChunk, len(keys)))
	for start := 0; start < len(keys); start += eachChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf, ends = buf[:0], ends[:0]
		for _, k := range keys[start:min(start+eachChunk, len(keys))] {
			buf = append(buf, k...)
			ends = append(ends, int64(len(buf)))
		}
		buf = append(buf, 0) // never empty, so an empty key is not bound as NULL
		var done C.int
		rc := C.segc_each_texts(st, idx, (*C.char)(unsafe.Pointer(&buf[0])), (*C.longlong)(unsafe.Pointer(&ends[0])), C.int(len(ends)), &done)
		if rc != sqliteDone {
			return lastError(db)
		}
	}
	return nil
}
