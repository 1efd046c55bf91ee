package events

import (
	"fmt"
	"math"
	"slices"

	"github.com/segc/segc/compiler/plan"
)

// A State is saved as a base (every entity's accumulators and Next), its
// tails, and deltas: a delta holds the accumulators and Next of the
// entities a resumed scan touched (Dirty), and of the entities whose
// tailed aggregates alone lost events, those aggregates' accumulators
// (dirtyOf), so a daily run writes what changed instead of the whole
// state. Loading applies the deltas to the base in the order they were
// written.

// deltaMagic starts every encoded delta (format 5: edge picks as in
// stateMagic's format 6; 4 had an entity list per aggregate, 3 one for
// all).
const deltaMagic = 0x5e9cd005

// EncodeDelta encodes, per aggregate, the accumulators of the entities
// whose accumulator of it changed (dirtyOf), and the Next of the Dirty
// entities.
func (s *State) EncodeDelta() ([]byte, error) {
	ents := s.Dirty()
	e := &enc{b: make([]byte, 0, 16*len(ents)+1024)}
	e.uvarint(deltaMagic)
	e.ints(int64s(ents))
	e.uvarint(uint64(len(s.aggs)))
	for i, a := range s.aggs {
		r, ok := a.(resumable)
		if !ok {
			return nil, fmt.Errorf("aggregate %d cannot be saved", i)
		}
		own := s.dirtyOf(i, ents)
		e.ints(int64s(own))
		r.gather(own).encode(e)
	}
	next := make([]int64, len(ents))
	for i, x := range ents {
		next[i] = math.MaxInt64
		if int(x) < len(s.Next) {
			next[i] = s.Next[x]
		}
	}
	e.ints(next)
	return e.b, nil
}

// int64s widens entity indexes for the encoder.
func int64s(ents []int32) []int64 {
	out := make([]int64, len(ents))
	for i, x := range ents {
		out[i] = int64(x)
	}
	return out
}

// ApplyDelta overwrites, per aggregate, the accumulators of the
// delta's entities of it, and the Next of its Dirty entities, with the
// delta's (aggs as given to DecodeState).
func (s *State) ApplyDelta(aggs []*plan.Aggregate, b []byte) error {
	d := &dec{b: b}
	if m := d.uvarint(); d.err != nil || m != deltaMagic {
		return errCorrupt
	}
	ents, err := deltaEntities(d.ints())
	if err != nil {
		return err
	}
	if n := d.uvarint(); d.err != nil || int(n) != len(aggs) || len(s.aggs) != len(aggs) {
		return errCorrupt
	}
	for i, a := range aggs {
		own, err := deltaEntities(d.ints())
		if err != nil {
			return err
		}
		g, ok := keptAggregator(a).(resumable)
		if !ok {
			return errCorrupt
		}
		g.decode(d)
		if d.err != nil {
			return errCorrupt
		}
		if err := s.aggs[i].(resumable).scatter(g, own); err != nil {
			return err
		}
	}
	next := d.ints()
	if d.err != nil || len(d.b) != 0 || len(next) != len(ents) {
		return errCorrupt
	}
	for i, e := range ents {
		if int(e) >= len(s.Next) {
			s.Next = growFill(s.Next, int(e)+1, math.MaxInt64)
		}
		s.Next[e] = next[i]
	}
	return nil
}

// deltaEntities checks a delta's entity list (ascending, non-negative).
func deltaEntities(idx []int64) ([]int32, error) {
	out := make([]int32, len(idx))
	for i, x := range idx {
		if x < 0 || x > math.MaxInt32 || i > 0 && x <= idx[i-1] {
			return nil, errCorrupt
		}
		out[i] = int32(x)
	}
	return out, nil
}

// gatherAt returns s at ents (the zero value past its end); nil stays nil.
func gatherAt[T any](s []T, ents []int32) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(ents))
	for i, e := range ents {
		if int(e) < len(s) {
			out[i] = s[e]
		}
	}
	return out
}

// scatterAt writes src[i] to s[ents[i]], growing s; a nil or empty src
// leaves s as it is (gatherAt of nil).
func scatterAt[T any](s, src []T, ents []int32) ([]T, error) {
	if len(src) == 0 {
		return s, nil
	}
	if len(src) != len(ents) {
		return nil, errCorrupt
	}
	if n := int(slices.Max(ents)) + 1; n > len(s) {
		s = grow(s, n)
	}
	for i, e := range ents {
		s[e] = src[i]
	}
	return s, nil
}

// scatterAll applies scatterAt to pairs of (destination, source) slices
// of one type, stopping at the first error.
func scatterAll[T any](ents []int32, pairs ...[2]*[]T) error {
	for _, p := range pairs {
		out, err := scatterAt(*p[0], *p[1], ents)
		if err != nil {
			return err
		}
		*p[0] = out
	}
	return nil
}

func (c *countAgg) gather(ents []int32) resumable { return &countAgg{n: gatherAt(c.n, ents)} }
func (c *countAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*countAgg)
	if !ok {
		return errCorrupt
	}
	return scatterAll(ents, [2]*[]int64{&c.n, &f.n})
}

func (a *intSumAgg) gather(ents []int32) resumable {
	return &intSumAgg{kind: a.kind, s: gatherAt(a.s, ents), has: gatherAt(a.has, ents)}
}
func (a *intSumAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*intSumAgg)
	if !ok {
		return errCorrupt
	}
	if err := scatterAll(ents, [2]*[]int64{&a.s, &f.s}); err != nil {
		return err
	}
	return scatterAll(ents, [2]*[]bool{&a.has, &f.has})
}

