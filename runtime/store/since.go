package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// sqlInsertMembersSince inserts members with their own since: ?2 is the
// key set, its column c0 each key's since text. OR FAIL, as
// sqlInsertMembers: a failure rolls back the whole run.
const sqlInsertMembersSince = `INSERT OR FAIL INTO segc_members(segment, entity_id, since)
	SELECT ?1, value, c0 FROM segc_keys(?2)`

// enteredSince returns the since text of each entered key (ints first,
// then strs, as keyList orders them), or nil when seg has no Since. An
// entered key that is no member gets the zero time. The members are
// walked in key order beside the entered keys (both sorted), instead of
// hashing every member's key: a trigger segment has ~100k members.
func enteredSince(keys Keys, seg SegmentMembers, entered keyList) []string {
	if seg.Since == nil || len(seg.Since) != len(seg.Members) {
		return nil
	}
	out := make([]string, 0, entered.len())
	var f sinceFormatter
	if keys.Strs != nil {
		out = f.appendZero(out, len(entered.ints))
		return appendSinceOf(out, &f, keys.Strs, seg, entered.strs)
	}
	out = appendSinceOf(out, &f, keys.Ints, seg, entered.ints)
	return f.appendZero(out, len(entered.strs))
}

// appendSinceOf appends the since text of each entered key (ascending),
// all[m] being member m's key.
func appendSinceOf[T cmp.Ordered](out []string, f *sinceFormatter, all []T, seg SegmentMembers, entered []T) []string {
	order := membersByKey(all, seg.Members)
	j := 0
	for _, k := range entered {
		for j < len(order) && all[seg.Members[order[j]]] < k {
			j++
		}
		t := int64(0)
		if j < len(order) && all[seg.Members[order[j]]] == k {
			t = seg.Since[order[j]]
		}
		out = append(out, f.format(t))
	}
	return out
}

// membersByKey returns the positions in members of the members with a
// key in all, ordered by key (usually already so: members ascend and
// the population's keys are sorted).
func membersByKey[T cmp.Ordered](all []T, members []int32) []int32 {
	order := make([]int32, 0, len(members))
	for j, m := range members {
		if m >= 0 && int(m) < len(all) {
			order = append(order, int32(j))
		}
	}
	less := func(a, b int32) int { return cmp.Compare(all[members[a]], all[members[b]]) }
	if !slices.IsSortedFunc(order, less) {
		slices.SortStableFunc(order, less)
	}
	return order
}

// sinceFormatter formats Unix times as stored texts, reusing the last
// text for a run of equal times.
type sinceFormatter struct {
	last int64
	text string
}

// format returns t's stored text.
func (f *sinceFormatter) format(t int64) string {
	if f.text == "" || t != f.last {
		f.last, f.text = t, FormatTime(time.Unix(t, 0))
	}
	return f.text
}

// appendZero appends n zero-time texts.
func (f *sinceFormatter) appendZero(out []string, n int) []string {
	for range n {
		out = append(out, f.format(0))
	}
	return out
}

// insertEnteredSince inserts the entered members with their own since,
// in one statement: the keys as a bound set and the sinces as a column
// whose dictionary is the sinces themselves, row i reading entry i (a
// trigger's members mostly each have their own since, so there is
// little to share, and texts of any width pass as they are).
func (w *writer) insertEnteredSince(ctx context.Context, c segmentChange) error {
	if c.entered.len() == 0 {
		return nil
	}
	col := sqlbatch.Column{Codes: make([]int32, len(c.since)), Dict: c.since}
	for i := range col.Codes {
		col.Codes[i] = int32(i)
	}
	set := sqlbatch.Keys{Ints: c.entered.ints, Strs: c.entered.strs}
	return sqlbatch.ExecKeysColumns(ctx, w.conn, sqlInsertMembersSince, []any{c.Name}, set, []sqlbatch.Column{col})
}
