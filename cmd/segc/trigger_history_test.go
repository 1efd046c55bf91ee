package main

import (
	"strings"
	"testing"
	"time"
)

// TestTriggerHistoryByKey: a member whose merged interval starts before
// the trigger's horizon is recomputed from its own events, read by key
// when an index leads with the key column and by a full pass otherwise;
// both give since = the start of the whole chain.
func TestTriggerHistoryByKey(t *testing.T) {
	tests := []struct {
		name, index string
	}{
		{"full pass", ""},
		{"by key", `CREATE INDEX events_by_customer ON events(customer_id, ts)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var evs []timeEvent
			for at := day("2025-10-01 10:00:00"); !at.After(day("2026-03-01 00:00:00")); at = at.Add(4 * 24 * time.Hour) {
				evs = append(evs, timeEvent{1, at.Format(time.DateTime), "purchase", 300})
			}
			evs = append(evs, timeEvent{2, "2026-02-27 10:00:00", "purchase", 300})
			evs = append(evs, timeEvent{3, "2026-01-27 10:00:00", "purchase", 300})
			db := openTest(t, timeDB(t, 3, evs))
			if tt.index != "" {
				mustExec(t, db, tt.index)
			}
			p := compileSource(t, `trigger big_order {
  on events where type == "purchase" and amount > 200
  enter big_buyers for 5d
}`)
			runAt(t, db, p, day("2026-03-01 12:00:00"))
			got := strings.Join(storedRows(t, db, `SELECT entity_id, since FROM segc_members WHERE segment = 'big_buyers' ORDER BY entity_id`), " ")
			want := "1|2025-10-01 10:00:00 2|2026-02-27 10:00:00"
			if got != want {
				t.Errorf("big_buyers = %s\nwant %s", got, want)
			}
		})
	}
}
