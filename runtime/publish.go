package runtime

import (
	"sync"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// publisher hands each rule segment (and its holdout), and each applied
// or trained cluster's segments, to Options.Publish as soon as its step
// has made it final, while later steps still run, and keeps what it
// handed over for collect, so that the Outcome holds the very segments
// published. A segment's members are a fresh index list:
// its step narrowed its own []bool in place before, and nothing changes
// either afterwards. Calls to Publish never overlap (one mutex), so a
// caller's hook may keep state between them without a lock of its own.
type publisher struct {
	mu     sync.Mutex
	fn     func(store.Keys, *store.SegmentMembers)
	states func(store.Keys, *store.LifecycleStates)
	keys   store.Keys
	segs   [][]store.SegmentMembers // by segment index: it, then its holdout
	// lifecycles are, by lifecycle index, the published state segments
	// and states (Options.PublishStates); clusters, by cluster index, the
	// published cluster segments.
	lifecycles []*publishedLifecycle
	clusters   [][]store.SegmentMembers
}

// publishedLifecycle is what the store got of one lifecycle.
type publishedLifecycle struct {
	segs   []store.SegmentMembers
	states store.LifecycleStates
}

// newPublisher returns the publisher of an evaluation with Options.Publish
// set, or nil.
func (r *run) newPublisher() *publisher {
	if r.opts.Publish == nil {
		return nil
	}
	return &publisher{fn: r.opts.Publish, states: r.opts.PublishStates, keys: r.ev.Outcome.Keys,
		segs: make([][]store.SegmentMembers, len(r.p.Segments)), lifecycles: make([]*publishedLifecycle, len(r.p.Lifecycles)),
		clusters: make([][]store.SegmentMembers, len(r.p.Clusters))}
}

// publish hands segment s, just computed, to the publisher (none: no-op).
func (r *run) publish(s *plan.Segment) {
	if r.pub == nil {
		return
	}
	segs := []store.SegmentMembers{{Name: s.Name, Members: indexes(r.ev.Members[s.Index])}}
	if s.Holdout > 0 {
		segs = append(segs, store.SegmentMembers{Name: s.Name + ".holdout", Members: indexes(r.ev.Holdouts[s.Index])})
	}
	p := r.pub
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range segs {
		p.fn(p.keys, &segs[i])
	}
	p.segs[s.Index] = segs
}

// segmentsOf returns what collect stores for segment s: the published
// segments, else its members (and holdout) as index lists.
func (r *run) segmentsOf(s *plan.Segment) []store.SegmentMembers {
	if r.pub != nil {
		r.pub.mu.Lock()
		segs := r.pub.segs[s.Index]
		r.pub.mu.Unlock()
		if segs != nil {
			return segs
		}
	}
	segs := []store.SegmentMembers{{Name: s.Name, Members: indexes(r.ev.Members[s.Index])}}
	if s.Holdout > 0 {
		segs = append(segs, store.SegmentMembers{Name: s.Name + ".holdout", Members: indexes(r.ev.Holdouts[s.Index])})
	}
	return segs
}

// publishLifecycle hands lifecycle l's state segments, then its states, to
// the publisher as soon as its step has ended (with Options.PublishStates
// set): nothing changes them afterwards; later steps only read them.
func (r *run) publishLifecycle(l *plan.Lifecycle) {
	res := r.ev.Lifecycles[l.Index]
	if r.pub == nil || r.pub.states == nil || res == nil {
		return
	}
	segs, states := lifecycleStored(res)
	p := r.pub
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range segs {
		p.fn(p.keys, &segs[i])
	}
	p.states(p.keys, &states)
	p.lifecycles[l.Index] = &publishedLifecycle{segs: segs, states: states}
}

// lifecycleParts returns what collect stores of a lifecycle: what was
// published, else its segments and states made now.
func (r *run) lifecycleParts(res *LifecycleResult) ([]store.SegmentMembers, store.LifecycleStates) {
	if r.pub != nil {
		r.pub.mu.Lock()
		done := r.pub.lifecycles[res.Lifecycle.Index]
		r.pub.mu.Unlock()
		if done != nil {
			return done.segs, done.states
		}
	}
	return lifecycleStored(res)
}

// publishedLifecycle runs a lifecycle step, then publishes its outcome.
func (r *run) publishedLifecycle(l *plan.Lifecycle) error {
	if err := r.lifecycle(l); err != nil {
		return err
	}
	r.publishLifecycle(l)
	return nil
}

// publishCluster hands an applied or trained cluster's segments to the
// publisher as soon as its step has assigned every entity (a deferred
// training's are placeholders until Wait, and are not published). In a
// daily run the cluster step is the last to end, and its ~16k changes
// were diffed and written after every step; now the store writes them
// while the evaluation collects, and the member lists are built on the
// step's goroutine rather than in collect.
func (r *run) publishCluster(res *ClusterResult) {
	if r.pub == nil {
		return
	}
	segs := clusterSegments(res)
	p := r.pub
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range segs {
		p.fn(p.keys, &segs[i])
	}
	p.clusters[res.Cluster.Index] = segs
}

// clusterParts returns what collect stores of a cluster: the published
// segments, else its segments made now.
func (r *run) clusterParts(res *ClusterResult) []store.SegmentMembers {
	if r.pub != nil {
		r.pub.mu.Lock()
		segs := r.pub.clusters[res.Cluster.Index]
		r.pub.mu.Unlock()
		if segs != nil {
			return segs
		}
	}
	return clusterSegments(res)
}
