package membership

import (
	"slices"
	"time"
)

// Change is one entity entering or leaving one stored segment.
type Change struct {
	Segment string
	Key     any // int64 or string, the plan's key type
	Enter   bool
	Since   string // the entry time (store.TimeLayout) of an enter
}

// Apply returns a new Set: s with the changes of a per-entity evaluation
// at asOf (run runID) applied. s is not modified; segments without
// changes are shared. A change naming a segment s does not have is
// ignored; an entering key outside the population makes lookups search
// every segment.
func (s *Set) Apply(runID int64, asOf time.Time, changes []Change) *Set {
	out := *s
	out.RunID, out.EntitiesAsOf = runID, asOf
	bySeg := map[string][]Change{}
	for _, c := range changes {
		bySeg[c.Segment] = append(bySeg[c.Segment], c)
	}
	out.Segments = slices.Clone(s.Segments)
	out.byName = make(map[string]*Segment, len(s.byName))
	out.sinces = slices.Clone(s.sinces)
	out.bits = slices.Clone(s.bits)
	interned := map[string]uint32{}
	at := asOf.UTC().Format(time.DateTime)
	for j, seg := range s.Segments {
		cs := bySeg[seg.Name]
		if len(cs) > 0 {
			seg = out.applySegment(j, seg, cs, interned)
			seg.UpdatedAt = at
			out.Segments[j] = seg
		}
		out.byName[seg.Name] = seg
	}
	return &out
}

// applySegment returns a copy of segment j with its changes applied and
// updates the population bits. The copy is built by one merge of the
// sorted members with the changes sorted by key, O(members + changes):
// inserting each enter into the sorted slice moved the whole tail once
// per change, which at a million members cost more than the evaluation.
func (s *Set) applySegment(j int, seg *Segment, cs []Change, interned map[string]uint32) *Segment {
	cs = lastPerKey(cs, seg.keys.str)
	n := *seg
	old := &seg.keys
	n.keys = old.withCap(old.len() + len(cs))
	n.since = make([]uint32, 0, len(seg.since)+len(cs))
	i := 0
	for _, c := range cs {
		e := old.searchFrom(i, c.Key)
		n.keys.appendFrom(old, i, e)
		n.since = append(n.since, seg.since[i:e]...)
		i = e
		if i < old.len() && old.equal(i, c.Key) {
			i++ // replaced by an enter, or removed by an exit
		}
		if c.Enter {
			n.keys.appendKey(c.Key)
			n.since = append(n.since, s.intern(interned, c.Since))
		}
		s.setBit(j, c.Key, c.Enter)
	}
	n.keys.appendFrom(old, i, old.len())
	n.since = append(n.since, seg.since[i:]...)
	return &n
}

// setBit records membership j of key in the population bits.
func (s *Set) setBit(j int, key any, member bool) {
	p, inPop := s.pop.search(key)
	if !inPop {
		if member {
			s.stray = true
		}
		return
	}
	w := &s.bits[p*s.words+j/64]
	if member {
		*w |= 1 << (j % 64)
	} else {
		*w &^= 1 << (j % 64)
	}
}
