package sqlbatch

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
)

// Query runs query on conn with positional args and calls fn with each
// batch of its rows, which must have ncol columns. fn must not keep the
// batch, its rows or their bytes. The query runs to completion unless ctx
// ends (checked between batches) or fn fails.
func Query(ctx context.Context, conn *sql.Conn, query string, args []any, ncol int, fn func(*Batch) error) error {
	if ncol <= 0 {
		return errors.New("sqlbatch: a query needs at least one column")
	}
	return conn.Raw(func(dc any) error {
		if db := handleOf(dc); db != nil {
			return querySQLite(ctx, db, query, args, ncol, fn)
		}
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("sqlbatch: the database driver cannot run queries")
		}
		return queryDriver(ctx, q, query, args, ncol, fn)
	})
}
