package runtime_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// parallelReviewModule mixes every step kind so that a full evaluation on
// several goroutines has independent features, grouped thresholds over a
// segment, nested segments with a holdout, a lifecycle whose guards read
// features and segments, a trigger, and a cluster read by a segment.
const parallelReviewModule = `entities customers key customer_id {
  country string
  x float?
  y float?
}
events events key customer_id time ts {
  type   string
  amount float?
}
feature spend = sum(events.amount where type == "purchase" within 30d)
feature views = count(events where type == "view" within 7d)
feature last_buy = last(events.ts where type == "purchase")
feature recency = days_since(last_buy)
feature empty_stat = sum(events.amount where type == "never")
segment buyers { where spend > 0 }
segment buyers.top { where spend >= percentile(spend, 70, by country) holdout 20% }
segment buyers.top.fr { where country == "FR" }
segment browsers { where views >= 2 require country != "XX" }
segment odd { where empty_stat > median(empty_stat) }
segment odd_by { where empty_stat > median(empty_stat, by country) }
segment nobody { where false }
segment nobody.a { where spend > median(spend) }
segment lapsing { where recency > median(recency, by country) }
lifecycle stage {
  initial new
  new     -> active  on events where type == "purchase"
  active  -> lapsed  when recency > 10 and not browsers
  lapsed  -> active  on events where type == "purchase"
}
segment stage_lapsed_fr { where stage.lapsed and country == "FR" }
trigger cart {
  on events where type == "cart"
  wait 24h unless events where type == "purchase"
  enter abandoners for 3d
  exit on events where type == "purchase"
}
segment g = cluster(kmeans, k=3, features=[x, y], scale=zscore, seed=7, n_init=2) {
  name by spend desc: high, mid, low
}
segment high_browsers { where g.high and browsers }
`

// deferReviewModule is parallelReviewModule without what stops a
// cluster's training from running in the background (lifecycles,
// triggers, cluster references).
var deferReviewModule = strings.Split(parallelReviewModule, "lifecycle stage {")[0] +
	strings.Split(strings.Split(parallelReviewModule, "exit on events where type == \"purchase\"\n}\n")[1], "segment high_browsers")[0]

// TestParallelStepsMatchSequentialReview: every worker count gives the
// sequential run's outcome and warnings, in order, on a plan with every
// step kind (run with -race: no step writes shared state).
func TestParallelStepsMatchSequentialReview(t *testing.T) {
	checkWorkersAgree(t, parallelReviewModule, false)
}

// TestParallelStepsDeferredClusterReview is the same with the cluster
// trained in the background while the later steps run.
func TestParallelStepsDeferredClusterReview(t *testing.T) {
	checkWorkersAgree(t, deferReviewModule, true)
}

// checkWorkersAgree evaluates module with 1, 2 and 4 workers, three
// times each, and compares everything with the first evaluation.
func checkWorkersAgree(t *testing.T, module string, deferring bool) {
	ctx := context.Background()
	db, p := moduleDB(t, module,
		`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, country TEXT, x REAL, y REAL)`,
		`CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT, amount REAL)`)
	if err := store.EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	at := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	for k := 1; k <= 120; k++ {
		db.Exec(`INSERT INTO customers VALUES (?, ?, ?, ?)`, k, []string{"FR", "DE", "XX"}[rng.IntN(3)], float64(rng.IntN(3)*10)+rng.Float64(), float64(rng.IntN(2)*10)+rng.Float64())
		since := at.Add(-time.Duration(rng.IntN(20*24*3600)) * time.Second)
		db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, ?, ?)`, k, []string{"new", "active", "lapsed"}[rng.IntN(3)], since.Format(time.DateTime))
	}
	for range 1500 {
		ts := at.Add(-time.Duration(rng.IntN(40*24*3600)) * time.Second)
		typ := []string{"view", "purchase", "cart"}[rng.IntN(3)]
		db.Exec(`INSERT INTO events VALUES (?, ?, ?, ?)`, 1+rng.IntN(125), ts.Format(time.DateTime), typ, float64(rng.IntN(10000))/100)
	}
	var base *runtime.Evaluation
	for round := range 3 {
		for _, w := range []int{1, 2, 4} {
			ev, err := runtime.Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: at, Workers: w, DeferClusters: deferring})
			if err != nil {
				t.Fatal(err)
			}
			if err := ev.Wait(); err != nil {
				t.Fatal(err)
			}
			if base == nil {
				base = ev
				if len(ev.Warnings) < 3 {
					t.Fatalf("warnings %v, want several (empty populations)", ev.Warnings)
				}
				sizes := map[string]int{}
				for _, seg := range ev.Outcome.Segments {
					sizes[seg.Name] = len(seg.Members)
				}
				t.Logf("warnings %d, sizes %v", len(ev.Warnings), sizes)
				trained := slices.ContainsFunc(ev.Timings, func(s runtime.StageTiming) bool { return s.Stage == runtime.BackgroundTraining })
				if trained != deferring {
					t.Fatalf("cluster trained in the background: %t, want %t", trained, deferring)
				}
				continue
			}
			for _, part := range []struct {
				name      string
				got, want any
			}{
				{"keys", ev.Outcome.Keys, base.Outcome.Keys}, {"segments", ev.Outcome.Segments, base.Outcome.Segments},
				{"thresholds", ev.Outcome.Thresholds, base.Outcome.Thresholds}, {"states", ev.Outcome.States, base.Outcome.States},
				{"models", ev.Outcome.Models, base.Outcome.Models}, {"model runs", ev.Outcome.ModelRuns, base.Outcome.ModelRuns},
			} {
				// Models through fmt, as they may hold NaN.
				same := reflect.DeepEqual(part.got, part.want)
				if part.name == "models" || part.name == "model runs" {
					same = fmt.Sprint(part.got) == fmt.Sprint(part.want)
				}
				if !same {
					g, w2 := fmt.Sprint(part.got), fmt.Sprint(part.want)
					i := 0
					for i < len(g) && i < len(w2) && g[i] == w2[i] {
						i++
					}
					t.Errorf("round %d, workers %d: %s differ from workers 1 at byte %d:\n%.300s\nwant\n%.300s", round, w, part.name, i, g[i:], w2[i:])
				}
			}
			if fmt.Sprint(ev.Warnings) != fmt.Sprint(base.Warnings) {
				t.Errorf("round %d, workers %d: warnings\n%v\nwant\n%v", round, w, ev.Warnings, base.Warnings)
			}
		}
	}
}
