package dsl

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestParseGolden parses each testdata/parse/*.seg, which must parse without
// diagnostics, and compares the AST dump with its .golden file.
func TestParseGolden(t *testing.T) {
	eachSeg(t, "testdata/parse", func(t *testing.T, f *source.File) string {
		file, diags := Parse(f)
		checkSpans(t, file, diags)
		if len(diags) > 0 {
			t.Errorf("unexpected diagnostics:\n%s", render(diags))
		}
		return ast.Dump(file)
	})
}

// TestParseErrorsGolden parses each testdata/parse_errors/*.seg, which must
// report errors, and compares the rendered diagnostics with its .golden file.
func TestParseErrorsGolden(t *testing.T) {
	eachSeg(t, "testdata/parse_errors", func(t *testing.T, f *source.File) string {
		file, diags := Parse(f)
		checkSpans(t, file, diags)
		if !diags.HasErrors() {
			t.Errorf("expected errors, got none")
		}
		return render(diags)
	})
}

// eachSeg runs produce on every .seg file of dir and checks its golden file.
func eachSeg(t *testing.T, dir string, produce func(*testing.T, *source.File) string) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.seg"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .seg files in %s: %v", dir, err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := produce(t, source.NewFile(filepath.Base(path), src))
			compareGolden(t, strings.TrimSuffix(path, ".seg")+".golden", got)
		})
	}
}

// compareGolden compares got with a golden file, or rewrites it with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dsl -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, got)
	}
}

// render renders diagnostics as the CLI shows them.
func render(l diag.List) string {
	var b bytes.Buffer
	diag.RenderAll(&b, l)
	return b.String()
}

// checkSpans verifies the span invariants: every node and diagnostic span
// lies inside the file with Start <= End, and children lie inside parents.
func checkSpans(t *testing.T, file *ast.File, diags diag.List) {
	t.Helper()
	for _, msg := range spanProblems(file, diags) {
		t.Error(msg)
	}
}

// spanProblems lists violated span invariants.
func spanProblems(file *ast.File, diags diag.List) []string {
	var out []string
	whole := source.Span{Start: 0, End: len(file.Source.Src)}
	bad := func(what string, s source.Span) {
		out = append(out, what+" span "+spanString(s)+" is outside "+spanString(whole)+" or reversed")
	}
	for _, d := range file.Decls {
		walkSpans(d, whole, &out)
	}
	for _, c := range file.Comments {
		if !valid(c.Sp, whole) {
			bad("comment", c.Sp)
		}
	}
	for _, d := range diags {
		if !valid(d.Span, whole) {
			bad("diagnostic "+string(d.Code), d.Span)
		}
		for _, r := range d.Related {
			if !valid(r.Span, whole) {
				bad("related", r.Span)
			}
		}
	}
	return out
}

// walkSpans checks n against its parent's span and recurses.
func walkSpans(n ast.Node, parent source.Span, out *[]string) {
	s := n.Span()
	if !valid(s, parent) {
		*out = append(*out, strings.TrimSpace(ast.DumpNode(n))+" is not inside its parent "+spanString(parent))
		return
	}
	if b, ok := n.(*ast.BinaryExpr); ok && !valid(b.OpSp, s) {
		*out = append(*out, "operator span "+spanString(b.OpSp)+" outside "+spanString(s))
	}
	for _, c := range ast.Children(n) {
		walkSpans(c, s, out)
	}
}

// valid reports Start <= End and s inside within.
func valid(s, within source.Span) bool { return s.Start <= s.End && within.Contains(s) }

func spanString(s source.Span) string { return ast.DumpNode(&ast.NullLit{Sp: s})[len("NullLit "):] }
