package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDeleteExits deletes a share of one segment's 200k stored
// members (next to two other segments of as many) by point deletes and by
// one scan of the segment, to place scanShare: the scan's cost follows
// the stored members, the point deletes' the exits. With a cold cache
// (as in a run's commit) both also read the pages they touch.
func BenchmarkDeleteExits(b *testing.B) {
	const stored = 200_000
	db := openDBWith(b, "_journal_mode=DELETE")
	conn := schemaConn(b, db)
	emptyCache(b, conn)
	mustExec(b, db, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < `+fmt.Sprint(stored-1)+`)
		INSERT INTO segc_members SELECT s.column1, i * 3 + 7, '2026-06-01 00:00:00' FROM n, (VALUES ('a'), ('b'), ('c')) s`)
	for _, pct := range []float64{1, 3, 5, 10, 15, 20, 30, 50, 97} {
		var exits []int64
		for i := range int64(stored) {
			if float64(i*2654435761%1000) < pct*10 {
				exits = append(exits, i*3+7)
			}
		}
		c := segmentChange{SegmentSummary: SegmentSummary{Name: "b", Size: stored - len(exits)}, exited: keyList{ints: exits}}
		for _, cache := range []string{"warm", "cold"} {
			for _, how := range []struct {
				name string
				scan bool
			}{{"point", false}, {"scan", true}} {
				b.Run(fmt.Sprintf("exits=%g%%/%s/%s", pct, cache, how.name), func(b *testing.B) {
					var used time.Duration
					for b.Loop() {
						if cache == "cold" {
							emptyCache(b, conn)
						}
						used += deleteExitsOnce(b, conn, c, how.scan)
					}
					reportCPU(b, used)
				})
			}
		}
	}
}

// emptyCache drops conn's cached pages and leaves it a 256 MB cache, as
// a commit has (raiseCache), so that the next transaction reads every page
// it touches, as the first transaction of a run does.
func emptyCache(b *testing.B, conn *sql.Conn) {
	for _, q := range []string{"PRAGMA cache_size = 0", "PRAGMA shrink_memory", "PRAGMA cache_size = -262144"} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

// deleteExitsOnce deletes c's exits in a transaction it rolls back and
// returns the CPU time of the deletes alone.
func deleteExitsOnce(b *testing.B, conn *sql.Conn, c segmentChange, scan bool) time.Duration {
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		b.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	w, err := newWriter(ctx, conn, 1, "2026-06-02 00:00:00")
	if err != nil {
		b.Fatal(err)
	}
	defer w.close()
	t0 := cpuTime()
	if scan {
		err = w.withKeys(ctx, sqlDeleteExits, c.exited, c.Name)
	} else {
		err = w.eachKey(ctx, sqlDeleteMember, c.exited, c.Name)
	}
	used := cpuTime() - t0
	if err != nil {
		b.Fatal(err)
	}
	return used
}
