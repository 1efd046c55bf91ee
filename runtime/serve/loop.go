package serve

import (
	"context"
	"fmt"
	"time"

	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/serve/reload"
)

// Start compiles the module and evaluates it once, so that the server is
// ready when it returns. A module that does not compile, or an evaluation
// that fails, is an error: there is no last good version to fall back to.
func (s *Server) Start(ctx context.Context) error {
	if s.cfg.Watch {
		s.watch() // before compiling, so no edit after this compile is missed
	}
	c := s.cfg.Module.Compile()
	if c.Failed() {
		s.recordReload("start", c.Summary())
		return errNoPlan{summary: c.Summary()}
	}
	if err := s.prepareDestinations(c.Plan); err != nil {
		s.recordReload("start", err.Error())
		return fmt.Errorf("the webhook destinations cannot start: %w", err)
	}
	s.setEvaluating(true)
	st, err := s.evaluate(ctx, c.Plan, c.Files, nil)
	s.setEvaluating(false)
	if err != nil {
		s.recordEval("start", err)
		return fmt.Errorf("the first evaluation failed: %w", err)
	}
	s.swap(st)
	s.activateDestinations()
	s.evaluatedFull(st)
	s.recordReload("start", "")
	s.recordEval("start", nil)
	s.metrics.Reloads.WithLabelValues("ok").Inc()
	s.metrics.LastReloadOK.Set(float64(time.Now().Unix()))
	s.log.Info("serving", "plan", c.Plan.Hash, "as_of", st.Members.AsOf.Format(time.DateTime), "run", st.Members.RunID, "segments", len(st.Members.Segments))
	return nil
}

// Run owns evaluations and reloads until ctx is done: reload requests,
// debounced re-evaluation after ingestion (waiting Debounce, or as long as
// the previous one took if that is longer), and the --recompute schedule.
// Start must have succeeded.
func (s *Server) Run(ctx context.Context) {
	defer s.runOutbox(ctx)()
	if s.watcher != nil {
		go s.watcher.Run(ctx, func() { s.RequestReload("watch") }, func(err error) {
			s.log.Error("watching the module", "error", err)
		})
	}
	tick := make(<-chan time.Time)
	if s.cfg.Recompute > 0 {
		t := time.NewTicker(s.cfg.Recompute)
		defer t.Stop()
		tick = t.C
	}
	// due fires the scheduled event-driven evaluation; nil when none is
	// scheduled. It waits Debounce, or as long as the previous one took
	// (lastTook) if that is longer, so that under steady ingestion at most
	// about half the time goes to evaluating. Reloads are served meanwhile.
	var due <-chan time.Time
	var lastTook time.Duration
	timeTick := time.NewTicker(s.cfg.TimeTick)
	defer timeTick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case req := <-s.reloads:
			s.reload(ctx, req)
		case <-s.dirty:
			if due == nil {
				due = time.After(max(s.cfg.Debounce, lastTook))
			}
		case <-due:
			due = nil
			start := time.Now()
			s.refresh(ctx, "events")
			lastTook = time.Since(start)
		case <-tick:
			s.refresh(ctx, "schedule")
		case <-s.rt.signal:
			s.drainPending(ctx)
		case <-timeTick.C:
			s.fireDue(ctx)
		}
	}
}

// watch starts watching the module's directories; Run delivers the
// changes. A failure to watch is logged: SIGHUP and POST /v1/reload still
// reload.
func (s *Server) watch() {
	w, err := reload.NewWatcher(s.cfg.Module, s.cfg.WatchDebounce)
	if err != nil {
		s.log.Error("not watching the module; reload with SIGHUP or POST /v1/reload", "error", err)
		return
	}
	s.watcher = w
}

// refresh re-evaluates the served plan; a failure keeps the served
// membership.
func (s *Server) refresh(ctx context.Context, reason string) {
	cur := s.state.Load()
	s.setEvaluating(true)
	st, err := s.evaluate(ctx, cur.Plan, cur.Files, cur)
	s.setEvaluating(false)
	s.recordEval(reason, err)
	if err != nil {
		s.log.Error("evaluation failed; the previous membership keeps serving", "reason", reason, "error", err)
		return
	}
	s.swap(st)
	s.evaluatedFull(st)
	s.log.Info("evaluated", "reason", reason, "as_of", st.Members.AsOf.Format(time.DateTime), "run", st.Members.RunID)
}

// reload recompiles; a new plan is evaluated and then swapped in. Any
// failure keeps the last good plan serving.
func (s *Server) reload(ctx context.Context, req reloadRequest) {
	if req.full {
		s.refresh(ctx, req.reason)
		if req.done != nil {
			req.done <- api.ReloadOutcome{Result: "ok", PlanHash: s.state.Load().Plan.Hash}
		}
		return
	}
	out := s.doReload(ctx, req.reason)
	if req.done != nil {
		req.done <- out
	}
}

func (s *Server) doReload(ctx context.Context, reason string) api.ReloadOutcome {
	cur := s.state.Load()
	c := s.cfg.Module.Compile()
	if c.Failed() {
		return s.reloadFailed(reason, cur, c.Files, c.Summary())
	}
	if c.Plan.Hash == cur.Plan.Hash {
		s.recordReload(reason, "")
		s.metrics.Reloads.WithLabelValues("unchanged").Inc()
		return api.ReloadOutcome{Result: "unchanged", PlanHash: cur.Plan.Hash, Files: c.Files}
	}
	if err := s.prepareDestinations(c.Plan); err != nil {
		return s.reloadFailed(reason, cur, c.Files, "the new plan's webhook destinations: "+err.Error())
	}
	s.setEvaluating(true)
	st, err := s.evaluate(ctx, c.Plan, c.Files, nil)
	s.setEvaluating(false)
	if err != nil {
		return s.reloadFailed(reason, cur, c.Files, "the new plan failed to evaluate: "+err.Error())
	}
	s.swap(st)
	s.activateDestinations()
	s.evaluatedFull(st)
	s.recordReload(reason, "")
	s.recordEval("reload", nil)
	s.metrics.Reloads.WithLabelValues("ok").Inc()
	s.metrics.LastReloadOK.Set(float64(time.Now().Unix()))
	s.log.Info("reloaded", "reason", reason, "plan", c.Plan.Hash, "previous", cur.Plan.Hash, "as_of", st.Members.AsOf.Format(time.DateTime))
	return api.ReloadOutcome{Result: "ok", PlanHash: c.Plan.Hash, Files: c.Files}
}

func (s *Server) reloadFailed(reason string, cur *api.State, files []string, msg string) api.ReloadOutcome {
	s.recordReload(reason, msg)
	s.metrics.Reloads.WithLabelValues("error").Inc()
	s.log.Error("reload failed; the previous plan keeps serving", "reason", reason, "plan", cur.Plan.Hash, "error", msg)
	return api.ReloadOutcome{Result: "error", PlanHash: cur.Plan.Hash, Error: msg, Files: files}
}

// evaluatedFull reports a served full evaluation to Config.OnEvaluated.
func (s *Server) evaluatedFull(st *api.State) {
	if s.cfg.OnEvaluated != nil && s.rt.full != nil {
		s.cfg.OnEvaluated(st.Members.AsOf, s.rt.full.Outcome.Keys, st)
	}
}
