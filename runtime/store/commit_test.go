package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// keyCase is one kind of entity keys; keys are listed in entity order,
// deliberately not in key order.
type keyCase struct {
	name  string
	keys  Keys
	quote []string // quote(entity_id) of each entity as SQLite shows it
}

var keyCases = []keyCase{
	{"int", Keys{Ints: []int64{30, 10, -9223372036854775808, 9223372036854775807, 20}},
		[]string{"30", "10", "-9223372036854775808", "9223372036854775807", "20"}},
	{"string", Keys{Strs: []string{"c", "a\"q\\", "tab\tnl\n", "ünï", "\xff\xfe"}},
		[]string{"'c'", "'a\"q\\'", "'tab\tnl\n'", "'ünï'", "'\xff\xfe'"}},
}

func outcome(keys Keys, segs map[string][]int32) *Outcome {
	out := &Outcome{Keys: keys}
	for _, name := range []string{"vip", "all", "none", "vip.holdout"} {
		if m, ok := segs[name]; ok {
			out.Segments = append(out.Segments, SegmentMembers{Name: name, Members: m})
		}
	}
	return out
}

func TestCommitHistory(t *testing.T) {
	for _, kc := range keyCases {
		t.Run(kc.name, func(t *testing.T) {
			db := openDB(t)
			first := outcome(kc.keys, map[string][]int32{"vip": {0, 2}, "all": {0, 1, 2, 3, 4}, "none": {}})
			sum := commitChecked(t, db, runAt(1), first)
			wantSummary(t, sum, "vip 2 +2 -0 baseline; all 5 +5 -0 baseline; none 0 +0 -0 baseline")
			if got, want := dump(t, db, changesQuery), "1|2026-06-01 00:00:00|vip|NULL|baseline\n1|2026-06-01 00:00:00|all|NULL|baseline\n1|2026-06-01 00:00:00|none|NULL|baseline\n"; !sameSet(got, want) {
				t.Errorf("changes after first run:\n%s\nwant\n%s", got, want)
			}
			members := dump(t, db, membersQuery)
			if n := strings.Count(members, "2026-06-01 00:00:00"); n != 7 {
				t.Errorf("first run stored %d members, want 7:\n%s", n, members)
			}

			sum = commitChecked(t, db, runAt(2), first)
			wantSummary(t, sum, "vip 2 +0 -0; all 5 +0 -0; none 0 +0 -0")
			if got := dump(t, db, membersQuery); got != members {
				t.Errorf("identical second run changed segc_members:\n%s\nwas\n%s", got, members)
			}
			if n := count(t, db, `SELECT count(*) FROM segc_changes`); n != 3 {
				t.Errorf("identical second run wrote history: %d rows", n)
			}

			third := outcome(kc.keys, map[string][]int32{"vip": {2, 4}, "all": {0, 1, 2, 3, 4}, "none": {1}})
			sum = commitChecked(t, db, runAt(3), third)
			wantSummary(t, sum, "vip 2 +1 -1; all 5 +0 -0; none 1 +1 -0")
			wantChanges := fmt.Sprintf("3|vip|%s|exit\n3|vip|%s|enter\n3|none|%s|enter\n", kc.quote[0], kc.quote[4], kc.quote[1])
			if got := dump(t, db, `SELECT run_id, segment, quote(entity_id), change FROM segc_changes WHERE run_id = 3`); !sameSet(got, wantChanges) {
				t.Errorf("third run history:\n%s\nwant\n%s", got, wantChanges)
			}
			wantVIP := fmt.Sprintf("vip|%s|2026-06-01 00:00:00\nvip|%s|2026-06-03 00:00:00\n", kc.quote[2], kc.quote[4])
			if got := dump(t, db, `SELECT segment, quote(entity_id), since FROM segc_members WHERE segment = 'vip'`); !sameSet(got, wantVIP) {
				t.Errorf("vip after third run:\n%s\nwant\n%s", got, wantVIP)
			}
			wantRuns := "1|ok|h1|2026-06-01 00:00:00\n2|ok|h1|2026-06-02 00:00:00\n3|ok|h1|2026-06-03 00:00:00\n"
			if got := dump(t, db, `SELECT run_id, status, plan_hash, as_of FROM segc_runs ORDER BY run_id`); got != wantRuns {
				t.Errorf("runs:\n%s\nwant\n%s", got, wantRuns)
			}
		})
	}
}

