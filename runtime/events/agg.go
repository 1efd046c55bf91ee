package events

import (
	"cmp"
	"math"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/neumaier"
)

// aggregator folds matching events into per-entity state. add receives,
// in scan order, the entity of each matching row and the rows' values
// (nil for count) gathered to the same positions.
type aggregator interface {
	add(ents []int32, vals eval.Vec, b *batch, rows []int32)
	result(n int) eval.Vec
}

// newAggregator returns the state for one aggregate.
func newAggregator(a *plan.Aggregate) aggregator {
	vk := types.Invalid
	if a.Value != nil {
		vk = a.Value.Type().Kind
	}
	switch a.Func {
	case plan.Count:
		return &countAgg{}
	case plan.Sum:
		if vk == types.Float {
			return &floatSumAgg{kind: a.Type.Kind}
		}
		return &intSumAgg{kind: a.Type.Kind}
	case plan.Avg:
		return &floatSumAgg{kind: a.Type.Kind, avg: true}
	case plan.Min:
		return &extremeAgg{kind: a.Type.Kind, sign: -1}
	case plan.Max:
		return &extremeAgg{kind: a.Type.Kind, sign: 1}
	case plan.First:
		return &edgeAgg{kind: a.Type.Kind, sign: -1}
	case plan.Last:
		return &edgeAgg{kind: a.Type.Kind, sign: 1}
	case plan.CountDistinct:
		return &distinctAgg{strs: map[string]uint64{}}
	case Stamps:
		return &stampsAgg{}
	}
	return nil
}

// keptAggregator returns the state for one aggregate of a keep scan
// (Request.Keep) or a restored State: an event list keeps each entity's
// events in a list of its own (listAgg), which can be saved and reset per
// entity, instead of a scan's flat list.
func keptAggregator(a *plan.Aggregate) aggregator {
	switch {
	case listed(a):
		return &listAgg{window: a.Window}
	case a.Func == Stamps:
		return &listAgg{}
	}
	return newAggregator(a)
}

// grow extends s with zero values to length n, at least doubling the
// capacity when it must reallocate, so the per-entity state of a scan
// that meets ever larger entity indexes is copied O(1) times per entity.
func grow[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		old := len(s)
		s = s[:n]
		clear(s[old:])
		return s
	}
	out := make([]T, n, max(n, 2*cap(s)))
	copy(out, s)
	return out
}

// reserver is an aggregator that can size its per-entity state for a
// known population up front, instead of growing it by doubling as larger
// entity indexes appear (which allocates and copies about twice the final
// size).
type reserver interface{ reserve(n int) }

// reserved returns an empty slice with room for n elements.
func reserved[T any](n int) []T { return make([]T, 0, n) }

func (c *countAgg) reserve(n int) { c.n = reserved[int64](n) }

func (a *intSumAgg) reserve(n int) { a.s, a.has = reserved[int64](n), reserved[bool](n) }

func (a *floatSumAgg) reserve(n int) {
	a.s = reserved[neumaier.Sum](n)
	if a.avg {
		a.cnt = reserved[int64](n)
	} else {
		a.has = reserved[bool](n)
	}
}

func (a *edgeAgg) reserve(n int) {
	a.has, a.time, a.id, a.idOK = reserved[bool](n), reserved[int64](n), reserved[int64](n), reserved[bool](n)
	a.row, a.valid = reserved[int64](n), reserved[bool](n)
	switch a.kind {
	case types.Int, types.Time, types.Duration:
		a.vi = reserved[int64](n)
	case types.String:
		a.vs = reserved[string](n)
	}
}

// maxEnt returns one past the largest entity index in ents.
func maxEnt(ents []int32, n int) int {
	for _, e := range ents {
		n = max(n, int(e)+1)
	}
	return n
}

type countAgg struct{ n []int64 }

func (c *countAgg) add(ents []int32, _ eval.Vec, _ *batch, _ []int32) {
	c.n = grow(c.n, maxEnt(ents, len(c.n)))
	for _, e := range ents {
		c.n[e]++
	}
}

func (c *countAgg) result(n int) eval.Vec {
	return eval.Vec{Kind: types.Int, N: n, I: grow(c.n, n)[:n]}
}

// intSumAgg sums int values (wrapping on overflow); null over no values.
type intSumAgg struct {
	kind types.Kind
	s    []int64
	has  []bool
}

func (a *intSumAgg) add(ents []int32, v eval.Vec, _ *batch, _ []int32) {
	n := maxEnt(ents, len(a.s))
	a.s, a.has = grow(a.s, n), grow(a.has, n)
	for j, e := range ents {
		if v.IsNull(j) {
			continue
		}
		a.s[e] += v.I[j]
		a.has[e] = true
	}
}

func (a *intSumAgg) result(n int) eval.Vec {
	return eval.Vec{Kind: a.kind, N: n, I: grow(a.s, n)[:n], Valid: grow(a.has, n)[:n]}
}

