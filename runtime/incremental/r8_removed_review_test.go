package incremental_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// r8Reappear is a DBSCAN over entity columns (no scaling, so each group
// of equal points with two or more entities is a cluster): moving one
// entity of a pair away makes that cluster's segment disappear, and
// moving it back makes it reappear with the same members.
const r8Reappear = `
entities customers key customer_id {
  customer_id int
  x int
  y int
}

events events key customer_id time ts id event_id {
  customer_id int
  type string
}

feature views = count(events where type == "view")

segment viewers { where views > 0 }
segment dn = cluster(dbscan, eps=0.5, min_points=2, features=[x, y], scale=none)
`

// TestR8RemovedSegmentReappears (review R8): a segment that a daily run
// removes (a DBSCAN cluster that vanished) and a later daily run brings
// back must be stored as a cold run stores it: members and history.
// The incremental state kept the removed segment's member blob
// ("mem.dn.c3"), so the run that brought it back diffed its members
// against members that segc_members no longer held (its known change),
// and stored none of them when they were the same, or exits of entities
// that were not members.
func TestR8RemovedSegmentReappears(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "reappear.seg")
	if err := os.WriteFile(src, []byte(r8Reappear), 0o644); err != nil {
		t.Fatal(err)
	}
	p := compileFiles(t, src)
	path := filepath.Join(dir, "inc.db")
	db := open(t, path)
	exec(t, db, `CREATE TABLE customers(customer_id INTEGER PRIMARY KEY, x INTEGER NOT NULL, y INTEGER NOT NULL)`)
	exec(t, db, `CREATE TABLE events(event_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, ts TEXT NOT NULL, type TEXT NOT NULL)`)
	exec(t, db, `INSERT INTO customers VALUES (1, 1, 1), (2, 1, 1), (3, 1, 1), (4, 5, 5), (5, 5, 5), (6, 9, 9), (7, 9, 9), (8, 30, 30)`)
	exec(t, db, `INSERT INTO events(customer_id, ts, type) VALUES (1, '2026-06-28 10:00:00', 'view'), (4, '2026-06-28 11:00:00', 'view')`)
	run(t, db, p, day0, false)
	q := `SELECT segment || ' ' || entity_id FROM segc_members WHERE segment LIKE 'dn.%' ORDER BY 1`
	first := dump(t, db, q)
	for k, change := range []string{
		`UPDATE customers SET x = 20 WHERE customer_id = 7`, // 6 and 7 no longer a cluster
		`UPDATE customers SET x = 9 WHERE customer_id = 7`,  // and again
		`UPDATE customers SET y = 30, x = 30 WHERE customer_id = 6`,
		`UPDATE customers SET y = 9, x = 9 WHERE customer_id = 6`,
	} {
		exec(t, db, change)
		exec(t, db, fmt.Sprintf(`INSERT INTO events(customer_id, ts, type) VALUES (2, '%s', 'view')`, day0.AddDate(0, 0, k).Add(10*time.Hour).Format(time.DateTime)))
		asOf := day1.AddDate(0, 0, k)
		cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
		db.Close()
		copyFile(t, path, cold)
		db = open(t, path)
		cdb := open(t, cold)
		if ri := run(t, db, p, asOf, false); !ri.Incremental.Incremental {
			t.Fatalf("run %d: %v, want incremental", k, ri.Incremental)
		}
		run(t, cdb, p, asOf, true)
		for _, q := range []string{q, `SELECT run_id || ' ' || segment || ' ' || coalesce(entity_id, '-') || ' ' || change FROM segc_changes ORDER BY 1`} {
			if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
				t.Errorf("run %d (%s): %s:\nincremental %v\ncold        %v", k, change, q, diffLines(a, b), diffLines(b, a))
			}
		}
		if k == 1 && !reflect.DeepEqual(dump(t, cdb, q), first) {
			t.Errorf("run %d: the clusters are not those of the first run: %v, first %v", k, dump(t, cdb, q), first)
		}
	}
}
