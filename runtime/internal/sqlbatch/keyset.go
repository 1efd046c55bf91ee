package sqlbatch

// #include "keyset.h"
import "C"

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// ExecKeys runs query once with keys bound to its last parameter as a
// set: in the query, segc_keys(?N) is a table of the keys (Ints, then
// Strs) with columns value and i (the key's position, from 0), like
// json_each over a JSON array of them but without encoding or parsing
// one, and segc_has(?N, x) is 1 when x equals one of the keys, else 0
// (what x = key would compare, with no affinity: an integer or real equal
// to an int key, a text bytewise equal to a text key), found by binary
// search, so a filter costs no temporary index of the keys; segc_has
// fails unless Ints and Strs each ascend strictly (Strs bytewise, as Go
// compares strings). args bind the parameters before it. The set is valid
// only while the statement runs. It needs github.com/mattn/go-sqlite3.
func ExecKeys(ctx context.Context, conn *sql.Conn, query string, args []any, keys Keys) error {
	return conn.Raw(func(dc any) error {
		db := handleOf(dc)
		if db == nil {
			return errors.New("sqlbatch: ExecKeys needs a github.com/mattn/go-sqlite3 connection")
		}
		return execKeysSQLite(ctx, db, query, args, keys, flatColumns{})
	})
}

// execKeysSQLite is ExecKeys, or with cols ExecKeysColumns, on a
// go-sqlite3 connection.
func execKeysSQLite(ctx context.Context, db *C.sqlite3, query string, args []any, keys Keys, cols flatColumns) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st, err := prepareWithKeys(db, query)
	if err != nil {
		return err
	}
	defer C.sqlite3_finalize(st)
	if want := int(C.sqlite3_bind_parameter_count(st)); want != len(args)+1 {
		return fmt.Errorf("sqlbatch: the statement has %d parameters, want %d arguments and the key set", want, len(args))
	}
	if err := bindAll(db, st, append(args[:len(args):len(args)], nil)); err != nil {
		return err
	}
	stop := interruptOnDone(ctx, db)
	defer stop()
	buf, ends := textKeys(keys.Strs)
	var ints *C.longlong
	if len(keys.Ints) > 0 {
		ints = (*C.longlong)(unsafe.Pointer(&keys.Ints[0]))
	}
	rc := C.segc_exec_keyset(st, C.int(len(args)+1), ints, C.int(len(keys.Ints)),
		(*C.char)(unsafe.Pointer(&buf[0])), (*C.longlong)(unsafe.Pointer(&ends[0])), C.int(len(keys.Strs)),
		cBool(searchable(query, keys)), C.int(cols.n), cols.codesPtr(), cols.bufPtr(), cols.endsPtr())
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if rc != sqliteDone {
		return lastError(db)
	}
	return nil
}

// prepareWithKeys compiles query on db, registering segc_keys and
// segc_has first if it does not compile without them. It registers only
// then: registering segc_has again would expire the connection's prepared
// statements, and a connection that has them keeps them.
func prepareWithKeys(db *C.sqlite3, query string) (*C.sqlite3_stmt, error) {
	if st, err := prepare(db, query); err == nil {
		return st, nil
	}
	C.segc_register_keys(db) // on failure, preparing again reports why
	return prepare(db, query)
}

// searchable reports whether segc_has may search keys: whether Ints and
// Strs each ascend strictly. Only a query that calls segc_has pays for
// the check (a pass over the keys); for any other, it is false.
func searchable(query string, keys Keys) bool {
	return strings.Contains(query, "segc_has") && keys.ascending()
}

// ascending reports whether Ints and Strs each ascend strictly.
func (k Keys) ascending() bool {
	return strictlyAscending(k.Ints) && strictlyAscending(k.Strs)
}

func strictlyAscending[T cmp.Ordered](s []T) bool {
	for i := 1; i < len(s); i++ {
		if s[i] <= s[i-1] {
			return false
		}
	}
	return true
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// textKeys lays text keys end to end and lists where each ends. Both
// are never empty, so they always have an address to pass.
func textKeys(strs []string) ([]byte, []int64) {
	n := 1
	for _, s := range strs {
		n += len(s)
	}
	buf := make([]byte, 0, n)
	ends := make([]int64, 0, len(strs)+1)
	for _, s := range strs {
		buf = append(buf, s...)
		ends = append(ends, int64(len(buf)))
	}
	return append(buf, 0), append(ends, 0)
}
