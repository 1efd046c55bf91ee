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
	a := listAggOf(nil, []timeline.Stamp{{Time: 30, Row: 1}, {Time: 10, Row: 7}, {Time: 10, Row: 5}}, nil, []timeline.Stamp{{Time: 5, Row: 2}})
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

// listAggOf returns an event list (window w) holding each entity's.
func listAggOf(w []int64, lists ...[]timeline.Stamp) *listAgg {
	a := &listAgg{}
	if len(w) > 0 {
		a.window = w[0]
	}
	for e, l := range lists {
		a.set(int32(e), l)
	}
	return a
}

// TestListAggExpire: a windowed list drops the events at or before
// as-of minus its window (not those after), reports the entities that
// lost some, gives the exits of the rest, and survives a round trip
// through encode and decode (sparse: most entities hold none).
func TestListAggExpire(t *testing.T) {
	a := listAggOf([]int64{10}, []timeline.Stamp{{Time: 30, Row: 1}, {Time: 20, Row: 7}, {Time: 21, Row: 5}},
		nil, []timeline.Stamp{{Time: 25, Row: 2}}, nil, []timeline.Stamp{{Time: 18, Row: 3}})
	lost := a.expire(30)
	if fmt.Sprint(lost) != "[0 4]" || listsOf(a.stamps(5)) != "[[{21 5} {30 1}] [] [{25 2}] [] []]" {
		t.Fatalf("expire: lost %v, lists %s", lost, listsOf(a.stamps(5)))
	}
	next := []int64{99, 99, 99}
	a.exits([]int32{0, 1, 2}, next)
	if fmt.Sprint(next) != "[31 99 35]" {
		t.Errorf("exits %v", next)
	}
	e := &enc{}
	a.encode(e)
	b := &listAgg{window: 10}
	d := &dec{b: e.b, pad: 5}
	b.decode(d)
	if d.err != nil || listsOf(b.stamps(5)) != listsOf(a.stamps(5)) {
		t.Errorf("round trip: %v %s", d.err, listsOf(b.stamps(5)))
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

// TestListAggDecodeCorrupt: counts that do not add up to the events
// encoded, a negative count, or times and rows of different lengths do
// not decode.
func TestListAggDecodeCorrupt(t *testing.T) {
	for _, tc := range []struct {
		name                string
		counts, times, rows []int64
	}{
		{"too many", []int64{1, 2}, []int64{5, 6}, []int64{1, 2}},
		{"too few", []int64{1, 0}, []int64{5, 6}, []int64{1, 2}},
		{"negative", []int64{3, -1}, []int64{5, 6}, []int64{1, 2}},
		{"rows", []int64{2}, []int64{5, 6}, []int64{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &enc{}
			e.ints(tc.counts)
			e.ints(tc.times)
			e.ints(tc.rows)
			d := &dec{b: e.b}
			(&listAgg{}).decode(d)
			if d.err == nil {
				t.Error("decoded")
			}
		})
	}
}
