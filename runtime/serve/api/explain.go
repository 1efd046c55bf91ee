package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/segc/segc/runtime/explain"
	"github.com/segc/segc/runtime/serve/membership"
)

// ErrBusy is returned by an Explainer when its concurrency limit is
// reached.
var ErrBusy = errors.New("too many explanations are running")

// explain answers why an entity is or is not a member of a segment, as
// runtime/explain's JSON (or its plain text with ?format=text).
func (h *handler) explain(w http.ResponseWriter, r *http.Request) {
	if h.opts.Explain == nil {
		writeError(w, http.StatusNotImplemented, "explain is not available in this server; use 'segc explain --db DB --entity ID --segment NAME PATH'")
		return
	}
	st := h.b.State()
	if st == nil {
		notReady(w)
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "text" {
		writeError(w, http.StatusBadRequest, "format %q: use json or text", truncate(format))
		return
	}
	name := r.PathValue("segment")
	if _, ok := st.Members.Segment(name); !ok {
		writeError(w, http.StatusNotFound, "no stored segment %q%s", truncate(name), didYouMean(name, st.Members.Names()))
		return
	}
	key, err := membership.ParseKey(st.Plan.KeyType, r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	x, err := h.opts.Explain(r.Context(), st, name, key)
	if err != nil {
		h.explainError(w, err)
		return
	}
	if format == "text" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		explain.WriteText(w, x)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	explain.WriteJSON(w, x)
}

// explainError maps explain's errors to statuses.
func (h *handler) explainError(w http.ResponseWriter, err error) {
	var noEntity *explain.NoEntityError
	var noSegment *explain.UnknownSegmentError
	switch {
	case errors.Is(err, ErrBusy):
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "%v: retry shortly", err)
	case errors.As(err, &noEntity), errors.As(err, &noSegment):
		writeError(w, http.StatusNotFound, "%v", err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "the explanation did not finish in time: %v", err)
	default:
		h.opts.Logger.Error("explain failed", "error", err)
		writeError(w, http.StatusInternalServerError, "explain failed: %v", err)
	}
}
