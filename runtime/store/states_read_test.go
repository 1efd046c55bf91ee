package store

import (
	"context"
	"fmt"
	"strings"
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
		{"ints and texts", []any{"b", int64(3), "a", int64(-1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := schemaDB(t)
			ctx := context.Background()
			want := map[string]string{}
			for i, k := range c.keys {
				state, since := []string{"new", "active"}[i%2], fmt.Sprintf("2026-01-0%d 00:00:00", 1+i%3)
				if _, err := db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, ?, ?)`, k, state, since); err != nil {
					t.Fatal(err)
				}
				want[fmt.Sprint(k)] = state + " " + since
			}
			st, err := ReadStates(ctx, db, "stage")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for j, g := range st.Group {
				k := ""
				if j < len(st.Keys.Ints) {
					k = fmt.Sprint(st.Keys.Ints[j])
				} else {
					k = st.Keys.Strs[j-len(st.Keys.Ints)]
				}
				got[k] = st.Groups[g].State + " " + FormatTime(st.Groups[g].Since)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}

// TestParseStatesRejectsMisalignment: keys and state lines that do not
// pair up one to one are an error, not a shifted reading.
func TestParseStatesRejectsMisalignment(t *testing.T) {
	cases := []struct{ name, arr, lines, want string }{
		{"fewer lines", "[1,2]", "a\t2026-01-01 00:00:00", "line up"},
		{"more lines", "[1]", "a\t2026-01-01 00:00:00\nb\t2026-01-01 00:00:00", "line up"},
		{"bad since", "[1]", "a\tyesterday", "is not"},
		{"out of order", "[2,1]", "a\t2026-01-01 00:00:00\na\t2026-01-01 00:00:00", "key order"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseStates(c.arr, c.lines)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}
