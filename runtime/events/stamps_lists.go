package events

import "github.com/segc/segc/runtime/timeline"

// entityLists holds a list of events per entity, sparsely: slot[e] is
// entity e's list in lists plus one (0: none). A population of which few
// entities have events in a trigger's horizon costs 4 bytes per entity
// instead of a slice header (24: 72 MB for three lists at 1M entities).
// An entity keeps its slot once it has one, even when its list empties.
type entityLists struct {
	slot  []int32
	lists [][]timeline.Stamp
}

// of returns entity e's events (nil: none).
func (l *entityLists) of(e int32) []timeline.Stamp {
	if e >= 0 && int(e) < len(l.slot) && l.slot[e] > 0 {
		return l.lists[l.slot[e]-1]
	}
	return nil
}

// set makes s entity e's events.
func (l *entityLists) set(e int32, s []timeline.Stamp) {
	if len(s) == 0 && l.of(e) == nil {
		return
	}
	l.slotOf(e)
	l.lists[l.slot[e]-1] = s
}

// push appends one event to entity e's.
func (l *entityLists) push(e int32, s timeline.Stamp) {
	k := l.slotOf(e)
	l.lists[k] = append(l.lists[k], s)
}

// slotOf returns entity e's index in lists, giving it one if it has none.
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
	n := 0
	for _, s := range l.lists {
		n += len(s)
	}
	return n
}
