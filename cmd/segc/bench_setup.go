package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// peerID names one program that `segc bench` times.
type peerID int

const (
	peerSegc   peerID = iota // segc run, cold
	peerSQL                  // w1.sql in sqlite3
	peerPandas               // w1_pandas.py (pandas + scikit-learn)
	peerDuck                 // the DuckDB peer, loading CSV then querying
	peerRaw                  // the raw scan of the events table
)

// peerLabel is a peer's row label in the report.
func peerLabel(p peerID) string {
	return [...]string{
		peerSegc:   "segc run (cold, writes membership)",
		peerSQL:    "w1.sql in sqlite3 (rules only)",
		peerPandas: "w1_pandas.py (pandas + sklearn)",
		peerDuck:   "DuckDB peer (CSV load + query)",
		peerRaw:    "raw scan of events in sqlite3",
	}[p]
}

// benchPeers checks what the peers need and returns the ones to run, in
// the order a paired run runs them. Optional peers that cannot run are
// skipped with a note; missing required ones are errors.
func benchPeers(ctx context.Context, c *benchConfig, note func(string)) ([]peerID, error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return nil, fmt.Errorf("the sqlite3 command is needed for the peers (apt-get install -y sqlite3): %v", err)
	}
	for _, f := range []string{filepath.Join(c.peers, "w1.sql"), c.segments} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("%v; run from the repository root, or give --peers and --segments", err)
		}
	}
	exe, err := segcExecutable()
	if err != nil {
		return nil, err
	}
	c.exe = exe
	peers := []peerID{peerRaw, peerSegc, peerSQL}
	if ok := pandasUsable(ctx, c, note); ok {
		peers = append(peers, peerPandas)
	}
	if ok := duckUsable(c, note); ok {
		peers = append(peers, peerDuck)
	}
	return peers, nil
}

// pandasUsable reports whether c.python can run w1_pandas.py.
func pandasUsable(ctx context.Context, c *benchConfig, note func(string)) bool {
	if c.python == "" {
		note("pandas peer skipped: --python is empty")
		return false
	}
	out, err := exec.CommandContext(ctx, c.python, "-c", "import pandas, sklearn").CombinedOutput()
	if err != nil {
		note(fmt.Sprintf("pandas peer skipped: %s cannot import pandas and sklearn (%v: %s); install them with apt-get install -y python3-sklearn python3-pandas",
			c.python, err, lastLines(string(out), 1)))
		return false
	}
	return true
}

// duckUsable reports whether the DuckDB peer binary was given and exists.
func duckUsable(c *benchConfig, note func(string)) bool {
	if c.duckdb == "" {
		note("DuckDB peer skipped: no --duckdb binary (build it as the header of " + filepath.Join(c.peers, "duckdb", "main.go") + " says)")
		return false
	}
	if _, err := os.Stat(c.duckdb); err != nil {
		note(fmt.Sprintf("DuckDB peer skipped: %v", err))
		return false
	}
	return true
}

// segcExecutable is the segc binary that the timed `segc run` executes:
// this program. Under testscript, this program is a test binary that acts
// as segc only when called by the `segc` name on PATH, so that name is
// preferred when it is the same file.
func segcExecutable() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find the segc binary to time: %v", err)
	}
	named, err := exec.LookPath(os.Args[0])
	if err != nil {
		return self, nil
	}
	a, errA := os.Stat(named)
	b, errB := os.Stat(self)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return filepath.Abs(named)
	}
	return self, nil
}

// prepareDuckCSV exports the two tables to CSV for the DuckDB peer, once
// per bench database: CSVs newer than the database are reused. The export
// is not timed (the peer's own header treats it as a preparation step).
func prepareDuckCSV(ctx context.Context, c *benchConfig, peers []peerID, progress func(string)) error {
	if !hasPeer(peers, peerDuck) {
		return nil
	}
	c.csvDir = strings.TrimSuffix(c.db, filepath.Ext(c.db)) + ".csv"
	if err := os.MkdirAll(c.csvDir, 0o755); err != nil {
		return err
	}
	dbInfo, err := os.Stat(c.db)
	if err != nil {
		return err
	}
	for _, table := range []string{"customers", "events"} {
		path := filepath.Join(c.csvDir, table+".csv")
		if fi, err := os.Stat(path); err == nil && fi.ModTime().After(dbInfo.ModTime()) {
			progress("reusing " + path)
			continue
		}
		progress("exporting " + table + " to " + path + " for the DuckDB peer")
		if err := exportCSV(ctx, c.db, table, path); err != nil {
			return err
		}
	}
	return nil
}

// exportCSV writes one table as CSV with a header, through a temporary
// file so an interrupted export is never reused.
func exportCSV(ctx context.Context, db, table, path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "sqlite3", "-header", "-csv", db, "select * from "+table)
	cmd.Stdout = f
	var errb strings.Builder
	cmd.Stderr = &errb
	runErr := cmd.Run()
	if err := f.Close(); runErr == nil {
		runErr = err
	}
	if runErr != nil {
		os.Remove(tmp)
		return fmt.Errorf("exporting %s to CSV: %v %s", table, runErr, errb.String())
	}
	return os.Rename(tmp, path)
}

func hasPeer(peers []peerID, p peerID) bool {
	for _, q := range peers {
		if q == p {
			return true
		}
	}
	return false
}
