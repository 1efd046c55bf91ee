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
// updates the population bits.
func (s *Set) applySegment(j int, seg *Segment, cs []Change, interned map[string]uint32) *Segment {
	n := *seg
	n.keys = keyCol{str: seg.keys.str, ints: slices.Clone(seg.keys.ints), strs: slices.Clone(seg.keys.strs)}
	n.since = slices.Clone(seg.since)
	for _, c := range cs {
		i, found := n.keys.search(c.Key)
		switch {
		case c.Enter && !found:
			n.keys.insert(i, c.Key)
			n.since = slices.Insert(n.since, i, s.intern(interned, c.Since))
		case c.Enter && found:
			n.since[i] = s.intern(interned, c.Since)
		case !c.Enter && found:
			n.keys.remove(i)
			n.since = slices.Delete(n.since, i, i+1)
		}
		s.setBit(j, c.Key, c.Enter)
	}
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

func (k *keyCol) insert(i int, key any) {
	if k.str {
		k.strs = slices.Insert(k.strs, i, key.(string))
		return
	}
	k.ints = slices.Insert(k.ints, i, key.(int64))
}

func (k *keyCol) remove(i int) {
	if k.str {
		k.strs = slices.Delete(k.strs, i, i+1)
		return
	}
	k.ints = slices.Delete(k.ints, i, i+1)
}
