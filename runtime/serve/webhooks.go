package serve

import (
	"context"
	"net/http"
	"os"
	"reflect"
	"sync"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/serve/metrics"
	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/store"
)

// Webhooks configures enter/exit webhooks. Destinations come from
// `segc serve --webhooks FILE`; the served plan's destination
// declarations are added to them (a name in both is an error).
type Webhooks struct {
	Destinations []outbox.Destination
	// Poll is how often the delivery worker looks for due retries when no
	// evaluation wakes it (default 1s).
	Poll time.Duration
	// Seed fixes the backoff jitter (tests); 0 seeds from the clock.
	Seed   uint64
	Client *http.Client // default outbox.NewClient()
	// Retention is how long delivered and given-up outbox rows are kept
	// (0: outbox.DefaultRetention, a week; negative: forever).
	Retention time.Duration
	// Getenv reads secret_env variables (default os.Getenv).
	Getenv func(string) string
}

// deliveries holds the active destinations and the worker delivering
// them. A plan's destinations are resolved (secrets read) before its
// first evaluation (prepare), so that evaluation fills the outbox for
// them, and become active when the plan is swapped in (activate), which
// restarts the worker when they changed. Start and Run's goroutine
// change it; evaluations read it.
type deliveries struct {
	mu       sync.Mutex
	served   []outbox.Destination // of the served plan
	nextPlan *plan.Plan           // the plan prepare resolved last
	next     []outbox.Destination
	runCtx   context.Context // Run's, once it runs; workers start under it
	worker   *outbox.Worker
	stop     context.CancelFunc
	done     chan struct{}
	observer *metrics.Webhooks // registered with the first worker
}

// prepareDestinations resolves p's destinations merged with the file's:
// a secret_env that is unset, or a name in both, is an error, and the
// plan is not activated.
func (s *Server) prepareDestinations(p *plan.Plan) error {
	getenv := s.cfg.Webhooks.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	declared, err := outbox.FromPlan(p, getenv)
	if err != nil {
		return err
	}
	all, err := outbox.Merge(s.cfg.Webhooks.Destinations, declared)
	if err != nil {
		return err
	}
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextPlan, h.next = p, all
	return nil
}

// activateDestinations makes the destinations prepared for the served
// plan active, restarting the worker when they changed.
func (s *Server) activateDestinations() {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.nextPlan != s.state.Load().Plan {
		return
	}
	if reflect.DeepEqual(h.served, h.next) && (h.worker != nil || h.runCtx == nil) {
		return
	}
	h.served = h.next
	s.restartWorkerLocked()
}

// restartWorkerLocked stops the running worker (its in-flight requests
// are cancelled and stay pending) and, once Run runs and there are
// destinations, starts one for the served set, which first catches up
// (catchUpOutbox).
func (s *Server) restartWorkerLocked() {
	h := &s.hooks
	if h.worker != nil {
		h.stop()
		<-h.done
		h.worker = nil
	}
	if h.runCtx == nil || len(h.served) == 0 {
		return
	}
	if h.observer == nil {
		h.observer = s.metrics.RegisterWebhooks()
	}
	wh := s.cfg.Webhooks
	w := outbox.NewWorker(s.evalDB, h.served, outbox.Options{Poll: wh.Poll, Seed: wh.Seed,
		Client: wh.Client, Logger: s.log, Observer: h.observer, Retention: wh.Retention})
	ctx, stop := context.WithCancel(h.runCtx)
	done := make(chan struct{})
	dests := h.served
	go func() {
		defer close(done)
		s.catchUpOutbox(ctx, dests)
		if err := w.Run(ctx); err != nil {
			s.log.Error("webhook delivery is not running", "error", err)
		}
	}()
	h.worker, h.stop, h.done = w, stop, done
	w.Notify()
}

// outboxHook fills segc_outbox inside an evaluation of the served plan;
// nil without destinations.
func (s *Server) outboxHook() store.InTx {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	return hookFor(h.served)
}

// outboxHookFor is outboxHook for an evaluation of p, which may be the
// plan a reload prepared and has not swapped in yet.
func (s *Server) outboxHookFor(p *plan.Plan) store.InTx {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if p == h.nextPlan {
		return hookFor(h.next)
	}
	return hookFor(h.served)
}

func hookFor(dests []outbox.Destination) store.InTx {
	if len(dests) == 0 {
		return nil
	}
	return outbox.Hook(dests, time.Now)
}

// notifyOutbox wakes the worker after a commit.
func (s *Server) notifyOutbox() {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.worker != nil {
		h.worker.Notify()
	}
}

// runOutbox starts delivering the served destinations under ctx and
// returns a function that waits for the worker to stop (after ctx is
// done).
func (s *Server) runOutbox(ctx context.Context) (wait func()) {
	h := &s.hooks
	h.mu.Lock()
	h.runCtx = ctx
	s.restartWorkerLocked()
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.worker != nil {
			<-h.done
		}
	}
}

// catchUpOutbox enqueues the runs committed after each destination's
// mark: runs of `segc run` or `segc backfill` that did not know a
// --webhooks file destination, and per-entity commits made between a
// reload's evaluation and the swap of its destinations. Evaluations
// catch up too (the hook starts at the mark), so this is usually a
// no-op; a failure is logged and the next hooked commit retries it.
func (s *Server) catchUpOutbox(ctx context.Context, dests []outbox.Destination) {
	queued, err := outbox.CatchUp(ctx, s.evalDB, dests, time.Now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("catching up the webhook outbox failed; the next evaluation retries", "error", err)
		}
		return
	}
	for _, q := range queued {
		if q.Rows > 0 || q.First {
			s.log.Info("webhook outbox caught up", "destination", q.Destination, "rows", q.Rows, "runs", q.Runs, "first_seen", q.First)
		}
	}
}
