package ingest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// heldLeader starts a batch that leads and holds its commit until the
// returned release is called. The writer's hook then calls then (if not
// nil) at every point of every commit.
func heldLeader(t *testing.T, w *Writer, s *Schema, obj string, then func(hookPoint)) (release func(), answer <-chan outcome) {
	t.Helper()
	held := make(chan struct{})
	w.hook = func(at hookPoint, _ int) {
		if at == hookTaken {
			<-held
		}
		if then != nil {
			then(at)
		}
	}
	out := make(chan outcome, 1)
	go func() {
		res, err := w.Insert(context.Background(), s, decodeClicks(t, s, obj))
		out <- outcome{res, err}
	}()
	waitQueued(t, w, 1)
	once := false
	return func() {
		if !once {
			once = true
			close(held)
		}
	}, out
}

// TestQueuedBatchGivesUp: a batch whose context ends while it waits
// behind a commit leaves the queue at once, unwritten, and the batches
// behind it are still written.
func TestQueuedBatchGivesUp(t *testing.T) {
	w, s, stored := newTestWriter(t)
	release, leader := heldLeader(t, w, s, click("a", "/"), nil)
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, err := w.Insert(ctx, s, decodeClicks(t, s, click("b", "/")))
		gaveUp <- err
	}()
	waitQueued(t, w, 2)
	after := make(chan outcome, 1)
	go func() {
		res, err := w.Insert(context.Background(), s, decodeClicks(t, s, click("c", "/")))
		after <- outcome{res, err}
	}()
	waitQueued(t, w, 3)
	cancel()
	select {
	case err := <-gaveUp:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the abandoned batch: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a batch whose context ended still waits for the commit ahead of it after 5s")
	}
	release()
	for _, ch := range []<-chan outcome{leader, after} {
		if o := <-ch; describe(o) != "+1 dup0" {
			t.Errorf("a batch around the abandoned one: %s (%v), want +1 dup0", describe(o), o.err)
		}
	}
	if got := stored(); got != "a=/ c=/" {
		t.Errorf("stored %q, want a=/ c=/", got)
	}
}

// TestTakenBatchOutlivesItsContext: once its group is taken, a batch is
// committed whatever its context does, and Insert reports that commit,
// so a caller is never told "not stored" about a stored batch. The
// batch is not its group's leader: it waits while the leader commits.
func TestTakenBatchOutlivesItsContext(t *testing.T) {
	w, s, stored := newTestWriter(t)
	ctx, cancel := context.WithCancel(context.Background())
	txs := 0
	release, leader := heldLeader(t, w, s, click("a", "/"), func(at hookPoint) {
		if at == hookInTx {
			if txs++; txs == 2 { // the second group's transaction
				cancel()
			}
		}
	})
	answers := make(chan outcome, 2)
	for i, c := range []context.Context{context.Background(), ctx} {
		go func() {
			res, err := w.Insert(c, s, decodeClicks(t, s, click(string(rune('b'+i)), "/")))
			answers <- outcome{res, err}
		}()
		waitQueued(t, w, 2+i)
	}
	release()
	<-leader
	for range 2 {
		if o := <-answers; describe(o) != "+1 dup0" {
			t.Errorf("a batch of the group whose context ended during its commit: %s (%v), want +1 dup0", describe(o), o.err)
		}
	}
	if ctx.Err() == nil {
		t.Error("the test did not cancel the batch's context during its commit")
	}
	if got := stored(); got != "a=/ b=/ c=/" {
		t.Errorf("stored %q, want a=/ b=/ c=/", got)
	}
}

// TestLeaveHandsOverTheHead: a request that gives up at the head of the
// queue (told to lead, not yet leading) tells the next one to lead; a
// taken request does not leave.
func TestLeaveHandsOverTheHead(t *testing.T) {
	w := &Writer{}
	r := func() *request { return &request{wake: make(chan struct{}, 1)} }
	head, next, taken := r(), r(), r()
	taken.taken = true
	w.queue = []*request{head, next}
	if !w.leave(head) || len(w.queue) != 1 || w.queue[0] != next {
		t.Fatalf("the head did not leave: queue %v", w.queue)
	}
	select {
	case <-next.wake:
	default:
		t.Error("the new head was not told to lead")
	}
	w.queue = []*request{taken, next}
	if w.leave(taken) || len(w.queue) != 2 {
		t.Error("a taken request left the queue")
	}
}
