package sqlbatch

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// queryDriver runs query through the database/sql driver interface and
// hands its rows to fn in batches: the path for drivers without a
// batch reader.
func queryDriver(ctx context.Context, q driver.QueryerContext, query string, args []any, ncol int, fn func(*Batch) error) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	rows, err := q.QueryContext(ctx, query, named)
	if err != nil {
		return err
	}
	defer rows.Close()
	b := newBatch(ncol, DefaultRows)
	dest := make([]driver.Value, ncol)
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			return flush(ctx, b, fn)
		}
		if err != nil {
			return err
		}
		if err := b.appendValues(dest); err != nil {
			return err
		}
		if b.n*b.ncol == len(b.kinds) {
			if err := flush(ctx, b, fn); err != nil {
				return err
			}
		}
	}
}

// flush hands a non-empty batch to fn and empties it.
func flush(ctx context.Context, b *Batch, fn func(*Batch) error) error {
	if b.n == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := fn(b)
	b.n = 0
	b.arena = b.arena[:0]
	return err
}

// appendValues adds one row of driver values.
func (b *Batch) appendValues(vals []driver.Value) error {
	base := b.n * b.ncol
	if b.n == 0 {
		b.arena = b.arena[:0]
	}
	for c, v := range vals {
		kind, num, err := b.cell(v)
		if err != nil {
			return fmt.Errorf("column %d: %w", c+1, err)
		}
		b.kinds[base+c], b.nums[base+c] = uint8(kind), num
	}
	b.n++
	return nil
}

// cell encodes one driver value.
func (b *Batch) cell(v driver.Value) (Kind, uint64, error) {
	switch x := v.(type) {
	case nil:
		return Null, 0, nil
	case int64:
		return Int, uint64(x), nil
	case float64:
		return Float, math.Float64bits(x), nil
	case bool:
		if x {
			return Int, 1, nil
		}
		return Int, 0, nil
	case string:
		return Text, b.store([]byte(x)), nil
	case []byte:
		return Blob, b.store(x), nil
	case time.Time:
		return Text, b.store([]byte(x.UTC().Format(time.RFC3339Nano))), nil
	}
	return Null, 0, fmt.Errorf("unsupported driver value %T", v)
}

// store appends bytes to the arena and returns their offset and length.
func (b *Batch) store(p []byte) uint64 {
	off := len(b.arena)
	b.arena = append(b.arena, p...)
	return uint64(off)<<32 | uint64(len(p))
}
