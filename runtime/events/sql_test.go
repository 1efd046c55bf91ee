package events

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
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

// TestPushdownKeepsOffsetEdges stores events within a day of each
// window's edges with ±23:59 zone offsets, and wants the same aggregates
// with the filters and windows pushed into SQL as without.
func TestPushdownKeepsOffsetEdges(t *testing.T) {
	d := int64(86400)
	var evs []event
	for i := int64(0); i < 4000; i++ {
		edge := []int64{asOf, asOf - d, asOf - 30*d}[i%3]
		evs = append(evs, event{id: i + 1, cust: i%50 + 1, typ: []string{"purchase", "add_to_cart"}[i/3%2],
			ts: edge + (i*7919)%(2*d) - d, amount: float64(i % 97)})
	}
	aggs := []*plan.Aggregate{
		{Func: plan.Count, Filter: typeIs("purchase"), Window: 30 * d, Type: types.Of(types.Int)},
		{Func: plan.Sum, Value: amountRef, Filter: typeIs("purchase"), Window: 30 * d, Type: types.Type{Kind: types.Float, Nullable: true}},
		{Func: plan.Count, Filter: typeIs("add_to_cart"), Window: d, Type: types.Of(types.Int)},
	}
	db := writeDB(t, evs, "text-offset")
	var results [2][][]any
	for i, noPush := range []bool{false, true} {
		req := Request{Log: testLog(), Aggs: aggs, AsOf: asOf, Keys: NewKeyIndex(types.Int, population(50)),
			Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), Workers: 2, NoPushdown: noPush}
		res, err := Run(context.Background(), db, req)
		if err != nil {
			t.Fatal(err)
		}
		results[i] = dump(res.Aggs)
	}
	if !reflect.DeepEqual(results[0], results[1]) {
		t.Errorf("pushdown changes the aggregates:\npushed %v\nin Go  %v", results[0][2][:10], results[1][2][:10])
	}
}

// TestIDNotRowidAlias stores events in a table whose id column is
// `INTEGER PRIMARY KEY DESC` (not a rowid alias) with rowids running
// against the ids. Every customer's events share one time, so last(type)
// is decided by the id alone.
func TestIDNotRowidAlias(t *testing.T) {
	db := writeDB(t, nil, "text")
	mustExec(t, db, `CREATE TABLE ev2(event_id INTEGER PRIMARY KEY DESC, customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
	mustExec(t, db, `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 300)
		INSERT INTO ev2(rowid, event_id, customer_id, ts, type, amount)
		SELECT 1000 - i, i, i % 10 + 1, '2026-06-01 00:00:00', 'type' || i, NULL FROM c`)
	log := testLog()
	log.SQLTable = "ev2"
	typeRef := &plan.EventColumnRef{Node: node(types.String), Column: 1, Name: "type"}
	aggs := []*plan.Aggregate{{Func: plan.Last, Value: typeRef, Type: types.Type{Kind: types.String, Nullable: true}}}
	req := Request{Log: log, Aggs: aggs, AsOf: asOf, Keys: NewKeyIndex(types.Int, population(10)),
		Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), Workers: 2, Chunk: 64}
	res, err := Run(context.Background(), db, req)
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < 10; c++ {
		if got, want := res.Aggs[0].Value(c), fmt.Sprintf("type%d", 291+(c+9)%10); got != want {
			t.Errorf("customer %d: last(type) = %v, want %v (the highest id)", c+1, got, want)
		}
	}
}
