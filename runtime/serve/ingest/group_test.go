package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/dsl/types"
)

// outcome is one batch's answer from the writer.
type outcome struct {
	res Result
	err error
}

// groupOf inserts lead, holds its commit until every batch of queued is
// waiting behind it (in order), then lets the writer run. The queued
// batches form the second group. It returns each batch's outcome, lead
// first, and the writer's stats.
func groupOf(t *testing.T, w *Writer, s *Schema, lead string, queued []string) ([]outcome, Stats) {
	t.Helper()
	texts := append([]string{lead}, queued...)
	evs := make([][]Event, len(texts))
	for i, text := range texts {
		var errs []FieldError
		if evs[i], errs = s.Decode(decodeObjects(t, "["+text+"]")); len(errs) > 0 {
			t.Fatalf("decode %s: %v", text, errs)
		}
	}
	release := make(chan struct{})
	first := true
	hook := w.hook
	w.hook = func(at hookPoint, n int) {
		if at == hookTaken && first {
			first = false
			<-release
		}
		if hook != nil {
			hook(at, n)
		}
	}
	outs := make([]outcome, len(texts))
	done := make(chan int, len(texts))
	for i := range texts {
		go func() {
			outs[i].res, outs[i].err = w.Insert(context.Background(), s, evs[i])
			done <- i
		}()
		waitQueued(t, w, i+1)
	}
	close(release)
	for range texts {
		<-done
	}
	return outs, w.Stats()
}

func waitQueued(t *testing.T, w *Writer, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for w.queued() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d batch(es) queued after 5s, want %d", w.queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func click(id, page string) string {
	return fmt.Sprintf(`{"user": 1, "at": 0, "click_id": %q, "page": %q}`, id, page)
}

func newTestWriter(t testing.TB) (*Writer, *Schema, func() string) {
	t.Helper()
	w, s, stored, _ := newServeWriter(t)
	return w, s, stored
}

// newServeWriter returns a Writer over a database opened as serve opens
// its writer's (one connection, BEGIN IMMEDIATE, WAL), with a busy
// timeout of 50ms, the click log's schema, a function listing the
// stored click_id=page pairs, and the database's path.
func newServeWriter(t testing.TB) (*Writer, *Schema, func() string, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db := openDSN(t, "file:"+path+"?_txlock=immediate&_busy_timeout=50&_journal_mode=WAL", "TEXT")
	db.SetMaxOpenConns(1)
	log := testLog(types.Int)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(EnsureIDIndex(ctx, db, log))
	_, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON "click ""log""" WHEN NEW.page = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`)
	must(err)
	s, err := NewSchema(ctx, db, log)
	must(err)
	stored := func() string {
		rows, err := db.Query(`SELECT click_id || '=' || page FROM "click ""log""" ORDER BY click_id`)
		must(err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v string
			must(rows.Scan(&v))
			out = append(out, v)
		}
		return strings.Join(out, " ")
	}
	return NewWriter(db), s, stored, path
}

func describe(o outcome) string {
	var conflict *ConflictError
	switch {
	case errors.As(o.err, &conflict):
		idx := make([]int, len(conflict.Conflicts))
		for k, c := range conflict.Conflicts {
			idx[k] = c.Index
		}
		sort.Ints(idx)
		return fmt.Sprintf("conflict%v", idx)
	case o.err != nil:
		return "error"
	}
	return fmt.Sprintf("+%d dup%d", o.res.Inserted, o.res.Duplicates)
}

// TestGroupCommit: batches queued behind a running commit are written in
// one transaction, and each keeps its own outcome: a batch conflicting
// with an earlier batch of the same group is rejected whole (409) without
// affecting the others, and a resend of an id another batch of the group
// inserted is a duplicate.
func TestGroupCommit(t *testing.T) {
	w, s, stored := newTestWriter(t)
	outs, stats := groupOf(t, w, s, click("a", "/"), []string{
		click("b", "/") + "," + click("c", "/"),
		click("d", "/") + "," + click("b", "/x"), // b conflicts with the batch before, d is not stored
		click("b", "/") + "," + click("e", "/"),  // b is a resend of the batch two before
		click("a", "/y"),                         // a conflicts with the first group
		click("f", "/") + "," + click("f", "/"),  // a resend inside the batch
	})
	want := []string{"+1 dup0", "+2 dup0", "conflict[1]", "+1 dup1", "conflict[0]", "+1 dup1"}
	for i, o := range outs {
		if got := describe(o); got != want[i] {
			t.Errorf("batch %d: %s, want %s", i, got, want[i])
		}
	}
	if stats != (Stats{Batches: 6, Commits: 2}) {
		t.Errorf("stats %+v, want 6 batches in 2 commits (the 5 queued ones coalesced)", stats)
	}
	if got, want := stored(), "a=/ b=/ c=/ e=/ f=/"; got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
}

// TestGroupCommitFailureIsolated: a batch whose insert fails (not a
// conflict) fails alone; the other batches of its group are stored.
func TestGroupCommitFailureIsolated(t *testing.T) {
	w, s, stored := newTestWriter(t)
	outs, _ := groupOf(t, w, s, click("a", "/"), []string{
		click("b", "/"),
		click("c", "/") + "," + click("d", "boom"),
		click("e", "/"),
	})
	want := []string{"+1 dup0", "+1 dup0", "error", "+1 dup0"}
	for i, o := range outs {
		if got := describe(o); got != want[i] {
			t.Errorf("batch %d: %s (%v), want %s", i, got, o.err, want[i])
		}
	}
	if got, want := stored(), "a=/ b=/ e=/"; got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
}

// TestGroupSkipsAbandoned: a batch whose request ended while it waited
// is answered with the context's error and not stored.
func TestGroupSkipsAbandoned(t *testing.T) {
	w, s, stored := newTestWriter(t)
	evs, _ := s.Decode(decodeObjects(t, "["+click("x", "/")+"]"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.Insert(ctx, s, evs); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled request: %v, want context.Canceled", err)
	}
	if got := stored(); got != "" {
		t.Errorf("stored %q, want nothing", got)
	}
}

// TestLeaderPanicHandsOver: a leader that dies mid-commit, before or
// inside its transaction, still answers its group with an error and
// hands the queue on; a transaction it had begun is rolled back, so the
// one writer connection is free for the next batch.
func TestLeaderPanicHandsOver(t *testing.T) {
	for _, tt := range []struct {
		name string
		at   hookPoint
	}{{"group taken", hookTaken}, {"in the transaction", hookInTx}} {
		t.Run(tt.name, func(t *testing.T) {
			w, s, stored := newTestWriter(t)
			w.hook = func(at hookPoint, _ int) {
				if at == tt.at {
					panic("boom")
				}
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Error("the leader's panic did not reach its caller")
					}
				}()
				w.Insert(context.Background(), s, decodeClicks(t, s, click("a", "/")))
			}()
			w.hook = nil
			if res, err := insertWithin(t, w, s, decodeClicks(t, s, click("b", "/"))); err != nil || res.Inserted != 1 {
				t.Errorf("after a dead leader: %+v %v, want the batch stored", res, err)
			}
			if got := stored(); got != "b=/" {
				t.Errorf("stored %q, want b=/", got)
			}
		})
	}
}
