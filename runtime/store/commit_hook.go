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
	return StartCommit(ctx, db, run).Finish(out, hook)
}
