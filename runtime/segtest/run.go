package segtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/runtime/batch"
	"github.com/segc/segc/runtime/holdout"
	"github.com/segc/segc/runtime/store"
)

// Options control which tests run and where their databases go.
type Options struct {
	// Match selects tests by name; nil runs every test.
	Match func(name string) bool
	// TempDir holds the fixture databases; "" is os.TempDir().
	TempDir string
}

// Result is the outcome of one test: it passed when Err is nil and
// Failures is empty.
type Result struct {
	Test     *Test
	Failures []Failure
	// Err is an error that kept the evaluation from finishing, such as a
	// value the runtime cannot read.
	Err      error
	Warnings []string
	Elapsed  time.Duration
}

// Passed reports whether the test passed.
func (r Result) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// Failure is one expect line that did not hold: Missing are expected
// members that are not members, Extra are members that are not expected
// (for ==) or that the line excludes.
type Failure struct {
	Expect  *Expectation
	Missing []string
	Extra   []string
}

// Run runs the selected tests in source order, each against its own fresh
// database, and returns their results.
func (s *Suite) Run(ctx context.Context, reg *builtins.Registry, opts Options) []Result {
	var out []Result
	for _, t := range s.Tests {
		if opts.Match != nil && !opts.Match(t.Name) {
			continue
		}
		start := time.Now()
		r := s.runOne(ctx, reg, t, opts.TempDir)
		r.Elapsed = time.Since(start)
		out = append(out, r)
	}
	return out
}

// runOne builds the test's database, evaluates and compares.
func (s *Suite) runOne(ctx context.Context, reg *builtins.Registry, t *Test, tempDir string) Result {
	r := Result{Test: t}
	members, warnings, err := s.evaluate(ctx, reg, t, tempDir)
	if err != nil {
		r.Err = err
		return r
	}
	r.Warnings = warnings
	for _, x := range t.Expect {
		if f, ok := compare(x, members[x.Segment]); !ok {
			r.Failures = append(r.Failures, f)
		}
	}
	return r
}

// evaluate runs the plan on the test's fixtures and returns each stored
// segment's members as key texts.
func (s *Suite) evaluate(ctx context.Context, reg *builtins.Registry, t *Test, tempDir string) (map[string]map[string]bool, []string, error) {
	dir, err := os.MkdirTemp(tempDir, "segtest-")
	if err != nil {
		return nil, nil, fmt.Errorf("cannot create a fixture database: %w", err)
	}
	defer os.RemoveAll(dir)
	db, err := openFixtureDB(ctx, filepath.Join(dir, "fixture.db"))
	if err != nil {
		return nil, nil, fmt.Errorf("cannot create a fixture database: %w", err)
	}
	defer db.Close()
	if err := createTables(ctx, db, tableSpecs(s.Plan)); err != nil {
		return nil, nil, err
	}
	if err := insertFixtures(ctx, db, t.Tables); err != nil {
		return nil, nil, err
	}
	res, diags, err := batch.Run(ctx, db, s.Plan, reg, batch.Options{AsOf: time.Unix(t.AsOf, 0).UTC(), DryRun: true})
	if err != nil {
		if len(diags) > 0 {
			err = fmt.Errorf("%w: %s", err, diags[0].Message)
		}
		return nil, nil, err
	}
	var warnings []string
	for _, w := range res.Evaluation.Warnings {
		warnings = append(warnings, w.String())
	}
	return membership(res.Evaluation.Outcome), warnings, nil
}

// membership maps each stored segment to its members' key texts.
func membership(out *store.Outcome) map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for _, seg := range out.Segments {
		set := map[string]bool{}
		for _, i := range seg.Members {
			set[keyAt(out.Keys, i)] = true
		}
		m[seg.Name] = set
	}
	return m
}

// keyAt is the canonical text of entity i's key.
func keyAt(k store.Keys, i int32) string {
	if k.Strs != nil {
		return k.Strs[i]
	}
	return holdout.IntKey(k.Ints[i])
}

// compare checks one expectation against a segment's members.
func compare(x *Expectation, members map[string]bool) (Failure, bool) {
	f := Failure{Expect: x}
	expected := map[string]bool{}
	for _, k := range x.Keys {
		expected[k] = true
		if members[k] && x.Op == "excludes" {
			f.Extra = append(f.Extra, k)
		}
		if !members[k] && x.Op != "excludes" {
			f.Missing = append(f.Missing, k)
		}
	}
	if x.Op == "==" {
		for k := range members {
			if !expected[k] {
				f.Extra = append(f.Extra, k)
			}
		}
	}
	f.Extra = sortKeys(f.Extra, x.keyType)
	return f, len(f.Missing) == 0 && len(f.Extra) == 0
}
