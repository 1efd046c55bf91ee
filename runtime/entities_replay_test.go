package runtime_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
)

// TestReplayLifecyclesTogether replays many entities at once, from a few
// shared instants and from stored or empty states, and checks that each
// replay equals that entity's replay alone: grouping entities due at the
// same instant into one evaluation changes nothing. Each replay starts at
// its From, steps at ascending instants before until, and its path ends
// in its final states.
func TestReplayLifecyclesTogether(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		db, p := asOfDB(t, seed)
		rng := rand.New(rand.NewPCG(seed, 17))
		froms := []int64{entitiesAsOf.Add(-96 * time.Hour).Unix(), entitiesAsOf.Add(-30 * time.Hour).Unix(), entitiesAsOf.Unix()}
		until := entitiesAsOf.Add(72 * time.Hour).Unix()
		var starts []runtime.ReplayStart
		for k := int64(1); k <= 30; k++ {
			st := runtime.ReplayStart{Key: k, From: froms[rng.IntN(len(froms))]}
			if rng.IntN(2) == 0 {
				st.States = map[string]runtime.StoredState{"stage": {State: []string{"new", "settled", "old"}[rng.IntN(3)], Since: st.From - rng.Int64N(4*86400)}}
			}
			starts = append(starts, st)
		}
		together, err := runtime.ReplayLifecycles(ctx, db, p, builtins.Default(), nil, starts, until, 64)
		if err != nil {
			t.Fatal(err)
		}
		for i, st := range starts {
			alone, err := runtime.ReplayLifecycles(ctx, db, p, builtins.Default(), nil, []runtime.ReplayStart{st}, until, 64)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(together[i], alone[0]) {
				t.Fatalf("seed %d, entity %v: together %+v\nalone %+v", seed, st.Key, together[i], alone[0])
			}
			checkReplay(t, st, together[i], until)
		}
	}
}

// checkReplay checks one replay's instants and path.
func checkReplay(t *testing.T, st runtime.ReplayStart, rep *runtime.Replay, until int64) {
	t.Helper()
	if len(rep.Instants) == 0 || rep.Instants[0] != st.From {
		t.Fatalf("entity %v: replay from %d stepped at %v", st.Key, st.From, rep.Instants)
	}
	for i, at := range rep.Instants {
		if at >= until || i > 0 && at <= rep.Instants[i-1] {
			t.Fatalf("entity %v: instants %v not ascending before %d", st.Key, rep.Instants, until)
		}
	}
	if n := len(rep.Path); n > 0 && rep.Path[n-1].StoredState != rep.States["stage"] {
		t.Fatalf("entity %v: path ends in %+v, states are %+v", st.Key, rep.Path[n-1], rep.States)
	}
}
