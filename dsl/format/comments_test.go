package format

import (
	"strings"
	"testing"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// spanOf returns the span of the first occurrence of s in src.
func spanOf(src, s string) source.Span {
	i := strings.Index(src, s)
	return source.Span{Start: i, End: i + len(s)}
}

func TestSpread(t *testing.T) {
	src := "# lead a\nAAA # trail a\nBB\n# inner\nB # trail b\n# lead c\nCCC\n# tail\n"
	p := &printer{src: source.NewFile("t.seg", []byte(src))}
	var cs []ast.Comment
	for _, text := range []string{"# lead a", "# trail a", "# inner", "# trail b", "# lead c", "# tail"} {
		cs = append(cs, ast.Comment{Sp: spanOf(src, text), Text: text})
	}
	items := []source.Span{spanOf(src, "AAA"), spanOf(src, "BB\n# inner\nB"), spanOf(src, "CCC")}
	att, tail := p.spread(cs, items)
	got := []string{
		texts(att[0].lead), trailText(att[0]), texts(att[1].inner), trailText(att[1]),
		texts(att[2].lead), trailText(att[2]), texts(tail),
	}
	want := []string{"# lead a", "# trail a", "# inner", "# trail b", "# lead c", "", "# tail"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("spread = %q, want %q", got, want)
	}
}

func texts(cs []ast.Comment) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return strings.Join(out, ",")
}

func TestBlankBefore(t *testing.T) {
	src := "a\n\n  b\nc\r\n\r\nd  e"
	p := &printer{src: source.NewFile("t.seg", []byte(src))}
	for _, tt := range []struct {
		at   string
		want bool
	}{{"a", false}, {"b", true}, {"c", false}, {"d", true}, {"e", false}} {
		if got := p.blankBefore(strings.Index(src, tt.at)); got != tt.want {
			t.Errorf("blankBefore(%q) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestCommentPads(t *testing.T) {
	lines := []line{
		{text: "a", comment: "# 1"},
		{text: "long", comment: "# 2"},
		{text: "x"},
		{text: "yy", comment: "# 3"},
		{text: "z", comment: "# 4", blank: true},
		{indent: 2, text: "w", comment: "# 5"},
	}
	want := "a     # 1\nlong  # 2\nx\nyy  # 3\n\nz  # 4\n  w  # 5\n"
	if got := string(render(lines)); got != want {
		t.Errorf("render =\n%s\nwant\n%s", got, want)
	}
}
