package compiler

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/diag"
)

// lintDiagnostics parses, compiles with the lint stage and applies
// suppressions, as segc check does without --db.
func lintDiagnostics(t testing.TB, files map[string]string, names []string) diag.List {
	m, ds := parseModule(t, files, names)
	_, cds := CompileWith(m, builtins.Default(), Options{Lint: true})
	return Suppress(m, append(ds, cds...), SuppressOptions{})
}

// TestLintGolden runs each case of testdata/lint. A case named after a
// code (w0703_...) must report that code (nearmiss_... cases need not), and no finding may start on a
// line marked `# near-miss`.
func TestLintGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/lint/*.seg")
	more, _ := filepath.Glob("testdata/lint/*.txtar")
	for _, path := range append(paths, more...) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			files, names := checkCase(t, path)
			ds := lintDiagnostics(t, files, names)
			if ds.HasErrors() {
				t.Errorf("lint cases must compile:\n%s", render(ds))
			}
			code := diag.Code(strings.ToUpper(strings.SplitN(filepath.Base(path), "_", 2)[0]))
			if code != "NEARMISS" && !hasFinding(ds, code) {
				t.Errorf("no %s finding:\n%s", code, render(ds))
			}
			for _, d := range ds {
				line := d.File.Line(d.File.Position(d.Span.Start).Line)
				if strings.Contains(line, "# near-miss") {
					t.Errorf("finding on a near-miss line:\n%s", d.String())
				}
			}
			golden := strings.TrimSuffix(strings.TrimSuffix(path, ".seg"), ".txtar") + ".golden"
			checkGolden(t, golden, render(ds))
		})
	}
}

func hasFinding(l diag.List, c diag.Code) bool {
	for _, d := range l {
		if d.Code == c {
			return true
		}
	}
	return false
}

// TestLintOffByDefault checks that Compile, which evaluating commands use,
// does not lint.
func TestLintOffByDefault(t *testing.T) {
	src := "entities c key id { n int }\nfeature unused = n\nsegment s { where n > 1 and n < 0 }\n"
	m, _ := parseModule(t, map[string]string{"x.seg": src}, []string{"x.seg"})
	if _, ds := Compile(m, builtins.Default()); len(ds) != 0 {
		t.Errorf("Compile linted:\n%s", render(ds))
	}
	if ds := lintDiagnostics(t, map[string]string{"x.seg": src}, []string{"x.seg"}); len(ds) != 2 {
		t.Errorf("want W0701 and W0703, got:\n%s", render(ds))
	}
}

// TestLintSkipsSyntaxErrors checks that a syntax error anywhere in the
// module turns lint off: the parser leaves the broken declaration out, so a
// feature only it reads would be called unused (W0701).
func TestLintSkipsSyntaxErrors(t *testing.T) {
	data := "entities c key id { n int }\nevents ev key id time ts { type string }\n"
	for name, broken := range map[string]string{
		"lifecycle without initial": "lifecycle lc {\n  a -> b when f > 1\n}\n",
		"segment cut short":         "segment s { where f > 0 and\n",
	} {
		src := data + "feature f = count(ev where type == \"x\")\n" + broken
		ds := lintDiagnostics(t, map[string]string{"x.seg": src}, []string{"x.seg"})
		if !ds.HasErrors() || hasFinding(ds, diag.Code("W0701")) {
			t.Errorf("%s: want the syntax error and no W0701, got:\n%s", name, render(ds))
		}
	}
}

// TestLintSkipsBrokenModules checks that a module with errors gets no lint
// findings, which would only echo the errors.
func TestLintSkipsBrokenModules(t *testing.T) {
	src := "entities c key id { n int }\nfeature f = nope\nsegment s { where n > 1 }\n"
	ds := lintDiagnostics(t, map[string]string{"x.seg": src}, []string{"x.seg"})
	if len(ds) != 1 || ds[0].Code != diag.UndefinedName {
		t.Errorf("want only E0201, got:\n%s", render(ds))
	}
}

// TestCheckNearMisses checks that no check case reports anything on a line
// marked `# near-miss`: the boundary values next to each error stay valid.
func TestCheckNearMisses(t *testing.T) {
	paths, _ := filepath.Glob("testdata/check/*.seg")
	marked := 0
	for _, path := range paths {
		files, names := checkCase(t, path)
		for _, d := range checkDiagnostics(t, files, names) {
			if d.File != nil && strings.Contains(d.File.Line(d.File.Position(d.Span.Start).Line), "# near-miss") {
				t.Errorf("%s: finding on a near-miss line:\n%s", path, d.String())
			}
		}
		marked += strings.Count(files[names[0]], "# near-miss")
	}
	if marked < 10 {
		t.Errorf("only %d near-miss lines in testdata/check; each lint-like error needs some", marked)
	}
}
