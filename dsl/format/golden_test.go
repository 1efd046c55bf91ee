package format

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the formatter's output")

// parseClean parses src and fails the test when it has syntax errors.
func parseClean(t *testing.T, name string, src []byte) *ast.File {
	t.Helper()
	f, diags := dsl.Parse(source.NewFile(name, src))
	if diags.HasErrors() {
		t.Fatalf("%s does not parse:\n%s", name, renderDiags(diags))
	}
	return f
}

// renderDiags lists diagnostics one per line for a test failure.
func renderDiags(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		var pos source.Pos
		if d.File != nil {
			pos = d.File.Position(d.Span.Start)
		}
		fmt.Fprintf(&b, "%d:%d: %s %s\n", pos.Line, pos.Col, d.Code, d.Message)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.seg"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata/*.seg inputs (%v)", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src := readFile(t, in)
			got, err := Source(parseClean(t, in, src))
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".seg") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := readFile(t, golden); !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, Diff(golden, want, got))
			}
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