// sameSet compares line sets, ignoring order.
func sameSet(a, b string) bool {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(la) != len(lb) {
		return false
	}
	seen := map[string]int{}
	for _, l := range la {
		seen[l]++
	}
	for _, l := range lb {
		seen[l]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func wantSummary(t *testing.T, s *Summary, want string) {
	t.Helper()
	var parts []string
	for _, g := range s.Segments {
		p := fmt.Sprintf("%s %d +%d -%d", g.Name, g.Size, g.Entered, g.Exited)
		if g.Baseline {
			p += " baseline"
		}
		if g.Removed {
			p += " removed"
		}
		parts = append(parts, p)
	}
	if got := strings.Join(parts, "; "); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestRemovedSegmentExitsItsMembers(t *testing.T) {
	db := openDB(t)
	keys := Keys{Ints: []int64{1, 2, 3}}
	commitChecked(t, db, runAt(1), outcome(keys, map[string][]int32{"vip": {0}, "all": {0, 1, 2}}))
	sum := commitChecked(t, db, runAt(2), outcome(keys, map[string][]int32{"vip": {0}}))
	wantSummary(t, sum, "vip 1 +0 -0; all 0 +0 -3 removed")
	if got := dump(t, db, `SELECT DISTINCT segment FROM segc_members`); got != "vip\n" {
		t.Errorf("segments left: %q", got)
	}
	want := "2|all|1|exit\n2|all|2|exit\n2|all|3|exit\n"
	if got := dump(t, db, `SELECT run_id, segment, entity_id, change FROM segc_changes WHERE run_id = 2 ORDER BY entity_id`); got != want {
		t.Errorf("exit history:\n%s\nwant\n%s", got, want)
	}
}

func TestFailedCommitRollsBack(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	keys := Keys{Strs: []string{"a", "b", "c"}}
	commitChecked(t, db, runAt(1), outcome(keys, map[string][]int32{"vip": {0}, "vip.holdout": {1}}))
	before := dump(t, db, membersQuery) + dump(t, db, changesQuery)
	// "vip.holdout" is written after "vip", so vip's changes are already
	// in the transaction when this trigger fails it.
	if _, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON segc_changes
		WHEN NEW.segment = 'vip.holdout' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := Commit(ctx, db, runAt(2), outcome(keys, map[string][]int32{"vip": {2}, "vip.holdout": {0}}))
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Commit error = %v, want the injected failure", err)
	}
	if after := dump(t, db, membersQuery) + dump(t, db, changesQuery); after != before {
		t.Errorf("failed commit changed storage:\n%s\nwas\n%s", after, before)
	}
	id, err := RecordFailure(ctx, db, runAt(2), err)
	if err != nil {
		t.Fatal(err)
	}
	got := dump(t, db, `SELECT run_id, status, coalesce(error LIKE '%injected failure%', 0) FROM segc_runs ORDER BY run_id`)
	if want := "1|ok|0\n2|failed|1\n"; got != want || id != 2 {
		t.Errorf("runs after failure (id %d):\n%s\nwant\n%s", id, got, want)
	}
	if after := dump(t, db, membersQuery); after+dump(t, db, changesQuery) != before {
		t.Errorf("RecordFailure changed membership")
	}
}

func TestThresholds(t *testing.T) {
	db := openDB(t)
	out := outcome(Keys{Ints: []int64{1}}, map[string][]int32{"vip": {0}})
	out.Thresholds = []ThresholdRow{
		{Segment: "vip", Expr: "percentile(monetary, 90)", Value: 12.5},
		{Segment: "vip", Expr: "percentile(monetary, 90, by country)", GroupKey: "DE", Value: 3.0},
		{Segment: "vip", Expr: "percentile(monetary, 90, by tier)", GroupKey: int64(2), Value: nil},
		{Segment: "vip", Expr: "percentile(monetary, 90, by opt)", GroupKey: true, Value: 1.0},
	}
	commitChecked(t, db, runAt(1), out)
	want := "1|vip|percentile(monetary, 90)|NULL|12.5\n1|vip|percentile(monetary, 90, by country)|'DE'|3.0\n" +
		"1|vip|percentile(monetary, 90, by tier)|2|NULL\n1|vip|percentile(monetary, 90, by opt)|1|1.0\n"
	if got := dump(t, db, `SELECT run_id, segment, expr, quote(group_key), quote(value) FROM segc_thresholds ORDER BY rowid`); got != want {
		t.Errorf("thresholds:\n%s\nwant\n%s", got, want)
	}
}

func TestCommitRejectsBadOutcome(t *testing.T) {
	tests := []struct {
		name string
		out  *Outcome
		want string
	}{
		{"nil", nil, "no outcome"},
		{"no as-of", &Outcome{}, "no as-of"},
		{"duplicate key", outcome(Keys{Ints: []int64{7, 7}}, map[string][]int32{"vip": {0, 1}}), "occurs twice"},
		{"index out of range", outcome(Keys{Strs: []string{"a"}}, map[string][]int32{"vip": {3}}), "outside"},
		{"duplicate segment", &Outcome{Keys: Keys{Ints: []int64{1}}, Segments: []SegmentMembers{{Name: "a"}, {Name: "a"}}}, "occurs twice"},
		{"bad threshold", &Outcome{Keys: Keys{Ints: []int64{1}}, Segments: []SegmentMembers{{Name: "a", Members: []int32{0}}},
			Thresholds: []ThresholdRow{{Segment: "a", Expr: "p", GroupKey: []int{1}}}}, "unsupported type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			run := runAt(1)
			if tt.want == "no as-of" {
				run.AsOf = time.Time{}
			}
			_, err := Commit(context.Background(), db, run, tt.out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Commit error = %v, want one containing %q", err, tt.want)
			}
			if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name LIKE 'segc_%'`); n != 0 {
				t.Errorf("failed commit left %d segc tables or indexes", n)
			}
		})
	}
}

func TestPreviewWritesNothing(t *testing.T) {
	db := openDB(t)
	sum, err := Preview(context.Background(), db, outcome(Keys{Ints: []int64{1, 2}}, map[string][]int32{"vip": {1}}))
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, "vip 1 +1 -0 baseline")
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema`); n != 0 {
		t.Errorf("Preview created %d schema objects", n)
	}
}

func TestRecordFailureOnFreshDatabase(t *testing.T) {
	db := openDB(t)
	id, err := RecordFailure(context.Background(), db, runAt(1), errors.New("loading customers: no such table"))
	if err != nil || id != 1 {
		t.Fatalf("RecordFailure = %d, %v", id, err)
	}
	if got := dump(t, db, `SELECT status, error FROM segc_runs`); got != "failed|loading customers: no such table\n" {
		t.Errorf("run row: %q", got)
	}
}

func TestEnsureSchemaIsIdempotent(t *testing.T) {
	db := openDB(t)
	for range 2 {
		if err := EnsureSchema(context.Background(), db); err != nil {
			t.Fatal(err)
		}
	}
	want := "segc_changes\nsegc_members\nsegc_models\nsegc_runs\nsegc_states\nsegc_thresholds\n"
	if got := dump(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`); got != want {
		t.Errorf("tables:\n%s", got)
	}
}
