package membership

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/segc/segc/dsl/types"
	"github.com/segc/segc/runtime/store"
)

// TestApplyRandom: random enters and exits (repeated keys, keys outside
// the segment, exits of non-members) applied in one Apply equal applying
// them one at a time to a map, and lookups agree.
func TestApplyRandom(t *testing.T) {
	db := storedDB(t, [][3]any{{"a", 3, "2026-06-02 00:00:00"}, {"a", 1, "2026-06-01 00:00:00"}, {"a", 10, "2026-06-01 00:00:00"}})
	pop := []int64{}
	for k := int64(0); k < 40; k++ {
		pop = append(pop, k)
	}
	set, err := Load(context.Background(), db, Info{RunID: 1, AsOf: time.Unix(0, 0), Plan: testPlan(types.Int),
		Population: store.Keys{Ints: pop}, Stored: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	model := map[string]map[int64]string{"a": {3: "2026-06-02 00:00:00", 1: "2026-06-01 00:00:00", 10: "2026-06-01 00:00:00"}, "b": {}}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 30 {
		var cs []Change
		for range rng.IntN(25) {
			seg := []string{"a", "b"}[rng.IntN(2)]
			c := Change{Segment: seg, Key: int64(rng.IntN(40)), Enter: rng.IntN(2) == 0, Since: fmt.Sprintf("2026-07-%02d 00:00:00", round+1)}
			cs = append(cs, c)
			if c.Enter {
				model[seg][c.Key.(int64)] = c.Since
			} else {
				delete(model[seg], c.Key.(int64))
			}
		}
		set = set.Apply(int64(round+2), time.Unix(int64(round), 0), cs)
		for _, name := range []string{"a", "b"} {
			seg, _ := set.Segment(name)
			page, _ := set.Page(seg, nil, 100)
			var want []Member
			for _, k := range slices.Sorted(mapKeys(model[name])) {
				want = append(want, Member{ID: k, Since: model[name][k]})
			}
			if fmt.Sprint(page) != fmt.Sprint(want) {
				t.Fatalf("round %d, segment %s: %v, want %v", round, name, page, want)
			}
		}
		for k := int64(0); k < 40; k++ {
			ms, _ := set.Lookup(k)
			var want []Membership
			for _, name := range []string{"a", "b"} {
				if since, ok := model[name][k]; ok {
					want = append(want, Membership{Segment: name, Since: since})
				}
			}
			if fmt.Sprint(ms) != fmt.Sprint(want) {
				t.Fatalf("round %d: Lookup(%d) = %v, want %v", round, k, ms, want)
			}
		}
	}
}

func mapKeys(m map[int64]string) func(func(int64) bool) {
	return func(yield func(int64) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
