package wire

import (
	"fmt"
	"testing"
)

// BenchmarkInts decodes a million packed ints of each width, as a daily
// run's state load does for every count, time and entity column.
func BenchmarkInts(b *testing.B) {
	for _, span := range []int64{200, 60_000, 2_000_000_000} {
		s := make([]int64, 1<<20)
		for i := range s {
			s[i] = int64(i*7919) % span
		}
		enc := AppendInts(nil, s)
		b.Run(fmt.Sprintf("width%d", width(uint64(span))), func(b *testing.B) {
			b.SetBytes(int64(8 * len(s)))
			for b.Loop() {
				if _, _, ok := Ints(enc, 0); !ok {
					b.Fatal("not read")
				}
			}
		})
	}
}

// BenchmarkBitmap decodes a million bools.
func BenchmarkBitmap(b *testing.B) {
	s := make([]bool, 1<<20)
	for i := range s {
		s[i] = i%3 == 0
	}
	enc := AppendBitmap(nil, s)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, _, ok := Bitmap(enc, len(s)); !ok {
			b.Fatal("not read")
		}
	}
}

// BenchmarkUnpack reads a million packed ints of each width into a
// reused slice: the decoding alone, without allocating.
func BenchmarkUnpack(b *testing.B) {
	for _, span := range []int64{200, 60_000, 2_000_000_000} {
		s := make([]int64, 1<<20)
		for i := range s {
			s[i] = int64(i*7919) % span
		}
		enc := AppendInts(nil, s)
		b.Run(fmt.Sprintf("width%d", width(uint64(span))), func(b *testing.B) {
			b.SetBytes(int64(8 * len(s)))
			for b.Loop() {
				p, _, _ := OpenInts(enc)
				p.Next(s)
			}
		})
	}
}
