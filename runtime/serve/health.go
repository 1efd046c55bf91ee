package serve

import (
	"sync"
	"time"

	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/store"
)

// healthState is what /healthz reports beyond the served state.
type healthState struct {
	mu         sync.Mutex
	startedAt  time.Time
	evaluating bool
	lastReload *api.Attempt
	lastEval   *api.Attempt
}

func (s *Server) setEvaluating(on bool) {
	s.health.mu.Lock()
	s.health.evaluating = on
	s.health.mu.Unlock()
}

// recordReload notes a reload's outcome; msg "" is success.
func (s *Server) recordReload(reason, msg string) {
	s.health.mu.Lock()
	s.health.lastReload = &api.Attempt{At: store.FormatTime(time.Now()), Reason: reason, OK: msg == "", Error: msg}
	s.health.mu.Unlock()
	s.publishErrors()
}

// recordEval notes an evaluation's outcome.
func (s *Server) recordEval(reason string, err error) {
	a := &api.Attempt{At: store.FormatTime(time.Now()), Reason: reason, OK: err == nil}
	if err != nil {
		a.Error = err.Error()
	}
	s.metrics.Evaluations.WithLabelValues(reason, map[bool]string{true: "ok", false: "error"}[err == nil]).Inc()
	s.health.mu.Lock()
	s.health.lastEval = a
	s.health.mu.Unlock()
	s.publishErrors()
}

// publishErrors mirrors the latest failures into /metrics.
func (s *Server) publishErrors() {
	s.health.mu.Lock()
	failing, msg := 0.0, ""
	if r := s.health.lastReload; r != nil && !r.OK {
		failing, msg = 1, r.Error
	}
	if e := s.health.lastEval; msg == "" && e != nil && !e.OK {
		msg = e.Error
	}
	s.health.mu.Unlock()
	s.metrics.ReloadFailing.Set(failing)
	s.metrics.SetLastError(msg)
}

// Health implements api.Backend.
func (s *Server) Health() api.Health {
	s.health.mu.Lock()
	h := api.Health{Status: "ok", StartedAt: store.FormatTime(s.health.startedAt), Evaluating: s.health.evaluating,
		LastReload: s.health.lastReload, LastEvaluation: s.health.lastEval}
	s.health.mu.Unlock()
	if (h.LastReload != nil && !h.LastReload.OK) || (h.LastEvaluation != nil && !h.LastEvaluation.OK) {
		h.Status = "degraded"
	}
	if st := s.state.Load(); st != nil {
		h.Ready, h.PlanHash, h.Files = true, st.Plan.Hash, st.Files
		h.AsOf, h.RunID = store.FormatTime(st.Members.AsOf), st.Members.RunID
		h.PendingBatches = s.accepted.Load() - s.evaluated.Load()
	}
	return h
}
