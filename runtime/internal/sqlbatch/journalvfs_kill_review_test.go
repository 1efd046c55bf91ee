package sqlbatch

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// killEnv names the mode and database of the kill-loop helper process.
const killEnv = "SEGC_JOURNALVFS_KILL"

// killModes are the connection settings the kill loop commits under:
// synchronous = OFF everywhere (a sync would write every gathered byte
// and hide an ordering bug), small caches so pages spill mid-transaction,
// the journal modes, auto_vacuum (commits that shrink the file), mmap
// reads, WAL with frequent checkpoints and an attached second database
// (one transaction over two files, through a super-journal).
var killModes = map[string][]string{
	"delete spill":   {"PRAGMA cache_size = 20"},
	"delete cached":  {"PRAGMA cache_size = -100000"},
	"truncate spill": {"PRAGMA journal_mode = TRUNCATE", "PRAGMA cache_size = 20"},
	"persist spill":  {"PRAGMA journal_mode = PERSIST", "PRAGMA cache_size = 20"},
	"exclusive":      {"PRAGMA locking_mode = EXCLUSIVE", "PRAGMA cache_size = 50"},
	"mmap spill":     {"PRAGMA mmap_size = 268435456", "PRAGMA cache_size = 20"},
	"autovacuum":     {"PRAGMA cache_size = 50"},
	"wal":            {"PRAGMA journal_mode = WAL", "PRAGMA wal_autocheckpoint = 50", "PRAGMA cache_size = 20"},
	"attach":         {"PRAGMA cache_size = 20"},
	// Two helper processes commit in turn; one is killed first, and the
	// other (through the VFS) rolls its hot journal back before it is
	// killed in turn.
	"two writers": {"PRAGMA busy_timeout = 10000", "PRAGMA cache_size = 20"},
}

// TestJournalVFSReviewKillLoop starts a helper that commits generation
// after generation (every row of t and of the attached copy moves to the
// next generation; odd generations add rows to x, even ones delete them,
// so the file grows and shrinks) and kills it with SIGKILL at a random
// moment, several times per mode. Each time the next connection (default
// VFS) must find an intact database holding exactly one generation.
func TestJournalVFSReviewKillLoop(t *testing.T) {
	if env := os.Getenv(killEnv); env != "" {
		mode, path, _ := strings.Cut(env, "|")
		commitForever(t, mode, path)
		return
	}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for mode := range killModes {
		t.Run(mode, func(t *testing.T) {
			path := killFixture(t, mode)
			helpers := 1
			if mode == "two writers" {
				helpers = 2
			}
			for i := 0; i < rounds; i++ {
				var cmds []*exec.Cmd
				for range helpers {
					cmd := exec.Command(os.Args[0], "-test.run=^TestJournalVFSReviewKillLoop$")
					cmd.Env = append(os.Environ(), killEnv+"="+mode+"|"+path)
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					cmds = append(cmds, cmd)
				}
				for _, cmd := range cmds {
					time.Sleep(time.Duration(150+rand.IntN(700)) * time.Millisecond)
					cmd.Process.Kill()
					cmd.Wait()
				}
				recoverThroughVFS(t, path)
				g := checkGeneration(t, path, mode)
				t.Logf("round %d: generation %d", i, g)
			}
		})
	}
}

// killFixture creates t (20,000 rows of generation 0, indexed on v) and an
// empty x, and for "attach" a second database a.db beside it alike.
func killFixture(t *testing.T, mode string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"k.db", "a.db"} {
		db := openJournalVFS(t, filepath.Join(dir, name), false)
		if mode == "autovacuum" {
			mustExec(t, db, "PRAGMA auto_vacuum = FULL")
		}
		mustExec(t, db, `CREATE TABLE t (k INTEGER PRIMARY KEY, g INTEGER NOT NULL, v TEXT NOT NULL)`)
		mustExec(t, db, `CREATE INDEX t_v ON t(v)`)
		mustExec(t, db, `CREATE TABLE x (k INTEGER PRIMARY KEY, g INTEGER NOT NULL, b BLOB)`)
		mustExec(t, db, `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000)
			INSERT INTO t SELECT k, 0, 'v' || k FROM n`)
		db.Close()
	}
	return filepath.Join(dir, "k.db")
}

