package events

import (
	"math"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// TestR7KeyIndexWideRange: a population of int keys whose range exceeds
// int64 (random 64-bit ids, hashes stored as signed integers) must be
// indexed (by the map), not overflow max-min into a "compact" range and
// panic in make or on an index.
func TestR7KeyIndexWideRange(t *testing.T) {
	for _, keys := range [][]int64{
		{math.MinInt64, math.MaxInt64},
		{-5e18, 0, 5e18},
		{math.MinInt64, 0},
		{-8e18, 3, 7e18},
	} {
		k := NewKeyIndex(types.Int, store.Keys{Ints: keys})
		for i, key := range keys {
			if got, ok := k.Int(key); !ok || got != int32(i) {
				t.Errorf("keys %v: Int(%d) = %d %v, want %d", keys, key, got, ok, i)
			}
		}
		if _, ok := k.Int(1); ok {
			t.Errorf("keys %v: Int(1) found", keys)
		}
	}
}

// TestR7FolderIndexLen: a Folder's key index is a map it grows with
// assignInt (not NewKeyIndex's, whose count is fixed): its Len must count
// the keys added, or the fold sizes Next for none and panics (serve's
// realtime evaluations, TestNewGroupAsksForFullEvaluation).
func TestR7FolderIndexLen(t *testing.T) {
	f := NewFolder(nil, nil, types.Int)
	for _, k := range []int64{7, 9, 7} {
		f.keys.assignInt(k)
	}
	if got := f.Len(); got != 2 {
		t.Errorf("Len = %d after adding keys 7, 9, 7; want 2", got)
	}
}
