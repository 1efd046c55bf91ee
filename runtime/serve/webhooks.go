package serve

import (
	"context"
	"net/http"
	"time"

	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/store"
)

// Webhooks configures enter/exit webhooks (segc serve --webhooks FILE).
type Webhooks struct {
	Destinations []outbox.Destination
	// Poll is how often the delivery worker looks for due retries when no
	// evaluation wakes it (default 1s).
	Poll time.Duration
	// Seed fixes the backoff jitter (tests); 0 seeds from the clock.
	Seed   uint64
	Client *http.Client // default outbox.NewClient()
}

// newOutbox builds the delivery worker, or nil without destinations.
func (s *Server) newOutbox() *outbox.Worker {
	wh := s.cfg.Webhooks
	if len(wh.Destinations) == 0 {
		return nil
	}
	return outbox.NewWorker(s.evalDB, wh.Destinations, outbox.Options{Poll: wh.Poll, Seed: wh.Seed,
		Client: wh.Client, Logger: s.log, Observer: s.metrics.RegisterWebhooks()})
}

// outboxHook fills segc_outbox inside each evaluation's commit; nil
// without destinations.
func (s *Server) outboxHook() store.InTx {
	if s.outbox == nil {
		return nil
	}
	return outbox.Hook(s.cfg.Webhooks.Destinations, time.Now)
}

// notifyOutbox wakes the worker after a commit.
func (s *Server) notifyOutbox() {
	if s.outbox != nil {
		s.outbox.Notify()
	}
}

// runOutbox starts the delivery worker and returns a function that waits
// for it to stop (after ctx is done).
func (s *Server) runOutbox(ctx context.Context) (wait func()) {
	if s.outbox == nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.outbox.Run(ctx); err != nil {
			s.log.Error("webhook delivery is not running", "error", err)
		}
	}()
	return func() { <-done }
}
