package sqlbatch

// #include <stdlib.h>
// #include "fill.h"
import "C"

import (
	"context"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// sqliteDone is SQLITE_DONE.
const sqliteDone = 101

// Error is an SQLite failure met by the batch reader.
type Error struct {
	Code int // extended result code
	Msg  string
}

// Error returns SQLite's message, as the driver would.
func (e *Error) Error() string { return e.Msg }

// handleOf returns the sqlite3* of a go-sqlite3 connection, or nil for
// any other driver connection. The driver keeps it unexported, so it is
// read by reflection; TestFastPathTaken fails if a driver upgrade moves it.
func handleOf(dc any) *C.sqlite3 {
	c, ok := dc.(*sqlite3.SQLiteConn)
	if !ok || c == nil {
		return nil
	}
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer {
		return nil
	}
	return (*C.sqlite3)(f.UnsafePointer())
}

// querySQLite runs query on db and hands its rows to fn in batches,
// checking ctx between batches.
func querySQLite(ctx context.Context, db *C.sqlite3, query string, args []any, ncol int, fn func(*Batch) error) error {
	st, err := prepare(db, query)
	if err != nil {
		return err
	}
	defer C.sqlite3_finalize(st)
	if err := bindAll(db, st, args); err != nil {
		return err
	}
	if got := int(C.sqlite3_column_count(st)); got != ncol {
		return fmt.Errorf("query returns %d columns, want %d", got, ncol)
	}
	// A filter may scan long between two batches: cancellation interrupts
	// the statement rather than waiting for the next batch. An interrupt
	// already under way is waited for, so it cannot land on the
	// connection's next statement (a statement started with none active
	// clears a flag left set).
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		C.sqlite3_interrupt(db)
		close(interrupted)
	})
	defer func() {
		if !stop() {
			<-interrupted
		}
	}()
	err = fillLoop(ctx, db, st, newBatch(ncol, firstRows), fn)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// maxArena bounds the arena: offsets and lengths are packed in 32 bits.
const maxArena = 1 << 31

// fillLoop fills b from st and calls fn with each batch until the rows end.
func fillLoop(ctx context.Context, db *C.sqlite3, st *C.sqlite3_stmt, b *Batch, fn func(*Batch) error) error {
	var s C.segc_fill_state
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc := C.segc_fill(st, C.int(b.ncol), C.int(len(b.kinds)/b.ncol),
			(*C.uchar)(unsafe.Pointer(&b.kinds[0])), (*C.ulonglong)(unsafe.Pointer(&b.nums[0])),
			(*C.uchar)(unsafe.SliceData(b.arena[:cap(b.arena)])), C.longlong(cap(b.arena)), &s)
		b.n, b.arena = int(s.rows), b.arena[:s.used]
		switch {
		case rc == C.SEGC_FILL_ARENA && b.n == 0:
			if s.need > maxArena {
				return fmt.Errorf("a row holds %d bytes of text and blobs; at most %d can be read", int64(s.need), maxArena)
			}
			b.arena = make([]byte, 0, min(max(2*cap(b.arena), int(s.need)), maxArena))
			continue
		case rc != C.SEGC_FILL_FULL && rc != C.SEGC_FILL_ARENA && rc != sqliteDone:
			return lastError(db)
		}
		if b.n > 0 {
			if err := fn(b); err != nil {
				return err
			}
		}
		if rc == sqliteDone {
			return nil
		}
		b.grow(rc == C.SEGC_FILL_ARENA)
	}
}

// prepare compiles query on db.
func prepare(db *C.sqlite3, query string) (*C.sqlite3_stmt, error) {
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	var st *C.sqlite3_stmt
	if C.sqlite3_prepare_v2(db, cq, -1, &st, nil) != 0 {
		return nil, lastError(db)
	}
	return st, nil
}

// lastError is db's latest failure.
func lastError(db *C.sqlite3) error {
	return &Error{Code: int(C.sqlite3_extended_errcode(db)), Msg: C.GoString(C.sqlite3_errmsg(db))}
}

// bindAll binds args to st's positional parameters.
func bindAll(db *C.sqlite3, st *C.sqlite3_stmt, args []any) error {
	if want := int(C.sqlite3_bind_parameter_count(st)); want != len(args) {
		return fmt.Errorf("sql: expected %d arguments, got %d", want, len(args))
	}
	for i, a := range args {
		rc, err := bind(st, C.int(i+1), a)
		if err != nil {
			return err
		}
		if rc != 0 {
			return lastError(db)
		}
	}
	return nil
}

// bind binds one argument; SQLite copies text and blobs.
func bind(st *C.sqlite3_stmt, i C.int, a any) (C.int, error) {
	switch x := a.(type) {
	case nil:
		return C.segc_bind_null(st, i), nil
	case int64:
		return C.segc_bind_int(st, i, C.longlong(x)), nil
	case int:
		return C.segc_bind_int(st, i, C.longlong(x)), nil
	case bool:
		return C.segc_bind_int(st, i, C.longlong(boolInt(x))), nil
	case float64:
		return C.segc_bind_float(st, i, C.double(x)), nil
	case string:
		return C.segc_bind_text(st, i, (*C.char)(unsafe.Pointer(unsafe.StringData(x))), C.longlong(len(x))), nil
	case []byte:
		return C.segc_bind_blob(st, i, unsafe.Pointer(unsafe.SliceData(x)), C.longlong(len(x))), nil
	case time.Time:
		return bind(st, i, x.UTC().Format("2006-01-02 15:04:05.999999999-07:00"))
	}
	return 0, fmt.Errorf("sql: argument %d has unsupported type %T", i, a)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
