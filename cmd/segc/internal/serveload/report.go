package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// report is what a run measured.
type report struct {
	elapsed   time.Duration
	latencies []time.Duration
	items     int64
	errors    int64
	firstErr  error
	serverCPU time.Duration // with --server-pid
}

// drive runs concurrency clients until ctx ends or count requests were
// sent.
func drive(ctx context.Context, o options, w *workload) *report {
	var mu sync.Mutex
	rep := &report{}
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := range o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			var rc *rawConn
			if o.client == "raw" {
				rc = newRawConn(o.addr)
				defer rc.close()
			}
			var lat []time.Duration
			var items, errs int64
			var firstErr error
			for ctx.Err() == nil && sent.Add(1) <= int64(o.count) {
				t0 := time.Now()
				n, err := w.do(ctx, rng, rc)
				if ctx.Err() != nil {
					break // cut off by the deadline: not a server error
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs++
					firstErr = cmpOr(firstErr, err)
					continue
				}
				items += int64(n)
			}
			mu.Lock()
			rep.latencies = append(rep.latencies, lat...)
			rep.items += items
			rep.errors += errs
			rep.firstErr = cmpOr(rep.firstErr, firstErr)
			mu.Unlock()
		}()
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	return rep
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// print writes the summary.
func (r *report) print(w io.Writer, o options) {
	slices.Sort(r.latencies)
	n := len(r.latencies)
	secs := r.elapsed.Seconds()
	what := "lookups"
	if o.mode == "ingest" {
		what = "events"
	}
	fmt.Fprintf(w, "mode %s, client %s, concurrency %d, %s\n", o.mode, o.client, o.concurrency, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "requests %d (%.0f/s), errors %d\n", n, float64(n)/secs, r.errors)
	fmt.Fprintf(w, "%s %d (%.0f/s)\n", what, r.items, float64(r.items)/secs)
	if n > 0 {
		fmt.Fprintf(w, "latency p50 %s  p99 %s  max %s\n", pct(r.latencies, 50), pct(r.latencies, 99), r.latencies[n-1])
	}
	r.printCPU(w, what)
	if r.firstErr != nil {
		fmt.Fprintf(w, "first error: %v\n", r.firstErr)
	}
}

// pct is the nearest-rank percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i-1, 0)].Round(time.Microsecond)
}
