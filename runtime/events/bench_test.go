package events

import (
	"testing"

	"github.com/segc/segc/dsl/types"
)

// BenchmarkEventPass computes testAggs over 200k events, with and
// without SQL pushdown, on 1 and 2 workers.
func BenchmarkEventPass(b *testing.B) {
	db := writeDB(b, genEvents(200000, 20000), "text")
	keys := NewKeyIndex(types.Int, population(20000))
	for _, c := range []struct {
		name    string
		workers int
		noPush  bool
	}{{"push-1", 1, false}, {"push-2", 2, false}, {"nopush-2", 2, true}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run(b, db, c.workers, 0, c.noPush, keys)
			}
		})
	}
}
