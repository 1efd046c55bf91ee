package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Observer receives delivery counts (serve's metrics implement it).
type Observer interface {
	Delivered(dest string)
	Failed(dest string)
	GaveUp(dest string)
	Backlog(dest string, pending int)
}

// Options tune a Worker; zero values take defaults.
type Options struct {
	Poll     time.Duration // how often to look for due rows without Notify (1s)
	Batch    int           // rows one round picks per destination (100)
	Seed     uint64        // jitter seed (tests fix it; default from the clock)
	Now      func() time.Time
	Client   *http.Client
	Logger   *slog.Logger
	Observer Observer
	// Retention is how long delivered and given-up rows are kept
	// (DefaultRetention); negative keeps them forever.
	Retention time.Duration
	// PruneEvery is how often old rows are pruned (1h, at most the
	// retention); PruneChunk how many rows one pruning transaction
	// walks (500).
	PruneEvery time.Duration
	PruneChunk int
}

// Worker delivers the outbox: one loop per destination, each picking due
// rows whose entity has no earlier pending row, so an entity's later
// change is never sent before an earlier one succeeded (or was given up).
type Worker struct {
	db     *sql.DB
	dests  []Destination
	opts   Options
	jitter *jitter
	wake   []chan struct{}
}

// NewWorker prepares a worker over db's segc_outbox.
func NewWorker(db *sql.DB, dests []Destination, opts Options) *Worker {
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 100
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Seed == 0 {
		opts.Seed = uint64(time.Now().UnixNano())
	}
	if opts.Client == nil {
		opts.Client = NewClient()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	fillPrune(&opts)
	w := &Worker{db: db, dests: dests, opts: opts, jitter: newJitter(opts.Seed)}
	for range dests {
		w.wake = append(w.wake, make(chan struct{}, 1))
	}
	return w
}

// Notify wakes every destination loop (new rows were committed).
func (w *Worker) Notify() {
	for _, c := range w.wake {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Run delivers until ctx is done, then returns once every in-flight
// request has ended. Rows stay pending in the table across restarts.
func (w *Worker) Run(ctx context.Context) error {
	if err := EnsureSchema(ctx, w.db); err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Go(func() { w.pruneLoop(ctx) })
	for i, d := range w.dests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx, d, w.wake[i])
		}()
	}
	wg.Wait()
	return nil
}

// loop runs rounds for d; when a round finds nothing to do it sleeps
// until Notify or Poll.
func (w *Worker) loop(ctx context.Context, d Destination, wake <-chan struct{}) {
	for ctx.Err() == nil {
		n, err := w.round(ctx, d)
		if err != nil && ctx.Err() == nil {
			w.opts.Logger.Error("webhook delivery round failed", "destination", d.Name, "error", err)
		}
		w.observeBacklog(ctx, d)
		if n > 0 && err == nil {
			continue
		}
		t := time.NewTimer(w.opts.Poll)
		select {
		case <-ctx.Done():
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// outcome is one attempt's result.
type outcome struct {
	row Row
	err error
}

// round delivers one batch of due rows concurrently (they are distinct
// entities) and records the outcomes; it returns how many it tried.
func (w *Worker) round(ctx context.Context, d Destination) (int, error) {
	rows, err := w.due(ctx, d)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	results := make([]outcome, len(rows))
	sem := make(chan struct{}, d.Concurrency)
	var wg sync.WaitGroup
	for i, r := range rows {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = outcome{row: r, err: deliver(ctx, w.opts.Client, d, r)}
		}()
	}
	wg.Wait()
	return len(rows), w.record(ctx, d, results)
}

// sqlDue picks due pending rows, oldest first, whose entity has no
// earlier pending row for the destination.
const sqlDue = `SELECT id, segment, entity_id, change, at, run_id, idempotency_key, attempts
	FROM segc_outbox o INDEXED BY segc_outbox_pending
	WHERE destination = ?1 AND delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ?2
	AND NOT EXISTS (SELECT 1 FROM segc_outbox p INDEXED BY segc_outbox_entity
		WHERE p.destination = ?1 AND p.entity_id = o.entity_id AND p.id < o.id
		AND p.delivered_at IS NULL AND p.given_up_at IS NULL)
	ORDER BY id LIMIT ?3`

// due reads the rows of the next round.
func (w *Worker) due(ctx context.Context, d Destination) ([]Row, error) {
	rs, err := w.db.QueryContext(ctx, sqlDue, d.Name, w.opts.Now().UnixMilli(), w.opts.Batch)
	if err != nil {
		return nil, fmt.Errorf("reading segc_outbox: %w", err)
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		var r Row
		if err := rs.Scan(&r.ID, &r.Segment, &r.EntityID, &r.Change, &r.At, &r.RunID, &r.Key, &r.Attempts); err != nil {
			return nil, fmt.Errorf("reading segc_outbox: %w", err)
		}
		if b, ok := r.EntityID.([]byte); ok {
			r.EntityID = string(b)
		}
		out = append(out, r)
	}
	return out, rs.Err()
}
