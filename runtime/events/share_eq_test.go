package events

import (
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// TestEqFilterMatchesKernel checks that a `column == "text"` filter
// tested on the column keeps exactly the rows its kernel keeps, with
// null values (stored as "") and either operand order, and that other
// filters are left to their kernels.
func TestEqFilterMatchesKernel(t *testing.T) {
	typ := eval.Alloc(types.String, 6)
	copy(typ.S, []string{"purchase", "", "view", "purchase", "", "purchase"})
	typ.Valid = []bool{true, false, true, false, true, true}
	bt := &batch{n: 6, cols: []eval.Vec{{}, typ, eval.Nulls(types.Float, 6)}}
	in, keep := batchInputs{b: bt}, []int32{0, 1, 2, 3, 4, 5}
	text := func(s string) plan.Expr { return &plan.Const{Node: node(types.String), Value: s} }
	comp := eval.NewCompiler(builtins.Default(), eval.Options{AsOf: asOf})
	for _, c := range []struct {
		name string
		f    plan.Expr
		eq   bool
		want []int32
	}{
		{"column first", typeIs("purchase"), true, []int32{0, 5}},
		{"constant first", &plan.Binary{Node: node(types.Bool), Op: "==", X: text("purchase"), Y: typeRef}, true, []int32{0, 5}},
		{"empty text is no null", typeIs(""), true, []int32{4}},
		{"not equal", &plan.Binary{Node: node(types.Bool), Op: "!=", X: typeRef, Y: text("view")}, false, []int32{0, 4, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			eq := eqFilterOf(c.f)
			if (eq != nil) != c.eq {
				t.Fatalf("eqFilterOf = %v, want one: %v", eq, c.eq)
			}
			k, err := comp.Compile(c.f)
			if err != nil {
				t.Fatal(err)
			}
			byKernel, got := trueRows(k(in).True(), keep), filterRows(in, k, eq, keep)
			if !reflect.DeepEqual(byKernel, c.want) || !reflect.DeepEqual(got, c.want) {
				t.Errorf("kernel rows %v, filter rows %v, want %v", byKernel, got, c.want)
			}
		})
	}
}

// TestEqFilterFallsBack checks that a column the batch does not hold as
// strings is left to the kernel.
func TestEqFilterFallsBack(t *testing.T) {
	bt := &batch{n: 3, cols: []eval.Vec{{}, eval.Nulls(types.Null, 3)}}
	if _, ok := eqFilterOf(typeIs("purchase")).rows(batchInputs{b: bt}, []int32{0, 1, 2}); ok {
		t.Error("rows of a null column: ok, want the kernel to decide")
	}
}
