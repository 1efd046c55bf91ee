// Package serve is segc serve: a long-running service that holds a
// compiled module, keeps its membership current as events arrive, time
// passes and definitions change, and answers over HTTP (package api).
//
// One goroutine (Run) owns every evaluation and reload, so they never
// overlap: an accepted event batch marks the membership dirty and a
// debounced full re-evaluation follows; --recompute re-evaluates on a
// schedule; a changed module is compiled off the request path, evaluated,
// and only then swapped in atomically. A module that fails to compile or
// evaluate leaves the last good plan serving.
package serve

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/explain"
	"github.com/segc/segc/runtime/serve/api"
	"github.com/segc/segc/runtime/serve/ingest"
	"github.com/segc/segc/runtime/serve/metrics"
	"github.com/segc/segc/runtime/serve/reload"
	"github.com/segc/segc/runtime/store"
)

// Config configures a Server.
type Config struct {
	DBPath string
	Module reload.Module
	// Sync is SQLite's synchronous level for the WAL: "normal" (a commit
	// survives the process being killed) or "full" (it survives power
	// loss too).
	Sync string
	// Token guards the write endpoints; "" disables them.
	Token string
	// Debounce is how long after an accepted batch the re-evaluation
	// starts (more batches in that time share it).
	Debounce time.Duration
	// WatchDebounce coalesces bursts of file events into one reload.
	WatchDebounce time.Duration
	// Recompute re-evaluates on this period; 0 never does.
	Recompute time.Duration
	// Watch turns the module directory watch on.
	Watch    bool
	MaxBody  int64
	MaxBatch int
	Timeout  time.Duration
	Logger   *slog.Logger
	// Now is the clock giving each evaluation's as-of (tests fix it).
	Now func() time.Time
	// Webhooks are the enter/exit destinations (webhooks.go).
	Webhooks Webhooks
	// FullOnly turns per-entity evaluation off: every accepted batch
	// then schedules a debounced full re-evaluation, as before.
	FullOnly bool
	// PathRetention is how far back a late event's lifecycle replay
	// reaches exactly: after each full evaluation, segc_state_path keeps
	// only what a replay from now minus PathRetention on needs, and an
	// older late event replays from that horizon. 0 keeps the path forever.
	PathRetention time.Duration
	// NoFold makes every per-entity evaluation re-read all its entities'
	// events instead of folding the rows appended since the previous one
	// into kept aggregate state (see runtime.EntityFold); for comparison
	// and as a way out.
	NoFold bool
	// NoPrune makes every event-driven per-entity evaluation recompute
	// every step of the plan, not only those the events can change (see
	// pruneGroups); for comparisons and tests.
	NoPrune bool
	// TimeTick is how often the scheduler looks for entities whose
	// next time-driven change has come (default 1s).
	TimeTick time.Duration
	// OnEvaluated, when set, is called on Run's goroutine (on Start's for
	// the first evaluation) after each evaluation is committed and
	// served, with its as-of, the keys of the entities it evaluated (the
	// whole population for a full one) and the state now served. It
	// must not block; tests use it to record the instants at which each
	// entity's lifecycle stepped.
	OnEvaluated func(asOf time.Time, keys store.Keys, st *api.State)
	// OnReplayed, when set, is called on Run's goroutine for each entity
	// whose lifecycles a late event replayed (see docs/serve.md), before
	// OnEvaluated reports the evaluation at now that follows: the
	// instant of its earliest late event and the instants the replay
	// stepped at, from it and before now. It must not block.
	OnReplayed func(key any, from time.Time, instants []time.Time)
}

// Server is one serve process.
type Server struct {
	cfg     Config
	evalDB  *sql.DB // pool: evaluation, membership reads
	writer  *ingest.Writer
	writeDB *sql.DB
	metrics *metrics.Metrics
	log     *slog.Logger

	state atomic.Pointer[api.State]
	// accepted counts committed batches; evaluated is the value accepted
	// had when the latest successful evaluation started. They differ while
	// accepted events are not yet reflected in the served membership.
	accepted  atomic.Int64
	evaluated atomic.Int64
	reloads   chan reloadRequest
	dirty     chan struct{}
	health    healthState
	watcher   *reload.Watcher // set by Start when Config.Watch
	explains  chan struct{}   // semaphore: explanations re-evaluate, so few run at once
	closeDBs  sync.Once
	hooks     deliveries // webhook destinations and their worker (webhooks.go)
	rt        *realtime
}

// reloadRequest asks Run to recompile (or, with full, to re-evaluate
// the served plan in full); done (when set) gets the outcome.
type reloadRequest struct {
	reason string
	full   bool
	done   chan api.ReloadOutcome
}

