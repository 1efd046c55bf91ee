package cluster

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the fixed number of rows in one unit of parallel work. Partial
// results are kept per chunk and combined in chunk order, which makes every
// result independent of the number of workers.
const chunkRows = 4096

// numChunks is the number of chunks covering n rows.
func numChunks(n int) int { return (n + chunkRows - 1) / chunkRows }

// resolveWorkers turns a requested worker count into a usable one:
// zero or less means GOMAXPROCS.
func resolveWorkers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// forChunks calls fn(c, lo, hi) for every chunk c = rows [lo, hi) of n rows,
// on up to workers goroutines. It stops early and returns ctx.Err() when the
// context is cancelled.
func forChunks(ctx context.Context, n, workers int, fn func(c, lo, hi int)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	nc := numChunks(n)
	workers = min(resolveWorkers(workers), nc)
	if workers <= 1 {
		for c := range nc {
			fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
