package events

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// TailMaxWindow is the longest window (in seconds) whose matching
// in-window events a keep scan records in the State, so that the events
// leaving it as as-of moves are taken out of the accumulators without
// reading the entity's events again.
const TailMaxWindow = 7 * 24 * 3600

// tailed reports whether aggregate a keeps a tail: a mergeable aggregate
// over a short window that ends at as-of.
func tailed(a *plan.Aggregate) bool {
	return Mergeable(a) && a.Window > 0 && a.Window <= TailMaxWindow && a.Until == 0
}

// tail is one aggregate's matching events inside its window, each
// entity's in rowid order: everything its accumulator was built from.
// Rebuilding an entity's accumulator from its remaining tail events in
// order gives exactly what a scan of those events gives (float sums
// included), so leaving events are never subtracted numerically.
type tail struct {
	window int64
	ent    []int32
	time   []int64
	id     []int64
	idOK   []bool
	rowid  []int64
	vals   eval.Vec // the values at the events (Kind Invalid for count)
}

func newTail(a *plan.Aggregate) *tail { return &tail{window: a.Window} }

// appendRows records the batch rows of one aggregate (vals gathered at rows).
func (t *tail) appendRows(b *batch, rows []int32, vals eval.Vec) {
	for _, r := range rows {
		t.ent = append(t.ent, b.ent[r])
		t.time = append(t.time, b.time[r])
		t.id = append(t.id, b.id[r])
		t.idOK = append(t.idOK, b.idOK[r])
		t.rowid = append(t.rowid, b.rowid[r])
	}
	if vals.Kind != types.Invalid && len(rows) > 0 {
		t.vals = appendVec(t.vals, vals, len(rows))
	}
}

// appendVec appends n values of src to dst (dst takes src's kind when
// empty; a differing kind goes through boxed values).
func appendVec(dst, src eval.Vec, n int) eval.Vec {
	if dst.Kind == types.Invalid {
		dst = eval.Alloc(src.Kind, 0)
		dst.Valid = []bool{}
	}
	old := dst.N
	if dst.Kind == src.Kind {
		dst.I, dst.F = append(dst.I, src.I...), append(dst.F, src.F...)
		dst.B, dst.S = append(dst.B, src.B...), append(dst.S, src.S...)
		for j := 0; j < n; j++ {
			dst.Valid = append(dst.Valid, !src.IsNull(j))
		}
		dst.N = old + n
		return dst
	}
	grown := eval.Alloc(dst.Kind, old+n)
	grown.Valid = make([]bool, old+n)
	copy(grown.I, dst.I)
	copy(grown.F, dst.F)
	copy(grown.B, dst.B)
	copy(grown.S, dst.S)
	copy(grown.Valid, dst.Valid)
	for j := 0; j < n; j++ {
		grown.Set(old+j, src.Value(j))
	}
	return grown
}

// filter keeps the events for which keep is true, in order.
func (t *tail) filter(keep func(i int) bool) {
	k := 0
	hasVals := t.vals.Kind != types.Invalid
	for i := range t.ent {
		if !keep(i) {
			continue
		}
		t.ent[k], t.time[k], t.id[k], t.idOK[k], t.rowid[k] = t.ent[i], t.time[i], t.id[i], t.idOK[i], t.rowid[i]
		if hasVals {
			moveVal(&t.vals, k, i)
		}
		k++
	}
	t.ent, t.time, t.id, t.idOK, t.rowid = t.ent[:k], t.time[:k], t.id[:k], t.idOK[:k], t.rowid[:k]
	if hasVals {
		v := &t.vals
		v.N, v.Valid = k, v.Valid[:k]
		v.I, v.F, v.B, v.S = cut(v.I, k), cut(v.F, k), cut(v.B, k), cut(v.S, k)
	}
}

// moveVal copies value i of v to position k.
func moveVal(v *eval.Vec, k, i int) {
	v.Valid[k] = v.Valid[i]
	switch {
	case v.I != nil:
		v.I[k] = v.I[i]
	case v.F != nil:
		v.F[k] = v.F[i]
	case v.B != nil:
		v.B[k] = v.B[i]
	case v.S != nil:
		v.S[k] = v.S[i]
	}
}

// cut shortens a non-nil slice to k.
func cut[T any](s []T, k int) []T {
	if s == nil {
		return nil
	}
	return s[:k]
}

