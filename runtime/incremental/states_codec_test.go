package incremental

import (
	"reflect"
	"testing"
)

// TestStatesCodec: lifecycle states round-trip (no row: -1, sinces far
// apart and repeated), and truncated or trailing bytes do not decode.
func TestStatesCodec(t *testing.T) {
	long, longSince := make([]int32, 1300), make([]int64, 1300) // decoded a chunk at a time
	for i := range long {
		long[i], longSince[i] = int32(i%5-1), 1782864000+int64(i%7)*86400
	}
	for _, tc := range []struct {
		name  string
		state []int32
		since []int64
	}{
		{"empty", []int32{}, []int64{}},
		{"one", []int32{2}, []int64{1782864000}},
		{"mixed", []int32{0, -1, 3, 3, 1}, []int64{1782864000, 0, -86400, 1782864000, 1 << 40}},
		{"over several chunks", long, longSince},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := encodeStates(tc.state, tc.since)
			got, err := decodeStates(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.State, tc.state) || !reflect.DeepEqual(got.Since, tc.since) {
				t.Fatalf("got %v %v, want %v %v", got.State, got.Since, tc.state, tc.since)
			}
			if len(b) > 1 {
				if _, err := decodeStates(b[:len(b)-1]); err == nil {
					t.Error("a truncated blob decoded")
				}
			}
			if _, err := decodeStates(append(b, 0)); err == nil {
				t.Error("a blob with a trailing byte decoded")
			}
		})
	}
}
