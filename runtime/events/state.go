package events

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/internal/wire"
	"github.com/segc/segc/runtime/neumaier"
)

// State is the resumable state of one log's aggregates after a scan: the
// per-entity accumulators (not just the results: compensated sums keep
// their correction, first/last their pick's time, id and rowid) and Next.
// A later Run given it as Request.Resume adds events to it exactly as if
// they had come at the end of the original scan, so the result equals a
// scan of everything in rowid order.
//
// count_distinct keeps only each entity's count: its entities cannot take
// new events incrementally and must be re-read in full (Request.Reset).
type State struct {
	aggs []aggregator
	// Next is, by entity index, the earliest as-of at which time passing
	// alone may change one of the entity's aggregates: an event leaves a
	// window, enters a `between` window, or (a time after as-of) becomes
	// visible. math.MaxInt64 means never. Events leaving a tailed
	// aggregate's window are not in Next: the tail handles them.
	Next []int64
	// tails, by aggregate, the in-window events of tailed aggregates
	// (nil for the others).
	tails []*tail
	// dirty marks, by entity index, the entities whose accumulators or
	// Next changed since the State was decoded (see Dirty); tailDirty,
	// by aggregate, those that only lost its tail events (see dirty.go).
	dirty     []bool
	tailDirty [][]bool
}

// stateMagic starts every encoded State (format 6: edge picks' rowids
// and values stored as flags when they equal the ids and times; 5 put
// the population size first, packed ints at a fixed width and sparse
// floats; 3 had varints, 4 dense floats).
const stateMagic = 0x5e9c0006

// tailsMagic starts every encoded set of tails (format 3: packed ints,
// sparse floats).
const tailsMagic = 0x5e9c7003

// resumable is an aggregator whose state can be saved, restored and
// cleared per entity.
type resumable interface {
	aggregator
	encode(e *enc)
	decode(d *dec)
	reset(ents []int32)
	// gather returns an aggregator holding the state of ents only, for
	// a delta; scatter writes such an aggregator's state back at ents.
	gather(ents []int32) resumable
	scatter(from resumable, ents []int32) error
}

// Mergeable reports whether an aggregate's state takes new events
// incrementally (every function but count_distinct and the runtime's
// event lists).
func Mergeable(a *plan.Aggregate) bool {
	return a.Func != plan.CountDistinct && a.Func != Stamps && a.Func != plan.Sequence
}

// Resumable reports whether an aggregate's state can be saved at all.
// An event list (Stamps) can, as every entity's list (see listAgg);
// only over a window ending at as-of (Foldable) does it stay bounded.
func Resumable(a *plan.Aggregate) bool { return a.Func != plan.Sequence }

// Encode serializes the accumulators and Next of every entity (the
// tails apart: EncodeTails).
func (s *State) Encode() ([]byte, error) {
	// About 40 bytes per entity for W1: one allocation, no regrowth.
	e := &enc{b: make([]byte, 0, 64*len(s.Next)+1024)}
	e.uvarint(stateMagic)
	e.uvarint(uint64(len(s.Next)))
	e.uvarint(uint64(len(s.aggs)))
	for i, a := range s.aggs {
		r, ok := a.(resumable)
		if !ok {
			return nil, fmt.Errorf("aggregate %d cannot be saved", i)
		}
		r.encode(e)
	}
	encodeNext(e, s.Next)
	return e.b, nil
}

// EncodeTails serializes the tails.
func (s *State) EncodeTails() []byte {
	e := &enc{b: make([]byte, 0, 32*s.TailEvents()+1024)}
	e.uvarint(tailsMagic)
	e.uvarint(uint64(len(s.aggs)))
	for i := range s.aggs {
		t := s.tail(i)
		e.bools([]bool{t != nil})
		if t != nil {
			t.encode(e)
		}
	}
	return e.b
}

