package events

import "github.com/segc/segc/runtime/timeline"

// The methods below make a Stamps aggregate's state resumable, so that a
// Folder can keep the matching events of a windowed event list (a
// trigger's clauses, a sequence's sides) and add new ones. The
// incremental daily run still never saves one (Resumable is false for
// Stamps): a list holds every matching event, not a summary.

// encode writes the recorded (entity, time, rowid) triples.
func (a *stampsAgg) encode(e *enc) {
	ents := make([]int64, len(a.ents))
	times := make([]int64, len(a.at))
	rows := make([]int64, len(a.at))
	for i, x := range a.ents {
		ents[i] = int64(x)
	}
	for i, s := range a.at {
		times[i], rows[i] = s.Time, s.Row
	}
	e.ints(ents)
	e.ints(times)
	e.ints(rows)
}

// decode reads what encode wrote.
func (a *stampsAgg) decode(d *dec) {
	ents, times, rows := d.ints(), d.ints(), d.ints()
	if len(ents) != len(times) || len(ents) != len(rows) {
		d.err = errCorrupt
		return
	}
	a.ents, a.at = make([]int32, len(ents)), make([]timeline.Stamp, len(ents))
	for i := range ents {
		a.ents[i], a.at[i] = int32(ents[i]), timeline.Stamp{Time: times[i], Row: rows[i]}
	}
}

// reset drops the entities' events.
func (a *stampsAgg) reset(ents []int32) {
	if len(ents) == 0 || len(a.ents) == 0 {
		return
	}
	gone := make(map[int32]bool, len(ents))
	for _, e := range ents {
		gone[e] = true
	}
	k := 0
	for i, e := range a.ents {
		if !gone[e] {
			a.ents[k], a.at[k] = e, a.at[i]
			k++
		}
	}
	a.ents, a.at = a.ents[:k], a.at[:k]
}

// gather returns the events of ents, entity ents[i] renumbered i.
func (a *stampsAgg) gather(ents []int32) resumable {
	pos := make(map[int32]int32, len(ents))
	for i, e := range ents {
		pos[e] = int32(i)
	}
	out := &stampsAgg{}
	for i, e := range a.ents {
		if p, ok := pos[e]; ok {
			out.ents = append(out.ents, p)
			out.at = append(out.at, a.at[i])
		}
	}
	return out
}

// scatter replaces the events of ents by from's (from's entity i is
// ents[i]).
func (a *stampsAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*stampsAgg)
	if !ok {
		return errCorrupt
	}
	a.reset(ents)
	for i, p := range f.ents {
		if int(p) >= len(ents) {
			return errCorrupt
		}
		a.ents = append(a.ents, ents[p])
		a.at = append(a.at, f.at[i])
	}
	return nil
}
