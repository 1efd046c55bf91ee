package store

import "github.com/segc/segc/runtime/internal/sqlbatch"

// JournalVFS registers (once per process) and names the SQLite VFS for
// the connections that run Commit: put it in the database URI as vfs=.
// It is the default VFS except that a rollback journal's many small
// writes (three per journaled page) reach the file as a few large ones,
// always before SQLite syncs, reads or sizes the journal and before it
// touches the database file, so commits stay all or nothing. It speeds
// up a commit that changes pages all over segc_members (a daily run's).
func JournalVFS() (string, error) {
	return sqlbatch.JournalVFS()
}
