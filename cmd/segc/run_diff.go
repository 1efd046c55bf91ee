package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/store"
)

// diffTarget is what `segc run --diff` compares the new membership with:
// the membership before this run (neither set), the membership as of a
// stored run, or another database's stored membership.
type diffTarget struct {
	runID int64
	db    string
}

// parseDiffTarget reads --diff and --against; nil means no diff. An
// --against value that is an integer is a run id, anything else a path.
func parseDiffTarget(diff bool, against string) (*diffTarget, error) {
	if against == "" {
		if diff {
			return &diffTarget{}, nil
		}
		return nil, nil
	}
	if id, err := strconv.ParseInt(against, 10, 64); err == nil {
		if id <= 0 {
			return nil, fmt.Errorf("--against %d: run ids start at 1", id)
		}
		return &diffTarget{runID: id}, nil
	}
	if _, err := os.Stat(against); err != nil {
		return nil, fmt.Errorf("--against %q is neither a run id nor an existing database: %v", against, unwrapPathError(err))
	}
	return &diffTarget{db: against}, nil
}

// printDiff prints the membership diff of a run against target.
func printDiff(ctx context.Context, db *sql.DB, res *batch.Result, target *diffTarget, std stdio) int {
	sum, label, err := diffSummary(ctx, db, res, target)
	if err != nil {
		fmt.Fprintf(std.err, "segc run: --diff: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(std.out, "\nmembership diff against %s:\n", label)
	writeDiff(std.out, sum)
	return exitOK
}

// diffSummary computes the diff against target and names what it is
// against.
func diffSummary(ctx context.Context, db *sql.DB, res *batch.Result, target *diffTarget) (*store.Summary, string, error) {
	out := res.Evaluation.Outcome
	switch {
	case target.runID > 0:
		m, err := store.MembershipAt(ctx, db, target.runID)
		if err != nil {
			return nil, "", err
		}
		sum, err := m.Diff(out)
		return sum, fmt.Sprintf("run %d", target.runID), err
	case target.db != "":
		other, err := openExistingDB(ctx, target.db, true)
		if err != nil {
			return nil, "", err
		}
		defer other.Close()
		sum, err := store.Preview(ctx, other, out)
		return sum, "the stored membership of " + target.db, err
	}
	return res.Summary, "the stored membership before this run", nil
}

// writeDiff prints one line per changed segment with its counts, then
// the example ids that entered and exited, then the unchanged segments.
func writeDiff(w io.Writer, sum *store.Summary) {
	var unchanged []string
	for _, s := range sum.Segments {
		if s.Entered == 0 && s.Exited == 0 && !s.Baseline {
			unchanged = append(unchanged, s.Name)
			continue
		}
		fmt.Fprintf(w, "%s: %s\n", s.Name, diffCounts(s))
		writeSample(w, "entered", s.Entered, s.EnteredSample)
		writeSample(w, "exited", s.Exited, s.ExitedSample)
	}
	if len(unchanged) > 0 {
		fmt.Fprintf(w, "unchanged: %s\n", strings.Join(unchanged, ", "))
	}
}

// diffCounts is "+3 -1", with what a new or removed segment means.
func diffCounts(s store.SegmentSummary) string {
	c := fmt.Sprintf("+%d -%d", s.Entered, s.Exited)
	switch {
	case s.Removed:
		return c + " (no longer defined: every member exits)"
	case s.Baseline:
		return c + " (new segment: every member enters)"
	}
	return c
}

// writeSample prints "    entered: 4, 6, 9 and 12 more".
func writeSample(w io.Writer, what string, n int, sample []any) {
	if n == 0 {
		return
	}
	ids := make([]string, len(sample))
	for i, k := range sample {
		ids[i] = keyText(k)
	}
	more := ""
	if rest := n - len(sample); rest > 0 {
		more = fmt.Sprintf(" and %d more", rest)
	}
	fmt.Fprintf(w, "    %s: %s%s\n", what, strings.Join(ids, ", "), more)
}

// keyText shows an int key as digits and a text key quoted.
func keyText(k any) string {
	if s, ok := k.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(k)
}
