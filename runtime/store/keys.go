package store

import (
	"cmp"
	"fmt"
	"slices"
)

// keyList is a sorted, duplicate-free set of entity keys. Storage may hold
// both kinds (if a module's key type changed), so each kind has its own
// slice; integers sort before text, as in SQLite.
type keyList struct {
	ints []int64
	strs []string
}

func (k keyList) len() int { return len(k.ints) + len(k.strs) }

// memberKeys returns the keys of members (entity indexes) in key order. It
// fails on an index outside keys or on two members with one key.
func memberKeys(keys Keys, seg SegmentMembers) (keyList, error) {
	if keys.Strs != nil {
		strs, err := pick(keys.Strs, seg)
		return keyList{strs: strs}, err
	}
	ints, err := pick(keys.Ints, seg)
	return keyList{ints: ints}, err
}

// pick gathers the members' keys, sorts them and rejects duplicates.
// Members usually come in key order, which the gathering pass checks as
// it goes (strictly ascending: sorted and without duplicates), so only
// keys out of order take the passes of sorting and looking for
// duplicates.
func pick[T cmp.Ordered](all []T, seg SegmentMembers) ([]T, error) {
	out := make([]T, len(seg.Members))
	ascending := true
	for i, m := range seg.Members {
		if m < 0 || int(m) >= len(all) {
			return nil, fmt.Errorf("segment %q: member index %d is outside the %d entity keys", seg.Name, m, len(all))
		}
		out[i] = all[m]
		ascending = ascending && (i == 0 || out[i-1] < out[i])
	}
	if ascending {
		return out, nil
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, fmt.Errorf("segment %q: entity key %v occurs twice; entity keys must be unique", seg.Name, out[i])
		}
	}
	return out, nil
}

// diff returns the keys in next but not prev (entered) and in prev but not
// next (exited), both sorted.
func diff(prev, next keyList) (entered, exited keyList) {
	entered.ints, exited.ints = mergeDiff(prev.ints, next.ints)
	entered.strs, exited.strs = mergeDiff(prev.strs, next.strs)
	return entered, exited
}

// mergeDiff walks two sorted slices once. When one is empty (a
// segment's first run, or one left empty), the other is the answer as it
// is: a first run's members are not copied a second time, 8 bytes of
// fresh memory per key. The results may share the arguments' storage.
func mergeDiff[T cmp.Ordered](prev, next []T) (added, removed []T) {
	switch {
	case len(prev) == 0:
		return next, nil
	case len(next) == 0:
		return nil, prev
	}
	i, j := 0, 0
	for i < len(prev) && j < len(next) {
		switch c := cmp.Compare(prev[i], next[j]); {
		case c < 0:
			removed = append(removed, prev[i])
			i++
		case c > 0:
			added = append(added, next[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	removed = append(removed, prev[i:]...)
	added = append(added, next[j:]...)
	return added, removed
}
