package batch

import (
	"context"
	"database/sql"
	"sync/atomic"

	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// pipeline is a run's pipelined commit (store.Pipe): the evaluation
// publishes each rule segment, and each applied or trained cluster's
// segments, as soon as its step has made them final, and each
// lifecycle's state segments and states as soon as its step ended
// (runtime.Options.Publish, PublishStates), and the first publication opens the commit's
// transaction, which writes the segments while the remaining steps run.
// The transaction opens only then, after the incremental run has armed
// its triggers and read its state, so nothing the evaluation writes waits
// for it. After the evaluation the store writes the rest and commits, or
// rolls back on any failure (the run commits all or nothing).
type pipeline struct {
	*store.Pipe
	published atomic.Int64
}

// startPipe returns the pipeline of a run that writes (nil for a dry run,
// or a pool of one connection, which the open transaction would hold
// while the evaluation waits for it), and points rtOpts.Publish at it.
func startPipe(ctx context.Context, db *sql.DB, run store.Run, opts Options, rtOpts *runtime.Options) *pipeline {
	if opts.DryRun || !store.CanPipe(db) {
		return nil
	}
	p := &pipeline{Pipe: store.StartCommit(ctx, db, run)}
	rtOpts.Publish = func(keys store.Keys, seg *store.SegmentMembers) {
		p.published.Add(1)
		p.Publish(keys, seg)
	}
	rtOpts.PublishStates = p.PublishStates
	return p
}

// abort rolls back what the pipeline wrote (none: no-op).
func (p *pipeline) abort() {
	if p != nil {
		p.Abort()
	}
}

// storeStage is the progress line of the store: plain "store" unless
// the store's transaction began during the steps (with the first segment
// published); it wrote the published segments that have stored members
// meanwhile (store.Pipe).
func (p *pipeline) storeStage() string {
	if p == nil || p.published.Load() == 0 {
		return "store"
	}
	return "store (begun during the steps)"
}
