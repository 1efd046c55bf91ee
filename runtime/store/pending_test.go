package store

import (
	"context"
	"errors"
	"testing"
)

// pendingOutcome is outcome with segment "vip" pending: Later fills in its
// members, as a cluster trained during the store does.
func pendingOutcome(keys Keys, segs map[string][]int32, later func(*Outcome) error) *Outcome {
	out := outcome(keys, segs)
	for i := range out.Segments {
		if out.Segments[i].Name == "vip" {
			members := out.Segments[i].Members
			out.Segments[i].Members, out.Segments[i].Pending = nil, true
			out.Later = func() error {
				out.Segments[i].Members = members
				return later(out)
			}
		}
	}
	return out
}

func TestPendingSegmentsEqualReadyOnes(t *testing.T) {
	keys := Keys{Ints: []int64{1, 2, 3}}
	runs := []map[string][]int32{
		{"vip": {0}, "all": {0, 1, 2}, "none": {}},
		{"vip": {1, 2}, "all": {0, 1}},
	}
	ready, pending := openDB(t), openDB(t)
	for d, segs := range runs {
		calls := 0
		want := commitChecked(t, ready, runAt(d+1), outcome(keys, segs))
		got, err := Commit(context.Background(), pending, runAt(d+1), pendingOutcome(keys, segs, func(*Outcome) error { calls++; return nil }))
		if err != nil {
			t.Fatal(err)
		}
		if calls != 1 {
			t.Errorf("run %d: Later called %d times, want once", d+1, calls)
		}
		if a, b := summaryText(got), summaryText(want); a != b {
			t.Errorf("run %d: summary with a pending segment\n%s\nwant\n%s", d+1, a, b)
		}
	}
	for _, q := range []string{membersQuery, changesQuery} {
		if a, b := dump(t, ready, q), dump(t, pending, q); a != b {
			t.Errorf("%s:\npending\n%s\nready\n%s", q, b, a)
		}
	}
}

func TestPendingFailureRollsBack(t *testing.T) {
	db := openDB(t)
	keys := Keys{Ints: []int64{1, 2, 3}}
	commitChecked(t, db, runAt(1), outcome(keys, map[string][]int32{"vip": {0}, "all": {0, 1, 2}}))
	before := dump(t, db, membersQuery) + dump(t, db, changesQuery)
	boom := errors.New("training failed")
	_, err := Commit(context.Background(), db, runAt(2), pendingOutcome(keys, map[string][]int32{"vip": {2}, "all": {1}},
		func(*Outcome) error { return boom }))
	if !errors.Is(err, boom) {
		t.Fatalf("Commit error = %v, want the pending work's", err)
	}
	if after := dump(t, db, membersQuery) + dump(t, db, changesQuery); after != before {
		t.Errorf("a failed Later left writes behind:\n%s\nwas\n%s", after, before)
	}
}
