package dsl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/segc/segc/dsl/source"
)

// FuzzParse checks that any input parses without panicking and that every
// node, comment and diagnostic span is well-formed and inside the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/parse*/*.seg")
	for _, path := range seeds {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := Parse(source.NewFile("fuzz.seg", src))
		if file == nil {
			t.Fatal("Parse returned a nil file")
		}
		for _, msg := range spanProblems(file, diags) {
			t.Error(msg)
		}
		for _, d := range diags {
			_ = d.String()
		}
		if x, diags := ParseExpr(source.NewFile("fuzz.seg", src)); x == nil && !diags.HasErrors() {
			t.Error("ParseExpr returned neither an expression nor an error")
		}
	})
}
