package sqlbatch

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestExecKeysInserts(t *testing.T) {
	tests := []struct {
		name string
		keys Keys
		want []string
	}{
		{"no keys", Keys{}, nil},
		{"ints", Keys{Ints: []int64{-9223372036854775808, 0, 7}}, []string{"integer -9223372036854775808", "integer 0", "integer 7"}},
		{"texts", Keys{Strs: []string{"", "héllo → ✓", "a\x00b", "\xff"}}, []string{"text ", "text a\x00b", "text héllo → ✓", "text \xff"}},
		{"both", Keys{Ints: []int64{2}, Strs: []string{"2"}}, []string{"integer 2", "text 2"}},
		{"many", Keys{Ints: manyInts()}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openEachDB(t)
			err := ExecKeys(context.Background(), conn, `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?2)`, []any{"t"}, tc.keys)
			if err != nil {
				t.Fatal(err)
			}
			got := keysOf(t, conn)
			if tc.want == nil && len(got) == tc.keys.Len() && tc.keys.Len() > 0 {
				return // many: the count is the check
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("stored %d keys %q, want %q", len(got), got[:min(5, len(got))], tc.want)
			}
		})
	}
}

// TestExecKeysPositions checks column i, the key's position (ints, then
// texts), which lets a query pick a parallel value out of a blob.
func TestExecKeysPositions(t *testing.T) {
	conn := openEachDB(t)
	q := `INSERT INTO k(tag, key) SELECT substr(?1, i * 2 + 1, 2), value FROM segc_keys(?2)`
	if err := ExecKeys(context.Background(), conn, q, []any{"aabbcc"}, Keys{Ints: []int64{5, 6}, Strs: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	got := strs(t, conn, `SELECT tag || '=' || key FROM k ORDER BY tag`)
	if want := []string{"aa=5", "bb=6", "cc=x"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExecKeysFails(t *testing.T) {
	tests := []struct {
		name, query string
		args        []any
		want        string
	}{
		{"duplicate key", `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?2)`, []any{"t"}, "UNIQUE constraint failed"},
		{"null tag", `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?2)`, []any{nil}, "NOT NULL constraint failed"},
		{"too few arguments", `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?3)`, []any{"t"}, "3 parameters"},
		{"no set", `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys WHERE ?2 IS NULL`, []any{"t"}, "no query solution"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openEachDB(t)
			err := ExecKeys(context.Background(), conn, tc.query, tc.args, Keys{Ints: []int64{1, 2, 2}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestExecKeysUnbound checks that a key set bound by no ExecKeys (a
// plain query's NULL or text) reads as empty, not as memory.
func TestExecKeysUnbound(t *testing.T) {
	conn := openEachDB(t)
	ctx := context.Background()
	if err := ExecKeys(ctx, conn, `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?2)`, []any{"t"}, Keys{Ints: []int64{1}}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM segc_keys('[1,2]')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("a text argument gave %d keys, want 0", n)
	}
}

func TestExecKeysCancelled(t *testing.T) {
	conn := openEachDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ExecKeys(ctx, conn, `INSERT INTO k(tag, key) SELECT ?1, value FROM segc_keys(?2)`, []any{"t"}, Keys{Ints: manyInts()})
	if err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if got := keysOf(t, conn); len(got) != 0 {
		t.Errorf("a cancelled ExecKeys stored %d keys", len(got))
	}
}

// TestSegcHasMatchesEquality checks segc_has(set, x) against x IN the
// same keys (equality with no affinity, as SQLite compares it) over values
// of every storage class: integers match int keys, reals only when equal
// to one, texts only text keys, bytewise.
func TestSegcHasMatchesEquality(t *testing.T) {
	values := `(5), (5.0), (5.5), (-3), (1e300), (9223372036854775807), (9.223372036854775807e18),
		('5'), (''), ('a'), ('a' || char(0) || 'b'), ('ab'), ('é'), (X'35'), (NULL), (7), ('7')`
	tests := []struct {
		name string
		keys Keys
	}{
		{"ints", Keys{Ints: []int64{-3, 5, 9223372036854775807}}},
		{"texts", Keys{Strs: []string{"", "5", "a\x00b", "é"}}},
		{"both", Keys{Ints: []int64{7}, Strs: []string{"7", "a"}}},
		{"none", Keys{}},
		{"many", Keys{Ints: manyInts()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openEachDB(t)
			ctx := context.Background()
			if _, err := conn.ExecContext(ctx, `CREATE TABLE vals(x); INSERT INTO vals VALUES `+values+
				`; INSERT INTO vals WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
				SELECT i - 150 FROM n`); err != nil {
				t.Fatal(err)
			}
			for tag, filter := range map[string]string{"has": "segc_has(?1, x)", "in": "x IN (SELECT value FROM segc_keys(?1))"} {
				q := `INSERT INTO k(tag, key) SELECT '` + tag + `', rowid FROM vals WHERE ` + filter
				if err := ExecKeys(ctx, conn, q, nil, tc.keys); err != nil {
					t.Fatal(err)
				}
			}
			has := strs(t, conn, `SELECT key FROM k WHERE tag = 'has' ORDER BY key`)
			in := strs(t, conn, `SELECT key FROM k WHERE tag = 'in' ORDER BY key`)
			if !slices.Equal(has, in) {
				t.Errorf("segc_has matched %d rows %q, IN matched %d %q", len(has), has[:min(20, len(has))], len(in), in[:min(20, len(in))])
			}
		})
	}
}

func TestSegcHasNeedsAscendingKeys(t *testing.T) {
	for _, keys := range []Keys{{Ints: []int64{2, 1}}, {Ints: []int64{1, 1}}, {Strs: []string{"b", "a"}}} {
		conn := openEachDB(t)
		err := ExecKeys(context.Background(), conn, `INSERT INTO k(tag, key) SELECT 't', 1 WHERE segc_has(?1, 1)`, nil, keys)
		if err == nil || !strings.Contains(err.Error(), "ascending order") {
			t.Errorf("keys %v: got %v, want an error about their order", keys, err)
		}
	}
}
