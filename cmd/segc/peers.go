package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// w1Segments are the rule segments of workload W1 (bench.md) that the
// hand-written peers compute.
func w1Segments() []string {
	return []string{"big_spenders", "big_spenders_by_country", "cart_abandoners_today", "dormant",
		"email_engaged", "high_value_loyalists", "highly_engaged", "lapsed", "new_users"}
}

// percentileBoundaries gives, for each W1 segment cut by a percentile, how
// many percentile boundaries it has: one per group for `by country` (the
// demo data has 12 countries). bench.md allows one entity of difference per
// boundary. (Ties make this necessary too: w1.sql interpolates as
// a*(1-t) + b*t, which is not exactly a when a = b, so an entity whose value
// equals a tied boundary value can fall on either side; segc uses numpy's
// exact lerp, as product.md requires.)
func percentileBoundaries() map[string]int {
	return map[string]int{"big_spenders": 1, "big_spenders_by_country": 12, "high_value_loyalists": 1, "highly_engaged": 1}
}

// measurement is one timed child process.
type measurement struct {
	elapsed        time.Duration
	cpu            time.Duration // user + system
	maxRSS         int64         // bytes
	stdout, stderr []byte
	kmeans         *kmeansResult // segc's trained model, read from its database
}

// measure runs a command with stdin from the named file (or none) and
// records its wall time and peak resident memory.
//
// The peak comes from GNU time (`/usr/bin/time -f %M`) where it is
// installed: the child's own rusage overstates it, because Go starts
// children sharing this process's memory map until exec (CLONE_VM), and
// Linux carries that map's peak into the child's maxrss at exec. So
// without GNU time a child's peak is never below this process's own (high
// after generating a database in-process).
func measure(ctx context.Context, stdinPath string, name string, args ...string) (measurement, error) {
	rssFile, timeArgs := gnuTimeArgs()
	if rssFile != "" {
		defer os.Remove(rssFile)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	if timeArgs != nil {
		cmd = exec.CommandContext(ctx, timeArgs[0], append(timeArgs[1:], append([]string{name}, args...)...)...)
	}
	if stdinPath != "" {
		f, err := os.Open(stdinPath)
		if err != nil {
			return measurement{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	m := measurement{elapsed: time.Since(start), stdout: out.Bytes(), stderr: errb.Bytes()}
	m.maxRSS, m.cpu = usageOf(cmd, rssFile)
	if err != nil {
		return m, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, lastLines(errb.String(), 10))
	}
	return m, nil
}

// gnuTimeArgs returns a file for GNU time's report and the command prefix
// that writes it, or nothing when GNU time is not installed.
func gnuTimeArgs() (string, []string) {
	const gnuTime = "/usr/bin/time"
	if _, err := os.Stat(gnuTime); err != nil {
		return "", nil
	}
	f, err := os.CreateTemp("", "segc-bench-rss-*")
	if err != nil {
		return "", nil
	}
	f.Close()
	return f.Name(), []string{gnuTime, "-f", "%M %U %S", "-o", f.Name()}
}

// usageOf reads the peak resident memory in bytes and the CPU time:
// GNU time's report (its last line: KB, user and system seconds) when
// there is one, else the child's rusage.
func usageOf(cmd *exec.Cmd, rssFile string) (int64, time.Duration) {
	if rssFile != "" {
		b, _ := os.ReadFile(rssFile)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		var kb int64
		var user, sys float64
		if n, _ := fmt.Sscan(lines[len(lines)-1], &kb, &user, &sys); n == 3 {
			return kb * 1024, time.Duration((user + sys) * float64(time.Second))
		}
	}
	if cmd.ProcessState != nil {
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			return ru.Maxrss * 1024, cpu
		}
		return 0, cpu
	}
	return 0, 0
}

// lastLines keeps the tail of a command's stderr for error messages.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// parsePipeSizes reads `segment|count` lines as printed by sqlite3.
func parsePipeSizes(out []byte) (map[string]int, error) {
	sizes := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		name, count, ok := strings.Cut(sc.Text(), "|")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(count))
		if err != nil {
			return nil, fmt.Errorf("unexpected peer output line %q", sc.Text())
		}
		sizes[name] = n
	}
	return sizes, sc.Err()
}

// parseSpaceSizes reads `segment count` lines as printed by w1_pandas.py,
// skipping its k-means line.
func parseSpaceSizes(out []byte) map[string]int {
	sizes := map[string]int{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		if n, err := strconv.Atoi(f[1]); err == nil {
			sizes[f[0]] = n
		}
	}
	return sizes
}

// parseStageSeconds reads `name=1.23s` tokens, as the pandas and DuckDB
// peers print their stages on stderr.
func parseStageSeconds(out []byte) map[string]time.Duration {
	stages := map[string]time.Duration{}
	for _, tok := range strings.Fields(string(out)) {
		name, val, ok := strings.Cut(tok, "=")
		if !ok || !strings.HasSuffix(val, "s") {
			continue
		}
		if secs, err := strconv.ParseFloat(strings.TrimSuffix(val, "s"), 64); err == nil {
			stages[name] = time.Duration(secs * float64(time.Second))
		}
	}
	return stages
}

// compareSizes checks segc's sizes against a peer's for every W1 segment,
// allowing one entity per percentile boundary. It returns one line per
// disagreement.
func compareSizes(segc, peer map[string]int) []string {
	var bad []string
	for _, name := range w1Segments() {
		a, okA := segc[name]
		b, okB := peer[name]
		tol := percentileBoundaries()[name]
		if !okA || !okB || abs(a-b) > tol {
			bad = append(bad, fmt.Sprintf("%s: segc %s, peer %s", name, sizeText(a, okA), sizeText(b, okB)))
		}
	}
	return bad
}

func sizeText(n int, ok bool) string {
	if !ok {
		return "missing"
	}
	return strconv.Itoa(n)
}

func abs(n int) int { return max(n, -n) }

// copyFile copies a database file so a peer that writes tables leaves the
// original alone.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Flushed now, so that the first commit of the run timed on the copy
	// does not wait for the copy's own pages to reach the disk (0.4-0.5 s
	// of a cold run's first fsync on the 1M database).
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
