package serve

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// pathDay is midnight UTC of 2026-06-<d>.
func pathDay(d int) time.Time { return time.Date(2026, 6, d, 0, 0, 0, 0, time.UTC) }

func TestPrunePathKeepsWhatReplaysNeed(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Exec(pathDDL); err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		lifecycle string
		key       int64
		state     string
		day       int
	}{
		{"stage", 1, "new", 1}, {"stage", 1, "active", 5}, {"stage", 1, "lapsed", 10}, // 1: drop day 1
		{"stage", 2, "new", 2},                            // 2: its only state, kept
		{"stage", 3, "new", 8}, {"stage", 3, "active", 9}, // 3: after the horizon, kept
		{"other", 1, "a", 3}, {"other", 1, "b", 3}, // same since: the later row wins
	}
	for _, r := range rows {
		if _, err := db.Exec(sqlInsertPath, r.lifecycle, r.key, r.state, store.FormatTime(pathDay(r.day))); err != nil {
			t.Fatal(err)
		}
	}
	restore := func(key int64, day int) map[string]runtime.StoredState {
		starts := []runtime.ReplayStart{{Key: key, From: pathDay(day).Unix()}}
		if err := restoreStates(ctx, db, []string{"stage", "other"}, starts); err != nil {
			t.Fatal(err)
		}
		return starts[0].States
	}
	type probe struct {
		key int64
		day int
	}
	probes := []probe{{1, 7}, {1, 11}, {2, 7}, {3, 9}, {3, 10}, {1, 4}}
	before := map[probe]map[string]runtime.StoredState{}
	for _, p := range probes {
		before[p] = restore(p.key, p.day)
	}
	n, err := prunePath(ctx, db, pathDay(7))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("pruned %d rows, want 2 (key 1's day-1 stage and its first day-3 other)", n)
	}
	for _, p := range probes[:5] { // replays from the horizon (day 7) on
		if got := restore(p.key, p.day); !reflect.DeepEqual(got, before[p]) {
			t.Errorf("restore key %d before day %d after pruning = %v, want %v", p.key, p.day, got, before[p])
		}
	}
	if n, err := prunePath(ctx, db, pathDay(7)); err != nil || n != 0 {
		t.Errorf("second prune: %d rows, %v; want none", n, err)
	}
}

func TestPrunePathWithoutTable(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "e.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := prunePath(context.Background(), db, pathDay(7)); err != nil || n != 0 {
		t.Errorf("prunePath on a database without the path = %d, %v; want 0, nil", n, err)
	}
}
