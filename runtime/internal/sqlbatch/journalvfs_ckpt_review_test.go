package sqlbatch

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// ckptEnv names the database (and the VFS choice) the checkpoint-error
// helper process works on.
const ckptEnv = "SEGC_JOURNALVFS_CKPT_DB"

// ckptBlob is the value the checkpoint test appends: ~20 overflow pages at
// the end of the file, so a checkpoint writes them as one gathered run.
var ckptBlob = bytes.Repeat([]byte("0123456789abcdef"), 5000)

// TestJournalVFSReviewCheckpointWriteError makes a passive checkpoint of
// a WAL database fail to write the pages it backfills (the file size limit
// stops the database from growing) while a reader holds an older snapshot,
// then lifts the limit and checkpoints again. With the default VFS the
// failed write fails the checkpoint, so the next one copies the frames
// again. With the journal VFS the failed write is the final gathered run,
// flushed by SQLITE_FCNTL_CKPT_DONE whose result SQLite ignores, and a
// partial checkpoint does not sync the database: the checkpoint succeeds,
// nBackfill moves past frames whose pages never reached the file, and the
// next full checkpoint resets the WAL without them.
func TestJournalVFSReviewCheckpointWriteError(t *testing.T) {
	perVFSInChild(t, ckptEnv, checkpointWithWriteError, func(t *testing.T, path string, _ bool) {
		db := openJournalVFS(t, path, false)
		var ok string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		var got []byte
		err := db.QueryRow(`SELECT b FROM big`).Scan(&got)
		if ok != "ok" || err != nil || !bytes.Equal(got, ckptBlob) {
			t.Fatalf("after the checkpoints: integrity %q, blob read err %v, intact %t", ok, err, bytes.Equal(got, ckptBlob))
		}
	})
}

// checkpointWithWriteError runs the scenario in a helper process (the file
// size limit is process-wide).
func checkpointWithWriteError(t *testing.T, path string, vfs bool) {
	signal.Ignore(syscall.SIGXFSZ)
	ctx := context.Background()
	w := openJournalVFS(t, path, vfs, "PRAGMA journal_mode = WAL", "PRAGMA wal_autocheckpoint = 0")
	checkpoint(t, w, "TRUNCATE")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, w, `CREATE TABLE big(b BLOB)`)
	if _, err := w.Exec(`INSERT INTO big VALUES (?)`, ckptBlob); err != nil {
		t.Fatal(err)
	}
	r := openJournalVFS(t, path, false)
	rtx, err := r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM big`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	mustExec(t, w, `UPDATE t SET v = v || 'y' WHERE k = 1`)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limited := old
	limited.Cur = uint64(st.Size()) + 2*4096
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Fatal(err)
	}
	t.Logf("passive checkpoint under the size limit: %v", tryCheckpoint(w, "PASSIVE"))
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	rtx.Rollback()
	for i := 0; i < 3; i++ {
		err := tryCheckpoint(w, "TRUNCATE")
		t.Logf("truncate checkpoint %d: %v", i, err)
		if err == nil {
			break
		}
	}
}

// checkpoint runs tryCheckpoint and fails the test on its error.
func checkpoint(t *testing.T, db *sql.DB, mode string) {
	t.Helper()
	if err := tryCheckpoint(db, mode); err != nil {
		t.Fatalf("wal_checkpoint(%s): %v", mode, err)
	}
}

// tryCheckpoint runs PRAGMA wal_checkpoint(mode) and returns its error,
// or an error when it reports busy.
func tryCheckpoint(db *sql.DB, mode string) error {
	var busy, log, done int
	if err := db.QueryRow("PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &done); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("busy (log %d, checkpointed %d)", log, done)
	}
	return nil
}
