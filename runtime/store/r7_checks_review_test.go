package store

import (
	"context"
	"strings"
	"testing"
)

// TestR7UserChecksHold: segc turns CHECK constraints off around its
// history inserts (writer.unchecked), which it may do only for segc's
// own CHECK on segc_changes.change. A user's CHECK must still hold: one
// in a table a trigger on segc_changes feeds (SQLite compiles the trigger
// into segc's insert), however the trigger names the table (SQL names
// are case-insensitive), and one the user's own segc_changes declares
// (segc creates it only if it does not exist). A history row the user's
// CHECK rejects must fail the commit, as it did before the pragma.
func TestR7UserChecksHold(t *testing.T) {
	feed := `CREATE TABLE feed(entity_id INTEGER CHECK (entity_id < 3), change TEXT)`
	for _, tc := range []struct {
		name string
		ddl  []string
	}{
		{"trigger on segc_changes", []string{feed, `CREATE TRIGGER to_feed AFTER INSERT ON segc_changes BEGIN
			INSERT INTO feed(entity_id, change) VALUES (NEW.entity_id, NEW.change); END`}},
		{"trigger on SEGC_Changes", []string{feed, `CREATE TRIGGER to_feed AFTER INSERT ON SEGC_Changes BEGIN
			INSERT INTO feed(entity_id, change) VALUES (NEW.entity_id, NEW.change); END`}},
		{"the user's segc_changes", []string{`CREATE TABLE segc_changes(run_id INTEGER NOT NULL, at TEXT NOT NULL,
			segment TEXT NOT NULL, entity_id CHECK (entity_id IS NULL OR entity_id < 3),
			change TEXT NOT NULL CHECK (change IN ('enter', 'exit', 'baseline')))`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			keys := Keys{Ints: []int64{1, 2, 3}}
			if tc.name == "the user's segc_changes" {
				for _, q := range tc.ddl {
					if _, err := db.Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				tc.ddl = nil
			}
			commitChecked(t, db, runAt(1), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{0}}}})
			for _, q := range tc.ddl {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Commit(context.Background(), db, runAt(2), &Outcome{Keys: keys, Segments: []SegmentMembers{{Name: "s", Members: []int32{2}}}})
			if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
				t.Errorf("entity 3 entering got past the user's CHECK: commit error %v", err)
			}
		})
	}
}
