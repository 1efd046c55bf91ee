package dsl

import (
	"fmt"
	"testing"

	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/source"
)

// contextualWords are keywords only where the grammar expects them.
var contextualWords = []string{
	"type", "name", "key", "time", "where", "id", "from", "segment", "by", "within",
	"entities", "table", "events", "feature", "description", "require", "holdout", "lifecycle", "trigger",
	"destination", "url", "segments", "secret_env", "secret", "max_attempts", "timeout", "backoff", "max_backoff",
	"concurrency", "baseline", "pii",
}

// TestContextualKeywords uses each keyword as a column in a column list, in
// expressions, as a selector and as a call argument.
func TestContextualKeywords(t *testing.T) {
	for _, w := range contextualWords {
		t.Run(w, func(t *testing.T) {
			src := fmt.Sprintf(`entities p key %[1]s {
  %[1]s int
}
events ev key %[1]s time %[1]s id %[1]s where %[1]s > 0 {
  %[1]s string?
}
feature f_%[1]s = %[1]s + ev.%[1]s * f(%[1]s) ?? count(ev where %[1]s == 1 within %[1]s)
segment s_%[1]s { where %[1]s in [%[1]s] and not %[1]s.%[1]s require %[1]s }
`, w)
			file, diags := Parse(source.NewFile(w+".seg", []byte(src)))
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", render(diags))
			}
			if len(file.Decls) != 4 {
				t.Fatalf("got %d declarations, want 4", len(file.Decls))
			}
			if n := countIdents(file, w); n != 17 {
				t.Errorf("found %d identifiers %q, want 17:\n%s", n, w, ast.Dump(file))
			}
		})
	}
}

// TestReservedWords checks that reserved words are never names.
func TestReservedWords(t *testing.T) {
	for _, w := range []string{"and", "or", "not", "true", "false", "null", "in"} {
		src := fmt.Sprintf("entities p key k {\n  %s int\n}\n", w)
		_, diags := Parse(source.NewFile(w+".seg", []byte(src)))
		if !diags.HasErrors() {
			t.Errorf("column named %q was accepted", w)
		}
	}
}

// countIdents counts identifiers with the given name in a file.
func countIdents(f *ast.File, name string) int {
	n := 0
	for _, d := range f.Decls {
		ast.Inspect(d, func(node ast.Node) bool {
			if id, ok := node.(*ast.Ident); ok && id.Name == name {
				n++
			}
			return true
		})
	}
	return n
}
