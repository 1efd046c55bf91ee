package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
)

// TestHistoryLeavesChecksOn: the history inserts run with CHECK
// constraints off (see writer.unchecked), so after a commit the
// connection must enforce segc's CHECKs again. The second commit writes
// a segment's entries and exits and removes another segment, so both
// kinds of unchecked inserts ran.
func TestHistoryLeavesChecksOn(t *testing.T) {
	db := openDB(t)
	db.SetMaxOpenConns(1) // the commit's connection is the one checked
	keys := Keys{Ints: []int64{1, 2, 3}}
	commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{
		{Name: "s", Members: []int32{0, 1}}, {Name: "gone", Members: []int32{2}}}})
	commitChecked(t, db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{1, 2}}}})
	wantCheckFails(t, db)
	want := "1|baseline|gone|NULL\n1|baseline|s|NULL\n2|enter|s|3\n2|exit|gone|3\n2|exit|s|1\n"
	if got := dump(t, db, `SELECT run_id, change, segment, quote(entity_id) FROM segc_changes ORDER BY 1, 2, 3`); got != want {
		t.Errorf("changes\n%s\nwant\n%s", got, want)
	}
}

// TestUncheckedRestoresOnFailure: when the unchecked statements fail,
// the connection enforces CHECKs again all the same.
func TestUncheckedRestoresOnFailure(t *testing.T) {
	db := schemaDB(t)
	db.SetMaxOpenConns(1)
	conn := schemaConn(t, db)
	w, err := newWriter(context.Background(), conn, 1, "2026-06-01 00:00:00")
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	boom := errors.New("boom")
	if err := w.unchecked(context.Background(), func() error { return boom }); err != boom {
		t.Fatalf("unchecked returned %v, want fn's error", err)
	}
	_, err = conn.ExecContext(context.Background(), `INSERT INTO segc_changes(run_id, at, segment, entity_id, change) VALUES (9, 'x', 's', 1, 'bogus')`)
	if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
		t.Errorf("a bogus change after a failed unchecked run: error %v, want a CHECK failure", err)
	}
}

// TestTriggeredHistoryKeepsChecks: a trigger on segc_changes (a user's
// change feed) is compiled into the history inserts, so with one the
// inserts keep CHECKs on: a row the trigger's table rejects fails the
// commit, permanent or temporary trigger alike.
func TestTriggeredHistoryKeepsChecks(t *testing.T) {
	for _, temp := range []string{"", "TEMP"} {
		db := openDB(t)
		db.SetMaxOpenConns(1) // a temporary trigger lives on one connection
		keys := Keys{Ints: []int64{1, 2, 3}}
		commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0}}}})
		for _, q := range []string{
			`CREATE TABLE feed(entity_id INTEGER CHECK (entity_id < 3), change TEXT)`,
			`CREATE ` + temp + ` TRIGGER to_feed AFTER INSERT ON segc_changes BEGIN
				INSERT INTO feed(entity_id, change) VALUES (NEW.entity_id, NEW.change); END`,
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Commit(context.Background(), db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{2}}}})
		if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
			t.Errorf("%s trigger: entity 3 entering passed the feed's CHECK: commit error %v", temp, err)
		}
	}
}

// wantCheckFails checks that db enforces segc_changes' CHECK.
func wantCheckFails(t *testing.T, db *sql.DB) {
	t.Helper()
	_, err := db.Exec(`INSERT INTO segc_changes(run_id, at, segment, entity_id, change) VALUES (9, 'x', 's', 1, 'bogus')`)
	if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
		t.Errorf("a bogus change after the commit: error %v, want a CHECK failure", err)
	}
}
