package runtime

import (
	"sync"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// stream runs an evaluation's steps on their own goroutine while the
// caller stores the outcome (Options.StreamSteps): each segment is handed
// over as soon as its step has run.
type stream struct {
	at    []int           // each plan segment's position in Outcome.Segments
	ready []chan struct{} // by Outcome.Segments position, closed when filled
	all   *background
	took  time.Duration
	once  sync.Once
	err   error
}

// canStream reports whether a plan's steps can run while the store
// writes: only features, thresholds and segments (lifecycles, triggers
// and clusters read stored state or add segments as they go).
func canStream(p *plan.Plan) bool {
	return len(p.Lifecycles) == 0 && len(p.Triggers) == 0 && len(p.Clusters) == 0 && len(p.Segments) > 0
}

// startStream lays out the Outcome's segments as pending placeholders,
// in collect's order, and runs the steps on a new goroutine.
func (r *run) startStream() {
	s := &stream{}
	out := r.ev.Outcome
	for _, seg := range r.p.Segments {
		s.at = append(s.at, len(out.Segments))
		out.Segments = append(out.Segments, store.SegmentMembers{Name: seg.Name, Pending: true})
		if seg.Holdout > 0 {
			out.Segments = append(out.Segments, store.SegmentMembers{Name: seg.Name + ".holdout", Pending: true})
		}
	}
	for range out.Segments {
		s.ready = append(s.ready, make(chan struct{}))
	}
	r.ev.stream = s
	out.WaitSegment, out.Later = r.ev.waitSegment, r.ev.Wait
	s.all = inBackground(func() error {
		start := time.Now()
		defer func() { s.took = time.Since(start) }()
		if err := r.steps(); err != nil {
			return wrap(err, plan.Loc{})
		}
		r.sortThresholds()
		return nil
	})
}

// publish fills in segment seg's placeholders once its step has run.
func (s *stream) publish(ev *Evaluation, seg *plan.Segment) {
	i := s.at[seg.Index]
	ev.Outcome.Segments[i].Members = indexes(ev.Members[seg.Index])
	close(s.ready[i])
	if seg.Holdout > 0 {
		ev.Outcome.Segments[i+1].Members = indexes(ev.Holdouts[seg.Index])
		close(s.ready[i+1])
	}
}

// waitSegment blocks until the segment at position i of Outcome.Segments
// is filled in, or the steps failed.
func (e *Evaluation) waitSegment(i int) error {
	s := e.stream
	select {
	case <-s.ready[i]:
		return nil
	case <-s.all.done:
		if s.all.err != nil {
			return s.all.err
		}
		<-s.ready[i] // every segment is published before the steps end
		return nil
	}
}

// join waits for the streamed steps and records their time.
func (s *stream) join(e *Evaluation) error {
	s.once.Do(func() {
		<-s.all.done
		s.err = s.all.err
		if s.err == nil {
			e.Timings = append(e.Timings, StageTiming{Stage: "evaluate steps (during the store)", Duration: s.took})
		}
	})
	return s.err
}
