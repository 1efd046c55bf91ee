// Package events computes every event aggregate of one event log in a
// single parallel scan of its table.
package events

import (
	"cmp"
	"slices"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/internal/sqlbatch"
	"github.com/segc/segc/runtime/load"
	"github.com/segc/segc/runtime/store"
)

// KeyIndex maps entity keys to entity indexes. A fixed index (NewKeyIndex)
// knows the population and is read-only, so workers share it; a discovery
// index (NewDiscovery) assigns indexes in first-seen order as the merger
// meets keys, for modules whose population is the keys of their logs.
type KeyIndex struct {
	Kind     types.Kind
	discover bool
	base     int64
	run      int     // > 0: the keys are base, base+1, ..., in order (index = key-base)
	dense    []int32 // idx+1 by key-base, for compact int key ranges
	n        int     // the number of distinct keys of a fixed int index
	ints     map[int64]int32
	strs     map[string]int32
	keys     store.Keys // discovery order
}

// NewKeyIndex indexes a fixed population.
func NewKeyIndex(kind types.Kind, keys store.Keys) *KeyIndex {
	if kind != types.Int {
		return stringIndex(keys.Strs)
	}
	k := &KeyIndex{Kind: types.Int}
	n := len(keys.Ints)
	switch {
	case n > 0 && consecutive(keys.Ints):
		k.base, k.run, k.n = keys.Ints[0], n, n
	// The span is unsigned: keys spanning more than int64 (random 64-bit
	// ids) would overflow the difference into a "compact" range.
	case n > 0 && uint64(keys.Ints[n-1])-uint64(keys.Ints[0]) < uint64(4*n+1024):
		k.base = keys.Ints[0]
		k.dense = make([]int32, keys.Ints[n-1]-k.base+1)
		for i, key := range keys.Ints {
			if k.dense[key-k.base] == 0 {
				k.n++
			}
			k.dense[key-k.base] = int32(i) + 1
		}
	default:
		k.ints = make(map[int64]int32, n)
		for i, key := range keys.Ints {
			k.ints[key] = int32(i)
		}
		k.n = len(k.ints)
	}
	return k
}

// consecutive reports whether keys are keys[0], keys[0]+1, ... in
// order (a population numbered 1..n, W1's): such an index needs no
// table (4 MB at 1M entities) to map a key to its index.
func consecutive(keys []int64) bool {
	for i, key := range keys {
		if key != keys[0]+int64(i) {
			return false
		}
	}
	return true
}

func stringIndex(strs []string) *KeyIndex {
	k := &KeyIndex{Kind: types.String, strs: make(map[string]int32, len(strs))}
	for i, key := range strs {
		k.strs[key] = int32(i)
	}
	return k
}

// NewDiscovery returns an empty index that assigns indexes to new keys.
func NewDiscovery(kind types.Kind) *KeyIndex {
	return &KeyIndex{Kind: kind, discover: true, ints: map[int64]int32{}, strs: map[string]int32{}}
}

// Discovering reports whether this is a discovery index.
func (k *KeyIndex) Discovering() bool { return k.discover }

// Int returns the index of an int key.
func (k *KeyIndex) Int(key int64) (int32, bool) {
	if k.run > 0 {
		d := key - k.base
		if d < 0 || d >= int64(k.run) {
			return 0, false
		}
		return int32(d), true
	}
	if k.dense != nil {
		d := key - k.base
		if d < 0 || d >= int64(len(k.dense)) || k.dense[d] == 0 {
			return 0, false
		}
		return k.dense[d] - 1, true
	}
	i, ok := k.ints[key]
	return i, ok
}

// Str returns the index of a string key.
func (k *KeyIndex) Str(key string) (int32, bool) {
	i, ok := k.strs[key]
	return i, ok
}

// Len returns the number of indexed keys.
func (k *KeyIndex) Len() int {
	if k.discover {
		return max(len(k.keys.Ints), len(k.keys.Strs))
	}
	if k.Kind == types.Int && k.ints != nil {
		return len(k.ints) // a map, which a Folder's index grows (assignInt)
	}
	if k.Kind == types.Int {
		return k.n
	}
	return len(k.strs)
}

// assignInt returns the index of key, adding it in discovery mode.
func (k *KeyIndex) assignInt(key int64) int32 {
	if i, ok := k.ints[key]; ok {
		return i
	}
	i := int32(len(k.keys.Ints))
	k.ints[key] = i
	k.keys.Ints = append(k.keys.Ints, key)
	return i
}

// assignStr returns the index of key, adding it in discovery mode.
func (k *KeyIndex) assignStr(key string) int32 {
	if i, ok := k.strs[key]; ok {
		return i
	}
	i := int32(len(k.keys.Strs))
	k.strs[key] = i
	k.keys.Strs = append(k.keys.Strs, key)
	return i
}

// Sorted returns a discovery index's keys in ascending order and, for
// each discovery index, its position in that order.
func (k *KeyIndex) Sorted() (store.Keys, []int32) {
	n := max(len(k.keys.Ints), len(k.keys.Strs))
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	var sorted store.Keys
	if k.Kind == types.Int {
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(k.keys.Ints[a], k.keys.Ints[b]) })
		sorted.Ints = make([]int64, n)
		for i, o := range order {
			sorted.Ints[i] = k.keys.Ints[o]
		}
	} else {
		slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(k.keys.Strs[a], k.keys.Strs[b]) })
		sorted.Strs = make([]string, n)
		for i, o := range order {
			sorted.Strs[i] = k.keys.Strs[o]
		}
	}
	pos := make([]int32, n)
	for i, o := range order {
		pos[o] = int32(i)
	}
	if sorted.Ints == nil && sorted.Strs == nil {
		if k.Kind == types.Int {
			sorted.Ints = []int64{}
		} else {
			sorted.Strs = []string{}
		}
	}
	return sorted, pos
}

// cellKey reads column c of r, a stored event key, as the index's key
// kind.
func (k *KeyIndex) cellKey(r load.Row, c int) (int64, string, error) {
	if k.Kind == types.Int {
		n, err := load.CellInt(r, c)
		return n, "", err
	}
	if r.Kind(c) == sqlbatch.Text {
		return 0, string(r.Bytes(c)), nil
	}
	return 0, load.DecodeString(r.Value(c)), nil
}
