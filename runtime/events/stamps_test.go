package events

import (
	"fmt"
	"testing"

	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/timeline"
)

// TestStampsGroupsByEntity: events added in any order come back grouped
// by entity, each list sorted by (time, row), entities without events
// empty; Gather reorders and pads.
func TestStampsGroupsByEntity(t *testing.T) {
	a := &stampsAgg{}
	b := &batch{time: []int64{50, 10, 30, 10, 20}, rowid: []int64{1, 2, 3, 4, 5}}
	a.add([]int32{2, 0, 2, 2, 0}, eval.Vec{}, b, []int32{0, 1, 2, 3, 4})
	s := a.stamps(4)
	got := ""
	for i := 0; i < s.Len(); i++ {
		got += fmt.Sprint(s.Of(i))
	}
	if want := "[{10 2} {20 5}][][{10 4} {30 3} {50 1}][]"; got != want {
		t.Errorf("lists = %s, want %s", got, want)
	}
	g := s.Gather([]int32{2, 7, 0})
	if got, want := fmt.Sprint(g.Of(0), g.Of(1), g.Of(2), g.Of(3)), "[{10 4} {30 3} {50 1}] [] [{10 2} {20 5}] []"; got != want {
		t.Errorf("gathered = %s, want %s", got, want)
	}
	var none EntityStamps
	if none.Of(0) != nil || none.Len() != 0 {
		t.Error("the zero EntityStamps must hold no entity")
	}
}

// TestListAggAddSettles: events a keep scan adds in scan order come out
// grouped by entity and sorted (the flat form), padded to the
// population, and read the same by of, events and encode; events added
// to a state that already holds some join each entity's list; and an
// expire after stamps were handed out leaves those stamps as they were.
func TestListAggAddSettles(t *testing.T) {
	a := &listAgg{window: 100}
	b := &batch{time: []int64{50, 10, 30, 10, 20}, rowid: []int64{1, 2, 3, 4, 5}}
	a.add([]int32{2, 0, 2, 2, 0}, eval.Vec{}, b, []int32{0, 1, 2, 3, 4})
	a.result(4)
	s := a.stamps(4)
	if got, want := listsOf(s), "[[{10 2} {20 5}] [] [{10 4} {30 3} {50 1}] []]"; got != want {
		t.Fatalf("stamps = %s, want %s", got, want)
	}
	if a.events() != 5 || len(a.of(2)) != 3 || a.of(1) != nil || a.of(7) != nil {
		t.Errorf("events %d, of(2) %v, of(1) %v, of(7) %v", a.events(), a.of(2), a.of(1), a.of(7))
	}
	e := &enc{}
	a.encode(e)
	r := &listAgg{window: 100}
	d := &dec{b: e.b, pad: 4}
	r.decode(d)
	if d.err != nil || listsOf(r.stamps(4)) != listsOf(s) {
		t.Fatalf("round trip: %v %s", d.err, listsOf(r.stamps(4)))
	}
	more := &batch{time: []int64{5, 60}, rowid: []int64{9, 8}}
	a.add([]int32{0, 3}, eval.Vec{}, more, []int32{0, 1})
	if got, want := listsOf(a.stamps(4)), "[[{5 9} {10 2} {20 5}] [] [{10 4} {30 3} {50 1}] [{60 8}]]"; got != want {
		t.Errorf("after more events: %s, want %s", got, want)
	}
	if lost := a.expire(115); fmt.Sprint(lost) != "[0 2]" {
		t.Errorf("expire lost %v", lost)
	}
	if got, want := listsOf(s), "[[{10 2} {20 5}] [] [{10 4} {30 3} {50 1}] []]"; got != want {
		t.Errorf("stamps handed out before expire = %s, want %s", got, want)
	}
	if got, want := listsOf(a.stamps(4)), "[[{20 5}] [] [{30 3} {50 1}] [{60 8}]]"; got != want {
		t.Errorf("after expire: %s, want %s", got, want)
	}
}

// TestOver: over n entities, a list is padded with entities without
// events, or cut to its first n.
func TestOver(t *testing.T) {
	s := groupStamps([]int32{1, 2}, []timeline.Stamp{{Time: 3, Row: 1}, {Time: 4, Row: 2}}, 0)
	for _, tc := range []struct {
		s    EntityStamps
		n    int
		want string
	}{
		{s, 5, "[[] [{3 1}] [{4 2}] [] []]"},
		{s, 3, "[[] [{3 1}] [{4 2}]]"},
		{s, 2, "[[] [{3 1}]]"},
		{s, 0, "[]"},
		{EntityStamps{}, 2, "[[] []]"},
		{EntityStamps{}, 0, "[]"},
	} {
		got := tc.s.over(tc.n)
		if listsOf(got) != tc.want || got.Len() != tc.n || len(got.At) != int(got.Off[tc.n]) {
			t.Errorf("over(%d) = %s (%d entities, %d events), want %s", tc.n, listsOf(got), got.Len(), len(got.At), tc.want)
		}
	}
}
