package eval

import (
	"math"
)

// The row-wise semantics, on values boxed as nil (null), int64, float64,
// bool or string. They define the same meaning as the vector kernels and
// serve the expr-lang fallback.

// compareValues orders two non-null values: ints and floats compare
// numerically (mixed as floats), strings bytewise, false before true. It
// returns -1, 0 or 1, and 2 when the values cannot be compared.
func compareValues(a, b any) int {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp3(x < y, x > y)
		}
	case string:
		if y, ok := b.(string); ok {
			return cmp3(x < y, x > y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmp3(!x && y, x && !y)
		}
	}
	fa, ok1 := toFloat(a)
	fb, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return 2
	}
	return cmp3(fa < fb, fa > fb)
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// rowCompare applies a comparison operator; null when either side is null.
func rowCompare(op string, a, b any) any {
	if a == nil || b == nil {
		return nil
	}
	c := compareValues(a, b)
	if c == 2 {
		return nil
	}
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return nil
}

// rowAnd is three-valued conjunction.
func rowAnd(a, b any) any {
	x, xok := a.(bool)
	y, yok := b.(bool)
	switch {
	case (xok && !x) || (yok && !y):
		return false
	case xok && yok:
		return true
	}
	return nil
}

// rowOr is three-valued disjunction.
func rowOr(a, b any) any {
	x, xok := a.(bool)
	y, yok := b.(bool)
	switch {
	case (xok && x) || (yok && y):
		return true
	case xok && yok:
		return false
	}
	return nil
}

// rowNot negates a bool; null stays null.
func rowNot(a any) any {
	if x, ok := a.(bool); ok {
		return !x
	}
	return nil
}

// rowNeg negates a number.
func rowNeg(a any) any {
	switch x := a.(type) {
	case int64:
		return -x
	case float64:
		return -x
	}
	return nil
}

// rowArith applies + - * / %; floatResult says whether the plan typed the
// result float (then both sides are used as floats).
func rowArith(op string, a, b any, floatResult bool) any {
	if a == nil || b == nil {
		return nil
	}
	x, xInt := a.(int64)
	y, yInt := b.(int64)
	if xInt && yInt && !floatResult {
		return intArith(op, x, y)
	}
	fa, ok1 := toFloat(a)
	fb, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil
	}
	return finiteOrNil(floatArith(op, fa, fb))
}

func intArith(op string, x, y int64) any {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	}
	if y == 0 {
		return nil
	}
	if op == "/" {
		return x / y
	}
	return x % y
}

func floatArith(op string, x, y float64) float64 {
	switch op {
	case "+":
		return x + y
	case "-":
		return x - y
	case "*":
		return x * y
	case "/":
		return x / y
	}
	return math.Mod(x, y)
}

// finiteOrNil returns f, or nil when it is NaN or infinite.
func finiteOrNil(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

// rowCoalesce returns a unless it is null, else b.
func rowCoalesce(a, b any) any {
	if a != nil {
		return a
	}
	return b
}

// rowIn is `a in list`.
func rowIn(a any, list []any) any {
	if a == nil {
		return nil
	}
	hasNull := false
	for _, c := range list {
		if c == nil {
			hasNull = true
		} else if compareValues(a, c) == 0 {
			return true
		}
	}
	if hasNull {
		return nil
	}
	return false
}

// rowToFloat is the int-to-float Cast.
func rowToFloat(a any) any {
	if f, ok := toFloat(a); ok {
		return f
	}
	return nil
}
