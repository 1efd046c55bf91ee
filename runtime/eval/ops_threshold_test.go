package eval

import (
	"math"
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// scalarInputs serves threshold 0 as the scalar (value, valid), counting
// the reads of its vector, and every other read as testInputs does.
type scalarInputs struct {
	testInputs
	value float64
	valid bool
	reads *int
}

func (s scalarInputs) Threshold(i int) Vec {
	if i == 0 {
		*s.reads++
	}
	return s.testInputs.Threshold(i)
}

func (s scalarInputs) ThresholdScalar(i int) (float64, bool, bool) {
	return s.value, s.valid, i == 0
}

// thr references threshold 0, a float statistic.
func thr() *plan.ThresholdRef {
	return &plan.ThresholdRef{Node: plan.Node{T: ty(types.Float)}, Threshold: 0}
}

// TestThresholdScalarKernels checks that comparing with, and imputing by,
// a threshold held as a scalar gives what the same threshold as a vector
// repeating it gives: ints and floats with nulls, either side, a null
// and a NaN statistic.
func TestThresholdScalarKernels(t *testing.T) {
	I, F, B := types.Int, types.Float, types.Bool
	exprs := map[string]plan.Expr{
		"float >= t":    bin(">=", col(1, F), thr(), B),
		"t < float":     bin("<", thr(), col(1, F), B),
		"int cast > t":  bin(">", cast(col(0, I)), thr(), B),
		"t == int cast": bin("==", thr(), cast(col(5, I)), B),
		"float ?? t":    bin("??", col(1, F), thr(), F),
		"int cast ?? t": bin("??", cast(col(0, I)), thr(), F),
		"float != t":    bin("!=", col(1, F), thr(), B),
		"int cast <= t": bin("<=", cast(col(0, I)), thr(), B),
	}
	// these read the vector as before
	reading := map[string]plan.Expr{
		"t ?? float": bin("??", thr(), col(1, F), F),
		"t - float":  bin("-", thr(), col(1, F), F),
	}
	stats := []struct {
		value float64
		valid bool
	}{{1.5, true}, {-3, true}, {0, false}, {math.NaN(), true}}
	c := NewCompiler(builtins.Default(), Options{AsOf: asOf})
	row := NewCompiler(builtins.Default(), Options{AsOf: asOf, ForceRow: true})
	for name, e := range merge(exprs, reading) {
		k, err := c.Compile(e)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ref, err := row.Compile(e)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, st := range stats {
			vec := fixture()
			var want []any
			vec.cols[0] = Nulls(F, vec.n)
			if st.valid {
				vec.cols[0] = Const(F, st.value, vec.n)
			}
			want = values(ref(vec))
			reads := 0
			scalar := scalarInputs{testInputs: vec, value: st.value, valid: st.valid, reads: &reads}
			got := values(k(scalar))
			if vector := values(k(vec)); !equalValues(got, vector) {
				t.Errorf("%s with %v: scalar gives %v, the vector %v", name, st, got, vector)
			}
			// the row engine differs from the kernels on NaN (not a case here)
			if !math.IsNaN(st.value) && !equalValues(got, want) {
				t.Errorf("%s with %v: scalar gives %v, the row engine on its vector %v", name, st, got, want)
			}
			_, fused := exprs[name]
			if fused && st.valid && reads > 0 {
				t.Errorf("%s with %v: read the threshold's vector %d times", name, st, reads)
			}
		}
	}
}

// merge returns the entries of a and b.
func merge(a, b map[string]plan.Expr) map[string]plan.Expr {
	out := map[string]plan.Expr{}
	for _, m := range []map[string]plan.Expr{a, b} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// equalValues compares boxed values, NaN equal to NaN.
func equalValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, xf := a[i].(float64)
		y, yf := b[i].(float64)
		if xf && yf && math.IsNaN(x) && math.IsNaN(y) {
			continue
		}
		if !reflect.DeepEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}