// Open opens the database twice: a pool for evaluation and reads, and one
// connection for the event writer, both in WAL mode.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	fill(&cfg)
	evalDB, err := openDB(ctx, cfg.DBPath, cfg.Sync, false)
	if err != nil {
		return nil, err
	}
	writeDB, err := openDB(ctx, cfg.DBPath, cfg.Sync, true)
	if err != nil {
		evalDB.Close()
		return nil, err
	}
	s := &Server{cfg: cfg, evalDB: evalDB, writeDB: writeDB, writer: ingest.NewWriter(writeDB),
		metrics: metrics.New(), log: cfg.Logger, reloads: make(chan reloadRequest, 8), dirty: make(chan struct{}, 1),
		explains: make(chan struct{}, 1), rt: newRealtime()}
	s.health.startedAt = cfg.Now()
	s.metrics.WatchPending(func() float64 { return float64(s.accepted.Load() - s.evaluated.Load()) })
	s.metrics.WatchFold(func() float64 { return float64(s.rt.foldedRows.Load()) },
		func() float64 { return float64(s.rt.rereadEntities.Load()) },
		func() float64 { return float64(s.rt.quietEntities.Load()) },
		func() float64 { return float64(s.rt.prunedEntities.Load()) })
	return s, nil
}

func fill(cfg *Config) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sync == "" {
		cfg.Sync = "normal"
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 500 * time.Millisecond
	}
	if cfg.TimeTick <= 0 {
		cfg.TimeTick = time.Second
	}
	if cfg.WatchDebounce <= 0 {
		cfg.WatchDebounce = 200 * time.Millisecond
	}
}

// Close closes the databases.
func (s *Server) Close() error {
	var err error
	s.closeDBs.Do(func() {
		if s.watcher != nil {
			s.watcher.Close()
		}
		err = s.evalDB.Close()
		if werr := s.writeDB.Close(); err == nil {
			err = werr
		}
	})
	return err
}

// Handler is the HTTP API.
func (s *Server) Handler() http.Handler {
	return api.NewHandler(s, api.Options{Token: s.cfg.Token, MaxBody: s.cfg.MaxBody, MaxBatch: s.cfg.MaxBatch,
		Timeout: s.cfg.Timeout, Metrics: s.metrics, Logger: s.log, Explain: s.explainMember})
}

// explainMember explains the latest stored run (the served membership,
// while serve is the database's only writer) with runtime/explain. One
// explanation runs at a time: each re-evaluates the module.
func (s *Server) explainMember(ctx context.Context, st *api.State, segment string, key any) (*explain.Explanation, error) {
	select {
	case s.explains <- struct{}{}:
		defer func() { <-s.explains }()
	default:
		return nil, api.ErrBusy
	}
	return explain.Explain(ctx, s.evalDB, st.Plan, builtins.Default(), explain.Options{Segment: segment, Key: key})
}

// State implements api.Backend.
func (s *Server) State() *api.State { return s.state.Load() }

// Insert implements api.Backend: commit, then have the batch's entities
// re-evaluated (or, with FullOnly, schedule a full re-evaluation).
func (s *Server) Insert(ctx context.Context, schema *ingest.Schema, events []ingest.Event) (ingest.Result, error) {
	res, err := s.writer.Insert(ctx, schema, events)
	if err == nil && res.Inserted > 0 {
		if s.cfg.FullOnly {
			s.accepted.Add(1)
			s.markDirty()
			return res, nil
		}
		s.rt.add(schema, events, s.state.Load()) // before counting, so a drain that sees the count sees the keys
		s.accepted.Add(1)
		s.rt.wake()
	}
	return res, err
}

// markDirty asks Run for a debounced re-evaluation.
func (s *Server) markDirty() {
	select {
	case s.dirty <- struct{}{}:
	default: // one is already pending
	}
}

// RequestReload asks Run to recompile without waiting (file watch,
// SIGHUP). Requests made while one is queued are coalesced.
func (s *Server) RequestReload(reason string) {
	select {
	case s.reloads <- reloadRequest{reason: reason}:
	default:
	}
}

// Reload implements api.Backend: recompile and wait for the outcome.
func (s *Server) Reload(ctx context.Context) (api.ReloadOutcome, error) {
	req := reloadRequest{reason: "api", done: make(chan api.ReloadOutcome, 1)}
	select {
	case s.reloads <- req:
	case <-ctx.Done():
		return api.ReloadOutcome{}, ctx.Err()
	}
	select {
	case out := <-req.done:
		return out, nil
	case <-ctx.Done():
		return api.ReloadOutcome{}, ctx.Err()
	}
}

// Metrics returns the server's metrics.
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// errNoPlan is returned by Start when the module does not compile.
type errNoPlan struct{ summary string }

func (e errNoPlan) Error() string {
	return fmt.Sprintf("the module does not compile, so there is no plan to serve; fix it and start again:\n%s", e.summary)
}