// floatSumAgg is a Neumaier-compensated float sum, or with avg the mean
// of the non-null values. A mean counts each entity's values (cnt); a
// sum only notes whether there was one (has: 1 byte an entity instead of
// 8, saved as counts of 0 or 1, which is all a sum's count means).
type floatSumAgg struct {
	kind types.Kind
	avg  bool
	s    []neumaier.Sum
	cnt  []int64 // avg only
	has  []bool  // sum only
}

func (a *floatSumAgg) add(ents []int32, v eval.Vec, _ *batch, _ []int32) {
	a.grow(maxEnt(ents, len(a.s)))
	for j, e := range ents {
		if v.IsNull(j) {
			continue
		}
		x := 0.0
		if v.F != nil {
			x = v.F[j]
		} else {
			x = float64(v.I[j])
		}
		a.s[e].Add(x)
		if a.avg {
			a.cnt[e]++
		} else {
			a.has[e] = true
		}
	}
}

// grow extends the per-entity state to n entities.
func (a *floatSumAgg) grow(n int) {
	a.s = grow(a.s, n)
	if a.avg {
		a.cnt = grow(a.cnt, n)
	} else {
		a.has = grow(a.has, n)
	}
}

func (a *floatSumAgg) result(n int) eval.Vec {
	a.grow(n)
	out := eval.Nulls(types.Float, n)
	sums, f, valid := a.s[:n], out.F[:n], out.Valid[:n]
	if a.avg {
		for i, c := range a.cnt[:n] {
			if c != 0 {
				valid[i] = finite(&f[i], sums[i].Value()/float64(c))
			}
		}
		return out
	}
	for i, h := range a.has[:n] {
		if h {
			valid[i] = finite(&f[i], sums[i].Value())
		}
	}
	return out
}

// finite stores x in *f and reports true when x is neither NaN nor
// infinite (a null result).
func finite(f *float64, x float64) bool {
	if x-x != 0 {
		return false
	}
	*f = x
	return true
}

// extremeAgg is min (sign -1) or max (sign 1) of the non-null values.
type extremeAgg struct {
	kind types.Kind
	sign int
	v    eval.Vec
	has  []bool
}

func (a *extremeAgg) add(ents []int32, v eval.Vec, _ *batch, _ []int32) {
	n := maxEnt(ents, len(a.has))
	a.has = grow(a.has, n)
	a.v.I, a.v.F, a.v.S = grow(a.v.I, n), grow(a.v.F, n), grow(a.v.S, n)
	for j, e := range ents {
		if v.IsNull(j) {
			continue
		}
		switch {
		case v.F != nil:
			better(&a.v.F[e], v.F[j], a.sign, a.has[e])
		case v.S != nil:
			better(&a.v.S[e], v.S[j], a.sign, a.has[e])
		default:
			better(&a.v.I[e], v.I[j], a.sign, a.has[e])
		}
		a.has[e] = true
	}
}

// better replaces *cur with x when there is no value yet or x is beyond it.
func better[T cmp.Ordered](cur *T, x T, sign int, has bool) {
	if !has || cmp.Compare(x, *cur) == sign {
		*cur = x
	}
}

func (a *extremeAgg) result(n int) eval.Vec {
	out := eval.Alloc(a.kind, n)
	out.Valid = grow(a.has, n)[:n]
	switch {
	case out.F != nil:
		copy(out.F, a.v.F)
	case out.S != nil:
		copy(out.S, a.v.S)
	case out.I != nil:
		copy(out.I, a.v.I)
	}
	return out
}

// edgeAgg is first (sign -1) or last (sign 1): the value at the matching
// event that is earliest (latest) by (time, event id, rowid). The picked
// values are kept unboxed, in the data slice of the value's kind.
type edgeAgg struct {
	kind  types.Kind
	sign  int
	has   []bool
	time  []int64
	id    []int64
	idOK  []bool
	row   []int64
	valid []bool // the picked value is not null
	vi    []int64
	vf    []float64
	vs    []string
	vb    []bool
}

func (a *edgeAgg) add(ents []int32, v eval.Vec, b *batch, rows []int32) {
	a.unshareFor(v, b, rows)
	n := maxEnt(ents, len(a.has))
	a.has, a.time, a.id, a.idOK = grow(a.has, n), grow(a.time, n), grow(a.id, n), grow(a.idOK, n)
	a.row, a.valid = grow(a.row, n), grow(a.valid, n)
	a.growValues(v, n)
	for j, e := range ents {
		r := rows[j]
		t, id, idOK, rowid := b.time[r], b.id[r], b.idOK[r], b.rowid[r]
		if a.has[e] && a.order(e, t, id, idOK, rowid) != a.sign {
			continue
		}
		a.has[e], a.time[e], a.id[e], a.idOK[e], a.row[e] = true, t, id, idOK, rowid
		a.setValue(e, v, j)
	}
}

// growValues extends the data slice that v's values go to.
func (a *edgeAgg) growValues(v eval.Vec, n int) {
	switch {
	case v.I != nil:
		a.vi = grow(a.vi, n)
	case v.F != nil:
		a.vf = grow(a.vf, n)
	case v.S != nil:
		a.vs = grow(a.vs, n)
	case v.B != nil:
		a.vb = grow(a.vb, n)
	}
}

