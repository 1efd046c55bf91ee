package events

import (
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/timeline"
)

// Stamps is the aggregate function that collects the matching events'
// times instead of folding them: the runtime builds such aggregates for
// triggers, lifecycle `on` transitions and sequences. The compiler never
// emits it.
const Stamps plan.AggFunc = "stamps"

// EntityStamps are one Stamps aggregate's matching events grouped by
// entity: entity i's are At[Off[i]:Off[i+1]], sorted by (time, row). One
// offset per entity and 16 bytes per event, with no per-entity slice.
// The zero value holds no entity.
type EntityStamps struct {
	Off []int32
	At  []timeline.Stamp
}

// Len is the number of entities.
func (s EntityStamps) Len() int { return max(len(s.Off)-1, 0) }

// Of returns entity i's events (nil past the end).
func (s EntityStamps) Of(i int) []timeline.Stamp {
	if i < 0 || i >= s.Len() {
		return nil
	}
	lo, hi := s.Off[i], s.Off[i+1]
	return s.At[lo:hi:hi]
}

// Gather returns the lists reordered by perm (perm[new] = old); olds past
// the end get no events.
func (s EntityStamps) Gather(perm []int32) EntityStamps {
	out := EntityStamps{Off: make([]int32, len(perm)+1)}
	for i, old := range perm {
		out.Off[i+1] = out.Off[i] + int32(len(s.Of(int(old))))
	}
	out.At = make([]timeline.Stamp, 0, out.Off[len(perm)])
	for _, old := range perm {
		out.At = append(out.At, s.Of(int(old))...)
	}
	return out
}

// stampsAgg records (entity, time, rowid) of every matching event.
type stampsAgg struct {
	ents []int32
	at   []timeline.Stamp
}

func (a *stampsAgg) add(ents []int32, _ eval.Vec, b *batch, rows []int32) {
	for j, e := range ents {
		r := rows[j]
		a.ents = append(a.ents, e)
		a.at = append(a.at, timeline.Stamp{Time: b.time[r], Row: b.rowid[r]})
	}
}

// result is an empty bool Vec: the stamps come out through Result.Stamps.
func (a *stampsAgg) result(n int) eval.Vec { return eval.Alloc(types.Bool, n) }

// stamps groups the events by entity over at least n entities and
// sorts each entity's list.
func (a *stampsAgg) stamps(n int) EntityStamps {
	out := groupStamps(a.ents, a.at, n)
	a.ents, a.at = nil, nil
	return out
}

// groupStamps groups events (entity ents[j] at at[j]) by entity with a
// counting sort over max(n, largest entity + 1) entities, keeping their
// order within an entity, then sorts each entity's list by (time, row).
func groupStamps(ents []int32, at []timeline.Stamp, n int) EntityStamps {
	n = maxEnt(ents, n)
	out := EntityStamps{Off: make([]int32, n+1), At: make([]timeline.Stamp, len(at))}
	for _, e := range ents {
		out.Off[e+1]++
	}
	for i := 0; i < n; i++ {
		out.Off[i+1] += out.Off[i]
	}
	// Off[e] serves as entity e's cursor, ending at its end, Off[e+1]'s
	// start; shifting back by one restores the starts.
	for j, e := range ents {
		out.At[out.Off[e]] = at[j]
		out.Off[e]++
	}
	copy(out.Off[1:], out.Off[:n])
	out.Off[0] = 0
	for i := 0; i < n; i++ {
		if out.Off[i+1]-out.Off[i] > 1 {
			timeline.Sort(out.Of(i))
		}
	}
	return out
}

// over returns s over exactly n entities: its first n (sharing its
// arrays), or all of it padded with entities without events.
func (s EntityStamps) over(n int) EntityStamps {
	if s.Off != nil && s.Len() >= n {
		return EntityStamps{Off: s.Off[: n+1 : n+1], At: s.At[:s.Off[n]:s.Off[n]]}
	}
	off := make([]int32, n+1)
	copy(off, s.Off)
	last := int32(len(s.At))
	for i := max(len(s.Off), 1); i <= n; i++ {
		off[i] = last
	}
	return EntityStamps{Off: off, At: s.At}
}
