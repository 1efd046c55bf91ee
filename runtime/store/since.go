package store

import (
	"context"
	"strconv"
	"time"
)

// sqlInsertMembersSince inserts members with their own since: ?3 is the
// key set and ?2 a blob of their since texts, each sinceWidth bytes, so
// that row i's since is one constant-time substr (pairs of [key, since]
// cost two json_extract calls per row, ~3x the time).
const sqlInsertMembersSince = `INSERT OR FAIL INTO segc_members(segment, entity_id, since)
	SELECT ?1, value, CAST(substr(?2, i * 19 + 1, 19) AS TEXT) FROM segc_keys(?3)`

// sqlInsertMembersSincePairs inserts members with their own since from a
// JSON array of [key, since] pairs: for sinces of another width.
const sqlInsertMembersSincePairs = `INSERT OR FAIL INTO segc_members(segment, entity_id, since)
	SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2)`

// sinceWidth is the length of a since text, "YYYY-MM-DD HH:MM:SS" (the
// 19 in sqlInsertMembersSince).
const sinceWidth = 19

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

// insertEnteredSince inserts the entered members with their own since:
// the keys as a set and a since blob, or, when a since is not sinceWidth
// bytes long, [key, since] pairs, one statement per chunk of keys.
func (w *writer) insertEnteredSince(ctx context.Context, c segmentChange) error {
	if blob, ok := sinceBlob(c.since); ok {
		return w.withKeys(ctx, sqlInsertMembersSince, c.entered, c.Name, blob)
	}
	for start := 0; start < c.entered.len(); start += chunkKeys {
		end := min(start+chunkKeys, c.entered.len())
		pairs := string(w.appendSincePairs(c, start, end))
		if _, err := w.conn.ExecContext(ctx, sqlInsertMembersSincePairs, c.Name, pairs); err != nil {
			return err
		}
	}
	return nil
}

// sinceBlob lays the since texts end to end, or reports false when one
// is not sinceWidth bytes long.
func sinceBlob(since []string) ([]byte, bool) {
	blob := make([]byte, 0, len(since)*sinceWidth)
	for _, s := range since {
		if len(s) != sinceWidth {
			return nil, false
		}
		blob = append(blob, s...)
	}
	return blob, true
}

// appendEnteredKey appends entered's i-th key (ints, then strs) as JSON.
func appendEnteredKey(b []byte, entered keyList, i int) []byte {
	if i < len(entered.ints) {
		return strconv.AppendInt(b, entered.ints[i], 10)
	}
	return appendJSONString(b, entered.strs[i-len(entered.ints)])
}

// appendSincePairs writes the [key, since] pairs start..end-1 to w.buf.
func (w *writer) appendSincePairs(c segmentChange, start, end int) []byte {
	b := append(w.buf[:0], '[')
	for i := start; i < end; i++ {
		if i > start {
			b = append(b, ',')
		}
		b = append(appendEnteredKey(append(b, '['), c.entered, i), ',')
		b = append(appendJSONString(b, c.since[i]), ']')
	}
	w.buf = append(b, ']')
	return w.buf
}