// reset drops the events of the given entities.
func (t *tail) reset(ents []int32) {
	if len(ents) == 0 || len(t.ent) == 0 {
		return
	}
	gone := t.entitySet(ents)
	t.filter(func(i int) bool { return !gone[t.ent[i]] })
}

// entitySet marks the given entities in a slice indexed by entity that
// covers every entity of the tail (a map of a hundred thousand entities
// cost more than the rest of expire).
func (t *tail) entitySet(ents []int32) []bool {
	n := 0
	for _, e := range t.ent {
		n = max(n, int(e)+1)
	}
	set := make([]bool, n)
	for _, e := range ents {
		if int(e) < n && e >= 0 {
			set[e] = true
		}
	}
	return set
}

// expire takes the events that left the window at asOf out of the tail
// and rebuilds the accumulator of every entity that lost one from its
// remaining events; it returns those entities.
func (t *tail) expire(a aggregator, asOf int64) []int32 {
	lo := asOf - t.window
	var lost []int32
	for i, tm := range t.time {
		if tm <= lo {
			lost = append(lost, t.ent[i])
		}
	}
	if len(lost) == 0 {
		return nil
	}
	seen := t.entitySet(lost)
	lost = lost[:0]
	for e, ok := range seen {
		if ok {
			lost = append(lost, int32(e))
		}
	}
	t.filter(func(i int) bool { return t.time[i] > lo })
	a.(resumable).reset(lost)
	var rows []int32
	var ents []int32
	for i, e := range t.ent {
		if seen[e] {
			rows = append(rows, int32(i))
			ents = append(ents, e)
		}
	}
	b := &batch{ent: t.ent, time: t.time, id: t.id, idOK: t.idOK, rowid: t.rowid}
	var vals eval.Vec
	if t.vals.Kind != types.Invalid {
		vals = t.vals.Gather(rows)
	}
	a.add(ents, vals, b, rows)
	return lost
}

func (t *tail) encode(e *enc) {
	ent := make([]int64, len(t.ent))
	for i, x := range t.ent {
		ent[i] = int64(x)
	}
	e.ints(ent)
	e.ints(t.time)
	e.ints(t.id)
	e.bools(t.idOK)
	e.ints(t.rowid)
	e.uvarint(uint64(t.vals.Kind))
	if t.vals.Kind == types.Invalid {
		return
	}
	e.bools(t.vals.Valid)
	e.ints(t.vals.I)
	e.floats(t.vals.F)
	e.bools(t.vals.B)
	e.strs(t.vals.S)
}

func (t *tail) decode(d *dec) {
	ent := d.ints()
	t.ent = make([]int32, len(ent))
	for i, x := range ent {
		t.ent[i] = int32(x)
	}
	t.time, t.id, t.idOK, t.rowid = d.ints(), d.ints(), d.bools(), d.ints()
	k := types.Kind(d.uvarint())
	n := len(t.ent)
	if len(t.time) != n || len(t.id) != n || len(t.idOK) != n || len(t.rowid) != n {
		d.err = errCorrupt
	}
	if k == types.Invalid || d.err != nil {
		return
	}
	v := eval.Vec{Kind: k, N: n, Valid: d.bools()}
	v.I, v.F, v.B, v.S = nilIfEmpty(d.ints()), nilIfEmpty(d.floats()), nilIfEmpty(d.bools()), nilIfEmpty(d.strs())
	if len(v.Valid) != n || len(v.I)+len(v.F)+len(v.B)+len(v.S) != n && n > 0 {
		d.err = errCorrupt
	}
	if n == 0 {
		v = eval.Alloc(k, 0)
		v.Valid = []bool{}
	}
	t.vals = v
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// absorb appends the events of sub, a tail over the entities ents alone
// (sub's entity i is ents[i]), keeping each entity's events in order.
func (t *tail) absorb(sub *tail, ents []int32) {
	for i, e := range sub.ent {
		t.ent = append(t.ent, ents[e])
		t.time = append(t.time, sub.time[i])
		t.id = append(t.id, sub.id[i])
		t.idOK = append(t.idOK, sub.idOK[i])
		t.rowid = append(t.rowid, sub.rowid[i])
	}
	if sub.vals.Kind != types.Invalid && len(sub.ent) > 0 {
		t.vals = appendVec(t.vals, sub.vals, len(sub.ent))
	}
}
