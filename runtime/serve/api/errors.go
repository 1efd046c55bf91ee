package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/segc/segc/runtime/serve/ingest"
)

// errorBody is every error response: {"error": {...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Status  int                 `json:"status"`
	Message string              `json:"message"`
	Details []ingest.FieldError `json:"details,omitempty"`
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeBody writes the JSON that appendBody appends, through a pooled
// buffer, with its Content-Length.
func (h *handler) writeBody(w http.ResponseWriter, status int, appendBody func([]byte) []byte) {
	bp, _ := h.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b := appendBody((*bp)[:0])
	hdr := w.Header()
	hdr["Content-Type"] = h.contentType
	hdr["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	w.Write(b)
	if cap(b) <= 64<<10 {
		*bp = b
		h.bufs.Put(bp)
	}
}

// writeError writes a JSON error that says what is wrong.
func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, errorBody{Error: errorDetail{Status: status, Message: fmt.Sprintf(format, args...)}})
}

// writeFieldErrors writes a JSON error listing each bad field.
func writeFieldErrors(w http.ResponseWriter, status int, msg string, details []ingest.FieldError) {
	writeJSON(w, status, errorBody{Error: errorDetail{Status: status, Message: msg, Details: details}})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "no such endpoint: %s %s (see docs/openapi.yaml)", r.Method, r.URL.Path)
}

func methodNotAllowed(allowed string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allowed)
		writeError(w, http.StatusMethodNotAllowed, "%s is not allowed on %s: use %s", r.Method, r.URL.Path, allowed)
	}
}

// timeoutBody is the JSON body http.TimeoutHandler sends.
func timeoutBody(d time.Duration) string {
	b, _ := json.Marshal(errorBody{Error: errorDetail{Status: http.StatusServiceUnavailable,
		Message: fmt.Sprintf("the request did not finish within the handler timeout of %s; retry later", d)}})
	return string(b)
}

// notReady answers data endpoints before the first evaluation.
func notReady(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "5")
	writeError(w, http.StatusServiceUnavailable, "not ready: the first evaluation has not finished yet (see /readyz)")
}
