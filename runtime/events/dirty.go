package events

// A State decoded from storage tracks what changed since, for its delta:
// dirty marks the entities whose accumulators or Next changed (reset,
// re-read, given events), tailDirty by aggregate the entities that only
// lost tail events of that aggregate (at 1M entities ~100k entities a day
// lose a 24h event: their delta then holds one count, not every
// aggregate's accumulators).

// touch marks entities whose saved state changed since the State was
// decoded.
func (s *State) touch(ents []int32) {
	for _, e := range ents {
		s.touchOne(e)
	}
}

func (s *State) touchOne(e int32) {
	if e < 0 {
		return
	}
	if int(e) >= len(s.dirty) {
		s.dirty = grow(s.dirty, max(int(e)+1, len(s.Next)))
	}
	s.dirty[e] = true
}

// touchTail marks entities whose accumulator of tailed aggregate i
// alone changed.
func (s *State) touchTail(i int, ents []int32) {
	if len(ents) == 0 {
		return
	}
	s.tailDirty = grow(s.tailDirty, len(s.aggs))
	for _, e := range ents {
		if e < 0 {
			continue
		}
		if int(e) >= len(s.tailDirty[i]) {
			s.tailDirty[i] = grow(s.tailDirty[i], max(int(e)+1, len(s.Next)))
		}
		s.tailDirty[i][e] = true
	}
}

// Dirty lists (ascending) the entities whose accumulators or Next changed
// since the State was decoded: reset, re-read or given events.
func (s *State) Dirty() []int32 {
	return marked(s.dirty, nil)
}

// dirtyOf lists (ascending) the entities whose accumulator of aggregate
// i changed: the Dirty ones and those that lost its tail events.
func (s *State) dirtyOf(i int) []int32 {
	var tail []bool
	if i < len(s.tailDirty) {
		tail = s.tailDirty[i]
	}
	return marked(s.dirty, tail)
}

// marked lists the indexes set in a or b.
func marked(a, b []bool) []int32 {
	var out []int32
	for e := range max(len(a), len(b)) {
		if e < len(a) && a[e] || e < len(b) && b[e] {
			out = append(out, int32(e))
		}
	}
	return out
}

// CarryDirty adds prev's marks to s's: a resumed scan returns a new
// State, and the entities touched in the State it resumed count too.
func (s *State) CarryDirty(prev *State) {
	for e, d := range prev.dirty {
		if d {
			s.touchOne(int32(e))
		}
	}
	for i, marks := range prev.tailDirty {
		s.touchTail(i, marked(marks, nil))
	}
}
