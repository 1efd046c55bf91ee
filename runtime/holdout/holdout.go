// Package holdout assigns entities to deterministic holdout groups.
package holdout

import "strconv"

// FNV-1a 64-bit parameters.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// Hash is segc's stable holdout hash: FNV-1a 64 over the UTF-8 bytes of
// the segment name, one 0x00 byte, and the entity key's canonical text
// (decimal digits with a leading '-' when negative, for int keys; the key
// itself for string keys). It never depends on the machine or the run.
func Hash(segment string, key string) uint64 {
	h := uint64(offset64)
	h = add(h, segment)
	h = (h ^ 0) * prime64
	return add(h, key)
}

func add(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

// IntKey is the canonical text of an int key.
func IntKey(k int64) string { return strconv.FormatInt(k, 10) }

// Bucket returns Hash(segment, key) mod 10000.
func Bucket(segment, key string) int { return int(Hash(segment, key) % 10000) }

// In reports whether an entity goes to the holdout of a segment whose
// holdout is basisPoints of 10000 (1000 for `holdout 10%`).
func In(segment, key string, basisPoints int) bool {
	return Bucket(segment, key) < basisPoints
}
