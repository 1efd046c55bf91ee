package incremental

import (
	"encoding/binary"
	"reflect"
	"testing"
)

func TestMembersRoundTripAndDiff(t *testing.T) {
	tests := []struct {
		name            string
		prev, next      []int32
		entered, exited []int32
	}{
		{"empty", nil, nil, nil, nil},
		{"all enter", nil, []int32{0, 5, 1 << 30}, []int32{0, 5, 1 << 30}, nil},
		{"the largest index", nil, []int32{0, 127, 128, 1<<31 - 1}, []int32{0, 127, 128, 1<<31 - 1}, nil},
		{"all exit", []int32{3, 4}, nil, nil, []int32{3, 4}},
		{"mixed", []int32{1, 2, 4, 8}, []int32{0, 2, 4, 9}, []int32{0, 9}, []int32{1, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeMembers(encodeMembers(tt.next))
			if err != nil || len(got) != len(tt.next) || len(got) > 0 && !reflect.DeepEqual(got, tt.next) {
				t.Errorf("round trip: %v, %v; want %v", got, err, tt.next)
			}
			in, out := sortedDiff(tt.prev, tt.next)
			if !reflect.DeepEqual(in, tt.entered) || !reflect.DeepEqual(out, tt.exited) {
				t.Errorf("diff = +%v -%v, want +%v -%v", in, out, tt.entered, tt.exited)
			}
		})
	}
}

func TestDecodeMembersRejectsCorrupt(t *testing.T) {
	past := binary.AppendUvarint([]byte{2}, 1<<31) // index 2^31-1, then 2^31
	past = append(past, 1)
	for _, b := range [][]byte{nil, {5, 1}, {1, 0}, {1, 1, 7}, {2, 1, 0}, binary.AppendUvarint([]byte{1}, 1<<31+1), past} {
		if _, err := decodeMembers(b); err == nil {
			t.Errorf("decodeMembers(%v): no error", b)
		}
	}
}
