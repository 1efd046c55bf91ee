package eval

import (
	"slices"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// TestCompileNarrow checks that narrowing members by a clause clears
// exactly the members for which the clause's vector is not true: literals
// and thresholds (held as a scalar, null, or as a vector) on either side,
// int and float operands with nulls, and a null operand.
func TestCompileNarrow(t *testing.T) {
	I, F, B := types.Int, types.Float, types.Bool
	clauses := map[string]plan.Expr{
		"int >= int":         bin(">=", col(0, I), cst(int64(1), I), B),
		"int cast > float":   bin(">", cast(col(0, I)), cst(0.5, F), B),
		"float < float":      bin("<", col(1, F), cst(2.0, F), B),
		"float == int":       bin("==", col(1, F), cst(int64(2), I), B),
		"int lit <= int":     bin("<=", cst(int64(0), I), col(5, I), B),
		"int != int":         bin("!=", col(5, I), cst(int64(0), I), B),
		"float >= t":         bin(">=", col(1, F), thr(), B),
		"t > int cast":       bin(">", thr(), cast(col(0, I)), B),
		"null col > int":     bin(">", col(6, types.Null), cst(int64(1), I), B),
		"string == literal":  bin("==", col(3, types.String), cst("a", types.String), B),
		"days_since <= int":  bin("<=", call("days_since", F, col(4, types.Time)), cst(int64(0), I), B),
		"float < days_since": bin("<", cst(-0.5, F), call("days_since", F, col(4, types.Time)), B),
		"hours_since > int":  bin(">", call("hours_since", F, col(4, types.Time)), cst(int64(-1), I), B),
		"days_since(null)":   bin(">", call("days_since", F, col(6, types.Null)), cst(int64(1), I), B),
	}
	thresholds := []struct {
		name  string
		value float64
		valid bool
		held  bool
	}{{"scalar", 1.5, true, true}, {"null scalar", 0, false, true}, {"vector", 1.5, true, false}, {"grouped", 0, false, false}}
	c := NewCompiler(builtins.Default(), Options{AsOf: asOf})
	for name, e := range clauses {
		k, err := c.Compile(e)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		narrow, ok, err := c.CompileNarrow(e)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ok != (name == "string == literal") {
			t.Fatalf("%s: CompileNarrow ok=%v", name, ok)
		}
		if !ok {
			continue
		}
		for _, th := range thresholds {
			in := narrowInputs(th.value, th.valid, th.held)
			if th.name == "grouped" {
				in = groupedInputs()
			}
			want := []bool{true, true, true, false, true}
			andTrue(want, k(in))
			got := []bool{true, true, true, false, true}
			narrow(in, got)
			if !slices.Equal(got, want) {
				t.Errorf("%s with a %s threshold: narrowed to %v, want %v", name, th.name, got, want)
			}
		}
	}
}

// narrowInputs is the fixture with a null column 6 and threshold 0
// held as a scalar (held) or as a vector repeating it.
func narrowInputs(value float64, valid, held bool) Inputs {
	in := narrowIn{testInputs: fixture(), value: value, valid: valid, held: held}
	in.cols = append(in.cols, Vec{Kind: types.Null, N: in.n})
	in.thr = Nulls(types.Float, in.n)
	if valid {
		in.thr = Const(types.Float, value, in.n)
	}
	return in
}

// narrowIn serves the fixture's columns and threshold 0: thr, and the
// scalar (value, valid) when held.
type narrowIn struct {
	testInputs
	thr         Vec
	value       float64
	valid, held bool
	of          []int32
	gvalue      []float64
	gvalid      []bool
}

func (n narrowIn) Threshold(int) Vec { return n.thr }

// groupedInputs is the fixture with a null column 6 and threshold 0 held
// as groups: entities in groups 0, none, 1, 0, 2 with values 1.5, null,
// -3 (and its vector spread from them).
func groupedInputs() Inputs {
	in := narrowIn{testInputs: fixture()}
	in.cols = append(in.cols, Vec{Kind: types.Null, N: in.n})
	in.of = []int32{0, -1, 1, 0, 2}
	in.gvalue, in.gvalid = []float64{0, 1.5, 0, -3}, []bool{false, true, false, true}
	in.thr = FromValues(types.Float, []any{1.5, nil, nil, 1.5, -3.0})
	return groupedIn{in}
}

// groupedIn serves threshold 0 as groups.
type groupedIn struct{ narrowIn }

func (g groupedIn) ThresholdGroups(int) ([]int32, []float64, []bool, bool) {
	return g.of, g.gvalue, g.gvalid, true
}

func (n narrowIn) ThresholdScalar(int) (float64, bool, bool) { return n.value, n.valid, n.held }

func TestCompileNarrowForceRow(t *testing.T) {
	c := NewCompiler(builtins.Default(), Options{AsOf: asOf, ForceRow: true})
	_, ok, err := c.CompileNarrow(bin(">=", col(0, types.Int), cst(int64(1), types.Int), types.Bool))
	if ok || err != nil {
		t.Errorf("ForceRow: CompileNarrow ok=%v err=%v, want the row engine", ok, err)
	}
}
