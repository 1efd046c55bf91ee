package store

import "github.com/segc/segc/runtime/internal/sqlbatch"

// JournalVFS registers (once per process) and names the SQLite VFS for
// the connections that run Commit: put it in the database URI as vfs=.
// It is the default VFS except that the many small writes of a commit
// (three per journaled page, one per committed page) reach the database
// and its rollback journal as a few large ones, in SQLite's order and
// before any sync, so commits stay all or nothing. It speeds up a commit
// that changes pages all over segc_members (a daily run's).
func JournalVFS() (string, error) {
	return sqlbatch.JournalVFS()
}
