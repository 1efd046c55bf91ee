package plan

import "testing"

func TestComparisonOperators(t *testing.T) {
	tests := []struct {
		op, flipped string
		comparison  bool
	}{
		{"<", ">", true}, {"<=", ">=", true}, {">", "<", true}, {">=", "<=", true},
		{"==", "==", true}, {"!=", "!=", true}, {"+", "+", false}, {"and", "and", false},
	}
	for _, tt := range tests {
		if got := IsComparison(tt.op); got != tt.comparison {
			t.Errorf("IsComparison(%q) = %t, want %t", tt.op, got, tt.comparison)
		}
		if got := FlipComparison(tt.op); got != tt.flipped {
			t.Errorf("FlipComparison(%q) = %q, want %q", tt.op, got, tt.flipped)
		}
	}
}
