package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/segc/segc/dsl/source"
)

// TestRenderCaret checks that the caret sits under the span whatever tabs
// and multi-byte runes precede it: tabs are copied, other runes become one
// space each, and the column counts runes.
func TestRenderCaret(t *testing.T) {
	tests := []struct {
		name, src, target string
		want              string
	}{
		{"plain", "where monetry > 5", "monetry",
			"a.seg:1:7: error[E0201]: boom\n  where monetry > 5\n        ^~~~~~~\n"},
		{"tab", "\twhere x > 1", "x",
			"a.seg:1:8: error[E0201]: boom\n  \twhere x > 1\n  \t      ^\n"},
		{"multibyte", "# é 日本\nfeature café = 日本 + x", "x",
			"a.seg:2:21: error[E0201]: boom\n  feature café = 日本 + x\n                      ^\n"},
		{"span past line end", "ab\ncd", "b\ncd",
			"a.seg:1:2: error[E0201]: boom\n  ab\n   ^\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.NewFile("a.seg", []byte(tt.src))
			start := strings.LastIndex(tt.src, tt.target)
			d := Diagnostic{Severity: Error, Code: UndefinedName, Message: "boom", File: f, Span: source.Span{Start: start, End: start + len(tt.target)}}
			if got := d.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestRenderRelatedAndNoFile(t *testing.T) {
	f := source.NewFile("m.seg", []byte("feature a = b\nfeature b = a\n"))
	d := Diagnostic{Severity: Error, Code: Cycle, Message: "cycle a -> b -> a", File: f, Span: source.Span{Start: 8, End: 9},
		Related: []Related{{File: f, Span: source.Span{Start: 22, End: 23}, Message: "cycle goes through here"}}}
	want := "m.seg:1:9: error[E0401]: cycle a -> b -> a\n  feature a = b\n          ^\nm.seg:2:9: note: cycle goes through here\n  feature b = a\n          ^\n"
	if got := d.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bare := Diagnostic{Severity: Warning, Code: EmptySegment, Message: "empty"}
	if got := bare.String(); got != "segc: warning[W0602]: empty\n" {
		t.Errorf("file-less diagnostic rendered as %q", got)
	}
}

func TestJSON(t *testing.T) {
	f := source.NewFile("m.seg", []byte("x\n  日y"))
	l := List{{Severity: Error, Code: SyntaxError, Message: "bad", File: f, Span: source.Span{Start: 5, End: 6},
		Related: []Related{{File: f, Span: source.Span{Start: 0, End: 1}, Message: "here"}}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, l); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["start_line"] != 2.0 || got[0]["start_col"] != 4.0 || got[0]["end_col"] != 5.0 || got[0]["code"] != "E0101" {
		t.Errorf("unexpected JSON %s", buf.String())
	}
	if rel := got[0]["related"].([]any)[0].(map[string]any); rel["message"] != "here" {
		t.Errorf("related lost: %v", rel)
	}
	buf.Reset()
	WriteJSON(&buf, nil)
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("empty list should be [], got %q", buf.String())
	}
}

func TestListHelpers(t *testing.T) {
	a, b := source.NewFile("a.seg", nil), source.NewFile("b.seg", nil)
	l := List{{File: b, Severity: Warning}, {File: a, Span: source.Span{Start: 5}}, {File: a, Span: source.Span{Start: 1}, Severity: Error}}
	l.Sort()
	if l[0].File != a || l[0].Span.Start != 1 || l[2].File != b {
		t.Errorf("Sort order wrong: %v", l)
	}
	if !l.HasErrors() || l.Count(Warning) != 1 {
		t.Error("HasErrors/Count wrong")
	}
}
