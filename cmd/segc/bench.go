package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/segc/segc/runtime/sqlrows"
)

const benchExamples = `
  segc bench                                  1M customers (generated once into segc-bench.db), 3 paired runs
  segc bench --customers 100000 --runs 5      a quicker look
  segc bench --duckdb /tmp/duckpeer/duckpeer  also the DuckDB peer (built from ../shared/peers/duckdb)
  segc bench --python ''                      without the pandas peer
  segc bench --daily                          also the daily incremental run against --cold and DuckDB's query
`

// rawScanSQL is product.md's floor: a plain scan of the events table.
const rawScanSQL = "select count(*), sum(length(ts)), sum(amount) from events"

// benchConfig is the parsed flags of `segc bench`.
type benchConfig struct {
	db, peers, segments, python, duckdb string
	customers, runs                     int
	daily                               bool
	exe, workDir, csvDir                string // resolved by bench, not flags
}

// runBench implements `segc bench`: workload W1 with k-means by segc (a
// cold run that writes all membership) against the hand-written peers and
// the raw scan floor, in paired runs on the same machine.
func runBench(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bench", "[--db PATH] [--customers N] [--runs N] [--peers DIR] [--segments DIR] [--python PATH] [--duckdb PATH] [--daily]", benchExamples, std)
	var c benchConfig
	fs.StringVar(&c.db, "db", "segc-bench.db", "bench database; generated when missing or made with other parameters")
	fs.IntVar(&c.customers, "customers", 1_000_000, "customers in the bench database")
	fs.IntVar(&c.runs, "runs", 3, "paired runs; the table shows medians")
	fs.StringVar(&c.peers, "peers", "../shared/peers", "directory holding w1.sql and w1_pandas.py")
	fs.StringVar(&c.segments, "segments", "examples/w1", "module holding workload W1 (rule segments and the rfm cluster)")
	fs.StringVar(&c.python, "python", "/usr/bin/python3", "Python with pandas and scikit-learn for w1_pandas.py; empty skips that peer")
	fs.StringVar(&c.duckdb, "duckdb", "", "built DuckDB peer binary (see the header of ../shared/peers/duckdb/main.go); empty skips it")
	fs.BoolVar(&c.daily, "daily", false, "also time the daily incremental run (as-of +1 day, 1% new events) against a cold run at the same as-of and DuckDB's query")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if c.runs < 1 {
		return usageError(fs, "--runs must be at least 1")
	}
	if err := bench(ctx, c, std); err != nil {
		fmt.Fprintf(std.err, "segc bench: %v\n", err)
		return exitFindings
	}
	return exitOK
}

// bench prepares the database and the peers, runs the paired runs and
// reports.
func bench(ctx context.Context, c benchConfig, std stdio) error {
	progress := progressPrinter(std.err, false)
	peers, err := benchPeers(ctx, &c, progress)
	if err != nil {
		return err
	}
	params := demoParams{customers: c.customers, seed: 1, asOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	if err := ensureDemoDB(ctx, c.db, params, progress); err != nil {
		return err
	}
	if err := prepareDuckCSV(ctx, &c, peers, progress); err != nil {
		return err
	}
	work, err := os.MkdirTemp(filepath.Dir(c.db), ".segc-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	c.workDir = work
	load := loadAverage()
	var samples []benchSample
	for i := range c.runs {
		progress(fmt.Sprintf("paired run %d of %d", i+1, c.runs))
		s, err := benchOnce(ctx, c, peers)
		if err != nil {
			return err
		}
		samples = append(samples, s)
	}
	if err := benchReport(c, peers, samples, load+" -> "+loadAverage(), std); err != nil || !c.daily {
		return err
	}
	daily, err := benchDaily(ctx, c, progress)
	if err != nil {
		return err
	}
	return dailyReport(std.out, daily, duckQueryMedian(peers, samples))
}

// benchSample is one paired run: one measurement per peer.
type benchSample map[peerID]measurement

// benchOnce runs every peer once, each on the original database (the
// read-only ones) or its own fresh copy (those that write).
func benchOnce(ctx context.Context, c benchConfig, peers []peerID) (benchSample, error) {
	s := benchSample{}
	for _, p := range peers {
		m, err := runPeer(ctx, c, p)
		if err != nil {
			return nil, err
		}
		s[p] = m
	}
	return s, nil
}

// runPeer runs one peer once.
func runPeer(ctx context.Context, c benchConfig, p peerID) (measurement, error) {
	switch p {
	case peerRaw:
		return measure(ctx, "", "sqlite3", c.db, rawScanSQL)
	case peerSegc:
		return runSegcCold(ctx, c)
	case peerSQL:
		return onCopy(c, "sql.db", func(db string) (measurement, error) {
			return measure(ctx, filepath.Join(c.peers, "w1.sql"), "sqlite3", db)
		})
	case peerPandas:
		return measure(ctx, "", c.python, filepath.Join(c.peers, "w1_pandas.py"), c.db)
	case peerDuck:
		return measure(ctx, "", c.duckdb, filepath.Join(c.csvDir, "customers.csv"), filepath.Join(c.csvDir, "events.csv"))
	}
	return measurement{}, fmt.Errorf("unknown peer %d", p)
}

// runSegcCold times `segc run` on a copy without stored runs, so it is a
// cold run that writes all membership, and reads back the cluster model it
// trained.
func runSegcCold(ctx context.Context, c benchConfig) (measurement, error) {
	return onCopy(c, "segc.db", func(db string) (measurement, error) {
		if err := dropStoredRuns(ctx, db); err != nil {
			return measurement{}, err
		}
		m, err := measure(ctx, "", c.exe, "run", "--db", db, "--as-of", "2026-06-30", c.segments)
		if err != nil {
			return m, err
		}
		m.kmeans, err = readSegcKMeans(ctx, db)
		return m, err
	})
}

// onCopy runs f on a fresh copy of the bench database, removed afterwards.
func onCopy(c benchConfig, name string, f func(db string) (measurement, error)) (measurement, error) {
	return onCopyOf(c, c.db, name, f)
}

// onCopyOf runs f on a fresh copy of src in the work directory, removed
// afterwards.
func onCopyOf(c benchConfig, src, name string, f func(db string) (measurement, error)) (measurement, error) {
	path := filepath.Join(c.workDir, name)
	defer os.Remove(path)
	if err := copyFile(path, src); err != nil {
		return measurement{}, err
	}
	return f(path)
}

// dropStoredRuns removes segc's own tables (every segc_ table but the
// demo parameters) from a copy of the bench database, so the timed run is
// a cold one that writes all membership.
func dropStoredRuns(ctx context.Context, path string) error {
	db, err := openDB(ctx, path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := sqlrows.Strings(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'segc\_%' ESCAPE '\' AND name <> 'segc_demo'`)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := db.ExecContext(ctx, `DROP TABLE "`+t+`"`); err != nil {
			return err
		}
	}
	return nil
}

// loadAverage is the 1-minute load average, for the report.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil || len(b) == 0 {
		return "?"
	}
	var one string
	fmt.Sscan(string(b), &one)
	return one
}
