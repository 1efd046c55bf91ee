package outbox

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// vipRuns are the memberships of vip over entities 1..4, run by run:
// run 1 is the baseline, then 2 enters, 1 exits, 4 enters.
var vipRuns = []map[string][]int32{
	{"vip": {0}},
	{"vip": {0, 1}},
	{"vip": {1}},
	{"vip": {1, 3}},
}

// commitVIP commits vipRuns[i] (day i) without the outbox hook, as a
// batch run that does not know the destination.
func commitVIP(t *testing.T, db *sql.DB, i int) {
	t.Helper()
	must(t, commitRun(t, db, i, 4, vipRuns[i], nil))
}

func markOf(t *testing.T, db *sql.DB, dest string) int {
	t.Helper()
	return count(t, db, `SELECT coalesce((SELECT run_id FROM segc_outbox_marks WHERE destination = '`+dest+`'), -1)`)
}

// TestHookCatchesUpRunsAfterTheMark: runs committed without the hook
// (segc run without the destination) are enqueued, in order, by the next
// hooked commit, and the mark follows.
func TestHookCatchesUpRunsAfterTheMark(t *testing.T) {
	db := openTestDB(t)
	d := testDest("http://127.0.0.1:9/", "vip")
	var got []Queued
	hook := HookReporting([]Destination{d}, time.Now, func(q Queued) { got = append(got, q) })
	must(t, commitRun(t, db, 0, 4, vipRuns[0], hook)) // first seen: starts at run 1
	if markOf(t, db, "crm") != 1 || len(got) != 1 || !got[0].First || got[0].Rows != 0 {
		t.Fatalf("after the first hooked run: mark %d, queued %+v", markOf(t, db, "crm"), got)
	}
	commitVIP(t, db, 1)
	commitVIP(t, db, 2)
	got = nil
	must(t, commitRun(t, db, 3, 4, vipRuns[3], hook))
	want := "crm:2:enter:vip:2 crm:3:exit:vip:1 crm:4:enter:vip:4"
	if keys := dumpKeys(t, db); keys != want {
		t.Errorf("outbox %q, want %q", keys, want)
	}
	if markOf(t, db, "crm") != 4 || len(got) != 1 || got[0] != (Queued{Destination: "crm", Rows: 3, Runs: 3}) {
		t.Errorf("mark %d, queued %+v; want mark 4 and 3 rows over 3 runs", markOf(t, db, "crm"), got)
	}
}

// TestCatchUp: runs after the mark are enqueued once, whatever the
// number of catch-ups; a first-seen destination starts at the latest
// run (no replay), unless it wants a baseline, which gets a snapshot of
// the current members; a database from before marks starts after the
// destination's latest outbox row.
func TestCatchUp(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		baseline bool
		setup    string // SQL run after run 1
		want     string // outbox keys after runs 2..4 and a catch-up
		wantQ    Queued
	}{
		{name: "marked", setup: `INSERT INTO segc_outbox_marks VALUES ('crm', 1)`,
			want: "crm:2:enter:vip:2 crm:3:exit:vip:1 crm:4:enter:vip:4", wantQ: Queued{Destination: "crm", Rows: 3, Runs: 3}},
		{name: "marked, baseline", baseline: true, setup: `INSERT INTO segc_outbox_marks VALUES ('crm', 1)`,
			want: "crm:2:enter:vip:2 crm:3:exit:vip:1 crm:4:enter:vip:4", wantQ: Queued{Destination: "crm", Rows: 3, Runs: 3}},
		{name: "first seen", want: "", wantQ: Queued{Destination: "crm", First: true}},
		{name: "first seen with baseline", baseline: true,
			want: "crm:4:enter:vip:2 crm:4:enter:vip:4", wantQ: Queued{Destination: "crm", Rows: 2, Runs: 1, First: true}},
		{name: "rows from before marks", setup: `INSERT INTO segc_outbox(destination, segment, entity_id, change, at, run_id, idempotency_key, next_attempt_at)
			VALUES ('crm', 'vip', 1, 'enter', '2026-06-01 00:00:00', 1, 'old', 0)`,
			want: "old crm:2:enter:vip:2 crm:3:exit:vip:1 crm:4:enter:vip:4", wantQ: Queued{Destination: "crm", Rows: 3, Runs: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := openTestDB(t)
			d := testDest("http://127.0.0.1:9/", "vip")
			d.Baseline = tc.baseline
			commitVIP(t, db, 0)
			must(t, EnsureSchema(ctx, db))
			if tc.setup != "" {
				_, err := db.Exec(tc.setup)
				must(t, err)
			}
			for i := 1; i < len(vipRuns); i++ {
				commitVIP(t, db, i)
			}
			q, err := CatchUp(ctx, db, []Destination{d}, time.Now)
			must(t, err)
			if keys := dumpKeys(t, db); keys != tc.want {
				t.Errorf("outbox %q, want %q", keys, tc.want)
			}
			if len(q) != 1 || q[0] != tc.wantQ || markOf(t, db, "crm") != 4 {
				t.Errorf("queued %+v, mark %d; want %+v and mark 4", q, markOf(t, db, "crm"), tc.wantQ)
			}
			q, err = CatchUp(ctx, db, []Destination{d}, time.Now)
			must(t, err)
			if keys := dumpKeys(t, db); keys != tc.want || q[0].Rows != 0 {
				t.Errorf("a second catch-up queued %+v: outbox %q", q, keys)
			}
		})
	}
}

// TestCatchUpSkipsFailedRuns: a failed run between the mark and the
// latest run holds no changes and does not stop the catch-up.
func TestCatchUpSkipsFailedRuns(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	d := testDest("http://127.0.0.1:9/", "vip")
	must(t, commitRun(t, db, 0, 4, vipRuns[0], Hook([]Destination{d}, time.Now)))
	_, err := db.Exec(`INSERT INTO segc_runs(started_at, as_of, plan_hash, status, error) VALUES ('2026-06-02 00:00:00', '2026-06-02 00:00:00', 'h', 'failed', 'boom')`)
	must(t, err)
	commitVIP(t, db, 1)
	if _, err := CatchUp(ctx, db, []Destination{d}, time.Now); err != nil {
		t.Fatal(err)
	}
	if keys, want := dumpKeys(t, db), "crm:3:enter:vip:2"; keys != want || markOf(t, db, "crm") != 3 {
		t.Errorf("outbox %q, mark %d; want %q and mark 3", keys, markOf(t, db, "crm"), want)
	}
}

// TestHookFirstSeenBaseline: a Baseline destination first seen by a
// hooked commit on a database with history gets one enter per member as
// of that run, and none of the older changes nor that run's exits.
func TestHookFirstSeenBaseline(t *testing.T) {
	db := openTestDB(t)
	for i := range 3 {
		commitVIP(t, db, i)
	}
	d := testDest("http://127.0.0.1:9/", "vip")
	d.Baseline = true
	must(t, commitRun(t, db, 3, 4, vipRuns[3], Hook([]Destination{d}, time.Now)))
	if keys, want := dumpKeys(t, db), "crm:4:enter:vip:2 crm:4:enter:vip:4"; keys != want || markOf(t, db, "crm") != 4 {
		t.Errorf("outbox %q, mark %d; want %q and mark 4", keys, markOf(t, db, "crm"), want)
	}
}
