package serve

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/serve/outbox"
	"github.com/segc/segc/runtime/serve/reload"
)

// TestBatchRunWhileServeIsDown: the changes of a batch run committed
// while serve is stopped reach the destination exactly once after serve
// starts again, whether the batch run queued them itself (a destination
// declared in the module, as `segc run` does) or serve catches up on
// them at start (a --webhooks file destination the batch run does not
// know). The destination, seen for the first time by a serve start after
// changes were already recorded, gets none of those older changes.
func TestBatchRunWhileServeIsDown(t *testing.T) {
	for _, declared := range []bool{false, true} {
		name := map[bool]string{false: "webhooks file", true: "declared"}[declared]
		t.Run(name, func(t *testing.T) { testBatchRunWhileServeIsDown(t, declared) })
	}
}

func testBatchRunWhileServeIsDown(t *testing.T, declared bool) {
	rec := &recorder{}
	var requests atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		rec.ServeHTTP(w, r)
	}))
	defer hook.Close()
	var clock atomic.Int64
	clock.Store(asOf.Unix())
	now := func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
	f := newIdleFixture(t)

	// History before the destination exists: enters by serve.
	stop := runServer(t, f, func(c *Config) { c.Now = now })
	f.postOK(event("o10", 5, "2026-06-29 09:00:00", "purchase", 500), event("o11", 6, "2026-06-29 09:00:00", "purchase", 40))
	f.settle()
	stop()
	history := lastRun(t, f.dbPath)
	if len(matchedKeysAfter(t, f.dbPath, 0)) == 0 {
		t.Fatal("the scenario needs changes before the destination exists")
	}

	withHooks := func(c *Config) {
		c.Now = now
		c.Webhooks = Webhooks{Poll: 5 * time.Millisecond, Seed: 1, Getenv: func(string) string { return "s" }}
		if !declared {
			c.Webhooks.Destinations = []outbox.Destination{{Name: "crm", URL: hook.URL, Segments: []string{"fr_buyers", "top_*"},
				MaxAttempts: 10, Timeout: time.Second, Backoff: 2 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Concurrency: 2}}
		}
	}
	if declared {
		f.write("hooks.seg", hooksSeg("crm", hook.URL, "SEGC_TEST_SECRET"))
	}
	stop = runServer(t, f, withHooks) // the destination's first start: no replay
	if n := countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox WHERE run_id <= `+strconv.Itoa(history)); n != 0 {
		t.Fatalf("a destination seen for the first time got %d rows of older runs", n)
	}
	f.postOK(event("o12", 3, "2026-06-29 10:00:00", "purchase", 700))
	f.settle()
	waitDrained(t, f)
	stop()

	// serve is down: a batch run 40 days later empties every window.
	clock.Add(40 * 24 * 3600)
	batchRun := runBatch(t, f, now(), declared)
	queued := countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox WHERE run_id = `+strconv.Itoa(batchRun))
	want := matchedKeysAfter(t, f.dbPath, batchRun-1)
	switch {
	case len(want) == 0:
		t.Fatal("the batch run changed no declared segment")
	case declared && queued != len(want):
		t.Fatalf("the batch run queued %d rows for its %d changes", queued, len(want))
	case !declared && queued != 0:
		t.Fatalf("the batch run queued %d rows for a destination it does not know", queued)
	}

	stop = runServer(t, f, withHooks)
	waitDrained(t, f)
	stop()
	want = matchedKeysAfter(t, f.dbPath, history)
	if got := rec.got(); !slices.Equal(got, want) {
		t.Errorf("received\n%v\nwant every change after the destination's first start\n%v", got, want)
	}
	if n := requests.Load(); n != int64(len(want)) {
		t.Errorf("%d requests for %d changes, want one each (the receiver never fails)", n, len(want))
	}
}

// newIdleFixture is the shop module and database with no server running.
func newIdleFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{t: t, dir: filepath.Join(root, "m"), dbPath: filepath.Join(root, "shop.db")}
	must(t, os.Mkdir(f.dir, 0o755))
	f.write("data.seg", dataSeg)
	f.write("segments.seg", segmentsSeg)
	db, err := sql.Open("sqlite3", f.dbPath)
	must(t, err)
	defer db.Close()
	_, err = db.Exec(fixtureSQL)
	must(t, err)
	return f
}

// runBatch commits a batch run of f's module as of at, queueing for the
// declared destinations when queue is set (as `segc run` does), and
// returns its run id.
func runBatch(t *testing.T, f *fixture, at time.Time, queue bool) int {
	t.Helper()
	c := reload.Module{Paths: []string{f.dir}}.Compile()
	if c.Failed() {
		t.Fatal(c.Summary())
	}
	db, err := sql.Open("sqlite3", f.dbPath+"?_busy_timeout=10000")
	must(t, err)
	defer db.Close()
	opts := batch.Options{AsOf: at}
	if queue {
		opts.InTx = outbox.Hook(outbox.Declared(c.Plan), time.Now)
	}
	res, _, err := batch.Run(context.Background(), db, c.Plan, builtins.Default(), opts)
	must(t, err)
	return int(res.Summary.RunID)
}

// waitDrained waits until f's outbox has no pending row.
func waitDrained(t *testing.T, f *fixture) {
	t.Helper()
	f.waitFor("the outbox to drain", func() bool {
		return countRows(t, f.dbPath, `SELECT count(*) FROM segc_outbox WHERE delivered_at IS NULL`) == 0
	})
}

// matchedKeysAfter lists, sorted, crm's idempotency keys for the enters
// and exits of fr_buyers and top_* of the runs after run `after`.
func matchedKeysAfter(t *testing.T, dbPath string, after int) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", dbPath)
	must(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT 'crm:' || run_id || ':' || change || ':' || segment || ':' || entity_id
		FROM segc_changes WHERE change IN ('enter', 'exit') AND (segment = 'fr_buyers' OR segment GLOB 'top_*')
		AND run_id > ? ORDER BY 1`, after)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		must(t, rows.Scan(&k))
		out = append(out, k)
	}
	must(t, rows.Err())
	slices.Sort(out)
	return out
}

func lastRun(t *testing.T, dbPath string) int {
	return countRows(t, dbPath, `SELECT max(run_id) FROM segc_runs`)
}
