package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Result is what an accepted batch did.
type Result struct {
	Inserted   int `json:"inserted"`
	Duplicates int `json:"duplicates"` // resent ids with the same payload: no-ops
}

// ConflictError rejects a batch in which some ids are already stored (or
// repeated in the batch, or stored by an earlier batch of the same group
// commit) with a different payload.
type ConflictError struct {
	Conflicts []FieldError
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("%d event(s) reuse an id with a different payload", len(e.Conflicts))
}

// MaxGroupEvents bounds the events one group commit takes (a single
// larger batch is still taken whole).
const MaxGroupEvents = 20000

// Writer is the one writer of ingested events. Concurrent batches are
// group-committed: the caller at the head of the queue (the leader)
// takes every batch queued behind it, up to MaxGroupEvents, writes them
// in one transaction, and answers each after that commit; the next
// queued caller then leads the next group. Each batch keeps its own
// all-or-nothing outcome inside the group (see commitGroup).
type Writer struct {
	db *sql.DB

	mu    sync.Mutex
	queue []*request // queue[0] is the leader's or about to be led
	stats Stats
	// hook, when set (tests), runs at each hookPoint of a commit.
	hook func(at hookPoint, batches int)
}

// hookPoint is where in a commit Writer.hook runs.
type hookPoint int

const (
	hookTaken hookPoint = iota // in the leader, the group taken, nothing written
	hookBegin                  // before each transaction starts
	hookInTx                   // inside each transaction, before its inserts
)

// at runs the test hook, if any.
func (w *Writer) at(p hookPoint, batches int) {
	if w.hook != nil {
		w.hook(p, batches)
	}
}

// Stats counts what the writer did.
type Stats struct {
	Batches int64 // batches answered
	Commits int64 // transactions committed
}

// request is one batch waiting for its group's commit.
type request struct {
	ctx    context.Context
	schema *Schema
	events []Event
	res    Result
	err    error
	taken  bool // in a group being committed: no longer leaves the queue
	done   bool
	wake   chan struct{} // signalled when done, or when it must lead
}

// NewWriter wraps db, which should allow one open connection.
func NewWriter(db *sql.DB) *Writer { return &Writer{db: db} }

// Stats returns the counts so far.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// Insert stores events into s's table, skipping exact resends of stored
// ids, and returns after the commit that contains them. Any conflict
// rejects the whole batch with a *ConflictError and writes nothing of it.
// ctx bounds only the wait for a group: when it ends before the batch's
// group is taken, Insert returns ctx's error and nothing is written;
// once taken, the batch is committed (or fails) with its group whatever
// ctx does, and Insert returns that outcome. So an error always means
// nothing of the batch is stored (ErrBusy: retry later), except for a
// writer that panicked (see lead).
func (w *Writer) Insert(ctx context.Context, s *Schema, events []Event) (Result, error) {
	req := &request{ctx: ctx, schema: s, events: events, wake: make(chan struct{}, 1)}
	w.mu.Lock()
	w.queue = append(w.queue, req)
	leads := len(w.queue) == 1
	w.mu.Unlock()
	if !leads && !w.wait(req) {
		return Result{}, ctx.Err()
	}
	if !req.done {
		w.lead()
	}
	return req.res, req.err
}

// wait waits until req must lead or is answered, and reports true then.
// It reports false when req's context ended first, before its group was
// taken: req has then left the queue, unwritten.
func (w *Writer) wait(req *request) bool {
	select {
	case <-req.wake:
		return true
	case <-req.ctx.Done():
	}
	if w.leave(req) {
		return false
	}
	<-req.wake
	return true
}

// leave removes req from the queue unless its group was taken, and
// reports whether it did. A request leaving the head of the queue was
// told to lead: the next one is told instead.
func (w *Writer) leave(req *request) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if req.taken {
		return false
	}
	i := slices.Index(w.queue, req)
	w.queue = slices.Delete(w.queue, i, i+1)
	if i == 0 && len(w.queue) > 0 {
		w.queue[0].wake <- struct{}{}
	}
	return true
}

// lead commits one group from the head of the queue, answers its
// members, and hands leadership to the next queued request. Should the
// commit panic, the group is still answered (with an error) and the
// queue handed on, so later requests never wait for a dead leader.
func (w *Writer) lead() {
	group := w.takeGroup()
	committed := false
	defer func() {
		if !committed {
			for _, r := range group {
				r.res, r.err = Result{}, errLeaderFailed
			}
		}
		w.finish(group)
	}()
	w.at(hookTaken, len(group))
	w.commitGroup(group)
	committed = true
}

// errLeaderFailed answers a group whose commit did not complete.
var errLeaderFailed = errors.New("the event writer failed while committing this batch; it may or may not be stored: resend it (resending the same ids is safe)")

// finish answers a group and wakes the next leader.
func (w *Writer) finish(group []*request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queue = w.queue[len(group):]
	w.stats.Batches += int64(len(group))
	for _, r := range group {
		r.done = true
		r.wake <- struct{}{}
	}
	if len(w.queue) > 0 {
		w.queue[0].wake <- struct{}{}
	}
}

// queued counts the requests waiting or being committed.
func (w *Writer) queued() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.queue)
}

// takeGroup returns the head of the queue, up to MaxGroupEvents.
func (w *Writer) takeGroup() []*request {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, events := 1, len(w.queue[0].events)
	for n < len(w.queue) && events+len(w.queue[n].events) <= MaxGroupEvents {
		events += len(w.queue[n].events)
		n++
	}
	group := w.queue[:n:n]
	for _, r := range group {
		r.taken = true
	}
	return group
}
