package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/runtime/segtest"
)

const testExamples = `
  segc test examples/segments                       run the module's *_test.seg tests
  segc test -v --run 'holdout|consent' examples/segments
`

// testModule is one module to test: its definition files and test files.
type testModule struct {
	name  string
	files []string
	tests []string
}

// runTest implements `segc test`.
func runTest(ctx context.Context, args []string, std stdio) int {
	fs := newFlags("test", "[--run REGEX] [-v] PATH...", testExamples, std)
	runExpr := fs.String("run", "", "run only the tests whose name matches this regular expression; a --run that matches no test fails (exit 1), since a mistyped filter would otherwise pass without testing anything")
	verbose := fs.Bool("v", false, "print an ok line for every passing test, and evaluation warnings")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	match, err := regexp.Compile(*runExpr)
	if err != nil {
		return usageError(fs, "cannot compile --run %q: %v", *runExpr, err)
	}
	if fs.NArg() == 0 {
		return usageError(fs, "no PATH given: name a directory holding .seg and *_test.seg files")
	}
	mods, err := testModules(fs.Args())
	if err != nil {
		fmt.Fprintf(std.err, "segc test: %v\n", err)
		return exitUsage
	}
	return testAll(ctx, mods, testRun{opts: segtest.Options{Match: match.MatchString}, filter: *runExpr, verbose: *verbose}, std)
}

// testRun is what the flags of `segc test` ask for.
type testRun struct {
	opts    segtest.Options
	filter  string // --run as given, "" for every test
	verbose bool
}

// testAll tests each module and prints the final PASS or FAIL line.
func testAll(ctx context.Context, mods []testModule, run testRun, std stdio) int {
	total, failed := 0, 0
	for _, m := range mods {
		suite, code := loadSuite(m, std.err)
		if code >= 0 {
			return code
		}
		if suite == nil {
			fmt.Fprintf(std.out, "?    %s [no test files]\n", m.name)
			continue
		}
		results := suite.Run(ctx, builtins.Default(), run.opts)
		total += len(results)
		failed += segtest.WriteResults(std.out, results, run.verbose)
		fmt.Fprintln(std.out, segtest.CoverageNote(m.name, suite.Uncovered()))
	}
	return finish(std.out, total, failed, run.filter)
}

// finish prints the summary line and returns the exit code. A --run
// filter that selected no test fails, as a mistyped filter would
// otherwise pass in CI without testing anything.
func finish(w io.Writer, total, failed int, filter string) int {
	if total == 0 && filter != "" {
		fmt.Fprintf(w, "FAIL: --run %q matched no test; check the names in the test \"...\" lines\n", filter)
		return exitFindings
	}
	if failed > 0 {
		fmt.Fprintf(w, "FAIL: %d of %d %s failed\n", failed, total, plural(total, "test"))
		return exitFindings
	}
	fmt.Fprintf(w, "PASS: %d %s\n", total, plural(total, "test"))
	return exitOK
}

// loadSuite compiles a module and checks its tests. It returns a nil
// suite for a module without test files, and an exit code >= 0 when
// diagnostics (printed to w) or I/O errors stop everything.
func loadSuite(m testModule, w io.Writer) (*segtest.Suite, int) {
	if len(m.tests) == 0 {
		return nil, -1
	}
	p, diags, err := compileFiles(m.files)
	diag.RenderAll(w, diags)
	if err != nil {
		fmt.Fprintf(w, "segc test: %v\n", err)
		return nil, exitUsage
	}
	if p == nil {
		fmt.Fprintf(w, "segc test: %s: the module does not compile (%s); fix it and run again\n", m.name, countSummary(diags))
		return nil, exitUsage
	}
	files, diags, err := parseTestFiles(m.tests)
	if err != nil {
		fmt.Fprintf(w, "segc test: %v\n", err)
		return nil, exitUsage
	}
	suite, more := segtest.Load(p, files)
	diags = append(diags, more...)
	diags.Sort()
	diag.RenderAll(w, diags)
	if diags.HasErrors() {
		fmt.Fprintf(w, "segc test: %s: the tests have %s; fix them and run again\n", m.name, countSummary(diags))
		return nil, exitUsage
	}
	return suite, -1
}

// parseTestFiles reads and parses *_test.seg files.
func parseTestFiles(paths []string) ([]*ast.File, diag.List, error) {
	var files []*ast.File
	var diags diag.List
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err))
		}
		f, ds := dsl.Parse(source.NewFile(p, src))
		diags = append(diags, ds...)
		if f != nil {
			files = append(files, f)
		}
	}
	return files, diags, nil
}

// testModules groups PATH arguments: each directory is one module with its
// *_test.seg files; plain files together form one more module.
func testModules(paths []string) ([]testModule, error) {
	var mods []testModule
	loose := testModule{name: "files"}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			loose.add(p)
			continue
		}
		m, err := testModuleIn(p)
		if err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	if len(loose.files)+len(loose.tests) > 0 {
		mods = append(mods, loose)
	}
	return mods, nil
}

// testModuleIn lists a directory's module and test files.
func testModuleIn(dir string) (testModule, error) {
	m := testModule{name: filepath.Clean(dir)}
	files, err := segFilesIn(dir)
	if err != nil {
		return m, err
	}
	m.files = files
	tests, err := filepath.Glob(filepath.Join(dir, "*_test.seg"))
	if err != nil {
		return m, err
	}
	sort.Strings(tests)
	m.tests = tests
	return m, nil
}

// add files a plain PATH as a definition or a test file.
func (m *testModule) add(path string) {
	if strings.HasSuffix(path, "_test.seg") {
		m.tests = append(m.tests, path)
	} else {
		m.files = append(m.files, path)
	}
}
