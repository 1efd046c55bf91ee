package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// TestPrune: rows delivered or given up before the retention are
// deleted, in chunks smaller than the table; recent finished rows and
// pending rows (however old) stay.
func TestPrune(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	must(t, EnsureSchema(ctx, db))
	now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	old, recent := "2026-06-20 00:00:00", "2026-06-29 00:00:00"
	var want []int
	for i := 1; i <= 23; i++ {
		delivered, givenUp := "NULL", "NULL"
		switch i % 5 {
		case 0:
			delivered = "'" + old + "'"
		case 1:
			givenUp = "'" + old + "'"
		case 2:
			delivered = "'" + recent + "'"
			want = append(want, i)
		default: // pending
			want = append(want, i)
		}
		_, err := db.Exec(fmt.Sprintf(`INSERT INTO segc_outbox(id, destination, segment, entity_id, change, at, run_id,
			idempotency_key, next_attempt_at, delivered_at, given_up_at) VALUES (?, 'crm', 'vip', ?, 'enter', ?, 1, ?, 0, %s, %s)`,
			delivered, givenUp), i, i, old, fmt.Sprint("k", i))
		must(t, err)
	}
	w := NewWorker(db, nil, Options{Now: func() time.Time { return now }, Retention: 7 * 24 * time.Hour, PruneChunk: 4})
	n, err := w.Prune(ctx)
	must(t, err)
	if n != 9 {
		t.Errorf("pruned %d rows, want 9 (5 delivered and 4 given up before the retention)", n)
	}
	if got := dumpIDs(t, db); got != fmt.Sprint(want) {
		t.Errorf("kept %s, want %v", got, want)
	}
	keep := NewWorker(db, nil, Options{Now: func() time.Time { return now.AddDate(1, 0, 0) }, Retention: -1})
	if n, err := keep.Prune(ctx); n != 0 || err != nil {
		t.Errorf("a negative retention pruned %d rows (%v), want none", n, err)
	}
}

func dumpIDs(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT id FROM segc_outbox ORDER BY id`)
	must(t, err)
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		must(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	return fmt.Sprint(ids)
}

// TestRunPrunes: the running worker prunes on its own.
func TestRunPrunes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openTestDB(t)
	must(t, EnsureSchema(ctx, db))
	_, err := db.Exec(`INSERT INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key,
		next_attempt_at, delivered_at) VALUES ('crm', 'vip', 1, 'enter', '2026-01-01 00:00:00', 1, 'k', 0, '2026-01-01 00:00:00')`)
	must(t, err)
	w := NewWorker(db, nil, Options{Retention: time.Hour, PruneEvery: 5 * time.Millisecond})
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for dumpIDs(t, db) != "[]" {
		if time.Now().After(deadline) {
			t.Fatalf("after 5s the delivered row from January is still there: %s", dumpIDs(t, db))
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	must(t, <-done)
}
