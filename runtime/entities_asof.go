package runtime

import (
	"math"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// Directions of an asOfFn for one entity.
const (
	dirConstant = 0
	dirUp       = 1  // non-decreasing in the as-of instant
	dirDown     = -1 // non-increasing
	dirUnknown  = 2  // time-dependent, monotonicity not known
)

// asOfFn is an entity-level number as a function of the as-of instant
// while nothing but time changes (no event, no other evaluation): value
// gives, for entity i at instant tau, what the evaluator computes at
// as-of tau (false: null), with the same operations in the same order;
// dir says how it moves with tau.
type asOfFn struct {
	float bool // float storage, else int (int, duration, time)
	value func(i int, tau int64) (num, bool)
	dir   func(i int) int
}

// num is a value of an asOfFn: f when float, else i.
type num struct {
	f float64
	i int64
}

// dependsOnAsOf reports whether e's value depends on the as-of instant through
// days_since, hours_since or time_in (directly or through features).
// Aggregates, thresholds, states, triggers and segments are inputs
// that change only at events, evaluations and instants Next covers
// otherwise, so they count as fixed.
func (x *entityRun) dependsOnAsOf(e plan.Expr) bool {
	switch e := e.(type) {
	case nil:
		return false
	case *plan.TimeInRef:
		return true
	case *plan.Call:
		if plan.AsOfBuiltin(e.Func) {
			return true
		}
	case *plan.FeatureRef:
		if e.Feature < 0 || e.Feature >= len(x.p.Features) {
			return false
		}
		if d, ok := x.featAsOf[e.Feature]; ok {
			return d
		}
		x.featAsOf[e.Feature] = false // a cycle cannot compile; guard anyway
		d := x.dependsOnAsOf(x.p.Features[e.Feature].Value)
		x.featAsOf[e.Feature] = d
		return d
	}
	for _, c := range plan.Children(e) {
		if x.dependsOnAsOf(c) {
			return true
		}
	}
	return false
}

// fnOf builds e's asOfFn, or nil when e is time-dependent in a way it
// does not model (the caller is then conservative).
func (x *entityRun) fnOf(e plan.Expr) (*asOfFn, error) {
	if !x.dependsOnAsOf(e) {
		return x.fixedFn(e)
	}
	switch e := e.(type) {
	case *plan.Call:
		return x.sinceFn(e)
	case *plan.TimeInRef:
		return x.timeInFn(e), nil
	case *plan.FeatureRef:
		return x.fnOf(x.p.Features[e.Feature].Value)
	case *plan.Cast:
		return x.castFn(e)
	case *plan.Unary:
		return x.negFn(e)
	case *plan.Binary:
		return x.arithFn(e)
	}
	return nil, nil
}

// fixedFn is an expression that does not depend on as-of: its value now.
func (x *entityRun) fixedFn(e plan.Expr) (*asOfFn, error) {
	v, err := x.eval(e)
	if err != nil {
		return nil, err
	}
	float := v.Kind == types.Float
	return &asOfFn{float: float, dir: func(int) int { return dirConstant }, value: func(i int, _ int64) (num, bool) {
		if i >= v.N || v.IsNull(i) {
			return num{}, false
		}
		if float {
			return num{f: v.F[i]}, true
		}
		if v.I == nil {
			return num{}, false
		}
		return num{i: v.I[i]}, true
	}}, nil
}

// sinceFn is days_since(t) or hours_since(t) of a fixed time t:
// float64(tau - t) / unit, as the evaluator computes it.
func (x *entityRun) sinceFn(c *plan.Call) (*asOfFn, error) {
	unit := map[string]float64{"days_since": 86400, "hours_since": 3600}[c.Func]
	if unit == 0 || len(c.Args) != 1 || x.dependsOnAsOf(c.Args[0]) {
		return nil, nil
	}
	t, err := x.eval(c.Args[0])
	if err != nil {
		return nil, err
	}
	return &asOfFn{float: true, dir: func(int) int { return dirUp }, value: func(i int, tau int64) (num, bool) {
		if i >= t.N || t.IsNull(i) || t.I == nil {
			return num{}, false
		}
		return num{f: float64(tau-t.I[i]) / unit}, true
	}}, nil
}

// timeInFn is time_in(l): tau minus the entry time of the entity's
// current state (after this evaluation's transition).
func (x *entityRun) timeInFn(e *plan.TimeInRef) *asOfFn {
	var since []int64
	if e.Lifecycle >= 0 && e.Lifecycle < len(x.ev.Lifecycles) && x.ev.Lifecycles[e.Lifecycle] != nil {
		since = x.ev.Lifecycles[e.Lifecycle].Since
	}
	return &asOfFn{dir: func(int) int { return dirUp }, value: func(i int, tau int64) (num, bool) {
		if i >= len(since) {
			return num{}, false
		}
		return num{i: tau - since[i]}, true
	}}
}

// castFn widens an int to float.
func (x *entityRun) castFn(e *plan.Cast) (*asOfFn, error) {
	in, err := x.fnOf(e.X)
	if in == nil || err != nil || e.Type().Kind != types.Float {
		return nil, err
	}
	return &asOfFn{float: true, dir: in.dir, value: func(i int, tau int64) (num, bool) {
		v, ok := in.value(i, tau)
		return num{f: numFloat(v, in.float)}, ok
	}}, nil
}

// negFn is unary minus.
func (x *entityRun) negFn(e *plan.Unary) (*asOfFn, error) {
	in, err := x.fnOf(e.X)
	if in == nil || err != nil || e.Op != "-" {
		return nil, err
	}
	return &asOfFn{float: in.float, dir: func(i int) int { return flip(in.dir(i)) }, value: func(i int, tau int64) (num, bool) {
		v, ok := in.value(i, tau)
		return num{f: -v.f, i: -v.i}, ok
	}}, nil
}

// arithFn is + - * / with the evaluator's rules: a float result computes
// in float64 and is null when not finite; an int result wraps, and its
// division truncates and is null by zero. * and / need a fixed right
// (or, for *, left) operand to know the direction.
func (x *entityRun) arithFn(e *plan.Binary) (*asOfFn, error) {
	op := e.Op
	if op != "+" && op != "-" && op != "*" && op != "/" {
		return nil, nil
	}
	a, err := x.fnOf(e.X)
	if a == nil || err != nil {
		return nil, err
	}
	b, err := x.fnOf(e.Y)
	if b == nil || err != nil {
		return nil, err
	}
	float := e.Type().Kind == types.Float
	if !float && (a.float || b.float || e.Type().Kind == types.Null) {
		return nil, nil
	}
	return &asOfFn{float: float, dir: arithDir(op, a, b, x.asOf), value: func(i int, tau int64) (num, bool) {
		u, ok1 := a.value(i, tau)
		v, ok2 := b.value(i, tau)
		if !ok1 || !ok2 {
			return num{}, false
		}
		if float {
			r := floatOp(op, numFloat(u, a.float), numFloat(v, b.float))
			return num{f: r}, !math.IsNaN(r) && !math.IsInf(r, 0)
		}
		return intOp(op, u.i, v.i)
	}}, nil
}

// arithDir is the direction of a op b for one entity; at is an instant
// to read a constant operand's sign at.
func arithDir(op string, a, b *asOfFn, at int64) func(i int) int {
	sign := func(f *asOfFn, i int) int {
		v, ok := f.value(i, at)
		switch x := numFloat(v, f.float); {
		case !ok || x == 0:
			return dirConstant
		case x > 0:
			return dirUp
		}
		return dirDown
	}
	return func(i int) int {
		da, db := a.dir(i), b.dir(i)
		switch op {
		case "+":
			return sumDir(da, db)
		case "-":
			return sumDir(da, flip(db))
		case "*":
			if db == dirConstant {
				return times(da, sign(b, i))
			}
			if da == dirConstant {
				return times(db, sign(a, i))
			}
		case "/":
			if db == dirConstant { // truncating int division is monotone too
				return times(da, sign(b, i))
			}
		}
		return dirUnknown
	}
}

// sumDir is the direction of a sum of two monotone terms.
func sumDir(a, b int) int {
	switch {
	case a == dirUnknown || b == dirUnknown:
		return dirUnknown
	case a == dirConstant:
		return b
	case b == dirConstant || a == b:
		return a
	}
	return dirUnknown
}

// times is direction d scaled by a fixed factor's sign s.
func times(d, s int) int {
	if d == dirUnknown {
		return dirUnknown
	}
	return d * s
}

// flip reverses a direction.
func flip(d int) int {
	if d == dirUnknown {
		return d
	}
	return -d
}

func numFloat(v num, float bool) float64 {
	if float {
		return v.f
	}
	return float64(v.i)
}

func floatOp(op string, a, b float64) float64 {
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	}
	return a / b
}

func intOp(op string, a, b int64) (num, bool) {
	switch op {
	case "+":
		return num{i: a + b}, true
	case "-":
		return num{i: a - b}, true
	case "*":
		return num{i: a * b}, true
	}
	if b == 0 {
		return num{}, false
	}
	return num{i: a / b}, true
}
