package runtime

import (
	"testing"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// TestOnTransitionSharesLastTime: a lifecycle `on` transition reads the
// plan's aggregate of the latest matching event time (last or max of the
// time column, same filter, unbounded) instead of adding its own to the
// event pass; any other aggregate leaves it its own.
func TestOnTransitionSharesLastTime(t *testing.T) {
	purchase := bin("==", evCol(1, types.String), c("purchase", types.String), types.Bool)
	cases := []struct {
		name   string
		change func(a *plan.Aggregate) // applied to retailPlan's last(events.ts where type == "purchase")
		filter plan.Expr               // the transition's
		shared bool
	}{
		{"last, same filter", func(*plan.Aggregate) {}, purchase, true},
		{"max, same filter", func(a *plan.Aggregate) { a.Func = plan.Max }, purchase, true},
		{"first", func(a *plan.Aggregate) { a.Func = plan.First }, purchase, false},
		{"other filter", func(*plan.Aggregate) {}, bin("==", evCol(1, types.String), c("add_to_cart", types.String), types.Bool), false},
		{"no filter", func(*plan.Aggregate) {}, nil, false},
		{"windowed", func(a *plan.Aggregate) { a.Window = 86400 }, purchase, false},
		{"past window", func(a *plan.Aggregate) { a.Until = 86400 }, purchase, false},
		{"other column", func(a *plan.Aggregate) { a.Value = evCol(2, types.Float) }, purchase, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := retailPlan()
			tc.change(p.Aggregates[2])
			p.Lifecycles = []*plan.Lifecycle{{Name: "stage", States: []string{"new", "lapsed", "active"},
				Transitions: []*plan.Transition{{From: 0, To: 1, When: c(true, types.Bool)}, {From: 1, To: 2, On: &plan.EventMatch{Filter: tc.filter}}}}}
			ta := newTimeAggs(p)
			gotShared := ta.onAgg[0][1] == 2 && ta.onLast[0][1] == -1 && len(ta.aggs) == 0
			gotOwn := ta.onAgg[0][1] == -1 && ta.onLast[0][1] == 0 && len(ta.aggs) == 1
			if tc.shared && !gotShared || !tc.shared && !gotOwn {
				t.Errorf("onAgg %v, onLast %v, %d synthetic aggregates; want shared %v", ta.onAgg, ta.onLast, len(ta.aggs), tc.shared)
			}
			if ta.onAgg[0][0] != -1 || ta.onLast[0][0] != -1 {
				t.Errorf("the when transition got onAgg %d, onLast %d; want -1, -1", ta.onAgg[0][0], ta.onLast[0][0])
			}
		})
	}
}
