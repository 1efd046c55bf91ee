package holdout

import (
	"hash/fnv"
	"testing"
)

// TestHashGolden pins the holdout hash: these values (computed by an
// independent implementation) must never change, or stored holdouts move.
func TestHashGolden(t *testing.T) {
	tests := []struct {
		seg, key string
		hash     uint64
		bucket   int
	}{
		{"high_value_loyalists", "42", 9731604945285007506, 7506},
		{"high_value_loyalists", "1", 14771755245150163707, 3707},
		{"vip", IntKey(-7), 14552056329438058864, 8864},
		{"new_users.vip", "abc", 194442243869242339, 2339},
		{"é", "", 6911656656799202227, 2227},
	}
	for _, tt := range tests {
		if got := Hash(tt.seg, tt.key); got != tt.hash {
			t.Errorf("Hash(%q, %q) = %d, want %d", tt.seg, tt.key, got, tt.hash)
		}
		if got := Bucket(tt.seg, tt.key); got != tt.bucket {
			t.Errorf("Bucket(%q, %q) = %d, want %d", tt.seg, tt.key, got, tt.bucket)
		}
	}
}

func TestHashIsFNV1a(t *testing.T) {
	h := fnv.New64a()
	h.Write([]byte("seg\x00123"))
	if got := Hash("seg", "123"); got != h.Sum64() {
		t.Errorf("Hash = %d, fnv = %d", got, h.Sum64())
	}
}

func TestHoldoutShare(t *testing.T) {
	n := 0
	for k := int64(0); k < 100000; k++ {
		if In("s", IntKey(k), 1000) {
			n++
		}
	}
	if n < 9500 || n > 10500 {
		t.Errorf("10%% holdout took %d of 100000", n)
	}
}
