package runtime

import (
	"fmt"
	"testing"

	"github.com/segc/segc/runtime/events"
	"github.com/segc/segc/runtime/timeline"
)

// TestWithEvents: a trigger evaluates only the entities holding events
// in its `on` list (one event is enough), below the population size;
// an absent list holds none.
func TestWithEvents(t *testing.T) {
	one, two := []timeline.Stamp{{Time: 1, Row: 1}}, []timeline.Stamp{{Time: 1, Row: 2}, {Time: 2, Row: 3}}
	s := events.EntityStamps{Off: []int32{0, 1, 1, 3, 3, 4}, At: append(append(append([]timeline.Stamp{}, one...), two...), one...)}
	ta := &timeAggs{stamps: []events.EntityStamps{s}}
	for _, tc := range []struct {
		k, n int
		want string
	}{
		{0, 5, "[0 2 4]"},
		{0, 3, "[0 2]"},
		{0, 9, "[0 2 4]"},
		{-1, 5, "[]"},
	} {
		if got := fmt.Sprint(withEvents(ta, tc.k, tc.n)); got != tc.want {
			t.Errorf("withEvents(%d, %d) = %s, want %s", tc.k, tc.n, got, tc.want)
		}
	}
}
