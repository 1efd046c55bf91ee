package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestInsertEnteredSince: each entered member is stored with its own
// since, for integer and text keys, for more keys than the JSON chunks
// once held, and with sinces of any width (years past 9999 once needed a
// path of their own).
func TestInsertEnteredSince(t *testing.T) {
	cases := []struct {
		name    string
		entered keyList
		since   []string
	}{
		{"ints", keyList{ints: []int64{-3, 1, 99}}, []string{"2026-06-01 10:00:00", "2026-06-02 11:00:00", "2026-06-01 10:00:00"}},
		{"texts", keyList{strs: []string{"", "a", `q"\`, "é"}}, []string{"2026-06-01 10:00:00", "2026-06-02 11:00:00", "2026-06-03 12:00:00", "2026-06-04 13:00:00"}},
		{"more than one chunk", seqKeyList(chunkKeys + 3), nil},
		{"a since of another width", keyList{ints: []int64{1, 2}}, []string{"2026-06-01 10:00:00", "12026-06-01 10:00:00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.since == nil {
				for i := range c.entered.len() {
					c.since = append(c.since, FormatTime(day(1).Add(time.Duration(i)*time.Second)))
				}
			}
			db := openDB(t)
			var want []string
			for i, k := range c.entered.ints {
				want = append(want, fmt.Sprintf("%d %s", k, c.since[i]))
			}
			for i, k := range c.entered.strs {
				want = append(want, k+" "+c.since[len(c.entered.ints)+i])
			}
			insertSince(t, db, c.entered, c.since)
			got := storedSince(t, db)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got %d rows %.300v\nwant %d rows %.300v", len(got), got, len(want), want)
			}
		})
	}
}

// seqKeyList is the integer keys 1..n.
func seqKeyList(n int) keyList {
	k := keyList{ints: make([]int64, n)}
	for i := range k.ints {
		k.ints[i] = int64(i + 1)
	}
	return k
}

// insertSince inserts the entered keys with their sinces into segment
// "trig" of a fresh database.
func insertSince(tb testing.TB, db *sql.DB, entered keyList, since []string) {
	tb.Helper()
	ctx := context.Background()
	conn := schemaConn(tb, db)
	c := segmentChange{SegmentSummary: SegmentSummary{Name: "trig"}, entered: entered, since: since}
	if err := (&writer{conn: conn}).insertEnteredSince(ctx, c); err != nil {
		tb.Fatal(err)
	}
}

// storedSince returns segment "trig"'s stored "key since" rows in key
// order.
func storedSince(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	rows, err := db.Query(`SELECT CAST(entity_id AS TEXT) || ' ' || since FROM segc_members WHERE segment = 'trig' ORDER BY entity_id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// BenchmarkInsertEnteredSince inserts 100k trigger members, each with
// its own since (cart_abandoners on the 1M demo has 88k).
func BenchmarkInsertEnteredSince(b *testing.B) {
	entered := seqKeyList(100_000)
	since := make([]string, entered.len())
	for i := range since {
		since[i] = FormatTime(day(1).Add(time.Duration(i*37) * time.Second))
	}
	var used time.Duration
	for range b.N {
		db := openDB(b)
		if err := EnsureSchema(context.Background(), db); err != nil {
			b.Fatal(err)
		}
		start := cpuTime()
		insertSince(b, db, entered, since)
		used += cpuTime() - start
	}
	reportCPU(b, used)
}

// TestEnteredSince: each entered key gets its member's since, whether or
// not the members come in key order, for integer and text keys; an
// entered key that is no member gets the zero time, and a segment
// without sinces gets none.
func TestEnteredSince(t *testing.T) {
	at := func(h int) int64 { return day(1).Add(time.Duration(h) * time.Hour).Unix() }
	text := func(u int64) string { return FormatTime(time.Unix(u, 0)) }
	ints := Keys{Ints: []int64{10, 20, 30, 40}}
	strs := Keys{Strs: []string{"a", "b", "c", "d"}}
	cases := []struct {
		name    string
		keys    Keys
		seg     SegmentMembers
		entered keyList
		want    []string
	}{
		{"members in key order", ints, SegmentMembers{Members: []int32{0, 2, 3}, Since: []int64{at(1), at(2), at(3)}},
			keyList{ints: []int64{10, 40}}, []string{text(at(1)), text(at(3))}},
		{"members out of key order", ints, SegmentMembers{Members: []int32{3, 0, 2}, Since: []int64{at(3), at(1), at(2)}},
			keyList{ints: []int64{10, 30, 40}}, []string{text(at(1)), text(at(2)), text(at(3))}},
		{"text keys", strs, SegmentMembers{Members: []int32{1, 3}, Since: []int64{at(5), at(5)}},
			keyList{strs: []string{"b", "d"}}, []string{text(at(5)), text(at(5))}},
		{"an entered key that is no member", ints, SegmentMembers{Members: []int32{1}, Since: []int64{at(1)}},
			keyList{ints: []int64{10, 20}}, []string{text(0), text(at(1))}},
		{"no sinces", ints, SegmentMembers{Members: []int32{1}}, keyList{ints: []int64{20}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := enteredSince(c.keys, c.seg, c.entered)
			if strings.Join(got, ",") != strings.Join(c.want, ",") || (got == nil) != (c.want == nil) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
