package runtime

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
	"github.com/segc/segc/runtime/percentile"
	"github.com/segc/segc/runtime/store"
)

// threshold computes a population statistic, per group with By, stores
// its per-entity value and appends its rows to the outcome. Thresholds
// rows are kept in plan order by sorting at the end of the run.
func (r *run) threshold(t *plan.Threshold) error {
	vals, err := r.eval(t.Value)
	if err != nil {
		return err
	}
	vals = toFloat(vals)
	pop, err := r.population(t)
	if err != nil {
		return err
	}
	if t.By == nil {
		return r.ungrouped(t, vals, pop)
	}
	by, err := r.eval(t.By)
	if err != nil {
		return err
	}
	return r.grouped(t, vals, by, pop)
}

// toFloat widens an int-stored Vec to float.
func toFloat(v eval.Vec) eval.Vec {
	if v.F != nil || v.Kind == types.Float {
		return v
	}
	out := eval.Alloc(types.Float, v.N)
	out.Valid = make([]bool, v.N)
	for i := 0; i < v.N; i++ {
		if !v.IsNull(i) && v.I != nil {
			out.F[i], out.Valid[i] = float64(v.I[i]), true
		}
	}
	return out
}

// population returns which entities the statistic is taken over.
func (r *run) population(t *plan.Threshold) ([]bool, error) {
	if t.Population < 0 {
		return nil, nil
	}
	if t.Population >= len(r.ev.Members) || r.ev.Members[t.Population] == nil {
		return nil, internal(t.Loc, "threshold %s is computed before segment %d", t.Text, t.Population)
	}
	return r.ev.Members[t.Population], nil
}

// statistic computes t's statistic over values; false when empty.
func statistic(t *plan.Threshold, values []float64) (float64, bool) {
	switch t.Kind {
	case plan.Mean:
		return percentile.Mean(values)
	case plan.StdDev:
		return percentile.StdDev(values)
	}
	return percentile.Of(values, t.P)
}

// ungrouped computes a statistic over the whole population and holds it
// as one value (thresholdScalar), not a vector repeating it.
func (r *run) ungrouped(t *plan.Threshold, vals eval.Vec, pop []bool) error {
	v, ok := populationStatistic(t, vals, pop)
	r.record(t, nil, v, ok)
	r.ev.thresholdScalars[t.Index] = thresholdScalar{value: v, valid: ok, held: true}
	return nil
}

// populationStatistic computes t's statistic over the non-null values of
// a float Vec in the population (everyone when pop is nil). A percentile
// reads them in place; a mean or standard deviation takes a copy.
func populationStatistic(t *plan.Threshold, vals eval.Vec, pop []bool) (float64, bool) {
	if vals.Kind == types.Null {
		return statistic(t, nil)
	}
	m := percentile.Masked{F: vals.F[:vals.N], Valid: vals.Valid, In: pop}
	if t.Kind == plan.Mean || t.Kind == plan.StdDev {
		return statistic(t, m.Values())
	}
	return percentile.OfMasked(m, t.P)
}

// grouped computes a statistic per group of by's values: a row per
// group with a member in the population (in key order), and each
// entity's group's value (null without a group or values).
func (r *run) grouped(t *plan.Threshold, vals, by eval.Vec, pop []bool) error {
	gid, keys := groupIDs(by)
	stats, has := groupStatistics(t, gid, len(keys), vals, pop)
	for _, g := range sortedGroups(keys, groupsInPopulation(gid, len(keys), pop)) {
		r.record(t, keys[g], stats[g], has[g])
	}
	r.ev.thresholdScalars[t.Index] = thresholdScalar{held: true, groups: newGroupTable(gid, stats, has)}
	return nil
}

// newGroupTable holds each entity's group's statistic, null without a
// group or when the group has none, as the entities' group ids and
// tables of the groups' values with a slot for "no group" first (so
// reading them has no branch per entity), not as a vector.
func newGroupTable(gid []int32, stats []float64, has []bool) *groupTable {
	value, valid := make([]float64, len(stats)+1), make([]bool, len(has)+1)
	for g, ok := range has {
		if ok {
			value[g+1], valid[g+1] = stats[g], true
		}
	}
	return &groupTable{of: gid, value: value, valid: valid}
}

// spread gives each entity its group's value as a vector.
func (g *groupTable) spread() eval.Vec {
	out := eval.Alloc(types.Float, len(g.of))
	out.Valid = make([]bool, len(g.of))
	for i, s := range g.of {
		out.F[i], out.Valid[i] = g.value[s+1], g.valid[s+1]
	}
	return out
}

// groupStatistics computes t's statistic over each group's non-null
// values in the population. A percentile reads the values in place
// (percentile.OfGroups); a mean or standard deviation, or a percentile
// over very many small groups (manyGroups), copies them out by group
// first.
func groupStatistics(t *plan.Threshold, gid []int32, groups int, vals eval.Vec, pop []bool) ([]float64, []bool) {
	if t.Kind == plan.Mean || t.Kind == plan.StdDev || vals.Kind == types.Null || manyGroups(groups, vals.N) {
		stats, has := make([]float64, groups), make([]bool, groups)
		for g, xs := range groupValues(gid, groups, vals, pop) {
			stats[g], has[g] = statistic(t, xs)
		}
		return stats, has
	}
	m := percentile.Masked{F: vals.F[:vals.N], Valid: vals.Valid, In: pop}
	return percentile.OfGroups(m, percentile.Groups{Of: gid, N: groups}, t.P)
}

// manyGroups reports whether a grouping has so many groups for its n
// values that OfGroups' per-group brackets and samples (~250 bytes a
// group) would outweigh the values: with one value a group, 1M groups
// took 272 MB and more CPU than copying the values out by group.
func manyGroups(groups, n int) bool {
	return groups > 4096 && groups > n/16
}

// sortedGroups lists the groups marked in, in the order of their keys.
func sortedGroups(keys []any, in []bool) []int {
	var order []int
	for g := range keys {
		if in[g] {
			order = append(order, g)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return compareKeys(keys[a], keys[b]) })
	return order
}

// compareKeys orders group keys of one kind.
func compareKeys(a, b any) int {
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		return cmp.Compare(boolInt(x), boolInt(y))
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// record appends a threshold row, warning when the population is empty.
func (r *run) record(t *plan.Threshold, group any, v float64, ok bool) {
	out := stepOutput{thresholds: []store.ThresholdRow{{Segment: t.Owner, Expr: t.Text, GroupKey: group}}, thresholdOf: []int{t.Index}}
	if ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
		out.thresholds[0].Value = v
	} else {
		msg := fmt.Sprintf("%s is taken over no values, so it is null", t.Text)
		if group != nil {
			msg = fmt.Sprintf("%s for group %v is taken over no values, so it is null", t.Text, group)
		}
		out.warnings = []Warning{{Code: diag.EmptyPopulation, Loc: t.Loc, Msg: msg}}
	}
	if r.out != nil {
		r.out.add(out)
		return
	}
	r.keep(out)
}
