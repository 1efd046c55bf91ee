package store

import (
	"context"
	"testing"
)

// TestBareChangesOnlyForSegcsOwnTable: the unchecked history inserts are
// taken on the table segc created, and not once a trigger (any case of
// the name, permanent or temporary) or a temporary table of that name
// could bring in a user's CHECK.
func TestBareChangesOnlyForSegcsOwnTable(t *testing.T) {
	for _, tc := range []struct {
		name, ddl string
		want      bool
	}{
		{"segc's table", "", true},
		{"a trigger", `CREATE TRIGGER t AFTER INSERT ON segc_changes BEGIN SELECT 1; END`, false},
		{"a trigger on another case", `CREATE TRIGGER t AFTER INSERT ON SEGC_CHANGES BEGIN SELECT 1; END`, false},
		{"a temporary trigger", `CREATE TEMP TRIGGER t AFTER INSERT ON main.segc_changes BEGIN SELECT 1; END`, false},
		{"a temporary table", `CREATE TEMP TABLE segc_changes(x)`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			db.SetMaxOpenConns(1) // the temporary schema is per connection
			commitChecked(t, db, runAt(1), &Outcome{Keys: Keys{Ints: []int64{1}}, Segments: []SegmentMembers{{Name: "s", Members: []int32{0}}}})
			if tc.ddl != "" {
				if _, err := db.Exec(tc.ddl); err != nil {
					t.Fatal(err)
				}
			}
			conn, err := db.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			got, err := bareChanges(context.Background(), conn)
			if err != nil || got != tc.want {
				t.Errorf("bareChanges = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
