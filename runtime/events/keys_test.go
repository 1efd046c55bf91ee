package events

import (
	"math"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// TestKeyIndexInts: each kind of fixed int index (a run of consecutive
// keys, a dense table, a map) finds every key at its position, no key
// outside, and counts its keys.
func TestKeyIndexInts(t *testing.T) {
	tests := []struct {
		name   string
		keys   []int64
		absent []int64
	}{
		{"run", []int64{5, 6, 7, 8}, []int64{4, 9, math.MinInt64, math.MaxInt64}},
		{"run at the top", []int64{math.MaxInt64 - 2, math.MaxInt64 - 1, math.MaxInt64}, []int64{math.MinInt64, math.MinInt64 + 1, 0}},
		{"one key", []int64{-3}, []int64{-2, -4}},
		{"gaps: dense", []int64{1, 2, 4, 7, 8}, []int64{0, 3, 5, 6, 9}},
		{"far apart: map", []int64{-1 << 40, 0, 1 << 40}, []int64{1, -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := NewKeyIndex(types.Int, store.Keys{Ints: tc.keys})
			if k.Len() != len(tc.keys) {
				t.Errorf("Len = %d, want %d", k.Len(), len(tc.keys))
			}
			for i, key := range tc.keys {
				if got, ok := k.Int(key); !ok || got != int32(i) {
					t.Errorf("Int(%d) = %d, %v; want %d", key, got, ok, i)
				}
			}
			for _, key := range tc.absent {
				if got, ok := k.Int(key); ok {
					t.Errorf("Int(%d) = %d, found; want absent", key, got)
				}
			}
		})
	}
	if n := NewKeyIndex(types.Int, store.Keys{Ints: []int64{}}).Len(); n != 0 {
		t.Errorf("empty: Len = %d", n)
	}
}
