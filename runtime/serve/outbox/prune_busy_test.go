package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
)

// TestPruneWhileAnotherConnectionWrites: a pass deletes every old
// finished row while another connection commits every 5ms (as ingestion
// and evaluations do); a chunk must wait for the write lock, not fail
// because a commit came between its read and its delete.
func TestPruneWhileAnotherConnectionWrites(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	must(t, EnsureSchema(ctx, db))
	_, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
		INSERT INTO segc_outbox(id, destination, segment, entity_id, change, at, run_id, idempotency_key,
			next_attempt_at, delivered_at)
		SELECT i, 'crm', 'vip', i, 'enter', '2026-01-01 00:00:00', 1, 'old' || i, 0, '2026-01-01 00:00:00' FROM n`)
	must(t, err)
	stop := writeEvery(t, db, 5*time.Millisecond)
	w := NewWorker(db, nil, Options{Retention: time.Hour, PruneChunk: 50})
	n, err := w.Prune(ctx)
	writes := stop()
	if err != nil || n != 20000 {
		t.Errorf("a pass during %d concurrent commits pruned %d of 20000 rows: %v", writes, n, err)
	}
	var left int
	must(t, db.QueryRow(`SELECT count(*) FROM segc_outbox WHERE delivered_at IS NOT NULL`).Scan(&left))
	if left != 0 {
		t.Errorf("%d delivered rows left", left)
	}
}

// writeEvery commits a pending outbox row through another connection
// every period until the returned stop, which says how many it did.
func writeEvery(t *testing.T, db *sql.DB, period time.Duration) (stop func() int) {
	t.Helper()
	other, err := db.Conn(context.Background())
	must(t, err)
	done := make(chan struct{})
	var wg sync.WaitGroup
	writes := 0
	wg.Go(func() {
		defer other.Close()
		for ; ; writes++ {
			select {
			case <-done:
				return
			case <-time.After(period):
			}
			if _, err := other.ExecContext(context.Background(), `INSERT INTO segc_outbox(destination, segment, entity_id,
				change, at, run_id, idempotency_key, next_attempt_at) VALUES ('crm', 'vip', 1, 'enter', '2026-06-30 00:00:00', 2, ?, 0)`,
				fmt.Sprint("new", writes)); err != nil {
				t.Errorf("the concurrent write: %v", err)
				return
			}
		}
	})
	return func() int {
		close(done)
		wg.Wait()
		return writes
	}
}

// TestPruneSkipsBusyChunks: a chunk that finds the database locked for
// the whole busy timeout is skipped, and the pass goes on with the next
// one; maxBusyChunks in a row end the pass. Any other error ends it.
func TestPruneSkipsBusyChunks(t *testing.T) {
	busy := sqlite3.Error{Code: sqlite3.ErrBusy}
	other := errors.New("disk I/O error")
	tests := []struct {
		name    string
		chunks  []error
		endsAt  int // the chunk whose outcome ends the pass, -1 for none
		skipped int
		passErr bool // an error for the pass as a whole
	}{
		{"all fine", []error{nil, nil, nil}, -1, 0, false},
		{"busy now and then", []error{busy, nil, busy, busy, nil, busy}, -1, 4, true},
		{"busy for good", []error{nil, busy, busy, busy, nil}, 3, 2, true},
		{"another error", []error{busy, other, nil}, 1, 1, true},
	}
	for _, tt := range tests {
		var b busyChunks
		endsAt := -1
		var err error
		for i, c := range tt.chunks {
			if err = b.note(c); err != nil {
				endsAt = i
				break
			}
		}
		if err == nil {
			err = b.err()
		}
		if endsAt != tt.endsAt || b.skipped != tt.skipped || (err != nil) != tt.passErr {
			t.Errorf("%s: ended at chunk %d, skipped %d, error %v; want %d, %d, an error: %v",
				tt.name, endsAt, b.skipped, err, tt.endsAt, tt.skipped, tt.passErr)
		}
	}
}

// TestPruneGivesUpWhileLocked: while another connection holds the write
// lock beyond the busy timeout, a pass stops after maxBusyChunks chunks
// with an error saying so; the next pass, the lock released, prunes all.
func TestPruneGivesUpWhileLocked(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "o.db")+"?_journal_mode=WAL&_busy_timeout=20")
	must(t, err)
	defer db.Close()
	must(t, EnsureSchema(ctx, db))
	_, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100)
		INSERT INTO segc_outbox(id, destination, segment, entity_id, change, at, run_id, idempotency_key,
			next_attempt_at, delivered_at)
		SELECT i, 'crm', 'vip', i, 'enter', '2026-01-01 00:00:00', 1, 'old' || i, 0, '2026-01-01 00:00:00' FROM n`)
	must(t, err)
	lock, err := db.Conn(ctx)
	must(t, err)
	defer lock.Close()
	_, err = lock.ExecContext(ctx, "BEGIN IMMEDIATE")
	must(t, err)
	w := NewWorker(db, nil, Options{Retention: time.Hour, PruneChunk: 10})
	if n, err := w.Prune(ctx); n != 0 || err == nil || !strings.Contains(err.Error(), "skipped 2 chunk(s)") {
		t.Errorf("a pass under a held lock: %d rows, %v; want none and the skipped chunks named", n, err)
	}
	_, err = lock.ExecContext(ctx, "ROLLBACK")
	must(t, err)
	if n, err := w.Prune(ctx); n != 100 || err != nil {
		t.Errorf("the next pass: %d rows, %v; want 100", n, err)
	}
}
