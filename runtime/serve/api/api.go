// Package api is segc serve's HTTP API: JSON handlers over the served
// state, bearer-token authentication for writes, body and batch caps,
// per-handler timeouts and request metrics. docs/openapi.yaml documents it.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/explain"
	"github.com/segc/segc/runtime/serve/ingest"
	"github.com/segc/segc/runtime/serve/membership"
	"github.com/segc/segc/runtime/serve/metrics"
)

// State is what the API serves: one plan and the membership it produced,
// swapped as a whole.
type State struct {
	Plan    *plan.Plan
	Files   []string
	Members *membership.Set
	Schemas map[string]*ingest.Schema // by event log name
	// Through is how many accepted event batches the membership reflects.
	Through int64
}

// ReloadOutcome is the result of a reload request.
type ReloadOutcome struct {
	Result   string   `json:"result"` // "ok", "unchanged" or "error"
	PlanHash string   `json:"plan_hash"`
	Error    string   `json:"error,omitempty"`
	Files    []string `json:"files,omitempty"`
}

// Backend is the service behind the API.
type Backend interface {
	// State returns the served state, nil before the first evaluation.
	State() *State
	// Insert commits a validated batch; an *ingest.ConflictError rejects it.
	Insert(ctx context.Context, s *ingest.Schema, events []ingest.Event) (ingest.Result, error)
	// Reload recompiles the module and, when it changed, evaluates and
	// swaps it in. It returns ctx's error when it has not finished in time.
	Reload(ctx context.Context) (ReloadOutcome, error)
	// Health describes the service.
	Health() Health
}

// Health is the detail of /healthz and /readyz.
type Health struct {
	Status     string   `json:"status"` // "ok", or "degraded" when the latest reload or evaluation failed
	Ready      bool     `json:"ready"`
	PlanHash   string   `json:"plan_hash,omitempty"`
	Files      []string `json:"files,omitempty"`
	AsOf       string   `json:"as_of,omitempty"`
	RunID      int64    `json:"run_id,omitempty"`
	Evaluating bool     `json:"evaluating"`
	// PendingBatches counts accepted event batches the served membership
	// does not reflect yet (a re-evaluation is scheduled or running).
	PendingBatches int64    `json:"pending_batches"`
	StartedAt      string   `json:"started_at"`
	LastReload     *Attempt `json:"last_reload,omitempty"`
	LastEvaluation *Attempt `json:"last_evaluation,omitempty"`
}

// Attempt is the outcome of the latest reload or evaluation.
type Attempt struct {
	At     string `json:"at"`
	Reason string `json:"reason,omitempty"`
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
}

// Options configure the handler.
type Options struct {
	// Token is the bearer token write endpoints require; empty disables
	// them (403).
	Token    string
	MaxBody  int64         // bytes per request body
	MaxBatch int           // events per POST /v1/events
	Timeout  time.Duration // per handler
	Metrics  *metrics.Metrics
	Logger   *slog.Logger
	// Explain explains one entity's membership of one stored segment for
	// GET /v1/explain/{segment}/{id}; nil answers 501.
	Explain Explainer
}

// Explainer explains why key is or is not a member of segment in the
// served state. ErrBusy means too many explanations are running.
type Explainer func(ctx context.Context, st *State, segment string, key any) (*explain.Explanation, error)

// Defaults for zero Options fields.
const (
	DefaultMaxBody  = 8 << 20
	DefaultMaxBatch = 10000
	DefaultTimeout  = 10 * time.Second
	DefaultLimit    = 100
	MaxLimit        = 10000
)

func (o *Options) fill() {
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = DefaultMaxBatch
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// handler carries the backend and options to every route.
type handler struct {
	b     Backend
	opts  Options
	roles roleCache
	asOf  asOfCache
	bufs  sync.Pool // *[]byte response buffers
	// contentType is the Content-Type value of writeBody's answers,
	// shared by them (net/http never modifies header values).
	contentType []string
}

// NewHandler returns the API's routes.
func NewHandler(b Backend, opts Options) http.Handler {
	opts.fill()
	h := &handler{b: b, opts: opts, contentType: []string{"application/json"}}
	mux := http.NewServeMux()
	h.route(mux, "GET", "/v1/entities/{id}", "entity", inMemory, h.entity)
	h.route(mux, "GET", "/v1/segments", "segments", inMemory, h.segments)
	h.route(mux, "GET", "/v1/segments/{name}/members", "members", inMemory, h.members)
	h.route(mux, "POST", "/v1/events", "events", ingestion, h.events)
	h.route(mux, "GET", "/v1/explain/{segment}/{id}", "explain", read, h.explain)
	h.route(mux, "POST", "/v1/reload", "reload", write, h.reload)
	h.route(mux, "GET", "/healthz", "healthz", read, h.healthz)
	h.route(mux, "GET", "/readyz", "readyz", read, h.readyz)
	h.route(mux, "GET", "/metrics", "metrics", read, opts.Metrics.Handler().ServeHTTP)
	mux.Handle("/", h.instrument("unknown", http.HandlerFunc(notFound)))
	return mux
}

// access says what a route does, which decides its wrappers.
type access int

const (
	// read routes run under http.TimeoutHandler.
	read access = iota
	// write routes also need the bearer token.
	write
	// inMemory routes answer from the served state alone: no I/O but
	// the response, no locks, work bounded by the state's size and the
	// request's limit. They skip http.TimeoutHandler (a goroutine, a
	// timer and a buffered copy of the answer per request, a large part
	// of a lookup's cost); the server's write timeout bounds sending
	// the answer.
	inMemory
	// ingestion is a write route that skips http.TimeoutHandler: once
	// a batch's group is taken it is committed, and its answer must
	// say so, not "retry later". The handler bounds the wait before
	// that itself (see events).
	ingestion
)

// route registers method+pattern, and a JSON 405 for other methods.
func (h *handler) route(mux *http.ServeMux, method, pattern, name string, a access, f http.HandlerFunc) {
	var next http.Handler = f
	if a == write || a == ingestion {
		next = h.authorize(next)
	}
	if a == read || a == write {
		next = http.TimeoutHandler(next, h.opts.Timeout, timeoutBody(h.opts.Timeout))
	}
	mux.Handle(method+" "+pattern, h.instrument(name, next))
	mux.Handle(pattern, h.instrument(name, methodNotAllowed(method)))
}
