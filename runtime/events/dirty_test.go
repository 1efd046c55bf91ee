package events

import (
	"slices"
	"testing"
)

// TestDirtyOf: an aggregate's changed entities are the Dirty ones and
// those that lost its tail events, ascending, each once.
func TestDirtyOf(t *testing.T) {
	tests := []struct {
		name  string
		dirty []int32
		tail  []bool // nil: the aggregate lost no tail events
		want  []int32
	}{
		{"no tail marks", []int32{1, 4}, nil, []int32{1, 4}},
		{"tail marks only", nil, []bool{false, true, false, true}, []int32{1, 3}},
		{"both, overlapping", []int32{0, 3, 5, 9}, []bool{false, true, false, true, true}, []int32{0, 1, 3, 4, 5, 9}},
		{"dirty past the marks", []int32{7}, []bool{true}, []int32{0, 7}},
		{"no marks set", []int32{2}, []bool{false, false, false}, []int32{2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &State{tailDirty: [][]bool{nil, tc.tail}}
			if got := s.dirtyOf(1, tc.dirty); !slices.Equal(got, tc.want) {
				t.Errorf("dirtyOf = %v, want %v", got, tc.want)
			}
		})
	}
}
