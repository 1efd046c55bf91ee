package store

import (
	"context"
	"testing"
)

// TestR7PipeCancelLeavesNothingOpen: a Pipe that has written a published
// segment and whose context is then cancelled (the evaluation stops)
// must, on Abort, roll back and return its connection with no
// transaction open: another connection can then write at once, and the
// stored tables are those before.
func TestR7PipeCancelLeavesNothingOpen(t *testing.T) {
	db := openDBWith(t, "_journal_mode=DELETE&_busy_timeout=0")
	commitChecked(t, db, runAt(1), pipeOutcome(0))
	before := dump(t, db, `SELECT segment, entity_id FROM segc_members ORDER BY 1, 2`)
	ctx, cancel := context.WithCancel(context.Background())
	out := pipeOutcome(1)
	p := StartCommit(ctx, db, runAt(2))
	p.Publish(out.Keys, &out.Segments[0])
	p.PublishStates(out.Keys, &out.States[0])
	cancel()
	p.Abort()
	if _, err := db.Exec(`INSERT INTO segc_runs(started_at, as_of, plan_hash, status) VALUES ('x', 'x', 'x', 'ok')`); err != nil {
		t.Fatalf("after Abort, another write fails: %v", err)
	}
	if after := dump(t, db, `SELECT segment, entity_id FROM segc_members ORDER BY 1, 2`); after != before {
		t.Errorf("members after the aborted pipe:\n%s\nwant\n%s", after, before)
	}
	if _, err := Commit(context.Background(), db, runAt(3), pipeOutcome(1)); err != nil {
		t.Errorf("the next commit: %v", err)
	}
}

// TestR7PipeFinishAfterCancel: Finish on a cancelled context returns an
// error (never hangs) and writes nothing.
func TestR7PipeFinishAfterCancel(t *testing.T) {
	db := openDB(t)
	commitChecked(t, db, runAt(1), pipeOutcome(0))
	ctx, cancel := context.WithCancel(context.Background())
	out := pipeOutcome(1)
	p := StartCommit(ctx, db, runAt(2))
	p.Publish(out.Keys, &out.Segments[0])
	cancel()
	if _, err := p.Finish(out, nil); err == nil {
		t.Fatal("Finish on a cancelled context committed")
	}
	if n := count(t, db, `SELECT count(*) FROM segc_runs`); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
}
