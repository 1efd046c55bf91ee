package demo

import (
	"context"
	"runtime"
)

// chunkJob asks a worker to generate chunk index into out.
type chunkJob struct {
	index int
	out   chan *chunk
}

// numChunks returns how many chunks n customers take.
func numChunks(n int) int { return (n + chunkSize - 1) / chunkSize }

// produceChunks generates all chunks on parallel workers and returns, in
// chunk order, one single-use channel per chunk. Reading the channels in
// order gives a deterministic stream whatever the number of workers. The
// number of chunks in flight is bounded, so memory stays constant.
func produceChunks(ctx context.Context, m *model, seed int64) <-chan chan *chunk {
	workers := max(1, runtime.GOMAXPROCS(0))
	order := make(chan chan *chunk, 2*workers)
	jobs := make(chan chunkJob)
	go dispatch(ctx, numChunks(m.customers), order, jobs)
	for range workers {
		go func() {
			for job := range jobs {
				job.out <- generateChunk(m, seed, job.index)
			}
		}()
	}
	return order
}

// dispatch hands out chunk jobs in order until done or cancelled.
func dispatch(ctx context.Context, chunks int, order chan<- chan *chunk, jobs chan<- chunkJob) {
	defer close(order)
	defer close(jobs)
	for i := range chunks {
		out := make(chan *chunk, 1)
		select {
		case order <- out:
		case <-ctx.Done():
			return
		}
		select {
		case jobs <- chunkJob{index: i, out: out}:
		case <-ctx.Done():
			return
		}
	}
}
