package load

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// DefaultChunkRows is the rowid span of one chunk of a parallel scan.
// Chunks are fixed by the data (never by the number of workers), and
// results combine in chunk order, so a scan gives identical results
// however many connections read.
const DefaultChunkRows = 1 << 16

// maxChunks caps the number of chunks of a sparse rowid range; the span
// grows instead.
const maxChunks = 1 << 12

// RowidRange returns a table's rowid bounds, and false when it has no
// rowid (a view or WITHOUT ROWID table) or no rows. min and max are
// separate subqueries: SQLite answers each from the b-tree's edge, while
// `SELECT min(rowid), max(rowid)` would scan the whole table.
func RowidRange(ctx context.Context, db *sql.DB, table string) (int64, int64, bool) {
	var lo, hi sql.NullInt64
	t := Quote(table)
	q := fmt.Sprintf("SELECT (SELECT min(rowid) FROM %s), (SELECT max(rowid) FROM %s)", t, t)
	if err := db.QueryRowContext(ctx, q).Scan(&lo, &hi); err != nil {
		return 0, 0, false
	}
	return lo.Int64, hi.Int64, lo.Valid
}

// FitSpan returns the rowid span to chunk [lo, hi] of table with: span
// (DefaultChunkRows when <= 0), or, when the range is so wide that
// ChunkRanges would cap its chunks (ids far apart, like posted INTEGER
// PRIMARY KEY ids), one that gives each chunk about span of the rows it
// counts there: thousands of mostly empty chunk queries otherwise. The
// count depends on the data only, so the chunks still do not depend on
// the number of workers. Dense tables below maxChunks*span rows are
// never counted.
func FitSpan(ctx context.Context, db *sql.DB, table string, lo, hi, span int64) int64 {
	if span <= 0 {
		span = DefaultChunkRows
	}
	width := uint64(hi-lo) + 1
	if hi < lo || (width != 0 && width/uint64(span) < maxChunks) {
		return span
	}
	var n int64
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE rowid BETWEEN ? AND ?", Quote(table))
	if err := db.QueryRowContext(ctx, q, lo, hi).Scan(&n); err != nil {
		return span
	}
	chunks := uint64(max(1, (n+span-1)/span))
	if width == 0 {
		width = math.MaxUint64
	}
	return int64(min(width/chunks+1, math.MaxInt64))
}

// ChunkRanges splits [lo, hi] into fixed rowid ranges [start, end) of
// span rows (DefaultChunkRows when span <= 0); without a rowid it returns
// one range {0, 0} that stands for the whole table.
func ChunkRanges(lo, hi int64, hasRowid bool, span int64) [][2]int64 {
	if !hasRowid {
		return [][2]int64{{0, 0}}
	}
	if span <= 0 {
		span = DefaultChunkRows
	}
	if total := uint64(hi-lo) + 1; total/uint64(span) >= maxChunks {
		span = int64(total/maxChunks) + 1
	}
	var out [][2]int64
	for s := lo; ; s += span {
		end := s + span
		if end > hi || end < s {
			out = append(out, [2]int64{s, hi + 1})
			if hi == 1<<63-1 {
				out[len(out)-1][1] = hi
			}
			return out
		}
		out = append(out, [2]int64{s, end})
	}
}

// ForChunks calls fn for chunks 0..n-1 on up to workers goroutines, each
// with its own connection, handing chunks out in ascending order. After a
// chunk fails no later chunk starts, and chunks already started finish, so
// the error returned is the one of the lowest failing chunk: the same
// error a sequential scan would meet first.
func ForChunks(ctx context.Context, db *sql.DB, n, workers int, fn func(conn *sql.Conn, chunk int) error) error {
	workers = max(1, min(workers, n))
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Int64
	failed.Store(int64(n))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := db.Conn(ctx)
			if conn != nil {
				defer conn.Close()
			}
			for {
				i := int(next.Add(1) - 1)
				if i >= n || int64(i) > failed.Load() {
					return
				}
				if err == nil {
					err = fn(conn, i)
				}
				if err != nil {
					errs[i] = err
					lowerTo(&failed, int64(i))
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// lowerTo sets *v to x when x is smaller.
func lowerTo(v *atomic.Int64, x int64) {
	for {
		cur := v.Load()
		if x >= cur || v.CompareAndSwap(cur, x) {
			return
		}
	}
}
