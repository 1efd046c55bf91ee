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
	var out []int32
	for e, d := range s.dirty {
		if d {
			out = append(out, int32(e))
		}
	}
	return out
}

// dirtyOf lists (ascending) the entities whose accumulator of aggregate
// i changed: the Dirty ones (given as dirty) and those that lost its
// tail events.
func (s *State) dirtyOf(i int, dirty []int32) []int32 {
	if i >= len(s.tailDirty) || s.tailDirty[i] == nil {
		return dirty
	}
	out := make([]int32, 0, len(dirty))
	k := 0
	for e, lost := range s.tailDirty[i] {
		if !lost {
			continue
		}
		for ; k < len(dirty) && int(dirty[k]) < e; k++ {
			out = append(out, dirty[k])
		}
		if k < len(dirty) && int(dirty[k]) == e {
			k++
		}
		out = append(out, int32(e))
	}
	return append(out, dirty[k:]...)
}

// orMarks sets in a every index set in b, growing a; with a empty, it
// returns b itself.
func orMarks(a, b []bool) []bool {
	if len(a) == 0 {
		return b
	}
	a = grow(a, len(b))
	for e, m := range b {
		a[e] = a[e] || m
	}
	return a
}

// CarryDirty adds prev's marks to s's: a resumed scan returns a new
// State, and the entities touched in the State it resumed count too.
// It takes prev's mark slices (prev is done with once resumed): when s
// has none yet, they become s's as they are instead of being copied
// mark by mark (1M entities).
func (s *State) CarryDirty(prev *State) {
	if s == prev {
		return
	}
	s.dirty = orMarks(s.dirty, prev.dirty)
	if len(prev.tailDirty) > 0 {
		s.tailDirty = grow(s.tailDirty, len(prev.tailDirty))
	}
	for i, marks := range prev.tailDirty {
		s.tailDirty[i] = orMarks(s.tailDirty[i], marks)
	}
	prev.dirty, prev.tailDirty = nil, nil
}
