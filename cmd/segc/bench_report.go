package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// benchReport prints the ratio table, checks that every peer agrees with
// segc on segment sizes (and scikit-learn on k-means), and states which
// product targets this run meets. It fails when a peer disagrees.
func benchReport(c benchConfig, peers []peerID, samples []benchSample, load string, std stdio) error {
	fmt.Fprintf(std.out, "%s, %d customers, median of %d paired runs (load average %s)\n", c.segments, c.customers, len(samples), load)
	var rows [][]string
	for _, p := range slices.Sorted(slices.Values(peers)) {
		rows = append(rows, []string{peerLabel(p), secs(medianOf(samples, elapsedOf(p))), ratioText(pairedRatio(samples, elapsedOf(p), elapsedOf(peerSegc))), mib(peakRSS(samples, p)), peerNotes(p, samples)})
		if p == peerDuck {
			rows = append(rows, []string{"  DuckDB query only (data loaded)", secs(medianOf(samples, duckQuery)), ratioText(pairedRatio(samples, duckQuery, elapsedOf(peerSegc))), "", ""})
		}
	}
	printTable(std.out, []string{"what", "time", "time / segc", "peak memory", "stages (medians)"}, rows)
	fmt.Fprintln(std.out, "(times are medians; time / segc is the median of the per-run ratios; peak memory is the largest of the runs)")
	var failures []string
	failures = append(failures, checkSizes(peers, samples[len(samples)-1], std.out)...)
	km, kmFail := checkKMeans(peers, samples, std.out)
	failures = append(failures, kmFail...)
	printTargets(std.out, peers, samples, km)
	if len(failures) > 0 {
		return fmt.Errorf("the peers disagree:\n  %s", strings.Join(failures, "\n  "))
	}
	return nil
}

// duckQuery is the DuckDB peer's query time alone, its data loaded.
func duckQuery(s benchSample) time.Duration { return parseStageSeconds(s[peerDuck].stderr)["w1"] }

// duckQueryMedian is duckQuery's median, zero without the DuckDB peer.
func duckQueryMedian(peers []peerID, samples []benchSample) time.Duration {
	if !hasPeer(peers, peerDuck) {
		return 0
	}
	return medianOf(samples, duckQuery)
}

// peerNotes gives a peer's stage times, medians over the runs.
func peerNotes(p peerID, samples []benchSample) string {
	var stages func(measurement) map[string]time.Duration
	switch p {
	case peerSegc:
		stages = func(m measurement) map[string]time.Duration { return segcStages(m) }
	case peerPandas, peerDuck:
		stages = func(m measurement) map[string]time.Duration { return parseStageSeconds(m.stderr) }
	default:
		return ""
	}
	var parts []string
	for _, name := range stageOrder(stages(samples[0][p])) {
		d := medianOf(samples, func(s benchSample) time.Duration { return stages(s[p])[name] })
		_, label, found := strings.Cut(name, ":")
		if !found {
			label = name
		}
		parts = append(parts, fmt.Sprintf("%s %.2fs", label, d.Seconds()))
	}
	return strings.Join(parts, ", ")
}

// segcProgressLine matches `[  1.23s] stage` as `segc run` prints progress.
var segcProgressLine = regexp.MustCompile(`(?m)^\[\s*([0-9.]+)s\] (.+)$`)

// segcStages turns segc's progress lines (stage starts) into durations;
// the last stage lasts until the process ended. Names get an index
// prefix so stageOrder keeps them in run order.
func segcStages(m measurement) map[string]time.Duration {
	found := segcProgressLine.FindAllSubmatch(m.stderr, -1)
	stages := map[string]time.Duration{}
	for i, f := range found {
		start, _ := strconv.ParseFloat(string(f[1]), 64)
		end := m.elapsed.Seconds()
		if i+1 < len(found) {
			end, _ = strconv.ParseFloat(string(found[i+1][1]), 64)
		}
		stages[fmt.Sprintf("%d:%s", i, f[2])] = time.Duration((end - start) * float64(time.Second))
	}
	return stages
}

