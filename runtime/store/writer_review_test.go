package store

import (
	"context"
	"strings"
	"testing"
)

// TestFailureMidWayWritesNothing: a commit whose exited members' deletes
// (one prepared DELETE per key, run from C) or whose OR FAIL inserts
// (members with their own since) fail part-way leaves segc_members and
// segc_changes as they were: the statements before the failure, and the
// failing statement's earlier rows, are rolled back with the transaction.
func TestFailureMidWayWritesNothing(t *testing.T) {
	for _, kc := range keyCases {
		for _, tc := range []struct {
			name, trigger string
			since         bool
		}{
			{"delete", `CREATE TRIGGER boom BEFORE DELETE ON segc_members
				WHEN OLD.segment = 'vip' AND (SELECT count(*) FROM segc_members WHERE segment = 'vip') <= 3
				BEGIN SELECT RAISE(FAIL, 'injected failure'); END`, false},
			{"insert since", `CREATE TRIGGER boom BEFORE INSERT ON segc_members
				WHEN NEW.segment = 'vip' AND (SELECT count(*) FROM segc_members WHERE segment = 'vip') >= 2
				BEGIN SELECT RAISE(FAIL, 'injected failure'); END`, true},
		} {
			t.Run(kc.name+" "+tc.name, func(t *testing.T) {
				failureMidWay(t, kc.keys, tc.trigger, tc.since)
			})
		}
	}
}

func failureMidWay(t *testing.T, keys Keys, trigger string, since bool) {
	db := openDB(t)
	first := &Outcome{Keys: keys, Segments: []SegmentMembers{
		{Name: "all", Members: []int32{0}},
		{Name: "vip", Members: []int32{0, 1, 2, 3, 4}},
	}}
	next := &Outcome{Keys: keys, Segments: []SegmentMembers{
		{Name: "all", Members: []int32{0, 1, 2}},
		{Name: "vip", Members: []int32{}},
	}}
	if since {
		first.Segments[1] = SegmentMembers{Name: "vip", Members: []int32{}, Since: []int64{}}
		at := day(1).Unix()
		next.Segments[1] = SegmentMembers{Name: "vip", Members: []int32{0, 1, 2, 3, 4}, Since: []int64{at, at, at, at, at}}
	}
	commitChecked(t, db, runAt(1), first)
	before := dump(t, db, membersQuery) + dump(t, db, changesQuery)
	if _, err := db.Exec(trigger); err != nil {
		t.Fatal(err)
	}
	_, err := Commit(context.Background(), db, runAt(2), next)
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Commit error = %v, want the injected failure", err)
	}
	if after := dump(t, db, membersQuery) + dump(t, db, changesQuery); after != before {
		t.Errorf("failed commit changed storage:\n%s\nwas\n%s", after, before)
	}
	if n := count(t, db, `SELECT count(*) FROM segc_runs`); n != 1 {
		t.Errorf("%d runs stored, want 1", n)
	}
}
