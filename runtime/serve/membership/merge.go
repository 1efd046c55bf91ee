package membership

import (
	"cmp"
	"slices"
)

// lastPerKey sorts one segment's changes by key, keeping only the last
// change of each key (applying changes in order leaves the last one's
// effect).
func lastPerKey(cs []Change, str bool) []Change {
	sorted := slices.Clone(cs)
	slices.SortStableFunc(sorted, func(a, b Change) int { return compareKeys(a.Key, b.Key, str) })
	out := sorted[:0]
	for i, c := range sorted {
		if i+1 < len(sorted) && compareKeys(c.Key, sorted[i+1].Key, str) == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

func compareKeys(a, b any, str bool) int {
	if str {
		return cmp.Compare(a.(string), b.(string))
	}
	return cmp.Compare(a.(int64), b.(int64))
}

// searchFrom returns the first position at or after from whose key is
// >= key.
func (k *keyCol) searchFrom(from int, key any) int {
	if k.str {
		i, _ := slices.BinarySearch(k.strs[from:], key.(string))
		return from + i
	}
	i, _ := slices.BinarySearch(k.ints[from:], key.(int64))
	return from + i
}

// searchIn looks key up among the positions [lo, hi).
func (k *keyCol) searchIn(lo, hi int, key any) (int, bool) {
	if lo >= hi {
		return lo, false
	}
	if k.str {
		s, _ := key.(string)
		i, ok := slices.BinarySearch(k.strs[lo:hi], s)
		return lo + i, ok
	}
	n, _ := key.(int64)
	i, ok := slices.BinarySearch(k.ints[lo:hi], n)
	return lo + i, ok
}

// appendFrom appends src's keys [from, to).
func (k *keyCol) appendFrom(src *keyCol, from, to int) {
	if k.str {
		k.strs = append(k.strs, src.strs[from:to]...)
		return
	}
	k.ints = append(k.ints, src.ints[from:to]...)
}

// appendKey appends one key.
func (k *keyCol) appendKey(key any) {
	if k.str {
		k.strs = append(k.strs, key.(string))
		return
	}
	k.ints = append(k.ints, key.(int64))
}

// withCap returns an empty column of k's type with room for n keys.
func (k *keyCol) withCap(n int) keyCol {
	if k.str {
		return keyCol{str: true, strs: make([]string, 0, n)}
	}
	return keyCol{ints: make([]int64, 0, n)}
}
