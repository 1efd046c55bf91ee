package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestWriteStatesRows: every changed entity's row holds its own state
// and since, whatever the key type and order, however many (state, since)
// pairs a statement needs; an unchanged entity keeps its stored row and a
// changed one replaces it.
func TestWriteStatesRows(t *testing.T) {
	cases := []struct {
		name   string
		keys   []any
		states int // distinct states
		sinces int // distinct since values among the states
	}{
		{"ints in order, one since", []any{int64(-5), int64(1), int64(2), int64(30), int64(1000000)}, 3, 1},
		{"ints out of order", []any{int64(30), int64(-2), int64(7), int64(1000000), int64(4)}, 3, 2},
		{"texts", []any{"b", "B", "é", "a10", "a9", "", `q"\`}, 3, 3},
		{"one state, several sinces", seqKeys(9), 1, 4},
		{"more sinces than one statement carries", seqKeys(700), 3, 300},
		{"more states than one statement carries", seqKeys(700), 300, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := schemaDB(t)
			ctx := context.Background()
			want := map[string]string{}
			for _, i := range []int{0, 1} {
				if _, err := db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, 'old', '2020-01-01 00:00:00')`, c.keys[i]); err != nil {
					t.Fatal(err)
				}
				want[fmt.Sprint(c.keys[i])] = "old 2020-01-01 00:00:00"
			}
			keys, l := Keys{}, LifecycleStates{Name: "stage", States: stateNames(c.states)}
			for i, k := range c.keys {
				if s, ok := k.(string); ok {
					keys.Strs = append(keys.Strs, s)
				} else {
					keys.Ints = append(keys.Ints, k.(int64))
				}
				l.State = append(l.State, int32(i%c.states))
				l.Since = append(l.Since, day(1).Unix()+int64(i%c.sinces)*86400)
				if i != 1 {
					l.Changed = append(l.Changed, int32(i))
					want[fmt.Sprint(k)] = l.States[i%c.states] + " " + FormatTime(day(1).AddDate(0, 0, i%c.sinces))
				}
			}
			conn := schemaConn(t, db)
			if err := (&writer{conn: conn}).writeStates(ctx, keys, []LifecycleStates{l}); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			rows, err := db.Query(`SELECT CAST(entity_id AS TEXT), state, since FROM segc_states`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var k, state, since string
				if err := rows.Scan(&k, &state, &since); err != nil {
					t.Fatal(err)
				}
				got[k] = state + " " + since
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}

// stateNames is n state names.
func stateNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("s%d", i)
	}
	return out
}

