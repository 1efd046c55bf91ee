package compiler

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// FuzzCheck parses and compiles arbitrary text: it must never panic, and
// every diagnostic span, including related ones, must lie inside its file.
// A successful compile must also print and encode.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(schema + "feature f = count(events where type == \"x\" within 30d)\n"))
	f.Add([]byte("entities c key id {\n  id int pii\n  email string? pii\n}\nsegment s { where true holdout 10% }\n" +
		"destination d {\n  url \"https://x.example/h\"\n  segments s, s.holdout, \"s*\"\n  secret_env \"D_SECRET\"\n  timeout 5s\n  baseline true\n}\n"))
	reg := builtins.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		file := source.NewFile("fuzz.seg", src)
		parsed, ds := dsl.Parse(file)
		p, cds := Compile(&Module{Files: []*ast.File{parsed}}, reg)
		for _, d := range append(ds, cds...) {
			checkSpan(t, d.File, d.Span, d)
			for _, r := range d.Related {
				checkSpan(t, r.File, r.Span, d)
			}
			diag.Render(io.Discard, d)
		}
		if p != nil {
			p.WriteText(io.Discard)
			if _, err := p.MarshalJSON(); err != nil {
				t.Errorf("plan JSON: %v", err)
			}
		}
	})
}

// checkSpan fails when a span is not inside its file.
func checkSpan(t *testing.T, f *source.File, s source.Span, d diag.Diagnostic) {
	t.Helper()
	if f == nil {
		t.Errorf("diagnostic without a file: %s", d.Message)
		return
	}
	if s.Start < 0 || s.End < s.Start || s.End > len(f.Src) {
		t.Errorf("span %v outside %s (%d bytes): %s %s", s, f.Name, len(f.Src), d.Code, d.Message)
	}
}

var _ = filepath.Base
