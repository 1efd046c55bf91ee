package eval

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// diffColumns are the differential test's inputs: nulls, ints, floats
// with ties and signs, strings, bools and times.
func diffColumns(n int) testInputs {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := []types.Kind{types.Int, types.Float, types.Bool, types.String, types.Time, types.Int, types.Float}
	in := testInputs{n: n}
	for _, k := range kinds {
		vals := make([]any, n)
		for i := range vals {
			vals[i] = randomValue(r, k)
		}
		in.cols = append(in.cols, FromValues(k, vals))
	}
	return in
}

func randomValue(r *rand.Rand, k types.Kind) any {
	if r.IntN(6) == 0 {
		return nil
	}
	switch k {
	case types.Int:
		return int64(r.IntN(11) - 5)
	case types.Float:
		return float64(r.IntN(21)-10) / 4
	case types.Bool:
		return r.IntN(2) == 0
	case types.String:
		return []string{"", "a", "Ab", "purchase", "x y"}[r.IntN(5)]
	}
	return int64(asOf - r.IntN(86400*30))
}

// columnsOfKind lists the fixture columns of kind k.
func columnsOfKind(in testInputs, k types.Kind) []plan.Expr {
	var out []plan.Expr
	for i, c := range in.cols {
		if c.Kind == k {
			out = append(out, col(i, k))
		}
	}
	return out
}

// callSites builds, for every scalar builtin, a call for each argument
// kind combination (arity 1 to 3) its Check accepts.
func callSites(reg *builtins.Registry, in testInputs) []plan.Expr {
	kinds := []types.Kind{types.Int, types.Float, types.Bool, types.String, types.Time}
	var out []plan.Expr
	for _, b := range reg.All() {
		if b.Class != builtins.Scalar {
			continue
		}
		for _, combo := range combos(kinds, 3) {
			argTypes := make([]types.Type, len(combo))
			for i, k := range combo {
				argTypes[i] = ty(k)
			}
			rt, err := b.Check(argTypes)
			if err != nil {
				continue
			}
			args := make([]plan.Expr, len(combo))
			for i, k := range combo {
				args[i] = columnsOfKind(in, k)[i%len(columnsOfKind(in, k))]
			}
			out = append(out, call(b.Name, rt.Kind, args...))
		}
	}
	return out
}

// combos returns every kind sequence of length 1..max.
func combos(kinds []types.Kind, maxLen int) [][]types.Kind {
	out := [][]types.Kind{{}}
	var all [][]types.Kind
	for l := 0; l < maxLen; l++ {
		var next [][]types.Kind
		for _, p := range out {
			for _, k := range kinds {
				next = append(next, append(append([]types.Kind(nil), p...), k))
			}
		}
		all = append(all, next...)
		out = next
	}
	return all
}

// operatorExprs are compound expressions over the fixture columns.
func operatorExprs() []plan.Expr {
	I, F, B, S, T := types.Int, types.Float, types.Bool, types.String, types.Time
	var out []plan.Expr
	for _, op := range []string{"+", "-", "*", "%"} {
		out = append(out, bin(op, col(0, I), col(5, I), I), bin(op, col(1, F), col(6, F), F))
	}
	out = append(out, bin("/", cast(col(0, I)), cast(col(5, I)), F), bin("/", col(1, F), col(6, F), F))
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		out = append(out, bin(op, col(0, I), col(5, I), B), bin(op, col(1, F), cast(col(0, I)), B),
			bin(op, col(3, S), cst("a", S), B), bin(op, col(4, T), cst(int64(asOf-86400), T), B))
		// a numeric literal on either side (compared as a scalar), and a null one
		out = append(out, bin(op, col(0, I), cst(int64(3), I), B), bin(op, cst(int64(3), I), col(0, I), B),
			bin(op, col(1, F), cst(0.5, F), B), bin(op, cst(0.5, F), col(1, F), B),
			bin(op, cast(col(0, I)), cst(2.5, F), B), bin(op, col(0, I), cst(nil, I), B))
		// elapsed time against a literal (fused, no float vector)
		out = append(out, bin(op, call("days_since", F, col(4, T)), cst(3.0, F), B),
			bin(op, cst(int64(2), I), call("hours_since", F, col(4, T)), B),
			bin(op, call("days_since", F, cst(nil, T)), cst(1.5, F), B))
	}
	cmp := bin(">", col(1, F), col(6, F), B)
	out = append(out,
		bin("and", col(2, B), cmp, B), bin("or", col(2, B), cmp, B), un("not", cmp, B),
		bin("??", col(1, F), cast(col(0, I)), F), bin("??", col(3, S), cst("z", S), S),
		un("-", col(0, I), I), in(col(0, I), cst(int64(1), I), cst(int64(-2), I)),
		in(col(3, S), cst("a", S), cst(nil, S)),
		bin("-", cst(int64(asOf), T), col(4, T), types.Duration),
		bin("and", bin("??", col(2, B), cst(false, B), B), bin("<", bin("+", col(0, I), col(5, I), I), cst(int64(3), I), B), B),
		// min and max against a literal (no broadcast), either side, ties
		call("max", I, col(0, I), cst(int64(1), I)), call("min", I, cst(int64(0), I), col(5, I)),
		call("max", F, col(1, F), cst(int64(1), I)), call("min", F, cst(0.25, F), col(6, F)),
		call("max", F, cst(0.5, F), cast(col(0, I))), call("max", I, col(0, I), cst(nil, I)),
		// float arithmetic over ints cast to float (no float copies)
		bin("/", cast(col(0, I)), cast(call("max", I, col(5, I), cst(int64(1), I))), F),
		// ... and with the int pick of a literal made inside the arithmetic
		bin("*", cast(call("min", I, cst(int64(2), I), col(0, I))), col(1, F), F),
		bin("%", cast(call("max", I, col(5, I), cst(int64(-1), I))), cast(col(0, I)), F),
		bin("/", cst(nil, F), cast(call("max", I, col(0, I), cst(int64(0), I))), F),
		bin("-", cast(col(4, T)), cast(call("max", I, cst(nil, I), col(0, I))), F),
		bin("*", cast(col(4, T)), col(1, F), F), bin("-", col(6, F), cast(col(0, I)), F),
		bin("%", cast(col(5, I)), cast(col(0, I)), F),
	)
	return out
}

func TestVectorAndRowEnginesAgree(t *testing.T) {
	reg := builtins.Default()
	in := diffColumns(1300) // more than two chunks of the fused kernels
	exprs := append(operatorExprs(), callSites(reg, in)...)
	calls := 0
	for _, e := range exprs {
		if _, ok := e.(*plan.Call); ok {
			calls++
		}
	}
	if calls < 10 {
		t.Fatalf("only %d builtin call sites generated", calls)
	}
	t.Logf("%d expressions, %d builtin calls", len(exprs), calls)
	vec := NewCompiler(reg, Options{AsOf: asOf})
	row := NewCompiler(reg, Options{AsOf: asOf, ForceRow: true})
	for _, e := range exprs {
		kv, err1 := vec.Compile(e)
		kr, err2 := row.Compile(e)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: compile: %v / %v", describe(e), err1, err2)
		}
		if a, b := values(kv(in)), values(kr(in)); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: engines disagree\nvector %v\nrow    %v", describe(e), a, b)
		}
	}
}

func describe(e plan.Expr) string {
	switch x := e.(type) {
	case *plan.Call:
		s := x.Func + "("
		for _, a := range x.Args {
			s += a.Type().Kind.String() + ","
		}
		return s + ")"
	case *plan.Binary:
		return x.Op + " " + x.X.Type().Kind.String()
	}
	return "expr"
}
