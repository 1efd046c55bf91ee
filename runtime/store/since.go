package store

import (
	"context"
	"strconv"
	"time"
)

// sqlInsertMembersSince inserts members with their own since, from a JSON
// array of [key, since] pairs.
const sqlInsertMembersSince = `INSERT INTO segc_members(segment, entity_id, since)
	SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2)`

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

// insertEnteredSince inserts the entered members with their own since.
func (w *writer) insertEnteredSince(ctx context.Context, c segmentChange) error {
	pos := 0
	for start := 0; start < c.entered.len(); start += chunkKeys {
		end := min(start+chunkKeys, c.entered.len())
		b := w.buf[:0]
		b = append(b, '[')
		for i := start; i < end; i++ {
			if i > start {
				b = append(b, ',')
			}
			b = append(b, '[')
			if i < len(c.entered.ints) {
				b = strconv.AppendInt(b, c.entered.ints[i], 10)
			} else {
				b = appendJSONString(b, c.entered.strs[i-len(c.entered.ints)])
			}
			b = append(b, ',')
			b = appendJSONString(b, c.since[pos])
			b = append(b, ']')
			pos++
		}
		w.buf = append(b, ']')
		if _, err := w.conn.ExecContext(ctx, sqlInsertMembersSince, c.Name, string(w.buf)); err != nil {
			return err
		}
	}
	return nil
}
