package sqlbatch

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
)

// Keys are the values ExecEach binds one at a time: Ints, then Strs.
type Keys struct {
	Ints []int64
	Strs []string
}

// Len is the number of keys.
func (k Keys) Len() int { return len(k.Ints) + len(k.Strs) }

// ExecEach runs query once per key, with args bound to its first
// parameters and the key to its last one, like a loop of ExecContext
// calls but with one prepared statement and, with go-sqlite3, one cgo
// call per chunk of keys. Where SQLite would expand a bound JSON array
// (json_each), it saves the parse and, for IN lists, the temporary index.
// It stops at the first failure. Statements must not return rows.
func ExecEach(ctx context.Context, conn *sql.Conn, query string, args []any, keys Keys) error {
	if keys.Len() == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		if db := handleOf(dc); db != nil {
			return execEachSQLite(ctx, db, query, args, keys)
		}
		return execEachDriver(ctx, dc, query, args, keys)
	})
}

// execEachDriver is ExecEach through the database/sql driver interface,
// for drivers without the cgo path.
func execEachDriver(ctx context.Context, dc any, query string, args []any, keys Keys) error {
	pc, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return errors.New("sqlbatch: the database driver cannot prepare statements")
	}
	st, err := pc.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	ex, ok := st.(driver.StmtExecContext)
	if !ok {
		return errors.New("sqlbatch: the database driver cannot run statements")
	}
	named := make([]driver.NamedValue, len(args)+1)
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	named[len(args)].Ordinal = len(args) + 1
	run := func(key driver.Value) error {
		named[len(args)].Value = key
		_, err := ex.ExecContext(ctx, named)
		return err
	}
	for _, k := range keys.Ints {
		if err := run(k); err != nil {
			return err
		}
	}
	for _, k := range keys.Strs {
		if err := run(k); err != nil {
			return err
		}
	}
	return nil
}
