package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// instrument counts requests by route and status and observes latency.
// The counters of the usual statuses are resolved once per route, not
// per request.
func (h *handler) instrument(route string, next http.Handler) http.Handler {
	latency := h.opts.Metrics.Latency.WithLabelValues(route)
	common := [...]int{http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusServiceUnavailable}
	var counters [len(common)]prometheus.Counter
	for i, code := range common {
		counters[i] = h.opts.Metrics.Requests.WithLabelValues(route, strconv.Itoa(code))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := statusRecorder{ResponseWriter: w}
		next.ServeHTTP(&rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		latency.Observe(time.Since(start).Seconds())
		for i, code := range common {
			if code == rec.status {
				counters[i].Inc()
				return
			}
		}
		h.opts.Metrics.Requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
	})
}

// authorize requires "Authorization: Bearer <token>", compared in
// constant time (over SHA-256 digests, so the length does not leak).
func (h *handler) authorize(next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(h.opts.Token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.opts.Token == "" {
			writeError(w, http.StatusForbidden, "write endpoints are disabled: start segc serve with --token-file")
			return
		}
		given, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="segc"`)
			writeError(w, http.StatusUnauthorized, "missing bearer token: send 'Authorization: Bearer <token>'")
			return
		}
		got := sha256.Sum256([]byte(given))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="segc", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "invalid bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer extracts the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
