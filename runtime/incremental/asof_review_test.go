package incremental_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// asOfModule reads as-of inside event-level expressions: a plan
// aggregate's filter, a trigger's `on` and a lifecycle's `on` (serve's
// fold refuses such plans: runtime's eventLevelAsOf).
const asOfModule = `
entities customers key customer_id {
  customer_id int
  tier int
}

events events key customer_id time ts id event_id {
  type string
}

feature recent = count(events where hours_since(ts) < 30)
segment has_recent { where recent > 0 }

trigger fresh {
  on events where hours_since(ts) < 30
  enter fresh_members for 5d
}

lifecycle stage {
  initial a
  a -> b on events where hours_since(ts) > 40
}
`

// TestReviewEventLevelAsOfEqualsCold: with as-of inside event filters, an
// event's match changes while as-of moves, without any change to the
// data, so a saved state is stale: the runs at day0+1d and day0+2d are
// cold (and store what --cold runs store). Before the plan was made
// ineligible the daily runs kept day0's matches: has_recent and
// fresh_members kept members a cold run drops, and stage.b missed one.
func TestReviewEventLevelAsOfEqualsCold(t *testing.T) {
	dir := t.TempDir()
	seg := filepath.Join(dir, "asof.seg")
	if err := os.WriteFile(seg, []byte(asOfModule), 0o644); err != nil {
		t.Fatal(err)
	}
	p := compileFiles(t, seg)
	path := filepath.Join(dir, "inc.db")
	db := open(t, path)
	exec(t, db, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, tier INTEGER NOT NULL)`)
	exec(t, db, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, ts TEXT NOT NULL, type TEXT NOT NULL)`)
	exec(t, db, `CREATE INDEX events_key ON events(customer_id, ts)`)
	exec(t, db, `INSERT INTO customers VALUES (1, 0), (2, 0), (3, 0)`)
	exec(t, db, fmt.Sprintf(`INSERT INTO events(customer_id, ts, type) VALUES (1, '%s', 'cart')`, stamp(day0.Add(-time.Hour))))
	run(t, db, p, day0, false)
	exec(t, db, fmt.Sprintf(`INSERT INTO events(customer_id, ts, type) VALUES (2, '%s', 'view')`, stamp(day0.Add(time.Hour))))
	for k, asOf := range []time.Time{day0.AddDate(0, 0, 1), day0.AddDate(0, 0, 2)} {
		cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
		db.Close()
		copyFile(t, path, cold)
		db = open(t, path)
		ri := run(t, db, p, asOf, false)
		if ri.Incremental.Incremental || !strings.Contains(ri.Incremental.Reason, "as-of in event filters") {
			t.Errorf("as of %s: %v, want a cold run because of as-of in event filters", asOf, ri.Incremental)
		}
		cdb := open(t, cold)
		run(t, cdb, p, asOf, true)
		for _, q := range reviewDumps[:2] {
			if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
				t.Errorf("as of %s (%v): %s:\nincremental %v\ncold        %v", asOf, ri.Incremental, q, a, b)
			}
		}
		cdb.Close()
	}
}
