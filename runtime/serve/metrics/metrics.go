// Package metrics holds segc serve's Prometheus metrics, in a registry of
// its own (no global state), and the /metrics handler.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's instruments.
type Metrics struct {
	reg *prometheus.Registry

	Requests       *prometheus.CounterVec   // route, code
	Latency        *prometheus.HistogramVec // route
	EventsIngested *prometheus.CounterVec   // log
	EventsDup      *prometheus.CounterVec   // log
	BatchesReject  *prometheus.CounterVec   // reason
	Reloads        *prometheus.CounterVec   // result: ok, error, unchanged
	ReloadFailing  prometheus.Gauge         // 1 while the latest reload failed
	LastError      *prometheus.GaugeVec     // error: the latest reload or evaluation error text
	LastReloadOK   prometheus.Gauge         // unix time of the latest good reload
	Evaluations    *prometheus.CounterVec   // reason, result
	EvalDuration   prometheus.Histogram
	PlanInfo       *prometheus.GaugeVec // hash
	SegmentSize    *prometheus.GaugeVec // segment
	MembershipAsOf prometheus.Gauge     // unix as-of of the served membership
}

// New registers every metric in a new registry, with Go and process
// collectors.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.Requests = counterVec(m.reg, "segc_serve_http_requests_total", "HTTP requests by route and status code.", "route", "code")
	m.Latency = histogramVec(m.reg, "segc_serve_http_request_duration_seconds", "HTTP request latency by route.", "route")
	m.EventsIngested = counterVec(m.reg, "segc_serve_events_ingested_total", "Events committed to an event log.", "log")
	m.EventsDup = counterVec(m.reg, "segc_serve_events_duplicate_total", "Resent events (same id and payload) ignored.", "log")
	m.BatchesReject = counterVec(m.reg, "segc_serve_event_batches_rejected_total", "Rejected event batches by reason.", "reason")
	m.Reloads = counterVec(m.reg, "segc_serve_reloads_total", "Reload attempts by result (ok, error, unchanged).", "result")
	m.ReloadFailing = gauge(m.reg, "segc_serve_reload_failing", "1 when the latest reload failed and the previous plan is still serving, else 0.")
	m.LastError = gaugeVec(m.reg, "segc_serve_last_error_info", "The latest reload or evaluation error, as a label; absent when the latest attempt succeeded.", "error")
	m.LastReloadOK = gauge(m.reg, "segc_serve_last_reload_success_timestamp_seconds", "Unix time of the latest plan swap.")
	m.Evaluations = counterVec(m.reg, "segc_serve_evaluations_total", "Full evaluations by reason and result.", "reason", "result")
	m.EvalDuration = histogram(m.reg, "segc_serve_evaluation_duration_seconds", "Duration of full evaluations, including the store and the reload of membership.", prometheus.ExponentialBuckets(0.01, 2, 14))
	m.PlanInfo = gaugeVec(m.reg, "segc_serve_plan_info", "1 for the plan hash being served.", "hash")
	m.SegmentSize = gaugeVec(m.reg, "segc_serve_segment_members", "Members of each stored segment in the served membership.", "segment")
	m.MembershipAsOf = gauge(m.reg, "segc_serve_membership_as_of_timestamp_seconds", "Unix as-of of the served membership: time since it is its age.")
	return m
}

// WatchPending exports pending() as segc_serve_pending_batches: accepted
// event batches the served membership does not reflect yet.
func (m *Metrics) WatchPending(pending func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "segc_serve_pending_batches",
		Help: "Accepted event batches the served membership does not reflect yet."}, pending))
}

// WatchFold exports the per-entity fold's counters (runtime.EntityFold):
// rows folded above its mark, entities re-read from all their events,
// entities of accepted events skipped as quiet, and entities of accepted
// events evaluated with only the steps their events can change.
func (m *Metrics) WatchFold(rows, reread, quiet, pruned func() float64) {
	for _, c := range []struct {
		name, help string
		f          func() float64
	}{
		{"segc_serve_fold_rows_total", "Event rows folded into the kept per-entity aggregate state.", rows},
		{"segc_serve_fold_reread_entities_total", "Entities whose events per-entity evaluations re-read in full (new to the fold, or a window no tail covers moved).", reread},
		{"segc_serve_quiet_entities_total", "Entities of accepted events not evaluated: no aggregate they depend on changed.", quiet},
		{"segc_serve_pruned_entities_total", "Entities of accepted events evaluated with only the steps their events' logs (and, when due, the instant) can change.", pruned},
	} {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: c.name, Help: c.help}, c.f))
	}
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func counterVec(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	reg.MustRegister(c)
	return c
}

func gaugeVec(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	reg.MustRegister(g)
	return g
}

func gauge(reg *prometheus.Registry, name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	reg.MustRegister(g)
	return g
}

func histogramVec(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help,
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, labels)
	reg.MustRegister(h)
	return h
}

func histogram(reg *prometheus.Registry, name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	reg.MustRegister(h)
	return h
}

// SetLastError shows err as the only segc_serve_last_error_info series,
// or none when err is "".
func (m *Metrics) SetLastError(err string) {
	m.LastError.Reset()
	if err != "" {
		if len(err) > 512 {
			err = err[:512] + "..."
		}
		m.LastError.WithLabelValues(err).Set(1)
	}
}

// SetPlan shows hash as the served plan.
func (m *Metrics) SetPlan(hash string) {
	m.PlanInfo.Reset()
	m.PlanInfo.WithLabelValues(hash).Set(1)
}
