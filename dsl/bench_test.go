package dsl

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/source"
)

// thousandSegments generates a file with a few tables and features and
// 1000 segment declarations of typical size.
func thousandSegments() []byte {
	var b strings.Builder
	b.WriteString("entities c key id {\n  country string\n  score float?\n}\n")
	b.WriteString("events ev key id time ts {\n  type string\n  amount float?\n}\n")
	b.WriteString("feature spend = sum(ev.amount where type == \"purchase\" within 365d)\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "# segment %d\nsegment s%d {\n  description \"segment number %d\"\n", i, i, i)
		fmt.Fprintf(&b, "  where spend >= percentile(spend, %d, by country) and count(ev where type == \"visit\" within %dd) > %d\n", i%100, i%90+1, i%7)
		b.WriteString("    or (score ?? 0) * 2 + 1 > 3.5 and country in [\"FR\", \"DE\"]\n  require not score == null\n}\n")
	}
	return []byte(b.String())
}

// BenchmarkParse1000Segments parses a file of 1000 segments.
func BenchmarkParse1000Segments(b *testing.B) {
	src := thousandSegments()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		file, diags := Parse(source.NewFile("bench.seg", src))
		if len(diags) > 0 || len(file.Decls) != 1003 {
			b.Fatalf("bad parse: %d decls, %v", len(file.Decls), diags)
		}
	}
}

// BenchmarkParseSketch parses the language sketch test file.
func BenchmarkParseSketch(b *testing.B) {
	src, err := os.ReadFile("testdata/parse/sketch.seg")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Parse(source.NewFile("sketch.seg", src))
	}
}