// setValue records value j of v as entity e's pick.
func (a *edgeAgg) setValue(e int32, v eval.Vec, j int) {
	a.valid[e] = !v.IsNull(j)
	switch {
	case v.I != nil:
		a.vi[e] = v.I[j]
	case v.F != nil:
		a.vf[e] = v.F[j]
	case v.S != nil:
		a.vs[e] = v.S[j]
	case v.B != nil:
		a.vb[e] = v.B[j]
	default:
		a.valid[e] = false
	}
}

// order compares an event with entity e's current pick by (time, id with
// null first, rowid).
func (a *edgeAgg) order(e int32, t, id int64, idOK bool, rowid int64) int {
	if c := cmp.Compare(t, a.time[e]); c != 0 {
		return c
	}
	if idOK != a.idOK[e] {
		if idOK {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(id, a.id[e]); idOK && c != 0 {
		return c
	}
	return cmp.Compare(rowid, a.row[e])
}

// result builds the picks as a Vec of the aggregate's kind, with the
// same rules as eval.FromValues: ints widen to a float result, and NaN
// or infinite floats are null.
func (a *edgeAgg) result(n int) eval.Vec {
	if out, ok := a.sharedResult(n); ok {
		return out
	}
	out := eval.Alloc(a.kind, n)
	out.Valid = make([]bool, n)
	valid := grow(a.valid, n)
	for i := 0; i < n; i++ {
		if !valid[i] {
			continue
		}
		ok := false
		switch {
		case out.I != nil && a.vi != nil:
			out.I[i], ok = a.vi[i], true
		case out.F != nil && a.vf != nil:
			out.F[i] = a.vf[i]
			ok = !math.IsNaN(a.vf[i]) && !math.IsInf(a.vf[i], 0)
		case out.F != nil && a.vi != nil:
			out.F[i], ok = float64(a.vi[i]), true
		case out.S != nil && a.vs != nil:
			out.S[i], ok = a.vs[i], true
		case out.B != nil && a.vb != nil:
			out.B[i], ok = a.vb[i], true
		}
		out.Valid[i] = ok
	}
	return out
}

// sharedResult returns, for int picks of an int, time or duration
// aggregate (last(ts): 9 MB at 1M entities), the picks' own arrays
// instead of a copy, as countAgg does. It first zeroes the value of
// every entity without a valid pick, as the copy holds it: that value
// means nothing to the state (an entity reset and re-read without
// events keeps its old one), and where the values share the times'
// array (edgeValueIsTime) such an entity has no pick at all, so its
// time means nothing either. Like a count's, the result then aliases
// the state: it is read, never written, until the state is dropped
// (eval.Vec.Set of a re-read entity writes what the state holds).
func (a *edgeAgg) sharedResult(n int) (eval.Vec, bool) {
	switch a.kind {
	case types.Int, types.Time, types.Duration:
	default:
		return eval.Vec{}, false
	}
	if a.vi == nil || len(a.vi) < n || len(a.valid) < n {
		return eval.Vec{}, false
	}
	vi, valid := a.vi[:n:n], a.valid[:n:n]
	for i, ok := range valid {
		if !ok && vi[i] != 0 {
			vi[i] = 0
		}
	}
	return eval.Vec{Kind: a.kind, N: n, I: vi, Valid: valid}, true
}

// distinctAgg counts distinct non-null values exactly: it records (entity,
// value code) pairs and counts the distinct ones at the end.
type distinctAgg struct {
	base  []int64 // counts restored from a saved State
	pairs [][2]uint64
	strs  map[string]uint64
}

func (a *distinctAgg) add(ents []int32, v eval.Vec, _ *batch, _ []int32) {
	for j, e := range ents {
		if v.IsNull(j) {
			continue
		}
		a.pairs = append(a.pairs, [2]uint64{uint64(e), a.code(v, j)})
	}
}

// code maps a value to a uint64 that is equal exactly when values are.
func (a *distinctAgg) code(v eval.Vec, j int) uint64 {
	switch {
	case v.F != nil:
		f := v.F[j]
		if f == 0 {
			f = 0 // -0 and +0 are one value
		}
		return math.Float64bits(f)
	case v.S != nil:
		c, ok := a.strs[v.S[j]]
		if !ok {
			c = uint64(len(a.strs))
			a.strs[v.S[j]] = c
		}
		return c
	case v.B != nil:
		if v.B[j] {
			return 1
		}
		return 0
	}
	return uint64(v.I[j])
}

func (a *distinctAgg) result(n int) eval.Vec {
	slices.SortFunc(a.pairs, func(x, y [2]uint64) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
	out := eval.Alloc(types.Int, n)
	copy(out.I, a.base)
	for i, p := range a.pairs {
		if i == 0 || p != a.pairs[i-1] {
			if int(p[0]) < n {
				out.I[p[0]]++
			}
		}
	}
	return out
}
