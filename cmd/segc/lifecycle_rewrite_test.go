package main

import (
	"strings"
	"testing"
)

// TestLifecycleStoredSince: a later run leaves the stored since of
// entities that took no transition alone, a run back in time stores the
// clamped since (its as-of), and a transition stores the run's as-of.
func TestLifecycleStoredSince(t *testing.T) {
	evs := []timeEvent{{1, "2026-01-10 10:00:00", "purchase", 5}}
	db := openTest(t, timeDB(t, 2, evs))
	p := compileSource(t, `lifecycle stage {
  initial new
  new -> active on events where type == "purchase"
}`)
	steps := []struct {
		at, want string
	}{
		{"2026-01-05", "1|new|2026-01-05 00:00:00 2|new|2026-01-05 00:00:00"},
		{"2026-01-20", "1|active|2026-01-20 00:00:00 2|new|2026-01-05 00:00:00"},
		{"2026-01-25", "1|active|2026-01-20 00:00:00 2|new|2026-01-05 00:00:00"},
		{"2026-01-03", "1|active|2026-01-03 00:00:00 2|new|2026-01-03 00:00:00"},
	}
	for _, s := range steps {
		runAt(t, db, p, day(s.at))
		got := strings.Join(storedRows(t, db, `SELECT entity_id, state, since FROM segc_states ORDER BY entity_id`), " ")
		if got != s.want {
			t.Errorf("after the run as of %s: states %s\nwant %s", s.at, got, s.want)
		}
	}
}
