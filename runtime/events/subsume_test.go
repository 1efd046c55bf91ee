package events

import (
	"reflect"
	"testing"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// TestPushdownDropsSubsumed: a disjunct whose conjuncts include all of
// another's, with a window the other covers, is left out; one with a
// wider window, or a conjunct the other lacks, stays.
func TestPushdownDropsSubsumed(t *testing.T) {
	d := int64(86400)
	asOf := int64(1782777600) // 2026-06-30
	big := &plan.Binary{Node: node(types.Bool), Op: "and", X: typeIs("purchase"),
		Y: &plan.Binary{Node: node(types.Bool), Op: ">", X: amountRef, Y: &plan.Const{Node: node(types.Float), Value: 200.0}}}
	tests := []struct {
		name  string
		aggs  []*plan.Aggregate
		where string
		args  []any
	}{
		{"unbounded covers windowed", []*plan.Aggregate{
			{Func: plan.Count, Filter: big, Window: 60 * d},
			{Func: plan.Last, Value: tsRef, Filter: typeIs("purchase")},
		}, `(("type" == ?)) AND +"ts" < ?`, []any{"purchase", "2026-07-02"}},
		{"narrower window kept", []*plan.Aggregate{
			{Func: plan.Count, Filter: big, Window: 60 * d},
			{Func: plan.Count, Filter: typeIs("purchase"), Window: 30 * d},
		}, `(((("type" == ?) AND ("amount" > ?)) AND +"ts" >= ?) OR (("type" == ?) AND +"ts" >= ?)) AND +"ts" < ? AND +"ts" >= ?`,
			[]any{"purchase", 200.0, "2026-04-30", "purchase", "2026-05-30", "2026-07-02", "2026-04-30"}},
		{"other conjunct kept", []*plan.Aggregate{
			{Func: plan.Count, Filter: big},
			{Func: plan.Count, Filter: typeIs("add_to_cart")},
		}, `((("type" == ?) AND ("amount" > ?)) OR ("type" == ?)) AND +"ts" < ?`,
			[]any{"purchase", 200.0, "add_to_cart", "2026-07-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pd := &pushdown{log: testLog(), aff: map[string]Affinity{"ts": AffText, "type": AffText, "amount": AffNumeric}}
			pd.filters(asOf, tt.aggs)
			pd.timeBounds(asOf, tt.aggs)
			where, args := pd.where()
			if where != tt.where || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("got  %s %v\nwant %s %v", where, args, tt.where, tt.args)
			}
		})
	}
}
