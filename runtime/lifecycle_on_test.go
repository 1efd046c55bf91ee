package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/store"
)

// onModule is a lifecycle whose `on` transitions need each entity's
// latest purchase; %s is an extra feature that may already compute it.
const onModule = `entities customers key customer_id {
  first_seen time
}
events events key customer_id time ts {
  type string
}
%s
lifecycle stage {
  initial new
  terminal active
  new     -> lapsed  when true
  new     -> dormant when days_since(first_seen) > 1000
  lapsed  -> active  on events where type == "purchase"
  dormant -> active  on events where type == "purchase"
}
`

// TestLifecycleOnTransitions: an `on` transition holds when a matching
// event is in (since, as_of], whether the event pass computes the latest
// matching event for the lifecycle alone or shares a feature's last() or
// max() of it. Entities 1-6 are stored in lapsed or dormant since 06-10;
// entity 7 has no stored state (new, then lapsed in the same run).
func TestLifecycleOnTransitions(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	events := [][3]any{
		{1, "2026-06-12 08:00:00", "purchase"},  // after since: active
		{2, "2026-06-09 08:00:00", "purchase"},  // before since: stays lapsed
		{3, "2026-06-10 00:00:00", "purchase"},  // exactly at since (excluded): stays lapsed
		{4, "2026-06-30 00:00:00", "purchase"},  // exactly at as-of (included): active
		{5, "2026-07-01 00:00:00", "purchase"},  // after as-of: stays dormant
		{6, "2026-06-20 00:00:00", "page_view"}, // not a purchase: stays dormant
		{7, "2026-06-20 00:00:00", "purchase"},  // no stored state: since is as-of
	}
	stored := map[int]string{1: "lapsed", 2: "lapsed", 3: "lapsed", 4: "dormant", 5: "dormant", 6: "dormant"}
	want := "active lapsed lapsed active dormant dormant lapsed"
	for _, feature := range []string{
		"",
		`feature last_buy = last(events.ts where type == "purchase")`,
		`feature max_buy = max(events.ts where type == "purchase")`,
	} {
		t.Run(feature, func(t *testing.T) {
			db, p := moduleDB(t, strings.Replace(onModule, "%s", feature, 1),
				`CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, first_seen TEXT)`,
				`CREATE TABLE events(customer_id INTEGER, ts TEXT, type TEXT)`)
			if err := store.EnsureSchema(context.Background(), db); err != nil {
				t.Fatal(err)
			}
			for k := 1; k <= 7; k++ {
				db.Exec(`INSERT INTO customers VALUES (?, '2026-01-01 00:00:00')`, k)
				if s, ok := stored[k]; ok {
					db.Exec(`INSERT INTO segc_states VALUES ('stage', ?, ?, '2026-06-10 00:00:00')`, k, s)
				}
			}
			for _, e := range events {
				db.Exec(`INSERT INTO events VALUES (?, ?, ?)`, e[0], e[1], e[2])
			}
			ev, err := runtime.Evaluate(context.Background(), db, p, builtins.Default(), runtime.Options{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			res := ev.Lifecycles[0]
			var got []string
			for _, s := range res.State {
				got = append(got, res.Lifecycle.States[s])
			}
			if strings.Join(got, " ") != want {
				t.Errorf("states %v, want %s", got, want)
			}
		})
	}
}
