package incremental

import (
	"reflect"
	"testing"

	"github.com/segc/segc/runtime/store"
)

// TestSinceChange: members of a segment that sets its own since enter,
// exit, or, when their since moved, both; stored since that does not
// line up with the stored members is refused.
func TestSinceChange(t *testing.T) {
	tests := []struct {
		name            string
		prev            []int32
		prevSince       []int64
		members         []int32
		since           []int64
		entered, exited []int32
		ok              bool
	}{
		{"empty", nil, nil, []int32{}, []int64{}, nil, nil, true},
		{"same", []int32{1, 4}, []int64{10, 20}, []int32{1, 4}, []int64{10, 20}, nil, nil, true},
		{"moved", []int32{1, 4}, []int64{10, 20}, []int32{1, 4}, []int64{10, 30}, []int32{4}, []int32{4}, true},
		{"mixed", []int32{0, 2, 5, 9}, []int64{1, 2, 3, 4}, []int32{2, 3, 5}, []int64{7, 8, 3}, []int32{2, 3}, []int32{0, 2, 9}, true},
		{"misaligned", []int32{1, 2}, []int64{5}, []int32{1}, []int64{5}, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seg := store.SegmentMembers{Name: "s", Members: tt.members, Since: tt.since}
			entered, exited, ok := sinceChange(tt.prev, tt.prevSince, seg)
			if ok != tt.ok || !reflect.DeepEqual(entered, tt.entered) || !reflect.DeepEqual(exited, tt.exited) {
				t.Fatalf("got %v %v %v, want %v %v %v", entered, exited, ok, tt.entered, tt.exited, tt.ok)
			}
			if got, err := decodeSince(encodeSince(tt.prevSince)); err != nil || len(tt.prevSince) > 0 && !reflect.DeepEqual(got, tt.prevSince) {
				t.Fatalf("since round trip: %v %v", got, err)
			}
		})
	}
}
