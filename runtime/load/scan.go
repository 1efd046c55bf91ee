package load

import (
	"context"
	"database/sql"
	"strings"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// Quote quotes an SQL identifier.
func Quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Row is one row of a query result, read with typed accessors.
type Row = sqlbatch.Row

// Scan runs query on conn and calls fn with each row. Rows are read in
// batches (one cgo call per batch with SQLite, no value boxed per cell);
// a row and its bytes are valid only during the call. ncol is the number
// of result columns. ctx is checked between batches.
func Scan(ctx context.Context, conn *sql.Conn, query string, args []any, ncol int, fn func(Row) error) error {
	return sqlbatch.Query(ctx, conn, query, args, ncol, func(b *sqlbatch.Batch) error {
		for i := 0; i < b.Len(); i++ {
			if err := fn(b.Row(i)); err != nil {
				return err
			}
		}
		return nil
	})
}
