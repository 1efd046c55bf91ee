package events

import (
	"context"
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// amountOver is `amount > x`.
func amountOver(x float64) plan.Expr {
	return &plan.Binary{Node: node(types.Bool), Op: ">", X: amountRef, Y: &plan.Const{Node: node(types.Float), Value: x}}
}

// and is `x and y`.
func and(x, y plan.Expr) plan.Expr {
	return &plan.Binary{Node: node(types.Bool), Op: "and", X: x, Y: y}
}

// countWhere is count(events where f).
func countWhere(f plan.Expr) *plan.Aggregate {
	return &plan.Aggregate{Func: plan.Count, Filter: f, Type: types.Of(types.Int)}
}

// TestSharingNarrowsConjunctions checks which filters are evaluated over
// another filter's rows: a top-level `and` with the other filter as
// either conjunct, never over a filter that is itself narrowed.
func TestSharingNarrowsConjunctions(t *testing.T) {
	buy, big := typeIs("purchase"), amountOver(100)
	for _, c := range []struct {
		name  string
		aggs  []*plan.Aggregate
		bases []int // per filter: its base, -1 none
	}{
		{"left conjunct", []*plan.Aggregate{countWhere(typeIs("purchase")), countWhere(and(buy, big))}, []int{-1, 0}},
		{"base listed later", []*plan.Aggregate{countWhere(and(buy, big)), countWhere(typeIs("purchase"))}, []int{1, -1}},
		{"right conjunct", []*plan.Aggregate{countWhere(typeIs("purchase")), countWhere(and(big, buy))}, []int{-1, 0}},
		{"no base", []*plan.Aggregate{countWhere(and(buy, big)), countWhere(typeIs("view"))}, []int{-1, -1}},
		{"or is no narrowing", []*plan.Aggregate{countWhere(typeIs("purchase")),
			countWhere(&plan.Binary{Node: node(types.Bool), Op: "or", X: buy, Y: big})}, []int{-1, -1}},
		{"no chain", []*plan.Aggregate{countWhere(typeIs("purchase")), countWhere(and(buy, big)),
			countWhere(and(and(buy, big), amountOver(150)))}, []int{-1, 0, -1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh, err := newSharing(eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), c.aggs)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for i := range sh.filters {
				b := -1
				if nw := sh.narrowing(i); nw != nil {
					b = nw.base
				}
				got = append(got, b)
			}
			if !equalInts(got, c.bases) {
				t.Errorf("bases = %v, want %v", got, c.bases)
			}
		})
	}
}

// TestNarrowedFilterSameRows checks that a narrowed filter keeps the rows
// the whole filter keeps: counts of `type == "purchase" and rest` (either
// order) beside a count of purchases equal the same counts alone.
func TestNarrowedFilterSameRows(t *testing.T) {
	db := writeDB(t, genEvents(4000, 300), "text")
	keys := NewKeyIndex(types.Int, population(300))
	pass := func(aggs ...*plan.Aggregate) [][]any {
		req := Request{Log: testLog(), Aggs: aggs, AsOf: asOf, Keys: keys, NoPushdown: true,
			Compiler: eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), Workers: 1, Chunk: 500}
		res, err := Run(context.Background(), db, req)
		if err != nil {
			t.Fatal(err)
		}
		return dump(res.Aggs)
	}
	// The rest holds for add_to_cart rows too, so dropping the base
	// (counting the rest alone) changes the counts.
	rest := &plan.Binary{Node: node(types.Bool), Op: "or", X: amountOver(100), Y: typeIs("add_to_cart")}
	left, right := and(typeIs("purchase"), rest), and(rest, typeIs("purchase"))
	want := append(pass(countWhere(left)), pass(countWhere(right))...)
	got := pass(countWhere(typeIs("purchase")), countWhere(left), countWhere(right))[1:]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("narrowed counts differ from the whole filters'")
	}
	if reflect.DeepEqual(want[:1], pass(countWhere(rest))) {
		t.Fatal("test data cannot tell the conjunction from its rest")
	}
}

// BenchmarkSharingFilters evaluates the demo's event filters with a
// trigger's (purchases, carts, and purchases over 200) over one batch of
// 200k rows: with the kernels only, with eqFilters, and with the third
// narrowed to the first's rows too.
func BenchmarkSharingFilters(b *testing.B) {
	const n = 200000
	kinds := []string{"page_view", "page_view", "page_view", "email_open", "add_to_cart", "purchase"}
	typ, amount := eval.Alloc(types.String, n), eval.Alloc(types.Float, n)
	for i := range n {
		typ.S[i] = kinds[i*7%len(kinds)]
		amount.F[i] = float64(i % 400)
	}
	bt := &batch{n: n, cols: []eval.Vec{{}, typ, amount}}
	in, keep := batchInputs{b: bt}, allRows(n)
	aggs := []*plan.Aggregate{countWhere(typeIs("purchase")), countWhere(typeIs("add_to_cart")),
		countWhere(and(typeIs("purchase"), amountOver(200)))}
	for _, c := range []struct {
		name       string
		eq, narrow bool
	}{{"kernels", false, false}, {"eq", true, false}, {"eq+narrowed", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			sh, err := newSharing(eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf}), aggs)
			if err != nil {
				b.Fatal(err)
			}
			if !c.eq {
				sh.eq = nil
				for _, nw := range sh.narrow {
					if nw != nil {
						nw.restEq = nil
					}
				}
			}
			if !c.narrow {
				sh.narrow = nil
			}
			for b.Loop() {
				sh.filter(in, keep)
			}
		})
	}
}