// generationSQL moves every row of a database's t to generation g+1 and
// adds (g+1 odd) or deletes (even) x's rows.
func generationSQL(schema string) []string {
	return []string{
		fmt.Sprintf(`UPDATE %s.t SET g = g + 1, v = printf('%%d-%%s', g + 1, substr(v, 1, 8)) || substr('................................', 1, abs(random()) %% 30)`, schema),
		fmt.Sprintf(`INSERT INTO %s.x SELECT k, g, randomblob(300) FROM %s.t WHERE k <= 3000 AND g %% 2 = 1`, schema, schema),
		fmt.Sprintf(`DELETE FROM %s.x WHERE (SELECT g FROM %s.t WHERE k = 1) %% 2 = 0`, schema, schema),
	}
}

// commitForever is the helper: it commits generations until killed.
func commitForever(t *testing.T, mode, path string) {
	db := openJournalVFS(t, path, true, append([]string{"PRAGMA synchronous = OFF"}, killModes[mode]...)...)
	schemas := []string{"main"}
	if mode == "attach" {
		mustExec(t, db, fmt.Sprintf("ATTACH '%s' AS a", filepath.Join(filepath.Dir(path), "a.db")))
		mustExec(t, db, "PRAGMA a.synchronous = OFF")
		mustExec(t, db, "PRAGMA a.cache_size = 20")
		schemas = append(schemas, "a")
	}
	for i := 0; ; i++ {
		mustExec(t, db, "BEGIN IMMEDIATE")
		for _, s := range schemas {
			for _, q := range generationSQL(s) {
				mustExec(t, db, q)
			}
		}
		if i%5 == 4 {
			mustExec(t, db, "ROLLBACK")
			continue
		}
		mustExec(t, db, "COMMIT")
	}
}

// recoverThroughVFS opens the database through the journal VFS and reads
// it, so that the VFS itself rolls back a hot journal the kill left.
func recoverThroughVFS(t *testing.T, path string) {
	t.Helper()
	db := openJournalVFS(t, path, true)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil {
		t.Fatalf("reading through the VFS after the kill: %v", err)
	}
	db.Close()
}

// checkGeneration fails unless the database (and a.db for "attach") is
// intact and holds one generation in t, with x matching it; it returns
// the generation.
func checkGeneration(t *testing.T, path, mode string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	schemas := []string{"main"}
	if mode == "attach" {
		mustExec(t, db, fmt.Sprintf("ATTACH '%s' AS a", filepath.Join(filepath.Dir(path), "a.db")))
		schemas = append(schemas, "a")
	}
	want := -1
	for _, s := range schemas {
		var ok string
		var n, gens, g, nx, xbad int
		if err := db.QueryRow(fmt.Sprintf("PRAGMA %s.integrity_check", s)).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		q := fmt.Sprintf(`SELECT count(*), count(DISTINCT g), max(g), (SELECT count(*) FROM %[1]s.x), (SELECT count(*) FROM %[1]s.x WHERE g != (SELECT max(g) FROM %[1]s.t)) FROM %[1]s.t`, s)
		if err := db.QueryRow(q).Scan(&n, &gens, &g, &nx, &xbad); err != nil {
			t.Fatal(err)
		}
		wantX := 0
		if g%2 == 1 {
			wantX = 3000
		}
		if ok != "ok" || n != 20000 || gens != 1 || nx != wantX || xbad != 0 || (want >= 0 && g != want) {
			t.Fatalf("%s after the kill: integrity %q, rows %d, generations %d (max %d, other db %d), x rows %d (want %d), x of another generation %d",
				s, ok, n, gens, g, want, nx, wantX, xbad)
		}
		want = g
	}
	return want
}
