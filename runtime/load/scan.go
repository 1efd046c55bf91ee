package load

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"strings"
)

// Quote quotes an SQL identifier.
func Quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Scan runs query on conn and calls fn with each row's values. It reads
// through the driver directly when it can (no per-row database/sql
// conversion), else through database/sql. The values are valid only
// during the call. ncol is the number of result columns.
func Scan(ctx context.Context, conn *sql.Conn, query string, args []any, ncol int, fn func([]driver.Value) error) error {
	var handled bool
	err := conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return nil
		}
		handled = true
		return scanDriver(ctx, q, query, args, ncol, fn)
	})
	if handled || err != nil {
		return err
	}
	return scanSQL(ctx, conn, query, args, ncol, fn)
}

func scanDriver(ctx context.Context, q driver.QueryerContext, query string, args []any, ncol int, fn func([]driver.Value) error) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	// The driver takes a slower per-row path under a cancellable context,
	// so the query runs uncancellable and the loop checks ctx itself.
	rows, err := q.QueryContext(context.WithoutCancel(ctx), query, named)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]driver.Value, ncol)
	for n := 0; ; n++ {
		if n&4095 == 4095 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := rows.Next(dest); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := fn(dest); err != nil {
			return err
		}
	}
}

func scanSQL(ctx context.Context, conn *sql.Conn, query string, args []any, ncol int, fn func([]driver.Value) error) error {
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, ncol)
	ptrs := make([]any, ncol)
	dest := make([]driver.Value, ncol)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			dest[i] = v
		}
		if err := fn(dest); err != nil {
			return err
		}
	}
	return rows.Err()
}
