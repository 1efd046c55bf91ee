package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// TestPruneAfterWrite: after a lifecycle's states are written, pruning
// keeps exactly the population's rows. Rows written where none were
// stored are known to need no search (the writer marks them fresh); a
// stored row of an entity that left the population is still deleted.
func TestPruneAfterWrite(t *testing.T) {
	cases := []struct {
		name   string
		stored []int64 // keys with a stored row before the write
		want   string  // keys left after writing and pruning
		fresh  bool
	}{
		{"nothing stored (another lifecycle is)", nil, "[1 2 3]", true},
		{"an entity that left", []int64{2, 99}, "[1 2 3]", false},
		{"every stored entity stays", []int64{1, 2, 3}, "[1 2 3]", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := schemaDB(t)
			ctx := context.Background()
			for _, k := range c.stored {
				execT(t, db, `INSERT INTO segc_states VALUES ('stage', ?, 's0', '2020-01-01 00:00:00')`, k)
			}
			execT(t, db, `INSERT INTO segc_states VALUES ('other', 99, 's0', '2020-01-01 00:00:00')`)
			keys := Keys{Ints: []int64{1, 2, 3}}
			for _, k := range keys.Ints {
				execT(t, db, `INSERT INTO segc_members VALUES ('stage.s0', ?, '2026-06-01 00:00:00')`, k)
			}
			l := LifecycleStates{Name: "stage", States: []string{"s0"}, State: []int32{0, 0, 0},
				Since: make([]int64, 3), Changed: []int32{0, 1, 2}}
			w := &writer{conn: schemaConn(t, db)}
			if err := w.writeStates(ctx, keys, []LifecycleStates{l}); err != nil {
				t.Fatal(err)
			}
			if err := w.pruneStates(ctx, []LifecycleStates{l, {Name: "other"}}, nil); err != nil {
				t.Fatal(err)
			}
			if w.freshStates["stage"] != c.fresh {
				t.Errorf("fresh %v, want %v", w.freshStates["stage"], c.fresh)
			}
			if got := fmt.Sprint(storedKeys(t, db, "stage")); got != c.want {
				t.Errorf("rows left %s, want %s", got, c.want)
			}
		})
	}
}

// execT runs q on db or fails the test.
func execT(tb testing.TB, db *sql.DB, q string, args ...any) {
	tb.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		tb.Fatal(err)
	}
}

// storedKeys is lifecycle's stored integer keys in order.
func storedKeys(tb testing.TB, db *sql.DB, lifecycle string) []int64 {
	tb.Helper()
	rows, err := db.Query(`SELECT entity_id FROM segc_states WHERE lifecycle = ? ORDER BY entity_id`, lifecycle)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			tb.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// BenchmarkPruneStatesFirstRun writes a first run's states (a million
// entities into an empty table) and times the pruning that follows:
// counting the rows to learn that no entity is outside the population
// took ~45 ms.
func BenchmarkPruneStatesFirstRun(b *testing.B) {
	keys := intKeys()
	l := LifecycleStates{Name: "stage", States: []string{"new", "active", "dormant"},
		State: make([]int32, benchEntities), Since: make([]int64, benchEntities), Changed: make([]int32, benchEntities)}
	for i := range l.State {
		l.State[i], l.Since[i], l.Changed[i] = int32(i*7/3%3), day(30).Unix(), int32(i)
	}
	ctx := context.Background()
	var used time.Duration
	for range b.N {
		db := openDBWith(b, "_journal_mode=DELETE&_synchronous=FULL")
		err := withTx(ctx, db, "IMMEDIATE", true, func(conn *sql.Conn) error {
			if err := ensureSchema(ctx, conn); err != nil {
				return err
			}
			w := &writer{conn: conn}
			if err := w.writeStates(ctx, keys, []LifecycleStates{l}); err != nil {
				return err
			}
			start := cpuTime()
			defer func() { used += cpuTime() - start }()
			return w.pruneStates(ctx, []LifecycleStates{l}, nil)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, used)
}
