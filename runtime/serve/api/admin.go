package api

import (
	"context"
	"errors"
	"net/http"
)

// reload recompiles the module and waits for the outcome, up to the
// handler timeout less a margin; a reload still running then gets 202.
func (h *handler) reload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout*8/10)
	defer cancel()
	out, err := h.b.Reload(ctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		writeJSON(w, http.StatusAccepted, ReloadOutcome{Result: "pending", Error: "the reload is still running; watch /healthz"})
	case err != nil:
		writeError(w, http.StatusServiceUnavailable, "reload: %v", err)
	case out.Result == "error":
		writeJSON(w, http.StatusUnprocessableEntity, out)
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

// healthz is 200 while the process serves, with detail.
func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, h.b.Health())
}

// readyz is 200 once a membership is being served, else 503.
func (h *handler) readyz(w http.ResponseWriter, r *http.Request) {
	hl := h.b.Health()
	if !hl.Ready {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, hl)
		return
	}
	writeJSON(w, http.StatusOK, hl)
}
