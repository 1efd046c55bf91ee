package runtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// foldModule has only foldable aggregates: tailed (<= 7d) and longer
// windows, a `between` window, unbounded sums, avg, min/max, first/last,
// a sequence and a trigger (their windowed event lists), and a lifecycle
// `on` transition (its max(time) is folded too).
const foldModule = `entities customers key customer_id {
  country string
}
events events key customer_id time ts {
  type   string
  amount float?
}
feature spend_30d = sum(events.amount where type == "purchase" within 30d)
feature views_7d = count(events where type == "view" within 7d)
feature old = count(events where type == "view" between 20d and 10d ago)
feature avg_amt = avg(events.amount)
feature big_3d = max(events.amount within 3d)
feature low = min(events.amount where type == "purchase")
feature first_amt = first(events.amount)
feature last_type = last(events.type within 2d)
segment buyers { where spend_30d > 0 }
segment browsers { where views_7d >= 2 or old > 0 }
segment big { where big_3d > 50 or low < 5 }
segment firsts { where first_amt > 40 and last_type == "view" }
segment spenders { where avg_amt > 30 }
segment top { where spend_30d >= percentile(spend_30d, 50, by country) }
segment view_then_buy { where then(events where type == "view" within 5d, events where type == "purchase", 1d) }
trigger cart {
  on events where type == "cart"
  wait 24h unless events where type == "purchase"
  enter abandoners for 3d
  exit on events where type == "purchase"
}
lifecycle stage {
  initial new
  new    -> active on events where type == "purchase"
  active -> big    when big_3d > 60
}
`

// foldDB writes foldModule and a random database.
func foldDB(t *testing.T, seed uint64) (*sql.DB, *plan.Plan, *rand.Rand) {
	return foldDBFrom(t, seed, foldModule, `CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
}

// foldAndReread evaluates keys at now through fold, then by re-reading
// their events, for the caller to compare.
func foldAndReread(t *testing.T, db *sql.DB, p *plan.Plan, full *runtime.Evaluation, fold *runtime.EntityFold, keys store.Keys, now time.Time) (got, want *runtime.EntityEvaluation) {
	t.Helper()
	ctx, opts := context.Background(), runtime.Options{AsOf: now}
	got, err := runtime.EvaluateEntitiesFold(ctx, db, p, builtins.Default(), opts, keys, full, nil, fold)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = runtime.EvaluateEntitiesFrom(ctx, db, p, builtins.Default(), opts, keys, full, nil); err != nil {
		t.Fatal(err)
	}
	return got, want
}

// foldStart is foldDB with a full evaluation at entitiesAsOf and an empty
// EntityFold of its plan: where the fold tests start.
func foldStart(t *testing.T, seed uint64) (*sql.DB, *plan.Plan, *rand.Rand, *runtime.Evaluation, *runtime.EntityFold) {
	t.Helper()
	db, p, rng := foldDB(t, seed)
	full, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	return db, p, rng, full, runtime.NewEntityFold(p)
}

// foldDBFrom is foldDB with another module text and events table.
func foldDBFrom(t *testing.T, seed uint64, module, eventsDDL string) (*sql.DB, *plan.Plan, *rand.Rand) {
	db, p := moduleDB(t, module, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT)`,
		eventsDDL, `CREATE INDEX events_key ON events(customer_id, ts)`)
	rng := rand.New(rand.NewPCG(seed, 7))
	for k := 1; k <= 30; k++ {
		db.Exec(`INSERT INTO customers VALUES (?, ?)`, k, []string{"FR", "DE"}[rng.IntN(2)])
	}
	// Customers 33 and 34 never have an event.
	db.Exec(`INSERT INTO customers VALUES (33, 'FR'), (34, 'DE')`)
	for range 300 {
		insertFoldEvent(t, db, rng, entitiesAsOf.Add(-time.Duration(rng.IntN(40*24*3600))*time.Second))
	}
	return db, p, rng
}

// insertFoldEvent inserts one random event at at.
func insertFoldEvent(t *testing.T, db *sql.DB, rng *rand.Rand, at time.Time) {
	typ := []string{"view", "purchase", "cart"}[rng.IntN(3)]
	var amount any
	if typ != "cart" || rng.IntN(2) == 0 {
		amount = float64(rng.IntN(10000)) / 100
	}
	if _, err := db.Exec(`INSERT INTO events(customer_id, ts, type, amount) VALUES (?, ?, ?, ?)`, 1+rng.IntN(32), at.UTC().Format(time.DateTime), typ, amount); err != nil {
		t.Fatal(err)
	}
}

