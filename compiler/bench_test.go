package compiler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/segc/segc/builtins"
	"github.com/segc/segc/dsl"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// thousandSegments returns a module text with 1,000 segments in the style
// of W1: windowed aggregates, percentiles (some grouped, some nested),
// feature references and segment references.
func thousandSegments() string {
	var b strings.Builder
	b.WriteString(schema)
	for i := range 50 {
		fmt.Fprintf(&b, "feature spend%d = sum(events.amount where type == \"t%d\" within %dd)\n", i, i%7, 30+i)
		fmt.Fprintf(&b, "feature freq%d = count(events where type == \"t%d\" within %dd)\n", i, i%5, 7+i)
	}
	for i := range 1000 {
		f := i % 50
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "segment s%d { where spend%d >= percentile(spend%d, %d) and freq%d > %d }\n", i, f, f, 50+i%50, f, i%9)
		case 1:
			fmt.Fprintf(&b, "segment s%d { where spend%d >= percentile(spend%d, 90, by customers.country) require opt_in }\n", i, f, f)
		case 2:
			fmt.Fprintf(&b, "segment s%d.n { where spend%d > median(spend%d) and not s%d }\n", i-1, f, f, i-2)
		default:
			fmt.Fprintf(&b, "segment s%d { where days_since(first_seen) <= %d and (score ?? 0) > 0.5 or s%d }\n", i, i%60, i-3)
		}
	}
	return b.String()
}

// BenchmarkCompile1000Segments compiles a parsed 1,000-segment module
// (product target: under 100 ms).
func BenchmarkCompile1000Segments(b *testing.B) {
	src := thousandSegments()
	f, ds := dsl.Parse(source.NewFile("bench.seg", []byte(src)))
	if ds.HasErrors() {
		b.Fatalf("syntax errors: %v", ds[0])
	}
	reg := builtins.Default()
	m := &Module{Files: []*ast.File{f}}
	b.ReportAllocs()
	for b.Loop() {
		if p, ds := Compile(m, reg); p == nil {
			b.Fatalf("compile failed: %v", ds[0])
		}
	}
}

// BenchmarkParseAndCompile1000Segments includes parsing.
func BenchmarkParseAndCompile1000Segments(b *testing.B) {
	src := []byte(thousandSegments())
	reg := builtins.Default()
	for b.Loop() {
		f, _ := dsl.Parse(source.NewFile("bench.seg", src))
		if p, ds := Compile(&Module{Files: []*ast.File{f}}, reg); p == nil {
			b.Fatalf("compile failed: %v", ds[0])
		}
	}
}
