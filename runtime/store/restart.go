package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// A segment that sets its own since (a trigger's) can end and start again
// between two runs: a member at both runs whose since moved left and
// re-entered. restarted lists those members, so that the run records an
// exit and an entry for each and stores the new since, as a run at the
// same as-of on a fresh database would.
func restarted(ctx context.Context, st *storedState, keys Keys, seg SegmentMembers, prev keyList) (keyList, error) {
	if seg.Since == nil || len(seg.Since) != len(seg.Members) || prev.len() == 0 {
		return keyList{}, nil
	}
	stored, err := st.sinces(ctx, seg.Name)
	if err != nil {
		return keyList{}, err
	}
	var out keyList
	for j, m := range seg.Members {
		since := FormatTime(time.Unix(seg.Since[j], 0))
		if keys.Strs != nil {
			if old, ok := stored[keys.Strs[m]]; ok && old != since {
				out.strs = append(out.strs, keys.Strs[m])
			}
		} else if old, ok := stored[fmt.Sprint(keys.Ints[m])]; ok && old != since {
			out.ints = append(out.ints, keys.Ints[m])
		}
	}
	return out, nil
}

// sinces returns each stored member's since, by key text.
func (s *storedState) sinces(ctx context.Context, segment string) (map[string]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT CAST(entity_id AS TEXT), since FROM segc_members WHERE segment = ?`, segment)
	if err != nil {
		return nil, fmt.Errorf("reading the members of segment %q: %w", segment, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, since string
		if err := rows.Scan(&k, &since); err != nil {
			return nil, fmt.Errorf("reading the members of segment %q: %w", segment, err)
		}
		out[k] = since
	}
	return out, rows.Err()
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
