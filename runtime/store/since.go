package store

import (
	"context"
	"time"

	"github.com/segc/segc/runtime/internal/sqlbatch"
)

// sqlInsertMembersSince inserts members with their own since: ?2 is the
// key set, its column c0 each key's since text. OR FAIL, as
// sqlInsertMembers: a failure rolls back the whole run.
const sqlInsertMembersSince = `INSERT OR FAIL INTO segc_members(segment, entity_id, since)
	SELECT ?1, value, c0 FROM segc_keys(?2)`

// enteredSince returns the since text of each entered key (ints first,
// then strs, as keyList orders them), or nil when seg has no Since.
func enteredSince(keys Keys, seg SegmentMembers, entered keyList) []string {
	if seg.Since == nil || len(seg.Since) != len(seg.Members) {
		return nil
	}
	ints := map[int64]int64{}
	strs := map[string]int64{}
	for j, m := range seg.Members {
		if keys.Strs != nil {
			strs[keys.Strs[m]] = seg.Since[j]
		} else {
			ints[keys.Ints[m]] = seg.Since[j]
		}
	}
	out := make([]string, 0, entered.len())
	for _, k := range entered.ints {
		out = append(out, FormatTime(time.Unix(ints[k], 0)))
	}
	for _, k := range entered.strs {
		out = append(out, FormatTime(time.Unix(strs[k], 0)))
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
