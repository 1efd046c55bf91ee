package store

import (
	"context"
	"strings"
	"testing"
)

// TestHistoryLeavesChecksOn: the history inserts run with CHECK
// constraints off (see writer.unchecked), so after a commit, successful
// or failed in the middle of them, the connection must enforce segc's
// CHECKs again.
func TestHistoryLeavesChecksOn(t *testing.T) {
	for _, failing := range []bool{false, true} {
		db := openDB(t)
		db.SetMaxOpenConns(1) // the commit's connection is the one checked
		keys := Keys{Ints: []int64{1, 2, 3}}
		commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0, 1}}}})
		if failing {
			if _, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON segc_changes WHEN NEW.change = 'enter'
				BEGIN SELECT RAISE(FAIL, 'injected failure'); END`); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Commit(context.Background(), db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{1, 2}}}})
		if (err != nil) != failing {
			t.Fatalf("failing %v: Commit error = %v", failing, err)
		}
		_, err = db.Exec(`INSERT INTO segc_changes(run_id, at, segment, entity_id, change) VALUES (9, 'x', 's', 1, 'bogus')`)
		if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
			t.Errorf("failing %v: a bogus change after the commit: error %v, want a CHECK failure", failing, err)
		}
		if got := dump(t, db, `SELECT DISTINCT change FROM segc_changes ORDER BY 1`); failing && got != "baseline\n" || !failing && got != "baseline\nenter\nexit\n" {
			t.Errorf("failing %v: changes %q", failing, got)
		}
	}
}
