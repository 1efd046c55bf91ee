package store

import (
	"context"
	"fmt"
	"testing"
)

// TestReadStatesKeepsRowsAligned: keys and their (state, since) come back
// paired, for integer and text keys in any stored order.
func TestReadStatesKeepsRowsAligned(t *testing.T) {
	cases := []struct {
		name string
		keys []any
	}{
		{"ints", []any{int64(30), int64(-2), int64(7), int64(1000000)}},
		{"texts", []any{"b", "B", "é", "a10", "a9", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			ctx := context.Background()
			if err := EnsureSchema(ctx, db); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for i, k := range c.keys {
				state, since := []string{"new", "active"}[i%2], fmt.Sprintf("2026-01-0%d 00:00:00", 1+i%3)
				if _, err := db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, ?, ?)`, k, state, since); err != nil {
					t.Fatal(err)
				}
				want[fmt.Sprint(k)] = state + " " + since
			}
			groups, err := ReadStates(ctx, db, "stage")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, g := range groups {
				for _, k := range g.Keys.Ints {
					got[fmt.Sprint(k)] = g.State + " " + FormatTime(g.Since)
				}
				for _, k := range g.Keys.Strs {
					got[k] = g.State + " " + FormatTime(g.Since)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}
