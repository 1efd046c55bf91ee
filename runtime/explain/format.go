package explain

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/types"
)

// jsonValue converts an evaluated value of kind k to what JSON shows:
// times as "YYYY-MM-DD HH:MM:SS" UTC text, non-finite floats as text.
func jsonValue(v any, k types.Kind) any {
	switch x := v.(type) {
	case int64:
		if k == types.Time {
			return time.Unix(x, 0).UTC().Format(time.DateTime)
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
	}
	return v
}

// valueText renders a computed value for people: ints and floats with
// thousands separators (floats with the given decimals), times as UTC
// text, durations as 30d, strings quoted.
func valueText(v any, k types.Kind, decimals int) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case int64:
		switch k {
		case types.Time:
			return time.Unix(x, 0).UTC().Format(time.DateTime)
		case types.Duration:
			return plan.FormatDuration(x)
		}
		return group(strconv.FormatInt(x, 10))
	case float64:
		return group(strconv.FormatFloat(x, 'f', floatDecimals(x, decimals), 64))
	}
	return plan.FormatValue(v, types.Type{Kind: k})
}

// constText renders a literal as written but with thousands separators:
// 30, 0.5, 1,000.
func constText(v any, k types.Kind) string {
	if x, ok := v.(float64); ok && !math.IsNaN(x) && !math.IsInf(x, 0) {
		return group(strconv.FormatFloat(x, 'f', -1, 64))
	}
	return valueText(v, k, 0)
}

// floatDecimals widens decimals for small magnitudes so that at least
// three significant digits show (0.00123, not 0.00).
func floatDecimals(x float64, decimals int) int {
	if a := math.Abs(x); a > 0 && a < 1 {
		decimals = max(decimals, 2-int(math.Floor(math.Log10(a))))
	}
	return min(decimals, 17)
}

// group inserts thousands separators into the integer part of a decimal.
func group(s string) string {
	sign, digits, frac := "", s, ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if i := strings.IndexAny(digits, ".eE"); i >= 0 {
		digits, frac = digits[:i], digits[i:]
	}
	if len(digits) <= 3 || strings.ContainsAny(digits, "IN") {
		return sign + digits + frac
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}

// opText is an operator as people read it.
func opText(op string) string {
	switch op {
	case ">=":
		return "≥"
	case "<=":
		return "≤"
	case "!=":
		return "≠"
	case "==":
		return "="
	}
	return op
}
