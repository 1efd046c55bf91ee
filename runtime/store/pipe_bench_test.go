package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// BenchmarkPipeFirstRunOrder writes a first run's 3M member rows into an
// empty database (rollback journal) in name order (Commit) and through a
// Pipe that gets the segments in reverse name order, the worst ready
// order. Written at once, each segment's inserts landed before every row
// written so far instead of appending to segc_members' primary key: same
// pages, but 2.0-2.6 s CPU against 1.06-1.28 s (each insert seeks from
// the root), so a Pipe holds segments without stored members for Finish
// and both now cost the same. It reports the CPU per commit and the
// database's pages (almost all segc_members').
func BenchmarkPipeFirstRunOrder(b *testing.B) {
	out := benchOutcome(intKeys(), false)
	reverse := slices.Clone(out.Segments)
	slices.Reverse(reverse)
	for _, order := range []string{"name", "reverse_published"} {
		b.Run(order, func(b *testing.B) {
			var used time.Duration
			pages := 0
			for b.Loop() {
				b.StopTimer()
				db := openDBWith(b, "_journal_mode=DELETE&_synchronous=NORMAL")
				b.StartTimer()
				t0 := cpuTime()
				p := StartCommit(context.Background(), db, runAt(1))
				if order != "name" {
					for i := range reverse {
						p.Publish(out.Keys, &reverse[i])
					}
				}
				if _, err := p.Finish(out, nil); err != nil {
					b.Fatal(err)
				}
				used += cpuTime() - t0
				b.StopTimer()
				pages = count(b, db, `PRAGMA page_count`)
				b.StartTimer()
			}
			reportCPU(b, used)
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