// TestEvaluateEntitiesFoldEqualsReread feeds random events (in order,
// late and future-dated) while the clock moves by seconds to days, and
// checks after each step that evaluating random entities through an
// EntityFold gives exactly what re-reading their events gives: every
// aggregate, Next, membership and lifecycle state. It also checks that
// the fold did fold (rows above its mark) and did not re-read everyone.
func TestEvaluateEntitiesFoldEqualsReread(t *testing.T) {
	for seed := range uint64(3) {
		db, p, rng, full, fold := foldStart(t, seed)
		now := entitiesAsOf
		var folded int64
		reread, evaluated := 0, 0
		for step := range 60 {
			now = now.Add(time.Duration(rng.IntN([]int{5, 3600, 3 * 86400}[rng.IntN(3)])+1) * time.Second)
			for range rng.IntN(6) {
				at := now.Add(-time.Duration(rng.IntN(60)) * time.Second)
				switch rng.IntN(6) {
				case 0:
					at = now.Add(-time.Duration(rng.IntN(12*86400)) * time.Second) // late
				case 1:
					at = now.Add(time.Duration(rng.IntN(86400)) * time.Second) // future
				}
				insertFoldEvent(t, db, rng, at)
			}
			keys := store.Keys{Ints: []int64{}}
			for range 1 + rng.IntN(8) {
				keys.Ints = append(keys.Ints, 1+int64(rng.IntN(32)))
			}
			before := fold.Snapshot()
			got, want := foldAndReread(t, db, p, full, fold, keys, now)
			after := fold.Snapshot()
			folded, reread, evaluated = folded+after.Folded-before.Folded, reread+after.Reread-before.Reread, evaluated+got.Len()
			if g, w := entitySummary(got), entitySummary(want); g != w {
				t.Fatalf("seed %d step %d at %s: folded evaluation differs from a re-read\nfold   %s\nreread %s", seed, step, now, g, w)
			}
		}
		if folded == 0 || reread >= evaluated {
			t.Errorf("seed %d: the fold never folded (%d rows folded, %d of %d evaluations re-read)", seed, folded, reread, evaluated)
		}
	}
}

// entitySummary prints an entity evaluation's aggregates, Next,
// memberships and lifecycle states.
func entitySummary(ev *runtime.EntityEvaluation) string {
	s := fmt.Sprintf("keys %v next %v\n", ev.Outcome.Keys.Ints, ev.Next)
	for i, a := range ev.Aggregates {
		s += fmt.Sprintf("agg %d: ", i)
		for j := range a.N {
			s += fmt.Sprintf("%v ", a.Value(j))
		}
		s += "\n"
	}
	s += fmt.Sprint(membersOf(ev.Evaluation, func(int64) bool { return true }))
	for i := range ev.Len() {
		s += fmt.Sprint(ev.StatesOf(i))
	}
	return s
}

