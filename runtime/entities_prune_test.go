package runtime_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// TestEvaluateEntitiesPruned checks that a pruned evaluation reports
// exactly the segments of the steps it computed (the dirty ones and what
// they read), each with the members an evaluation of every step gives.
func TestEvaluateEntitiesPruned(t *testing.T) {
	ctx := context.Background()
	db, p := pruneDB(t, 40, 600)
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	d := plan.NewDeps(p)
	keys := store.Keys{Ints: []int64{1, 2, 3, 5, 8, 13, 21, 34}}
	all, err := runtime.EvaluateEntities(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf}, keys, full)
	if err != nil {
		t.Fatal(err)
	}
	want := segmentMembers(all.Outcome)
	tests := []struct {
		name  string
		dirty []bool
		segs  int
	}{
		{"purchases", d.Dirty([]int{0}, false), 3},
		{"visits", d.Dirty([]int{1}, false), 10},
		{"as-of", d.Dirty(nil, true), 13},
		{"nothing", d.Dirty(nil, false), 0},
	}
	for _, tt := range tests {
		ev, err := runtime.EvaluateEntitiesPruned(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf}, keys, full, nil, nil,
			&runtime.Pruning{Deps: d, Dirty: tt.dirty})
		if err != nil {
			t.Fatal(err)
		}
		got := segmentMembers(ev.Outcome)
		if len(got) != tt.segs {
			t.Errorf("%s: %d segments reported, want %d: %v", tt.name, len(got), tt.segs, got)
		}
		for name, m := range got {
			if m != want[name] {
				t.Errorf("%s: segment %s has %s, want %s", tt.name, name, m, want[name])
			}
		}
	}
}

// segmentMembers renders each outcome segment's members by name.
func segmentMembers(out *store.Outcome) map[string]string {
	m := map[string]string{}
	for _, s := range out.Segments {
		m[s.Name] = fmt.Sprint(s.Members)
	}
	return m
}
