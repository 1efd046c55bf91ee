package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/segc/segc/runtime/serve/ingest"
)

// eventsRequest is the body of POST /v1/events. Log names the declared
// event log; it may be left out when the module declares exactly one.
type eventsRequest struct {
	Log    string           `json:"log"`
	Events []map[string]any `json:"events"`
}

type eventsResponse struct {
	Log string `json:"log"`
	ingest.Result
}

// events validates a batch, commits it whole, and answers after the commit.
func (h *handler) events(w http.ResponseWriter, r *http.Request) {
	st := h.b.State()
	if st == nil {
		notReady(w)
		return
	}
	req, status, err := h.readEvents(w, r)
	if err != nil {
		h.reject(w, status, "body", "%v", err)
		return
	}
	schema, err := pickLog(st, req.Log)
	if err != nil {
		h.reject(w, http.StatusBadRequest, "log", "%v", err)
		return
	}
	evs, bad := schema.Decode(req.Events)
	if len(bad) > 0 {
		h.opts.Metrics.BatchesReject.WithLabelValues("invalid").Inc()
		writeFieldErrors(w, http.StatusUnprocessableEntity, fmt.Sprintf("the batch was rejected whole: %d problem(s) in its events; nothing was stored", len(bad)), bad)
		return
	}
	// The deadline bounds the wait for the writer only: a batch whose
	// group was taken is committed and answered whatever the time.
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	res, err := h.b.Insert(ctx, schema, evs)
	var conflict *ingest.ConflictError
	switch {
	case errors.As(err, &conflict):
		h.opts.Metrics.BatchesReject.WithLabelValues("conflict").Inc()
		writeFieldErrors(w, http.StatusConflict, "the batch was rejected whole: some event ids are already stored with a different payload; nothing was stored", conflict.Conflicts)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		w.Header().Set("Retry-After", "1")
		h.reject(w, http.StatusServiceUnavailable, "timeout", "the batch waited for the event writer longer than the timeout of %s and was not stored; retry it", h.opts.Timeout)
	case errors.Is(err, ingest.ErrBusy):
		h.opts.Logger.Warn("ingestion found the database busy", "log", schema.Log.Name, "error", err)
		w.Header().Set("Retry-After", "1")
		h.reject(w, http.StatusServiceUnavailable, "busy", "the database is busy (another connection held its write lock longer than the busy timeout); nothing of the batch was stored: retry it")
	case err != nil:
		h.opts.Logger.Error("ingestion failed", "log", schema.Log.Name, "error", err)
		h.reject(w, http.StatusServiceUnavailable, "storage", "the batch could not be stored, nothing was committed: %v; retry it", err)
	default:
		h.opts.Metrics.EventsIngested.WithLabelValues(schema.Log.Name).Add(float64(res.Inserted))
		h.opts.Metrics.EventsDup.WithLabelValues(schema.Log.Name).Add(float64(res.Duplicates))
		writeJSON(w, http.StatusOK, eventsResponse{Log: schema.Log.Name, Result: res})
	}
}

func (h *handler) reject(w http.ResponseWriter, status int, reason, format string, args ...any) {
	h.opts.Metrics.BatchesReject.WithLabelValues(reason).Inc()
	writeError(w, status, format, args...)
}

// readEvents decodes the body within the size and batch caps.
func (h *handler) readEvents(w http.ResponseWriter, r *http.Request) (*eventsRequest, int, error) {
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/") {
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %q is not supported: send the batch as JSON", truncate(ct))
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.opts.MaxBody))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var req eventsRequest
	if err := dec.Decode(&req); err != nil {
		return nil, bodyStatus(err), bodyError(err, h.opts.MaxBody)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, http.StatusBadRequest, fmt.Errorf("the body must hold one JSON object, {\"events\": [...]}, and nothing after it")
	}
	switch {
	case req.Events == nil:
		return nil, http.StatusBadRequest, fmt.Errorf("the body has no \"events\" array: send {\"events\": [{...}, ...]}")
	case len(req.Events) == 0:
		return nil, http.StatusBadRequest, fmt.Errorf("the \"events\" array is empty")
	case len(req.Events) > h.opts.MaxBatch:
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("the batch has %d events; the limit is %d: split it", len(req.Events), h.opts.MaxBatch)
	}
	return &req, 0, nil
}

func bodyStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// bodyError explains a JSON decoding failure.
func bodyError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return fmt.Errorf("the body is larger than %d bytes: send smaller batches", limit)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("the body is empty: send {\"events\": [{...}, ...]}")
	case errors.As(err, &syntax):
		return fmt.Errorf("the body is not valid JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		return fmt.Errorf("field %q must be %s, not a JSON %s (each event is an object)", typ.Field, typ.Type, typ.Value)
	}
	return fmt.Errorf("cannot read the body: %v", err)
}

// pickLog finds the named log, or the only one.
func pickLog(st *State, name string) (*ingest.Schema, error) {
	if name != "" {
		if s, ok := st.Schemas[name]; ok {
			return s, nil
		}
		return nil, fmt.Errorf("the module declares no event log %q; it declares %s", truncate(name), logNames(st))
	}
	if len(st.Schemas) == 1 {
		for _, s := range st.Schemas {
			return s, nil
		}
	}
	if len(st.Schemas) == 0 {
		return nil, fmt.Errorf("the module declares no event log to ingest into")
	}
	return nil, fmt.Errorf("the module declares several event logs (%s): name one with \"log\"", logNames(st))
}

func logNames(st *State) string {
	var names []string
	for n := range st.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
