package store

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// r8LockProbeEnv names the database a child process (the test binary run
// again as TestR8LockProbe) tries to write.
const r8LockProbeEnv = "SEGC_R8_LOCK_PROBE"

// TestR8ClosingAConnectionKeepsLocks (review R8 of 6161222): SQLite's
// locks on a rollback-journal database are POSIX record locks, which the
// kernel drops for the whole process when the process closes any
// descriptor of the file; SQLite's unix VFS therefore never closes one
// while a lock is held. A connection of the journal VFS that closes (the
// pool drops a reader beyond its idle limit while the pipelined commit's
// transaction is open) must not drop the writer's lock: another process
// must still find the database locked.
func TestR8ClosingAConnectionKeepsLocks(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("POSIX record locks")
	}
	vfs, err := JournalVFS()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE&_busy_timeout=0&vfs="+vfs)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxIdleConns(0) // a connection handed back is closed
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t(x)`); err != nil {
		t.Fatal(err)
	}
	writer, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	for _, q := range []string{`BEGIN IMMEDIATE`, `INSERT INTO t VALUES (1)`} {
		if _, err := writer.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if out := r8Probe(t, path); !strings.Contains(out, "locked") {
		t.Fatalf("before any close, another process wrote: %q", out)
	}
	reader, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	reader.Close() // closed for good: no idle connections
	if out := r8Probe(t, path); !strings.Contains(out, "locked") {
		t.Errorf("after another connection closed, the writer's lock was gone: another process began a write transaction (%q)", out)
	}
	if _, err := writer.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
}

// r8Probe runs TestR8LockProbe in a child process on path and returns
// its output.
func r8Probe(t *testing.T, path string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestR8LockProbe$", "-test.v")
	cmd.Env = append(os.Environ(), r8LockProbeEnv+"="+path)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// TestR8LockProbe is the child process of r8Probe: it tries to begin a
// write transaction on the database named by r8LockProbeEnv and reports
// "locked" or "began".
func TestR8LockProbe(t *testing.T) {
	path := os.Getenv(r8LockProbeEnv)
	if path == "" {
		t.Skip("run by TestR8ClosingAConnectionKeepsLocks")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Logf("probe: locked (%v)", err)
		return
	}
	t.Log("probe: began")
	conn.ExecContext(context.Background(), `ROLLBACK`)
}
