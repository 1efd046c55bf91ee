package sqlbatch

import (
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// faultsEnv names the fixture the write-fault helper process copies.
const faultsEnv = "SEGC_JOURNALVFS_FAULTS_DB"

// TestJournalVFSReviewWriteFaults commits, through the journal VFS, a
// transaction that rewrites every page and grows the file, under file
// size limits drawn at random around the database's and the journal's
// sizes (from half to five and a half times the database's: the journal,
// the rewritten and grown database and the rollback each cross some), with synchronous OFF or FULL, DELETE or PERSIST
// journals, normal or exclusive locking. After the limit is lifted and the
// connection closed, the database must be intact and hold either every
// change or none (all or nothing), and the outcome must match the COMMIT's
// result: every change only when COMMIT succeeded.
func TestJournalVFSReviewWriteFaults(t *testing.T) {
	if path := os.Getenv(faultsEnv); path != "" {
		writeFaultTrials(t, path)
		return
	}
	path := journalFixture(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalVFSReviewWriteFaults$", "-test.v")
	cmd.Env = append(os.Environ(), faultsEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("helper:\n%s", out)
	}
}

// writeFaultTrials runs the trials in the helper process.
func writeFaultTrials(t *testing.T, fixture string) {
	signal.Ignore(syscall.SIGXFSZ)
	st, err := os.Stat(fixture)
	if err != nil {
		t.Fatal(err)
	}
	size := st.Size()
	rng := rand.New(rand.NewPCG(1, 2))
	modes := [][]string{
		{"PRAGMA synchronous = OFF"},
		{"PRAGMA synchronous = FULL"},
		{"PRAGMA synchronous = OFF", "PRAGMA journal_mode = PERSIST"},
		{"PRAGMA synchronous = OFF", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA cache_size = -200000"},
		{"PRAGMA synchronous = OFF", "PRAGMA cache_size = 30"},
		{"PRAGMA synchronous = FULL", "PRAGMA cache_size = 30"},
	}
	outcomes := map[string]int{}
	for trial := range 96 {
		mode := modes[trial/2%len(modes)]
		path := filepath.Join(t.TempDir(), "f.db")
		copyFixture(t, fixture, path)
		limit := size/2 + rng.Int64N(5*size)
		late := trial%2 == 1
		if late { // set before COMMIT, past the journal written so far
			limit = rng.Int64N(150 << 10)
		}
		committed := faultyCommit(t, path, mode, limit, late)
		changed := changedRows(t, path)
		outcomes[fmt.Sprintf("commit ok %t, changed %d", committed, changed)]++
		if changed != 0 && changed != journalRows || committed && changed != journalRows || !committed && changed != 0 {
			t.Errorf("trial %d %v, limit %d of a %d-byte database: COMMIT ok %t, %d rows changed", trial, mode, limit, size, committed, changed)
		}
	}
	t.Logf("outcomes: %v", outcomes)
	if outcomes["commit ok true, changed 20000"] == 0 || outcomes["commit ok false, changed 0"] == 0 {
		t.Error("the limits never let a commit through, or never failed one")
	}
}

// faultyCommit runs the transaction under the size limit and reports
// whether COMMIT succeeded; it lifts the limit and closes the connection.
// With late, the limit is set right before COMMIT, limit bytes past the
// journal's size on disk then (its gathered tail, if any, is not on disk).
func faultyCommit(t *testing.T, path string, pragmas []string, limit int64, late bool) bool {
	db := openJournalVFS(t, path, true, append(pragmas, "CREATE TABLE IF NOT EXISTS grow(b BLOB)")...)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	setLimit := func(at int64) {
		limited := old
		limited.Cur = uint64(at)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
			t.Fatal(err)
		}
	}
	if !late {
		setLimit(limit)
	}
	ok := false
	err := execAll(db, "BEGIN IMMEDIATE", updateAll, "INSERT INTO grow VALUES (zeroblob(200000))")
	if err == nil && late {
		st, err := os.Stat(path + "-journal")
		if err != nil {
			t.Fatal(err)
		}
		setLimit(st.Size() + 1 + limit)
	}
	if err == nil {
		_, err = db.Exec("COMMIT")
		ok = err == nil
	}
	if !ok {
		db.Exec("ROLLBACK")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return ok
}

// execAll runs the statements in order, up to the first error.
func execAll(db *sql.DB, qs ...string) error {
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

// changedRows checks the database at path is intact (default VFS, which
// rolls back a hot journal) and returns how many rows of t changed.
func changedRows(t *testing.T, path string) int {
	t.Helper()
	db := openJournalVFS(t, path, false)
	defer db.Close()
	var n, x int
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity %q %v", ok, err)
		return -1
	}
	if err := db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE v LIKE 'x%') FROM t`).Scan(&n, &x); err != nil || n != journalRows {
		t.Errorf("rows %d %v", n, err)
		return -1
	}
	return x
}

// copyFixture copies the fixture database to path.
func copyFixture(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
