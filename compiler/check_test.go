package compiler

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl/diag"
)

// checkCase reads a check test: one .seg file, or a .txtar archive of
// several files forming one module (in archive order).
func checkCase(t *testing.T, path string) (map[string]string, []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".seg") {
		name := filepath.Base(path)
		return map[string]string{name: string(data)}, []string{name}
	}
	files, names := map[string]string{}, []string(nil)
	for _, f := range txtar.Parse(data).Files {
		files[f.Name] = string(f.Data)
		names = append(names, f.Name)
	}
	return files, names
}

// checkDiagnostics parses and compiles a module, returning every
// diagnostic in file and position order.
func checkDiagnostics(t *testing.T, files map[string]string, names []string) diag.List {
	m, ds := parseModule(t, files, names)
	_, cds := Compile(m, builtins.Default())
	all := append(ds, cds...)
	all.Sort()
	return all
}

func TestCheckGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/check/*.seg")
	more, _ := filepath.Glob("testdata/check/*.txtar")
	paths = append(paths, more...)
	codes := map[diag.Code]bool{}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			files, names := checkCase(t, path)
			ds := checkDiagnostics(t, files, names)
			if len(ds) == 0 {
				t.Errorf("%s: no diagnostics; a check case must produce some", path)
			}
			for _, d := range ds {
				codes[d.Code] = true
			}
			golden := strings.TrimSuffix(strings.TrimSuffix(path, ".seg"), ".txtar") + ".golden"
			checkGolden(t, golden, render(ds))
		})
	}
	var got []string
	for c := range codes {
		got = append(got, string(c))
	}
	sort.Strings(got)
	t.Logf("codes covered: %s", strings.Join(got, " "))
	if len(codes) < 15 {
		t.Errorf("check goldens cover %d codes, want at least 15", len(codes))
	}
}

// TestCheckNoCascade checks that an expression with an error produces one
// diagnostic, however deeply it is used.
func TestCheckNoCascade(t *testing.T) {
	src := "entities c key id { n int }\n" +
		"feature a = (nope + 1) * 2 > 3 and not (nope ?? 4) == 1\n" +
		"feature b = a and a or a\n" +
		"segment s { where b and percentile(a, 50) > 1 }\n"
	ds := checkDiagnostics(t, map[string]string{"x.seg": src}, []string{"x.seg"})
	if len(ds) != 2 || ds[0].Code != diag.UndefinedName || ds[1].Code != diag.UndefinedName {
		var b bytes.Buffer
		diag.RenderAll(&b, ds)
		t.Errorf("want exactly two E0201 (one per use of nope), got:\n%s", b.String())
	}
}
