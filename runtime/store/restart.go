package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// A segment that sets its own since (a trigger's) can end and start again
// between two runs: a member at both runs whose since moved left and
// re-entered. restarted lists those members, so that the run records an
// exit and an entry for each and stores the new since, as a run at the
// same as-of on a fresh database would. It walks the members and the
// stored rows (both in key order) side by side.
func restarted(ctx context.Context, st *storedState, keys Keys, seg SegmentMembers, prev keyList) (keyList, error) {
	if seg.Since == nil || len(seg.Since) != len(seg.Members) || prev.len() == 0 {
		return keyList{}, nil
	}
	stored, err := st.sinces(ctx, seg.Name)
	if err != nil {
		return keyList{}, err
	}
	var out keyList
	if keys.Strs != nil {
		out.strs, err = movedSince(keys.Strs, seg, stored.keys.strs, stored.since[len(stored.keys.ints):])
	} else {
		out.ints, err = movedSince(keys.Ints, seg, stored.keys.ints, stored.since[:len(stored.keys.ints)])
	}
	return out, err
}

// movedSince returns, in key order, the keys of the members whose stored
// row (keys ascending, with their since) has another since than theirs.
func movedSince[T cmp.Ordered](all []T, seg SegmentMembers, keys []T, since []string) ([]T, error) {
	order := make([]int, len(seg.Members))
	for j, m := range seg.Members {
		if m < 0 || int(m) >= len(all) {
			return nil, fmt.Errorf("segment %q: member index %d is outside the %d entity keys", seg.Name, m, len(all))
		}
		order[j] = j
	}
	key := func(j int) T { return all[seg.Members[j]] }
	if !slices.IsSortedFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) }) {
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	}
	var out []T
	i := 0
	for _, j := range order {
		k := key(j)
		for i < len(keys) && keys[i] < k {
			i++
		}
		if i < len(keys) && keys[i] == k && since[i] != FormatTime(time.Unix(seg.Since[j], 0)) {
			out = append(out, k)
		}
	}
	return out, nil
}

// storedSinces are a segment's stored members in key order (integer keys,
// then text keys) with each one's since.
type storedSinces struct {
	keys  keyList
	since []string
}

// sinces reads a segment's stored members and their since, in key order
// (the primary key's, so SQLite does not sort), as two JSON arrays.
func (s *storedState) sinces(ctx context.Context, segment string) (storedSinces, error) {
	var arr, texts string
	err := s.q.QueryRowContext(ctx, `SELECT json_group_array(entity_id), json_group_array(CAST(since AS TEXT))
		FROM (SELECT entity_id, since FROM segc_members WHERE segment = ? ORDER BY entity_id)`, segment).Scan(&arr, &texts)
	if err != nil {
		return storedSinces{}, wrapMembers(segment, err)
	}
	var out storedSinces
	var since keyList
	keys, times := keyParser{s: arr}, keyParser{s: texts}
	if err := keys.run(&out.keys); err != nil {
		return storedSinces{}, wrapMembers(segment, err)
	}
	if err := times.run(&since); err != nil {
		return storedSinces{}, wrapMembers(segment, err)
	}
	out.since = since.strs
	if len(out.since) != out.keys.len() || !slices.IsSorted(out.keys.ints) || !slices.IsSorted(out.keys.strs) {
		return storedSinces{}, wrapMembers(segment, fmt.Errorf("members and their since do not line up"))
	}
	return out, nil
}

// wrapMembers says which segment's members could not be read (nil: nil).
func wrapMembers(segment string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("reading the members of segment %q: %w", segment, err)
}

// addSorted merges extra into a sorted key list.
func addSorted(k, extra keyList) keyList {
	if extra.len() == 0 {
		return k
	}
	k.ints = append(slices.Clone(k.ints), extra.ints...)
	k.strs = append(slices.Clone(k.strs), extra.strs...)
	slices.Sort(k.ints)
	slices.Sort(k.strs)
	return k
}
