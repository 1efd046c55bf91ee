package events

import "math"

// merger folds batches into the aggregators, in chunk order.
type merger struct {
	req  Request
	aggs []aggregator
	rows int64
	ents []int32
	// next and skip: see Resumption.
	next []int64
	skip []bool
	n    int // population size (keep scans)
	// tails record the rows of tailed aggregates (keep scans).
	tails []*tail
}

// reserve sizes fresh aggregators for a fixed population (resumed ones
// already hold their state, and a discovery population is unknown).
func (m *merger) reserve() {
	if m.req.Resume != nil || m.req.Keys.discover {
		return
	}
	for _, a := range m.aggs {
		if r, ok := a.(reserver); ok {
			r.reserve(m.req.Keys.Len())
		}
	}
}

// merge applies one batch. In discovery mode it first assigns entity
// indexes to the keys of the rows that pass the log filter, in scan order.
func (m *merger) merge(b *batch) {
	m.rows += int64(b.n)
	if m.req.Keys.discover {
		m.assign(b)
	}
	if m.skip != nil {
		m.dropSkipped(b)
	}
	for i, a := range m.aggs {
		rows := b.rows[i]
		m.ents = m.ents[:0]
		for _, r := range rows {
			m.ents = append(m.ents, b.ent[r])
		}
		a.add(m.ents, b.vals[i], b, rows)
		if i < len(m.tails) && m.tails[i] != nil {
			m.tails[i].appendRows(b, rows, b.vals[i])
		}
	}
	m.mergeNext(b)
}

// dropSkipped removes the skipped entities' rows from every aggregate's
// matching rows and values.
func (m *merger) dropSkipped(b *batch) {
	for i, rows := range b.rows {
		keep := make([]int32, 0, len(rows))
		var pos []int32
		for j, r := range rows {
			if !m.skipped(b.ent[r]) {
				keep = append(keep, r)
				pos = append(pos, int32(j))
			}
		}
		if len(keep) == len(rows) {
			continue
		}
		b.rows[i] = keep
		if b.vals[i].N > 0 || b.vals[i].Kind != 0 {
			b.vals[i] = b.vals[i].Gather(pos)
		}
	}
}

// assign gives every kept row's key an entity index.
func (m *merger) assign(b *batch) {
	b.ent = make([]int32, b.n)
	for _, r := range b.keep {
		if b.ikey != nil {
			b.ent[r] = m.req.Keys.assignInt(b.ikey[r])
		} else {
			b.ent[r] = m.req.Keys.assignStr(b.skey[r])
		}
	}
}

// allRows returns 0..n-1.
func allRows(n int) []int32 {
	rows := make([]int32, n)
	for i := range rows {
		rows[i] = int32(i)
	}
	return rows
}

// trueRows keeps the rows whose mask is true.
func trueRows(mask []bool, rows []int32) []int32 {
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if mask[r] {
			out = append(out, r)
		}
	}
	return out
}

// inWindow keeps the rows whose time is in (asOf - window, asOf - until];
// every row is already at or before as-of, window 0 is unbounded below
// and until 0 ends the window at as-of.
func inWindow(rows []int32, times []int64, window, until, asOf int64) []int32 {
	if window <= 0 && until <= 0 {
		return rows
	}
	lo, hi := int64(math.MinInt64), asOf-until
	if window > 0 {
		lo = asOf - window
	}
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if t := times[r]; t > lo && t <= hi {
			out = append(out, r)
		}
	}
	return out
}
