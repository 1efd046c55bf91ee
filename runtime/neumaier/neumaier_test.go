package neumaier

import "testing"

func TestSum(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{1, 1e100, 1, -1e100}, 2},
		{[]float64{0.1, 0.2, 0.3}, 0.6},
		{[]float64{1e16, 1, -1e16}, 1},
	}
	for _, tt := range tests {
		if got := Of(tt.xs); got != tt.want {
			t.Errorf("Of(%v) = %v, want %v", tt.xs, got, tt.want)
		}
	}
}
