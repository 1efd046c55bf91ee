package incremental_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestStatesWrittenElsewhereEqualCold: a daily run keeps the lifecycle
// states in its state instead of reading segc_states; when another
// writer changes segc_states between two daily runs (as serve's
// per-entity commits do: a segc_runs row, self-transitions that only
// move since, and transitions that also move the state segments'
// members), the next daily run still stores what a --cold run stores.
func TestStatesWrittenElsewhereEqualCold(t *testing.T) {
	p := compileFiles(t, "testdata/lifecycle.seg")
	for _, tc := range []struct {
		name   string
		writes func(t *testing.T, db *sql.DB, rng *rand.Rand, prev time.Time)
	}{
		{"none", func(*testing.T, *sql.DB, *rand.Rand, time.Time) {}},
		{"self-transitions", selfTransitions},
		{"transitions", servedTransitions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 99))
			dir := t.TempDir()
			path := filepath.Join(dir, "inc.db")
			db := open(t, path)
			lifecycleSchema(t, db, rng)
			run(t, db, p, day0, false)
			prev := day0
			for k, d := range lifecycleRuns[:6] {
				asOf := day0.Add(d)
				lifecycleDay(t, db, rng, prev, asOf)
				tc.writes(t, db, rng, prev)
				cold := filepath.Join(dir, fmt.Sprintf("cold%d.db", k))
				db.Close()
				copyFile(t, path, cold)
				db = open(t, path)
				if ri := run(t, db, p, asOf, false); !ri.Incremental.Incremental {
					t.Fatalf("as of %s: %v, want incremental", asOf, ri.Incremental)
				}
				cdb := open(t, cold)
				run(t, cdb, p, asOf, true)
				for _, q := range lifecycleDumps[:3] {
					if a, b := dump(t, db, q), dump(t, cdb, q); !reflect.DeepEqual(a, b) {
						t.Fatalf("as of %s: %s:\nincremental %v\ncold        %v", asOf, q, diffLines(a, b), diffLines(b, a))
					}
				}
				cdb.Close()
				prev = asOf
			}
		})
	}
}

// servedRun inserts the segc_runs row of a per-entity commit at `at`.
func servedRun(t *testing.T, tx *sql.Tx, at time.Time) int64 {
	res, err := tx.Exec(`INSERT INTO segc_runs(started_at, finished_at, as_of, plan_hash, status) VALUES (?, ?, ?, 'x', 'ok')`, stamp(at), stamp(at), stamp(at))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// selfTransitions moves the since of a few entities' states back by
// three days, as a self-transition of serve's would (their state and
// membership stay), changing time_in(stage) for them.
func selfTransitions(t *testing.T, db *sql.DB, rng *rand.Rand, prev time.Time) {
	inTx(t, db, func(tx *sql.Tx) {
		servedRun(t, tx, prev)
		_, err := tx.Exec(`UPDATE segc_states SET since = datetime(since, '-3 days') WHERE entity_id % 7 = ?`, rng.IntN(7))
		if err != nil {
			t.Fatal(err)
		}
	})
}

// servedTransitions moves a few active or new entities to lapsed at
// prev, with their state segments' members and changes, as serve's
// per-entity commit would.
func servedTransitions(t *testing.T, db *sql.DB, rng *rand.Rand, prev time.Time) {
	inTx(t, db, func(tx *sql.Tx) {
		id := servedRun(t, tx, prev)
		at, r := stamp(prev), rng.IntN(5)
		for _, q := range []string{
			`INSERT INTO segc_changes(run_id, at, segment, entity_id, change) SELECT ?1, ?2, 'stage.' || state, entity_id, 'exit' FROM segc_states WHERE state IN ('active', 'new') AND entity_id % 5 = ?3`,
			`INSERT INTO segc_changes(run_id, at, segment, entity_id, change) SELECT ?1, ?2, 'stage.lapsed', entity_id, 'enter' FROM segc_states WHERE state IN ('active', 'new') AND entity_id % 5 = ?3`,
			`DELETE FROM segc_members WHERE segment IN ('stage.active', 'stage.new') AND entity_id % 5 = ?3 AND ?1 > 0 AND ?2 <> ''`,
			`INSERT INTO segc_members(segment, entity_id, since) SELECT 'stage.lapsed', entity_id, ?2 FROM segc_states WHERE state IN ('active', 'new') AND entity_id % 5 = ?3 AND ?1 > 0`,
			`UPDATE segc_states SET state = 'lapsed', since = ?2 WHERE state IN ('active', 'new') AND entity_id % 5 = ?3 AND ?1 > 0`,
		} {
			if _, err := tx.Exec(q, id, at, r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// inTx runs fn in a transaction and commits it.
func inTx(t *testing.T, db *sql.DB, fn func(*sql.Tx)) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	fn(tx)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
