package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

const benchExamples = `
  segc bench                                  1M customers (generated once into segc-bench.db), 3 paired runs
  segc bench --customers 100000 --runs 5      a quicker look
`

// rawScanSQL is product.md's floor: a plain scan of the events table.
const rawScanSQL = "select count(*), sum(length(ts)), sum(amount) from events"

// benchConfig is the parsed flags of `segc bench`.
type benchConfig struct {
	db, peers, segments, workDir string
	customers, runs              int
}

// runBench implements `segc bench`: W1's rule segments by segc (a cold run
// that writes all membership) against the hand-written SQL peer and the raw
// scan floor, in paired runs on the same machine.
func runBench(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("bench", "[--db PATH] [--customers N] [--runs N] [--peers DIR] [--segments DIR]", benchExamples, std)
	var c benchConfig
	fs.StringVar(&c.db, "db", "segc-bench.db", "bench database; generated when missing or made with other parameters")
	fs.IntVar(&c.customers, "customers", 1_000_000, "customers in the bench database")
	fs.IntVar(&c.runs, "runs", 3, "paired runs; the table shows medians")
	fs.StringVar(&c.peers, "peers", "../shared/peers", "directory holding w1.sql")
	fs.StringVar(&c.segments, "segments", "examples/segments", "module holding the W1 segments")
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

// benchSample is one paired run.
type benchSample struct{ segc, sql, raw measurement }

func bench(ctx context.Context, c benchConfig, std stdio) error {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return fmt.Errorf("the sqlite3 command is needed for the peers: %v", err)
	}
	params := demoParams{customers: c.customers, seed: 1, asOf: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	if err := ensureDemoDB(ctx, c.db, params, progressPrinter(std.err, false)); err != nil {
		return err
	}
	work, err := os.MkdirTemp(filepath.Dir(c.db), ".segc-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	c.workDir = work
	var samples []benchSample
	for i := range c.runs {
		fmt.Fprintf(std.err, "paired run %d of %d\n", i+1, c.runs)
		s, err := benchOnce(ctx, c)
		if err != nil {
			return err
		}
		samples = append(samples, s)
	}
	return benchReport(c, samples, std)
}

// benchOnce runs the raw scan, a cold segc run and w1.sql, each on its own
// fresh copy of the database.
func benchOnce(ctx context.Context, c benchConfig) (benchSample, error) {
	var s benchSample
	var err error
	if s.raw, err = measure(ctx, "", "sqlite3", c.db, rawScanSQL); err != nil {
		return s, err
	}
	exe, err := os.Executable()
	if err != nil {
		return s, err
	}
	segcDB, sqlDB := filepath.Join(c.workDir, "segc.db"), filepath.Join(c.workDir, "sql.db")
	if err := copyFile(segcDB, c.db); err != nil {
		return s, err
	}
	if err := dropStoredRuns(ctx, segcDB); err != nil {
		return s, err
	}
	if s.segc, err = measure(ctx, "", exe, "run", "--quiet", "--db", segcDB, "--as-of", "2026-06-30", c.segments); err != nil {
		return s, err
	}
	os.Remove(segcDB)
	if err := copyFile(sqlDB, c.db); err != nil {
		return s, err
	}
	s.sql, err = measure(ctx, filepath.Join(c.peers, "w1.sql"), "sqlite3", sqlDB)
	os.Remove(sqlDB)
	return s, err
}

// benchReport checks that sizes agree and prints the ratio table.
func benchReport(c benchConfig, samples []benchSample, std stdio) error {
	last := samples[len(samples)-1]
	segcSizes := parseSegcSizes(last.segc.stdout)
	sqlSizes, err := parsePipeSizes(last.sql.stdout)
	if err != nil {
		return err
	}
	segcT := median(samples, func(s benchSample) time.Duration { return s.segc.elapsed })
	sqlT := median(samples, func(s benchSample) time.Duration { return s.sql.elapsed })
	rawT := median(samples, func(s benchSample) time.Duration { return s.raw.elapsed })
	fmt.Fprintf(std.out, "W1 rule segments, %d customers, median of %d paired runs\n", c.customers, len(samples))
	printTable(std.out, []string{"what", "time", "vs w1.sql", "vs raw scan", "peak memory"}, [][]string{
		{"segc run (cold, writes membership)", secs(segcT), ratio(segcT, sqlT), ratio(segcT, rawT), mib(last.segc.maxRSS)},
		{"w1.sql in sqlite3", secs(sqlT), ratio(sqlT, sqlT), ratio(sqlT, rawT), mib(last.sql.maxRSS)},
		{"raw scan of events in sqlite3", secs(rawT), ratio(rawT, sqlT), ratio(rawT, rawT), mib(last.raw.maxRSS)},
	})
	if bad := compareSizes(segcSizes, sqlSizes); len(bad) > 0 {
		return fmt.Errorf("segment sizes disagree with w1.sql:\n  %s", strings.Join(bad, "\n  "))
	}
	fmt.Fprintf(std.out, "segment sizes agree with w1.sql on all %d W1 segments\n", len(w1Segments()))
	return nil
}

// parseSegcSizes reads the size column of `segc run`'s table.
func parseSegcSizes(out []byte) map[string]int {
	sizes := map[string]int{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 {
			if n, err := strconv.Atoi(f[1]); err == nil {
				sizes[f[0]] = n
			}
		}
	}
	return sizes
}

func median(samples []benchSample, pick func(benchSample) time.Duration) time.Duration {
	ds := make([]time.Duration, len(samples))
	for i, s := range samples {
		ds[i] = pick(s)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func ratio(a, b time.Duration) string { return fmt.Sprintf("%.2fx", a.Seconds()/b.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%d MiB", b>>20) }

// dropStoredRuns removes segc's own tables from a copy of the bench
// database, so the timed run is a cold one that writes all membership.
func dropStoredRuns(ctx context.Context, path string) error {
	db, err := openDB(ctx, path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, t := range []string{"segc_runs", "segc_members", "segc_changes", "segc_thresholds", "segc_states", "segc_models"} {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			return err
		}
	}
	return nil
}
