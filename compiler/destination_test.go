package compiler

import (
	"fmt"
	"testing"

	"github.com/segc/segc/builtins"
)

// TestDestinationHash checks that the plan hash covers destinations and
// pii, and that a setting spelled out at its default hashes like the
// default.
func TestDestinationHash(t *testing.T) {
	const base = "entities c key id {\n  email string%s\n}\nsegment s { where true }\n"
	dest := func(extra string) string {
		return "destination d {\n  url \"https://x.example/h\"\n  segments s\n" + extra + "}\n"
	}
	hash := func(src string) string {
		m, _ := compileText(t, "h.seg", src)
		p, ds := Compile(m, builtins.Default())
		if p == nil {
			t.Fatalf("does not compile:\n%s\n%s", src, render(ds))
		}
		return p.Hash
	}
	plain := hash(fmt.Sprintf(base, ""))
	withDest := hash(fmt.Sprintf(base, "") + dest(""))
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"a destination changes the hash", plain, withDest, false},
		{"a default spelled out", withDest, hash(fmt.Sprintf(base, "") + dest("  timeout 10s\n  max_attempts 10\n")), true},
		{"a setting", withDest, hash(fmt.Sprintf(base, "") + dest("  timeout 20s\n")), false},
		{"the segments", withDest, hash(fmt.Sprintf(base, "") + "destination d {\n  url \"https://x.example/h\"\n  segments \"*\"\n}\n"), false},
		{"pii", plain, hash(fmt.Sprintf(base, " pii")), false},
	}
	for _, tt := range tests {
		if (tt.a == tt.b) != tt.same {
			t.Errorf("%s: hashes equal = %v, want %v", tt.name, tt.a == tt.b, tt.same)
		}
	}
}
