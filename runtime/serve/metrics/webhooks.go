package metrics

import "github.com/prometheus/client_golang/prometheus"

// Webhooks are the outbox delivery instruments; they implement
// outbox.Observer.
type Webhooks struct {
	delivered *prometheus.CounterVec // destination
	failed    *prometheus.CounterVec // destination
	gaveUp    *prometheus.CounterVec // destination
	backlog   *prometheus.GaugeVec   // destination
}

// RegisterWebhooks adds the webhook metrics to m's registry; call it once,
// when serve has destinations.
func (m *Metrics) RegisterWebhooks() *Webhooks {
	return &Webhooks{
		delivered: counterVec(m.reg, "segc_serve_webhook_delivered_total", "Enter/exit changes delivered (answered 2xx) by destination.", "destination"),
		failed:    counterVec(m.reg, "segc_serve_webhook_failed_attempts_total", "Failed delivery attempts (error, timeout or non-2xx) by destination.", "destination"),
		gaveUp:    counterVec(m.reg, "segc_serve_webhook_given_up_total", "Changes given up after max_attempts failed attempts, by destination.", "destination"),
		backlog:   gaugeVec(m.reg, "segc_serve_webhook_backlog", "Outbox rows not yet delivered nor given up, by destination.", "destination"),
	}
}

// Delivered counts one delivered change.
func (w *Webhooks) Delivered(dest string) { w.delivered.WithLabelValues(dest).Inc() }

// Failed counts one failed attempt.
func (w *Webhooks) Failed(dest string) { w.failed.WithLabelValues(dest).Inc() }

// GaveUp counts one change given up.
func (w *Webhooks) GaveUp(dest string) { w.gaveUp.WithLabelValues(dest).Inc() }

// Backlog sets the destination's pending rows.
func (w *Webhooks) Backlog(dest string, pending int) {
	w.backlog.WithLabelValues(dest).Set(float64(pending))
}
