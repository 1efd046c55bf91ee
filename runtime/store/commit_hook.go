package store

import (
	"context"
	"database/sql"
)

// InTx is a hook that runs inside a commit's transaction, after the
// membership and segc_changes rows of run runID are written and before
// COMMIT. Whatever it writes commits or rolls back with the membership;
// an error rolls everything back. Serve uses it to fill its webhook
// outbox from segc_changes.
type InTx func(ctx context.Context, tx *sql.Conn, runID int64) error

// CommitWith is Commit with a hook run inside the same transaction; a nil
// hook makes it exactly Commit.
func CommitWith(ctx context.Context, db *sql.DB, run Run, out *Outcome, hook InTx) (*Summary, error) {
	if hook == nil {
		return Commit(ctx, db, run, out)
	}
	var sum *Summary
	err := withTx(ctx, db, "IMMEDIATE", true, func(conn *sql.Conn) error {
		var err error
		if sum, err = commitIn(ctx, conn, run, out); err != nil {
			return err
		}
		return hook(ctx, conn, sum.RunID)
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}
