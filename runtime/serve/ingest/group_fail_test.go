package ingest

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

// lockDB takes the database's write lock from another connection, as a
// concurrent evaluation's commit does, and returns its release.
func lockDB(t *testing.T, path string) func() {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err == nil {
		_, err = conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	}
	if err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			conn.ExecContext(context.Background(), "ROLLBACK")
			conn.Close()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// insertWithin inserts text's events and fails the test when the writer
// has not answered within 5s (it is stuck) or panicked.
func insertWithin(t *testing.T, w *Writer, s *Schema, evs []Event) (Result, error) {
	t.Helper()
	type answer struct {
		res   Result
		err   error
		panic any
	}
	done := make(chan answer, 1)
	go func() {
		var a answer
		defer func() {
			a.panic = recover()
			done <- a
		}()
		a.res, a.err = w.Insert(context.Background(), s, evs)
	}()
	select {
	case a := <-done:
		if a.panic != nil {
			t.Fatalf("Insert panicked: %v", a.panic)
		}
		return a.res, a.err
	case <-time.After(5 * time.Second):
		t.Fatal("Insert has not returned after 5s: the writer is stuck")
	}
	return Result{}, nil
}

func decodeClicks(t *testing.T, s *Schema, objs string) []Event {
	t.Helper()
	evs, errs := s.Decode(decodeObjects(t, "["+objs+"]"))
	if len(errs) > 0 {
		t.Fatalf("decode %s: %v", objs, errs)
	}
	return evs
}

// TestGroupCommitLocked: while another connection holds the write lock
// longer than the busy timeout, every batch, leader or queued, is
// answered with ErrBusy, never with a result for rows not stored.
func TestGroupCommitLocked(t *testing.T) {
	w, s, stored, path := newServeWriter(t)
	release := lockDB(t, path)
	outs, _ := groupOf(t, w, s, click("a", "/"), []string{click("b", "/"), click("c", "/") + "," + click("d", "/")})
	for i, o := range outs {
		if !errors.Is(o.err, ErrBusy) {
			t.Errorf("batch %d under a held lock: %s (%v), want ErrBusy", i, describe(o), o.err)
		}
	}
	release()
	if got := stored(); got != "" {
		t.Errorf("stored %q, want nothing", got)
	}
	if res, err := insertWithin(t, w, s, decodeClicks(t, s, click("a", "/"))); err != nil || res.Inserted != 1 {
		t.Errorf("after the lock is released: %+v %v, want the batch stored", res, err)
	}
}

// TestGroupRetryFailsToBegin: a group rolled back for one bad batch is
// retried without it; when that retry cannot start, its batches are
// answered with the retry's error, not with what the rolled-back
// attempt had inserted.
func TestGroupRetryFailsToBegin(t *testing.T) {
	w, s, stored, path := newServeWriter(t)
	begins := 0
	w.hook = func(at hookPoint, _ int) {
		if at == hookBegin {
			if begins++; begins == 3 { // the lead's, the group's, then the retry's
				lockDB(t, path)
			}
		}
	}
	outs, _ := groupOf(t, w, s, click("a", "/"), []string{
		click("b", "/"),
		click("c", "/") + "," + click("d", "boom"),
		click("e", "/"),
	})
	want := []string{"+1 dup0", "error", "error", "error"}
	for i, o := range outs {
		if got := describe(o); got != want[i] {
			t.Errorf("batch %d: %s (%v), want %s", i, got, o.err, want[i])
		}
	}
	if !errors.Is(outs[1].err, ErrBusy) || !errors.Is(outs[3].err, ErrBusy) {
		t.Errorf("the retried batches: %v, %v, want ErrBusy", outs[1].err, outs[3].err)
	}
	if got := stored(); got != "a=/" {
		t.Errorf("stored %q, want a=/", got)
	}
}

// TestUnusableID: an event whose id cannot be looked up (a caller
// outside Decode built it) fails its batch with an error instead of
// panicking, and the writer goes on.
func TestUnusableID(t *testing.T) {
	w, s, stored := newTestWriter(t)
	bad := decodeClicks(t, s, click("a", "/"))
	bad[0].ID = []int{1}
	if _, err := insertWithin(t, w, s, bad); err == nil {
		t.Error("an id of type []int was accepted")
	}
	if res, err := insertWithin(t, w, s, decodeClicks(t, s, click("b", "/"))); err != nil || res.Inserted != 1 {
		t.Errorf("after a bad id: %+v %v, want the batch stored", res, err)
	}
	if got := stored(); got != "b=/" {
		t.Errorf("stored %q, want b=/", got)
	}
}