func (a *floatSumAgg) gather(ents []int32) resumable {
	return &floatSumAgg{kind: a.kind, avg: a.avg, s: gatherAt(a.s, ents), cnt: gatherAt(a.cnt, ents), has: gatherAt(a.has, ents)}
}
func (a *floatSumAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*floatSumAgg)
	if !ok {
		return errCorrupt
	}
	s, err := scatterAt(a.s, f.s, ents)
	if err != nil {
		return err
	}
	a.s = s
	return firstErr(scatterAll(ents, [2]*[]int64{&a.cnt, &f.cnt}), scatterAll(ents, [2]*[]bool{&a.has, &f.has}))
}

func (a *extremeAgg) gather(ents []int32) resumable {
	g := &extremeAgg{kind: a.kind, sign: a.sign, v: a.v, has: gatherAt(a.has, ents)}
	g.v.I, g.v.F, g.v.S = gatherAt(a.v.I, ents), gatherAt(a.v.F, ents), gatherAt(a.v.S, ents)
	return g
}
func (a *extremeAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*extremeAgg)
	if !ok {
		return errCorrupt
	}
	err := scatterAll(ents, [2]*[]int64{&a.v.I, &f.v.I})
	err = firstErr(err, scatterAll(ents, [2]*[]float64{&a.v.F, &f.v.F}))
	err = firstErr(err, scatterAll(ents, [2]*[]string{&a.v.S, &f.v.S}))
	return firstErr(err, scatterAll(ents, [2]*[]bool{&a.has, &f.has}))
}

func (a *edgeAgg) gather(ents []int32) resumable {
	return &edgeAgg{kind: a.kind, sign: a.sign, has: gatherAt(a.has, ents), time: gatherAt(a.time, ents),
		id: gatherAt(a.id, ents), idOK: gatherAt(a.idOK, ents), row: gatherAt(a.row, ents),
		valid: gatherAt(a.valid, ents), vi: gatherAt(a.vi, ents), vf: gatherAt(a.vf, ents),
		vs: gatherAt(a.vs, ents), vb: gatherAt(a.vb, ents)}
}
func (a *edgeAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*edgeAgg)
	if !ok {
		return errCorrupt
	}
	a.unshareFrom(f)
	err := scatterAll(ents, [2]*[]int64{&a.time, &f.time}, [2]*[]int64{&a.id, &f.id},
		[2]*[]int64{&a.row, &f.row}, [2]*[]int64{&a.vi, &f.vi})
	err = firstErr(err, scatterAll(ents, [2]*[]bool{&a.has, &f.has}, [2]*[]bool{&a.idOK, &f.idOK},
		[2]*[]bool{&a.valid, &f.valid}, [2]*[]bool{&a.vb, &f.vb}))
	err = firstErr(err, scatterAll(ents, [2]*[]float64{&a.vf, &f.vf}))
	return firstErr(err, scatterAll(ents, [2]*[]string{&a.vs, &f.vs}))
}

func (a *distinctAgg) gather(ents []int32) resumable {
	return &distinctAgg{base: gatherAt(a.counts(), ents)}
}
func (a *distinctAgg) scatter(from resumable, ents []int32) error {
	f, ok := from.(*distinctAgg)
	if !ok {
		return errCorrupt
	}
	return scatterAll(ents, [2]*[]int64{&a.base, &f.base})
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Canonical encodes the accumulators and Next of entities 0..n-1 with
// every array exactly n long, so that two states that differ only in how
// far their arrays grew encode alike (tests compare a base plus deltas
// with the whole state).
func (s *State) Canonical(n int) ([]byte, error) {
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	e := &enc{}
	for i, a := range s.aggs {
		r, ok := a.(resumable)
		if !ok {
			return nil, fmt.Errorf("aggregate %d cannot be saved", i)
		}
		r.gather(all).encode(e)
	}
	e.ints(growFill(slices.Clone(s.Next), n, math.MaxInt64)[:n])
	return e.b, nil
}

// Absorb writes into s the state of sub, a keep scan of the entities
// ents alone (ascending; sub's entity i is s's entity ents[i]) that s
// reset and skipped: their accumulators, Next and tail events. It marks
// them dirty. Re-reading a few entities in a scan of their own computes
// their results only, instead of the whole population's again.
func (s *State) Absorb(sub *State, ents []int32) error {
	if len(sub.aggs) != len(s.aggs) {
		return fmt.Errorf("absorbing the state of %d aggregates into %d", len(sub.aggs), len(s.aggs))
	}
	local := make([]int32, len(ents))
	for i := range local {
		local[i] = int32(i)
	}
	for i, a := range s.aggs {
		from, ok1 := sub.aggs[i].(resumable)
		to, ok2 := a.(resumable)
		if !ok1 || !ok2 {
			return fmt.Errorf("aggregate %d cannot be absorbed", i)
		}
		if err := to.scatter(from.gather(local), ents); err != nil {
			return err
		}
		if t, st := s.tail(i), sub.tail(i); t != nil && st != nil {
			t.absorb(st, ents)
		}
	}
	for i, e := range ents {
		if int(e) >= len(s.Next) {
			s.Next = growFill(s.Next, int(e)+1, math.MaxInt64)
		}
		s.Next[e] = math.MaxInt64
		if i < len(sub.Next) {
			s.Next[e] = sub.Next[i]
		}
	}
	s.touch(ents)
	return nil
}
