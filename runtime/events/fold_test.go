package events

import (
	"fmt"
	"testing"

	"github.com/segc/segc/runtime/timeline"
)

// TestListAggStamps checks that a Folder's event lists come out per
// entity, sorted by (time, rowid) whatever the order they were folded in
// (a late event has a later rowid and an earlier time), renumbered by
// gather, and that reset empties them.
func TestListAggStamps(t *testing.T) {
	a := &listAgg{lists: [][]timeline.Stamp{
		{{Time: 30, Row: 1}, {Time: 10, Row: 7}, {Time: 10, Row: 5}},
		nil,
		{{Time: 5, Row: 2}},
	}}
	for _, tc := range []struct {
		ents []int32
		want string
	}{
		{[]int32{0, 1, 2}, "[[{10 5} {10 7} {30 1}] [] [{5 2}]]"},
		{[]int32{2, 0}, "[[{5 2}] [{10 5} {10 7} {30 1}]]"},
		{[]int32{1, 9}, "[[] []]"},
	} {
		g := a.gather(tc.ents).(*listAgg).stamps(len(tc.ents))
		if got := listsOf(g); got != tc.want {
			t.Errorf("entities %v: %s, want %s", tc.ents, got, tc.want)
		}
	}
	a.reset([]int32{0})
	if got := listsOf(a.stamps(3)); got != "[[] [] [{5 2}]]" {
		t.Errorf("after reset: %s", got)
	}
}

// listsOf prints every entity's stamps.
func listsOf(s EntityStamps) string {
	out := make([][]timeline.Stamp, s.Len())
	for i := range out {
		out[i] = append([]timeline.Stamp{}, s.Of(i)...)
	}
	return fmt.Sprint(out)
}
