package serve

import (
	"testing"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime/store"
)

// TestEvaluatedAtLatest checks the latest evaluation instant of entities
// evaluated by the full pass only, by sweep chunks (taken from the end of
// the population down) and by per-entity evaluations.
func TestEvaluatedAtLatest(t *testing.T) {
	e := evaluatedAt{ints: map[int64]int64{}, strs: map[string]int64{}}
	e.fullAt(100, &plan.Plan{Lifecycles: []*plan.Lifecycle{{Name: "stage"}}}, store.Keys{Ints: []int64{10, 20, 30, 40, 50}})
	e.swept(3, 110)  // 40, 50
	e.swept(1, 120)  // 20, 30
	e.swept(-1, 125) // a tick without sweep keys
	e.record([]any{int64(30), int64(99)}, 130)
	e.record([]any{int64(50)}, 105)
	for _, c := range []struct {
		key  int64
		want int64
	}{
		{10, 100}, // not swept yet
		{20, 120},
		{30, 130},
		{40, 110},
		{50, 110}, // an earlier per-entity record does not lower the sweep's
		{99, 130}, // not in the population, evaluated per entity
		{7, 100},
	} {
		if got := e.latest(c.key); got != c.want {
			t.Errorf("latest(%d) = %d, want %d", c.key, got, c.want)
		}
	}
	e.fullAt(200, &plan.Plan{}, store.Keys{Ints: []int64{10}})
	e.record([]any{int64(10)}, 300)
	if got := e.latest(int64(10)); got != 200 {
		t.Errorf("without lifecycles, latest = %d, want the full evaluation's 200", got)
	}
}