// TestEntityFoldQuiet checks EntityFold.Quiet against its promise: an
// entity reported quiet was evaluated through the fold before and its
// aggregates are exactly those of that evaluation, and so is its Next
// unless that came (a trigger deadline; serve evaluates a due entity
// anyway). Random events (some on no aggregate's filter, late
// and future ones too) arrive while the clock moves; each step asks
// Quiet about random entities, then evaluates them through the fold. It
// also checks that some entity was quiet and some was not.
func TestEntityFoldQuiet(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		db, p, rng, full, fold := foldStart(t, seed)
		now := entitiesAsOf
		last := map[int64]string{} // each entity's aggregates at its latest evaluation
		lastNext := map[int64]int64{}
		quiet, loud := 0, 0
		for step := range 80 {
			now = now.Add(time.Duration(rng.IntN([]int{5, 3600, 86400}[rng.IntN(3)])+1) * time.Second)
			for range rng.IntN(4) {
				at := now.Add(-time.Duration(rng.IntN(60)) * time.Second)
				switch rng.IntN(5) {
				case 0:
					at = now.Add(-time.Duration(rng.IntN(12*86400)) * time.Second)
				case 1:
					at = now.Add(time.Duration(rng.IntN(86400)) * time.Second)
				}
				insertQuietEvent(t, db, rng, at)
			}
			keys := []any{}
			for range 1 + rng.IntN(6) {
				keys = append(keys, 1+int64(rng.IntN(34)))
			}
			opts := runtime.Options{AsOf: now}
			q := fold.Quiet(ctx, db, builtins.Default(), opts, keys)
			skeys := store.Keys{Ints: []int64{}}
			for _, k := range keys {
				skeys.Ints = append(skeys.Ints, k.(int64))
			}
			ev, err := runtime.EvaluateEntitiesFold(ctx, db, p, builtins.Default(), opts, skeys, full, nil, fold)
			if err != nil {
				t.Fatal(err)
			}
			aggs, next := aggregatesByKey(ev)
			for i, k := range keys {
				key := k.(int64)
				if !q[i] {
					loud++
					continue
				}
				quiet++
				prev, ok := last[key]
				// A trigger deadline or an as-of comparison (in Next, not
				// the fold's) may have come: serve evaluates the entity
				// then anyway (dueBy); otherwise Next is unchanged too.
				if !ok || prev != aggs[key] || lastNext[key] > opts.AsOf.Unix() && lastNext[key] != next[key] {
					t.Fatalf("seed %d step %d: entity %d reported quiet, but\nbefore %s, next %d\nnow    %s, next %d", seed, step, key, prev, lastNext[key], aggs[key], next[key])
				}
			}
			for key, s := range aggs {
				last[key], lastNext[key] = s, next[key]
			}
		}
		if quiet == 0 || loud == 0 {
			t.Errorf("seed %d: %d quiet and %d other answers: Quiet was not exercised", seed, quiet, loud)
		}
	}
}

// insertQuietEvent inserts a "cart" event (which only avg, first, last
// and max read, through their unfiltered matches) or, mostly, a "ping"
// with no amount.
func insertQuietEvent(t *testing.T, db *sql.DB, rng *rand.Rand, at time.Time) {
	if rng.IntN(4) == 0 {
		insertFoldEvent(t, db, rng, at)
		return
	}
	if _, err := db.Exec(`INSERT INTO events VALUES (?, ?, 'ping', NULL)`, 1+rng.IntN(32), at.UTC().Format(time.DateTime)); err != nil {
		t.Fatal(err)
	}
}

// aggregatesByKey prints each entity's aggregates and gives its Next.
func aggregatesByKey(ev *runtime.EntityEvaluation) (map[int64]string, map[int64]int64) {
	out, next := map[int64]string{}, map[int64]int64{}
	for i, key := range ev.Outcome.Keys.Ints {
		s := ""
		for _, a := range ev.Aggregates {
			s += fmt.Sprintf(" %v", a.Value(i))
		}
		out[key], next[key] = s, ev.Next[i]
	}
	return out, next
}

// TestFoldSparseRowids checks that rowids far apart (an INTEGER PRIMARY
// KEY id column makes ids rowids) do not restart the fold: rows are
// counted, not the rowid span, so the held entities are folded, not
// re-read, and still equal a re-read.
func TestFoldSparseRowids(t *testing.T) {
	ctx := context.Background()
	db, p, _ := foldDB(t, 5)
	full, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: entitiesAsOf})
	if err != nil {
		t.Fatal(err)
	}
	fold := runtime.NewEntityFold(p)
	keys := store.Keys{Ints: []int64{1, 2, 3}}
	now := entitiesAsOf
	for step, rowid := range []int64{0, 1 << 40, 1<<40 + 5_000_000, 1 << 50} {
		if rowid > 0 {
			if _, err := db.Exec(`INSERT INTO events(rowid, customer_id, ts, type, amount) VALUES (?, 2, ?, 'purchase', 12.5)`, rowid, now.Format(time.DateTime)); err != nil {
				t.Fatal(err)
			}
		}
		before := fold.Snapshot()
		got, want := foldAndReread(t, db, p, full, fold, keys, now)
		if g, w := entitySummary(got), entitySummary(want); g != w {
			t.Fatalf("step %d: fold %s\nreread %s", step, g, w)
		}
		after := fold.Snapshot()
		if step > 0 && (after.Reread != before.Reread || after.Folded != before.Folded+1) {
			t.Errorf("step %d (rowid %d): re-read %d entities and folded %d rows, want 0 and 1", step, rowid, after.Reread-before.Reread, after.Folded-before.Folded)
		}
		now = now.Add(time.Second)
	}
}
