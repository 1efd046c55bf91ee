package incremental

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime"
	"github.com/segc/segc/runtime/demo"
	"github.com/segc/segc/runtime/store"
)

// TestOverlappingRunsKeepTheLog: run B arms, entity rows change, run A
// arms, commits and prunes the change log up to its mark, then B
// commits. B's state lacks the changes and its mark is below the pruned
// log, so it must not replace A's: the next daily run still equals a
// cold one.
func TestOverlappingRunsKeepTheLog(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	_, base, day0 := demoBase(t)
	day1, day2 := day0.AddDate(0, 0, 1), day0.AddDate(0, 0, 2)
	for _, cold := range []bool{false, true} {
		name := map[bool]string{false: "B daily", true: "B cold"}[cold]
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inc.db")
			db := openCopy(t, base, path)
			commitRun(t, db, p, day0, Options{})
			dailyChanges(t, db, 1)
			evB, infoB, err := Evaluate(ctx, db, p, builtins.Default(), runtime.Options{AsOf: day1}, Options{Cold: cold})
			if err != nil || infoB.Incremental == cold {
				t.Fatalf("run B: %v %v", infoB, err)
			}
			if _, err := db.Exec(`UPDATE customers SET engagement_score = NULL WHERE customer_id % 5 = 0`); err != nil {
				t.Fatal(err)
			}
			commitRun(t, db, p, day1, Options{})
			run := store.Run{StartedAt: day1, AsOf: day1, PlanHash: p.Hash}
			if _, err := store.CommitWith(ctx, db, run, evB.Outcome, infoB.Save); err != nil {
				t.Fatal(err)
			}
			dailyChanges(t, db, 2)
			cdb := openCopy(t, path, filepath.Join(t.TempDir(), "cold.db"))
			if info := commitRun(t, db, p, day2, Options{}); !info.Incremental {
				t.Fatalf("day 2: %v, want incremental", info)
			}
			commitRun(t, cdb, p, day2, Options{Cold: true})
			if a, b := dumpMembers(t, db), dumpMembers(t, cdb); a != b {
				t.Error("after overlapping runs, the next daily run's membership differs from a cold run's")
			}
		})
	}
}

// TestStateSavedMeanwhile: a daily run B whose state another run A saves
// over before B has read the change log (A pruned it) must not resume
// from what it loaded; it runs cold, and the next daily run equals a
// cold one.
func TestStateSavedMeanwhile(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	_, base, day0 := demoBase(t)
	day1, day2 := day0.AddDate(0, 0, 1), day0.AddDate(0, 0, 2)
	opts := runtime.Options{AsOf: day1}
	for _, tc := range []struct {
		name      string
		loadFirst bool // B loads the state before A commits
		want      string
	}{
		{"A saved before B loaded", false, "newer incremental state"},
		{"A saved after B loaded", true, "while this one read it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inc.db")
			db := openCopy(t, base, path)
			commitRun(t, db, p, day0, Options{})
			a, err := arm(ctx, db, p)
			if err != nil {
				t.Fatal(err)
			}
			var st *saved
			load := func() {
				var why string
				if st, why, err = usable(ctx, db, p, opts, Options{}, a); st == nil || err != nil {
					t.Fatalf("B's state: %s %v", why, err)
				}
			}
			if tc.loadFirst {
				load()
			}
			if _, err := db.Exec(`UPDATE customers SET engagement_score = NULL WHERE customer_id % 5 = 0`); err != nil {
				t.Fatal(err)
			}
			commitRun(t, db, p, day1, Options{})
			if !tc.loadFirst {
				load()
			}
			inc := &incRun{ctx: ctx, db: db, p: p, reg: builtins.Default(), opts: opts, st: st, a: a}
			if _, info, err := inc.evaluate(); info != nil || err != nil || !strings.Contains(inc.reason, tc.want) {
				t.Fatalf("B: %v %v %q, want a cold run because %q", info, err, inc.reason, tc.want)
			}
			ev, info, err := cold(ctx, db, p, builtins.Default(), opts, Options{}, a, inc.reason)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.CommitWith(ctx, db, store.Run{StartedAt: day1, AsOf: day1, PlanHash: p.Hash}, ev.Outcome, info.Save); err != nil {
				t.Fatal(err)
			}
			cdb := openCopy(t, path, filepath.Join(t.TempDir(), "cold.db"))
			if info := commitRun(t, db, p, day2, Options{}); !info.Incremental {
				t.Fatalf("day 2: %v, want incremental", info)
			}
			commitRun(t, cdb, p, day2, Options{Cold: true})
			if a, b := dumpMembers(t, db), dumpMembers(t, cdb); a != b {
				t.Error("the next daily run's membership differs from a cold run's")
			}
		})
	}
}

// TestMarksOnlyGrow: the state's version survives a dropped state, and
// the change log's mark survives a prune that empties the log, so runs
// can tell which state or arming came later.
func TestMarksOnlyGrow(t *testing.T) {
	ctx := context.Background()
	p := compileW1(t)
	base := filepath.Join(t.TempDir(), "base.db")
	if _, err := demo.Generate(ctx, base, demo.Options{Customers: 100, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	day0 := time.Date(2026, 6, 29, 0, 0, 0, 0, time.UTC)
	db := openCopy(t, base, filepath.Join(t.TempDir(), "x.db"))
	commitRun(t, db, p, day0, Options{})
	for _, q := range []string{`UPDATE customers SET engagement_score = NULL WHERE customer_id % 5 = 0`, `DROP TRIGGER segc_inc_customers_upd`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if info := commitRun(t, db, p, day0.AddDate(0, 0, 1), Options{}); info.Incremental {
		t.Fatalf("%v, want cold (a trigger was dropped)", info)
	}
	h, err := readHead(ctx, db)
	if err != nil || h.version != 2 || h.mark == 0 {
		t.Errorf("after two saves, the second over a dropped state: %+v %v, want version 2 and a mark", h, err)
	}
	a, err := arm(ctx, db, p)
	if err != nil || a.mark < h.mark {
		t.Errorf("arming over a pruned log: mark %d %v, want at least the stored %d", a.mark, err, h.mark)
	}
}
