package events

import (
	"github.com/segc/segc/compiler/plan"
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
	entityLists
	// window, when positive, is the window ending at as-of that the
	// lists cover (listed): expire drops the events that leave it, so a
	// keep scan notes no Next for them and the entity is not re-read.
	window int64
}

// listed reports whether a is an event list over a window ending at
// as-of, whose kept lists drop their leaving events themselves
// (listAgg.expire) instead of noting them in Next.
func listed(a *plan.Aggregate) bool { return a.Func == Stamps && a.Window > 0 && a.Until == 0 }

// expire drops the events at or before asOf - window and returns the
// entities that lost some (ascending).
func (a *listAgg) expire(asOf int64) []int32 {
	if a.window <= 0 {
		return nil
	}
	lo := asOf - a.window
	var lost []int32
	a.settle()
	a.sparse()
	for e, k := range a.slot {
		if k == 0 {
			continue
		}
		if l := a.lists[k-1]; leaving(l, lo) {
			a.lists[k-1] = kept(l, lo)
			lost = append(lost, int32(e))
		}
	}
	return lost
}

// leaving reports whether some of l is at or before lo.
func leaving(l []timeline.Stamp, lo int64) bool {
	for _, s := range l {
		if s.Time <= lo {
			return true
		}
	}
	return false
}

// kept returns a copy of the events of l after lo: l may share its array
// with stamps handed out before.
func kept(l []timeline.Stamp, lo int64) []timeline.Stamp {
	var out []timeline.Stamp
	for _, s := range l {
		if s.Time > lo {
			out = append(out, s)
		}
	}
	return out[:len(out):len(out)]
}

// exits lowers next[i] to the instant at which an event of entity
// ents[i] leaves the window (see Folder.next).
func (a *listAgg) exits(ents []int32, next []int64) {
	if a.window <= 0 {
		return
	}
	for i, e := range ents {
		for _, s := range a.of(e) {
			next[i] = min(next[i], s.Time+a.window)
		}
	}
}

func (a *listAgg) add(ents []int32, _ eval.Vec, b *batch, rows []int32) {
	for j, e := range ents {
		r := rows[j]
		a.pend(e, timeline.Stamp{Time: b.time[r], Row: b.rowid[r]})
	}
}

// result is an empty bool Vec: the events come out through stamps. It
// settles the events added, at the end of the pass that added them.
func (a *listAgg) result(n int) eval.Vec {
	a.settleTo(n)
	return eval.Alloc(types.Bool, n)
}

// stamps returns entity i's events (i < n), each list sorted: the flat
// form itself (sorted when built; the caller must not change it), else a
// copy of the lists of the entities with a slot, each sorted.
func (a *listAgg) stamps(n int) EntityStamps {
	if a.settle(); a.flat.Off != nil {
		return a.flat.over(n)
	}
	out := EntityStamps{Off: make([]int32, n+1), At: make([]timeline.Stamp, 0, a.events())}
	for i := range n {
		if i < len(a.slot) && a.slot[i] > 0 {
			l := a.lists[a.slot[i]-1]
			out.At = append(out.At, l...)
			if len(l) > 1 {
				timeline.Sort(out.At[len(out.At)-len(l):])
			}
		}
		out.Off[i+1] = int32(len(out.At))
	}
	return out
}

// encode writes each entity's list: the count of each entity's events,
// then all their times and all their rows, entity after entity.
func (a *listAgg) encode(e *enc) {
	if a.settle(); a.flat.Off != nil {
		a.encodeFlat(e)
		return
	}
	n := a.span()
	counts := make([]int64, n)
	times, rows := make([]int64, 0, a.events()), make([]int64, 0, a.events())
	for i := range n {
		l := a.of(int32(i))
		counts[i] = int64(len(l))
		for _, s := range l {
			times, rows = append(times, s.Time), append(rows, s.Row)
		}
	}
	e.ints(counts)
	e.ints(times)
	e.ints(rows)
}

// encodeFlat is encode for the flat form: the counts are the offsets'
// differences, and the times and rows are the flat array's, in order.
// Both go through the encoder's scratch array: a trigger's counts span
// the population (8 MB a list for the demo's million entities).
func (a *listAgg) encodeFlat(e *enc) {
	f := a.flat
	counts := e.scratchInts(f.Len())
	for i := range counts {
		counts[i] = int64(f.Off[i+1] - f.Off[i])
	}
	e.ints(counts)
	vals := e.scratchInts(len(f.At))
	for j, s := range f.At {
		vals[j] = s.Time
	}
	e.ints(vals)
	for j, s := range f.At {
		vals[j] = s.Row
	}
	e.ints(vals)
}

// decode reads what encode wrote. Only the counts are per entity: the
// times and rows are read without the decoder's padding. The lists are
// slices of one array, each full (an append copies), and only entities
// with events get a slot, sized once.
func (a *listAgg) decode(d *dec) {
	counts := d.ints()
	pad := d.pad
	d.pad = 0
	times, rows := d.ints(), d.ints()
	d.pad = pad
	held, ok := listsHeld(counts, len(times))
	if !ok || len(times) != len(rows) {
		d.err = errCorrupt
		return
	}
	all := make([]timeline.Stamp, len(times))
	for j := range all {
		all[j] = timeline.Stamp{Time: times[j], Row: rows[j]}
	}
	a.entityLists = entityLists{slot: make([]int32, len(counts)), lists: make([][]timeline.Stamp, 0, held)}
	k := 0
	for i, c := range counts {
		if c > 0 {
			a.lists = append(a.lists, all[k:k+int(c):k+int(c)])
			a.slot[i] = int32(len(a.lists))
			k += int(c)
		}
	}
}

// listsHeld counts the entities with events, checking that the counts
// add up to the n events encoded.
func listsHeld(counts []int64, n int) (int, bool) {
	held, sum := 0, int64(0)
	for _, c := range counts {
		if c < 0 || c > int64(n) {
			return 0, false
		}
		if c > 0 {
			held++
		}
		sum += c
	}
	return held, sum == int64(n)
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
func (a *listAgg) reset(ents []int32) {
	for _, e := range ents {
		a.set(e, nil)
	}
}

// gather returns the lists of ents, entity ents[i] renumbered i.
func (a *listAgg) gather(ents []int32) resumable {
	g := &listAgg{window: a.window}
	for i, e := range ents {
		g.set(int32(i), a.of(e))
	}
	return g
}

// scatter writes from's lists at ents (an entity without one in from
// has none after).
func (a *listAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*listAgg)
	if !ok {
		return errCorrupt
	}
	for i, e := range ents {
		if e < 0 {
			return errCorrupt
		}
		a.set(e, f.of(int32(i)))
	}
	return nil
}
