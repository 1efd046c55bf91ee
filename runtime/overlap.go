package runtime

import (
	"context"
	"slices"

	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// pendingPass is an event pass running while the entity columns load.
type pendingPass struct {
	keys   store.Keys // the population it scanned for
	cancel context.CancelFunc
	done   chan error
}

// loadEntities is the "load entities" stage. When the event pass needs
// only the population's keys, it reads those first and starts the pass,
// so that the entity load and the event scan share the cores instead of
// each leaving part of them idle in its serial steps.
func (r *run) loadEntities() error {
	if r.overlaps() {
		r.pending = r.startEventPass()
	}
	err := r.loadPopulation()
	if err != nil && r.pending != nil {
		r.pending.cancel()
		<-r.pending.done
		r.pending = nil
	}
	return err
}

// eventAggregates is the "event aggregates" stage: it finishes the pass
// loadEntities started, or runs it now.
func (r *run) eventAggregates() error {
	p := r.pending
	if p == nil {
		return r.eventPass()
	}
	r.pending = nil
	err := <-p.done
	p.cancel()
	if !sameKeys(p.keys, r.ev.Outcome.Keys) {
		// The table changed between the two reads: scan for the loaded
		// population, as a sequential run would.
		return r.eventPass()
	}
	if err != nil {
		return err
	}
	r.sequences()
	return nil
}

// overlaps reports whether the event pass can start before the entity
// load ends: the population is an entities table, some log has
// aggregates, and there is more than one reader to share the cores.
func (r *run) overlaps() bool {
	if r.p.Entities == nil || r.workers() < 2 {
		return false
	}
	for _, log := range r.p.Logs {
		if len(r.logAggs(log.Index)) > 0 {
			return true
		}
	}
	return false
}

// startEventPass reads the population's keys and starts the event pass
// over them; it returns nil when the keys cannot be read, leaving the
// error to the entity load.
func (r *run) startEventPass() *pendingPass {
	t := r.p.Entities
	kt, err := load.LoadTableParallel(r.ctx, r.db, t.SQLTable, t.Key, r.p.KeyType.Kind, nil, r.workers())
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(r.ctx)
	p := &pendingPass{keys: kt.Keys, cancel: cancel, done: make(chan error, 1)}
	pass := *r // the pass writes only its own results, through r.ev and r.time
	pass.ctx = ctx
	go func() { p.done <- pass.scanLogs(events.NewKeyIndex(r.p.KeyType.Kind, p.keys)) }()
	return p
}

// sameKeys reports whether two populations are equal.
func sameKeys(a, b store.Keys) bool {
	return slices.Equal(a.Ints, b.Ints) && slices.Equal(a.Strs, b.Strs)
}
