package segtest

import (
	"fmt"
	"io"
	"strings"
)

// WriteResults prints results the way `go test` does: a `--- FAIL` block
// per failed test with the difference of each failed expect, and, when
// verbose, an `ok` line per passing test and the evaluation warnings of
// failed tests. It returns how many failed.
func WriteResults(w io.Writer, results []Result, verbose bool) int {
	failed := 0
	for _, r := range results {
		if r.Passed() {
			if verbose {
				fmt.Fprintf(w, "ok   %s (%s)\n", r.Test.Name, r.Test.Position())
			}
			continue
		}
		failed++
		writeFailure(w, r)
		if verbose {
			writeWarnings(w, r.Warnings)
		}
	}
	return failed
}

// writeFailure prints one failed test.
func writeFailure(w io.Writer, r Result) {
	t := r.Test
	fmt.Fprintf(w, "--- FAIL: %s (%s)\n", t.Name, t.Position())
	if r.Err != nil {
		fmt.Fprintf(w, "    evaluation failed: %v\n", r.Err)
		return
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "    %s: %s\n", f.Expect.Position(t.File), f.Expect.Text(t.File))
		writeKeys(w, "missing", f.Missing)
		writeKeys(w, extraLabel(f.Expect.Op), f.Extra)
	}
}

// extraLabel names the unwanted members: for excludes they are the listed
// keys that are members anyway.
func extraLabel(op string) string {
	if op == "excludes" {
		return "extra (excluded but members)"
	}
	return "extra"
}

func writeKeys(w io.Writer, label string, keys []string) {
	if len(keys) > 0 {
		fmt.Fprintf(w, "        %s: %s\n", label, strings.Join(keys, ", "))
	}
}

func writeWarnings(w io.Writer, warnings []string) {
	for _, s := range warnings {
		fmt.Fprintf(w, "    warning: %s\n", s)
	}
}

// CoverageNote says which segments no test covers, or that all are.
func CoverageNote(module string, uncovered []string) string {
	if len(uncovered) == 0 {
		return fmt.Sprintf("coverage: %s: every segment is tested", module)
	}
	return fmt.Sprintf("coverage: %s: no test expects anything of %s", module, strings.Join(uncovered, ", "))
}
