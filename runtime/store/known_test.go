package store

import (
	"context"
	"testing"
)

// TestKnownChange: a segment with a known change is written like the
// diff would write it (entries, exits, gone members), and a known change
// that disagrees with the stored member count falls back to the diff.
func TestKnownChange(t *testing.T) {
	keys := Keys{Ints: []int64{10, 20, 30, 40}}
	seg := func(members []int32, k *KnownChange) *Outcome {
		return &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: members, Known: k}}}
	}
	// mark: 0 none, 1 segc_changes' end after the first run, -1 another.
	tests := []struct {
		name    string
		second  *KnownChange
		mark    int
		summary string
		members string
	}{
		{"known", &KnownChange{Entered: []int32{3}, Exited: []int32{1}, Gone: Keys{Ints: []int64{50}}}, 0,
			"s 2 +1 -2", "30|0|s\n40|1|s\n"},
		{"wrong count falls back", &KnownChange{Entered: []int32{3}}, 0,
			"s 2 +1 -2", "30|0|s\n40|1|s\n"},
		// With a mark that holds, the change is taken as given (here it
		// leaves out the gone 50, which therefore stays): no count, no read.
		{"mark holds", &KnownChange{Entered: []int32{3}, Exited: []int32{1}}, 1,
			"s 2 +1 -1", "30|0|s\n40|1|s\n50|0|s\n"},
		{"stale mark falls back", &KnownChange{Entered: []int32{3}, Exited: []int32{1}}, -1,
			"s 2 +1 -2", "30|0|s\n40|1|s\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			first := &Outcome{Keys: Keys{Ints: []int64{10, 20, 30, 50}}, Segments: []SegmentMembers{{Name: "s", Members: []int32{1, 2, 3}}}}
			commitChecked(t, db, runAt(1), first)
			if tt.mark != 0 {
				mark, err := ChangesMark(context.Background(), db)
				if err != nil || mark == 0 {
					t.Fatalf("ChangesMark = %d, %v", mark, err)
				}
				tt.second.Mark = mark
				if tt.mark < 0 {
					tt.second.Mark = mark + 1
				}
			}
			sum := commitChecked(t, db, runAt(2), seg([]int32{2, 3}, tt.second))
			wantSummary(t, sum, tt.summary)
			got := dump(t, db, `SELECT entity_id, since > '2026-06-01 00:00:00', segment FROM segc_members ORDER BY 1`)
			if got != tt.members {
				t.Errorf("members:\n%s\nwant\n%s", got, tt.members)
			}
		})
	}
}

// TestKnownChangeOfRemovedSegment: a known change whose mark holds is
// not taken for a segment that has no stored rows while the change
// implies some (a segment removed in the previous run, whose members a
// state saved before 2a10f7a kept): the diff stores every member.
func TestKnownChangeOfRemovedSegment(t *testing.T) {
	db := openDB(t)
	keys := Keys{Ints: []int64{10, 20, 30}}
	commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0, 1}}, {Name: "t", Members: []int32{0}}}})
	commitChecked(t, db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "t", Members: []int32{0}}}})
	mark, err := ChangesMark(context.Background(), db)
	if err != nil || mark == 0 {
		t.Fatalf("ChangesMark = %d, %v", mark, err)
	}
	// The stale state: s still {10, 20}; now {20, 30}, so 30 entered, 10 exited.
	known := &KnownChange{Entered: []int32{2}, Exited: []int32{0}, Mark: mark}
	commitChecked(t, db, runAt(3), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{1, 2}, Known: known}, {Name: "t", Members: []int32{0}}}})
	got := dump(t, db, `SELECT entity_id FROM segc_members WHERE segment = 's' ORDER BY 1`)
	if want := "20\n30\n"; got != want {
		t.Errorf("members of s:\n%s\nwant\n%s", got, want)
	}
}
