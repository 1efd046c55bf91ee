package events

import (
	"testing"

	"github.com/segc/segc/runtime/eval"
)

// BenchmarkKeptStamps is a cold keep scan's trigger list on the 1M demo's
// scale: 400k matching events of 200k entities among 1M, added in scan
// order in batches of 64k rows, then settled, handed out and encoded
// into the saved state, as a first run with lifecycle.seg does.
func BenchmarkKeptStamps(b *testing.B) {
	const entities, events, chunk = 1_000_000, 400_000, 1 << 16
	ents := make([]int32, events)
	bt := &batch{time: make([]int64, events), rowid: make([]int64, events)}
	for j := range ents {
		ents[j] = int32(uint32(j*7919) % 200_000 * 5)
		bt.time[j], bt.rowid[j] = int64(1_780_000_000+j*3), int64(j+1)
	}
	rows := allRows(events)
	b.ReportAllocs()
	for range b.N {
		a := &listAgg{window: 16 * 86400}
		for lo := 0; lo < events; lo += chunk {
			hi := min(lo+chunk, events)
			a.add(ents[lo:hi], eval.Vec{}, bt, rows[lo:hi])
		}
		a.result(entities)
		if s := a.stamps(entities); s.Len() != entities {
			b.Fatal(s.Len())
		}
		a.encode(&enc{})
	}
}
