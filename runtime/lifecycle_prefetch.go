package runtime

import (
	"context"
	"database/sql"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// StoredStatesRead reads the stored states of a plan's lifecycles on a
// goroutine of its own, so that the read (SQLite's, on one core) overlaps
// the work before the lifecycle steps instead of delaying them. The
// states are what store.ReadStates returns at the moment of the read.
type StoredStatesRead struct {
	done   chan struct{}
	states map[string]*store.StoredStates
	err    error
	// prior are states known without reading (KnownStoredStates).
	prior map[string]*PriorStates
}

// ReadStoredStates starts reading p's stored states (nil when p has no
// lifecycle). The caller must Wait for it before it returns, whether or
// not an evaluation used it.
func ReadStoredStates(ctx context.Context, db *sql.DB, p *plan.Plan) *StoredStatesRead {
	if len(p.Lifecycles) == 0 {
		return nil
	}
	r := &StoredStatesRead{done: make(chan struct{}), states: map[string]*store.StoredStates{}}
	go func() {
		defer close(r.done)
		for _, l := range p.Lifecycles {
			s, err := store.ReadStates(ctx, db, l.Name)
			if err != nil {
				r.err = err
				return
			}
			r.states[l.Name] = s
		}
	}()
	return r
}

// Wait waits for the read to end (nil: nothing to wait for).
func (r *StoredStatesRead) Wait() {
	if r != nil {
		<-r.done
	}
}

// of returns lifecycle name's stored states once they are read.
func (r *StoredStatesRead) of(name string) (*store.StoredStates, error) {
	r.Wait()
	if r.err != nil {
		return nil, r.err
	}
	return r.states[name], nil
}

// storedStates returns lifecycle l's stored states: those read ahead
// (Prepared.States), or read now.
func (r *run) storedStates(l *plan.Lifecycle) (*store.StoredStates, error) {
	if r.states != nil {
		if s, err := r.states.of(l.Name); err != nil || s != nil {
			return s, err
		}
	}
	return store.ReadStates(r.ctx, r.db, l.Name)
}
