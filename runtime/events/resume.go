package events

import (
	"fmt"
	"math"

	"github.com/segc/segc/runtime/load"
)

// Resumption are the Request fields of incremental scans.
type Resumption struct {
	// Keep returns the aggregates' State in the Result, computes its Next
	// and reads the events after as-of too (only their key and time
	// matter). Not for discovery scans.
	Keep bool
	// Resume, when set, is the state the scan adds to (then owned by the
	// scan); it must come from a Keep scan of the same aggregates.
	Resume *State
	// Reset clears these entities' resumed state first; Skip leaves out
	// these entities' rows (both by entity index).
	Reset []int32
	Skip  []bool
	// RowidLo and RowidHi, when RowidHi > 0, limit the scan to rowids in
	// (RowidLo, RowidHi].
	RowidLo, RowidHi int64
	// InKeys, when set, limits the scan to these entity keys (with
	// RowidHi as the upper rowid bound), read with `key IN (...)` in
	// batches, each in rowid order. Every key of an entity must be in
	// one batch: give each key once.
	InKeys []any
}

// keyBatch is the number of keys per `IN (...)` query.
const keyBatch = 512

// checkRowids rejects rowid-bounded requests on tables without rowids.
func (r *Request) checkRowids(hasRowid bool) error {
	if (r.RowidHi > 0 || r.InKeys != nil) && !hasRowid {
		return fmt.Errorf("an incremental scan needs a table with rowids")
	}
	if r.InKeys != nil && r.RowidHi <= 0 {
		return fmt.Errorf("a key-restricted scan needs an upper rowid bound")
	}
	return nil
}

// chunks returns the scan's units: rowid ranges, or for a key-restricted
// scan {start, end} ranges of InKeys.
func (sp *scanPlan) chunks(lo, hi int64, hasRowid bool, req Request) [][2]int64 {
	if sp.inKeys != nil {
		sp.rowidHi = req.RowidHi
		var out [][2]int64
		for s := 0; s < len(sp.inKeys); s += keyBatch {
			out = append(out, [2]int64{int64(s), int64(min(s+keyBatch, len(sp.inKeys)))})
		}
		return out
	}
	if hasRowid && lo > hi {
		return nil
	}
	return load.ChunkRanges(lo, hi, hasRowid, req.Chunk)
}

// chunkArgs are one chunk's query arguments: the rowid range, or the
// batch's keys (padded by repeating the last) and the rowid bound.
func (sp *scanPlan) chunkArgs(r [2]int64) []any {
	switch {
	case sp.inKeys != nil:
		args := make([]any, 0, keyBatch+1+len(sp.args))
		args = append(args, sp.inKeys[r[0]:r[1]]...)
		for len(args) < keyBatch {
			args = append(args, sp.inKeys[r[1]-1])
		}
		args = append(args, sp.rowidHi)
		return append(args, sp.args...)
	case sp.rowid:
		return append([]any{r[0], r[1]}, sp.args...)
	}
	return sp.args
}

// newMerger starts from the resumed state (reset as asked) or empty
// aggregators.
func newMerger(req Request) *merger {
	m := &merger{req: req, skip: req.Skip}
	if req.Keep {
		m.n = req.Keys.Len()
	}
	if req.Resume != nil {
		req.Resume.reset(req.Reset)
		req.Resume.expire(req.AsOf)
		m.aggs, m.next, m.tails = req.Resume.aggs, req.Resume.Next, req.Resume.tails
		return m
	}
	for _, a := range req.Aggs {
		if req.Keep {
			m.aggs = append(m.aggs, keptAggregator(a))
		} else {
			m.aggs = append(m.aggs, newAggregator(a))
		}
		var t *tail
		if req.Keep && tailed(a) {
			t = newTail(a)
		}
		m.tails = append(m.tails, t)
	}
	return m
}

// growFill extends s to n, filling new elements with fill.
func growFill(s []int64, n int, fill int64) []int64 {
	old := len(s)
	s = grow(s, n)
	for i := old; i < len(s); i++ {
		s[i] = fill
	}
	return s
}

// noteNext lowers each row's next by the instant at which it enters the
// aggregate's window (a row in (as_of - until, as_of]) or leaves it (a
// row in the window).
func (b *batch) noteNext(rows []int32, window, until, asOf int64) {
	if b.next == nil {
		b.next = growFill(nil, b.n, math.MaxInt64)
	}
	for _, r := range rows {
		t, at := b.time[r], int64(math.MaxInt64)
		switch {
		case until > 0 && t > asOf-until:
			at = t + until
		case window > 0 && t > asOf-window && t <= asOf-until:
			at = t + window
		}
		b.next[r] = min(b.next[r], at)
	}
}

// mergeNext folds a batch's next candidates and future rows into m.next.
func (m *merger) mergeNext(b *batch) {
	if !m.req.Keep {
		return
	}
	if r := m.req.Resume; r != nil {
		for _, e := range b.ent[:min(b.n, len(b.ent))] {
			r.touchOne(e)
		}
		r.touch(b.futEnt)
	}
	m.next = growFill(m.next, m.n, math.MaxInt64)
	for r, at := range b.next {
		if e := b.ent[r]; at < m.next[e] && !m.skipped(e) {
			m.next[e] = at
		}
	}
	for i, e := range b.futEnt {
		if at := b.futAt[i]; at < m.next[e] && !m.skipped(e) {
			m.next[e] = at
		}
	}
}

// skipped reports whether entity e's rows are left out.
func (m *merger) skipped(e int32) bool { return int(e) < len(m.skip) && m.skip[e] }
