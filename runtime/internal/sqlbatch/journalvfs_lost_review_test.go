package sqlbatch

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// lostEnv names the database (and the VFS choice) the lost-journal-write
// helper process works on.
const lostEnv = "SEGC_JOURNALVFS_LOST_DB"

// TestJournalVFSReviewLostJournalWrite commits, with synchronous = OFF and
// the EXCLUSIVE lock already held (locking_mode = EXCLUSIVE; a spill
// earlier in a transaction does the same), a transaction that rewrites
// every page and grows the database, under a file size limit that fails
// the journal's last gathered bytes and the database's growth. The
// default VFS wrote the journal during the UPDATE, so the failed growth
// fails the commit and the rollback restores every page. The journal VFS
// still holds the journal's tail when the commit starts: the
// SQLITE_FCNTL_SIZE_HINT hint (whose result SQLite ignores) flushes it and
// the write fails, the database's pages are then overwritten anyway, the
// growth fails the commit, and the rollback finds a journal without the
// tail's pages: the transaction is left half applied.
func TestJournalVFSReviewLostJournalWrite(t *testing.T) {
	perVFSInChild(t, lostEnv, commitWithLostJournalTail, func(t *testing.T, path string, _ bool) {
		checkRows(t, openJournalVFS(t, path, false), 0)
	})
}

// commitWithLostJournalTail runs the scenario in a helper process (the
// file size limit is process-wide) and exits without closing anything.
func commitWithLostJournalTail(t *testing.T, path string, vfs bool) {
	signal.Ignore(syscall.SIGXFSZ)
	db := openJournalVFS(t, path, vfs, "PRAGMA synchronous = OFF", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA cache_size = -200000")
	mustExec(t, db, "CREATE TABLE grow(b BLOB)")
	mustExec(t, db, "BEGIN IMMEDIATE")
	mustExec(t, db, updateAll)
	mustExec(t, db, "INSERT INTO grow VALUES (zeroblob(400000))")
	st, err := os.Stat(path + "-journal")
	if err != nil {
		t.Fatal(err)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limited := old
	limited.Cur = uint64(st.Size()) + 1
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(context.Background(), "COMMIT")
	t.Logf("journal on disk before COMMIT: %d bytes; COMMIT: %v", st.Size(), err)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(context.Background(), "ROLLBACK")
	t.Logf("ROLLBACK: %v", err)
	var n int
	err = db.QueryRow(`SELECT count(*) FILTER (WHERE v LIKE 'x%') FROM t`).Scan(&n)
	t.Logf("changed rows seen by the connection: %d %v", n, err)
	os.Exit(0)
}
