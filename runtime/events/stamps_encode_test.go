package events

import (
	"testing"

	"github.com/segc/segc/runtime/eval"
)

// TestFlatListsEncodeTogether checks that lists in the flat form encoded
// one after another into one encoder (as a state's trigger lists are,
// sharing its scratch array) each decode to themselves, a larger list
// before a smaller one and the other way round.
func TestFlatListsEncodeTogether(t *testing.T) {
	flat := func(ents []int32, times ...int64) *listAgg {
		a := &listAgg{}
		rowid, rows := make([]int64, len(times)), make([]int32, len(times))
		for j := range times {
			rowid[j], rows[j] = int64(j+1), int32(j)
		}
		a.add(ents, eval.Vec{}, &batch{time: times, rowid: rowid}, rows)
		a.result(6)
		return a
	}
	big := func() *listAgg { return flat([]int32{5, 0, 5, 3, 1, 5}, 60, 10, 40, 30, 20, 50) }
	small := func() *listAgg { return flat([]int32{2}, 70) }
	for _, order := range [][2]func() *listAgg{{big, small}, {small, big}} {
		x, y := order[0](), order[1]()
		e := &enc{}
		x.encode(e)
		y.encode(e)
		d := &dec{b: e.b, pad: 6}
		rx, ry := &listAgg{}, &listAgg{}
		rx.decode(d)
		ry.decode(d)
		if d.err != nil {
			t.Fatal(d.err)
		}
		for _, p := range [][2]*listAgg{{rx, x}, {ry, y}} {
			if got, want := listsOf(p[0].stamps(6)), listsOf(p[1].stamps(6)); got != want {
				t.Errorf("decoded %s, want %s", got, want)
			}
		}
	}
}
