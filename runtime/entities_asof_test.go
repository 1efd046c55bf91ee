package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// asOfModule has segments and lifecycle guards that change with time
// alone through days_since, hours_since and time_in, directly, through
// features and through arithmetic.
const asOfModule = `entities customers key customer_id {
  first_seen time
}
events events key customer_id time ts {
  type string
}
feature last_buy = last(events.ts where type == "purchase")
feature recency = days_since(last_buy)
segment fresh { where days_since(first_seen) <= 30 }
segment tenth_day { where days_since(first_seen) == 10 }
segment lapsed { where recency > 2.5 }
segment late { where 100 <= hours_since(last_buy) * 2 - 1 }
segment cooling { where -recency / 4 < -0.75 and not (days_since(first_seen) > 45) }
lifecycle stage {
  initial new
  new     -> settled when time_in(stage) > 2d
  settled -> old     when days_since(first_seen) > 60
  old     -> new     when time_in(stage) >= 1d + 12h and recency < 4
}
segment long_new { where stage.new and time_in(stage) >= 36h }
`

// asOfDB writes the module and a random database with stored states.
func asOfDB(t *testing.T, seed uint64) (*sql.DB, *plan.Plan) {
	db, p := moduleDB(t, asOfModule)
	ctx := context.Background()
	if err := store.EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, first_seen TEXT)`,
		`CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT)`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	ago := func(max time.Duration) string {
		return entitiesAsOf.Add(-time.Duration(rng.Int64N(int64(max/time.Second))) * time.Second).Format(time.DateTime)
	}
	states := []string{"new", "settled", "old"}
	for k := 1; k <= 30; k++ {
		db.Exec(`INSERT INTO customers VALUES (?, ?)`, k, ago(70*24*time.Hour))
		db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, ?, ?)`, k, states[rng.IntN(3)], ago(3*24*time.Hour))
		for range rng.IntN(3) {
			db.Exec(`INSERT INTO events VALUES (?, ?, 'purchase')`, k, ago(6*24*time.Hour))
		}
	}
	// Entity 31 was first seen 30 days minus 100 s before as-of: fresh
	// ends exactly 101 s after as-of (days_since > 30 from then).
	db.Exec(`INSERT INTO customers VALUES (31, ?)`, entitiesAsOf.Add(-30*24*time.Hour+100*time.Second).Format(time.DateTime))
	// Entity 32 has been new for 2 days minus 50 s: its time_in guard
	// moves it to settled exactly 51 s after as-of.
	db.Exec(`INSERT INTO customers VALUES (32, ?)`, entitiesAsOf.Add(-100*24*time.Hour).Format(time.DateTime))
	db.Exec(`INSERT INTO segc_states VALUES ('stage', 32, 'new', ?)`, entitiesAsOf.Add(-2*24*time.Hour+50*time.Second).Format(time.DateTime))
	return db, p
}

// storeStates writes the lifecycle states an evaluation leaves, as serve
// commits them, so that later evaluations step from there.
func storeStates(t *testing.T, db *sql.DB, ev *runtime.EntityEvaluation) {
	for _, ls := range ev.Outcome.States {
		for i, s := range ls.State {
			if _, err := db.Exec(`INSERT OR REPLACE INTO segc_states VALUES (?, ?, ?, ?)`, ls.Name, ev.Outcome.Keys.Ints[i],
				ls.States[s], store.FormatTime(time.Unix(ls.Since[i], 0))); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestEntitiesNextAsOf checks Next for days_since, hours_since and
// time_in: at every entity's Next the entity-level evaluation equals the
// full one; just before it, membership (lifecycle states included) is
// what it is at as-of, once the states as-of left are stored; some entity changes at its Next; and Next is
// exact for a known case.
func TestEntitiesNextAsOf(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		db, p := asOfDB(t, seed)
		keys := store.Keys{Ints: make([]int64, 32)}
		for i := range keys.Ints {
			keys.Ints[i] = int64(i + 1)
		}
		full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
		if err != nil {
			t.Fatal(err)
		}
		entities := func(ts int64) *runtime.EntityEvaluation {
			ev, err := runtime.EvaluateEntities(ctx, db, p, builtins.Default(), runtime.Options{AsOf: time.Unix(ts, 0)}, keys, full)
			if err != nil {
				t.Fatal(err)
			}
			return ev
		}
		only := func(key int64) func(int64) bool { return func(k int64) bool { return k == key } }
		ev := entities(entitiesAsOf.Unix())
		storeStates(t, db, ev)
		changed := 0
		for i, next := range ev.Next {
			key := ev.Outcome.Keys.Ints[i]
			if next == math.MaxInt64 {
				continue
			}
			if next <= entitiesAsOf.Unix() {
				t.Fatalf("entity %d: next %d is not after as-of", key, next)
			}
			now := fmt.Sprint(membersOf(ev.Evaluation, only(key)))
			// next-1 == as-of: a transition is pending (the entity took
			// another one at as-of), so the next second is due.
			if before := fmt.Sprint(membersOf(entities(next-1).Evaluation, only(key))); next-1 > entitiesAsOf.Unix() && before != now {
				t.Errorf("seed %d entity %d: membership changed before its next instant %s:\nas-of  %s\nbefore %s",
					seed, key, time.Unix(next, 0).UTC(), now, before)
			}
			at := fmt.Sprint(membersOf(entities(next).Evaluation, only(key)))
			fullAt, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: time.Unix(next, 0)})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprint(membersOf(fullAt, only(key))); at != want {
				t.Errorf("seed %d entity %d at its next instant: entities %s, full %s", seed, key, at, want)
			}
			if at != now {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("seed %d: no entity's membership changes at its next instant", seed)
		}
		if got, want := ev.Next[30], entitiesAsOf.Unix()+101; got != want {
			t.Errorf("seed %d: entity 31 (fresh for 100 s more) has next %s, want %s", seed, time.Unix(got, 0).UTC(), time.Unix(want, 0).UTC())
		}
		if got, want := ev.Next[31], entitiesAsOf.Unix()+51; got != want {
			t.Errorf("seed %d: entity 32 (new for 2d - 50 s) has next %s, want %s", seed, time.Unix(got, 0).UTC(), time.Unix(want, 0).UTC())
		}
		if got := membersOf(entities(entitiesAsOf.Unix()+51).Evaluation, only(32))["stage.settled"]; len(got) != 1 {
			t.Errorf("seed %d: entity 32 is not settled 51 s after as-of", seed)
		}
	}
}
