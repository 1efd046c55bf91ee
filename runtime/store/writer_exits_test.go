package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestExitsByScanAndByPoint commits a segment's members, then a next
// membership whose exits are deleted by one scan of the segment (a large
// share of its members) or by point deletes (a small one), with int and
// text keys whose numeric and text orders differ, and checks that exactly
// the exits left: every stayer keeps its row and first since.
func TestExitsByScanAndByPoint(t *testing.T) {
	ints := Keys{}
	strs := Keys{}
	for i := range 40 {
		ints.Ints = append(ints.Ints, int64(i*i*37)-500)
		strs.Strs = append(strs.Strs, fmt.Sprintf("k%d", i*7%40))
	}
	strs.Strs[3] = ""
	all := make([]int32, 40)
	for i := range all {
		all[i] = int32(i)
	}
	tests := []struct {
		name string
		next func(i int32) bool
		scan bool
	}{
		{"most exit", func(i int32) bool { return i%7 == 3 }, true},
		{"all exit", func(i int32) bool { return false }, true},
		{"the share exits", func(i int32) bool { return i%10 != 4 }, true},
		{"below the share", func(i int32) bool { return i%13 != 5 }, false},
		{"exits and entries", func(i int32) bool { return i%3 == 0 || i > 36 }, true},
	}
	for kind, keys := range map[string]Keys{"int": ints, "text": strs} {
		for _, tc := range tests {
			t.Run(tc.name+" "+kind, func(t *testing.T) {
				var first, next []int32
				for _, i := range all {
					if i < 38 {
						first = append(first, i)
					}
					if tc.next(i) {
						next = append(next, i)
					}
				}
				exits := 0
				for _, i := range first {
					if !tc.next(i) {
						exits++
					}
				}
				if scanExits(exits, len(first)) != tc.scan {
					t.Fatalf("%d exits of %d: scan = %v, want %v", exits, len(first), !tc.scan, tc.scan)
				}
				db := openDB(t)
				commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{
					{Name: "a", Members: all}, {Name: "s", Members: first}, {Name: "z", Members: all}}})
				commitChecked(t, db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{
					{Name: "a", Members: all}, {Name: "s", Members: next}, {Name: "z", Members: all}}})
				got := dump(t, db, `SELECT quote(entity_id), since FROM segc_members WHERE segment = 's' ORDER BY entity_id`)
				if want := wantMembers(keys, first, next); got != want {
					t.Errorf("members of s:\n%s\nwant\n%s", got, want)
				}
				if n := count(t, db, `SELECT count(*) FROM segc_members WHERE segment != 's'`); n != 80 {
					t.Errorf("%d members in the other segments, want 80", n)
				}
			})
		}
	}
}

// wantMembers renders next's members in key order as the test's dump
// does, each with the first run's since if it was in first, else the
// second's.
func wantMembers(keys Keys, first, next []int32) string {
	order := slices.Clone(next)
	slices.SortFunc(order, func(a, b int32) int {
		if keys.Strs != nil {
			return strings.Compare(keys.Strs[a], keys.Strs[b])
		}
		return cmp.Compare(keys.Ints[a], keys.Ints[b])
	})
	var b strings.Builder
	for _, i := range order {
		if keys.Strs != nil {
			fmt.Fprintf(&b, "'%s'|", keys.Strs[i])
		} else {
			fmt.Fprintf(&b, "%d|", keys.Ints[i])
		}
		since := day(2)
		if slices.Contains(first, i) {
			since = day(1)
		}
		b.WriteString(FormatTime(since) + "\n")
	}
	return b.String()
}

// TestScanExitsKeepsOtherKind: a segment holding a key as both an integer
// and a text (left over from a change of key type) loses only the exited
// kind when its exits are deleted by scan: int 5 exiting keeps text '5'.
func TestScanExitsKeepsOtherKind(t *testing.T) {
	keys := Keys{Strs: []string{"5", "6", "7"}}
	db := openDB(t)
	commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0, 1}}}})
	if _, err := db.Exec(`INSERT INTO segc_members VALUES ('s', 5, '2026-06-01 00:00:00'), ('s', 6, '2026-06-01 00:00:00')`); err != nil {
		t.Fatal(err)
	}
	sum := commitChecked(t, db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0, 1, 2}}}})
	if c := sum.Segments[0]; !scanExits(c.Exited, c.Size-c.Entered+c.Exited) {
		t.Fatalf("%+v: exits not deleted by scan", c)
	}
	got := dump(t, db, membersQuery)
	want := "s|'5'|2026-06-01 00:00:00\ns|'6'|2026-06-01 00:00:00\ns|'7'|2026-06-02 00:00:00\n"
	if got != want {
		t.Errorf("members:\n%s\nwant\n%s", got, want)
	}
}
