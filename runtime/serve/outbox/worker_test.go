package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/segc/segc/runtime/store"
)

func openTestDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "o.db")+"?_journal_mode=WAL&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func testDest(url string, segs ...string) Destination {
	return Destination{Name: "crm", URL: url, Segments: segs, Secret: []byte("k"), MaxAttempts: 1000,
		Timeout: 100 * time.Millisecond, Backoff: 2 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Concurrency: 3}
}

// commitRun stores one run of memberships (segment -> entity keys) over
// entities 1..n, with the outbox hook.
func commitRun(t testing.TB, db *sql.DB, day int, n int, segs map[string][]int32, hook store.InTx) error {
	t.Helper()
	keys := store.Keys{}
	for i := 1; i <= n; i++ {
		keys.Ints = append(keys.Ints, int64(i))
	}
	out := &store.Outcome{Keys: keys}
	for _, name := range []string{"other", "vip", "vip.holdout"} {
		if m, ok := segs[name]; ok {
			out.Segments = append(out.Segments, store.SegmentMembers{Name: name, Members: m})
		}
	}
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	_, err := store.CommitWith(context.Background(), db, store.Run{StartedAt: asOf, AsOf: asOf, PlanHash: "h"}, out, hook)
	return err
}

// randomMembers picks each of n entities with probability 1/2.
func randomMembers(rng *rand.Rand, n int) []int32 {
	var out []int32
	for i := range n {
		if rng.IntN(2) == 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

// expectedChanges lists the enter/exit changes of segments matching
// "vip*" as ids, per entity in commit order.
func expectedChanges(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	rows, err := db.Query(`SELECT run_id, change, segment, entity_id FROM segc_changes
		WHERE change IN ('enter', 'exit') AND segment GLOB 'vip*' ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var run int64
		var change, seg, entity string
		if err := rows.Scan(&run, &change, &seg, &entity); err != nil {
			t.Fatal(err)
		}
		out[entity] = append(out[entity], fmt.Sprintf("crm:%d:%s:%s:%s", run, change, seg, entity))
	}
	return out
}

// receivedChanges groups deduplicated receipts by entity, in arrival order.
func receivedChanges(got []Body) map[string][]string {
	out := map[string][]string{}
	for _, b := range got {
		e := fmt.Sprint(b.EntityID)
		out[e] = append(out[e], b.ID)
	}
	return out
}

// startWorker runs a worker until the returned stop is called.
func startWorker(db *sql.DB, d Destination, seed uint64) (w *Worker, stop func()) {
	w = NewWorker(db, []Destination{d}, Options{Poll: 5 * time.Millisecond, Seed: seed})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	return w, func() { cancel(); <-done }
}

func waitDrained(t *testing.T, db *sql.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n, err := Pending(context.Background(), db, "crm"); err == nil && n == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	n, _ := Pending(context.Background(), db, "crm")
	t.Fatalf("outbox not drained: %d pending", n)
}

// TestFlakyReceiverGetsEveryChangeOnceInOrder is the webhook acceptance
// test at the outbox level: runs commit while a worker delivers to a
// receiver failing half of its requests (500s and timeouts), the worker
// is restarted halfway, and after deduplication by idempotency key the
// receiver has every enter/exit of the matching segments exactly once,
// in commit order per entity.
func TestFlakyReceiverGetsEveryChangeOnceInOrder(t *testing.T) {
	db := openTestDB(t)
	recv := newFlakyReceiver(t, []byte("k"))
	d := testDest(recv.srv.URL, "vip*")
	hook := Hook([]Destination{d}, time.Now)
	const n = 12
	rng := rand.New(rand.NewPCG(1, 2))
	must(t, commitRun(t, db, 0, n, map[string][]int32{"vip": {0, 1}, "vip.holdout": {2}, "other": {3}}, hook))
	if c := count(t, db, `SELECT count(*) FROM segc_outbox`); c != 0 {
		t.Fatalf("a baseline run wrote %d outbox rows, want 0", c)
	}
	_, stop := startWorker(db, d, 1)
	for day := 1; day <= 6; day++ {
		if day == 4 {
			stop() // restart halfway, with rows pending
			_, stop = startWorker(db, d, 2)
		}
		must(t, commitRun(t, db, day, n, map[string][]int32{"vip": randomMembers(rng, n),
			"vip.holdout": randomMembers(rng, n), "other": randomMembers(rng, n)}, hook))
	}
	waitDrained(t, db)
	stop()
	got, requests, bad := recv.snapshot()
	want := expectedChanges(t, db)
	if len(want) == 0 {
		t.Fatal("the runs changed nothing; the test proves nothing")
	}
	if g, w := fmt.Sprint(receivedChanges(got)), fmt.Sprint(want); g != w {
		t.Errorf("received (deduplicated, per entity)\n%s\nwant\n%s", g, w)
	}
	if len(bad) > 0 {
		t.Errorf("bad headers: %v", bad)
	}
	if requests < 2*len(got) {
		t.Errorf("%d requests for %d changes: the receiver did not fail half of them", requests, len(got))
	}
	if c := count(t, db, `SELECT count(*) FROM segc_outbox WHERE segment NOT GLOB 'vip*'`); c != 0 {
		t.Errorf("%d outbox rows for segments the destination did not ask for", c)
	}
}

// TestFailedCommitWritesNoOutboxRows: the outbox rows commit or roll back
// with the membership.
func TestFailedCommitWritesNoOutboxRows(t *testing.T) {
	db := openTestDB(t)
	d := testDest("http://127.0.0.1:9/", "vip")
	hook := Hook([]Destination{d}, time.Now)
	must(t, commitRun(t, db, 0, 4, map[string][]int32{"vip": {0}}, hook))
	must(t, commitRun(t, db, 1, 4, map[string][]int32{"vip": {1}}, hook))
	before := count(t, db, `SELECT count(*) FROM segc_outbox`)
	if before != 2 {
		t.Fatalf("%d outbox rows after one exit and one enter, want 2", before)
	}
	failing := func(ctx context.Context, tx *sql.Conn, runID int64) error {
		if err := hook(ctx, tx, runID); err != nil {
			return err
		}
		return errors.New("disk full")
	}
	if err := commitRun(t, db, 2, 4, map[string][]int32{"vip": {2, 3}}, failing); err == nil {
		t.Fatal("the failing commit succeeded")
	}
	if after := count(t, db, `SELECT count(*) FROM segc_outbox`); after != before {
		t.Errorf("a failed commit left %d outbox rows (had %d)", after, before)
	}
}

// TestBaselineOptIn: a destination with Baseline gets an enter per member
// of a segment's first run.
func TestBaselineOptIn(t *testing.T) {
	db := openTestDB(t)
	d := testDest("http://127.0.0.1:9/", "vip")
	d.Baseline = true
	must(t, commitRun(t, db, 0, 4, map[string][]int32{"vip": {0, 2}, "other": {1}}, Hook([]Destination{d}, time.Now)))
	got := dumpKeys(t, db)
	if want := "crm:1:enter:vip:1 crm:1:enter:vip:3"; got != want {
		t.Errorf("baseline rows %q, want %q", got, want)
	}
}

// TestGiveUpThenNextChange: after MaxAttempts failures a change is given
// up and the entity's next change is delivered.
func TestGiveUpThenNextChange(t *testing.T) {
	db := openTestDB(t)
	recv := newFlakyReceiver(t, nil)
	d := testDest(recv.srv.URL, "vip")
	d.MaxAttempts = 2
	hook := Hook([]Destination{d}, time.Now)
	must(t, commitRun(t, db, 0, 2, map[string][]int32{"vip": {}}, hook))
	must(t, commitRun(t, db, 1, 2, map[string][]int32{"vip": {0}}, hook))
	recv.setDown(true)
	_, stop := startWorker(db, d, 3)
	waitDrained(t, db)
	stop()
	if c := count(t, db, `SELECT count(*) FROM segc_outbox WHERE given_up_at IS NOT NULL AND attempts = 2 AND last_error LIKE 'HTTP 500%'`); c != 1 {
		t.Fatalf("%d rows given up after 2 attempts with the error, want 1", c)
	}
	recv.setDown(false)
	must(t, commitRun(t, db, 2, 2, map[string][]int32{"vip": {}}, hook))
	_, stop = startWorker(db, d, 4)
	waitDrained(t, db)
	stop()
	got, _, _ := recv.snapshot()
	if len(got) != 1 || got[0].Change != "exit" || got[0].At != "2026-06-03T00:00:00Z" || got[0].RunID != 3 {
		t.Errorf("received %+v, want the exit of run 3 only", got)
	}
}

func dumpKeys(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT idempotency_key FROM segc_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		must(t, rows.Scan(&k))
		keys = append(keys, k)
	}
	return strings.Join(keys, " ")
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	must(t, db.QueryRow(q).Scan(&n))
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
