package runtime

import (
	"math/rand/v2"
	"testing"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/eval"
)

// BenchmarkGatherComplete gathers the daily run's cluster rows: three
// features over 1M entities, about 36% with all three non-null, in no
// order (W1's RFM features).
func BenchmarkGatherComplete(b *testing.B) {
	n := 1 << 20
	r := rand.New(rand.NewPCG(1, 2))
	vs := []eval.Vec{eval.Alloc(types.Int, n), eval.Alloc(types.Int, n), eval.Alloc(types.Float, n)}
	valid := make([]bool, n)
	for i := range valid {
		valid[i] = r.IntN(100) < 36
	}
	for j := range vs {
		vs[j].Valid = valid
	}
	b.ResetTimer()
	for b.Loop() {
		gatherComplete(vs, n)
	}
}
