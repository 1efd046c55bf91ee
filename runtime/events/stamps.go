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

// EntityStamps are one Stamps aggregate's matching events per entity, each
// entity's list sorted by (time, row).
type EntityStamps [][]timeline.Stamp

// stampsAgg records (time, rowid) per entity.
type stampsAgg struct{ by EntityStamps }

func (a *stampsAgg) add(ents []int32, _ eval.Vec, b *batch, rows []int32) {
	a.by = grow(a.by, maxEnt(ents, len(a.by)))
	for j, e := range ents {
		r := rows[j]
		a.by[e] = append(a.by[e], timeline.Stamp{Time: b.time[r], Row: b.rowid[r]})
	}
}

// result is an empty bool Vec: the stamps come out through Result.Stamps.
func (a *stampsAgg) result(n int) eval.Vec { return eval.Alloc(types.Bool, n) }

// stamps returns the sorted per-entity lists over n entities.
func (a *stampsAgg) stamps(n int) EntityStamps {
	out := grow(a.by, n)[:n]
	for _, s := range out {
		timeline.Sort(s)
	}
	return out
}