// segcBackgroundLine matches printBackground's `[background 1.23s] stage`.
var segcBackgroundLine = regexp.MustCompile(`(?m)^\[background ([0-9.]+)s\] (.+)$`)

// segcBackground returns the durations of the stages segc ran alongside
// the others, by name.
func segcBackground(m measurement) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, f := range segcBackgroundLine.FindAllSubmatch(m.stderr, -1) {
		s, _ := strconv.ParseFloat(string(f[1]), 64)
		out[string(f[2])] = time.Duration(s * float64(time.Second))
	}
	return out
}

// stageOrder sorts stage names in run order (see stageIndex).
func stageOrder(stages map[string]time.Duration) []string {
	names := make([]string, 0, len(stages))
	for n := range stages {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return stageIndex(a) - stageIndex(b) })
	return names
}

// stageIndex is the run-order index of a stage name: segc's prefix, or
// the peers' fixed order.
func stageIndex(name string) int {
	if i, _, ok := strings.Cut(name, ":"); ok {
		n, _ := strconv.Atoi(i)
		return n
	}
	return slices.Index([]string{"load", "features", "rules", "cluster", "w1"}, name)
}

// checkSizes compares every peer's W1 rule segment sizes with segc's and
// prints one line per peer.
func checkSizes(peers []peerID, s benchSample, w io.Writer) []string {
	segcSizes := parseSegcSizes(s[peerSegc].stdout)
	var failures []string
	for _, p := range peers {
		var sizes map[string]int
		switch p {
		case peerSQL, peerDuck:
			sizes, _ = parsePipeSizes(s[p].stdout)
		case peerPandas:
			sizes = parseSpaceSizes(s[p].stdout)
		default:
			continue
		}
		if bad := compareSizes(segcSizes, sizes); len(bad) > 0 {
			failures = append(failures, peerLabel(p)+": "+strings.Join(bad, "; "))
			fmt.Fprintf(w, "sizes: %s DISAGREES: %s\n", peerLabel(p), strings.Join(bad, "; "))
			continue
		}
		fmt.Fprintf(w, "sizes: %s agrees on all %d rule segments%s\n", peerLabel(p), len(w1Segments()), boundaryNote(segcSizes, sizes))
	}
	return failures
}

// boundaryNote lists the tolerated differences at percentile boundaries.
func boundaryNote(segc, peer map[string]int) string {
	var diffs []string
	for _, name := range w1Segments() {
		if d := segc[name] - peer[name]; d != 0 {
			diffs = append(diffs, fmt.Sprintf("%s %+d", name, d))
		}
	}
	if len(diffs) == 0 {
		return " (exactly)"
	}
	return " (within one entity per percentile boundary: segc - peer = " + strings.Join(diffs, ", ") + ")"
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

// peakRSS is a peer's largest peak resident memory over the runs.
func peakRSS(samples []benchSample, p peerID) int64 {
	var m int64
	for _, s := range samples {
		m = max(m, s[p].maxRSS)
	}
	return m
}

// medianOf is the median over the samples of one time.
func medianOf[S any](samples []S, pick func(S) time.Duration) time.Duration {
	ds := make([]time.Duration, len(samples))
	for i, s := range samples {
		ds[i] = pick(s)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// elapsedOf picks a peer's wall time from a sample.
func elapsedOf(p peerID) func(benchSample) time.Duration {
	return func(s benchSample) time.Duration { return s[p].elapsed }
}

// pairedRatio is the median over the runs of a/b within each run, since
// only times measured in the same run compare on a noisy machine.
func pairedRatio[S any](samples []S, a, b func(S) time.Duration) float64 {
	rs := make([]float64, len(samples))
	for i, s := range samples {
		rs[i] = a(s).Seconds() / b(s).Seconds()
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

func ratioText(r float64) string { return fmt.Sprintf("%.2fx", r) }

func mib(b int64) string { return fmt.Sprintf("%d MiB", b>>20) }
