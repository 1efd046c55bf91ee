package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// TestCommitWithHook checks that the hook sees the run's changes inside
// the transaction, and that its failure rolls the whole commit back.
func TestCommitWithHook(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	keys := Keys{Ints: []int64{1, 2, 3}}
	commitChecked(t, db, runAt(1), outcome(keys, map[string][]int32{"vip": {0}}))
	if _, err := db.Exec(`CREATE TABLE copied(run_id, entity_id, change)`); err != nil {
		t.Fatal(err)
	}
	copyChanges := func(ctx context.Context, tx *sql.Conn, runID int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO copied SELECT run_id, entity_id, change FROM segc_changes WHERE run_id = ?`, runID)
		return err
	}
	if _, err := CommitWith(ctx, db, runAt(2), outcome(keys, map[string][]int32{"vip": {1}}), copyChanges); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, db, `SELECT * FROM copied ORDER BY entity_id`), "2|1|exit\n2|2|enter\n"; got != want {
		t.Errorf("hook saw\n%s\nwant\n%s", got, want)
	}
	members := dump(t, db, membersQuery)
	failing := func(ctx context.Context, tx *sql.Conn, runID int64) error {
		if err := copyChanges(ctx, tx, runID); err != nil {
			return err
		}
		return errors.New("hook failed")
	}
	if _, err := CommitWith(ctx, db, runAt(3), outcome(keys, map[string][]int32{"vip": {2}}), failing); err == nil {
		t.Fatal("a failing hook did not fail the commit")
	}
	if got := dump(t, db, membersQuery); got != members {
		t.Errorf("a failed hook changed membership:\n%s\nwas\n%s", got, members)
	}
	if n := count(t, db, `SELECT count(*) FROM copied`); n != 2 {
		t.Errorf("a failed hook's writes were kept: %d rows", n)
	}
	if n := count(t, db, `SELECT count(*) FROM segc_runs`); n != 2 {
		t.Errorf("a failed hook's run row was kept: %d runs", n)
	}
}
