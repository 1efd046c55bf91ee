package compiler

import (
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// BenchmarkCheck1000Segments is what `segc check` does to a module of
// 1,000 segments: parse, compile, lint and apply suppressions (product
// target: under 100 ms).
func BenchmarkCheck1000Segments(b *testing.B) {
	src := []byte(thousandSegments())
	reg := builtins.Default()
	b.ReportAllocs()
	for b.Loop() {
		f, ds := dsl.Parse(source.NewFile("bench.seg", src))
		m := &Module{Files: []*ast.File{f}}
		p, cds := CompileWith(m, reg, Options{Lint: true})
		if p == nil {
			b.Fatalf("compile failed: %v", cds[0])
		}
		Suppress(m, append(ds, cds...), SuppressOptions{})
	}
}
