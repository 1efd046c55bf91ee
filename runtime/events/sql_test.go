package events

import (
	"reflect"
	"testing"

	"github.com/segc/segc/compiler/plan"
)

// TestPushdownGroupsFilters checks that aggregates sharing a filter share
// one disjunct with the widest window, and that the filters precede the
// time bounds.
func TestPushdownGroupsFilters(t *testing.T) {
	d := int64(86400)
	asOf := int64(1782777600) // 2026-06-30
	w1 := []*plan.Aggregate{
		{Func: plan.Count, Filter: typeIs("purchase"), Window: 365 * d},
		{Func: plan.Sum, Value: amountRef, Filter: typeIs("purchase"), Window: 365 * d},
		{Func: plan.Last, Value: tsRef, Filter: typeIs("purchase")},
		{Func: plan.Count, Filter: typeIs("add_to_cart"), Window: d},
		{Func: plan.Count, Filter: typeIs("purchase"), Window: d},
	}
	windowed := []*plan.Aggregate{
		{Func: plan.Count, Filter: typeIs("purchase"), Window: d},
		{Func: plan.Count, Filter: typeIs("purchase"), Window: 30 * d},
	}
	tests := []struct {
		name  string
		aff   Affinity
		aggs  []*plan.Aggregate
		where string
		args  []any
	}{
		{"w1 text time", AffText, w1,
			`(("type" == ?) OR (("type" == ?) AND +"ts" >= ?)) AND +"ts" < ?`,
			[]any{"purchase", "add_to_cart", "2026-06-28", "2026-07-02"}},
		{"widest window", AffText, windowed,
			`((("type" == ?) AND +"ts" >= ?)) AND +"ts" < ? AND +"ts" >= ?`,
			[]any{"purchase", "2026-05-30", "2026-07-02", "2026-05-30"}},
		{"numeric time", AffNumeric, windowed[:1],
			`((("type" == ?) AND ((+"ts" > ? AND +"ts" < '') OR +"ts" >= ?))) AND (+"ts" <= ? OR (+"ts" >= '' AND +"ts" < ?)) AND ((+"ts" > ? AND +"ts" < '') OR +"ts" >= ?)`,
			[]any{"purchase", asOf - d, "2026-06-28", asOf, "2026-07-02", asOf - d, "2026-06-28"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pd := &pushdown{log: testLog(), aff: map[string]Affinity{"ts": tt.aff, "type": AffText, "amount": AffNumeric}}
			pd.filters(asOf, tt.aggs)
			pd.timeBounds(asOf, tt.aggs)
			where, args := pd.where()
			if where != tt.where || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("got  %s %v\nwant %s %v", where, args, tt.where, tt.args)
			}
		})
	}
}
