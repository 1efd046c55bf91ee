package compiler

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

// parseModule parses named sources into a module, failing on syntax errors
// unless allowed.
func parseModule(t testing.TB, files map[string]string, names []string) (*Module, diag.List) {
	t.Helper()
	m := &Module{}
	var diags diag.List
	for _, name := range names {
		f, ds := dsl.Parse(source.NewFile(name, []byte(files[name])))
		diags = append(diags, ds...)
		m.AddFile(f, ds)
	}
	return m, diags
}

// compileText compiles one source text.
func compileText(t testing.TB, name, src string) (*Module, diag.List) {
	t.Helper()
	m, ds := parseModule(t, map[string]string{name: src}, []string{name})
	if ds.HasErrors() {
		t.Fatalf("syntax errors:\n%s", render(ds))
	}
	return m, ds
}

// render renders diagnostics as text.
func render(l diag.List) string {
	var b bytes.Buffer
	diag.RenderAll(&b, l)
	return b.String()
}

// checkGolden compares got with the golden file, or rewrites it.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestPlanGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/plan/*.seg")
	more, _ := filepath.Glob("testdata/plan/*.txtar")
	paths = append(paths, more...)
	if len(paths) == 0 {
		t.Fatal("no plan tests")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			files, names := checkCase(t, path)
			m, ds := parseModule(t, files, names)
			if ds.HasErrors() {
				t.Fatalf("syntax errors:\n%s", render(ds))
			}
			p, ds := Compile(m, builtins.Default())
			if ds.HasErrors() {
				t.Fatalf("compile errors:\n%s", render(ds))
			}
			var b bytes.Buffer
			p.WriteText(&b)
			checkGolden(t, strings.TrimSuffix(strings.TrimSuffix(path, ".seg"), ".txtar")+".golden", b.String())
		})
	}
}
