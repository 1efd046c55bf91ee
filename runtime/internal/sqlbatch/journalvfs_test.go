package sqlbatch

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// journalRows is how many rows the journal tests write: ~1,500 pages,
// so a transaction journals more than one buffer of pages.
const journalRows = 20000

// openJournalVFS opens path with the journal VFS (or the default one
// when vfs is false) and one connection, so pragmas stick.
func openJournalVFS(t *testing.T, path string, vfs bool, pragmas ...string) *sql.DB {
	t.Helper()
	q := url.Values{}
	if vfs {
		name, err := JournalVFS()
		if err != nil {
			t.Fatal(err)
		}
		q.Set("vfs", name)
	}
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, p := range pragmas {
		mustExec(t, db, p)
	}
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// journalFixture creates table t with journalRows rows, v = 'v' || k,
// in a database of the default VFS, and returns its path.
func journalFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "j.db")
	db := openJournalVFS(t, path, false)
	mustExec(t, db, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
	mustExec(t, db, `CREATE INDEX t_v ON t(v)`)
	mustExec(t, db, `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000)
		INSERT INTO t SELECT k, 'v' || k FROM n`)
	db.Close()
	return path
}

// updateAll rewrites every row (every page of t and t_v changes).
const updateAll = `UPDATE t SET v = 'x' || v || printf('%.40c', '.')`

// checkRows fails unless t holds journalRows rows and changed of them
// start with 'x', and the database is intact.
func checkRows(t *testing.T, db *sql.DB, changed int) {
	t.Helper()
	var n, x int
	var ok string
	err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE v LIKE 'x%') FROM t`).Scan(&n, &x)
	if err == nil {
		err = db.QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n != journalRows || x != changed || ok != "ok" {
		t.Fatalf("rows %d, changed %d, integrity %q; want %d, %d, ok", n, x, ok, journalRows, changed)
	}
}

func TestJournalVFSTransactions(t *testing.T) {
	tests := []struct {
		name    string
		pragmas []string
		end     string
		changed int
	}{
		{"commit", nil, "COMMIT", journalRows},
		{"rollback", nil, "ROLLBACK", 0},
		// A small cache spills changed pages to the database mid-way:
		// the rollback then reads the journal back to restore them.
		{"rollback after spills", []string{"PRAGMA cache_size = 20"}, "ROLLBACK", 0},
		{"commit after spills", []string{"PRAGMA cache_size = 20"}, "COMMIT", journalRows},
		{"truncate mode", []string{"PRAGMA journal_mode = TRUNCATE"}, "COMMIT", journalRows},
		{"persist mode", []string{"PRAGMA journal_mode = PERSIST", "PRAGMA cache_size = 20"}, "ROLLBACK", 0},
		// A WAL database's pages reach it at checkpoints (on close).
		{"wal mode", []string{"PRAGMA journal_mode = WAL"}, "COMMIT", journalRows},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := journalFixture(t)
			db := openJournalVFS(t, path, true, tc.pragmas...)
			mustExec(t, db, "BEGIN IMMEDIATE")
			mustExec(t, db, updateAll)
			mustExec(t, db, tc.end)
			checkRows(t, db, tc.changed)
			db.Close()
			checkRows(t, openJournalVFS(t, path, false), tc.changed)
		})
	}
}

func TestJournalVFSRegistersOnce(t *testing.T) {
	a, errA := JournalVFS()
	b, errB := JournalVFS()
	if errA != nil || errB != nil || a != b || a == "" {
		t.Fatalf("JournalVFS twice: %q %v, %q %v", a, errA, b, errB)
	}
}

// crashEnv names the database the crash helper process works on.
const crashEnv = "SEGC_JOURNALVFS_CRASH_DB"

// TestJournalVFSCrash kills a process in the middle of a transaction
// whose changed pages have reached the database (a small cache spills
// them) with synchronous = OFF, so nothing syncs the journal: only the
// VFS's own writing of the journal before the database's keeps the
// journal complete. The next connection (default VFS) must find the hot
// journal and roll the database back.
func TestJournalVFSCrash(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashMidTransaction(t, path)
		return
	}
	path := journalFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalVFSCrash$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("crash helper: %v\n%s", err, out)
	}
	if _, err := os.Stat(path + "-journal"); err != nil {
		t.Fatalf("the helper left no hot journal: %v", err)
	}
	checkRows(t, openJournalVFS(t, path, false), 0)
}

// crashMidTransaction changes every page of the database at path and
// exits without committing or closing anything.
func crashMidTransaction(t *testing.T, path string) {
	db := openJournalVFS(t, path, true, "PRAGMA synchronous = OFF", "PRAGMA cache_size = 20")
	mustExec(t, db, "BEGIN IMMEDIATE")
	mustExec(t, db, updateAll)
	os.Exit(0)
}