// DecodeState restores a state saved by Encode and EncodeTails for the
// same aggregates and a population of n entities.
func DecodeState(aggs []*plan.Aggregate, b, tails []byte, n int) (*State, error) {
	s, err := DecodeBase(aggs, b, n)
	if err != nil {
		return nil, err
	}
	return s, s.DecodeTails(aggs, tails)
}

// DecodeBase restores the accumulators and Next saved by Encode for a
// population of n entities (a base saved for another size is corrupt);
// the tails follow with DecodeTails. b is not retained. Every
// per-entity slice that holds values comes back n long, so that results
// and resumed scans do not grow them again.
func DecodeBase(aggs []*plan.Aggregate, b []byte, n int) (*State, error) {
	d := &dec{b: b}
	if m := d.uvarint(); d.err != nil || m != stateMagic {
		return nil, errCorrupt
	}
	if size := d.uvarint(); d.err != nil || size != uint64(n) {
		return nil, errCorrupt
	}
	if k := d.uvarint(); d.err != nil || int(k) != len(aggs) {
		return nil, errCorrupt
	}
	s := &State{}
	d.pad = n
	for _, a := range aggs {
		g, ok := keptAggregator(a).(resumable)
		if !ok {
			return nil, fmt.Errorf("aggregate %s cannot be restored", a.Text)
		}
		g.decode(d)
		s.aggs = append(s.aggs, g)
	}
	d.pad = 0
	s.Next = decodeNext(d)
	if d.err != nil || len(d.b) != 0 || len(s.Next) != n {
		return nil, errCorrupt
	}
	return s, nil
}