// seqKeys is n integer keys, 0 to n-1.
func seqKeys(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// TestWriteStatesRejects: a duplicate key or an index outside the keys is
// an error, not a silent overwrite or a panic.
func TestWriteStatesRejects(t *testing.T) {
	cases := []struct {
		name string
		keys Keys
		l    LifecycleStates
		want string
	}{
		{"duplicate key", Keys{Ints: []int64{3, 3}},
			LifecycleStates{Name: "s", States: []string{"a"}, State: []int32{0, 0}, Since: []int64{0, 0}, Changed: []int32{0, 1}}, "occurs twice"},
		{"index outside", Keys{Ints: []int64{3}},
			LifecycleStates{Name: "s", States: []string{"a"}, State: []int32{0, 0}, Since: []int64{0, 0}, Changed: []int32{1}}, "outside"},
		{"state outside", Keys{Ints: []int64{3}},
			LifecycleStates{Name: "s", States: []string{"a"}, State: []int32{2}, Since: []int64{0}, Changed: []int32{0}}, "state 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conn := schemaConn(t, openDB(t))
			err := (&writer{conn: conn}).writeStates(context.Background(), c.keys, []LifecycleStates{c.l})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

// TestWriteStatesCancelled: a cancelled context is an error, never a
// silently partial write.
func TestWriteStatesCancelled(t *testing.T) {
	conn := schemaConn(t, openDB(t))
	ctx := context.Background()
	n := 3 * chunkKeys
	keys, l := Keys{Ints: make([]int64, n)}, LifecycleStates{Name: "s", States: []string{"a"},
		State: make([]int32, n), Since: make([]int64, n), Changed: make([]int32, n)}
	for i := range n {
		keys.Ints[i], l.Changed[i] = int64(i), int32(i)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := (&writer{conn: conn}).writeStates(cancelled, keys, []LifecycleStates{l}); err == nil {
		t.Error("writeStates with a cancelled context returned no error")
	}
}

// BenchmarkWriteStatesFirstRun upserts a first run's states: a million
// entities in three states, all entered at as-of, into an empty table.
func BenchmarkWriteStatesFirstRun(b *testing.B) {
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
			start := cpuTime()
			defer func() { used += cpuTime() - start }()
			return (&writer{conn: conn}).writeStates(ctx, keys, []LifecycleStates{l})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, used)
}

// BenchmarkWriteStatesDaily upserts a steady day's states: 120k of a
// million stored entities change state (the demo's active -> lapsed day),
// spread over the whole table. Each round is rolled back, so every round
// starts from the same million rows.
func BenchmarkWriteStatesDaily(b *testing.B) {
	keys := intKeys()
	l := LifecycleStates{Name: "stage", States: []string{"new", "active", "lapsed"},
		State: make([]int32, benchEntities), Since: make([]int64, benchEntities)}
	for i := range l.State {
		l.State[i], l.Since[i] = int32(i%2), day(30).Unix()
		l.Changed = append(l.Changed, int32(i))
	}
	ctx := context.Background()
	db := openDBWith(b, "_journal_mode=DELETE&_synchronous=FULL")
	err := withTx(ctx, db, "IMMEDIATE", true, func(conn *sql.Conn) error {
		if err := ensureSchema(ctx, conn); err != nil {
			return err
		}
		return (&writer{conn: conn}).writeStates(ctx, keys, []LifecycleStates{l})
	})
	if err != nil {
		b.Fatal(err)
	}
	l.Changed = l.Changed[:0]
	for i := 0; i < benchEntities; i += 8 {
		l.State[i], l.Since[i] = 2, day(31).Unix()
		l.Changed = append(l.Changed, int32(i))
	}
	var used time.Duration
	for range b.N {
		err := withTx(ctx, db, "IMMEDIATE", false, func(conn *sql.Conn) error {
			start := cpuTime()
			defer func() { used += cpuTime() - start }()
			return (&writer{conn: conn}).writeStates(ctx, keys, []LifecycleStates{l})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, used)
}

// TestKeysAt: the keys written for the rows come in rows' order, shared
// with the population only when the rows are all of it in order.
func TestKeysAt(t *testing.T) {
	ints, strs := Keys{Ints: []int64{10, 20, 30}}, Keys{Strs: []string{"a", "b", "c"}}
	cases := []struct {
		name   string
		keys   Keys
		rows   []int32
		want   string
		shared bool
	}{
		{"every int key", ints, []int32{0, 1, 2}, "[10 20 30] []", true},
		{"some int keys", ints, []int32{2, 0}, "[30 10] []", false},
		{"int keys out of order", ints, []int32{1, 0, 2}, "[20 10 30] []", false},
		{"every text key", strs, []int32{0, 1, 2}, "[] [a b c]", true},
		{"some text keys", strs, []int32{1}, "[] [b]", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := keysAt(c.keys, c.rows)
			if s := fmt.Sprint(got.Ints, got.Strs); s != c.want {
				t.Errorf("keys %s, want %s", s, c.want)
			}
			shared := (len(got.Ints) > 0 && &got.Ints[0] == &c.keys.Ints[0]) || (len(got.Strs) > 0 && &got.Strs[0] == &c.keys.Strs[0])
			if shared != c.shared {
				t.Errorf("shared %v, want %v", shared, c.shared)
			}
		})
	}
}
