package builtins

import "math"

// asFloat converts an int64 or float64 argument to float64.
func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// anyNil reports whether any argument is null.
func anyNil(args []any) bool {
	for _, a := range args {
		if a == nil {
			return true
		}
	}
	return false
}

// hasFloat reports whether any argument is a float64.
func hasFloat(args []any) bool {
	for _, a := range args {
		if _, ok := a.(float64); ok {
			return true
		}
	}
	return false
}

// finite returns x, or nil when x is NaN or infinite (segc has no such
// values; they become null).
func finite(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// compareValues orders two non-null values of one kind: int64, float64
// (mixed ints and floats compare as floats) or string. It returns -1, 0, 1.
func compareValues(a, b any) int {
	if x, ok := a.(string); ok {
		y, _ := b.(string)
		return cmp3(x < y, x > y)
	}
	xi, aInt := a.(int64)
	yi, bInt := b.(int64)
	if aInt && bInt {
		return cmp3(xi < yi, xi > yi)
	}
	x, _ := asFloat(a)
	y, _ := asFloat(b)
	return cmp3(x < y, x > y)
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
