package events

import (
	"slices"

	"github.com/segc/segc/runtime/timeline"
)

// entityLists holds a list of events per entity, in one of two forms.
// Flat (flat.Off set): every entity's events in one array, by entity,
// each list sorted, as a scan's events grouped at once leave them: a
// cold keep scan adds ~600k events of the demo's trigger lists, which
// cost one array instead of a list grown event by event per entity, and
// come out (stamps) and are encoded without a copy. Sparse (otherwise):
// slot[e] is entity e's list in lists plus one (0: none), 4 bytes per
// entity instead of a slice header; the first change to a single
// entity's list (set, expire) turns a flat form sparse. An entity keeps
// its slot once it has one, even when its list empties. Events added
// (pend) wait in add order until the next read (settle).
type entityLists struct {
	slot  []int32
	lists [][]timeline.Stamp
	flat  EntityStamps
	// pendEnt and pendAt are the events added since the last settle.
	pendEnt []int32
	pendAt  []timeline.Stamp
}

// of returns entity e's events (nil: none).
func (l *entityLists) of(e int32) []timeline.Stamp {
	l.settle()
	if l.flat.Off != nil {
		if s := l.flat.Of(int(e)); len(s) > 0 {
			return s
		}
		return nil
	}
	if e >= 0 && int(e) < len(l.slot) && l.slot[e] > 0 {
		return l.lists[l.slot[e]-1]
	}
	return nil
}

// span is one past the largest entity that may hold events.
func (l *entityLists) span() int {
	l.settle()
	if l.flat.Off != nil {
		return l.flat.Len()
	}
	return len(l.slot)
}

// set makes s entity e's events.
func (l *entityLists) set(e int32, s []timeline.Stamp) {
	if len(s) == 0 && l.of(e) == nil {
		return
	}
	l.sparse()
	l.lists[l.slotOf(e)] = s
}

// pend adds one event of entity e.
func (l *entityLists) pend(e int32, s timeline.Stamp) {
	l.pendEnt = appendDoubling(l.pendEnt, e)
	l.pendAt = appendDoubling(l.pendAt, s)
}

// appendDoubling appends x, doubling the capacity when s is full: append
// grows large slices by a quarter, which for a scan's hundreds of
// thousands of events allocates and copies about five times the final
// size instead of twice.
func appendDoubling[T any](s []T, x T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 256))
	}
	return append(s, x)
}

// settle files the pending events: see settleTo.
func (l *entityLists) settle() { l.settleTo(0) }

// settleTo files the pending events. When no entity holds any event yet
// (a cold keep scan), they are grouped by entity at once into the flat
// form, over at least n entities so that stamps over n need not pad it.
// Otherwise (a daily scan adds a few events to a restored state) each is
// appended to its entity's list, without arrays sized by the population.
func (l *entityLists) settleTo(n int) {
	if len(l.pendEnt) == 0 {
		return
	}
	ents, at := l.pendEnt, l.pendAt
	l.pendEnt, l.pendAt = nil, nil
	if l.events() == 0 {
		l.slot, l.lists, l.flat = nil, nil, groupStamps(ents, at, n)
		return
	}
	l.sparse()
	for j, e := range ents {
		k := l.slotOf(e)
		l.lists[k] = append(l.lists[k], at[j])
	}
}

// sparse turns the flat form into slots and lists (each list a full
// slice of the flat array, so that an append copies).
func (l *entityLists) sparse() {
	f := l.flat
	if f.Off == nil {
		return
	}
	l.flat = EntityStamps{}
	l.slot = make([]int32, f.Len())
	for e := range f.Len() {
		if s := f.Of(e); len(s) > 0 {
			l.lists = append(l.lists, s)
			l.slot[e] = int32(len(l.lists))
		}
	}
}

// slotOf returns entity e's index in lists, giving it one if it has none
// (sparse form only).
func (l *entityLists) slotOf(e int32) int32 {
	if int(e) >= len(l.slot) {
		l.slot = grow(l.slot, int(e)+1)
	}
	if l.slot[e] == 0 {
		l.lists = append(l.lists, nil)
		l.slot[e] = int32(len(l.lists))
	}
	return l.slot[e] - 1
}

// events is the number of events held.
func (l *entityLists) events() int {
	l.settle()
	if l.flat.Off != nil {
		return len(l.flat.At)
	}
	n := 0
	for _, s := range l.lists {
		n += len(s)
	}
	return n
}
