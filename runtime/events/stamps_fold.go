package events

import (
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/timeline"
)

// listAgg is a Folder's state of a Stamps aggregate (a trigger clause's
// or a sequence side's matching events): each entity's events in a list
// of its own, so that reading a few entities' lists costs their events,
// not every held entity's (a scan's stampsAgg keeps one flat list, read
// once at the end). It is also a keep scan's state of an event list
// (keptAggregator): resumable, so that a State can reset it and the
// incremental daily run save it.
type listAgg struct {
	lists [][]timeline.Stamp
}

func (a *listAgg) add(ents []int32, _ eval.Vec, b *batch, rows []int32) {
	a.lists = grow(a.lists, maxEnt(ents, len(a.lists)))
	for j, e := range ents {
		r := rows[j]
		a.lists[e] = append(a.lists[e], timeline.Stamp{Time: b.time[r], Row: b.rowid[r]})
	}
}

// result is an empty bool Vec: the events come out through stamps.
func (a *listAgg) result(n int) eval.Vec { return eval.Alloc(types.Bool, n) }

// stamps returns entity i's events (i < n), each list sorted.
func (a *listAgg) stamps(n int) EntityStamps {
	out := EntityStamps{Off: make([]int32, n+1)}
	for i := range n {
		var l []timeline.Stamp
		if i < len(a.lists) {
			l = a.lists[i]
		}
		out.At = append(out.At, l...)
		out.Off[i+1] = int32(len(out.At))
		timeline.Sort(out.At[out.Off[i]:out.Off[i+1]])
	}
	return out
}

// encode writes each entity's list.
func (a *listAgg) encode(e *enc) {
	counts := make([]int64, len(a.lists))
	var times, rows []int64
	for i, l := range a.lists {
		counts[i] = int64(len(l))
		for _, s := range l {
			times, rows = append(times, s.Time), append(rows, s.Row)
		}
	}
	e.ints(counts)
	e.ints(times)
	e.ints(rows)
}

// decode reads what encode wrote. Only the counts are per entity: the
// times and rows are read without the decoder's padding.
func (a *listAgg) decode(d *dec) {
	counts := d.ints()
	pad := d.pad
	d.pad = 0
	times, rows := d.ints(), d.ints()
	d.pad = pad
	if len(times) != len(rows) {
		d.err = errCorrupt
		return
	}
	a.lists = make([][]timeline.Stamp, len(counts))
	k := 0
	for i, c := range counts {
		if c < 0 || k+int(c) > len(times) {
			d.err = errCorrupt
			return
		}
		for range c {
			a.lists[i] = append(a.lists[i], timeline.Stamp{Time: times[k], Row: rows[k]})
			k++
		}
	}
	if k != len(times) {
		d.err = errCorrupt
	}
}

// Stamps returns, for the event list that is aggregate i, every
// entity's events over n entities (false when aggregate i is not one).
func (s *State) Stamps(i, n int) (EntityStamps, bool) {
	if i >= len(s.aggs) {
		return EntityStamps{}, false
	}
	l, ok := s.aggs[i].(*listAgg)
	if !ok {
		return EntityStamps{}, false
	}
	return l.stamps(n), true
}

// reset drops the entities' events.
func (a *listAgg) reset(ents []int32) { clearAt(a.lists, ents) }

// gather returns the lists of ents, entity ents[i] renumbered i.
func (a *listAgg) gather(ents []int32) resumable {
	return &listAgg{lists: gatherAt(a.lists, ents)}
}

// scatter writes from's lists at ents.
func (a *listAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*listAgg)
	if !ok {
		return errCorrupt
	}
	return scatterAll(ents, [2]*[][]timeline.Stamp{&a.lists, &f.lists})
}