// DecodeTails restores the tails saved by EncodeTails.
func (s *State) DecodeTails(aggs []*plan.Aggregate, b []byte) error {
	d := &dec{b: b}
	if m := d.uvarint(); d.err != nil || m != tailsMagic {
		return errCorrupt
	}
	if n := d.uvarint(); d.err != nil || int(n) != len(aggs) {
		return errCorrupt
	}
	s.tails = make([]*tail, len(aggs))
	for i, a := range aggs {
		has := d.bools()
		if len(has) != 1 || has[0] != tailed(a) {
			return errCorrupt
		}
		if has[0] {
			s.tails[i] = newTail(a)
			s.tails[i].decode(d)
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return errCorrupt
	}
	return nil
}

// tail returns aggregate i's tail (nil when it keeps none).
func (s *State) tail(i int) *tail {
	if i < len(s.tails) {
		return s.tails[i]
	}
	return nil
}

// TailEvents is the number of events kept in the tails.
func (s *State) TailEvents() int {
	n := 0
	for _, t := range s.tails {
		if t != nil {
			n += len(t.ent)
		}
	}
	return n
}

// expire brings the tails and windowed event lists to asOf: see
// tail.expire and listAgg.expire.
func (s *State) expire(asOf int64) {
	for i, a := range s.aggs {
		if t := s.tail(i); t != nil {
			s.touchTail(i, t.expire(a, asOf))
		}
		if l, ok := a.(*listAgg); ok {
			s.touchTail(i, l.expire(asOf))
		}
	}
}

// reset clears the entities' accumulators, tail events and Next.
func (s *State) reset(ents []int32) {
	s.touch(ents)
	for i, a := range s.aggs {
		a.(resumable).reset(ents)
		if t := s.tail(i); t != nil {
			t.reset(ents)
		}
	}
	for _, e := range ents {
		if int(e) < len(s.Next) {
			s.Next[e] = math.MaxInt64
		}
	}
}

// clearAt zeroes s[e] for every e in range.
func clearAt[T any](s []T, ents []int32) {
	var zero T
	for _, e := range ents {
		if int(e) < len(s) {
			s[e] = zero
		}
	}
}

func (c *countAgg) encode(e *enc)      { e.ints(c.n) }
func (c *countAgg) decode(d *dec)      { c.n = d.ints() }
func (c *countAgg) reset(ents []int32) { clearAt(c.n, ents) }

func (a *intSumAgg) encode(e *enc) { e.ints(a.s); e.bools(a.has) }
func (a *intSumAgg) decode(d *dec) { a.s, a.has = d.ints(), d.bools() }
func (a *intSumAgg) reset(ents []int32) {
	clearAt(a.s, ents)
	clearAt(a.has, ents)
}

func (a *floatSumAgg) encode(e *enc) {
	s, c := make([]float64, len(a.s)), make([]float64, len(a.s))
	for i, x := range a.s {
		s[i], c[i] = x.S, x.C
	}
	e.floats(s)
	e.floats(c)
	if a.avg {
		e.ints(a.cnt)
	} else {
		e.b = wire.AppendFlags(e.b, a.has)
	}
}

// decode reads the sums and their corrections straight into the
// compensated sums (no intermediate slices of a million floats), and a
// sum's counts as whether each is not zero (no slice of a million
// counts).
func (a *floatSumAgg) decode(d *dec) {
	n := 0
	d.eachFloat(func(k int) {
		n, a.s = k, make([]neumaier.Sum, padTo(k, d.pad))
	}, func(i int, x float64) { a.s[i].S = x })
	d.eachFloat(func(k int) {
		if k != n {
			d.err = errCorrupt
		}
	}, func(i int, x float64) {
		if d.err == nil {
			a.s[i].C = x
		}
	})
	if a.avg {
		a.cnt = d.ints()
	} else {
		a.has = d.flags()
	}
}

func (a *floatSumAgg) reset(ents []int32) {
	clearAt(a.s, ents)
	clearAt(a.cnt, ents)
	clearAt(a.has, ents)
}

func (a *extremeAgg) encode(e *enc) { e.ints(a.v.I); e.floats(a.v.F); e.strs(a.v.S); e.bools(a.has) }
func (a *extremeAgg) decode(d *dec) {
	a.v.I, a.v.F, a.v.S, a.has = d.ints(), d.floats(), d.strs(), d.bools()
}
func (a *extremeAgg) reset(ents []int32) { clearAt(a.has, ents) }

// An edge pick's rowid usually equals its event id (an INTEGER PRIMARY
// KEY id), and the value of first or last of the log's time is the pick's
// time: such a slice is stored as a flag that it equals the other (8 of
// W1's 26 MB at 1M entities) and decoded as the other's array, shared
// (16 MB less of a daily run's live heap for W1 at 1M entities), until
// an event or a delta would make them differ (unshareFor, unshareFrom).
const (
	edgeRowIsID     = 1
	edgeValueIsTime = 2
)

func (a *edgeAgg) encode(e *enc) {
	same := uint64(0)
	if slices.Equal(a.row, a.id) {
		same |= edgeRowIsID
	}
	if a.vi != nil && slices.Equal(a.vi, a.time) {
		same |= edgeValueIsTime
	}
	e.uvarint(same)
	e.bools(a.has)
	e.ints(a.time)
	e.ints(a.id)
	e.bools(a.idOK)
	if same&edgeRowIsID == 0 {
		e.ints(a.row)
	}
	e.bools(a.valid)
	if same&edgeValueIsTime == 0 {
		e.ints(a.vi)
	}
	e.floats(a.vf)
	e.strs(a.vs)
	e.bools(a.vb)
}

func (a *edgeAgg) decode(d *dec) {
	same := d.uvarint()
	if same > edgeRowIsID|edgeValueIsTime {
		d.err = errCorrupt
	}
	a.has, a.time, a.id, a.idOK = d.bools(), d.ints(), d.ints(), d.bools()
	a.row = d.intsOr(same&edgeRowIsID != 0, a.id)
	a.valid = d.bools()
	a.vi = d.intsOr(same&edgeValueIsTime != 0, a.time)
	a.vf, a.vs, a.vb = d.floats(), d.strs(), d.bools()
	if len(a.vi) == 0 {
		a.vi = nil
	}
	if len(a.vf) == 0 {
		a.vf = nil
	}
	if len(a.vs) == 0 {
		a.vs = nil
	}
	if len(a.vb) == 0 {
		a.vb = nil
	}
}

// unshareFor gives row and vi arrays of their own, when they share id's
// and time's, before the events at rows of b (values v) are picked:
// those whose rowid is not their id, or whose value is not their time,
// would write one array through the other.
func (a *edgeAgg) unshareFor(v eval.Vec, b *batch, rows []int32) {
	rowShared, viShared := sharedArray(a.row, a.id), sharedArray(a.vi, a.time)
	for j, r := range rows {
		if !rowShared && !viShared {
			return
		}
		if rowShared && b.rowid[r] != b.id[r] {
			a.row, rowShared = slices.Clone(a.row), false
		}
		if viShared && v.I != nil && v.I[j] != b.time[r] {
			a.vi, viShared = slices.Clone(a.vi), false
		}
	}
}

// unshareFrom is unshareFor for scattering f's picks.
func (a *edgeAgg) unshareFrom(f *edgeAgg) {
	if sharedArray(a.row, a.id) && !slices.Equal(f.row, f.id) {
		a.row = slices.Clone(a.row)
	}
	if sharedArray(a.vi, a.time) && !slices.Equal(f.vi, f.time) {
		a.vi = slices.Clone(a.vi)
	}
}

// sharedArray reports whether x and y are slices of one array.
func sharedArray(x, y []int64) bool {
	return len(x) > 0 && len(y) > 0 && &x[0] == &y[0]
}

func (a *edgeAgg) reset(ents []int32) {
	clearAt(a.has, ents)
	clearAt(a.valid, ents)
}

// distinctAgg keeps each entity's count in base; re-read entities are
// reset to zero and counted again from their pairs.
func (a *distinctAgg) encode(e *enc) { e.ints(a.counts()) }
func (a *distinctAgg) decode(d *dec) { a.base = d.ints() }
func (a *distinctAgg) reset(ents []int32) {
	clearAt(a.base, ents)
}

// counts returns the per-entity distinct counts so far.
func (a *distinctAgg) counts() []int64 {
	n := len(a.base)
	for _, p := range a.pairs {
		n = max(n, int(p[0])+1)
	}
	return a.result(n).I
}

// encodeNext writes Next as a bitmap of the entities with a finite
// instant and those instants (most entities have none: math.MaxInt64
// would cost 10 bytes each as a varint).
func encodeNext(e *enc, next []int64) {
	finite := make([]bool, len(next))
	var at []int64
	for i, x := range next {
		if x != math.MaxInt64 {
			finite[i] = true
			at = append(at, x)
		}
	}
	e.bools(finite)
	e.ints(at)
}

// decodeNext reads what encodeNext wrote straight into Next: the bitmap
// where it lies, a byte at a time (only its set bits), the instants a
// chunk at a time (no []bool and []int64 beside the 8 MB of Next at 1M
// entities). Each finite entity takes one instant, and every instant
// must be taken.
func decodeNext(d *dec) []int64 {
	n := d.count(1)
	if d.err != nil || len(d.b) < (n+7)/8 {
		d.err = errCorrupt
		return nil
	}
	finite := d.b[:(n+7)/8]
	d.b = d.b[len(finite):]
	at, rest, ok := wire.OpenInts(d.b)
	if read(d, at, rest, ok); d.err != nil {
		return nil
	}
	next := make([]int64, n)
	for i := range next {
		next[i] = math.MaxInt64
	}
	var chunk [512]int64
	k, m, taken := 0, 0, 0
	for j, c := range finite {
		for ; c != 0; c &= c - 1 {
			i := 8*j + bits.TrailingZeros8(c)
			if i >= n {
				break
			}
			if k == m {
				if k, m = 0, at.Next(chunk[:]); m == 0 {
					d.err = errCorrupt
					return nil
				}
			}
			next[i], k, taken = chunk[k], k+1, taken+1
		}
	}
	if taken != at.Len() {
		d.err = errCorrupt
	}
	return next
}
