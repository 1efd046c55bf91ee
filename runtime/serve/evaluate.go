package serve

import (
	"context"
	"fmt"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/serve/ingest"
	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/store"
)

// evaluate runs a full batch evaluation of p at the clock's now, committed
// like `segc run` (segc_changes gets the enters and exits), and loads the
// state to serve. prev (may be nil) lends its ingestion schemas when the
// plan is the same.
func (s *Server) evaluate(ctx context.Context, p *plan.Plan, files []string, prev *api.State) (*api.State, error) {
	start := time.Now()
	through := s.accepted.Load()
	asOf := s.cfg.Now().UTC().Truncate(time.Second)
	res, diags, err := batch.Run(ctx, s.evalDB, p, builtins.Default(), batch.Options{AsOf: asOf,
		InTx: chainHooks(s.outboxHookFor(p), pathHook(p, asOf, prev == nil))})
	if err != nil {
		if len(diags) > 0 {
			return nil, fmt.Errorf("%s: %s", diags[0].Location(), diags[0].Message)
		}
		return nil, err
	}
	s.notifyOutbox()
	if len(p.Lifecycles) > 0 {
		s.prunePathAfter(ctx, asOf)
	}
	if s.rt.full == nil || s.rt.full.Plan != p || s.rt.deps == nil {
		s.rt.deps = plan.NewDeps(p)
	}
	s.rt.full = res.Evaluation
	s.rt.nextKnown, s.rt.noPrune = map[any]int64{}, false
	s.rt.fold = nil
	// A new fold reads every entity afresh: the ids noted for the old one
	// are moot, and dropping them bounds the map when nothing per-entity
	// drains it (FullOnly).
	s.rt.clearStored()
	if !s.cfg.NoFold {
		// A new fold per full evaluation: the plan may have changed,
		// and the fold must not outlive writes it cannot see.
		s.rt.fold = runtime.NewEntityFold(p)
		// Ingestion reports the ids it stores (realtime.noteStored),
		// so logs with an INTEGER PRIMARY KEY id fold too.
		s.rt.fold.ReportStored()
	}
	s.rt.evaluated.fullAt(asOf.Unix(), p, res.Evaluation.Outcome.Keys)
	if !s.cfg.FullOnly {
		s.rt.startSweep(res.Evaluation.Outcome.Keys)
	}
	set, err := membership.Load(ctx, s.evalDB, membership.Info{RunID: res.Summary.RunID, AsOf: asOf, Plan: p,
		Population: res.Evaluation.Outcome.Keys, Stored: storedNames(res.Evaluation.Outcome)})
	if err != nil {
		return nil, fmt.Errorf("loading the stored membership: %w", err)
	}
	schemas, err := s.schemas(ctx, p, prev)
	if err != nil {
		return nil, err
	}
	s.metrics.EvalDuration.Observe(time.Since(start).Seconds())
	return &api.State{Plan: p, Files: files, Members: set, Schemas: schemas, Through: through}, nil
}

func storedNames(out *store.Outcome) []string {
	names := make([]string, len(out.Segments))
	for i, seg := range out.Segments {
		names[i] = seg.Name
	}
	return names
}

// schemas builds the ingestion schema of every event log (indexing id
// columns for the idempotency lookup), or reuses prev's for the same plan.
func (s *Server) schemas(ctx context.Context, p *plan.Plan, prev *api.State) (map[string]*ingest.Schema, error) {
	if prev != nil && prev.Plan == p {
		return prev.Schemas, nil
	}
	out := map[string]*ingest.Schema{}
	for _, log := range p.Logs {
		if err := ingest.EnsureIDIndex(ctx, s.writeDB, log); err != nil {
			return nil, err
		}
		sch, err := ingest.NewSchema(ctx, s.evalDB, log)
		if err != nil {
			return nil, err
		}
		out[log.Name] = sch
	}
	return out, nil
}

// swap serves st and updates the metrics that describe it.
func (s *Server) swap(st *api.State) {
	prev := s.state.Swap(st)
	s.evaluated.Store(st.Through)
	s.metrics.SetPlan(st.Plan.Hash)
	s.metrics.MembershipAsOf.Set(float64(st.Members.AsOf.Unix()))
	same := prev != nil && prev.Plan == st.Plan && prev.Members != nil && len(prev.Members.Segments) == len(st.Members.Segments)
	if !same {
		s.metrics.SegmentSize.Reset()
	}
	for i, seg := range st.Members.Segments {
		// A per-entity evaluation changes few sizes: the others' gauges
		// already hold theirs.
		if same && prev.Members.Segments[i].Name == seg.Name && prev.Members.Segments[i].Size() == seg.Size() {
			continue
		}
		s.metrics.SegmentSize.WithLabelValues(seg.Name).Set(float64(seg.Size()))
	}
}
