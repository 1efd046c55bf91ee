package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestHistoryLeavesChecksOn: the history inserts run with CHECK
// constraints off (see writer.unchecked), so after a commit, successful
// or failed in the middle of them, the connection must enforce segc's
// CHECKs again. The second commit writes a segment's entries and exits
// and removes another segment, so both kinds of unchecked inserts ran.
func TestHistoryLeavesChecksOn(t *testing.T) {
	for _, failing := range []bool{false, true} {
		t.Run(fmt.Sprint("failing ", failing), func(t *testing.T) { historyLeavesChecksOn(t, failing) })
	}
}

func historyLeavesChecksOn(t *testing.T, failing bool) {
	db := openDB(t)
	db.SetMaxOpenConns(1) // the commit's connection is the one checked
	keys := Keys{Ints: []int64{1, 2, 3}}
	commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{
		{Name: "s", Members: []int32{0, 1}}, {Name: "gone", Members: []int32{2}}}})
	if failing {
		if _, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON segc_changes WHEN NEW.change = 'enter'
			BEGIN SELECT RAISE(FAIL, 'injected failure'); END`); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Commit(context.Background(), db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{1, 2}}}})
	if (err != nil) != failing {
		t.Fatalf("Commit error = %v", err)
	}
	_, err = db.Exec(`INSERT INTO segc_changes(run_id, at, segment, entity_id, change) VALUES (9, 'x', 's', 1, 'bogus')`)
	if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
		t.Errorf("a bogus change after the commit: error %v, want a CHECK failure", err)
	}
	want := "1|baseline|gone|NULL\n1|baseline|s|NULL\n"
	if !failing {
		want += "2|enter|s|3\n2|exit|gone|3\n2|exit|s|1\n"
	}
	if got := dump(t, db, `SELECT run_id, change, segment, quote(entity_id) FROM segc_changes ORDER BY 1, 2, 3`); got != want {
		t.Errorf("changes\n%s\nwant\n%s", got, want)
	}
}
