package ingest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkWriterParallel inserts batches of 10 events from parallel
// goroutines (b.SetParallelism(4) per GOMAXPROCS) and reports how many
// batches one commit carried on average.
func BenchmarkWriterParallel(b *testing.B) {
	w, s, _ := newTestWriter(b)
	var next atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			objs := "["
			for k := range 10 {
				if k > 0 {
					objs += ","
				}
				objs += click(fmt.Sprint("id", next.Add(1)), "/")
			}
			evs, _ := s.Decode(decodeObjects(b, objs+"]"))
			if _, err := w.Insert(context.Background(), s, evs); err != nil {
				b.Fatal(err)
			}
		}
	})
	st := w.Stats()
	b.ReportMetric(float64(st.Batches)/float64(max(st.Commits, 1)), "batches/commit")
}
