package serve

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/serve/reload"
)

// halfFailingReceiver fails every other request with a 500 and lets
// every fifth hang past the client's timeout; while down it fails all.
// It keeps each idempotency key's first successful receipt, in order.
type halfFailingReceiver struct {
	mu       sync.Mutex
	requests int
	down     bool
	seen     map[string]bool
	got      []outbox.Body
}

func (r *halfFailingReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	raw, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests++
	n, down := r.requests, r.down
	r.mu.Unlock()
	switch {
	case down || n%2 == 0:
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	case n%5 == 0:
		<-req.Context().Done()
		return
	}
	var b outbox.Body
	if err := json.Unmarshal(raw, &b); err != nil || req.Header.Get("Idempotency-Key") != b.ID {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.seen[b.ID] {
		r.seen[b.ID] = true
		r.got = append(r.got, b)
	}
}

func (r *halfFailingReceiver) setDown(v bool) { r.mu.Lock(); r.down = v; r.mu.Unlock() }

// byEntity groups the receipts' ids per entity, in arrival order.
func (r *halfFailingReceiver) byEntity() (map[string][]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string][]string{}
	for _, b := range r.got {
		e := fmt.Sprint(b.EntityID)
		out[e] = append(out[e], b.ID)
	}
	return out, r.requests
}

// runServer starts a server on f's module and database and returns a
// function that stops it as a shutdown would.
func runServer(t *testing.T, f *fixture, edit func(*Config)) (stop func()) {
	t.Helper()
	cfg := Config{DBPath: f.dbPath, Module: reload.Module{Paths: []string{f.dir}}, Token: testToken, Debounce: 20 * time.Millisecond}
	edit(&cfg)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Open(ctx, cfg)
	must(t, err)
	must(t, srv.Start(ctx))
	done := make(chan struct{})
	go func() { srv.Run(ctx); close(done) }()
	f.srv, f.http = srv, httptest.NewServer(srv.Handler())
	return func() { f.http.Close(); cancel(); <-done; srv.Close() }
}

// TestWebhooksAcrossRestart is issue 6's webhook acceptance test: a
// receiver failing half of its requests (500s and timeouts) ends up,
// after deduplication by idempotency key, with every enter and exit that
// segc_changes records exactly once and in order per entity, across a
// serve restart while deliveries are pending.
func TestWebhooksAcrossRestart(t *testing.T) {
	recv := &halfFailingReceiver{seen: map[string]bool{}}
	hook := httptest.NewServer(recv)
	defer hook.Close()
	var clock atomic.Int64
	clock.Store(asOf.Unix())
	edit := func(c *Config) {
		c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		c.Webhooks = Webhooks{Poll: 5 * time.Millisecond, Seed: 1, Destinations: []outbox.Destination{{
			Name: "crm", URL: hook.URL, Segments: []string{"*"}, MaxAttempts: 1000, Timeout: 100 * time.Millisecond,
			Backoff: 2 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Concurrency: 2}}}
	}
	setup := newFixture(t, nil) // the baseline run, by a server without webhooks that then stays idle
	f := &fixture{t: t, dir: setup.dir, dbPath: setup.dbPath}

	recv.setDown(true)
	stop := runServer(t, f, edit)
	if n := countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox`); n != 0 {
		t.Fatalf("a start-up evaluation that changed nothing wrote %d outbox rows", n)
	}
	f.postOK(event("o10", 5, "2026-06-29 09:00:00", "purchase", 500), event("o11", 6, "2026-06-29 09:00:00", "purchase", 40))
	f.settle()
	pending := countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox WHERE delivered_at IS NULL`)
	stop() // restart with every change still pending
	if pending == 0 {
		t.Fatal("no change was pending at the restart")
	}

	recv.setDown(false)
	stop = runServer(t, f, edit)
	f.postOK(event("o12", 3, "2026-06-29 10:00:00", "purchase", 700))
	f.settle()
	clock.Add(40 * 24 * 3600) // every 30-day window empties: exits
	f.postOK(event("o13", 2, "2026-08-08 10:00:00", "purchase", 1))
	f.settle()
	must(t, f.srv.Recompute(context.Background())) // the full pass moves the threshold
	f.waitFor("the outbox to drain", func() bool {
		return countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox WHERE delivered_at IS NULL`) == 0
	})
	stop()

	got, requests := recv.byEntity()
	t.Logf("%d requests; pending at restart %d; changes %v", requests, pending, got)
	want := changesByEntity(t, f.dbPath)
	if !strings.Contains(fmt.Sprint(want), ":exit:") || !strings.Contains(fmt.Sprint(want), ":enter:") {
		t.Fatalf("the scenario needs both enters and exits: %v", want)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("received, deduplicated, per entity:\n%v\nwant (segc_changes by run, segment, rowid):\n%v", got, want)
	}
	if delivered := countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox`); requests < 2*delivered {
		t.Errorf("%d requests for %d changes: the receiver did not fail half", requests, delivered)
	}
}

func (f *fixture) postOK(events ...map[string]any) {
	f.t.Helper()
	if f.postIDs != nil {
		f.postIDs(events)
	}
	if code, body := f.post(events...); code != http.StatusOK {
		f.t.Fatalf("POST /v1/events = %d: %v", code, body)
	}
}

// changesByEntity lists every non-baseline change as the idempotency key
// the outbox gives it, per entity in the outbox's order: by run, segment,
// then rowid (spec 14: the pipelined commit writes a run's segments as
// they become final, so rowid order across segments is not fixed).
func changesByEntity(t *testing.T, dbPath string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite3", dbPath)
	must(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT 'crm:' || run_id || ':' || change || ':' || segment || ':' || entity_id, entity_id
		FROM segc_changes WHERE change IN ('enter', 'exit') ORDER BY run_id, segment, rowid`)
	must(t, err)
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var key, entity string
		must(t, rows.Scan(&key, &entity))
		out[entity] = append(out[entity], key)
	}
	return out
}

func countRows(t *testing.T, dbPath, q string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", dbPath)
	must(t, err)
	defer db.Close()
	var n int
	must(t, db.QueryRow(q).Scan(&n))
	return n
}
