package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Pipe is a commit that starts before its outcome is complete (a
// pipelined commit). An evaluation publishes each stored segment as soon
// as its members are final (Publish); the first publication opens the
// commit's transaction on a goroutine of its own, which diffs and writes
// each published segment at once, in the order they come, while the
// evaluation computes the rest. Finish then hands over the complete
// outcome: the store writes what was not published (as Commit does: the
// other segments in name order, Later's pending ones, the removed
// segments, states, models and thresholds), runs the hook and commits.
// Abort rolls back whatever was written. Either way the run commits all
// or nothing, and the tables are those Commit would write.
//
// Published segments that the store holds members of go in ready order,
// not name order: a daily run's changes land all over segc_members
// anyway, and waiting for the alphabetically first segment would leave
// the writer idle. Segments without stored members (a first run's) wait
// for Finish and go in name order, so that their inserts append to the
// primary key (see writePublished). The rows each segment writes are its
// own (its members, its history), so the order changes which rowids
// segc_changes gives them, not what they say.
//
// A Pipe holds a connection of its own: the evaluation reads the database
// (stored states, models, a lifecycle's events on several connections at
// once) while the transaction is open, so only a pool without a limit
// pipes (CanPipe); a limited one (segc demo's single connection) commits
// after the evaluation, as Commit does.
type Pipe struct {
	ctx   context.Context
	db    *sql.DB
	run   Run
	queue segmentQueue
	once  sync.Once
	final chan *pipeFinal // the complete outcome, or nil to roll back
	done  chan pipeResult
	// end makes Finish and Abort take effect once: the first of them ends
	// the commit and keeps its result in ended, which a later call returns
	// instead of waiting for a result already taken (review R8).
	end   sync.Once
	ended pipeResult
}

// pipeFinal is what Finish hands the commit goroutine.
type pipeFinal struct {
	out  *Outcome
	hook InTx
}

// pipeResult is the commit goroutine's result.
type pipeResult struct {
	sum *Summary
	err error
}

// errAborted rolls a pipelined commit back (Abort).
var errAborted = errors.New("store: the run was abandoned before its outcome was complete")

// CanPipe reports whether db's pool lets a Pipe's transaction stay open
// while the evaluation reads: its connections must not be limited, since
// the transaction holds one for the whole evaluation while the
// evaluation's parallel readers are as many as the limit allows.
func CanPipe(db *sql.DB) bool {
	return db.Stats().MaxOpenConnections == 0
}

// StartCommit returns a pipelined commit of run on db; nothing happens
// until the first Publish or Finish. Finish or Abort must follow; the
// first of them ends the commit, and later calls of either do nothing
// more.
func StartCommit(ctx context.Context, db *sql.DB, run Run) *Pipe {
	return &Pipe{ctx: ctx, db: db, run: run, final: make(chan *pipeFinal, 1), done: make(chan pipeResult, 1)}
}

// Publish queues one final segment (keys are the population's, the same
// for every call) and starts the commit if it has not started. It never
// blocks on the store and may be called from any goroutine, never after
// Finish or Abort. The segment is copied; its Members, Since and Known
// must not change afterwards.
func (p *Pipe) Publish(keys Keys, seg *SegmentMembers) {
	p.queue.push(published{keys: keys, seg: *seg})
	p.begin()
}

// PublishStates queues one lifecycle's final states, as Publish does a
// segment; its state segments must be published before it, since the
// states of entities outside the population are pruned by them.
func (p *Pipe) PublishStates(keys Keys, states *LifecycleStates) {
	p.queue.push(published{keys: keys, states: states})
	p.begin()
}

// Finish writes what out adds to the published segments, runs hook
// (when set) inside the transaction once the membership and history are
// written, and commits. It returns the summary of every segment of out,
// in out's order, then the removed ones, as Commit does. After Abort it
// writes nothing and returns errAborted; a second Finish returns the
// first one's result.
func (p *Pipe) Finish(out *Outcome, hook InTx) (*Summary, error) {
	p.end.Do(func() { p.ended = p.finish(out, hook) })
	return p.ended.sum, p.ended.err
}

// finish hands the outcome to the commit goroutine and waits for it.
func (p *Pipe) finish(out *Outcome, hook InTx) pipeResult {
	p.queue.close()
	p.final <- &pipeFinal{out: out, hook: hook}
	p.begin()
	return <-p.done
}

// Abort rolls back whatever the pipe wrote and returns once the
// transaction has ended, so the caller can record the failure. A pipe
// that never started (nothing was published) has nothing to roll back
// and takes no connection: BEGIN IMMEDIATE would wait out another
// writer's lock before the failure could even be recorded. After Finish
// or another Abort it does nothing.
func (p *Pipe) Abort() {
	p.end.Do(func() {
		p.abort()
		p.ended = pipeResult{err: errAborted}
	})
}

// abort ends the queue and rolls the commit back.
func (p *Pipe) abort() {
	p.queue.close()
	started := true
	p.once.Do(func() { started = false })
	if !started {
		return
	}
	p.final <- nil
	<-p.done
}

// begin starts the commit goroutine once.
func (p *Pipe) begin() {
	p.once.Do(func() { go p.commit() })
}

// commit runs the transaction and reports its result.
func (p *Pipe) commit() {
	var sum *Summary
	err := withTx(p.ctx, p.db, "IMMEDIATE", true, func(conn *sql.Conn) error {
		var err error
		sum, err = p.commitIn(conn)
		return err
	})
	if err != nil {
		sum = nil
	}
	p.done <- pipeResult{sum: sum, err: err}
}

// commitIn writes the published segments as they come, then the rest of
// the final outcome.
func (p *Pipe) commitIn(conn *sql.Conn) (*Summary, error) {
	ctx := p.ctx
	t, err := openCommit(ctx, conn, p.run)
	if err != nil {
		return nil, err
	}
	defer t.w.close()
	done, err := t.writePublished(ctx, &p.queue)
	if err != nil {
		return nil, err
	}
	f := <-p.final
	if f == nil {
		return nil, errAborted
	}
	changes, err := t.writeOutcome(ctx, f.out, done)
	if err != nil {
		return nil, err
	}
	if err := finishRun(ctx, conn, t.runID); err != nil {
		return nil, err
	}
	if f.hook != nil {
		if err := f.hook(ctx, conn, t.runID); err != nil {
			return nil, err
		}
	}
	return summarize(t.runID, changes), nil
}

// writePublished diffs and writes each published segment that the store
// already holds members of, and writes each published lifecycle's
// states, until the queue closes, and returns what it wrote. A segment
// without stored members (a first run's, a new one's) is held for
// Finish, which writes it with the others in name order: all its rows are
// inserts, which append to segc_members' primary key in name order but
// each need a seek from the root when rows after them exist (twice the
// CPU: BenchmarkPipeFirstRunOrder). A stored segment's changes land
// among its stored rows either way.
func (t *openTx) writePublished(ctx context.Context, q *segmentQueue) (*written, error) {
	done := newWritten()
	for {
		pub, ok := q.pop()
		if !ok {
			return done, nil
		}
		var err error
		if pub.states != nil {
			err = t.writeLifecycleStates(ctx, pub.keys, *pub.states, done)
		} else {
			err = t.writeSegment(ctx, pub.keys, pub.seg, done)
		}
		if err != nil {
			return nil, err
		}
	}
}

// writeSegment writes one published segment, or holds it (see
// writePublished).
func (t *openTx) writeSegment(ctx context.Context, keys Keys, seg SegmentMembers, done *written) error {
	if _, dup := done.segments[seg.Name]; dup || done.held[seg.Name] {
		return fmt.Errorf("store: segment %q was published twice", seg.Name)
	}
	stored, err := t.st.holds(ctx, seg.Name)
	if err != nil || !stored {
		done.held[seg.Name] = true
		return err
	}
	c, err := t.write(ctx, keys, seg)
	if err != nil {
		return err
	}
	done.segments[seg.Name] = c
	return nil
}

// written is what a Pipe did before the outcome was complete: the
// segments it wrote (their changes by name) and held, the lifecycles
// whose states it wrote, and those it also pruned.
type written struct {
	segments       map[string]segmentChange
	held           map[string]bool
	states, pruned map[string]bool
}

func newWritten() *written {
	return &written{segments: map[string]segmentChange{}, held: map[string]bool{}, states: map[string]bool{}, pruned: map[string]bool{}}
}

// writeLifecycleStates writes one lifecycle's states, and prunes those of
// entities outside the population, which reads its state segments: when
// one of them is held, the pruning waits for Finish too.
func (t *openTx) writeLifecycleStates(ctx context.Context, keys Keys, l LifecycleStates, done *written) error {
	if done.states[l.Name] {
		return fmt.Errorf("store: the states of lifecycle %q were published twice", l.Name)
	}
	done.states[l.Name] = true
	if err := checkKeys(keys); err != nil {
		return err
	}
	if err := t.w.writeStates(ctx, keys, []LifecycleStates{l}); err != nil {
		return err
	}
	for _, s := range l.States {
		if _, ok := done.segments[l.Name+"."+s]; !ok {
			return nil
		}
	}
	done.pruned[l.Name] = true
	return t.w.pruneOne(ctx, l)
}

// holds reports whether segc_members has a row of segment.
func (s *storedState) holds(ctx context.Context, segment string) (bool, error) {
	if !s.hasMembers {
		return false, nil
	}
	var found bool
	err := s.q.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM segc_members WHERE segment = ?)`, segment).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("reading the members of segment %q: %w", segment, err)
	}
	return found, nil
}

// checkKeys rejects a population with both kinds of keys.
func checkKeys(keys Keys) error {
	if len(keys.Ints) > 0 && keys.Strs != nil {
		return fmt.Errorf("store: outcome has both integer and text keys; exactly one kind is allowed")
	}
	return nil
}
