package explain

import (
	"bufio"
	"strings"
	"testing"
)

// TestTriggerFiringEnds checks how a firing's end reads: an exit event,
// a duration already elapsed, or one still to come (the firing holding
// as-of), and an open firing.
func TestTriggerFiringEnds(t *testing.T) {
	tests := []struct {
		firing Firing
		want   string
	}{
		{Firing{On: "a", Start: "b", End: "c", EndedBy: "exit"}, "member from b to c (exit event)"},
		{Firing{On: "a", Start: "b", End: "c", EndedBy: "for"}, "member from b to c (duration elapsed)"},
		{Firing{On: "a", Start: "b", End: "c", EndedBy: "for", Contains: true}, "member from b to c (when its duration ends)  ← contains as-of"},
		{Firing{On: "a", Start: "b", Contains: true}, "member from b to open  ← contains as-of"},
	}
	for _, tc := range tests {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		(&textWriter{w: w}).trigger(&Trigger{Name: "t", Firings: []Firing{tc.firing}}, "")
		w.Flush()
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("firing %+v reads\n%s\nwant it to contain %q", tc.firing, b.String(), tc.want)
		}
	}
}
