package main

import (
	"fmt"
	"io"
	"time"
)

// dailyReport prints the daily table and its targets: at most 0.2x the
// cold run, and faster than DuckDB's query on its loaded copy (duckQuery,
// zero without the DuckDB peer). It fails when a pair's memberships differ.
func dailyReport(w io.Writer, samples []dailySample, duckQuery time.Duration) error {
	inc := func(s dailySample) measurement { return s.inc }
	cold := func(s dailySample) measurement { return s.cold }
	fmt.Fprintf(w, "\nDaily run: as of %s with about 1%% new events, after a cold run as of %s; median of %d paired runs\n", dailyAsOf, dailyBaseAsOf, len(samples))
	rows := [][]string{
		dailyRow("segc run (incremental)", samples, inc, cold),
		dailyRow("segc run --cold, same data and as-of", samples, cold, cold),
	}
	if duckQuery > 0 {
		rows = append(rows, []string{"DuckDB query only (from the W1 runs above)", secs(duckQuery), "", "", "", ""})
	}
	printTable(w, []string{"what", "time", "cpu", "time / cold", "cpu / cold", "peak memory"}, rows)
	timeRatio := dailyRatio(samples, inc, cold, wallOf)
	cpuRatio := dailyRatio(samples, inc, cold, cpuOf)
	fmt.Fprintln(w, "targets (issue 7):")
	target(w, "daily run at most 0.2x a cold run (time)", timeRatio <= 0.2, fmt.Sprintf("incremental / cold = %s (cpu %s)", ratioText(timeRatio), ratioText(cpuRatio)))
	if duckQuery > 0 {
		daily := dailyMedian(samples, inc, wallOf)
		target(w, "daily run faster than DuckDB's query", daily < duckQuery, fmt.Sprintf("%s vs %s", secs(daily), secs(duckQuery)))
	}
	for i, s := range samples {
		if !s.sameMembers {
			return fmt.Errorf("daily pair %d: the incremental run's segc_members differ from the cold run's", i+1)
		}
	}
	fmt.Fprintln(w, "members: the incremental and the cold run stored identical segc_members in every pair")
	return nil
}

// dailyRow is one table row: medians of a run's time and CPU, its paired
// ratios to the cold run, and its peak memory.
func dailyRow(label string, samples []dailySample, of, cold func(dailySample) measurement) []string {
	var peak int64
	for _, s := range samples {
		peak = max(peak, of(s).maxRSS)
	}
	return []string{label, secs(dailyMedian(samples, of, wallOf)), secs(dailyMedian(samples, of, cpuOf)),
		ratioText(dailyRatio(samples, of, cold, wallOf)), ratioText(dailyRatio(samples, of, cold, cpuOf)), mib(peak)}
}

// wallOf and cpuOf pick a measurement's wall and CPU time.
func wallOf(m measurement) time.Duration { return m.elapsed }
func cpuOf(m measurement) time.Duration  { return m.cpu }

// dailyMedian is the median over the pairs of one run's time.
func dailyMedian(samples []dailySample, of func(dailySample) measurement, t func(measurement) time.Duration) time.Duration {
	return medianOf(samples, func(s dailySample) time.Duration { return t(of(s)) })
}

// dailyRatio is the median over the pairs of a/b.
func dailyRatio(samples []dailySample, a, b func(dailySample) measurement, t func(measurement) time.Duration) float64 {
	return pairedRatio(samples, func(s dailySample) time.Duration { return t(a(s)) }, func(s dailySample) time.Duration { return t(b(s)) })
}
