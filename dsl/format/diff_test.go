package format

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	if d := Diff("a.seg", []byte("x\n"), []byte("x\n")); d != nil {
		t.Errorf("Diff of equal texts = %q, want nil", d)
	}
	d := string(Diff("a.seg", []byte("feature a=1\n"), []byte("feature a = 1\n")))
	for _, want := range []string{"--- a.seg.orig", "+++ a.seg", "-feature a=1", "+feature a = 1"} {
		if !strings.Contains(d, want) {
			t.Errorf("Diff lacks %q:\n%s", want, d)
		}
	}
}
