package store

import "sync"

// published is one segment, or one lifecycle's states, handed to a Pipe
// with the population's keys.
type published struct {
	keys   Keys
	seg    SegmentMembers
	states *LifecycleStates // set for states
}

// segmentQueue is an unbounded queue of published segments: pushing never
// waits for the store, so a step that publishes a segment goes on at once
// even while the store writes an earlier one.
type segmentQueue struct {
	mu     sync.Mutex
	items  []published
	closed bool
	wake   chan struct{} // signalled (capacity 1) on push and close
}

// push adds one segment; after close it is ignored.
func (q *segmentQueue) push(p published) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, p)
	}
	q.signal()
	q.mu.Unlock()
}

// close ends the queue: pop returns what is left, then false.
func (q *segmentQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.signal()
	q.mu.Unlock()
}

// signal wakes a waiting pop; q.mu is held.
func (q *segmentQueue) signal() {
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// pop waits for the next segment; ok is false once the queue is closed
// and empty.
func (q *segmentQueue) pop() (published, bool) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			p := q.items[0]
			q.items[0] = published{}
			q.items = q.items[1:]
			q.mu.Unlock()
			return p, true
		}
		if q.closed {
			q.mu.Unlock()
			return published{}, false
		}
		if q.wake == nil {
			q.wake = make(chan struct{}, 1)
		}
		wake := q.wake
		q.mu.Unlock()
		<-wake
	}
}
