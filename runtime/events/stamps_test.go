package events

import (
	"fmt"
	"testing"

	"github.com/segc/segc/runtime/eval"
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
