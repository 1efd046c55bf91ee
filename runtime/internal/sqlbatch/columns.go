package sqlbatch

// #include "keyset.h"
import "C"

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"unsafe"
)

// MaxColumns is how many text columns ExecKeysColumns binds beside the
// keys: segc_keys' columns c0 to c3.
const MaxColumns = C.SEGC_KEY_COLUMNS

// Column is a text column that travels with a key set: the row of key k
// (ints, then strs, from 0) holds Dict[Codes[k]]. A dictionary of the
// distinct values keeps a column of few values (states, times) cheap to
// build and to bind.
type Column struct {
	Codes []int32
	Dict  []string
}

// ExecKeysColumns is ExecKeys with text columns bound beside the keys:
// in the query, segc_keys(?N) also has columns c0, c1, ... (up to
// MaxColumns), column j being cols[j], and NULL beyond len(cols). Every
// column needs one code per key, each indexing its Dict.
func ExecKeysColumns(ctx context.Context, conn *sql.Conn, query string, args []any, keys Keys, cols []Column) error {
	flat, err := flatten(cols, keys.Len())
	if err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		db := handleOf(dc)
		if db == nil {
			return errors.New("sqlbatch: ExecKeysColumns needs a github.com/mattn/go-sqlite3 connection")
		}
		return execKeysSQLite(ctx, db, query, args, keys, flat)
	})
}

// flatColumns are columns as segc_exec_keyset reads them: n columns of
// rows codes each, column after column, indexing one dictionary whose
// texts lie end to end in buf and end at ends.
type flatColumns struct {
	n     int
	codes []int32
	buf   []byte
	ends  []int64
}

// codesPtr is the address of the codes, or nil when there are none.
func (f flatColumns) codesPtr() *C.int {
	if len(f.codes) == 0 {
		return nil
	}
	return (*C.int)(unsafe.Pointer(&f.codes[0]))
}

// bufPtr is the address of the dictionary's texts, or nil without
// columns.
func (f flatColumns) bufPtr() *C.char {
	if len(f.buf) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&f.buf[0]))
}

// endsPtr is the address of the dictionary's text ends, or nil without
// columns.
func (f flatColumns) endsPtr() *C.longlong {
	if len(f.ends) == 0 {
		return nil
	}
	return (*C.longlong)(unsafe.Pointer(&f.ends[0]))
}

// flatten checks cols against rows keys and lays them out for C: every
// column's codes, shifted past the dictionaries of the columns before it.
func flatten(cols []Column, rows int) (flatColumns, error) {
	if len(cols) > MaxColumns {
		return flatColumns{}, fmt.Errorf("sqlbatch: %d columns, at most %d bind beside a key set", len(cols), MaxColumns)
	}
	f := flatColumns{n: len(cols), codes: make([]int32, 0, len(cols)*rows)}
	var dict []string
	for j, c := range cols {
		if len(c.Codes) != rows {
			return flatColumns{}, fmt.Errorf("sqlbatch: column %d has %d codes for %d keys", j, len(c.Codes), rows)
		}
		var err error
		if f.codes, err = appendShifted(f.codes, c, int32(len(dict))); err != nil {
			return flatColumns{}, fmt.Errorf("sqlbatch: column %d: %w", j, err)
		}
		dict = append(dict, c.Dict...)
	}
	f.buf, f.ends = textKeys(dict)
	return f, nil
}

// appendShifted appends c's codes plus by, rejecting a code outside
// c.Dict.
func appendShifted(out []int32, c Column, by int32) ([]int32, error) {
	n := int32(len(c.Dict))
	for r, code := range c.Codes {
		if code < 0 || code >= n {
			return nil, fmt.Errorf("row %d has code %d, but the dictionary has %d entries", r, code, n)
		}
		out = append(out, code+by)
	}
	return out, nil
}
