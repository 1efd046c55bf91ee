package events

import (
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// TestSharingGroupsByMeaning checks that aggregates whose filters,
// windows and values mean the same (built as separate plan nodes, as the
// compiler does) share one kernel, row set and gather.
func TestSharingGroupsByMeaning(t *testing.T) {
	d := int64(86400)
	amountInt := &plan.EventColumnRef{Node: node(types.Int), Column: 2, Name: "amount"}
	for _, c := range []struct {
		name                           string
		aggs                           []*plan.Aggregate
		filters, values, sets, gathers int
		setOf, gatherOf                []int
	}{
		{name: "testAggs", aggs: testAggs(), filters: 2, values: 3, sets: 6, gathers: 7,
			setOf: []int{0, 0, 1, 2, 3, 4, 3, 3, 5, 3}, gatherOf: []int{-1, 0, 1, -1, 2, 3, 4, 5, 6, -1}},
		{name: "same text, other type", aggs: []*plan.Aggregate{
			{Func: plan.Sum, Value: amountRef, Window: d},
			{Func: plan.Sum, Value: amountInt, Window: d},
		}, filters: 0, values: 2, sets: 1, gathers: 2, setOf: []int{0, 0}, gatherOf: []int{0, 1}},
		{name: "other filter, same window", aggs: []*plan.Aggregate{
			{Func: plan.Count, Filter: typeIs("purchase"), Window: d},
			{Func: plan.Count, Filter: typeIs("view"), Window: d},
			{Func: plan.Count, Filter: typeIs("purchase"), Window: d, Until: d / 2},
		}, filters: 2, values: 0, sets: 3, gathers: 0, setOf: []int{0, 1, 2}, gatherOf: []int{-1, -1, -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh, err := newSharing(eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), c.aggs)
			if err != nil {
				t.Fatal(err)
			}
			got := []int{len(sh.filters), len(sh.values), len(sh.sets), len(sh.gathers)}
			want := []int{c.filters, c.values, c.sets, c.gathers}
			if !equalInts(got, want) || !equalInts(sh.setOf, c.setOf) || !equalInts(sh.gatherOf, c.gatherOf) {
				t.Errorf("filters, values, sets, gathers = %v, want %v; setOf %v, want %v; gatherOf %v, want %v",
					got, want, sh.setOf, c.setOf, sh.gatherOf, c.gatherOf)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
