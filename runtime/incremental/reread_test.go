package incremental_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
)

// TestRereadScanFails: a daily run re-reads some entities from all their
// events (their event rows changed) in a scan of their own, after the
// resumed scan of the new events. A failure in either (a time that does
// not parse in an old row of a re-read entity, read only by the re-read;
// or in a new row, read only by the resumed scan) must fail the run,
// record it and leave the membership as it was.
func TestRereadScanFails(t *testing.T) {
	base := baseDB(t)
	p := w1(t)
	for _, tc := range []struct {
		name string
		bad  []string
	}{
		{"in the re-read", []string{
			`UPDATE events SET ts = '19970101' WHERE event_id = (SELECT min(event_id) FROM events WHERE type = 'purchase')`}},
		{"in the new events", []string{
			`DELETE FROM events WHERE event_id = (SELECT min(event_id) FROM events WHERE type = 'purchase')`,
			`INSERT INTO events(customer_id, ts, type, amount) VALUES (6, '19970101', 'purchase', 1.0)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			copyFile(t, base, path)
			db := open(t, path)
			run(t, db, p, day0, false)
			exec(t, db, appendDay)
			for _, q := range tc.bad {
				exec(t, db, q)
			}
			before := members(t, db)
			res, _, err := batch.Run(context.Background(), db, p, builtins.Default(), batch.Options{AsOf: day1})
			if err == nil {
				t.Fatalf("the run read a time that does not parse: %v", res.Incremental)
			}
			if after := members(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("the failed run changed the members (%d rows before, %d after)", len(before), len(after))
			}
			runs := dump(t, db, `SELECT status FROM segc_runs ORDER BY run_id`)
			if want := []string{"ok", "failed"}; !slices.Equal(runs, want) {
				t.Errorf("segc_runs = %v, want %v", runs, want)
			}
		})
	}
}
